//! casegate's HTTP face: the JSON API under `/api/v1` (API.md), its OpenAPI
//! document (`/api/v1/openapi.json`), Swagger UI (`/api/docs`) and the
//! server-rendered web UI at `/` (web.rs).
//!
//! Layers, outermost first: request tracing; the security headers (CSP,
//! nosniff, Referrer-Policy, no-store, HSTS on https: headers.rs); the API's
//! error body for any error answer of a lower layer; a 30 second time-out;
//! the 64 KiB body limit; then, for `/api/v1`, the `Casegate-At-Least`
//! wait, the refusal of `Casegate-Work-As` (all but the activity routes,
//! B11), and the routes.

pub mod api;
pub mod auth;
pub mod client_addr;
pub mod error;
pub mod extract;
pub mod headers;
pub mod openapi;
pub mod revision;
pub mod web;
pub mod work_as;

use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router, middleware};
use casegate_app::App;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa_swagger_ui::SwaggerUi;

pub use client_addr::ClientAddr;
pub use error::{ApiError, ErrorBody, ErrorCode, retry_after_secs};
pub use extract::JSON_BODY_LIMIT;
pub use openapi::openapi;
pub use revision::{AT_LEAST_HEADER, REVISION_HEADER};

/// How long a request may take before it answers 503 `timeout`.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Where the JSON API lives.
pub const API_BASE: &str = "/api/v1";

/// The whole HTTP service of the API, ready to serve.
pub fn router(app: App) -> Router {
    let doc = openapi();
    let api = api::routes()
        .route(
            "/openapi.json",
            get(move || {
                let doc = doc.clone();
                async move { Json(doc) }
            }),
        )
        // B11: `Casegate-Work-As` is refused everywhere but the activity routes.
        .layer(middleware::from_fn(work_as::refuse))
        .merge(api::activities::routes())
        .layer(middleware::from_fn_with_state(
            app.clone(),
            revision::at_least,
        ));
    let swagger = headers::swagger(Router::from(
        SwaggerUi::new("/api/docs").config(utoipa_swagger_ui::Config::from("/api/v1/openapi.json")),
    ));
    let https = app.config().public_url.starts_with("https://");
    let routes = Router::new()
        .nest(API_BASE, api)
        .merge(swagger)
        .fallback(error::unknown_route)
        .layer(timeout())
        // The API's error body for error answers of the API, Swagger UI,
        // unknown routes and the time-out; the web UI's HTML error pages
        // (merged after this layer) are left as they are.
        .layer(middleware::map_response(error::normalize))
        .merge(web::routes().layer(timeout()))
        .with_state(app)
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT));
    headers::secure(routes, https).layer(TraceLayer::new_for_http())
}

/// 503 after [`REQUEST_TIMEOUT`].
fn timeout() -> TimeoutLayer {
    TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, REQUEST_TIMEOUT)
}
