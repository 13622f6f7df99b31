//! The web UI's shared pages and helpers: the signed-in [`Viewer`], sign in
//! and out, message pages and the error page.

use std::time::Duration;

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use casegate_app::{Actor, App, AppError, RequestFilter, SignedIn};
use casegate_core::permissions::{Capabilities, capabilities_of};
use casegate_core::{Language, RequestStatus, User, UserId};
use serde::Deserialize;

use crate::client_addr::ClientAddr;
use crate::error::retry_after_secs;

use super::{
    CSRF_COOKIE, LANG_COOKIE, SESSION_COOKIE, Tr, check_post, cookie, html, random_token,
    session_csrf, set_cookie,
};

/// The signed-in person behind a page.
pub(crate) struct Viewer {
    pub actor: Actor,
    /// The signed-in user as stored (role, toggles, language).
    pub user: User,
    /// Display name for the header.
    pub name: String,
    /// CSRF token of the session's forms.
    pub csrf: String,
    /// The member a contributor works as (B11), with their name, from the
    /// `casegate_work_as` cookie; `None` when not working as anyone.
    pub work_as: Option<(UserId, String)>,
    /// The sections the user may use (B2–B10), for the navigation.
    pub caps: Capabilities,
    /// Pending access requests this user may decide (the navigation's badge).
    pub to_decide: usize,
    pub t: Tr,
}

impl Viewer {
    /// The navigation's count of requests waiting for this user, if any,
    /// written for the language.
    pub fn to_decide_badge(&self) -> Option<String> {
        u64::try_from(self.to_decide)
            .ok()
            .filter(|n| *n > 0)
            .map(|n| self.t.number(n))
    }

    /// Whether the navigation offers "Administration": admins, and whoever
    /// may manage staff or the company's settings (B2, B10).
    pub fn sees_admin(&self) -> bool {
        self.user.role.is_admin_like() || self.caps.staff || self.caps.account_settings
    }
}

/// The session's viewer, or the redirect to `/login`.
pub(crate) async fn viewer(app: &App, headers: &HeaderMap) -> Result<Viewer, Response> {
    let to_login = || Redirect::to("/login").into_response();
    let token = cookie(headers, SESSION_COOKIE).ok_or_else(to_login)?;
    let actor = app.authenticate(&token).await.map_err(|_| to_login())?;
    let user = app.me(&actor).await.map_err(|_| to_login())?;
    let work_as = super::work_as::current(app, &actor, headers).await;
    let pending = RequestFilter {
        status: Some(RequestStatus::Pending),
    };
    // A badge only: a failure here must not fail the page.
    let to_decide = app
        .access_requests(&actor, pending, None, 100)
        .await
        .map_or(0, |page| {
            page.items
                .iter()
                .filter(|r| r.requester.id != actor.user_id)
                .count()
        });
    // The zone of every date on the page: a failure here must not fail it.
    let zone = app
        .zone_of(&actor)
        .await
        .unwrap_or(casegate_core::time::Tz::UTC);
    Ok(Viewer {
        csrf: session_csrf(&token),
        name: user.name.clone(),
        t: Tr::new(user.language).with_zone(zone),
        caps: capabilities_of(&user),
        to_decide,
        user,
        work_as,
        actor,
    })
}

/// The viewer of a signed-in form's POST, once its origin and CSRF token
/// (`csrf`) are right; otherwise the redirect to `/login` or the 403 page.
pub(crate) async fn signed_post(
    app: &App,
    headers: &HeaderMap,
    csrf: &str,
) -> Result<Viewer, Response> {
    let me = viewer(app, headers).await?;
    match check_post(headers, &me.t, Some(&me.csrf), csrf) {
        Some(refused) => Err(refused),
        None => Ok(me),
    }
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
    message_page_with(t, status, title, t.get(body))
}

/// [`message_page`] with a paragraph already written.
fn message_page_with(t: &Tr, status: StatusCode, title: &str, body: String) -> Response {
    let page = MessagePage {
        t,
        me: None,
        title: t.get(title),
        body,
    };
    html(status, page.render())
}

