//! The signed-in user (`/me`), the company's client-access settings (A1–A5)
//! and the staff (`/users`).

use axum::Json;
use axum::extract::State;
use casegate_app::{self as app_layer, App, Principal};
use casegate_core::UserId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::company::Me;
use super::constraints;
use super::types::{Language, List, NewClientAccess, PageParams, Role, User, View, list_of};
use crate::auth::{AnyAuthed, Authed};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::revision::Wrote;

/// A1–A5: a company's client-access settings.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Settings {
    /// A1 "Manage user access to clients".
    pub client_access_enabled: bool,
    /// A3 "Allow requesting access".
    pub allow_access_requests: bool,
    /// A4 "Allow sharing options".
    pub allow_sharing: bool,
    /// A5 the share a new client starts with.
    pub new_client_access: NewClientAccess,
}

impl From<casegate_core::Settings> for Settings {
    fn from(s: casegate_core::Settings) -> Self {
        Settings {
            client_access_enabled: s.client_access_enabled,
            allow_access_requests: s.allow_access_requests,
            allow_sharing: s.allow_sharing,
            new_client_access: s.new_client_access.into(),
        }
    }
}

/// `PATCH /settings`: only the given fields change.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsPatch {
    pub client_access_enabled: Option<bool>,
    pub allow_access_requests: Option<bool>,
    pub allow_sharing: Option<bool>,
    pub new_client_access: Option<NewClientAccess>,
}

/// `POST /users`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    #[schema(schema_with = constraints::email)]
    pub email: String,
    #[schema(schema_with = constraints::name)]
    pub name: String,
    /// Any role but `primary_admin` (exactly one per company: B1).
    #[schema(schema_with = constraints::new_role)]
    pub role: Role,
    /// Without one, an invitation email is sent.
    #[schema(schema_with = constraints::new_password)]
    pub password: Option<String>,
    pub language: Option<Language>,
}

/// `PATCH /users/{id}`: permissions partial too.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PermissionsPatch {
    pub view: Option<View>,
    pub payments: Option<bool>,
    pub documents: Option<bool>,
    pub packages: Option<bool>,
    pub hide_email: Option<bool>,
    pub hide_phone: Option<bool>,
    pub edit_rights: Option<bool>,
    pub list_all_clients: Option<bool>,
}

/// `PATCH /users/{id}`: only the given fields change.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    #[schema(schema_with = constraints::name)]
    pub name: Option<String>,
    pub role: Option<Role>,
    /// A22: `false` ends the user's sessions and access at once.
    pub active: Option<bool>,
    pub share_all_clients: Option<bool>,
    pub permissions: Option<PermissionsPatch>,
    pub language: Option<Language>,
    /// X11: with `"active": false`, the staff member who takes over first
    /// (the handover of `POST /users/{id}/handover` runs in the same change).
    /// Deactivating someone who owns clients without one is `409 conflict`.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub successor_id: Option<UserId>,
}

impl From<UserPatch> for app_layer::UserPatch {
    fn from(p: UserPatch) -> Self {
        let perms = p.permissions.unwrap_or_default();
        app_layer::UserPatch {
            name: p.name,
            role: p.role.map(Into::into),
            active: p.active,
            share_all_clients: p.share_all_clients,
            permissions: app_layer::PermissionsPatch {
                view: perms.view.map(Into::into),
                payments: perms.payments,
                documents: perms.documents,
                packages: perms.packages,
                hide_email: perms.hide_email,
                hide_phone: perms.hide_phone,
                edit_rights: perms.edit_rights,
                list_all_clients: perms.list_all_clients,
            },
            language: p.language.map(Into::into),
            successor_id: p.successor_id,
        }
    }
}

/// `POST /users/{id}/handover` (C8).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HandoverInput {
    /// Another active staff member of the company.
    #[schema(value_type = String, format = Uuid)]
    pub successor_id: UserId,
}

/// What a handover passed on (C8).
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct HandoverCounts {
    /// Clients whose owner is now the successor.
    pub owned: usize,
    /// Direct shares the successor was given (`"how": "handover"`), on the
    /// clients the user had one on and the successor had none.
    pub shares: usize,
    /// Groups the successor joined.
    pub groups: usize,
}

impl From<app_layer::HandoverCounts> for HandoverCounts {
    fn from(c: app_layer::HandoverCounts) -> Self {
        HandoverCounts {
            owned: c.owned,
            shares: c.shares,
            groups: c.groups,
        }
    }
}

/// The current user.
#[utoipa::path(get, path = "/api/v1/me", tag = "users", security(("bearer" = [])),
    responses(
        (status = 200, description = "staff: the signed-in user and their capabilities (B2–B10); a contact: their account and entities", body = MeAnswer),
        (status = 401, description = "not signed in", body = ErrorBody),
    )
)]
pub async fn me(
    State(app): State<App>,
    AnyAuthed(who): AnyAuthed,
) -> Result<Json<MeAnswer>, ApiError> {
    Ok(Json(match who {
        Principal::Staff(actor) => MeAnswer::Staff(Box::new(app.me(&actor).await?.into())),
        Principal::Contact(contact) => {
            let account = app.contact_account(&contact).await?;
            let entities = app.desk_entities(&contact).await?;
            MeAnswer::Contact(crate::api::desk::ContactMe::new(account, entities))
        }
    }))
}

/// `GET /me`: a staff member or a contact, told apart by `kind`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum MeAnswer {
    Staff(Box<Me>),
    Contact(crate::api::desk::ContactMe),
}

