//! A person's own account over the API (API.md "Accounts (AC1–AC4)"):
//! invitations, password resets, changing one's password and email, and
//! signing out everywhere. The links' endpoints need no token: the link's
//! secret is the credential, so they answer `404` for an unknown link and
//! `410 invitation_used` / `invitation_expired` for a spent one.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use casegate_app::App;
use casegate_core::UserId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::constraints;
use super::types::User;
use crate::auth::{Authed, LoginAnswer};
use crate::client_addr::ClientAddr;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath};
use crate::revision::Wrote;

/// Who an invitation is for.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InvitationKind {
    Staff,
    Contact,
}

/// A name, for the invitation page.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = NameOnly)]
pub struct Named {
    pub name: String,
}

/// `GET /invitations/{token}`: what the invitation is for.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Invitation {
    #[schema(format = Email)]
    pub email: String,
    /// The name the inviter gave; the person may correct it on accepting.
    pub name: String,
    pub kind: InvitationKind,
    pub company: Named,
    pub invited_by: Named,
    #[schema(format = DateTime)]
    pub expires_at: String,
}

/// `POST /invitations/{token}/accept`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitation {
    /// The person's name, if the inviter's spelling needs correcting.
    #[schema(schema_with = constraints::name)]
    pub name: Option<String>,
    #[schema(schema_with = constraints::new_password)]
    pub password: String,
}

/// `POST /auth/password-reset`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetRequest {
    #[schema(schema_with = constraints::login_email)]
    pub email: String,
}

/// `POST /auth/password-reset/{token}`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPassword {
    #[schema(schema_with = constraints::new_password)]
    pub password: String,
}

/// `PUT /me/password`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    #[schema(format = Password)]
    pub current_password: String,
    #[schema(schema_with = constraints::new_password)]
    pub new_password: String,
}

/// `POST /me/email`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailChange {
    #[schema(schema_with = constraints::email)]
    pub email: String,
}

/// An empty object (`202 {}`, `200 {}`).
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Empty {}

/// How many sessions ended.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionsEnded {
    pub sessions: u64,
}

/// What an invitation link is for (AC1).
#[utoipa::path(get, path = "/api/v1/invitations/{token}", tag = "accounts",
    params(("token" = String, Path, description = "the secret of the emailed link")),
    responses(
        (status = 200, description = "the invitation", body = Invitation),
        (status = 404, description = "no such invitation", body = ErrorBody),
        (status = 410, description = "used already (`invitation_used`) or expired (`invitation_expired`)", body = ErrorBody),
        (status = 429, description = "too many unknown or spent links from this address; see `Retry-After`", body = ErrorBody),
    )
)]
pub async fn get_invitation(
    State(app): State<App>,
    ClientAddr(from): ClientAddr,
    ApiPath(token): ApiPath<String>,
) -> Result<axum::Json<Invitation>, ApiError> {
    let info = app.invitation(&token, from).await?;
    Ok(axum::Json(Invitation {
        email: info.email,
        name: info.name,
        kind: match info.kind {
            casegate_core::accounts::InvitationKind::Staff => InvitationKind::Staff,
            casegate_core::accounts::InvitationKind::Contact => InvitationKind::Contact,
        },
        company: Named {
            name: info.company_name,
        },
        invited_by: Named {
            name: info.invited_by_name,
        },
        expires_at: super::types::ts(info.expires_at),
    }))
}

/// Accepts an invitation: the person chooses their password (and may
/// correct their name) and is signed in (AC1). Single use.
#[utoipa::path(post, path = "/api/v1/invitations/{token}/accept", tag = "accounts",
    params(("token" = String, Path, description = "the secret of the emailed link")),
    request_body = AcceptInvitation,
    responses(
        (status = 200, description = "signed in", body = LoginAnswer),
        (status = 404, description = "no such invitation", body = ErrorBody),
        (status = 410, description = "used already (`invitation_used`) or expired (`invitation_expired`)", body = ErrorBody),
        (status = 422, description = "the password or name is refused; nothing changed", body = ErrorBody),
        (status = 429, description = "too many unknown or spent links from this address; see `Retry-After`", body = ErrorBody),
    )
)]
pub async fn accept_invitation(
    State(app): State<App>,
    ClientAddr(from): ClientAddr,
    ApiPath(token): ApiPath<String>,
    ApiJson(input): ApiJson<AcceptInvitation>,
) -> Result<Response, ApiError> {
    let signed_in = app
        .accept_any_invitation(&token, input.name.as_deref(), &input.password, from)
        .await?;
    let answer = LoginAnswer::of(&app, signed_in).await?;
    Ok(Wrote::ok(app.revision(), answer).into_response())
}

/// Sends an invitation again; the earlier link stops working (AC1). For
/// staff who have not chosen a password yet.
#[utoipa::path(post, path = "/api/v1/users/{id}/invitation", tag = "accounts", security(("bearer" = [])),
    params(("id" = String, Path, description = "user id")),
    responses(
        (status = 202, description = "the invitation is on its way", body = User),
        (status = 401, description = "not signed in", body = ErrorBody),
        (status = 403, description = "not an admin", body = ErrorBody),
        (status = 404, description = "no such user in this company", body = ErrorBody),
        (status = 409, description = "the user has a password already, or is deactivated", body = ErrorBody),
    )
)]
pub async fn resend_invitation(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<UserId>,
) -> Result<Wrote<User>, ApiError> {
    let written = app.resend_invitation(&actor, id).await?;
    Ok(Wrote::accepted(written.revision, written.value.into()))
}

