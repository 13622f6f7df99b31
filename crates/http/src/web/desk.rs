//! The deal desk in the browser (SPEC Part C): what an outside contact
//! sees after sign-in — "My files", every file they follow across the
//! companies that run one, with their entity, its role and the manager to
//! ask. A contact's session is a desk session: the staff pages refuse it
//! (their `viewer` knows staff only), and this page refuses a staff one.
//!
//! Works without JavaScript; one card per file, so it reads at 360 px.

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use casegate_app::{App, ContactActor, Principal};
use casegate_core::deal::DealRole;

mod file;

use super::i18n::Tr;
use super::pages::{TokenForm, Viewer, failure};
use super::{CSRF_COOKIE, SESSION_COOKIE, check_post, cookie, html, session_csrf, set_cookie};

/// The desk's routes.
pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/desk", get(desk))
        .route("/desk/logout", post(logout))
        .route("/desk/language", post(language))
        .route(
            "/desk/entities/{entity}/files/{id}/contacts",
            post(team_add),
        )
        .route("/desk/files", get(|| async { Redirect::to("/desk") }))
        .route("/desk/files/{id}", get(file::file))
        .route("/desk/files/{id}/contacts", post(file::add))
        .route(
            "/desk/files/{id}/contacts/{contact}/revoke",
            post(file::revoke),
        )
        .route("/desk/files/{id}/handover", post(file::handover))
        .route(
            "/desk/files/{id}/documents",
            post(file::upload).layer(axum::extract::DefaultBodyLimit::max(
                casegate_app::MAX_DOCUMENT_BYTES + crate::api::documents::FORM_OVERHEAD,
            )),
        )
        .route("/desk/files/{id}/documents/{doc}", get(file::download))
}

/// One file on the page.
struct FileCard {
    id: String,
    name: String,
    company: String,
    entity: String,
    role_key: &'static str,
    manager: String,
    manager_email: String,
}

#[derive(Template)]
#[template(path = "desk.html")]
struct DeskPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    name: String,
    csrf: String,
    files: Vec<FileCard>,
    /// After leaving a file or handing over.
    notice: Option<String>,
    /// C3: the self-managed entities the contact manages, with their files.
    teams: Vec<TeamCard>,
}

/// An entity the contact manages the people of, and its files.
struct TeamCard {
    id: String,
    name: String,
    company: String,
    /// (file id, name, role key)
    files: Vec<(String, String, &'static str)>,
}

/// `?done=` of "My files".
#[derive(Debug, Default, serde::Deserialize)]
struct Done {
    done: Option<String>,
}

/// The fluent key of a role's name.
pub(super) fn role_key(role: DealRole) -> &'static str {
    match role {
        DealRole::Lender => "desk-role-lender",
        DealRole::Borrower => "desk-role-borrower",
        DealRole::Guarantor => "desk-role-guarantor",
        DealRole::Advisor => "desk-role-advisor",
        DealRole::Other => "desk-role-other",
    }
}

/// The contact of the session cookie, with its token; anyone else is sent
/// to sign in (a staff member to their own pages).
pub(super) async fn contact(
    app: &App,
    headers: &HeaderMap,
) -> Result<(ContactActor, String), Response> {
    let token =
        cookie(headers, SESSION_COOKIE).ok_or_else(|| Redirect::to("/login").into_response())?;
    match app.authenticate_any(&token).await {
        Ok(Principal::Contact(contact)) => Ok((contact, token)),
        Ok(Principal::Staff(_)) => Err(Redirect::to("/clients").into_response()),
        Err(_) => Err(Redirect::to("/login").into_response()),
    }
}

/// `GET /desk`: "My files".
async fn desk(
    State(app): State<App>,
    headers: HeaderMap,
    axum::extract::Query(done): axum::extract::Query<Done>,
) -> Response {
    let (contact, token) = match contact(&app, &headers).await {
        Ok(found) => found,
        Err(redirect) => return redirect,
    };
    let account = match app.contact_account(&contact).await {
        Ok(account) => account,
        Err(err) => return failure(&Tr::from_headers(&headers), &err),
    };
    let t = Tr::new(account.language);
    let notice = match done.done.as_deref() {
        Some("left") => Some(t.get("desk-done-left")),
        Some("handed") => Some(t.get("desk-done-handed")),
        Some("added") => Some(t.get("desk-done-added")),
        _ => None,
    };
    my_files(&app, &contact, &token, account, &t, StatusCode::OK, notice).await
}

