//! SCAFFOLD: B11 "work as" in the web UI (filled in by its owner).

use axum::Router;
use axum::http::HeaderMap;
use casegate_app::{Actor, App};
use casegate_core::UserId;

/// The work-as routes.
pub(crate) fn routes() -> Router<App> {
    Router::new()
}

/// The member the viewer works as, from the work-as cookie, if valid.
pub(crate) async fn current(
    _app: &App,
    _actor: &Actor,
    _headers: &HeaderMap,
) -> Option<(UserId, String)> {
    None
}
