//! Client files: the list of all clients with their lock (A12), create, read
//! (locked → `access_denied`), change and delete.

use axum::Json;
use axum::extract::State;
use casegate_app::{self as app_layer, App, ClientListEntry};
use casegate_core::{ClientId, UserId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::types::{List, PageParams, double_option, list_of, ts};
use crate::auth::Authed;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::revision::Wrote;

/// A line of the client list: name only, marked locked without access (A12).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClientListItem {
    #[schema(format = Uuid)]
    pub id: String,
    pub name: String,
    /// The caller cannot open it.
    pub locked: bool,
    #[schema(format = Uuid)]
    pub owner_id: String,
}

impl From<ClientListEntry> for ClientListItem {
    fn from(c: ClientListEntry) -> Self {
        ClientListItem {
            id: c.id.to_string(),
            name: c.name,
            locked: c.locked,
            owner_id: c.owner_id.to_string(),
        }
    }
}

/// A client file.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Client {
    #[schema(format = Uuid)]
    pub id: String,
    pub name: String,
    #[schema(required = true)]
    pub email: Option<String>,
    #[schema(required = true)]
    pub phone: Option<String>,
    pub tags: Vec<String>,
    /// A8: the staff member responsible.
    #[schema(format = Uuid)]
    pub owner_id: String,
    /// X10: left out of whole-company shares and of "share all clients".
    pub restricted: bool,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub updated_at: String,
}

impl From<casegate_core::Client> for Client {
    fn from(c: casegate_core::Client) -> Self {
        Client {
            id: c.id.to_string(),
            name: c.name,
            email: c.email,
            phone: c.phone,
            tags: c.tags,
            owner_id: c.owner_id.to_string(),
            restricted: c.restricted,
            created_at: ts(c.created_at),
            updated_at: ts(c.updated_at),
        }
    }
}

/// `POST /clients`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewClient {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Defaults to the creator (A8).
    #[schema(value_type = Option<String>, format = Uuid)]
    pub owner_id: Option<UserId>,
}

/// `PATCH /clients/{id}`: only the given fields change; `null` clears
/// `email` or `phone`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientPatch {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
    /// X10; admins only.
    pub restricted: Option<bool>,
}

/// `?q=` of `GET /clients`, with paging.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClientQuery {
    /// Keeps the clients whose name contains this.
    pub q: Option<String>,
    /// Page size, 1 to 500 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500)]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Every client of the company, locked ones included (A12), by name.
#[utoipa::path(get, path = "/api/v1/clients", tag = "clients", security(("bearer" = [])),
    params(ClientQuery),
    responses(
        (status = 200, description = "one page of clients", body = List<ClientListItem>),
        (status = 403, description = "not staff", body = ErrorBody),
        (status = 422, description = "bad limit or cursor", body = ErrorBody),
    )
)]
pub async fn list_clients(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiQuery(query): ApiQuery<ClientQuery>,
) -> Result<Json<List<ClientListItem>>, ApiError> {
    let page = PageParams {
        limit: query.limit,
        cursor: query.cursor,
    };
    let limit = page.limit()?;
    let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let clients = app.clients(&actor, q, page.cursor(), limit).await?;
    Ok(Json(list_of(clients, ClientListItem::from)))
}

/// Creates a client; it starts with the share of A5.
#[utoipa::path(post, path = "/api/v1/clients", tag = "clients", security(("bearer" = [])),
    request_body = NewClient,
    responses(
        (status = 201, description = "the new client", body = Client,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "not staff", body = ErrorBody),
        (status = 422, description = "bad input", body = ErrorBody),
    )
)]
pub async fn create_client(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiJson(input): ApiJson<NewClient>,
) -> Result<Wrote<Client>, ApiError> {
    let input = app_layer::NewClient {
        name: input.name,
        email: input.email,
        phone: input.phone,
        tags: input.tags,
        owner_id: input.owner_id,
    };
    let written = app.create_client(&actor, input).await?;
    Ok(Wrote::created(written.revision, written.value.into()))
}

/// One client, for those with access.
#[utoipa::path(get, path = "/api/v1/clients/{id}", tag = "clients", security(("bearer" = [])),
    params(("id" = String, Path, description = "client id")),
    responses(
        (status = 200, description = "the client", body = Client),
        (status = 403, description = "`access_denied` (locked), with `can_request`", body = ErrorBody),
        (status = 404, description = "no such client in this company", body = ErrorBody),
    )
)]
pub async fn get_client(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<ClientId>,
) -> Result<Json<Client>, ApiError> {
    Ok(Json(app.client(&actor, id).await?.into()))
}

/// Changes a client (with access; `restricted` by admins only).
#[utoipa::path(patch, path = "/api/v1/clients/{id}", tag = "clients", security(("bearer" = [])),
    params(("id" = String, Path, description = "client id")),
    request_body = ClientPatch,
    responses(
        (status = 200, description = "the client after the change", body = Client,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "`access_denied` or `forbidden`", body = ErrorBody),
        (status = 404, description = "no such client in this company", body = ErrorBody),
        (status = 422, description = "bad input", body = ErrorBody),
    )
)]
pub async fn update_client(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<ClientId>,
    ApiJson(patch): ApiJson<ClientPatch>,
) -> Result<Wrote<Client>, ApiError> {
    let patch = app_layer::ClientPatch {
        name: patch.name,
        email: patch.email,
        phone: patch.phone,
        tags: patch.tags,
        restricted: patch.restricted,
    };
    let written = app.update_client(&actor, id, patch).await?;
    Ok(Wrote::ok(written.revision, written.value.into()))
}

/// Deletes a client (its owner, admins).
#[utoipa::path(delete, path = "/api/v1/clients/{id}", tag = "clients", security(("bearer" = [])),
    params(("id" = String, Path, description = "client id")),
    responses(
        (status = 204, description = "deleted",
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "neither its owner nor an admin", body = ErrorBody),
        (status = 404, description = "no such client in this company", body = ErrorBody),
    )
)]
pub async fn delete_client(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<ClientId>,
) -> Result<Wrote<()>, ApiError> {
    let written = app.delete_client(&actor, id).await?;
    Ok(Wrote::no_content(written.revision))
}
