//! The clients list (A12) and what starts from it: the list with its total,
//! owners and emails (masked per B8, none for locked clients), previous
//! and next page; "New client"; bulk add tag, remove tag and delete for
//! those with edit rights (B9, the deletion confirmed with its numbers);
//! CSV import and export for those with `import_export` (in `import`).
//! Every rule is the App's: the page asks and shows its answer.

mod import;
mod trail;

use std::collections::{BTreeMap, HashSet};

use askama::Template;
use axum::Form;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use casegate_app::{App, AppError, BulkAction, MAX_BULK_IDS, Message, NewClient};
use casegate_core::{ClientId, UserId};
use serde::Deserialize;

use super::pages::{Viewer, failure, signed_post, viewer};
use super::{Tr, html};

pub(crate) use trail::Trail;

/// How many clients a page of the list shows.
const PAGE_SIZE: usize = 50;
/// Past this many active members the new-client form offers no owner list:
/// the creator owns the client and can hand it over from its sharing page.
const MAX_OWNER_CHOICES: usize = 300;

/// The list's routes.
pub(crate) fn routes() -> axum::Router<App> {
    axum::Router::new()
        .route("/clients", get(list).post(create))
        .route("/clients/bulk", post(bulk))
        .route("/static/casegate-clients.js", get(script))
        .merge(import::routes())
}

/// The list's one enhancement: "Select all" for the bulk actions. The page
/// works the same without it.
const SCRIPT: &str = include_str!("../../templates/clients.js");

async fn script() -> Response {
    (
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/javascript; charset=utf-8",
            ),
            (axum::http::header::CACHE_CONTROL, crate::headers::CACHEABLE),
        ],
        SCRIPT,
    )
        .into_response()
}

/// `?q=`, the trail (`cursor`, `back`) and the outcome of a form.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListQuery {
    q: Option<String>,
    cursor: Option<String>,
    back: Option<String>,
    done: Option<String>,
    n: Option<String>,
}

impl ListQuery {
    /// The list state a form carried in its `from` field: only the search
    /// and the trail, nothing else.
    fn from_field(from: &str) -> ListQuery {
        let mut query = ListQuery::default();
        for (k, v) in form_urlencoded::parse(from.as_bytes()) {
            match k.as_ref() {
                "q" => query.q = Some(v.into_owned()),
                "cursor" => query.cursor = Some(v.into_owned()),
                "back" => query.back = Some(v.into_owned()),
                _ => {}
            }
        }
        query
    }

    fn search(&self) -> &str {
        self.q.as_deref().map_or("", str::trim)
    }

    fn trail(&self) -> Trail {
        Trail::parse(
            "cursor",
            "back",
            self.cursor.as_deref(),
            self.back.as_deref(),
        )
    }

    /// The query string of this list state (search and trail), for links
    /// and for the forms' `from` field.
    fn state(&self) -> String {
        with_search(self.search(), &self.trail().here_query())
    }
}

/// `q=…` in front of a trail's query.
fn with_search(q: &str, trail: &str) -> String {
    let mut parts = Vec::new();
    if !q.is_empty() {
        let q: String = form_urlencoded::byte_serialize(q.as_bytes()).collect();
        parts.push(format!("q={q}"));
    }
    if !trail.is_empty() {
        parts.push(trail.to_owned());
    }
    parts.join("&")
}

/// `/clients` with a query string, or without one.
fn list_href(query: &str) -> String {
    if query.is_empty() {
        "/clients".to_owned()
    } else {
        format!("/clients?{query}")
    }
}

/// The text for a count: `{base}-none`, `{base}-one` or `{base}-many`
/// (with `count`), as each language says zero, one and more.
pub(crate) fn counted(t: &Tr, base: &str, n: usize) -> String {
    let count = t.number(u64::try_from(n).unwrap_or(u64::MAX));
    match n {
        0 => t.arg(&format!("{base}-none"), "count", &count),
        1 => t.arg(&format!("{base}-one"), "count", &count),
        _ => t.arg(&format!("{base}-many"), "count", &count),
    }
}

