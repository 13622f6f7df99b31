//! Packages sold to a client (B8): list and add, with the packages
//! capability only.

use axum::Json;
use axum::extract::State;
use casegate_app::{App, NewPackage as AppNewPackage};
use casegate_core::ClientId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::constraints;
use super::types::ts;
use crate::auth::Authed;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath};
use crate::revision::Wrote;

/// A package on a client card.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Package {
    #[schema(format = Uuid)]
    pub id: String,
    pub name: String,
    #[schema(required = true)]
    pub price_cents: Option<i64>,
    #[schema(format = Uuid)]
    pub created_by: String,
    #[schema(format = DateTime)]
    pub created_at: String,
}

impl From<casegate_core::Package> for Package {
    fn from(p: casegate_core::Package) -> Self {
        Package {
            id: p.id.to_string(),
            name: p.name,
            price_cents: p.price_cents,
            created_by: p.created_by.to_string(),
            created_at: ts(p.created_at),
        }
    }
}

/// `{"items": [...]}` of packages.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PackageList {
    pub items: Vec<Package>,
}

/// `POST /clients/{id}/packages`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPackage {
    #[schema(schema_with = constraints::name)]
    pub name: String,
    /// Zero or more.
    #[schema(minimum = 0)]
    pub price_cents: Option<i64>,
}

/// The packages of a client, oldest first (B8).
#[utoipa::path(get, path = "/api/v1/clients/{id}/packages", tag = "packages",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "client id")),
    responses(
        (status = 200, description = "the packages", body = PackageList),
        (status = 403, description = "`access_denied` (locked) or `forbidden` (packages off)", body = ErrorBody),
        (status = 404, description = "no such client in this company", body = ErrorBody),
    )
)]
pub async fn list_packages(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<ClientId>,
) -> Result<Json<PackageList>, ApiError> {
    let packages = app.packages(&actor, id).await?;
    Ok(Json(PackageList {
        items: packages.into_iter().map(Package::from).collect(),
    }))
}

/// Adds a package to a client (B8).
#[utoipa::path(post, path = "/api/v1/clients/{id}/packages", tag = "packages",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "client id")),
    request_body = NewPackage,
    responses(
        (status = 201, description = "the new package", body = Package,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "`access_denied` (locked) or `forbidden` (packages off)", body = ErrorBody),
        (status = 404, description = "no such client in this company", body = ErrorBody),
        (status = 422, description = "bad input", body = ErrorBody),
    )
)]
pub async fn add_package(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<ClientId>,
    ApiJson(input): ApiJson<NewPackage>,
) -> Result<Wrote<Package>, ApiError> {
    let input = AppNewPackage {
        name: input.name,
        price_cents: input.price_cents,
    };
    let written = app.add_package(&actor, id, input).await?;
    Ok(Wrote::created(written.revision, written.value.into()))
}
