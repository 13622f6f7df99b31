//! The client page: the fields (masked per B8), its activities by kind
//! (B4–B7, acting as the member worked as for B11), documents (B6, B7),
//! packages (B8), the edit form (tags per B9), restriction (X10) and
//! deletion for those the App lets, and the access log (X9, grouped and in
//! words); for a locked client the requester's view (A13) with "Request
//! access", the viewer's pending request with "Cancel" (A16), or the A17
//! notice. Every section is shown only when the App answers it for this
//! viewer; every refusal is the App's.

mod access_log;
pub(crate) mod documents;
mod forms;
mod manage;

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use casegate_app::{Acting, Actor, App, AppError, mask};
use casegate_core::deal::Party;
use casegate_core::permissions::{capabilities_of, may_write_activity, work_as_identity};
use casegate_core::{
    ActivityKind, Client, ClientId, DocumentVisibility, Subject, Timestamp, User, UserId,
};
use serde::Deserialize;

use super::clients::Trail;
use super::pages::{TokenForm, Viewer, failure, message_page, signed_post, viewer};
use super::wording::shown;
use super::{Tr, html};

/// How many activities one page of the client page shows.
const ACTIVITY_PAGE: usize = 50;
/// How many lines of the access log (X9) a page shows, a run of openings
/// counting as one.
const LOG_LINES: usize = 20;
/// Entries read from the App per round while filling a page of the log.
const LOG_FETCH: usize = 200;
/// Most rounds per page: past them a long run may be cut in two.
const LOG_ROUNDS: usize = 5;

/// One name on the requester's view.
struct Person {
    name: String,
    kind: &'static str,
    owner: bool,
}

/// A tab of the activity list: all kinds, or one.
struct Tab {
    href: String,
    label: String,
    current: bool,
}

/// One activity as the page shows it.
struct ActivityRow {
    kind: String,
    summary: String,
    assignee: String,
    starts_at: Option<Timestamp>,
    amount: Option<String>,
    created_at: Timestamp,
    /// The identity it was recorded as.
    created_by: String,
    /// B11: the contributor behind a "work as" write.
    created_by_real: Option<String>,
}

/// An option of a select: value, label, selected.
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// One document of the list.
struct DocumentRow {
    id: String,
    name: String,
    size: String,
    visibility: String,
    uploaded_by: String,
    created_at: Timestamp,
}

/// One package of the list.
struct PackageRow {
    name: String,
    price: Option<String>,
    created_at: Timestamp,
}

/// One line of the access log (X9): one entry, or a run of openings.
struct ViewRow {
    /// "Petra Primary opened it 12 times between 05:56 and 05:57".
    sentence: String,
    /// B11: the contributor behind a "work as" view.
    real: Option<String>,
    /// The ways in, in words.
    through: String,
    /// The latest moment of the line.
    at: Timestamp,
}

/// The viewer's own pending request on the locked page (A14, A16).
struct Pending {
    id: String,
    status: String,
    at: Timestamp,
    message: Option<String>,
}

#[derive(Template)]
#[template(path = "client.html")]
struct ClientPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    id: String,
    client: Option<Client>,
    /// B8: the email and phone hidden from this viewer.
    hide_email: bool,
    hide_phone: bool,
    people: Vec<Person>,
    can_request: bool,
    owner: String,
    requested: bool,
    /// `?done=`: the status line after a form.
    done: Option<String>,
    /// `?error=`: the alert after a refused form.
    error: Option<String>,
    /// B11: the member the activities are shown and recorded as.
    acting_as: Option<String>,
    tabs: Vec<Tab>,
    /// `None`: the App refused the activities (e.g. the member worked as
    /// cannot open this client).
    activities: Option<Vec<ActivityRow>>,
    next_activities: Option<String>,
    /// The kinds the acting identity may record; empty: no form.
    new_kinds: Vec<Choice>,
    /// B5: the payment fields of the activity form.
    can_pay: bool,
    /// Whom an activity may be assigned to; fewer than two: no select.
    assignees: Vec<Choice>,
    /// `None`: documents off for this viewer (B6).
    documents: Option<Vec<DocumentRow>>,
    /// `None`: packages off for this viewer (B8).
    packages: Option<Vec<PackageRow>>,
    /// B9: the tags field of the edit form.
    can_edit_tags: bool,
    /// B11: the "Work as" link, for contributors.
    can_work_as: bool,
    /// `None`: not the owner nor admin-like (X9).
    views: Option<Vec<ViewRow>>,
    /// The access log's older and newer pages.
    views_next: Option<String>,
    views_previous: Option<String>,
    /// Its owner and admin-like roles: the "Delete client" link.
    may_delete: bool,
    /// X10: admin-like roles: the restriction form.
    may_restrict: bool,
    /// A14, A16: the viewer's pending request for this locked client.
    pending: Option<Pending>,
    /// The activity form's values (a refused form's, or the defaults).
    a_summary: String,
    a_starts_at: String,
    a_amount: String,
    a_currency: String,
    /// The package form's values.
    p_name: String,
    p_price: String,
    /// The edit form's values, open after a refusal.
    e_name: String,
    e_email: String,
    e_phone: String,
    e_tags: String,
    e_marketing: bool,
    e_loyalty: String,
    e_notes: String,
    edit_open: bool,
    /// The client's profile fields (marketing opt-in, loyalty card, notes).
    profile: casegate_core::ClientProfile,
    /// B9: the marketing opt-in checkbox of the edit form.
    can_edit_marketing: bool,
}

