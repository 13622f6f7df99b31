//! The sharing panel of a client (A13): who has access and why, with the
//! requester's view for whoever has none (A13, A17, A18); adding shares with
//! a picker that works without JavaScript (A4), removing them (A19), the
//! history with "no longer has access" and re-grant (C5), the daily digest
//! box (A24), ownership transfer (A19) and "why" (X1).
//!
//! Every permission is the App's: the page only offers what the panel says
//! the viewer may do, and shows the App's refusals.

mod why;

use std::collections::{HashMap, HashSet};

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use casegate_app::{Actor, App, AppError, HistoryRow, PanelView};
use casegate_core::{ClientId, GroupId, How, Subject, Timestamp, User, UserId};
use serde::Deserialize;

use super::pages::{Viewer, failure, message_page, signed_post, viewer};
use super::{Tr, html};

/// How many candidates of each kind the picker shows.
const CANDIDATES: usize = 20;

/// The sharing pages' routes.
pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/clients/{id}/sharing", get(panel))
        .route("/clients/{id}/sharing/add", post(add))
        .route("/clients/{id}/sharing/remove", post(remove))
        .route("/clients/{id}/sharing/digest", post(digest))
        .route("/clients/{id}/sharing/owner", post(owner))
}

/// A moment: machine-readable and as the viewer's language writes it.
struct When {
    iso: String,
    text: String,
}

impl When {
    fn new(t: &Tr, at: &Timestamp) -> Self {
        When {
            iso: at.to_rfc3339(),
            text: t.datetime(at),
        }
    }
}

/// One line of the panel.
struct Line {
    kind: String,
    name: String,
    owner: bool,
    company: bool,
    granted_by: Option<String>,
    granted_at: Option<When>,
    /// Group members' names (with access only).
    members: Option<Vec<String>>,
    /// The subject to post to remove it, when the viewer may.
    remove: Option<String>,
}

/// One row of the history (C5).
struct Past {
    kind: String,
    name: String,
    granted_by: Option<String>,
    granted_at: When,
    granted_how: String,
    revoked_by: Option<String>,
    revoked_at: Option<When>,
    revoked_how: Option<String>,
}

/// A subject that had access and has none now (C5).
struct Gone {
    kind: String,
    name: String,
    revoked_by: Option<String>,
    revoked_at: Option<When>,
    /// The subject to post to give access again, when the viewer may.
    regrant: Option<String>,
}

/// A match of the picker.
struct Candidate {
    kind: String,
    name: String,
    detail: String,
    subject: String,
}

/// A person offered in a select.
struct Choice {
    id: String,
    name: String,
    selected: bool,
}

/// The "why" section (X1).
pub(crate) struct WhyView {
    heading: String,
    allowed: bool,
    reasons: Vec<String>,
    ask: Option<String>,
}

#[derive(Template)]
#[template(path = "sharing.html")]
struct SharingPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    id: String,
    client_name: Option<String>,
    has_access: bool,
    can_share: bool,
    can_request: bool,
    owner_name: String,
    done: Option<String>,
    lines: Vec<Line>,
    digest_enabled: bool,
    history: Vec<Past>,
    gone: Vec<Gone>,
    /// `Some` once a search was made (maybe empty): the typed text.
    find: Option<String>,
    candidates: Vec<Candidate>,
    can_transfer: bool,
    transfer_to: Vec<Choice>,
    why_choices: Vec<Choice>,
    /// Whether the viewer may ask about themself only.
    why_self: bool,
    why: Option<WhyView>,
}

/// `?done=`, `?find=` and `?why=` of the panel.
#[derive(Deserialize)]
pub(crate) struct PanelQuery {
    done: Option<String>,
    find: Option<String>,
    why: Option<String>,
}

/// The translated kind of a subject; empty for the whole company, whose
/// name already says it.
fn kind(t: &Tr, subject: Subject) -> String {
    match subject {
        Subject::User(_) => t.get("sharing-kind-user"),
        Subject::Group(_) => t.get("sharing-kind-group"),
        Subject::Company => String::new(),
    }
}

/// The form value naming a subject: `user:<id>`, `group:<id>`, `company`.
fn subject_value(subject: Subject) -> String {
    match subject {
        Subject::User(u) => format!("user:{u}"),
        Subject::Group(g) => format!("group:{g}"),
        Subject::Company => "company".to_owned(),
    }
}

/// Parses [`subject_value`]'s output.
fn parse_subject(value: &str) -> Option<Subject> {
    if value == "company" {
        return Some(Subject::Company);
    }
    let (kind, id) = value.split_once(':')?;
    match kind {
        "user" => id.parse::<UserId>().ok().map(Subject::User),
        "group" => id.parse::<GroupId>().ok().map(Subject::Group),
        _ => None,
    }
}