/// The status line of `?done=` with `?n=`; only known flags are shown.
fn done_line(t: &Tr, done: &str, n: Option<&str>) -> Option<String> {
    let n = n.and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
    let base = match done {
        "deleted" => return Some(t.get("clients-done-deleted")),
        "bulk-deleted" => "clients-done-bulk-deleted",
        "tag-added" => "clients-done-tag-added",
        "tag-removed" => "clients-done-tag-removed",
        "imported" => "clients-done-imported",
        _ => return None,
    };
    Some(counted(t, base, n))
}

/// The Fluent key naming a field of the client forms.
pub(crate) fn field_key(field: &str) -> &'static str {
    match field {
        "name" => "client-edit-name",
        "email" => "field-email",
        "phone" => "field-phone",
        "tags" | "tag" => "field-tags",
        "owner_id" => "clients-new-owner",
        _ => "clients-field-other",
    }
}

/// "The client was not created. Name: This cannot be empty. Email: …"
/// for the App's field errors, in the page's language.
pub(crate) fn fields_alert(t: &Tr, lead: &str, fields: &BTreeMap<String, Message>) -> String {
    let mut alert = t.get(lead);
    for (field, message) in fields {
        alert.push(' ');
        alert.push_str(&t.args(
            "clients-field-problem",
            &[
                ("field", &t.get(field_key(field))),
                ("problem", &t.message(message)),
            ],
        ));
    }
    alert
}

/// One row of the list.
struct Row {
    id: String,
    name: String,
    locked: bool,
    email: Option<String>,
    email_hidden: bool,
    owner: String,
    /// Ticked again after a refused bulk form.
    selected: bool,
}

/// An option of the owner select.
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// The new-client form as typed.
#[derive(Default)]
struct NewDraft {
    name: String,
    email: String,
    phone: String,
    tags: String,
    owner: String,
}

#[derive(Template)]
#[template(path = "clients.html")]
struct ClientsPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    q: String,
    rows: Vec<Row>,
    /// "12 clients", "3 clients match your search".
    total: String,
    previous: Option<String>,
    next: Option<String>,
    /// The list state, carried by the forms (`from`).
    from: String,
    done: Option<String>,
    /// The alert of a refused form, and which form it belongs to.
    error: Option<String>,
    new_open: bool,
    new: NewDraft,
    /// Whom a new client may be owned by; empty: the creator.
    owners: Vec<Choice>,
    /// B9: the checkboxes and bulk actions.
    can_bulk: bool,
    /// B9: the import and export links.
    can_import_export: bool,
    /// The largest selection the bulk form takes, written for the language.
    max_bulk: String,
}

/// What a refused form sends back to the list.
#[derive(Default)]
struct Refusal {
    alert: Option<String>,
    new: Option<NewDraft>,
    selected: HashSet<String>,
}

/// `GET /clients` (A12): every client, the locked ones marked.
pub(crate) async fn list(
    State(app): State<App>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    render(&app, &me, &query, StatusCode::OK, Refusal::default()).await
}

