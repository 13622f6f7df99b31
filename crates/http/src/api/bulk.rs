//! Many clients at once (B8, B9, B12): `POST /clients/bulk` (delete, add or
//! remove a tag), `GET /clients/export` (CSV, hidden contact fields left
//! empty) and `POST /clients/import` (CSV, all-or-nothing, up to 5 MiB).

use crate::web::english;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use casegate_app::{App, BulkAction, ImportOutcome, MAX_BULK_IDS, NoProgress};
use casegate_core::ClientId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use utoipa::openapi::Ref;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{
    AdditionalProperties, AnyOfBuilder, ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, Type,
};

use super::constraints;
use crate::auth::Authed;
use crate::error::{ApiError, ErrorBody, ErrorCode, ErrorDetail};
use crate::extract::ApiJson;
use crate::revision::Wrote;

/// The content type of an export (and the one an import must declare).
pub const CSV_CONTENT_TYPE: &str = "text/csv; charset=utf-8";

/// What `POST /clients/bulk` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BulkActionName {
    Delete,
    AddTag,
    RemoveTag,
}

/// `POST /clients/bulk`: `tag` with `add_tag` and `remove_tag` only (its
/// schema has one branch per case).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BulkInput {
    pub action: BulkActionName,
    /// At most 500 client ids; those the caller cannot open (or that name
    /// nothing) are skipped.
    pub ids: Vec<String>,
    /// `add_tag` and `remove_tag` only: 1 to 100 characters, trimmed.
    pub tag: Option<String>,
}

impl utoipa::PartialSchema for BulkInput {
    fn schema() -> RefOr<Schema> {
        let branch = |actions: &[&str], tag: bool| {
            let ids = ArrayBuilder::new()
                .items(ObjectBuilder::new().schema_type(Type::String))
                .max_items(Some(MAX_BULK_IDS))
                .description(Some(
                    "at most 500 client ids; those the caller cannot open (or that name \
                     nothing) are skipped",
                ));
            let mut object = ObjectBuilder::new()
                .property(
                    "action",
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .enum_values(Some(actions.iter().copied())),
                )
                .required("action")
                .property("ids", ids)
                .required("ids")
                .additional_properties(Some(AdditionalProperties::FreeForm(false)));
            if tag {
                object = object.property("tag", constraints::tag()).required("tag");
            }
            object.build()
        };
        Schema::OneOf(
            OneOfBuilder::new()
                .item(branch(&["delete"], false))
                .item(branch(&["add_tag", "remove_tag"], true))
                .build(),
        )
        .into()
    }
}

impl ToSchema for BulkInput {}

/// The outcome of a bulk operation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BulkDone {
    /// How many of the named clients were acted on.
    pub done: usize,
}

/// One problem of an import.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportError {
    /// 1-based; the header is line 1.
    pub line: u64,
    pub message: String,
}

/// The outcome of an import: `created` is 0 whenever `errors` is not empty.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportResult {
    pub created: usize,
    pub errors: Vec<ImportError>,
}

impl From<ImportOutcome> for ImportResult {
    fn from(o: ImportOutcome) -> Self {
        ImportResult {
            created: o.created,
            errors: o
                .errors
                .into_iter()
                .map(|e| ImportError {
                    line: e.line,
                    message: match e.field {
                        Some(field) => format!("`{field}`: {}", english(&e.message)),
                        None => english(&e.message),
                    },
                })
                .collect(),
        }
    }
}

/// A refused import: the API's error body (`validation_failed`) with the
/// import's outcome beside it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportRefused {
    pub error: ErrorDetail,
    /// Always 0: nothing was imported.
    pub created: usize,
    pub errors: Vec<ImportError>,
}

/// The 422 answer of an import: [`ImportRefused`] for bad lines, the plain
/// error body when the body itself is refused.
#[derive(Debug)]
pub struct ImportRefusal;

impl utoipa::PartialSchema for ImportRefusal {
    fn schema() -> RefOr<Schema> {
        Schema::AnyOf(
            AnyOfBuilder::new()
                .item(Ref::from_schema_name("ImportRefused"))
                .item(Ref::from_schema_name("ErrorBody"))
                .build(),
        )
        .into()
    }
}

impl ToSchema for ImportRefusal {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        use utoipa::PartialSchema as _;
        schemas.push(("ImportRefused".to_owned(), ImportRefused::schema()));
        <ImportRefused as ToSchema>::schemas(schemas);
    }
}