/// The display name of a whole-company line: "Whole company (Acme)".
fn company_label(t: &Tr, company: &str) -> String {
    if company.is_empty() {
        t.get("sharing-whole-company")
    } else {
        t.arg("sharing-whole-company-named", "company", company)
    }
}

/// How a share began or ended, in words.
fn how(t: &Tr, how: How) -> String {
    t.get(match how {
        How::Manual => "sharing-how-manual",
        How::Request => "sharing-how-request",
        How::SettingEnabled => "sharing-how-setting",
        How::ClientCreated => "sharing-how-created",
        How::GroupDeleted => "sharing-how-group-deleted",
        How::ClientDeleted => "sharing-how-client-deleted",
        How::Expired => "sharing-how-expired",
        How::Handover => "sharing-how-handover",
    })
}

/// The done notice of `?done=`.
fn done_notice(t: &Tr, done: Option<&str>) -> Option<String> {
    let key = match done? {
        "added" => "sharing-done-added",
        "removed" => "sharing-done-removed",
        "digest" => "sharing-done-digest",
        "owner" => "sharing-done-owner",
        "regranted" => "sharing-done-regranted",
        _ => return None,
    };
    Some(t.get(key))
}

/// The 404 page of a malformed client id.
fn not_found(t: &Tr) -> Response {
    message_page(t, StatusCode::NOT_FOUND, "notfound-title", "notfound-body")
}

/// Every staff member of the company, by name.
async fn all_users(app: &App, actor: &Actor) -> Result<Vec<User>, AppError> {
    let mut out = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = app.users(actor, after.as_deref(), 500).await?;
        out.extend(page.items);
        match page.next {
            Some(next) => after = Some(next.encode()),
            None => return Ok(out),
        }
    }
}

/// `GET /clients/{id}/sharing`: the panel (A13).
pub(crate) async fn panel(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<PanelQuery>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    let Ok(client) = id.parse::<ClientId>() else {
        return not_found(&me.t);
    };
    match build(&app, &me, client, id, query).await {
        Ok(page) => html(StatusCode::OK, page.render()),
        Err(err) => failure(&me.t, &err),
    }
}

