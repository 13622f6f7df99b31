//! The view log of a client (X9): who opened it or downloaded its
//! documents, when, and through which access; for its owner and admins.

use axum::Json;
use axum::extract::State;
use casegate_app::{App, ViewLine};
use casegate_core::{ClientId, ViewKind};
use serde::Serialize;
use utoipa::ToSchema;

use super::types::{List, Named, PageParams, ts};
use crate::auth::Authed;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiPath, ApiQuery};

/// What was looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = ViewKind)]
pub enum Kind {
    ClientOpened,
    DocumentDownloaded,
}

impl From<ViewKind> for Kind {
    fn from(k: ViewKind) -> Self {
        match k {
            ViewKind::ClientOpened => Kind::ClientOpened,
            ViewKind::DocumentDownloaded => Kind::DocumentDownloaded,
        }
    }
}

/// One line of the view log (X9).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = ViewLogEntry)]
pub struct View {
    #[schema(format = Uuid)]
    pub id: String,
    pub user: Named,
    /// B11: the contributor behind a "work as" view; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub real_user: Option<Named>,
    pub kind: Kind,
    /// The document, for a download.
    #[schema(required = true, format = Uuid)]
    pub document_id: Option<String>,
    /// The rule ids that opened the client then, e.g. `["A8"]`.
    pub through: Vec<String>,
    #[schema(format = DateTime)]
    pub at: String,
}

impl From<ViewLine> for View {
    fn from(line: ViewLine) -> Self {
        View {
            id: line.entry.id.to_string(),
            user: line.user.into(),
            real_user: line.real_user.map(Named::from),
            kind: line.entry.kind.into(),
            document_id: line.entry.document_id.map(|d| d.to_string()),
            through: line.entry.through,
            at: ts(line.entry.at),
        }
    }
}

/// A client's view log, newest first (its owner and admins).
#[utoipa::path(get, path = "/api/v1/clients/{id}/views", tag = "clients",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "client id"), PageParams),
    responses(
        (status = 200, description = "one page of the view log", body = List<View>),
        (status = 403, description = "neither the owner nor an admin", body = ErrorBody),
        (status = 404, description = "no such client in this company", body = ErrorBody),
        (status = 422, description = "bad limit or cursor", body = ErrorBody),
    )
)]
pub async fn list_views(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<ClientId>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> Result<Json<List<View>>, ApiError> {
    let limit = page.limit()?;
    let found = app.views(&actor, id, page.cursor(), limit).await?;
    Ok(Json(List {
        items: found.items.into_iter().map(View::from).collect(),
        next_cursor: found.next.map(|v| v.to_string()),
    }))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]

    use super::*;

    #[test]
    fn kinds_travel_under_their_model_names() {
        for kind in [ViewKind::ClientOpened, ViewKind::DocumentDownloaded] {
            let wire = serde_json::to_value(Kind::from(kind)).unwrap();
            assert_eq!(wire, kind.as_str());
        }
    }
}
