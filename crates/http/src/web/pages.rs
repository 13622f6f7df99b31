//! The web UI's pages: sign in and out, the clients list (A12) and the
//! client page, which for a locked client is the requester's view (A13)
//! with "Request access" or the A17 notice.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use casegate_app::{Actor, App, AppError, mask};
use casegate_core::{Client, ClientId, Subject};
use serde::Deserialize;

use super::{
    CSRF_COOKIE, SESSION_COOKIE, Tr, check_post, cookie, html, random_token, session_csrf,
    set_cookie,
};

/// How many clients a page of the list shows.
const PAGE_SIZE: usize = 50;

/// The signed-in person behind a page.
pub(crate) struct Viewer {
    actor: Actor,
    /// Display name for the header.
    pub name: String,
    /// CSRF token of the session's forms.
    pub csrf: String,
    t: Tr,
}

/// The session's viewer, or the redirect to `/login`.
async fn viewer(app: &App, headers: &HeaderMap) -> Result<Viewer, Response> {
    let to_login = || Redirect::to("/login").into_response();
    let token = cookie(headers, SESSION_COOKIE).ok_or_else(to_login)?;
    let actor = app.authenticate(&token).await.map_err(|_| to_login())?;
    let user = app.me(&actor).await.map_err(|_| to_login())?;
    Ok(Viewer {
        csrf: session_csrf(&token),
        name: user.name,
        t: Tr::new(user.language),
        actor,
    })
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    title: String,
    body: String,
}

/// A page with a title and one paragraph (errors, refusals).
pub(crate) fn message_page(t: &Tr, status: StatusCode, title: &str, body: &str) -> Response {
    let page = MessagePage {
        t,
        me: None,
        title: t.get(title),
        body: t.get(body),
    };
    html(status, page.render())
}

/// `GET /`: the clients when signed in, else the sign-in page.
pub(crate) async fn home(State(app): State<App>, headers: HeaderMap) -> Response {
    match viewer(&app, &headers).await {
        Ok(_) => Redirect::to("/clients").into_response(),
        Err(login) => login,
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    csrf: String,
    email: String,
    error: Option<String>,
}

fn login_page(
    headers: &HeaderMap,
    t: &Tr,
    status: StatusCode,
    email: String,
    error: Option<String>,
) -> Response {
    let csrf = random_token();
    let page = LoginPage {
        t,
        me: None,
        csrf: csrf.clone(),
        email,
        error,
    };
    let mut response = html(status, page.render());
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(headers, CSRF_COOKIE, &csrf, None),
    );
    response
}

/// `GET /login`.
pub(crate) async fn login_form(headers: HeaderMap) -> Response {
    login_page(
        &headers,
        &Tr::from_headers(&headers),
        StatusCode::OK,
        String::new(),
        None,
    )
}

/// The sign-in form.
#[derive(Deserialize)]
pub(crate) struct LoginForm {
    email: String,
    password: String,
    #[serde(default)]
    csrf: String,
}

/// `POST /login`: on success the session cookie and the clients list.
pub(crate) async fn login(
    State(app): State<App>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let t = Tr::from_headers(&headers);
    if let Some(refused) = check_post(
        &headers,
        &t,
        cookie(&headers, CSRF_COOKIE).as_deref(),
        &form.csrf,
    ) {
        return refused;
    }
    match app.login(&form.email, &form.password).await {
        Ok((token, _user)) => {
            let mut response = Redirect::to("/clients").into_response();
            let jar = response.headers_mut();
            jar.append(
                header::SET_COOKIE,
                set_cookie(&headers, SESSION_COOKIE, &token, None),
            );
            jar.append(
                header::SET_COOKIE,
                set_cookie(&headers, CSRF_COOKIE, "", Some(0)),
            );
            response
        }
        Err(AppError::RateLimited) => login_page(
            &headers,
            &t,
            StatusCode::TOO_MANY_REQUESTS,
            form.email,
            Some(t.get("login-throttled")),
        ),
        Err(_) => login_page(
            &headers,
            &t,
            StatusCode::UNAUTHORIZED,
            form.email,
            Some(t.get("login-wrong")),
        ),
    }
}

/// A form that carries only its CSRF token (and maybe a message).
#[derive(Deserialize)]
pub(crate) struct TokenForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    message: String,
}

