//! The deal desk, staff side, in the browser (SPEC Part C): on each client,
//! "Entities and contacts" beside the sharing options — the entities taking
//! part with their role, their people (add several by email at once, up to
//! 200, revoke, "no longer has access" with give access again); and the
//! Entities pages — the company's entities, one entity's team managers,
//! people and files, and "remove this person from every file".
//!
//! Every permission is the App's: forms are offered to whoever may share
//! the file (A4) or administer entities, and the App's refusals are shown.
//! Plain forms and redirects: no JavaScript needed.

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use casegate_app::{App, AppError, ContactLine, ContactStatus, EntityPatch, NewEntity};
use casegate_core::deal::DealRole;
use casegate_core::{AccountId, ClientId, EntityId};
use serde::Deserialize;

use super::account::Problems;
use super::desk::role_key;
use super::pages::{Viewer, failure, message_page, signed_post, viewer};
use super::{Tr, html};

/// Most addresses one "add contacts" form takes (as data rooms allow).
pub(crate) const MAX_EMAILS: usize = 200;

/// The deal desk's staff routes.
pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/clients/{id}/contacts", get(client_page))
        .route("/clients/{id}/contacts/entity", post(add_entity))
        .route(
            "/clients/{id}/contacts/entity/{entity}/remove",
            post(remove_entity),
        )
        .route("/clients/{id}/contacts/add", post(add_contacts))
        .route("/clients/{id}/contacts/{contact}/revoke", post(revoke))
        .route("/entities", get(entities_page).post(create_entity))
        .route("/entities/{id}", get(entity_page))
        .route("/entities/{id}/settings", post(entity_settings))
        .route("/entities/{id}/team-managers", post(add_team_manager))
        .route(
            "/entities/{id}/team-managers/{contact}/remove",
            post(remove_team_manager),
        )
        .route(
            "/entities/{id}/people/{contact}/remove-everywhere",
            post(remove_everywhere),
        )
}

const ROLES: [DealRole; 5] = [
    DealRole::Lender,
    DealRole::Borrower,
    DealRole::Guarantor,
    DealRole::Advisor,
    DealRole::Other,
];

/// A role for a `<select>`.
struct RoleOption {
    value: &'static str,
    key: &'static str,
}

fn role_options() -> Vec<RoleOption> {
    ROLES
        .iter()
        .map(|r| RoleOption {
            value: r.as_str(),
            key: role_key(*r),
        })
        .collect()
}

/// A person on a file, as the page lists them.
struct PersonRow {
    id: String,
    name: String,
    email: String,
    invited: bool,
    /// "Added by … on …" or "Revoked by … on …".
    record: String,
    entity_id: String,
}

fn row(t: &Tr, line: &ContactLine) -> PersonRow {
    let who =
        |p: Option<&casegate_app::PartyName>| p.map_or_else(|| "—".to_owned(), |p| p.name.clone());
    let record = match line.share.revoked {
        Some(r) => t.args(
            "desk-revoked-by",
            &[
                ("name", &who(line.revoked_by.as_ref())),
                ("date", &t.date(&r.at)),
            ],
        ),
        None => t.args(
            "desk-added-by",
            &[
                ("name", &who(line.added_by.as_ref())),
                ("date", &t.date(&line.share.granted_at)),
            ],
        ),
    };
    PersonRow {
        id: line.share.account_id.to_string(),
        name: line.name.clone(),
        email: line.email.clone(),
        invited: line.status == ContactStatus::Invited,
        record,
        entity_id: line.share.entity_id.to_string(),
    }
}

/// An entity on the file with its people.
struct EntityBlock {
    id: String,
    name: String,
    role_key: &'static str,
    self_managed: bool,
    people: Vec<PersonRow>,
}

/// An entity for a `<select>`.
struct EntityOption {
    id: String,
    name: String,
}

/// What one address of "add contacts" came to.
struct Outcome {
    email: String,
    text: String,
    ok: bool,
}

#[derive(Default)]
struct Shown {
    notice: Option<String>,
    outcomes: Vec<Outcome>,
    emails: String,
    problem: Option<String>,
}

#[derive(Template)]
#[template(path = "deal_client.html")]
struct ClientPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    id: String,
    name: String,
    can_share: bool,
    entities: Vec<EntityBlock>,
    former: Vec<PersonRow>,
    choices: Vec<EntityOption>,
    roles: Vec<RoleOption>,
    max_emails: usize,
    shown: Shown,
}

/// `?done=` after a form.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Done {
    done: Option<String>,
}

fn not_found(t: &Tr) -> Response {
    message_page(t, StatusCode::NOT_FOUND, "notfound-title", "notfound-body")
}

