//! The sharing page of a client ("Sharing options", A13), laid out like the
//! sharing dialogs people know: one picker for people, groups and the whole
//! company with "notify by email" (A4), who has access with the "General
//! access" line, "Who can open it" with why, a confirmation with the people
//! who lose access before any removal (A19), the history with "no longer
//! has access" and re-grant (C5, names of what is gone kept), the daily
//! digest box (A24), ownership transfer (A19) and "why" (X1). The
//! requester's view for whoever has no access (A13, A17, A18).
//!
//! Every permission is the App's: the page only offers what the panel says
//! the viewer may do, and shows the App's refusals.

mod picker;
mod remove;
mod who;
mod why;

use std::collections::{HashMap, HashSet};

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use casegate_app::{Actor, App, AppError, HistoryRow, Named, PanelView, Standing};
use casegate_core::{ClientId, GroupId, How, Subject, Timestamp, User, UserId};
use serde::Deserialize;

use super::pages::{Viewer, failure, message_page, signed_post, viewer};
use super::wording::{counted, shown};
use super::{Tr, html};
use picker::Picker;
use who::OpenTable;

/// The picker's narrowing as you type (an enhancement: the page works
/// without it), served as a file of this origin for the CSP.
const SCRIPT: &str = include_str!("../../templates/sharing.js");

/// The sharing pages' routes.
pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/clients/{id}/sharing", get(panel))
        .route("/clients/{id}/sharing/add", post(add))
        .route("/clients/{id}/sharing/candidates", get(picker::candidates))
        .route(
            "/clients/{id}/sharing/remove",
            get(remove::confirm).post(remove::remove),
        )
        .route("/clients/{id}/sharing/digest", post(digest))
        .route("/clients/{id}/sharing/owner", post(owner))
        .route("/static/sharing.js", get(script))
}

/// `GET /static/sharing.js`.
async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, crate::headers::CACHEABLE),
        ],
        SCRIPT,
    )
        .into_response()
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

/// One line of "Who has access": the owner, a person or a group.
struct Line {
    kind: String,
    name: String,
    owner: bool,
    granted_by: Option<String>,
    granted_at: Option<When>,
    /// Group members' names (with access only).
    members: Option<Vec<String>>,
    /// The subject to ask to remove, when the viewer may.
    remove: Option<String>,
}

/// The "General access" line: the whole-company share on or off.
struct General {
    /// "Whole company (Acme)".
    label: String,
    /// Whether the client is shared with the whole company.
    company: bool,
    granted_by: Option<String>,
    granted_at: Option<When>,
    /// What the current choice means.
    meaning: String,
    /// The viewer may switch it (A4).
    can_change: bool,
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
    general: Option<General>,
    /// Notes under "General access": A1 off, X10.
    notes: Vec<String>,
    open: Option<OpenTable>,
    digest_enabled: bool,
    history: Vec<Past>,
    gone: Vec<Gone>,
    picker: Picker,
    can_transfer: bool,
    transfer_to: Vec<Choice>,
    why_choices: Vec<Choice>,
    /// Whether the viewer may ask about themself only.
    why_self: bool,
    why: Option<WhyView>,
}

/// `?done=`, `?notified=`, `?find=`, `?who=` and `?why=` of the panel.
#[derive(Deserialize)]
pub(crate) struct PanelQuery {
    done: Option<String>,
    notified: Option<usize>,
    find: Option<String>,
    /// The cursor of "Who can open it".
    who: Option<String>,
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

/// A person named by the App, marked when deactivated.
fn person(t: &Tr, named: &Named<UserId>) -> String {
    shown(t, &named.name, named.standing)
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
        How::Invitation => "sharing-how-invitation",
        How::EntityRemoved => "sharing-how-entity-removed",
        How::SelfRevoked => "sharing-how-self",
    })
}

