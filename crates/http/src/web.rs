//! The server-rendered web UI (issue 4, first slice): sign in and out, the
//! clients list (A12) and the client page with the requester's view (A13,
//! A17), in English, French and Danish.
//!
//! Decisions:
//! - Session: the `casegate_session` cookie holds the API token issued by
//!   `App::login`; every page authenticates it with `App::authenticate`, so
//!   a deactivated user (A22) or a signed-out token ends the web session at
//!   once, with no server-side session store to keep in step.
//! - Cookies are `HttpOnly; SameSite=Lax; Path=/`, plus `Secure` when the
//!   public URL is `https://` (or a proxy says `X-Forwarded-Proto: https`).
//! - CSRF: every POST form carries a hidden `csrf` field. Signed in, it is
//!   derived from the session token (sha256, so it never reveals it); on the
//!   sign-in form it must match the random `casegate_csrf` cookie (double
//!   submit). Every POST must also name this host in `Origin` (or, without
//!   it, `Referer`); a missing or foreign one is refused with a 403 page.

mod account;
mod admin;
#[cfg(test)]
mod catalogue_tests;
mod client;
mod clients;
mod deal;
mod desk;
mod i18n;
mod pages;
mod requests;
mod sharing;
mod wording;
mod work_as;

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use casegate_app::App;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub use i18n::{Tr, english};

/// The cookie that holds the signed-in user's API token.
pub const SESSION_COOKIE: &str = "casegate_session";

/// The double-submit cookie of the sign-in form.
pub const CSRF_COOKIE: &str = "casegate_csrf";

/// Before sign-in: the language chosen with the switcher.
pub const LANG_COOKIE: &str = "casegate_lang";

/// The cookie naming the member a contributor works as (B11).
pub const WORK_AS_COOKIE: &str = "casegate_work_as";

/// The stylesheet, compiled into the binary: the base and one part per area.
const STYLE: &str = concat!(
    include_str!("../templates/style.css"),
    include_str!("../templates/client.css"),
    include_str!("../templates/clients.css"),
    include_str!("../templates/sharing.css"),
    include_str!("../templates/requests.css"),
    include_str!("../templates/admin.css"),
    include_str!("../templates/account.css"),
    include_str!("../templates/desk.css"),
);

/// The web UI's routes, mounted at `/`.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/", get(pages::home))
        .route("/login", get(pages::login_form).post(pages::login))
        .route("/logout", post(pages::logout))
        .route("/clients/{id}", get(client::client))
        .route("/clients/{id}/request", post(client::request_access))
        .route("/language", post(pages::language))
        .route("/static/casegate.css", get(style))
        .merge(clients::routes())
        .merge(client::routes())
        .merge(sharing::routes())
        .merge(requests::routes())
        .merge(admin::routes())
        .merge(work_as::routes())
        .merge(account::routes())
        .merge(desk::routes())
        .merge(deal::routes())
}

async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, crate::headers::CACHEABLE),
        ],
        STYLE,
    )
        .into_response()
}

/// The value of cookie `name` in the request, if any.
pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// A `Set-Cookie` value for `name=value`; `max_age` 0 removes it.
/// `Secure` when the app's public URL is https, or a proxy says the request
/// came over https.
pub(crate) fn set_cookie(
    app: &App,
    headers: &HeaderMap,
    name: &str,
    value: &str,
    max_age: Option<u32>,
) -> HeaderValue {
    let secure = app.config().public_url.starts_with("https://")
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"));
    cookie_value(name, value, max_age, secure)
}

fn cookie_value(name: &str, value: &str, max_age: Option<u32>, secure: bool) -> HeaderValue {
    let mut out = format!("{name}={value}; HttpOnly; SameSite=Lax; Path=/");
    if let Some(age) = max_age {
        out.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        out.push_str("; Secure");
    }
    HeaderValue::from_str(&out).unwrap_or_else(|_| HeaderValue::from_static("casegate_invalid=1"))
}

/// 32 random bytes in hex.
pub(crate) fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The CSRF token of a signed-in session: derived from its API token.
pub(crate) fn session_csrf(token: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"casegate-web-csrf:");
    hasher.update(token.as_bytes());
    hex(&hasher.finalize())
}

/// Whether `a` and `b` are equal, in time independent of where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Whether a POST names this host in `Origin`, or without it in `Referer`.
pub(crate) fn same_origin(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    let Some(source) = source else { return false };
    let rest = source
        .strip_prefix("https://")
        .or_else(|| source.strip_prefix("http://"));
    rest.and_then(|r| r.split('/').next())
        .is_some_and(|h| h.eq_ignore_ascii_case(host))
}

/// Refuses a POST whose origin or CSRF token is wrong: `Some` is the 403 page.
pub(crate) fn check_post(
    headers: &HeaderMap,
    tr: &Tr,
    expected: Option<&str>,
    given: &str,
) -> Option<Response> {
    let token_ok = expected.is_some_and(|e| !e.is_empty() && same(e, given));
    if same_origin(headers) && token_ok {
        None
    } else {
        Some(pages::message_page(
            tr,
            StatusCode::FORBIDDEN,
            "csrf-title",
            "csrf-body",
        ))
    }
}

/// The HTML "not found" page of an unknown path, in the browser's language.
pub fn not_found(headers: &HeaderMap) -> Response {
    pages::message_page(
        &Tr::from_headers(headers),
        StatusCode::NOT_FOUND,
        "notfound-title",
        "notfound-body",
    )
}

/// An HTML answer with the given status.
pub(crate) fn html(status: StatusCode, body: Result<String, askama::Error>) -> Response {
    match body {
        Ok(body) => (status, Html(body)).into_response(),
        Err(err) => {
            tracing::error!(%err, "template failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Html("<h1>500</h1>".to_owned()),
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(*k, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn origin_must_name_this_host() {
        assert!(same_origin(&headers(&[
            ("host", "a.test"),
            ("origin", "http://a.test")
        ])));
        assert!(same_origin(&headers(&[
            ("host", "a.test"),
            ("referer", "https://a.test/login")
        ])));
        assert!(!same_origin(&headers(&[
            ("host", "a.test"),
            ("origin", "http://evil.test")
        ])));
        assert!(!same_origin(&headers(&[("host", "a.test")])));
    }

    #[test]
    fn cookies_are_http_only_and_secure_when_asked() {
        let plain = cookie_value(SESSION_COOKIE, "t", None, false);
        let plain = plain.to_str().unwrap_or("");
        assert!(plain.contains("HttpOnly") && plain.contains("SameSite=Lax"));
        assert!(!plain.contains("Secure"));
        let https = cookie_value(SESSION_COOKIE, "t", Some(0), true);
        let https = https.to_str().unwrap_or("");
        assert!(https.contains("Secure") && https.contains("Max-Age=0"));
    }

    #[test]
    fn cookies_are_read_by_name() {
        let h = headers(&[("cookie", "a=1; casegate_session=xyz")]);
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("xyz"));
        assert_eq!(cookie(&h, "b"), None);
    }
}