/// Asks for a password reset link (AC2). The answer is the same whether
/// the email has an account or not, and comes before any lookup.
#[utoipa::path(post, path = "/api/v1/auth/password-reset", tag = "accounts",
    request_body = ResetRequest,
    responses(
        (status = 202, description = "if the email has an account, a link valid one hour is on its way", body = Empty),
        (status = 422, description = "not a reset body", body = ErrorBody),
        (status = 429, description = "this address asked too often for this email; see `Retry-After`", body = ErrorBody),
    )
)]
pub async fn request_password_reset(
    State(app): State<App>,
    ClientAddr(from): ClientAddr,
    ApiJson(input): ApiJson<ResetRequest>,
) -> Result<Response, ApiError> {
    app.admit_password_reset(&input.email, from)?;
    // The answer must not depend on the email: the lookup runs after it.
    tokio::spawn(async move {
        if let Err(error) = app.send_password_reset(&input.email).await {
            tracing::error!(%error, "password reset request failed");
        }
    });
    Ok((StatusCode::ACCEPTED, axum::Json(Empty {})).into_response())
}

/// Sets a new password through a reset link; every session and token of
/// the account ends (AC2).
#[utoipa::path(post, path = "/api/v1/auth/password-reset/{token}", tag = "accounts",
    params(("token" = String, Path, description = "the secret of the emailed link")),
    request_body = NewPassword,
    responses(
        (status = 200, description = "the password is set; sign in with it", body = Empty),
        (status = 404, description = "no such link", body = ErrorBody),
        (status = 410, description = "used already (`invitation_used`) or expired (`invitation_expired`)", body = ErrorBody),
        (status = 422, description = "the password is refused; nothing changed", body = ErrorBody),
        (status = 429, description = "too many unknown or spent links from this address; see `Retry-After`", body = ErrorBody),
    )
)]
pub async fn reset_password(
    State(app): State<App>,
    ClientAddr(from): ClientAddr,
    ApiPath(token): ApiPath<String>,
    ApiJson(input): ApiJson<NewPassword>,
) -> Result<Wrote<Empty>, ApiError> {
    app.reset_password(&token, &input.password, from).await?;
    Ok(Wrote::ok(app.revision(), Empty {}))
}

/// Changes the signed-in person's password, giving the current one (AC3).
/// Every other session of the account ends.
#[utoipa::path(put, path = "/api/v1/me/password", tag = "accounts", security(("bearer" = [])),
    request_body = PasswordChange,
    responses(
        (status = 204, description = "changed"),
        (status = 401, description = "not signed in", body = ErrorBody),
        (status = 422, description = "wrong `current_password`, or `new_password` refused; nothing changed", body = ErrorBody),
        (status = 429, description = "too many wrong current passwords from this address; see `Retry-After`", body = ErrorBody),
    )
)]
pub async fn change_password(
    State(app): State<App>,
    ClientAddr(from): ClientAddr,
    Authed(actor): Authed,
    ApiJson(input): ApiJson<PasswordChange>,
) -> Result<Wrote<()>, ApiError> {
    app.change_password(&actor, &input.current_password, &input.new_password, from)
        .await?;
    Ok(Wrote::no_content(app.revision()))
}

/// Asks to change the signed-in person's email (AC3, C7): a link valid 24
/// hours goes to the new address, a notice to the old; the email changes
/// only when the link is used.
#[utoipa::path(post, path = "/api/v1/me/email", tag = "accounts", security(("bearer" = [])),
    request_body = EmailChange,
    responses(
        (status = 202, description = "the link is on its way", body = Empty),
        (status = 401, description = "not signed in", body = ErrorBody),
        (status = 422, description = "not an email address, or the current one", body = ErrorBody),
    )
)]
pub async fn request_email_change(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiJson(input): ApiJson<EmailChange>,
) -> Result<Wrote<Empty>, ApiError> {
    app.request_email_change(&actor, &input.email).await?;
    Ok(Wrote::accepted(app.revision(), Empty {}))
}

/// Uses an email-change link: the account's email changes; every access
/// and every history row stays (C7).
#[utoipa::path(post, path = "/api/v1/email-changes/{token}", tag = "accounts",
    params(("token" = String, Path, description = "the secret of the emailed link")),
    responses(
        (status = 200, description = "the user with the new email", body = User,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 404, description = "no such link", body = ErrorBody),
        (status = 409, description = "the address was taken by another account meanwhile", body = ErrorBody),
        (status = 410, description = "used already (`invitation_used`) or expired (`invitation_expired`)", body = ErrorBody),
        (status = 429, description = "too many unknown or spent links from this address; see `Retry-After`", body = ErrorBody),
    )
)]
pub async fn confirm_email_change(
    State(app): State<App>,
    ClientAddr(from): ClientAddr,
    ApiPath(token): ApiPath<String>,
) -> Result<Wrote<User>, ApiError> {
    let written = app.confirm_email_change(&token, from).await?;
    Ok(Wrote::ok(written.revision, written.value.into()))
}

/// Signs out everywhere: every session and token of the account ends,
/// this one included.
#[utoipa::path(delete, path = "/api/v1/me/sessions", tag = "accounts", security(("bearer" = [])),
    responses(
        (status = 200, description = "how many sessions ended", body = SessionsEnded),
        (status = 401, description = "not signed in", body = ErrorBody),
    )
)]
pub async fn sign_out_everywhere(
    State(app): State<App>,
    Authed(actor): Authed,
) -> Result<Wrote<SessionsEnded>, ApiError> {
    let sessions = app.sign_out_everywhere(&actor).await?;
    Ok(Wrote::ok(app.revision(), SessionsEnded { sessions }))
}