/// What a throttled visitor reads: how long to wait, rounded up to whole
/// seconds, or to minutes from one minute on.
fn throttled(t: &Tr, retry_after: Duration) -> String {
    let secs = retry_after_secs(retry_after);
    let wait = match secs {
        0 | 1 => t.get("wait-second"),
        2..=59 => t.arg("wait-seconds", "count", &t.number(secs)),
        _ => match secs.div_ceil(60) {
            1 => t.get("wait-minute"),
            minutes => t.arg("wait-minutes", "count", &t.number(minutes)),
        },
    };
    t.arg("login-throttled", "wait", &wait)
}

/// A 429 page carries `Retry-After` like the API's answer.
fn with_retry_after(mut response: Response, retry_after: Duration) -> Response {
    response.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from(retry_after_secs(retry_after)),
    );
    response
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
    /// A status line above the form (after a password reset, AC2).
    notice: Option<String>,
}

fn login_page(
    app: &App,
    headers: &HeaderMap,
    t: &Tr,
    status: StatusCode,
    email: String,
    error: Option<String>,
) -> Response {
    login_page_with(app, headers, t, status, email, error, None)
}

fn login_page_with(
    app: &App,
    headers: &HeaderMap,
    t: &Tr,
    status: StatusCode,
    email: String,
    error: Option<String>,
    notice: Option<String>,
) -> Response {
    let csrf = random_token();
    let page = LoginPage {
        t,
        me: None,
        csrf: csrf.clone(),
        email,
        error,
        notice,
    };
    let mut response = html(status, page.render());
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(app, headers, CSRF_COOKIE, &csrf, None),
    );
    response
}

/// `?lang=` on the sign-in page: the language links before sign-in;
/// `?reset=1` after a password reset (AC2), `?everywhere=1` after signing
/// out everywhere.
#[derive(Deserialize)]
pub(crate) struct LoginQuery {
    lang: Option<String>,
    reset: Option<String>,
    everywhere: Option<String>,
}

/// `GET /login`; `?lang=fr` chooses the language before sign-in and keeps it
/// in the `casegate_lang` cookie (read before `Accept-Language`).
pub(crate) async fn login_form(
    State(app): State<App>,
    headers: HeaderMap,
    Query(query): Query<LoginQuery>,
) -> Response {
    let chosen = query.lang.as_deref().and_then(parse_language);
    let t = chosen.map_or_else(|| Tr::from_headers(&headers), Tr::new);
    let notice = if query.reset.is_some() {
        Some(t.get("account-reset-done"))
    } else if query.everywhere.is_some() {
        Some(t.get("account-signed-out-everywhere"))
    } else {
        None
    };
    let mut response = login_page_with(
        &app,
        &headers,
        &t,
        StatusCode::OK,
        String::new(),
        None,
        notice,
    );
    if chosen.is_some() {
        response.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(&app, &headers, LANG_COOKIE, t.code(), None),
        );
    }
    response
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
    ClientAddr(from): ClientAddr,
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
    match app.login_any(&form.email, &form.password, from).await {
        Ok(signed_in) => {
            let (token, to) = match signed_in {
                SignedIn::Staff(token, _) => (token, "/clients"),
                SignedIn::Contact(token, _) => (token, "/desk"),
            };
            let mut response = Redirect::to(to).into_response();
            let jar = response.headers_mut();
            jar.append(
                header::SET_COOKIE,
                set_cookie(&app, &headers, SESSION_COOKIE, &token, None),
            );
            jar.append(
                header::SET_COOKIE,
                set_cookie(&app, &headers, CSRF_COOKIE, "", Some(0)),
            );
            response
        }
        Err(AppError::RateLimited { retry_after }) => with_retry_after(
            login_page(
                &app,
                &headers,
                &t,
                StatusCode::TOO_MANY_REQUESTS,
                form.email,
                Some(throttled(&t, retry_after)),
            ),
            retry_after,
        ),
        Err(_) => login_page(
            &app,
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
    pub csrf: String,
    #[serde(default)]
    pub message: String,
}

/// `POST /logout`: ends the API token and clears the cookie.
pub(crate) async fn logout(
    State(app): State<App>,
    headers: HeaderMap,
    Form(form): Form<TokenForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    if let Err(err) = app.logout(&me.actor).await {
        tracing::warn!(%err, "sign-out failed");
    }
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&app, &headers, SESSION_COOKIE, "", Some(0)),
    );
    response
}