/// The list page for `me`; with a refusal, its alert and what was typed.
async fn render(
    app: &App,
    me: &Viewer,
    query: &ListQuery,
    status: StatusCode,
    refusal: Refusal,
) -> Response {
    let t = &me.t;
    let q = query.search().to_owned();
    let trail = query.trail();
    let search = Some(q.as_str()).filter(|s| !s.is_empty());
    let found = match app
        .client_rows(&me.actor, search, trail.cursor(), PAGE_SIZE)
        .await
    {
        Ok(found) => found,
        // A cursor that is not one: the first page.
        Err(AppError::Validation(_)) if trail.cursor().is_some() => {
            match app.client_rows(&me.actor, search, None, PAGE_SIZE).await {
                Ok(found) => found,
                Err(err) => return failure(t, &err),
            }
        }
        Err(err) => return failure(t, &err),
    };
    let owners = match owner_choices(app, me, refusal.new.as_ref()).await {
        Ok(owners) => owners,
        Err(err) => return failure(t, &err),
    };
    let rows = found
        .items
        .into_iter()
        .map(|r| {
            let id = r.entry.id.to_string();
            Row {
                selected: refusal.selected.contains(&id),
                id,
                name: r.entry.name,
                locked: r.entry.locked,
                email: r.email,
                email_hidden: r.email_hidden,
                owner: r.owner,
            }
        })
        .collect();
    let total = if search.is_some() {
        counted(t, "clients-total-found", found.total)
    } else {
        counted(t, "clients-total", found.total)
    };
    let page = ClientsPage {
        t,
        me: Some(me),
        rows,
        total,
        previous: trail
            .previous_query()
            .map(|p| list_href(&with_search(&q, &p))),
        next: found
            .next
            .map(|n| list_href(&with_search(&q, &trail.next_query(&n.encode())))),
        from: query.state(),
        done: query
            .done
            .as_deref()
            .and_then(|d| done_line(t, d, query.n.as_deref())),
        error: refusal.alert,
        new_open: refusal.new.is_some(),
        new: refusal.new.unwrap_or_default(),
        owners,
        can_bulk: me.caps.bulk_edit,
        can_import_export: me.caps.import_export,
        max_bulk: t.number(MAX_BULK_IDS as u64),
        q,
    };
    html(status, page.render())
}

/// The owner select of the new-client form: every active member, the
/// viewer (or the refused form's choice) selected; empty past
/// [`MAX_OWNER_CHOICES`] members.
async fn owner_choices(
    app: &App,
    me: &Viewer,
    draft: Option<&NewDraft>,
) -> Result<Vec<Choice>, AppError> {
    let members = super::client::staff(app, &me.actor).await?;
    let active: Vec<_> = members.into_iter().filter(|u| u.active).collect();
    if active.len() > MAX_OWNER_CHOICES || active.len() < 2 {
        return Ok(Vec::new());
    }
    let chosen = draft
        .map(|d| d.owner.clone())
        .filter(|o| !o.is_empty())
        .unwrap_or_else(|| me.actor.user_id.to_string());
    Ok(active
        .into_iter()
        .map(|u| {
            let value = u.id.to_string();
            Choice {
                selected: value == chosen,
                label: if u.id == me.actor.user_id {
                    me.t.arg("clients-new-owner-me", "name", &u.name)
                } else {
                    u.name
                },
                value,
            }
        })
        .collect())
}

/// The new-client form.
#[derive(Deserialize)]
pub(crate) struct NewForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    tags: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    from: String,
}