fn back(client: ClientId, done: &str) -> Response {
    Redirect::to(&format!("/clients/{client}/contacts?done={done}")).into_response()
}

async fn render_client(
    app: &App,
    me: &Viewer,
    client: ClientId,
    status: StatusCode,
    shown: Shown,
) -> Response {
    let built = async {
        let record = app.client(&me.actor, client).await?;
        let view = app.access_panel(&me.actor, client).await?;
        let parts = app.file_entities(&me.actor, client).await?;
        let (_, former) = app.file_contact_lines(&me.actor, client).await?;
        let all = app.entities(&me.actor, None, None, 500).await?;
        Ok::<_, AppError>((record, view.can_share, parts, former, all))
    }
    .await;
    let (record, can_share, parts, former, all) = match built {
        Ok(found) => found,
        Err(err) => return failure(&me.t, &err),
    };
    let t = &me.t;
    let page = ClientPage {
        t,
        me: Some(me),
        id: client.to_string(),
        name: record.name,
        can_share,
        choices: all
            .iter()
            .filter(|e| !parts.iter().any(|p| p.entity.id == e.id))
            .map(|e| EntityOption {
                id: e.id.to_string(),
                name: e.name.clone(),
            })
            .collect(),
        entities: parts
            .iter()
            .map(|p| EntityBlock {
                id: p.entity.id.to_string(),
                name: p.entity.name.clone(),
                role_key: role_key(p.role),
                self_managed: p.entity.self_managed,
                people: p.contacts.iter().map(|l| row(t, l)).collect(),
            })
            .collect(),
        former: former.iter().map(|l| row(t, l)).collect(),
        roles: role_options(),
        max_emails: MAX_EMAILS,
        shown,
    };
    html(status, page.render())
}

/// `GET /clients/{id}/contacts`: "Entities and contacts".
async fn client_page(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    let Ok(client) = id.parse::<ClientId>() else {
        return not_found(&me.t);
    };
    let notice = done.done.as_deref().and_then(|d| match d {
        "entity" => Some(me.t.get("deal-done-entity")),
        "entity-removed" => Some(me.t.get("deal-done-entity-removed")),
        "revoked" => Some(me.t.get("desk-done-revoked")),
        "added" => Some(me.t.get("desk-done-added")),
        _ => None,
    });
    let shown = Shown {
        notice,
        ..Shown::default()
    };
    render_client(&app, &me, client, StatusCode::OK, shown).await
}

/// The form adding an entity to the file: one of the company's, or a new one.
#[derive(Debug, Deserialize)]
pub(crate) struct EntityForm {
    csrf: String,
    #[serde(default)]
    entity_id: String,
    #[serde(default)]
    new_name: String,
    role: String,
}

/// `POST /clients/{id}/contacts/entity` (C1).
async fn add_entity(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<EntityForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let Ok(client) = id.parse::<ClientId>() else {
        return not_found(&me.t);
    };
    let Ok(role) = form.role.parse::<DealRole>() else {
        return not_found(&me.t);
    };
    let entity = if form.new_name.trim().is_empty() {
        match form.entity_id.parse::<EntityId>() {
            Ok(entity) => Ok(entity),
            Err(_) => Err(me.t.get("deal-choose-entity")),
        }
    } else {
        let made = app
            .create_entity(
                &me.actor,
                NewEntity {
                    name: form.new_name.clone(),
                    kind: role,
                    self_managed: false,
                    email_domains: Vec::new(),
                },
            )
            .await;
        match made {
            Ok(written) => Ok(written.value.id),
            Err(AppError::Validation(fields)) => Err(fields
                .values()
                .next()
                .map(|m| me.t.message(m))
                .unwrap_or_default()),
            Err(AppError::Conflict(message)) => Err(me.t.message(&message)),
            Err(err) => return failure(&me.t, &err),
        }
    };
    let problem = match entity {
        Ok(entity) => match app
            .add_entity_to_file(&me.actor, client, entity, role)
            .await
        {
            Ok(_) => return back(client, "entity"),
            Err(AppError::Validation(fields)) => fields
                .values()
                .next()
                .map(|m| me.t.message(m))
                .unwrap_or_default(),
            Err(err) => return failure(&me.t, &err),
        },
        Err(problem) => problem,
    };
    let shown = Shown {
        problem: Some(problem),
        ..Shown::default()
    };
    render_client(&app, &me, client, StatusCode::UNPROCESSABLE_ENTITY, shown).await
}

/// A form with only its CSRF token.
#[derive(Debug, Deserialize)]
pub(crate) struct TokenOnly {
    csrf: String,
}