/// The page of an application error: an exhaustive match (STYLE 8), 5xx
/// details to the log only.
pub(crate) fn failure(t: &Tr, err: &AppError) -> Response {
    match err {
        AppError::NotFound => {
            message_page(t, StatusCode::NOT_FOUND, "notfound-title", "notfound-body")
        }
        AppError::Forbidden(message) => message_page_with(
            t,
            StatusCode::FORBIDDEN,
            "forbidden-title",
            t.message(message),
        ),
        AppError::AccessDenied { .. } | AppError::AccessRequestsDisabled => message_page(
            t,
            StatusCode::FORBIDDEN,
            "forbidden-title",
            "forbidden-body",
        ),
        AppError::Validation(fields) => message_page_with(
            t,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-title",
            fields
                .values()
                .map(|m| t.message(m))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        AppError::Unauthenticated => Redirect::to("/login").into_response(),
        AppError::RateLimited { retry_after } => with_retry_after(
            message_page_with(
                t,
                StatusCode::TOO_MANY_REQUESTS,
                "error-title",
                throttled(t, *retry_after),
            ),
            *retry_after,
        ),
        AppError::Conflict(message) => {
            message_page_with(t, StatusCode::CONFLICT, "invalid-title", t.message(message))
        }
        AppError::ConfirmationRequired { .. } | AppError::OwnsClients { .. } => {
            message_page(t, StatusCode::CONFLICT, "invalid-title", "invalid-body")
        }
        AppError::LinkUsed => {
            message_page(t, StatusCode::GONE, "link-used-title", "link-used-body")
        }
        AppError::LinkExpired => message_page(
            t,
            StatusCode::GONE,
            "link-expired-title",
            "link-expired-body",
        ),
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

/// The language switcher's form.
#[derive(Deserialize)]
pub(crate) struct LanguageForm {
    #[serde(default)]
    csrf: String,
    language: String,
}

/// `POST /language`: the signed-in user's own language, then back to the
/// page the form was on (the `Referer`'s path, when it is this site's).
pub(crate) async fn language(
    State(app): State<App>,
    headers: HeaderMap,
    Form(form): Form<LanguageForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let Some(lang) = parse_language(&form.language) else {
        return message_page(
            &me.t,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-title",
            "invalid-body",
        );
    };
    if let Err(err) = app.set_my_language(&me.actor, lang).await {
        return failure(&me.t, &err);
    }
    Redirect::to(&back_path(&headers)).into_response()
}

/// `en`, `fr` or `da`.
pub(crate) fn parse_language(code: &str) -> Option<Language> {
    match code {
        "en" => Some(Language::En),
        "fr" => Some(Language::Fr),
        "da" => Some(Language::Da),
        _ => None,
    }
}

/// The path of this site's `Referer` (checked by `check_post`), else `/`:
/// never a redirect to another site.
fn back_path(headers: &HeaderMap) -> String {
    headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| {
            let rest = r
                .strip_prefix("https://")
                .or_else(|| r.strip_prefix("http://"))?;
            let path = rest.get(rest.find('/')?..)?;
            (!path.starts_with("//")).then(|| path.to_owned())
        })
        .unwrap_or_else(|| "/".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_throttled_visitor_reads_how_long_to_wait_in_their_language() {
        let en = Tr::new(Language::En);
        let wait = |secs| throttled(&en, Duration::from_secs(secs));
        assert_eq!(
            wait(1),
            "Too many failed attempts. Wait 1 second and try again."
        );
        assert!(wait(8).contains("Wait 8 seconds"));
        assert!(wait(60).contains("Wait 1 minute "));
        assert!(wait(61).contains("Wait 2 minutes"));
        assert!(
            throttled(&en, Duration::from_millis(1500)).contains("Wait 2 seconds"),
            "rounded up"
        );
        assert_eq!(
            throttled(&Tr::new(Language::Fr), Duration::from_secs(900)),
            "Trop de tentatives infructueuses. Patientez 15 minutes avant de réessayer."
        );
        assert_eq!(
            throttled(&Tr::new(Language::Da), Duration::from_secs(1)),
            "For mange mislykkede forsøg. Vent et sekund, og prøv igen."
        );
    }
}
