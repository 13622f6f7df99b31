//! The one error-to-response mapping: every failure of the API, from the app
//! layer or from HTTP itself (bad bodies, unknown routes, time-outs), becomes a
//! status and the body `{"error": {"code", "message", ...}}` of API.md.

use std::collections::BTreeMap;
use std::time::Duration;

use axum::Json;
use axum::http::header::{CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use casegate_app::{AppError, Message};
use serde::Serialize;
use utoipa::ToSchema;

use crate::web::english;

/// Everything an API call can answer instead of success.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A use case refused or failed.
    #[error(transparent)]
    App(#[from] AppError),
    /// The request body is larger than the limit (413 `payload_too_large`).
    #[error("the request body is too large")]
    PayloadTooLarge,
    /// The path exists but not with this method (405 `method_not_allowed`).
    #[error("this method is not allowed here")]
    MethodNotAllowed,
    /// The request took longer than the server's limit (503 `timeout`).
    #[error("the request took too long")]
    Timeout,
    /// A login with a wrong email or password (401 `unauthenticated`; the
    /// same answer for both).
    #[error("wrong email or password")]
    LoginFailed,
}

impl ApiError {
    /// A single-field `validation_failed` of the API's own reading of a
    /// request (JSON, headers, query): said in English only, as the API's
    /// protocol is (the App's own messages are catalogue keys).
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        ApiError::App(AppError::invalid(
            field,
            Message::new("app-request-detail").with("detail", message),
        ))
    }

    /// `not_found`.
    pub const fn not_found() -> Self {
        ApiError::App(AppError::NotFound)
    }

    /// An unexpected failure of this layer (logged, answered 500).
    pub fn internal(detail: impl Into<String>) -> Self {
        ApiError::App(AppError::Internal(detail.into()))
    }

    /// The error a response of another layer (axum, tower-http) stands for,
    /// judged by its status alone.
    pub fn from_status(status: StatusCode) -> Self {
        match status {
            StatusCode::NOT_FOUND => ApiError::not_found(),
            StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed,
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
            StatusCode::SERVICE_UNAVAILABLE | StatusCode::REQUEST_TIMEOUT => ApiError::Timeout,
            StatusCode::UNAUTHORIZED => ApiError::App(AppError::Unauthenticated),
            StatusCode::FORBIDDEN => {
                ApiError::App(AppError::Forbidden(Message::new("app-forbidden")))
            }
            s if s.is_client_error() => ApiError::invalid(
                "request",
                s.canonical_reason().unwrap_or("bad request").to_lowercase(),
            ),
            s => ApiError::internal(format!("unexpected status {s} from a lower layer")),
        }
    }

    /// The status and body of this error.
    // INVARIANT: one exhaustive match, no `_` arm: a new variant of `AppError`
    // does not compile until it is given its status and code here.
    fn parts(&self) -> (StatusCode, ErrorDetail) {
        let detail = |code: ErrorCode, message: String| ErrorDetail {
            code,
            message,
            can_request: None,
            impact: None,
            owned_clients: None,
            fields: None,
        };
        match self {
            ApiError::App(err) => match err {
                AppError::Unauthenticated => (
                    StatusCode::UNAUTHORIZED,
                    detail(ErrorCode::Unauthenticated, err.to_string()),
                ),
                AppError::Forbidden(message) => (
                    StatusCode::FORBIDDEN,
                    detail(ErrorCode::Forbidden, english(message)),
                ),
                AppError::AccessDenied { can_request } => (
                    StatusCode::FORBIDDEN,
                    ErrorDetail {
                        can_request: Some(*can_request),
                        ..detail(ErrorCode::AccessDenied, err.to_string())
                    },
                ),
                AppError::AccessRequestsDisabled => (
                    StatusCode::FORBIDDEN,
                    detail(ErrorCode::AccessRequestsDisabled, err.to_string()),
                ),
                AppError::NotFound => (
                    StatusCode::NOT_FOUND,
                    detail(ErrorCode::NotFound, err.to_string()),
                ),
                AppError::Conflict(message) => (
                    StatusCode::CONFLICT,
                    detail(ErrorCode::Conflict, english(message)),
                ),
                AppError::ConfirmationRequired { clients, users } => (
                    StatusCode::CONFLICT,
                    ErrorDetail {
                        impact: Some(Impact {
                            clients: *clients,
                            users: *users,
                        }),
                        ..detail(
                            ErrorCode::ConfirmationRequired,
                            format!(
                                "deleting this group removes its shares on {clients} \
                                 client(s); {users} user(s) lose access through it; \
                                 repeat with `?confirm=true` to delete it"
                            ),
                        )
                    },
                ),
                AppError::OwnsClients { owned_clients } => (
                    StatusCode::CONFLICT,
                    ErrorDetail {
                        owned_clients: Some(*owned_clients),
                        ..detail(ErrorCode::Conflict, err.to_string())
                    },
                ),
                AppError::Validation(fields) => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ErrorDetail {
                        fields: Some(
                            fields
                                .iter()
                                .map(|(field, message)| (field.clone(), english(message)))
                                .collect(),
                        ),
                        ..detail(ErrorCode::ValidationFailed, err.to_string())
                    },
                ),
                AppError::LinkUsed => (
                    StatusCode::GONE,
                    detail(ErrorCode::InvitationUsed, err.to_string()),
                ),
                AppError::LinkExpired => (
                    StatusCode::GONE,
                    detail(ErrorCode::InvitationExpired, err.to_string()),
                ),
                AppError::RateLimited { .. } => (
                    StatusCode::TOO_MANY_REQUESTS,
                    detail(ErrorCode::RateLimited, err.to_string()),
                ),
                AppError::RevisionUnavailable(_) => (
                    StatusCode::SERVICE_UNAVAILABLE,
                    detail(ErrorCode::RevisionUnavailable, err.to_string()),
                ),
                AppError::Internal(details) => {
                    tracing::error!(error = %details, "internal error");
                    (
                        StatusCode::INTERNAL_SERVER_ERROR,
                        detail(ErrorCode::Internal, "internal error".into()),
                    )
                }
            },
            ApiError::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                detail(ErrorCode::PayloadTooLarge, self.to_string()),
            ),
            ApiError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                detail(ErrorCode::MethodNotAllowed, self.to_string()),
            ),
            ApiError::Timeout => (
                StatusCode::SERVICE_UNAVAILABLE,
                detail(ErrorCode::Timeout, self.to_string()),
            ),
            ApiError::LoginFailed => (
                StatusCode::UNAUTHORIZED,
                detail(ErrorCode::Unauthenticated, self.to_string()),
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, error) = self.parts();
        let mut response = (status, Json(ErrorBody { error })).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let ApiError::App(AppError::RateLimited { retry_after }) = self {
            response.headers_mut().insert(
                RETRY_AFTER,
                HeaderValue::from(retry_after_secs(retry_after)),
            );
        }
        response
    }
}