/// Gathers everything the panel shows.
async fn build<'a>(
    app: &App,
    me: &'a Viewer,
    client: ClientId,
    id: String,
    query: PanelQuery,
) -> Result<SharingPage<'a>, AppError> {
    let t = &me.t;
    let view: PanelView = app.access_panel(&me.actor, client).await?;
    let admin_like = me.user.role.is_admin_like();
    let owner_id = view
        .entries
        .iter()
        .find(|e| e.owner)
        .and_then(|e| match e.subject.subject {
            Subject::User(u) => Some(u),
            Subject::Group(_) | Subject::Company => None,
        });
    let owner_name = view
        .entries
        .iter()
        .find(|e| e.owner)
        .map(|e| e.subject.name.clone())
        .unwrap_or_default();
    let rows = if view.has_access {
        app.access_history(&me.actor, client).await?
    } else {
        Vec::new()
    };
    // The company's name, for the whole-company lines (A13 says it only
    // with access: from the panel's line or the history's).
    let company_name = view
        .entries
        .iter()
        .map(|e| &e.subject)
        .chain(rows.iter().map(|r| &r.subject))
        .find(|s| s.subject == Subject::Company)
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let open: HashSet<Subject> = view
        .entries
        .iter()
        .filter(|e| !e.owner)
        .map(|e| e.subject.subject)
        .collect();

    let mut lines = Vec::with_capacity(view.entries.len());
    for entry in &view.entries {
        let subject = entry.subject.subject;
        if !view.has_access
            && !entry.owner
            && entry.subject.name == owner_name
            && matches!(subject, Subject::User(_))
        {
            // The owner shared with directly: one line is enough here.
            continue;
        }
        let company = subject == Subject::Company;
        lines.push(Line {
            kind: kind(t, subject),
            name: if company {
                company_label(t, &entry.subject.name)
            } else {
                entry.subject.name.clone()
            },
            owner: entry.owner,
            company,
            granted_by: entry.granted_by.as_ref().map(|n| n.name.clone()),
            granted_at: entry.granted_at.as_ref().map(|at| When::new(t, at)),
            members: entry
                .members
                .as_ref()
                .map(|m| m.iter().map(|u| u.name.clone()).collect()),
            remove: (view.can_share && !entry.owner).then(|| subject_value(subject)),
        });
    }

    // Staff: for names, the picker, the transfer and "why". Any staff member
    // may list them (App::users); a failure here only hides those parts.
    let users = if view.has_access {
        all_users(app, &me.actor).await?
    } else {
        Vec::new()
    };
    let names: HashMap<UserId, String> = users
        .iter()
        .map(|u| (u.id, u.name.clone()))
        .chain(std::iter::once((me.user.id, me.name.clone())))
        .collect();

    let (history, gone) = past(t, &rows, &open, view.can_share, &company_name);

    let find = query.find.map(|f| f.trim().to_owned());
    let mut candidates = Vec::new();
    if let (Some(needle), true) = (&find, view.can_share) {
        candidates = pick(app, me, &users, needle, &open, &company_name).await?;
    }

    let can_transfer = view.has_access && (admin_like || owner_id == Some(me.user.id));
    let transfer_to = if can_transfer {
        users
            .iter()
            .filter(|u| u.active && Some(u.id) != owner_id)
            .map(|u| Choice {
                id: u.id.to_string(),
                name: u.name.clone(),
                selected: false,
            })
            .collect()
    } else {
        Vec::new()
    };

    let asked = query
        .why
        .as_deref()
        .filter(|w| !w.is_empty())
        .map(|w| w.parse::<UserId>().map_err(|_| AppError::NotFound))
        .transpose()?;
    // X1: admin-like roles may ask about anyone, others about themselves.
    let why_choices: Vec<Choice> = if admin_like && view.has_access {
        users
            .iter()
            .map(|u| Choice {
                id: u.id.to_string(),
                name: u.name.clone(),
                selected: asked == Some(u.id),
            })
            .collect()
    } else {
        vec![Choice {
            id: me.user.id.to_string(),
            name: me.name.clone(),
            selected: asked == Some(me.user.id),
        }]
    };
    let why = match asked {
        Some(user) => Some(why::explain(app, me, client, user, &names, &owner_name).await?),
        None => None,
    };

    let client_name = if view.has_access {
        Some(app.client(&me.actor, client).await?.name)
    } else {
        None
    };

    Ok(SharingPage {
        t,
        me: Some(me),
        id,
        client_name,
        has_access: view.has_access,
        can_share: view.can_share,
        can_request: view.can_request,
        owner_name,
        done: done_notice(t, query.done.as_deref()),
        lines,
        digest_enabled: view.digest_enabled,
        history,
        gone,
        find,
        candidates,
        can_transfer,
        transfer_to,
        why_self: !(admin_like && view.has_access),
        why_choices,
        why,
    })
}

/// The history rows and the subjects that no longer have access (C5).
fn past(
    t: &Tr,
    rows: &[HistoryRow],
    open: &HashSet<Subject>,
    can_share: bool,
    company_name: &str,
) -> (Vec<Past>, Vec<Gone>) {
    let name_of = |row: &HistoryRow| {
        if row.subject.subject == Subject::Company {
            company_label(t, company_name)
        } else {
            row.subject.name.clone()
        }
    };
    let history = rows
        .iter()
        .map(|row| Past {
            kind: kind(t, row.subject.subject),
            name: name_of(row),
            granted_by: row.granted_by.as_ref().map(|n| n.name.clone()),
            granted_at: When::new(t, &row.granted_at),
            granted_how: how(t, row.granted_how),
            revoked_by: row.revoked_by.as_ref().map(|n| n.name.clone()),
            revoked_at: row.revoked_at.as_ref().map(|at| When::new(t, at)),
            revoked_how: row.revoked_how.map(|h| how(t, h)),
        })
        .collect();
    // The latest revocation of each subject without an open share now.
    let mut latest: Vec<&HistoryRow> = Vec::new();
    for row in rows.iter().filter(|r| r.revoked_at.is_some()) {
        let subject = row.subject.subject;
        if open.contains(&subject) {
            continue;
        }
        match latest.iter_mut().find(|r| r.subject.subject == subject) {
            Some(seen) => {
                if row.revoked_at > seen.revoked_at {
                    *seen = row;
                }
            }
            None => latest.push(row),
        }
    }
    let gone = latest
        .into_iter()
        .map(|row| Gone {
            kind: kind(t, row.subject.subject),
            name: name_of(row),
            revoked_by: row.revoked_by.as_ref().map(|n| n.name.clone()),
            revoked_at: row.revoked_at.as_ref().map(|at| When::new(t, at)),
            // A deleted group cannot be given access again.
            regrant: (can_share && row.revoked_how != Some(How::GroupDeleted))
                .then(|| subject_value(row.subject.subject)),
        })
        .collect();
    (history, gone)
}