/// Renders "My files", with the teams the contact manages (C3).
async fn my_files(
    app: &App,
    contact: &ContactActor,
    token: &str,
    account: casegate_core::accounts::Account,
    t: &Tr,
    status: StatusCode,
    notice: Option<String>,
) -> Response {
    let files = match app.desk_files(contact).await {
        Ok(files) => files,
        Err(err) => return failure(t, &err),
    };
    let mut teams = Vec::new();
    let entities = match app.desk_entities(contact).await {
        Ok(entities) => entities,
        Err(err) => return failure(t, &err),
    };
    for entity in entities.into_iter().filter(|e| e.team_manager) {
        let files = match app.desk_entity_files(contact, entity.entity_id).await {
            Ok(files) => files,
            Err(err) => return failure(t, &err),
        };
        teams.push(TeamCard {
            id: entity.entity_id.to_string(),
            name: entity.entity_name,
            company: entity.company_name,
            files: files
                .into_iter()
                .map(|f| (f.client_id.to_string(), f.name, role_key(f.role)))
                .collect(),
        });
    }
    let page = DeskPage {
        teams,
        notice,
        t,
        me: None,
        name: account.name,
        csrf: session_csrf(token),
        files: files
            .into_iter()
            .map(|f| FileCard {
                id: f.client_id.to_string(),
                name: f.name,
                company: f.company_name,
                entity: f.entity_name,
                role_key: role_key(f.role),
                manager: f.manager_name,
                manager_email: f.manager_email,
            })
            .collect(),
    };
    html(status, page.render())
}

/// A colleague for a self-managed entity's file, by its team manager.
#[derive(Debug, serde::Deserialize)]
struct TeamForm {
    csrf: String,
    email: String,
}

/// `POST /desk/entities/{entity}/files/{id}/contacts` (C3, self-managed):
/// a team manager adds someone of the entity to one of its files, even one
/// they are not on; back to "My files".
async fn team_add(
    State(app): State<App>,
    headers: HeaderMap,
    axum::extract::Path((entity, id)): axum::extract::Path<(String, String)>,
    Form(form): Form<TeamForm>,
) -> Response {
    let (contact, token) = match contact(&app, &headers).await {
        Ok(found) => found,
        Err(redirect) => return redirect,
    };
    let account = match app.contact_account(&contact).await {
        Ok(account) => account,
        Err(err) => return failure(&Tr::from_headers(&headers), &err),
    };
    let t = Tr::new(account.language);
    if let Some(refused) = check_post(&headers, &t, Some(&session_csrf(&token)), &form.csrf) {
        return refused;
    }
    let (Ok(entity), Ok(client)) = (
        entity.parse::<casegate_core::EntityId>(),
        id.parse::<casegate_core::ClientId>(),
    ) else {
        return failure(&t, &casegate_app::AppError::NotFound);
    };
    let problem = match app
        .desk_add_contact(&contact, client, Some(entity), &form.email, None)
        .await
    {
        Ok(_) => return Redirect::to("/desk?done=added#teams").into_response(),
        Err(casegate_app::AppError::Validation(fields)) => fields
            .values()
            .next()
            .map(|m| t.message(m))
            .unwrap_or_default(),
        Err(casegate_app::AppError::Forbidden(message)) => t.message(&message),
        Err(err) => return failure(&t, &err),
    };
    let notice = Some(format!("{}: {problem}", form.email.trim()));
    my_files(
        &app,
        &contact,
        &token,
        account,
        &t,
        StatusCode::UNPROCESSABLE_ENTITY,
        notice,
    )
    .await
}

/// `POST /desk/language`: the contact's own language (X7), then back.
async fn language(
    State(app): State<App>,
    headers: HeaderMap,
    Form(form): Form<LanguageForm>,
) -> Response {
    let (contact, token) = match contact(&app, &headers).await {
        Ok(found) => found,
        Err(redirect) => return redirect,
    };
    let t = Tr::from_headers(&headers);
    if let Some(refused) = check_post(&headers, &t, Some(&session_csrf(&token)), &form.csrf) {
        return refused;
    }
    let Some(lang) = super::pages::parse_language(&form.language) else {
        return failure(&t, &casegate_app::AppError::NotFound);
    };
    if let Err(err) = app.set_contact_language(&contact, lang).await {
        return failure(&t, &err);
    }
    let back = form
        .back
        .filter(|b| b.starts_with("/desk") && !b.starts_with("//"))
        .unwrap_or_else(|| "/desk".to_owned());
    Redirect::to(&back).into_response()
}

/// The desk's language form.
#[derive(Debug, serde::Deserialize)]
struct LanguageForm {
    csrf: String,
    language: String,
    /// The desk page to go back to.
    back: Option<String>,
}

/// `POST /desk/logout`: ends the desk session and clears the cookie.
async fn logout(
    State(app): State<App>,
    headers: HeaderMap,
    Form(form): Form<TokenForm>,
) -> Response {
    let (contact, token) = match contact(&app, &headers).await {
        Ok(found) => found,
        Err(redirect) => return redirect,
    };
    let t = Tr::from_headers(&headers);
    if let Some(refused) = check_post(&headers, &t, Some(&session_csrf(&token)), &form.csrf) {
        return refused;
    }
    if let Err(err) = app.logout_contact(&contact).await {
        tracing::warn!(%err, "desk sign-out failed");
    }
    let mut response = Redirect::to("/login").into_response();
    let jar = response.headers_mut();
    jar.append(
        header::SET_COOKIE,
        set_cookie(&app, &headers, SESSION_COOKIE, "", Some(0)),
    );
    jar.append(
        header::SET_COOKIE,
        set_cookie(&app, &headers, CSRF_COOKIE, "", Some(0)),
    );
    response
}