impl ClientPage<'_> {
    /// A refused form's values and alert.
    fn apply(&mut self, draft: Draft) {
        self.done = None;
        self.error = Some(self.t.get(draft.error));
        if let Some(a) = draft.activity {
            for k in &mut self.new_kinds {
                k.selected = k.value == a.kind;
            }
            if !a.assignee.is_empty() {
                for u in &mut self.assignees {
                    u.selected = u.value == a.assignee;
                }
            }
            self.a_summary = a.summary;
            self.a_starts_at = a.starts_at;
            self.a_amount = a.amount;
            self.a_currency = a.currency;
        }
        if let Some((name, price)) = draft.package {
            self.p_name = name;
            self.p_price = price;
        }
        if let Some(e) = draft.edit {
            self.edit_open = true;
            if let Some(v) = e.name {
                self.e_name = v;
            }
            if let Some(v) = e.email {
                self.e_email = v;
            }
            if let Some(v) = e.phone {
                self.e_phone = v;
            }
            if let Some(v) = e.tags {
                self.e_tags = v;
            }
            if let Some(v) = e.marketing_opt_in {
                self.e_marketing = v;
            }
            if let Some(v) = e.loyalty_card {
                self.e_loyalty = v;
            }
            if let Some(v) = e.notes {
                self.e_notes = v;
            }
        }
    }
}

/// The client page's query: `?kind=`, `?cursor=`, the access log's trail
/// (`log`, `logback`) and the outcome flags.
#[derive(Default, Deserialize)]
pub(crate) struct ClientQuery {
    requested: Option<String>,
    kind: Option<String>,
    cursor: Option<String>,
    log: Option<String>,
    logback: Option<String>,
    done: Option<String>,
    error: Option<String>,
}

/// The status line of `?done=`; only known flags are shown.
fn done_key(flag: &str) -> Option<&'static str> {
    match flag {
        "activity" => Some("client-done-activity"),
        "document" => Some("client-done-document"),
        "package" => Some("client-done-package"),
        "edit" => Some("client-done-edit"),
        "created" => Some("client-done-created"),
        "restricted" => Some("client-done-restricted"),
        "unrestricted" => Some("client-done-unrestricted"),
        "cancelled" => Some("client-done-cancelled"),
        _ => None,
    }
}

/// The alert of `?error=`; only known flags are shown.
fn error_key(flag: &str) -> Option<&'static str> {
    match flag {
        "activity" => Some("client-error-activity"),
        "document" => Some("client-error-document"),
        "too-large" => Some("client-error-too-large"),
        "package" => Some("client-error-package"),
        "edit" => Some("client-error-edit"),
        _ => None,
    }
}

/// The Fluent key naming an activity kind.
fn kind_key(kind: ActivityKind) -> &'static str {
    match kind {
        ActivityKind::Conversation => "client-kind-conversation",
        ActivityKind::Appointment => "client-kind-appointment",
        ActivityKind::Payment => "client-kind-payment",
        ActivityKind::Document => "client-kind-document",
    }
}

/// The Fluent key naming a document visibility (B6, B7).
fn visibility_key(v: DocumentVisibility) -> &'static str {
    match v {
        DocumentVisibility::Shared => "client-visibility-shared",
        DocumentVisibility::Internal => "client-visibility-internal",
        DocumentVisibility::Personal => "client-visibility-personal",
    }
}

