//! Client files: the list of all clients with their lock (A12), create, read
//! (locked → `access_denied`), change and delete.

use axum::Json;
use axum::extract::State;
use casegate_app::{self as app_layer, App, ClientListEntry};
use casegate_core::{ClientId, UserId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::constraints;
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

/// A client file as the caller may see it: contact fields hidden from
/// them by B8 are `null`, with `email_hidden` / `phone_hidden` set.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Client {
    #[schema(format = Uuid)]
    pub id: String,
    pub name: String,
    /// `null` when hidden from the caller (B8).
    #[schema(required = true)]
    pub email: Option<String>,
    /// `null` when hidden from the caller (B8).
    #[schema(required = true)]
    pub phone: Option<String>,
    /// B8: the email is hidden from the caller.
    pub email_hidden: bool,
    /// B8: the phone is hidden from the caller.
    pub phone_hidden: bool,
    pub tags: Vec<String>,
    /// A8: the staff member responsible.
    #[schema(format = Uuid)]
    pub owner_id: String,
    /// X10: left out of whole-company shares and of "share all clients".
    pub restricted: bool,
    /// B9.
    pub marketing_opt_in: bool,
    #[schema(required = true)]
    pub loyalty_card: Option<String>,
    #[schema(required = true)]
    pub notes: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub updated_at: String,
}

impl From<app_layer::ClientCard> for Client {
    fn from(card: app_layer::ClientCard) -> Self {
        let masked = app_layer::mask(card.client, card.masking);
        Client {
            id: masked.id.to_string(),
            name: masked.name,
            email: masked.email,
            phone: masked.phone,
            email_hidden: card.masking.hide_email,
            phone_hidden: card.masking.hide_phone,
            tags: masked.tags,
            owner_id: masked.owner_id.to_string(),
            restricted: masked.restricted,
            marketing_opt_in: card.profile.marketing_opt_in,
            loyalty_card: card.profile.loyalty_card,
            notes: card.profile.notes,
            created_at: ts(masked.created_at),
            updated_at: ts(masked.updated_at),
        }
    }
}

/// `POST /clients`. A blank `email` or `phone` (`""`, only spaces) is the
/// same as leaving it out: the client has none.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewClient {
    #[schema(schema_with = constraints::name)]
    pub name: String,
    #[schema(schema_with = constraints::client_email)]
    pub email: Option<String>,
    #[schema(schema_with = constraints::short_text)]
    pub phone: Option<String>,
    #[serde(default)]
    #[schema(schema_with = constraints::tags)]
    pub tags: Vec<String>,
    /// Defaults to the creator (A8); an active staff member of the company.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub owner_id: Option<UserId>,
}

/// `PATCH /clients/{id}`: only the given fields change (absent or, for
/// `name`, `tags`, `restricted` and `marketing_opt_in`, `null`: unchanged);
/// `null` or a blank string (`""`, only spaces) clears `email`, `phone`,
/// `loyalty_card` or `notes`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientPatch {
    #[schema(schema_with = constraints::name)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(schema_with = constraints::client_email_patch)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(schema_with = constraints::short_text)]
    pub phone: Option<Option<String>>,
    #[schema(schema_with = constraints::tags_patch)]
    pub tags: Option<Vec<String>>,
    /// X10; admins only.
    pub restricted: Option<bool>,
    /// B9: needs the right to change the marketing opt-in.
    pub marketing_opt_in: Option<bool>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(schema_with = constraints::loyalty_card)]
    pub loyalty_card: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(schema_with = constraints::long_text)]
    pub notes: Option<Option<String>>,
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

/// Every client of the company, locked ones included (A12), by name; with
/// "view every client" off, only those the caller owns or has an activity
/// assigned to (B10).
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
        (status = 404, description = "`owner_id` names nobody active in this company", body = ErrorBody),
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
    let card = app.card_for(&actor, written.value).await?;
    Ok(Wrote::created(written.revision, card.into()))
}

/// One client, for those with access; masked per the caller (B8) and
/// recorded in the view log (X9).
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
    Ok(Json(app.open_client(&actor, id).await?.into()))
}

/// Changes a client (with access; `restricted` by admins only; tags and
/// marketing opt-in with edit rights, B9).
#[utoipa::path(patch, path = "/api/v1/clients/{id}", tag = "clients", security(("bearer" = [])),
    params(("id" = String, Path, description = "client id")),
    request_body = ClientPatch,
    responses(
        (status = 200, description = "the client after the change", body = Client,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "`access_denied`, or `forbidden` (B9 tags or opt-in)", body = ErrorBody),
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
    let profile = app_layer::ProfilePatch {
        marketing_opt_in: patch.marketing_opt_in,
        loyalty_card: patch.loyalty_card,
        notes: patch.notes,
    };
    let patch = app_layer::ClientPatch {
        name: patch.name,
        email: patch.email,
        phone: patch.phone,
        tags: patch.tags,
        restricted: patch.restricted,
    };
    let written = app.update_client_card(&actor, id, patch, profile).await?;
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