/// `POST /clients/{id}/contacts/entity/{entity}/remove`: the entity stops
/// taking part; its contacts there lose access (`entity_removed`).
async fn remove_entity(
    State(app): State<App>,
    headers: HeaderMap,
    Path((id, entity)): Path<(String, String)>,
    Form(form): Form<TokenOnly>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let (Ok(client), Ok(entity)) = (id.parse::<ClientId>(), entity.parse::<EntityId>()) else {
        return not_found(&me.t);
    };
    match app.remove_entity_from_file(&me.actor, client, entity).await {
        Ok(_) => back(client, "entity-removed"),
        Err(err) => failure(&me.t, &err),
    }
}

/// "Add contacts": several addresses at once for one entity.
#[derive(Debug, Deserialize)]
pub(crate) struct ContactsForm {
    csrf: String,
    entity_id: String,
    emails: String,
}

/// The addresses of a textarea: split on new lines, commas, semicolons and
/// spaces, each once, in the order given.
fn addresses(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in text.split(|c: char| c == ',' || c == ';' || c.is_whitespace()) {
        let part = part.trim().trim_matches(|c| c == '<' || c == '>');
        if !part.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(part)) {
            out.push(part.to_owned());
        }
    }
    out
}

/// `POST /clients/{id}/contacts/add` (C2, C5, C9): each address is given
/// the file through the entity (invited when unknown); the page says what
/// became of every one.
async fn add_contacts(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<ContactsForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let Ok(client) = id.parse::<ClientId>() else {
        return not_found(&me.t);
    };
    let t = &me.t;
    let list = addresses(&form.emails);
    let problem = match form.entity_id.parse::<EntityId>() {
        Err(_) => Some(t.get("deal-choose-entity")),
        Ok(_) if list.is_empty() => Some(t.get("deal-emails-none")),
        Ok(_) if list.len() > MAX_EMAILS => {
            Some(t.arg("deal-emails-too-many", "max", &MAX_EMAILS.to_string()))
        }
        Ok(_) => None,
    };
    if let Some(problem) = problem {
        let shown = Shown {
            problem: Some(problem),
            emails: form.emails,
            ..Shown::default()
        };
        return render_client(&app, &me, client, StatusCode::UNPROCESSABLE_ENTITY, shown).await;
    }
    let Ok(entity) = form.entity_id.parse::<EntityId>() else {
        return not_found(t);
    };
    let mut outcomes = Vec::with_capacity(list.len());
    for email in list {
        let result = app
            .add_contact(&me.actor, client, entity, &email, None)
            .await;
        let (text, ok) = match result {
            Ok(w) if !w.value.created => (t.get("deal-outcome-already"), true),
            Ok(w) if w.value.line.status == ContactStatus::Invited => {
                (t.get("deal-outcome-invited"), true)
            }
            Ok(_) => (t.get("deal-outcome-added"), true),
            Err(AppError::Validation(fields)) => (
                fields
                    .values()
                    .next()
                    .map(|m| t.message(m))
                    .unwrap_or_default(),
                false,
            ),
            Err(AppError::Forbidden(message)) => (t.message(&message), false),
            Err(AppError::Conflict(message)) => (t.message(&message), false),
            Err(err) => return failure(t, &err),
        };
        outcomes.push(Outcome { email, text, ok });
    }
    let failed: Vec<String> = outcomes
        .iter()
        .filter(|o| !o.ok)
        .map(|o| o.email.clone())
        .collect();
    let shown = Shown {
        outcomes,
        // What failed stays in the box, to correct and send again.
        emails: failed.join("\n"),
        ..Shown::default()
    };
    render_client(&app, &me, client, StatusCode::OK, shown).await
}

/// `POST /clients/{id}/contacts/{contact}/revoke` (C5).
async fn revoke(
    State(app): State<App>,
    headers: HeaderMap,
    Path((id, contact)): Path<(String, String)>,
    Form(form): Form<TokenOnly>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let (Ok(client), Ok(contact)) = (id.parse::<ClientId>(), contact.parse::<AccountId>()) else {
        return not_found(&me.t);
    };
    match app.revoke_contact(&me.actor, client, contact).await {
        Ok(_) => back(client, "revoked"),
        Err(err) => failure(&me.t, &err),
    }
}

// ---- the Entities pages ------------------------------------------------

/// A line of the Entities page.
struct EntityRow {
    id: String,
    name: String,
    kind_key: &'static str,
    self_managed: bool,
    domains: String,
}

#[derive(Template)]
#[template(path = "deal_entities.html")]
struct EntitiesPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    entities: Vec<EntityRow>,
    roles: Vec<RoleOption>,
    problems: Problems,
    name: String,
    domains: String,
}