/// `POST /logout`: ends the API token and clears the cookie.
pub(crate) async fn logout(
    State(app): State<App>,
    headers: HeaderMap,
    Form(form): Form<TokenForm>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    if let Some(refused) = check_post(&headers, &me.t, Some(&me.csrf), &form.csrf) {
        return refused;
    }
    if let Err(err) = app.logout(&me.actor).await {
        tracing::warn!(%err, "sign-out failed");
    }
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&headers, SESSION_COOKIE, "", Some(0)),
    );
    response
}

/// `?q=` and `?cursor=` of the list.
#[derive(Deserialize)]
pub(crate) struct ListQuery {
    q: Option<String>,
    cursor: Option<String>,
}

/// One row of the list.
struct Row {
    id: String,
    name: String,
    locked: bool,
}

#[derive(Template)]
#[template(path = "clients.html")]
struct ClientsPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    q: String,
    rows: Vec<Row>,
    next: Option<String>,
}

/// `GET /clients` (A12): every client, the locked ones marked.
pub(crate) async fn clients(
    State(app): State<App>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    let q = query.q.unwrap_or_default();
    let search = Some(q.trim()).filter(|s| !s.is_empty());
    let cursor = query.cursor.filter(|c| !c.is_empty());
    match app
        .clients(&me.actor, search, cursor.as_deref(), PAGE_SIZE)
        .await
    {
        Ok(page) => {
            let rows = page
                .items
                .into_iter()
                .map(|c| Row {
                    id: c.id.to_string(),
                    name: c.name,
                    locked: c.locked,
                })
                .collect();
            let next = page.next.map(|c| c.encode());
            let view = ClientsPage {
                t: &me.t,
                me: Some(&me),
                q,
                rows,
                next,
            };
            html(StatusCode::OK, view.render())
        }
        Err(err) => failure(&me.t, &err),
    }
}

/// One name on the requester's view.
struct Person {
    name: String,
    kind: &'static str,
    owner: bool,
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
}

/// `?requested=1` after asking.
#[derive(Deserialize)]
pub(crate) struct ClientQuery {
    requested: Option<String>,
}

/// `GET /clients/{id}`: the fields, or for a locked client the requester's view.
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
    let mut page = ClientPage {
        t: &me.t,
        me: Some(&me),
        id: id.clone(),
        client: None,
        hide_email: false,
        hide_phone: false,
        people: Vec::new(),
        can_request: false,
        owner: String::new(),
        requested: query.requested.is_some(),
    };
    match app.open_client(&me.actor, client_id).await {
        Ok(card) => {
            page.hide_email = card.masking.hide_email;
            page.hide_phone = card.masking.hide_phone;
            page.client = Some(mask(card.client, card.masking));
        }
        Err(AppError::AccessDenied { .. }) => match app.access_panel(&me.actor, client_id).await {
            Ok(panel) => {
                page.can_request = panel.can_request;
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
                        name: line.subject.name,
                        kind,
                        owner: line.owner,
                    });
                }
            }
            Err(err) => return failure(&me.t, &err),
        },
        Err(err) => return failure(&me.t, &err),
    }
    html(StatusCode::OK, page.render())
}

/// `POST /clients/{id}/request` (A14): asks the owner and sharers for access.
pub(crate) async fn request_access(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<TokenForm>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    if let Some(refused) = check_post(&headers, &me.t, Some(&me.csrf), &form.csrf) {
        return refused;
    }
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

/// The page of an application error: an exhaustive match (STYLE 8), 5xx
/// details to the log only.
fn failure(t: &Tr, err: &AppError) -> Response {
    match err {
        AppError::NotFound => {
            message_page(t, StatusCode::NOT_FOUND, "notfound-title", "notfound-body")
        }
        AppError::Forbidden(_)
        | AppError::AccessDenied { .. }
        | AppError::AccessRequestsDisabled => message_page(
            t,
            StatusCode::FORBIDDEN,
            "forbidden-title",
            "forbidden-body",
        ),
        AppError::Validation(_) => message_page(
            t,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-title",
            "invalid-body",
        ),
        AppError::Unauthenticated => Redirect::to("/login").into_response(),
        AppError::RateLimited => message_page(
            t,
            StatusCode::TOO_MANY_REQUESTS,
            "error-title",
            "login-throttled",
        ),
        AppError::Conflict(_) | AppError::ConfirmationRequired { .. } => {
            message_page(t, StatusCode::CONFLICT, "invalid-title", "invalid-body")
        }
        AppError::RevisionUnavailable(_) | AppError::Internal(_) => {
            tracing::error!(%err, "web page failed");
            message_page(
                t,
                StatusCode::INTERNAL_SERVER_ERROR,
                "error-title",
                "error-body",
            )
        }
    }
}
