//! The security headers of every answer (tower-http's `SetResponseHeader`):
//!
//! - HTML: `Content-Security-Policy` [`CSP`]: everything from this origin
//!   only, no inline script or style, no framing, forms post here only.
//! - Everything: `X-Content-Type-Options: nosniff`, `Referrer-Policy:
//!   same-origin`, and `Cache-Control: no-store` unless the route set its
//!   own: every API answer and page carries someone's data; only the
//!   stylesheet and Swagger UI's files say they may be cached.
//! - With an `https://` public URL, `Strict-Transport-Security` [`HSTS`].
//!
//! Swagger UI (`/api/docs`) gets its own policy, [`SWAGGER_CSP`]: its
//! scripts are files of this origin like everything else, but its React
//! components write inline `style` attributes and its stylesheet uses
//! `data:` images, so it allows those two, on its own routes only.

use axum::Router;
use axum::http::HeaderValue;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY,
    STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
};
use axum::response::Response;
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy of every HTML page of the web UI.
pub const CSP: &str = "default-src 'self'; frame-ancestors 'none'; form-action 'self'";

/// Swagger UI's policy: [`CSP`] plus inline styles and `data:` images.
pub const SWAGGER_CSP: &str = "default-src 'self'; img-src 'self' data:; \
     style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'";

/// HTTPS only, for a year, subdomains included.
pub const HSTS: &str = "max-age=31536000; includeSubDomains";

/// What static files say instead of `no-store`.
pub const CACHEABLE: &str = "public, max-age=3600";

/// Every answer of `router` gets the headers above; `https` adds HSTS.
pub fn secure(router: Router, https: bool) -> Router {
    let hsts = https.then(|| HeaderValue::from_static(HSTS));
    router
        .layer(SetResponseHeaderLayer::if_not_present(
            CONTENT_SECURITY_POLICY,
            csp_of_html,
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            STRICT_TRANSPORT_SECURITY,
            hsts,
        ))
}

/// Swagger UI's routes: its own policy, and its files may be cached.
pub fn swagger<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    router
        .layer(SetResponseHeaderLayer::overriding(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(SWAGGER_CSP),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            CACHE_CONTROL,
            HeaderValue::from_static(CACHEABLE),
        ))
}

/// [`CSP`] for an HTML answer, nothing for the others.
fn csp_of_html(response: &Response) -> Option<HeaderValue> {
    let html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    html.then(|| HeaderValue::from_static(CSP))
}
