//! Bearer-token authentication: the [`Authed`] extractor turns
//! `Authorization: Bearer TOKEN` into the app's `Actor`, and the login and
//! logout endpoints hand out and end tokens.

use axum::extract::{FromRequestParts, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use casegate_app::{Actor, App, AppError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::types::User;
use crate::client_addr::ClientAddr;
use crate::error::{ApiError, ErrorBody};
use crate::extract::ApiJson;
use crate::revision::Wrote;

/// The authenticated caller of a handler.
#[derive(Debug, Clone)]
pub struct Authed(pub Actor);

impl FromRequestParts<App> for Authed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let token = bearer_token(parts).ok_or(AppError::Unauthenticated)?;
        Ok(Authed(app.authenticate(token).await?))
    }
}

/// The token of an `Authorization: Bearer TOKEN` header.
fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// `POST /auth/login`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginInput {
    #[schema(schema_with = crate::api::constraints::login_email)]
    pub email: String,
    #[schema(format = Password)]
    pub password: String,
}

/// A new session: the bearer token and who it is for.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LoginAnswer {
    /// Send it as `Authorization: Bearer TOKEN`.
    pub token: String,
    pub user: User,
}

/// Signs in with email and password.
///
/// Failures slow down the address they come from, never the account: after 5 for one email an address waits
/// 1 s, then twice as long after each further failure (at most 15 minutes);
/// after 30 for any emails it gets one more try every 20 s.
#[utoipa::path(
    post,
    path = "/api/v1/auth/login",
    tag = "auth",
    request_body = LoginInput,
    responses(
        (status = 200, description = "signed in", body = LoginAnswer),
        (status = 401, description = "wrong email or password (the same answer for both)", body = ErrorBody),
        (status = 429, description = "too many failed attempts from this address, for this email or in all; `Retry-After` says when to try again", body = ErrorBody,
            headers(("Retry-After" = u64, description = "whole seconds to wait before the next try"))),
        (status = 422, description = "not a login body", body = ErrorBody),
    )
)]
pub async fn login(
    State(app): State<App>,
    ClientAddr(from): ClientAddr,
    ApiJson(input): ApiJson<LoginInput>,
) -> Result<Response, ApiError> {
    let (token, user) = app
        .login(&input.email, &input.password, from)
        .await
        .map_err(|err| match err {
            AppError::Unauthenticated => ApiError::LoginFailed,
            other => ApiError::App(other),
        })?;
    let answer = LoginAnswer {
        token,
        user: user.into(),
    };
    Ok(Wrote::ok(app.revision(), answer).into_response())
}

/// Ends the session of the token used.
#[utoipa::path(
    post,
    path = "/api/v1/auth/logout",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "the token no longer works"),
        (status = 401, description = "not signed in", body = ErrorBody),
    )
)]
pub async fn logout(State(app): State<App>, Authed(actor): Authed) -> Result<Wrote<()>, ApiError> {
    app.logout(&actor).await?;
    Ok(Wrote::no_content(app.revision()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn parts(header: Option<&str>) -> Parts {
        let mut builder = Request::builder();
        if let Some(h) = header {
            builder = builder.header(AUTHORIZATION, h);
        }
        builder.body(()).unwrap().into_parts().0
    }

    #[test]
    fn only_bearer_tokens_are_read() {
        assert_eq!(bearer_token(&parts(Some("Bearer abc"))), Some("abc"));
        assert_eq!(bearer_token(&parts(Some("bearer  abc "))), Some("abc"));
        assert_eq!(bearer_token(&parts(Some("Basic abc"))), None);
        assert_eq!(bearer_token(&parts(Some("Bearer "))), None);
        assert_eq!(bearer_token(&parts(None)), None);
    }
}
