//! The company (`GET`/`PATCH /company`: name, default language, timezone),
//! the capabilities `GET /me` adds (B2–B10), and B1's primary-admin handover
//! (`POST /users/{id}/primary-admin`).

use axum::Json;
use axum::extract::State;
use casegate_app::{self as app_layer, App};
use casegate_core::UserId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::constraints;
use super::types::{Language, User};
use crate::auth::Authed;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath};
use crate::revision::Wrote;

/// The sections a user may use (B2–B10), computed from role and permissions.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct Capabilities {
    pub account_settings: bool,
    pub online_presence: bool,
    pub campaigns: bool,
    /// Users, roles, groups.
    pub staff: bool,
    pub subscription: bool,
    /// B5.
    pub payments: bool,
    /// B6.
    pub documents: bool,
    /// B8.
    pub packages: bool,
    /// B9.
    pub bulk_edit: bool,
    /// B9.
    pub tags: bool,
    /// B9.
    pub import_export: bool,
    /// B9.
    pub marketing_opt_in: bool,
    /// B11.
    pub work_as: bool,
    /// B10.
    pub list_all_clients: bool,
}

impl From<casegate_core::permissions::Capabilities> for Capabilities {
    fn from(c: casegate_core::permissions::Capabilities) -> Self {
        Capabilities {
            account_settings: c.account_settings,
            online_presence: c.online_presence,
            campaigns: c.campaigns,
            staff: c.staff,
            subscription: c.subscription,
            payments: c.payments,
            documents: c.documents,
            packages: c.packages,
            bulk_edit: c.bulk_edit,
            tags: c.tags,
            import_export: c.import_export,
            marketing_opt_in: c.marketing_opt_in,
            work_as: c.work_as,
            list_all_clients: c.list_all_clients,
        }
    }
}

/// `GET /me`: the user object and the sections they may use.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Me {
    #[serde(flatten)]
    pub user: User,
    pub kind: StaffKind,
    pub capabilities: Capabilities,
}

/// `"staff"`: what `GET /me` answers for a staff member.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StaffKind {
    Staff,
}

impl From<casegate_core::User> for Me {
    fn from(u: casegate_core::User) -> Self {
        let capabilities = casegate_core::permissions::capabilities_of(&u).into();
        Me {
            user: u.into(),
            kind: StaffKind::Staff,
            capabilities,
        }
    }
}

/// The company's account settings.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Company {
    pub name: String,
    /// X7: the language of new users and of company-wide emails.
    pub default_language: Language,
    /// An IANA timezone name, e.g. `Europe/Copenhagen`.
    pub timezone: String,
}

impl From<casegate_core::Company> for Company {
    fn from(c: casegate_core::Company) -> Self {
        Company {
            name: c.name,
            default_language: c.default_language.into(),
            timezone: c.timezone,
        }
    }
}

/// `PATCH /company`: only the given fields change.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompanyPatch {
    #[schema(schema_with = constraints::name)]
    pub name: Option<String>,
    pub default_language: Option<Language>,
    #[schema(schema_with = constraints::timezone)]
    pub timezone: Option<String>,
}

/// B1: after a handover, the new primary admin and the former one (now admin).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Handover {
    pub primary_admin: User,
    pub previous: User,
}

/// The company's account settings (staff).
#[utoipa::path(get, path = "/api/v1/company", tag = "company", security(("bearer" = [])),
    responses(
        (status = 200, description = "name, default language, timezone", body = Company),
        (status = 401, description = "not signed in", body = ErrorBody),
    )
)]
pub async fn get_company(
    State(app): State<App>,
    Authed(actor): Authed,
) -> Result<Json<Company>, ApiError> {
    Ok(Json(app.company(&actor).await?.into()))
}

/// Changes the account settings (the `account_settings` capability).
#[utoipa::path(patch, path = "/api/v1/company", tag = "company", security(("bearer" = [])),
    request_body = CompanyPatch,
    responses(
        (status = 200, description = "the company after the change", body = Company,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "no `account_settings` capability", body = ErrorBody),
        (status = 422, description = "bad input", body = ErrorBody),
    )
)]
pub async fn update_company(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiJson(patch): ApiJson<CompanyPatch>,
) -> Result<Wrote<Company>, ApiError> {
    let patch = app_layer::CompanyPatch {
        name: patch.name,
        default_language: patch.default_language.map(Into::into),
        timezone: patch.timezone,
    };
    let written = app.update_company(&actor, patch).await?;
    Ok(Wrote::ok(written.revision, written.value.into()))
}

/// Hands the primary admin role over (B1): the primary admin alone; the
/// target becomes primary admin, the caller admin, in one step.
#[utoipa::path(post, path = "/api/v1/users/{id}/primary-admin", tag = "users",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the new primary admin")),
    responses(
        (status = 200, description = "the new primary admin and the former one", body = Handover,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "not the primary admin", body = ErrorBody),
        (status = 404, description = "no such user in this company", body = ErrorBody),
        (status = 409, description = "already the primary admin", body = ErrorBody),
        (status = 422, description = "the user is inactive", body = ErrorBody),
    )
)]
pub async fn hand_over_primary_admin(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<UserId>,
) -> Result<Wrote<Handover>, ApiError> {
    let written = app.hand_over_primary_admin(&actor, id).await?;
    let answer = Handover {
        primary_admin: written.value.new_primary_admin.into(),
        previous: written.value.previous.into(),
    };
    Ok(Wrote::ok(written.revision, answer))
}
