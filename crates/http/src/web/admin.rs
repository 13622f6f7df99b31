//! SCAFFOLD: admin pages (filled in by its owner).

use axum::Router;
use casegate_app::App;

/// The admin pages' routes.
pub(crate) fn routes() -> Router<App> {
    Router::new()
}