/// An amount in cents as this language writes it: "1,234.50".
fn money(t: &Tr, cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let decimal = if t.code() == "en" { "." } else { "," };
    format!("{sign}{}{decimal}{:02}", t.number(abs / 100), abs % 100)
}

/// A size in bytes, rounded for reading: "512 B", "12 KB", "3.4 MB".
pub(crate) fn size(t: &Tr, bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    let decimal = if t.code() == "en" { "." } else { "," };
    if bytes < KB {
        format!("{} B", t.number(bytes))
    } else if bytes < MB {
        format!("{} KB", t.number(bytes.div_ceil(KB)))
    } else {
        let tenths = (bytes.saturating_mul(10)).div_ceil(MB);
        format!("{}{decimal}{} MB", t.number(tenths / 10), tenths % 10)
    }
}

/// The identity activities are decided with (B11): the member worked as,
/// with the meet of both members' toggles, or the viewer.
async fn acting_identity(app: &App, me: &Viewer) -> User {
    if let Some((id, _)) = &me.work_as
        && let Ok(target) = app.user(&me.actor, *id).await
        && let Some(identity) = work_as_identity(&me.user, &target)
    {
        return identity;
    }
    me.user.clone()
}

/// The `Acting` of the viewer's activity requests (B11).
pub(crate) fn acting(me: &Viewer) -> Acting {
    Acting {
        actor: me.actor.clone(),
        work_as: me.work_as.as_ref().map(|(id, _)| *id),
    }
}

/// The company's staff, by id: every member's name and the active ones.
pub(crate) async fn staff(app: &App, actor: &Actor) -> Result<Vec<User>, AppError> {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = app.users(actor, cursor.as_deref(), 500).await?;
        all.extend(page.items);
        match page.next {
            Some(next) => cursor = Some(next.encode()),
            None => break,
        }
    }
    Ok(all)
}

/// A member's name, or a placeholder for an id not in the company.
fn name_of(names: &HashMap<UserId, String>, id: UserId) -> String {
    names.get(&id).cloned().unwrap_or_else(|| "—".to_owned())
}

/// `GET /clients/{id}`: the client file, or for a locked client the
/// requester's view.
pub(crate) async fn client(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<ClientQuery>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    let Ok(client_id) = id.parse::<ClientId>() else {
        return message_page(
            &me.t,
            StatusCode::NOT_FOUND,
            "notfound-title",
            "notfound-body",
        );
    };
    render(&app, &me, client_id, &query, None).await
}

/// What was typed in a refused form, shown again with its alert (422).
#[derive(Default)]
pub(crate) struct Draft {
    /// The alert's Fluent key.
    pub(crate) error: &'static str,
    /// The activity form.
    pub(crate) activity: Option<ActivityDraft>,
    /// The package form: name and price.
    pub(crate) package: Option<(String, String)>,
    /// The edit form: name, email, phone, tags (as typed; `None` when the
    /// form left the field out).
    pub(crate) edit: Option<EditDraft>,
}

/// The activity form as typed.
#[derive(Default)]
pub(crate) struct ActivityDraft {
    /// The kind's wire name.
    pub(crate) kind: String,
    /// The summary.
    pub(crate) summary: String,
    /// The assignee's id, or empty.
    pub(crate) assignee: String,
    /// The `datetime-local` value, or empty.
    pub(crate) starts_at: String,
    /// The amount as typed.
    pub(crate) amount: String,
    /// The currency as typed.
    pub(crate) currency: String,
}

/// The edit form as typed.
#[derive(Default)]
pub(crate) struct EditDraft {
    /// The name.
    pub(crate) name: Option<String>,
    /// The email (left out when hidden by B8).
    pub(crate) email: Option<String>,
    /// The phone (left out when hidden by B8).
    pub(crate) phone: Option<String>,
    /// The tags, comma-separated (left out without B9).
    pub(crate) tags: Option<String>,
    /// The marketing opt-in (left out without B9).
    pub(crate) marketing_opt_in: Option<bool>,
    /// The loyalty card number.
    pub(crate) loyalty_card: Option<String>,
    /// The free notes.
    pub(crate) notes: Option<String>,
}