/// A wait as `Retry-After` gives it: whole seconds, rounded up so that a
/// client waiting that long is let in, and at least 1.
pub fn retry_after_secs(wait: Duration) -> u64 {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    secs.max(1)
}

/// Every error response: `{"error": {...}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// The error itself; the optional keys appear only with their codes.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable.
    pub code: ErrorCode,
    /// For people; may change.
    pub message: String,
    /// `access_denied` only: whether an access request is possible (A14, A17).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub can_request: Option<bool>,
    /// `confirmation_required` only (A20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<Impact>,
    /// `conflict` only, when deactivating a staff member who owns clients
    /// without a `successor_id` (X11): how many they own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owned_clients: Option<usize>,
    /// `validation_failed` only: field name -> message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
}

/// A20: what deleting a group would take away.
#[derive(Debug, Serialize, ToSchema)]
pub struct Impact {
    /// Clients the group is shared on.
    pub clients: usize,
    /// Users who would lose access to at least one of them.
    pub users: usize,
}

/// The error codes of API.md, plus `payload_too_large`, `method_not_allowed`,
/// `revision_unavailable`, `timeout` and `internal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    AccessDenied,
    AccessRequestsDisabled,
    NotFound,
    Conflict,
    ConfirmationRequired,
    ValidationFailed,
    RateLimited,
    /// A single-use link (invitation, password reset, email change) was used already (410).
    InvitationUsed,
    /// A single-use link expired or was replaced by a newer one (410).
    InvitationExpired,
    PayloadTooLarge,
    MethodNotAllowed,
    RevisionUnavailable,
    Timeout,
    Internal,
}

/// Gives error responses of lower layers (axum's 404/405, tower-http's
/// time-out, ...) the API's error body. Responses that already carry JSON are
/// left alone.
pub async fn normalize(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_json || is_html {
        return response;
    }
    ApiError::from_status(status).into_response()
}

/// The fallback of the router: an unknown route. A browser asking for a page
/// outside `/api` (`Accept: text/html`) gets the web UI's "not found" page in
/// its language; everything else the API's `404 not_found` body.
pub async fn unknown_route(uri: axum::http::Uri, headers: axum::http::HeaderMap) -> Response {
    let path = uri.path();
    let api = path == "/api" || path.starts_with("/api/");
    let wants_html = headers
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if !api && wants_html {
        crate::web::not_found(&headers)
    } else {
        ApiError::not_found().into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_of(err: ApiError) -> (StatusCode, serde_json::Value) {
        let (status, detail) = err.parts();
        (
            status,
            serde_json::to_value(ErrorBody { error: detail }).unwrap(),
        )
    }

    #[test]
    fn internal_errors_keep_their_details_out_of_the_body() {
        let (status, body) = body_of(ApiError::internal("db password is hunter2"));
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(
            body,
            serde_json::json!({"error": {"code": "internal", "message": "internal error"}})
        );
    }

    #[test]
    fn rate_limited_says_when_to_come_back_in_whole_seconds() {
        let limited = |ms| {
            ApiError::App(AppError::RateLimited {
                retry_after: Duration::from_millis(ms),
            })
            .into_response()
        };
        let response = limited(1500);
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[RETRY_AFTER], "2");
        assert_eq!(limited(0).headers()[RETRY_AFTER], "1");
        assert_eq!(limited(900_000).headers()[RETRY_AFTER], "900");
        let (_, body) = body_of(ApiError::App(AppError::RateLimited {
            retry_after: Duration::from_secs(1),
        }));
        assert_eq!(body["error"]["code"], "rate_limited");
    }

    #[test]
    fn lower_layer_statuses_map_to_codes() {
        let (status, body) = body_of(ApiError::from_status(StatusCode::METHOD_NOT_ALLOWED));
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(body["error"]["code"], "method_not_allowed");
        let (status, _) = body_of(ApiError::from_status(StatusCode::REQUEST_TIMEOUT));
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    }
}