/// The company's client-access settings (staff).
#[utoipa::path(get, path = "/api/v1/settings", tag = "settings", security(("bearer" = [])),
    responses(
        (status = 200, description = "A1–A5", body = Settings),
        (status = 401, description = "not signed in", body = ErrorBody),
        (status = 403, description = "not staff", body = ErrorBody),
    )
)]
pub async fn settings(
    State(app): State<App>,
    Authed(actor): Authed,
) -> Result<Json<Settings>, ApiError> {
    Ok(Json(app.settings(&actor).await?.into()))
}

/// Changes any of the settings (admins; A2 when A1 is switched on).
#[utoipa::path(patch, path = "/api/v1/settings", tag = "settings", security(("bearer" = [])),
    request_body = SettingsPatch,
    responses(
        (status = 200, description = "the settings after the change", body = Settings,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "not an admin", body = ErrorBody),
        (status = 422, description = "bad input", body = ErrorBody),
    )
)]
pub async fn update_settings(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiJson(patch): ApiJson<SettingsPatch>,
) -> Result<Wrote<Settings>, ApiError> {
    let patch = app_layer::SettingsPatch {
        client_access_enabled: patch.client_access_enabled,
        allow_access_requests: patch.allow_access_requests,
        allow_sharing: patch.allow_sharing,
        new_client_access: patch.new_client_access.map(Into::into),
    };
    let written = app.update_settings(&actor, patch).await?;
    Ok(Wrote::ok(written.revision, written.value.into()))
}

/// The staff of the company, by name.
#[utoipa::path(get, path = "/api/v1/users", tag = "users", security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "one page of users", body = List<User>),
        (status = 403, description = "not staff", body = ErrorBody),
        (status = 422, description = "bad limit or cursor", body = ErrorBody),
    )
)]
pub async fn list_users(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiQuery(page): ApiQuery<PageParams>,
) -> Result<Json<List<User>>, ApiError> {
    let limit = page.limit()?;
    let users = app.users(&actor, page.cursor(), limit).await?;
    Ok(Json(list_of(users, User::from)))
}

/// One staff member.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", security(("bearer" = [])),
    params(("id" = String, Path, description = "user id")),
    responses(
        (status = 200, description = "the user", body = User),
        (status = 404, description = "no such user in this company", body = ErrorBody),
    )
)]
pub async fn get_user(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<UserId>,
) -> Result<Json<User>, ApiError> {
    Ok(Json(app.user(&actor, id).await?.into()))
}

/// Creates a staff member (admins); without a password an invitation is sent.
#[utoipa::path(post, path = "/api/v1/users", tag = "users", security(("bearer" = [])),
    request_body = NewUser,
    responses(
        (status = 201, description = "the new user", body = User,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "not an admin", body = ErrorBody),
        (status = 409, description = "the email is taken", body = ErrorBody),
        (status = 422, description = "bad input", body = ErrorBody),
    )
)]
pub async fn create_user(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiJson(input): ApiJson<NewUser>,
) -> Result<Wrote<User>, ApiError> {
    let input = app_layer::NewUser {
        email: input.email,
        name: input.name,
        role: input.role.into(),
        password: input.password,
        language: input.language.map(Into::into),
    };
    let written = app.create_user(&actor, input).await?;
    Ok(Wrote::created(written.revision, written.value.into()))
}

/// Changes a staff member (admins). Deactivating one who owns clients needs
/// a `successor_id` (X11): the handover (C8) then runs first, in the same change.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", security(("bearer" = [])),
    params(("id" = String, Path, description = "user id")),
    request_body = UserPatch,
    responses(
        (status = 200, description = "the user after the change", body = User,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 401, description = "not signed in", body = ErrorBody),
        (status = 403, description = "not an admin, or the primary admin's account changed by \
            someone else (B1)", body = ErrorBody),
        (status = 404, description = "no such user (or successor) in this company", body = ErrorBody),
        (status = 409, description = "`conflict` with `owned_clients`: deactivating a staff member \
            who owns clients without a `successor_id` (X11)", body = ErrorBody),
        (status = 422, description = "bad input; `successor_id` inactive, the user themself, or \
            given without `\"active\": false`", body = ErrorBody),
    )
)]
pub async fn update_user(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<UserId>,
    ApiJson(patch): ApiJson<UserPatch>,
) -> Result<Wrote<User>, ApiError> {
    let written = app.update_user(&actor, id, patch.into()).await?;
    Ok(Wrote::ok(written.revision, written.value.into()))
}

/// Hands everything a staff member holds over to a successor (C8), in one
/// change: the successor becomes owner of the clients the user owns, gets a
/// direct share wherever the user has one (and they have none), and joins
/// the user's groups. The user keeps their own access. Admins; the user themself.
#[utoipa::path(post, path = "/api/v1/users/{id}/handover", tag = "users",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the user whose clients, shares and groups pass on")),
    request_body = HandoverInput,
    responses(
        (status = 200, description = "what passed on", body = HandoverCounts,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 401, description = "not signed in", body = ErrorBody),
        (status = 403, description = "neither an admin nor the user themself; or the primary \
            admin's holdings handed over by someone else (B1)", body = ErrorBody),
        (status = 404, description = "no such user or successor in this company", body = ErrorBody),
        (status = 409, description = "a share or membership was given at the same moment by \
            another process", body = ErrorBody),
        (status = 422, description = "`successor_id` inactive or the user themself, or a bad body",
            body = ErrorBody),
    )
)]
pub async fn handover(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<UserId>,
    ApiJson(input): ApiJson<HandoverInput>,
) -> Result<Wrote<HandoverCounts>, ApiError> {
    let written = app.handover(&actor, id, input.successor_id).await?;
    Ok(Wrote::ok(written.revision, written.value.into()))
}