/// The client page for `me`; with a draft, the refused form again with what
/// was typed and its alert, answered 422.
pub(crate) async fn render(
    app: &App,
    me: &Viewer,
    client_id: ClientId,
    query: &ClientQuery,
    draft: Option<Draft>,
) -> Response {
    let id = client_id.to_string();
    let t = &me.t;
    let mut page = ClientPage {
        t,
        me: Some(me),
        id: id.clone(),
        client: None,
        hide_email: false,
        hide_phone: false,
        people: Vec::new(),
        can_request: false,
        owner: String::new(),
        requested: query.requested.is_some(),
        done: query.done.as_deref().and_then(done_key).map(|k| t.get(k)),
        error: query.error.as_deref().and_then(error_key).map(|k| t.get(k)),
        acting_as: me.work_as.as_ref().map(|(_, name)| name.clone()),
        tabs: Vec::new(),
        activities: None,
        next_activities: None,
        new_kinds: Vec::new(),
        can_pay: false,
        assignees: Vec::new(),
        documents: None,
        packages: None,
        can_edit_tags: false,
        can_work_as: false,
        views: None,
        views_next: None,
        views_previous: None,
        may_delete: false,
        may_restrict: false,
        pending: None,
        a_summary: String::new(),
        a_starts_at: String::new(),
        a_amount: String::new(),
        a_currency: "EUR".to_owned(),
        p_name: String::new(),
        p_price: String::new(),
        e_name: String::new(),
        e_email: String::new(),
        e_phone: String::new(),
        e_tags: String::new(),
        e_marketing: false,
        e_loyalty: String::new(),
        e_notes: String::new(),
        edit_open: false,
        profile: casegate_core::ClientProfile::default(),
        can_edit_marketing: false,
    };
    match app.open_client(&me.actor, client_id).await {
        Ok(card) => {
            page.hide_email = card.masking.hide_email;
            page.hide_phone = card.masking.hide_phone;
            let client = mask(card.client, card.masking);
            page.e_name = client.name.clone();
            page.e_email = client.email.clone().unwrap_or_default();
            page.e_phone = client.phone.clone().unwrap_or_default();
            page.e_tags = client.tags.join(", ");
            page.e_marketing = card.profile.marketing_opt_in;
            page.e_loyalty = card.profile.loyalty_card.clone().unwrap_or_default();
            page.e_notes = card.profile.notes.clone().unwrap_or_default();
            page.profile = card.profile;
            page.client = Some(client);
        }
        Err(AppError::AccessDenied { .. }) => {
            return match locked(app, me, client_id, page).await {
                Ok(response) => response,
                Err(err) => failure(t, &err),
            };
        }
        Err(err) => return failure(t, &err),
    }
    if let Err(err) = contents(app, me, client_id, query, &mut page).await {
        return failure(t, &err);
    }
    let status = match draft {
        Some(draft) => {
            page.apply(draft);
            StatusCode::UNPROCESSABLE_ENTITY
        }
        None => StatusCode::OK,
    };
    html(status, page.render())
}

/// The requester's view of a locked client (A13, A17).
async fn locked(
    app: &App,
    me: &Viewer,
    client_id: ClientId,
    mut page: ClientPage<'_>,
) -> Result<Response, AppError> {
    let panel = app.access_panel(&me.actor, client_id).await?;
    page.can_request = panel.can_request;
    if let Some(mine) = app.my_pending_request(&me.actor, client_id).await? {
        page.pending = Some(Pending {
            id: mine.request.id.to_string(),
            status: me.t.get("request-status-pending"),
            at: mine.request.created_at,
            message: mine.request.message,
        });
    }
    for line in panel.entries {
        let kind = match line.subject.subject {
            Subject::User(_) => "kind-user",
            Subject::Group(_) => "kind-group",
            Subject::Company => "kind-company",
        };
        if line.owner {
            page.owner = line.subject.name.clone();
        } else if line.subject.name == page.owner && kind == "kind-user" {
            // The owner shared with directly: one line is enough.
            continue;
        }
        page.people.push(Person {
            name: shown(&me.t, &line.subject.name, line.subject.standing),
            kind,
            owner: line.owner,
        });
    }
    Ok(html(StatusCode::OK, page.render()))
}

