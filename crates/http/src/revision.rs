//! Read-your-writes over HTTP: every successful write answers
//! `Casegate-Revision: N`, and a request sending `Casegate-At-Least: N` is
//! served only once the index stands at N (or answers 503 after 5 seconds).

use std::time::Duration;

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use casegate_app::App;
use casegate_core::Revision;
use serde::Serialize;

use crate::error::ApiError;

/// The header a write answers with.
pub const REVISION_HEADER: HeaderName = HeaderName::from_static("casegate-revision");
/// The header a read may send.
pub const AT_LEAST_HEADER: HeaderName = HeaderName::from_static("casegate-at-least");
/// How long a request waits for the revision it names.
pub const AT_LEAST_WAIT: Duration = Duration::from_secs(5);

/// Middleware: waits for the revision named by `Casegate-At-Least`.
pub async fn at_least(State(app): State<App>, request: Request, next: Next) -> Response {
    if let Some(value) = request.headers().get(&AT_LEAST_HEADER) {
        let Some(revision) = parse_revision(value) else {
            return ApiError::invalid("Casegate-At-Least", "must be a revision number")
                .into_response();
        };
        if let Err(err) = app.wait_for(revision, AT_LEAST_WAIT).await {
            return ApiError::from(err).into_response();
        }
    }
    next.run(request).await
}

/// A header value as a revision number.
fn parse_revision(value: &HeaderValue) -> Option<Revision> {
    let text = value.to_str().ok()?.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().map(Revision)
}

/// The answer to a successful write: a status, the revision it committed at
/// and a JSON body (none for `204`).
#[derive(Debug)]
pub struct Wrote<T> {
    status: StatusCode,
    revision: Revision,
    body: Option<T>,
}

impl<T> Wrote<T> {
    /// `200` with a body.
    pub const fn ok(revision: Revision, body: T) -> Self {
        Wrote {
            status: StatusCode::OK,
            revision,
            body: Some(body),
        }
    }

    /// `201` with a body.
    pub const fn created(revision: Revision, body: T) -> Self {
        Wrote {
            status: StatusCode::CREATED,
            revision,
            body: Some(body),
        }
    }

    /// `202` with a body: accepted, an email is on its way.
    pub const fn accepted(revision: Revision, body: T) -> Self {
        Wrote {
            status: StatusCode::ACCEPTED,
            revision,
            body: Some(body),
        }
    }

    /// `201` when `created`, else `200` (an idempotent create that found its
    /// resource already there).
    pub const fn created_if(created: bool, revision: Revision, body: T) -> Self {
        if created {
            Self::created(revision, body)
        } else {
            Self::ok(revision, body)
        }
    }
}

impl Wrote<()> {
    /// `204` without a body.
    pub const fn no_content(revision: Revision) -> Self {
        Wrote {
            status: StatusCode::NO_CONTENT,
            revision,
            body: None,
        }
    }
}

impl<T: Serialize> IntoResponse for Wrote<T> {
    fn into_response(self) -> Response {
        let mut response = match self.body {
            Some(body) => (self.status, Json(body)).into_response(),
            None => self.status.into_response(),
        };
        response
            .headers_mut()
            .insert(REVISION_HEADER, HeaderValue::from(self.revision.0));
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions_are_plain_decimal_numbers() {
        assert_eq!(
            parse_revision(&HeaderValue::from_static("42")),
            Some(Revision(42))
        );
        assert_eq!(
            parse_revision(&HeaderValue::from_static(" 7 ")),
            Some(Revision(7))
        );
        assert_eq!(parse_revision(&HeaderValue::from_static("-1")), None);
        assert_eq!(parse_revision(&HeaderValue::from_static("+1")), None);
        assert_eq!(parse_revision(&HeaderValue::from_static("abc")), None);
        assert_eq!(parse_revision(&HeaderValue::from_static("")), None);
        assert_eq!(
            parse_revision(&HeaderValue::from_static("99999999999999999999999")),
            None
        );
    }

    #[test]
    fn writes_carry_their_revision() {
        let response = Wrote::no_content(Revision(9)).into_response();
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert_eq!(response.headers()[REVISION_HEADER], "9");
        let response = Wrote::created_if(false, Revision(3), 1).into_response();
        assert_eq!(response.status(), StatusCode::OK);
    }
}