/// The done notice of `?done=` (and `?notified=`).
fn done_notice(t: &Tr, done: Option<&str>, notified: Option<usize>) -> Option<String> {
    let key = match done? {
        "added" => "sharing-done-added",
        "removed" => "sharing-done-removed",
        "digest" => "sharing-done-digest",
        "owner" => "sharing-done-owner",
        "regranted" => "sharing-done-regranted",
        _ => return None,
    };
    let mut text = t.get(key);
    if let Some(n) = notified.filter(|n| *n > 0) {
        text.push(' ');
        text.push_str(&counted(t, "sharing-done-notified", n));
    }
    Some(text)
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

/// What the panel knows of the client's shares, for the picker too.
pub(super) struct Known {
    view: PanelView,
    /// Subjects with an open share (the owner is not one).
    open: HashSet<Subject>,
    owner: Option<UserId>,
    owner_name: String,
    /// The company's name (for the whole-company line), with access only.
    company_name: String,
}

/// The panel and what follows from it.
async fn known(app: &App, me: &Viewer, client: ClientId) -> Result<Known, AppError> {
    let view: PanelView = app.access_panel(&me.actor, client).await?;
    let owner_line = view.entries.iter().find(|e| e.owner);
    let owner = owner_line.and_then(|e| match e.subject.subject {
        Subject::User(u) => Some(u),
        Subject::Group(_) | Subject::Company => None,
    });
    let owner_name = owner_line
        .map(|e| e.subject.name.clone())
        .unwrap_or_default();
    let open = view
        .entries
        .iter()
        .filter(|e| !e.owner)
        .map(|e| e.subject.subject)
        .collect();
    // A13 says the company's name only with access.
    let company_name = if view.has_access {
        app.company(&me.actor).await?.name
    } else {
        String::new()
    };
    Ok(Known {
        view,
        open,
        owner,
        owner_name,
        company_name,
    })
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
    let known = known(app, me, client).await?;
    let view = &known.view;
    let admin_like = me.user.role.is_admin_like();
    let rows = if view.has_access {
        app.access_history(&me.actor, client).await?
    } else {
        Vec::new()
    };

    let mut lines = Vec::with_capacity(view.entries.len());
    let mut company_line = None;
    for entry in &view.entries {
        let subject = entry.subject.subject;
        if subject == Subject::Company {
            // With access, the "General access" line says it.
            company_line = Some(entry);
            if view.has_access {
                continue;
            }
        }
        if !view.has_access
            && !entry.owner
            && entry.subject.name == known.owner_name
            && matches!(subject, Subject::User(_))
        {
            // The owner shared with directly: one line is enough here.
            continue;
        }
        lines.push(Line {
            kind: kind(t, subject),
            name: if subject == Subject::Company {
                company_label(t, &entry.subject.name)
            } else {
                shown(t, &entry.subject.name, entry.subject.standing)
            },
            owner: entry.owner,
            granted_by: entry.granted_by.as_ref().map(|n| person(t, n)),
            granted_at: entry.granted_at.as_ref().map(|at| When::new(t, at)),
            members: entry.members.as_ref().map(|m| {
                m.iter()
                    .map(|u| {
                        let standing = if u.active {
                            Standing::Current
                        } else {
                            Standing::Deactivated
                        };
                        shown(t, &u.name, standing)
                    })
                    .collect()
            }),
            remove: (view.can_share && !entry.owner).then(|| subject_value(subject)),
        });
    }

    let (client_name, restricted, managed) = if view.has_access {
        let record = app.client(&me.actor, client).await?;
        let settings = app.settings(&me.actor).await?;
        (
            Some(record.name),
            record.restricted,
            settings.client_access_enabled,
        )
    } else {
        (None, false, true)
    };
    let general = view.has_access.then(|| {
        let label = company_label(t, &known.company_name);
        General {
            company: company_line.is_some(),
            granted_by: company_line
                .and_then(|e| e.granted_by.as_ref())
                .map(|n| person(t, n)),
            granted_at: company_line
                .and_then(|e| e.granted_at.as_ref())
                .map(|at| When::new(t, at)),
            meaning: if company_line.is_some() {
                t.arg(
                    "sharing-general-company-help",
                    "company",
                    &known.company_name,
                )
            } else {
                t.get("sharing-general-restricted-help")
            },
            label,
            can_change: view.can_share,
        }
    });
    let mut notes = Vec::new();
    if view.has_access && !managed {
        notes.push(t.get("sharing-general-off"));
    }
    if restricted {
        notes.push(t.get("sharing-general-walled"));
    }

    // Staff: for names, the picker, the transfer and "why".
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

    let (history, gone) = past(t, &rows, &known.open, view.can_share, &known.company_name);

    let find = query.find.map(|f| f.trim().to_owned());
    let picker = if view.can_share {
        picker::pick(app, me, &users, find, &known).await?
    } else {
        Picker::default()
    };

    let open = if view.has_access {
        Some(who::table(app, me, client, query.who.as_deref()).await?)
    } else {
        None
    };

    let can_transfer = view.has_access && (admin_like || known.owner == Some(me.user.id));
    let transfer_to = if can_transfer {
        users
            .iter()
            .filter(|u| u.active && Some(u.id) != known.owner)
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
        Some(user) => Some(why::explain(app, me, client, user, &names, &known.owner_name).await?),
        None => None,
    };

    Ok(SharingPage {
        t,
        me: Some(me),
        id,
        client_name,
        has_access: view.has_access,
        can_share: view.can_share,
        can_request: view.can_request,
        owner_name: known.owner_name.clone(),
        done: done_notice(t, query.done.as_deref(), query.notified),
        lines,
        general,
        notes,
        open,
        digest_enabled: view.digest_enabled,
        history,
        gone,
        picker,
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
            shown(t, &row.subject.name, row.subject.standing)
        }
    };
    let history = rows
        .iter()
        .map(|row| Past {
            kind: kind(t, row.subject.subject),
            name: name_of(row),
            granted_by: row.granted_by.as_ref().map(|n| person(t, n)),
            granted_at: When::new(t, &row.granted_at),
            granted_how: how(t, row.granted_how),
            revoked_by: row.revoked_by.as_ref().map(|n| person(t, n)),
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
            revoked_by: row.revoked_by.as_ref().map(|n| person(t, n)),
            revoked_at: row.revoked_at.as_ref().map(|at| When::new(t, at)),
            // Nobody gives access again to a deleted group or a deactivated
            // person.
            regrant: (can_share && row.subject.standing == Standing::Current)
                .then(|| subject_value(row.subject.subject)),
        })
        .collect();
    (history, gone)
}

/// The add and re-grant forms.
#[derive(Deserialize)]
pub(crate) struct AddForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    subject: String,
    /// "Notify by email": absent when unticked.
    notify: Option<String>,
    #[serde(default)]
    message: String,
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
fn invalid(t: &Tr, body: &str) -> Response {
    message_page(t, StatusCode::UNPROCESSABLE_ENTITY, "invalid-title", body)
}

/// `POST /clients/{id}/sharing/add` (A4; C5 re-grant): `App::grant`, with
/// "notify by email" for a person or a group (a whole-company share emails
/// nobody, so the box does not apply to it, and a message is refused).
pub(crate) async fn add(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<AddForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let Ok(client) = id.parse::<ClientId>() else {
        return not_found(&me.t);
    };
    let Some(subject) = parse_subject(&form.subject) else {
        return invalid(&me.t, "sharing-choose-someone");
    };
    let personal = subject != Subject::Company;
    let notify = form.notify.is_some() && personal && form.regrant.is_none();
    let message = Some(form.message.trim().to_owned()).filter(|m| !m.is_empty());
    match (&message, personal) {
        (Some(_), false) => return invalid(&me.t, "sharing-message-company"),
        (Some(_), true) if !notify => return invalid(&me.t, "sharing-message-needs-notify"),
        _ => {}
    }
    match app.grant(&me.actor, client, subject, notify, message).await {
        Ok(_) if form.regrant.is_some() => back(client, "regranted"),
        Ok(written) if written.value.notified > 0 => Redirect::to(&format!(
            "/clients/{client}/sharing?done=added&notified={}",
            written.value.notified
        ))
        .into_response(),
        Ok(_) => back(client, "added"),
        Err(AppError::Validation(fields)) if fields.contains_key("message") => {
            invalid(&me.t, "sharing-message-too-long")
        }
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
        return invalid(&me.t, "invalid-body");
    };
    match app.transfer_owner(&me.actor, client, new_owner).await {
        Ok(_) => back(client, "owner"),
        Err(err) => failure(&me.t, &err),
    }
}

#[cfg(test)]
mod tests {
    use casegate_core::Language;

    use super::*;

    /// The keys of a catalogue, in order of appearance.
    fn keys(ftl: &str) -> Vec<&str> {
        ftl.lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with(' '))
            .filter_map(|l| l.split_once(" = ").map(|(k, _)| k))
            .collect()
    }

    /// The sharing and names catalogues have the same keys in English,
    /// French and Danish.
    #[test]
    fn every_sharing_key_is_in_every_language() {
        for (en, fr, da) in [
            (
                include_str!("../../locales/en/sharing.ftl"),
                include_str!("../../locales/fr/sharing.ftl"),
                include_str!("../../locales/da/sharing.ftl"),
            ),
            (
                include_str!("../../locales/en/names.ftl"),
                include_str!("../../locales/fr/names.ftl"),
                include_str!("../../locales/da/names.ftl"),
            ),
        ] {
            assert_eq!(keys(en), keys(fr));
            assert_eq!(keys(en), keys(da));
        }
    }

    /// The counted sentences exist in both forms, with their count.
    #[test]
    fn counted_sentences_carry_their_count() {
        for lang in [Language::En, Language::Fr, Language::Da] {
            let t = Tr::new(lang);
            for base in [
                "sharing-done-notified",
                "sharing-remove-lose",
                "sharing-remove-more",
            ] {
                for n in [1, 7] {
                    let text = counted(&t, base, n);
                    assert!(text.contains(&n.to_string()), "{lang:?} {base}: {text}");
                }
            }
        }
    }

    /// The French catalogue calls the client's owner "propriétaire", never
    /// "responsable" (which names the manager role in the roles seed).
    #[test]
    fn the_french_owner_is_the_proprietaire() {
        let fr = include_str!("../../locales/fr/sharing.ftl").to_lowercase();
        assert!(!fr.contains("responsab"), "{fr}");
        assert!(fr.contains("propriétaire"));
    }

    #[test]
    fn subjects_round_trip_through_the_form() {
        for subject in [
            Subject::Company,
            Subject::User(UserId::from_u128(7)),
            Subject::Group(GroupId::from_u128(9)),
        ] {
            assert_eq!(parse_subject(&subject_value(subject)), Some(subject));
        }
        assert_eq!(parse_subject("user:nope"), None);
        assert_eq!(parse_subject("robot:1"), None);
    }
}