/// The sections of an open client, each as far as the App answers it.
async fn contents(
    app: &App,
    me: &Viewer,
    client_id: ClientId,
    query: &ClientQuery,
    page: &mut ClientPage<'_>,
) -> Result<(), AppError> {
    let t = &me.t;
    let members = staff(app, &me.actor).await?;
    let names: HashMap<UserId, String> = members.iter().map(|u| (u.id, u.name.clone())).collect();

    // Activities (B4–B7), as the member worked as (B11).
    let identity = acting_identity(app, me).await;
    let visible: Vec<ActivityKind> = ActivityKind::ALL
        .iter()
        .copied()
        .filter(|k| may_write_activity(&identity, *k, identity.id))
        .collect();
    let kind = query
        .kind
        .as_deref()
        .and_then(|k| k.parse::<ActivityKind>().ok())
        .filter(|k| visible.contains(k));
    let base = format!("/clients/{client_id}");
    page.tabs.push(Tab {
        href: base.clone(),
        label: t.get("client-kind-all"),
        current: kind.is_none(),
    });
    for k in &visible {
        page.tabs.push(Tab {
            href: format!("{base}?kind={}", k.as_str()),
            label: t.get(kind_key(*k)),
            current: kind == Some(*k),
        });
    }
    let cursor = query.cursor.as_deref().filter(|c| !c.is_empty());
    match app
        .activities(&acting(me), client_id, kind, cursor, ACTIVITY_PAGE)
        .await
    {
        Ok(found) => {
            page.activities = Some(
                found
                    .items
                    .into_iter()
                    .map(|a| ActivityRow {
                        kind: t.get(kind_key(a.kind)),
                        summary: a.summary,
                        assignee: name_of(&names, a.assignee_id),
                        starts_at: a.starts_at,
                        amount: a
                            .amount_cents
                            .map(|c| format!("{} {}", money(t, c), a.currency.unwrap_or_default())),
                        created_at: a.created_at,
                        created_by: name_of(&names, a.created_by),
                        created_by_real: a.created_by_real.map(|u| name_of(&names, u)),
                    })
                    .collect(),
            );
            page.next_activities = found.next.map(|n| {
                let mut href = format!("{base}?cursor={n}");
                if let Some(k) = kind {
                    href.push_str(&format!("&kind={}", k.as_str()));
                }
                href
            });
            page.new_kinds = visible
                .iter()
                .map(|k| Choice {
                    value: k.as_str().to_owned(),
                    label: t.get(kind_key(*k)),
                    selected: kind == Some(*k),
                })
                .collect();
            page.can_pay = visible.contains(&ActivityKind::Payment);
            page.assignees = members
                .iter()
                .filter(|u| u.active)
                .filter(|u| {
                    visible
                        .iter()
                        .any(|k| may_write_activity(&identity, *k, u.id))
                })
                .map(|u| Choice {
                    value: u.id.to_string(),
                    label: u.name.clone(),
                    selected: u.id == identity.id,
                })
                .collect();
        }
        Err(AppError::Forbidden(_) | AppError::AccessDenied { .. }) => {}
        Err(err) => return Err(err),
    }

    // Documents (B6, B7): the App refuses the list when they are off.
    match app.documents(&me.actor, client_id).await {
        Ok(docs) => {
            // Documents a contact added from the desk name them (Part C).
            let mut contacts: HashMap<casegate_core::AccountId, String> = HashMap::new();
            if docs
                .iter()
                .any(|d| matches!(d.uploaded_by, Party::Contact(_)))
            {
                let (current, former) = app.file_contact_lines(&me.actor, client_id).await?;
                for line in current.into_iter().chain(former) {
                    contacts.insert(line.share.account_id, line.name);
                }
            }
            page.documents = Some(
                docs.into_iter()
                    .map(|d| DocumentRow {
                        id: d.id.to_string(),
                        name: d.name,
                        size: size(t, d.size),
                        visibility: t.get(visibility_key(d.visibility)),
                        uploaded_by: match d.uploaded_by {
                            Party::Staff(user) => name_of(&names, user),
                            Party::Contact(account) => contacts
                                .get(&account)
                                .cloned()
                                .unwrap_or_else(|| "—".to_owned()),
                        },
                        created_at: d.created_at,
                    })
                    .collect(),
            );
        }
        Err(AppError::Forbidden(_)) => {}
        Err(err) => return Err(err),
    }

    // Packages (B8).
    match app.packages(&me.actor, client_id).await {
        Ok(list) => {
            page.packages = Some(
                list.into_iter()
                    .map(|p| PackageRow {
                        name: p.name,
                        price: p.price_cents.map(|c| money(t, c)),
                        created_at: p.created_at,
                    })
                    .collect(),
            );
        }
        Err(AppError::Forbidden(_)) => {}
        Err(err) => return Err(err),
    }

    // B9: tags, as `GET /me`'s capabilities say.
    let capabilities = capabilities_of(&me.user);
    page.can_edit_tags = capabilities.tags;
    page.can_edit_marketing = capabilities.marketing_opt_in;
    page.can_work_as = capabilities.work_as;

    // What the viewer may do to it (delete, X10), as the App decides.
    let actions = app.client_actions(&me.actor, client_id).await?;
    page.may_delete = actions.may_delete;
    page.may_restrict = actions.may_restrict;

    access_log(app, me, client_id, query, page).await
}

