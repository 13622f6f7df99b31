//! B11 "work as" over HTTP: a contributor sends `Casegate-Work-As: USER_ID`
//! to the activity endpoints, which read it with the [`WorkAs`] extractor;
//! every other endpoint refuses the header (`403 forbidden`) through the
//! [`refuse`] middleware, so working as someone never reaches settings,
//! staff, sharing or any other section.

use axum::extract::{FromRequestParts, Request};
use axum::http::HeaderName;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use casegate_app::{AppError, Message};
use casegate_core::UserId;

use crate::error::ApiError;

/// The header naming the member a contributor works as.
pub const WORK_AS_HEADER: HeaderName = HeaderName::from_static("casegate-work-as");

/// Middleware for every route but the activity ones: a request carrying
/// `Casegate-Work-As` answers `403 forbidden`, before authentication.
pub async fn refuse(request: Request, next: Next) -> Response {
    if request.headers().contains_key(&WORK_AS_HEADER) {
        return ApiError::App(AppError::Forbidden(Message::new("app-work-as-elsewhere")))
            .into_response();
    }
    next.run(request).await
}

/// The member named by `Casegate-Work-As`, if the header is there. A value
/// that is not an id cannot name anyone: `404 not_found`, like an unknown id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkAs(pub Option<UserId>);

impl<S: Send + Sync> FromRequestParts<S> for WorkAs {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get(&WORK_AS_HEADER) else {
            return Ok(WorkAs(None));
        };
        value
            .to_str()
            .ok()
            .and_then(|text| text.trim().parse::<UserId>().ok())
            .map(|id| WorkAs(Some(id)))
            .ok_or_else(ApiError::not_found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request as HttpRequest;

    async fn read(header: Option<&str>) -> Result<WorkAs, ApiError> {
        let mut builder = HttpRequest::builder();
        if let Some(h) = header {
            builder = builder.header(WORK_AS_HEADER, h);
        }
        let mut parts = builder.body(()).unwrap().into_parts().0;
        WorkAs::from_request_parts(&mut parts, &()).await
    }

    #[tokio::test]
    async fn the_header_names_a_user_id() {
        let id = uuid::Uuid::now_v7().to_string();
        assert_eq!(read(None).await.unwrap(), WorkAs(None));
        assert!(read(Some(&id)).await.unwrap().0.is_some());
        assert!(read(Some("not-an-id")).await.is_err());
    }
}