async fn render_entities(
    app: &App,
    me: &Viewer,
    status: StatusCode,
    problems: Problems,
    name: String,
    domains: String,
) -> Response {
    let all = match app.entities(&me.actor, None, None, 500).await {
        Ok(all) => all,
        Err(err) => return failure(&me.t, &err),
    };
    let page = EntitiesPage {
        t: &me.t,
        me: Some(me),
        entities: all
            .into_iter()
            .map(|e| EntityRow {
                id: e.id.to_string(),
                name: e.name,
                kind_key: role_key(e.kind),
                self_managed: e.self_managed,
                domains: e.email_domains.join(", "),
            })
            .collect(),
        roles: role_options(),
        problems,
        name,
        domains,
    };
    html(status, page.render())
}

/// `GET /entities`: the company's entities (C1).
async fn entities_page(State(app): State<App>, headers: HeaderMap) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    render_entities(
        &app,
        &me,
        StatusCode::OK,
        Problems::default(),
        String::new(),
        String::new(),
    )
    .await
}

/// The new-entity form.
#[derive(Debug, Deserialize)]
pub(crate) struct NewEntityForm {
    csrf: String,
    name: String,
    kind: String,
    #[serde(default)]
    domains: String,
    #[serde(default)]
    self_managed: Option<String>,
}

/// Domains typed in one box, split on commas and spaces.
fn domain_list(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `POST /entities` (C1).
async fn create_entity(
    State(app): State<App>,
    headers: HeaderMap,
    Form(form): Form<NewEntityForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let Ok(kind) = form.kind.parse::<DealRole>() else {
        return not_found(&me.t);
    };
    let made = app
        .create_entity(
            &me.actor,
            NewEntity {
                name: form.name.clone(),
                kind,
                self_managed: form.self_managed.is_some(),
                email_domains: domain_list(&form.domains),
            },
        )
        .await;
    let problems = match made {
        Ok(written) => {
            return Redirect::to(&format!("/entities/{}", written.value.id)).into_response();
        }
        Err(AppError::Validation(fields)) => Problems::of(&me.t, &fields),
        Err(AppError::Conflict(message)) => Problems::one("name", me.t.message(&message)),
        Err(err) => return failure(&me.t, &err),
    };
    render_entities(
        &app,
        &me,
        StatusCode::UNPROCESSABLE_ENTITY,
        problems,
        form.name,
        form.domains,
    )
    .await
}

/// A person of an entity on the entity's page.
struct EntityPersonRow {
    id: String,
    name: String,
    email: String,
    invited: bool,
    team_manager: bool,
}

/// A file of the entity.
struct EntityFileRow {
    id: String,
    name: String,
    role_key: &'static str,
}

#[derive(Template)]
#[template(path = "deal_entity.html")]
struct EntityPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    id: String,
    name: String,
    kind_key: &'static str,
    kind: &'static str,
    self_managed: bool,
    domains: String,
    admin: bool,
    roles: Vec<RoleOption>,
    team_managers: Vec<EntityPersonRow>,
    people: Vec<EntityPersonRow>,
    files: Vec<EntityFileRow>,
    notice: Option<String>,
    problems: Problems,
    manager_email: String,
}

async fn render_entity(
    app: &App,
    me: &Viewer,
    entity: EntityId,
    status: StatusCode,
    notice: Option<String>,
    problems: Problems,
    manager_email: String,
) -> Response {
    let detail = match app.entity_detail(&me.actor, entity).await {
        Ok(detail) => detail,
        Err(err) => return failure(&me.t, &err),
    };
    let person = |p: casegate_app::EntityPerson| EntityPersonRow {
        id: p.account_id.to_string(),
        name: p.name,
        email: p.email,
        invited: p.status == ContactStatus::Invited,
        team_manager: p.team_manager,
    };
    let page = EntityPage {
        t: &me.t,
        me: Some(me),
        id: detail.entity.id.to_string(),
        name: detail.entity.name.clone(),
        kind_key: role_key(detail.entity.kind),
        kind: detail.entity.kind.as_str(),
        self_managed: detail.entity.self_managed,
        domains: detail.entity.email_domains.join(", "),
        admin: me.actor.role.is_admin_like(),
        roles: role_options(),
        team_managers: detail.team_managers.into_iter().map(person).collect(),
        people: detail.contacts.into_iter().map(person).collect(),
        files: detail
            .files
            .into_iter()
            .map(|(id, name, role)| EntityFileRow {
                id: id.to_string(),
                name,
                role_key: role_key(role),
            })
            .collect(),
        notice,
        problems,
        manager_email,
    };
    html(status, page.render())
}