/// X9: the access log, for the owner and admin-like roles: pages of
/// [`LOG_LINES`] lines, a run of openings counting as one.
async fn access_log(
    app: &App,
    me: &Viewer,
    client_id: ClientId,
    query: &ClientQuery,
    page: &mut ClientPage<'_>,
) -> Result<(), AppError> {
    let t = &me.t;
    let trail = Trail::parse(
        "log",
        "logback",
        query.log.as_deref(),
        query.logback.as_deref(),
    );
    let mut lines = Vec::new();
    let mut cursor = trail.cursor().map(str::to_owned);
    let mut more = None;
    for _ in 0..LOG_ROUNDS {
        match app
            .views(&me.actor, client_id, cursor.as_deref(), LOG_FETCH)
            .await
        {
            Ok(found) => {
                lines.extend(found.items);
                more = found.next;
            }
            Err(AppError::Forbidden(_)) => return Ok(()),
            Err(err) => return Err(err),
        }
        if more.is_none() || access_log::runs(&lines).len() > LOG_LINES {
            break;
        }
        cursor = more.map(|v| v.to_string());
    }
    let (runs, next) = access_log::page(&lines, LOG_LINES, more);
    page.views = Some(
        runs.iter()
            .filter_map(|run| {
                let newest = lines.get(run.start)?;
                Some(ViewRow {
                    sentence: access_log::sentence(t, &lines, *run),
                    real: newest
                        .real_user
                        .as_ref()
                        .map(|u| shown(t, &u.name, u.standing)),
                    through: access_log::ways(t, &newest.ways),
                    at: newest.entry.at,
                })
            })
            .collect(),
    );
    let href = |q: String| {
        if q.is_empty() {
            format!("/clients/{client_id}#views-title")
        } else {
            format!("/clients/{client_id}?{q}#views-title")
        }
    };
    page.views_next = next.map(|n| href(trail.next_query(&n.to_string())));
    page.views_previous = trail.previous_query().map(href);
    Ok(())
}

/// `POST /clients/{id}/request` (A14): asks the owner and sharers for access.
pub(crate) async fn request_access(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<TokenForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let Ok(client_id) = id.parse::<ClientId>() else {
        return message_page(
            &me.t,
            StatusCode::NOT_FOUND,
            "notfound-title",
            "notfound-body",
        );
    };
    let message = Some(form.message.trim().to_owned()).filter(|m| !m.is_empty());
    match app.request_access(&me.actor, client_id, message).await {
        Ok(_) | Err(AppError::Conflict(_)) => {
            Redirect::to(&format!("/clients/{client_id}?requested=1")).into_response()
        }
        Err(err) => failure(&me.t, &err),
    }
}

/// The client page's further routes: its forms, and document downloads.
pub(crate) fn routes() -> axum::Router<App> {
    axum::Router::new()
        .route("/clients/{id}/activities", post(forms::add_activity))
        .route("/clients/{id}/packages", post(forms::add_package))
        .route("/clients/{id}/edit", post(forms::edit))
        .route(
            "/clients/{id}/delete",
            get(manage::confirm_delete).post(manage::delete),
        )
        .route("/clients/{id}/restricted", post(manage::restrict))
        .route("/clients/{id}/request/cancel", post(manage::cancel_request))
        .route(
            "/clients/{id}/documents",
            post(documents::upload).layer(DefaultBodyLimit::max(
                casegate_app::MAX_DOCUMENT_BYTES + crate::api::documents::FORM_OVERHEAD,
            )),
        )
        .route("/clients/{id}/documents/{doc}", get(documents::download))
}

#[cfg(test)]
mod tests {
    use super::*;
    use casegate_core::Language;

    #[test]
    fn amounts_and_sizes_follow_the_language() {
        let en = Tr::new(Language::En);
        let da = Tr::new(Language::Da);
        assert_eq!(money(&en, 123_450), "1,234.50");
        assert_eq!(money(&da, 5), "0,05");
        assert_eq!(size(&en, 512), "512 B");
        assert_eq!(size(&en, 2048), "2 KB");
        assert_eq!(size(&da, 3 * 1024 * 1024), "3,0 MB");
    }
}