/// The picker's matches: staff by name or email, groups by name, and the
/// whole company, each not already shared.
async fn pick(
    app: &App,
    me: &Viewer,
    users: &[User],
    needle: &str,
    open: &HashSet<Subject>,
    company_name: &str,
) -> Result<Vec<Candidate>, AppError> {
    let t = &me.t;
    let needle = needle.to_lowercase();
    let matches = |text: &str| needle.is_empty() || text.to_lowercase().contains(&needle);
    let mut out: Vec<Candidate> = users
        .iter()
        .filter(|u| u.active && !open.contains(&Subject::User(u.id)))
        .filter(|u| matches(&u.name) || matches(&u.email))
        .take(CANDIDATES)
        .map(|u| Candidate {
            kind: kind(t, Subject::User(u.id)),
            name: u.name.clone(),
            detail: u.email.clone(),
            subject: subject_value(Subject::User(u.id)),
        })
        .collect();
    let groups = app.groups(&me.actor).await?;
    out.extend(
        groups
            .into_iter()
            .filter(|g| !open.contains(&Subject::Group(g.id)) && matches(&g.name))
            .take(CANDIDATES)
            .map(|g| Candidate {
                kind: kind(t, Subject::Group(g.id)),
                detail: t.arg(
                    "sharing-members-count",
                    "count",
                    &t.number(u64::try_from(g.members.len()).unwrap_or(0)),
                ),
                name: g.name,
                subject: subject_value(Subject::Group(g.id)),
            }),
    );
    if !open.contains(&Subject::Company) {
        out.push(Candidate {
            kind: kind(t, Subject::Company),
            name: company_label(t, company_name),
            detail: String::new(),
            subject: subject_value(Subject::Company),
        });
    }
    Ok(out)
}

/// The add, remove and re-grant forms.
#[derive(Deserialize)]
pub(crate) struct SubjectForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    subject: String,
    /// Set by the re-grant buttons of the history.
    #[serde(default)]
    regrant: Option<String>,
}

/// The digest form: the box is absent when unticked.
#[derive(Deserialize)]
pub(crate) struct DigestForm {
    #[serde(default)]
    csrf: String,
    digest: Option<String>,
}

/// The ownership form.
#[derive(Deserialize)]
pub(crate) struct OwnerForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    owner: String,
}

/// Back to the panel with the outcome.
fn back(client: ClientId, done: &str) -> Response {
    Redirect::to(&format!("/clients/{client}/sharing?done={done}")).into_response()
}

/// The 422 page of a form naming nothing valid.
fn invalid(t: &Tr) -> Response {
    message_page(
        t,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid-title",
        "invalid-body",
    )
}

/// `POST /clients/{id}/sharing/add` (A4; C5 re-grant): `App::grant`.
pub(crate) async fn add(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<SubjectForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let Ok(client) = id.parse::<ClientId>() else {
        return not_found(&me.t);
    };
    let Some(subject) = parse_subject(&form.subject) else {
        return invalid(&me.t);
    };
    match app.grant(&me.actor, client, subject).await {
        Ok(_) if form.regrant.is_some() => back(client, "regranted"),
        Ok(_) => back(client, "added"),
        Err(err) => failure(&me.t, &err),
    }
}

/// `POST /clients/{id}/sharing/remove` (A19): `App::revoke`.
pub(crate) async fn remove(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<SubjectForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let Ok(client) = id.parse::<ClientId>() else {
        return not_found(&me.t);
    };
    let Some(subject) = parse_subject(&form.subject) else {
        return invalid(&me.t);
    };
    match app.revoke(&me.actor, client, subject).await {
        Ok(_) => back(client, "removed"),
        Err(err) => failure(&me.t, &err),
    }
}

/// `POST /clients/{id}/sharing/digest` (A24): `App::set_digest`.
pub(crate) async fn digest(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<DigestForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let Ok(client) = id.parse::<ClientId>() else {
        return not_found(&me.t);
    };
    match app
        .set_digest(&me.actor, client, form.digest.is_some())
        .await
    {
        Ok(_) => back(client, "digest"),
        Err(err) => failure(&me.t, &err),
    }
}

/// `POST /clients/{id}/sharing/owner` (A19): `App::transfer_owner`.
pub(crate) async fn owner(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<OwnerForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let Ok(client) = id.parse::<ClientId>() else {
        return not_found(&me.t);
    };
    let Ok(new_owner) = form.owner.parse::<UserId>() else {
        return invalid(&me.t);
    };
    match app.transfer_owner(&me.actor, client, new_owner).await {
        Ok(_) => back(client, "owner"),
        Err(err) => failure(&me.t, &err),
    }
}
