//! Access requests (A14–A18): ask for access to a locked client, list the
//! requests one may decide or has made, approve, deny, cancel.

use axum::Json;
use axum::extract::State;
use casegate_app::{App, RequestFilter, RequestView};
use casegate_core::{AccessRequestId, ClientId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::constraints;
use super::types::{List, Named, PageParams, RequestStatus, Standing, list_of, standing, ts};
use crate::auth::Authed;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiPath, ApiQuery, OptionalJson};
use crate::revision::Wrote;

/// An access request and what became of it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccessRequest {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub client_id: String,
    /// Kept when the client is deleted.
    pub client_name: String,
    /// `deleted` once the client is deleted; left out while it is there.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub client_standing: Option<Standing>,
    pub requester: Named,
    #[schema(required = true)]
    pub message: Option<String>,
    pub status: RequestStatus,
    #[schema(format = DateTime)]
    pub created_at: String,
    /// A16: a pending request expires 30 days after it was made.
    #[schema(format = DateTime)]
    pub expires_at: String,
    /// The first to decide (A16).
    #[schema(required = true)]
    pub decided_by: Option<Named>,
    #[schema(format = DateTime, required = true)]
    pub decided_at: Option<String>,
    /// The reason of a denial.
    #[schema(required = true)]
    pub reason: Option<String>,
}

impl From<RequestView> for AccessRequest {
    fn from(v: RequestView) -> Self {
        let r = v.request;
        AccessRequest {
            id: r.id.to_string(),
            client_id: r.client_id.to_string(),
            client_name: v.client_name,
            client_standing: standing(v.client_standing),
            requester: v.requester.into(),
            message: r.message,
            status: r.status.into(),
            created_at: ts(r.created_at),
            expires_at: ts(r.expires_at),
            decided_by: v.decided_by.map(Named::from),
            decided_at: r.decided_at.map(ts),
            reason: r.reason,
        }
    }
}

/// `POST /clients/{id}/access-requests`; the body may be left out.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestInput {
    /// For those who decide.
    #[schema(schema_with = constraints::long_text)]
    pub message: Option<String>,
}

/// `POST /access-requests/{id}/deny`; the body may be left out.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DenyInput {
    /// Sent to the requester.
    #[schema(schema_with = constraints::long_text)]
    pub reason: Option<String>,
}

/// `?status=` of `GET /access-requests`, with paging.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestQuery {
    /// Only requests in this state.
    #[param(value_type = Option<RequestStatus>)]
    pub status: Option<String>,
    /// Page size, 1 to 500 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500)]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Asks for access to a client one cannot open (A14; A17 when turned off).
#[utoipa::path(post, path = "/api/v1/clients/{id}/access-requests", tag = "requests",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "client id")),
    request_body(content = Option<RequestInput>, description = "may be left out"),
    responses(
        (status = 201, description = "requested", body = AccessRequest,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 200, description = "the pending request already made", body = AccessRequest,
            headers(("Casegate-Revision" = u64, description = "the current revision"))),
        (status = 403, description = "`access_requests_disabled` (A17) or `forbidden`", body = ErrorBody),
        (status = 404, description = "no such client in this company", body = ErrorBody),
        (status = 409, description = "the caller already has access, or client access is not \
            managed in this company (A1 off)", body = ErrorBody),
        (status = 422, description = "bad input (`message`)", body = ErrorBody),
    )
)]
pub async fn request_access(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<ClientId>,
    OptionalJson(input): OptionalJson<RequestInput>,
) -> Result<Wrote<AccessRequest>, ApiError> {
    let written = app.request_access(&actor, id, input.message).await?;
    let created = written.value.created;
    Ok(Wrote::created_if(
        created,
        written.revision,
        written.value.request.into(),
    ))
}

/// The requests the caller can decide and their own, newest first.
#[utoipa::path(get, path = "/api/v1/access-requests", tag = "requests", security(("bearer" = [])),
    params(RequestQuery),
    responses(
        (status = 200, description = "one page of requests", body = List<AccessRequest>),
        (status = 422, description = "bad status, limit or cursor", body = ErrorBody),
    )
)]
pub async fn list_requests(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiQuery(query): ApiQuery<RequestQuery>,
) -> Result<Json<List<AccessRequest>>, ApiError> {
    let status = match query.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            s.parse::<casegate_core::RequestStatus>()
                .map_err(|e| ApiError::invalid("status", e.to_string()))?,
        ),
    };
    let page = PageParams {
        limit: query.limit,
        cursor: query.cursor,
    };
    let limit = page.limit()?;
    let requests = app
        .access_requests(&actor, RequestFilter { status }, page.cursor(), limit)
        .await?;
    Ok(Json(list_of(requests, AccessRequest::from)))
}

/// Approves a request: the requester gets a direct user share (A16).
#[utoipa::path(post, path = "/api/v1/access-requests/{id}/approve", tag = "requests",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "request id")),
    responses(
        (status = 200, description = "approved", body = AccessRequest,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "the caller may not share this client", body = ErrorBody),
        (status = 404, description = "no such request", body = ErrorBody),
        (status = 409, description = "already decided (the first decision wins)", body = ErrorBody),
    )
)]
pub async fn approve(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<AccessRequestId>,
) -> Result<Wrote<AccessRequest>, ApiError> {
    let written = app.approve_request(&actor, id).await?;
    Ok(Wrote::ok(written.revision, written.value.into()))
}

/// Denies a request, with an optional reason (A16).
#[utoipa::path(post, path = "/api/v1/access-requests/{id}/deny", tag = "requests",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "request id")),
    request_body(content = Option<DenyInput>, description = "may be left out"),
    responses(
        (status = 200, description = "denied", body = AccessRequest,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "the caller may not share this client", body = ErrorBody),
        (status = 404, description = "no such request", body = ErrorBody),
        (status = 409, description = "already decided (the first decision wins)", body = ErrorBody),
        (status = 422, description = "bad input (`reason`)", body = ErrorBody),
    )
)]
pub async fn deny(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<AccessRequestId>,
    OptionalJson(input): OptionalJson<DenyInput>,
) -> Result<Wrote<AccessRequest>, ApiError> {
    let written = app.deny_request(&actor, id, input.reason).await?;
    Ok(Wrote::ok(written.revision, written.value.into()))
}

/// Cancels one's own pending request (A16).
#[utoipa::path(post, path = "/api/v1/access-requests/{id}/cancel", tag = "requests",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "request id")),
    responses(
        (status = 200, description = "cancelled", body = AccessRequest,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "not the requester", body = ErrorBody),
        (status = 404, description = "no such request", body = ErrorBody),
        (status = 409, description = "no longer pending", body = ErrorBody),
    )
)]
pub async fn cancel(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<AccessRequestId>,
) -> Result<Wrote<AccessRequest>, ApiError> {
    let written = app.cancel_request(&actor, id).await?;
    Ok(Wrote::ok(written.revision, written.value.into()))
}