/// A blank optional field is left out.
fn optional(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

/// Tags as typed, comma-separated.
pub(crate) fn tag_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `POST /clients`: creates a client (owner: the viewer unless another is
/// chosen, A8; its first share per A5) and opens its page; invalid input
/// shows the form again with what was typed (422).
pub(crate) async fn create(
    State(app): State<App>,
    headers: HeaderMap,
    Form(form): Form<NewForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let query = ListQuery::from_field(&form.from);
    let draft = NewDraft {
        name: form.name.clone(),
        email: form.email.clone(),
        phone: form.phone.clone(),
        tags: form.tags.clone(),
        owner: form.owner.clone(),
    };
    let owner_id = match form.owner.trim() {
        "" => None,
        text => match text.parse::<UserId>() {
            Ok(id) => Some(id),
            Err(_) => {
                let mut fields = BTreeMap::new();
                fields.insert("owner_id".to_owned(), Message::new("app-owner-inactive"));
                return refused_new(&app, &me, &query, &fields, draft).await;
            }
        },
    };
    let input = NewClient {
        name: form.name.trim().to_owned(),
        email: optional(&form.email),
        phone: optional(&form.phone),
        tags: tag_list(&form.tags),
        owner_id,
    };
    match app.create_client(&me.actor, input).await {
        Ok(written) => {
            Redirect::to(&format!("/clients/{}?done=created", written.value.id)).into_response()
        }
        Err(AppError::Validation(fields)) => refused_new(&app, &me, &query, &fields, draft).await,
        // An owner of another company reads as unknown: the form again.
        Err(AppError::NotFound) if owner_id.is_some() => {
            let mut fields = BTreeMap::new();
            fields.insert("owner_id".to_owned(), Message::new("app-owner-inactive"));
            refused_new(&app, &me, &query, &fields, draft).await
        }
        Err(err) => failure(&me.t, &err),
    }
}

/// The list again with the new-client form open, its values and alert.
async fn refused_new(
    app: &App,
    me: &Viewer,
    query: &ListQuery,
    fields: &BTreeMap<String, Message>,
    draft: NewDraft,
) -> Response {
    let refusal = Refusal {
        alert: Some(fields_alert(&me.t, "clients-new-refused", fields)),
        new: Some(draft),
        selected: HashSet::new(),
    };
    render(app, me, query, StatusCode::UNPROCESSABLE_ENTITY, refusal).await
}

/// The bulk form, read by hand: `ids` comes once per ticked client.
#[derive(Default)]
struct BulkForm {
    csrf: String,
    action: String,
    tag: String,
    ids: Vec<String>,
    confirm: bool,
    from: String,
}

impl BulkForm {
    fn parse(body: &[u8]) -> BulkForm {
        let mut form = BulkForm::default();
        for (k, v) in form_urlencoded::parse(body) {
            match k.as_ref() {
                "csrf" => form.csrf = v.into_owned(),
                "action" => form.action = v.into_owned(),
                "tag" => form.tag = v.into_owned(),
                "ids" => form.ids.push(v.into_owned()),
                "confirm" => form.confirm = v == "yes",
                "from" => form.from = v.into_owned(),
                _ => {}
            }
        }
        form
    }
}

#[derive(Template)]
#[template(path = "clients_bulk_delete.html")]
struct BulkDeletePage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    csrf: String,
    ids: Vec<String>,
    /// The selected clients' names (those the viewer can open).
    names: Vec<String>,
    /// "2 clients will be deleted."
    clients_line: String,
    /// "5 people can open at least one of them now …"
    people_line: String,
    /// "1 of the selected clients is not yours to delete …"
    skipped_line: Option<String>,
    deletable: bool,
    /// "Delete 2 clients".
    button: String,
    from: String,
    back: String,
}

/// `POST /clients/bulk` (B9): `action` = `add_tag`, `remove_tag` or
/// `delete`, `tag`, one `ids` per ticked client. A deletion without
/// `confirm=yes` shows its confirmation page and changes nothing.
pub(crate) async fn bulk(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Response {
    let form = BulkForm::parse(&body);
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let query = ListQuery::from_field(&form.from);
    let ids: Vec<ClientId> = form
        .ids
        .iter()
        .filter_map(|id| id.parse::<ClientId>().ok())
        .collect();
    let selected: HashSet<String> = ids.iter().map(ToString::to_string).collect();
    let again = |key: &str| Refusal {
        alert: Some(me.t.get(key)),
        new: None,
        selected: selected.clone(),
    };
    if ids.is_empty() {
        let refusal = again("clients-bulk-none");
        return render(&app, &me, &query, StatusCode::UNPROCESSABLE_ENTITY, refusal).await;
    }
    let action = match form.action.as_str() {
        "add_tag" => BulkAction::AddTag(form.tag.clone()),
        "remove_tag" => BulkAction::RemoveTag(form.tag.clone()),
        "delete" => BulkAction::Delete,
        _ => {
            let refusal = again("clients-bulk-unknown");
            return render(&app, &me, &query, StatusCode::UNPROCESSABLE_ENTITY, refusal).await;
        }
    };
    if action == BulkAction::Delete && !form.confirm {
        return bulk_delete_page(&app, &me, &ids, &form.from, &query).await;
    }
    let done = match action {
        BulkAction::Delete => "bulk-deleted",
        BulkAction::AddTag(_) => "tag-added",
        BulkAction::RemoveTag(_) => "tag-removed",
    };
    match app.bulk_clients(&me.actor, action, &ids).await {
        Ok(written) => {
            let state = query.state();
            let outcome = format!("done={done}&n={}", written.value);
            let target = if state.is_empty() {
                outcome
            } else {
                format!("{state}&{outcome}")
            };
            Redirect::to(&list_href(&target)).into_response()
        }
        Err(AppError::Validation(_)) => {
            let refusal = again("clients-bulk-tag-invalid");
            render(&app, &me, &query, StatusCode::UNPROCESSABLE_ENTITY, refusal).await
        }
        Err(err) => failure(&me.t, &err),
    }
}

/// The confirmation of a bulk deletion, in numbers from the App.
async fn bulk_delete_page(
    app: &App,
    me: &Viewer,
    ids: &[ClientId],
    from: &str,
    query: &ListQuery,
) -> Response {
    let t = &me.t;
    let preview = match app.bulk_preview(&me.actor, &BulkAction::Delete, ids).await {
        Ok(preview) => preview,
        Err(AppError::Validation(_)) => {
            let refusal = Refusal {
                alert: Some(t.arg(
                    "clients-bulk-too-many",
                    "count",
                    &t.number(MAX_BULK_IDS as u64),
                )),
                ..Refusal::default()
            };
            return render(app, me, query, StatusCode::UNPROCESSABLE_ENTITY, refusal).await;
        }
        Err(err) => return failure(t, &err),
    };
    let mut names = Vec::new();
    for id in ids.iter().take(MAX_BULK_IDS) {
        if let Ok(client) = app.client(&me.actor, *id).await {
            names.push(client.name);
        }
    }
    let skipped = ids
        .iter()
        .collect::<HashSet<_>>()
        .len()
        .saturating_sub(preview.clients);
    let page = BulkDeletePage {
        t,
        me: Some(me),
        csrf: me.csrf.clone(),
        ids: ids.iter().map(ToString::to_string).collect(),
        names,
        clients_line: counted(t, "clients-bulk-delete-clients", preview.clients),
        people_line: counted(t, "clients-bulk-people", preview.people),
        skipped_line: (skipped > 0).then(|| counted(t, "clients-bulk-delete-skipped", skipped)),
        deletable: preview.clients > 0,
        button: counted(t, "clients-bulk-delete-button", preview.clients),
        from: from.to_owned(),
        back: list_href(&query.state()),
    };
    html(StatusCode::OK, page.render())
}

#[cfg(test)]
mod tests {
    use super::*;
    use casegate_core::Language;

    #[test]
    fn counts_are_written_for_zero_one_and_more() {
        let en = Tr::new(Language::En);
        assert_eq!(counted(&en, "clients-total", 1), "1 client");
        assert_eq!(counted(&en, "clients-total", 1200), "1,200 clients");
        let fr = Tr::new(Language::Fr);
        assert_eq!(counted(&fr, "clients-total", 0), "Aucun client");
        let da = Tr::new(Language::Da);
        assert_eq!(counted(&da, "clients-total", 2), "2 klienter");
    }

    #[test]
    fn a_forms_from_field_keeps_only_the_search_and_the_trail() {
        let q = ListQuery::from_field("q=acme+co&cursor=abc&back=.x&done=evil&n=9");
        assert_eq!(q.search(), "acme co");
        assert_eq!(q.state(), "q=acme+co&cursor=abc&back=.x");
        assert!(q.done.is_none() && q.n.is_none());
        assert_eq!(list_href(&ListQuery::default().state()), "/clients");
    }

    #[test]
    fn the_alert_names_the_fields_in_the_page_language() {
        let mut fields = BTreeMap::new();
        fields.insert("email".to_owned(), Message::new("app-email-invalid"));
        fields.insert(
            "name".to_owned(),
            Message::new("app-too-long").count("max", 200),
        );
        let fr = fields_alert(&Tr::new(Language::Fr), "clients-new-refused", &fields);
        assert!(fr.contains("E-mail : Saisissez une adresse e-mail"), "{fr}");
        assert!(
            fr.contains("Nom : Utilisez au plus 200 caractères."),
            "{fr}"
        );
        assert!(!fr.contains("app-"), "{fr}");
    }
}