/// `GET /entities/{id}`.
async fn entity_page(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    let Ok(entity) = id.parse::<EntityId>() else {
        return not_found(&me.t);
    };
    let notice = done.done.as_deref().and_then(|d| match d {
        "saved" => Some(me.t.get("deal-done-saved")),
        "manager" => Some(me.t.get("deal-done-manager")),
        "manager-removed" => Some(me.t.get("deal-done-manager-removed")),
        "everywhere" => Some(me.t.get("deal-done-everywhere")),
        _ => None,
    });
    render_entity(
        &app,
        &me,
        entity,
        StatusCode::OK,
        notice,
        Problems::default(),
        String::new(),
    )
    .await
}

fn to_entity(entity: EntityId, done: &str) -> Response {
    Redirect::to(&format!("/entities/{entity}?done={done}")).into_response()
}

/// The entity's settings (admins): kind, C3, C9.
#[derive(Debug, Deserialize)]
pub(crate) struct SettingsForm {
    csrf: String,
    kind: String,
    #[serde(default)]
    domains: String,
    #[serde(default)]
    self_managed: Option<String>,
}

/// `POST /entities/{id}/settings`.
async fn entity_settings(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<SettingsForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let (Ok(entity), Ok(kind)) = (id.parse::<EntityId>(), form.kind.parse::<DealRole>()) else {
        return not_found(&me.t);
    };
    let patch = EntityPatch {
        kind: Some(kind),
        self_managed: Some(form.self_managed.is_some()),
        email_domains: Some(domain_list(&form.domains)),
        ..EntityPatch::default()
    };
    match app.update_entity(&me.actor, entity, patch).await {
        Ok(_) => to_entity(entity, "saved"),
        Err(AppError::Validation(fields)) => {
            let problems = Problems::of(&me.t, &fields);
            render_entity(
                &app,
                &me,
                entity,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                problems,
                String::new(),
            )
            .await
        }
        Err(err) => failure(&me.t, &err),
    }
}

/// A team manager by email.
#[derive(Debug, Deserialize)]
pub(crate) struct ManagerForm {
    csrf: String,
    email: String,
}

/// `POST /entities/{id}/team-managers` (C3, admins).
async fn add_team_manager(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<ManagerForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let Ok(entity) = id.parse::<EntityId>() else {
        return not_found(&me.t);
    };
    match app
        .add_team_manager(&me.actor, entity, &form.email, None)
        .await
    {
        Ok(_) => to_entity(entity, "manager"),
        Err(AppError::Validation(fields)) => {
            let problems = Problems::of(&me.t, &fields);
            render_entity(
                &app,
                &me,
                entity,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                problems,
                form.email,
            )
            .await
        }
        Err(err) => failure(&me.t, &err),
    }
}

/// `POST /entities/{id}/team-managers/{contact}/remove` (C3, admins).
async fn remove_team_manager(
    State(app): State<App>,
    headers: HeaderMap,
    Path((id, contact)): Path<(String, String)>,
    Form(form): Form<TokenOnly>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let (Ok(entity), Ok(contact)) = (id.parse::<EntityId>(), contact.parse::<AccountId>()) else {
        return not_found(&me.t);
    };
    match app.remove_team_manager(&me.actor, entity, contact).await {
        Ok(_) => to_entity(entity, "manager-removed"),
        Err(err) => failure(&me.t, &err),
    }
}

/// `POST /entities/{id}/people/{contact}/remove-everywhere`: the person
/// loses every file of the company the viewer may share.
async fn remove_everywhere(
    State(app): State<App>,
    headers: HeaderMap,
    Path((id, contact)): Path<(String, String)>,
    Form(form): Form<TokenOnly>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let (Ok(entity), Ok(contact)) = (id.parse::<EntityId>(), contact.parse::<AccountId>()) else {
        return not_found(&me.t);
    };
    if let Err(err) = app.entity(&me.actor, entity).await {
        return failure(&me.t, &err);
    }
    match app.revoke_contact_everywhere(&me.actor, contact).await {
        Ok(_) => to_entity(entity, "everywhere"),
        Err(err) => failure(&me.t, &err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_split_on_lines_commas_and_spaces_each_once() {
        assert_eq!(
            addresses("a@x.example, b@x.example\nA@x.example;<c@x.example>  "),
            ["a@x.example", "b@x.example", "c@x.example"]
        );
        assert!(addresses(" \n ,").is_empty());
        assert_eq!(
            domain_list("bank.example, fund.example "),
            ["bank.example", "fund.example"]
        );
    }
}