/// Deletes, tags or untags many clients, in one transaction (`bulk_edit`).
#[utoipa::path(post, path = "/api/v1/clients/bulk", tag = "clients", security(("bearer" = [])),
    request_body = BulkInput,
    responses(
        (status = 200, description = "how many clients were acted on", body = BulkDone,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "no `bulk_edit` capability (B9)", body = ErrorBody),
        (status = 422, description = "more than 500 ids, a bad or missing tag, a client at 50 tags", body = ErrorBody),
    )
)]
pub async fn bulk(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiJson(input): ApiJson<BulkInput>,
) -> Result<Wrote<BulkDone>, ApiError> {
    if input.ids.len() > MAX_BULK_IDS {
        return Err(ApiError::invalid(
            "ids",
            format!("at most {MAX_BULK_IDS} clients per call"),
        ));
    }
    let action = match (input.action, input.tag) {
        (BulkActionName::Delete, None) => BulkAction::Delete,
        (BulkActionName::Delete, Some(_)) => {
            return Err(ApiError::invalid(
                "tag",
                "only with `add_tag` or `remove_tag`",
            ));
        }
        (BulkActionName::AddTag, Some(tag)) => BulkAction::AddTag(tag),
        (BulkActionName::RemoveTag, Some(tag)) => BulkAction::RemoveTag(tag),
        (BulkActionName::AddTag | BulkActionName::RemoveTag, None) => {
            return Err(ApiError::invalid("tag", "is required"));
        }
    };
    // A malformed id names no client: skipped like an unknown one.
    let ids: Vec<ClientId> = input
        .ids
        .iter()
        .filter_map(|id| id.trim().parse().ok())
        .collect();
    let written = app.bulk_clients(&actor, action, &ids).await?;
    Ok(Wrote::ok(
        written.revision,
        BulkDone {
            done: written.value,
        },
    ))
}

/// The clients the caller can open, as CSV (`import_export`). Columns
/// `id,name,email,phone,tags,owner_id,marketing_opt_in`; tags separated by
/// `;`; a contact field hidden from the caller (B8) keeps its column, empty.
#[utoipa::path(get, path = "/api/v1/clients/export", tag = "clients", security(("bearer" = [])),
    responses(
        (status = 200, description = "the CSV file", content_type = "text/csv", body = String),
        (status = 403, description = "no `import_export` capability (B9)", body = ErrorBody),
    )
)]
pub async fn export(State(app): State<App>, Authed(actor): Authed) -> Result<Response, ApiError> {
    let csv = app.export_clients(&actor).await?;
    let mut response = csv.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(CSV_CONTENT_TYPE));
    headers.insert(
        CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"clients.csv\""),
    );
    Ok(response)
}

/// Creates clients from CSV (`import_export`), all or nothing. Header
/// `name,email,phone,tags,owner_email,marketing_opt_in` (only `name` is
/// required, any order); tags separated by `;`; at most 10,000 rows and 5 MiB.
#[utoipa::path(post, path = "/api/v1/clients/import", tag = "clients", security(("bearer" = [])),
    request_body(content = String, content_type = "text/csv"),
    responses(
        (status = 200, description = "every line was imported", body = ImportResult,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "no `import_export` capability (B9)", body = ErrorBody),
        (status = 409, description = "an owner was deactivated during the import; nothing was \
            imported", body = ErrorBody),
        (status = 413, description = "more than 5 MiB", body = ErrorBody),
        (status = 422, description = "bad lines: nothing was imported, every problem listed \
            (`errors`, with `created` 0); or a body that is not CSV, or more than 10,000 rows \
            (the error body alone)", body = ImportRefusal),
    )
)]
pub async fn import(
    State(app): State<App>,
    Authed(actor): Authed,
    CsvBody(body): CsvBody,
) -> Result<Response, ApiError> {
    let written = app.import_clients(&actor, &body, &NoProgress).await?;
    let result = ImportResult::from(written.value);
    if result.errors.is_empty() {
        return Ok(Wrote::ok(written.revision, result).into_response());
    }
    let refused = ImportRefused {
        error: ErrorDetail {
            code: ErrorCode::ValidationFailed,
            message: format!(
                "{} problem(s) found; nothing was imported",
                result.errors.len()
            ),
            can_request: None,
            impact: None,
            owned_clients: None,
            fields: None,
        },
        created: 0,
        errors: result.errors,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(refused)).into_response())
}

/// A `text/csv` body (the route sets its own size limit).
#[derive(Debug, Clone)]
pub struct CsvBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for CsvBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_csv = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .eq_ignore_ascii_case("text/csv")
            });
        if !is_csv {
            return Err(ApiError::invalid(
                "content-type",
                "expected `Content-Type: text/csv`",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge
            } else {
                ApiError::invalid("body", rejection.body_text())
            }
        })?;
        Ok(CsvBody(bytes))
    }
}
