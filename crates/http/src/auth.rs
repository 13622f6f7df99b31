//! Bearer-token authentication: the [`Authed`] extractor turns
//! `Authorization: Bearer TOKEN` into the app's staff `Actor`, [`DeskAuthed`]
//! into a deal-desk `ContactActor`, [`AnyAuthed`] into either; and the login
//! and logout endpoints hand out and end tokens. A contact's token is
//! refused by every staff endpoint, a staff token by every desk endpoint
//! (`403 forbidden`): the two never reach each other's use cases.

use axum::extract::{FromRequestParts, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use casegate_app::{Actor, App, AppError, ContactActor, Message, Principal, SignedIn};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::types::User;
use crate::client_addr::ClientAddr;
use crate::error::{ApiError, ErrorBody};
use crate::extract::ApiJson;
use crate::revision::Wrote;

/// The authenticated staff member calling a handler.
#[derive(Debug, Clone)]
pub struct Authed(pub Actor);

impl FromRequestParts<App> for Authed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let token = bearer_token(parts).ok_or(AppError::Unauthenticated)?;
        match app.authenticate_any(token).await? {
            Principal::Staff(actor) => Ok(Authed(actor)),
            Principal::Contact(_) => {
                Err(AppError::Forbidden(Message::new("app-staff-only")).into())
            }
        }
    }
}

/// The authenticated contact calling a desk handler.
#[derive(Debug, Clone)]
pub struct DeskAuthed(pub ContactActor);

impl FromRequestParts<App> for DeskAuthed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let token = bearer_token(parts).ok_or(AppError::Unauthenticated)?;
        match app.authenticate_any(token).await? {
            Principal::Contact(contact) => Ok(DeskAuthed(contact)),
            Principal::Staff(_) => Err(AppError::Forbidden(Message::new("app-desk-only")).into()),
        }
    }
}

/// Whoever is signed in: staff or a contact (`/me`, logout).
#[derive(Debug, Clone)]
pub struct AnyAuthed(pub Principal);

impl FromRequestParts<App> for AnyAuthed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let token = bearer_token(parts).ok_or(AppError::Unauthenticated)?;
        Ok(AnyAuthed(app.authenticate_any(token).await?))
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
    pub user: SignedInUser,
}

/// Who a session signs in: a staff member, or a contact of the deal desk.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum SignedInUser {
    Staff(User),
    Contact(crate::api::desk::ContactMe),
}

impl LoginAnswer {
    /// The answer of a new session; a contact's names their entities.
    pub async fn of(app: &App, signed_in: SignedIn) -> Result<LoginAnswer, ApiError> {
        Ok(match signed_in {
            SignedIn::Staff(token, user) => LoginAnswer {
                token,
                user: SignedInUser::Staff(user.into()),
            },
            SignedIn::Contact(token, account) => {
                let contact = ContactActor {
                    account_id: account.id,
                    token_hash: Vec::new(),
                };
                let entities = app.desk_entities(&contact).await?;
                LoginAnswer {
                    token,
                    user: SignedInUser::Contact(crate::api::desk::ContactMe::new(
                        account, entities,
                    )),
                }
            }
        })
    }
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
    let signed_in = app
        .login_any(&input.email, &input.password, from)
        .await
        .map_err(|err| match err {
            AppError::Unauthenticated => ApiError::LoginFailed,
            other => ApiError::App(other),
        })?;
    let answer = LoginAnswer::of(&app, signed_in).await?;
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
pub async fn logout(
    State(app): State<App>,
    AnyAuthed(who): AnyAuthed,
) -> Result<Wrote<()>, ApiError> {
    match who {
        Principal::Staff(actor) => app.logout(&actor).await?,
        Principal::Contact(contact) => app.logout_contact(&contact).await?,
    }
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
