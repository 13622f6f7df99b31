//! Activities on a client (B4–B7, B12): list, record, change, delete. The
//! only endpoints that accept `Casegate-Work-As` (B11): they then answer as
//! the member worked as, and record both identities.

use axum::extract::State;
use axum::routing::{get, patch};
use axum::{Json, Router};
use casegate_app::{Acting, ActivityPage, App};
use casegate_core::{ActivityId, ClientId, Timestamp, UserId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{
    AdditionalProperties, KnownFormat, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, Type,
};

use super::constraints;
use super::types::{List, PageParams, double_option, ts};
use crate::auth::Authed;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::revision::Wrote;
use crate::work_as::WorkAs;

/// The activity routes, relative to `/api/v1`; left out of the
/// `Casegate-Work-As` refusal (B11).
pub fn routes() -> Router<App> {
    Router::new()
        .route(
            "/clients/{id}/activities",
            get(list_activities).post(create_activity),
        )
        .route(
            "/activities/{id}",
            patch(update_activity).delete(delete_activity),
        )
}

/// The kinds of activity (B2, B4–B6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    Conversation,
    Appointment,
    /// B5.
    Payment,
    /// B6.
    Document,
}

impl From<casegate_core::ActivityKind> for ActivityKind {
    fn from(k: casegate_core::ActivityKind) -> Self {
        match k {
            casegate_core::ActivityKind::Conversation => ActivityKind::Conversation,
            casegate_core::ActivityKind::Appointment => ActivityKind::Appointment,
            casegate_core::ActivityKind::Payment => ActivityKind::Payment,
            casegate_core::ActivityKind::Document => ActivityKind::Document,
        }
    }
}

impl From<ActivityKind> for casegate_core::ActivityKind {
    fn from(k: ActivityKind) -> Self {
        match k {
            ActivityKind::Conversation => casegate_core::ActivityKind::Conversation,
            ActivityKind::Appointment => casegate_core::ActivityKind::Appointment,
            ActivityKind::Payment => casegate_core::ActivityKind::Payment,
            ActivityKind::Document => casegate_core::ActivityKind::Document,
        }
    }
}

/// An activity on a client, assigned to a staff member (B4).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Activity {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub client_id: String,
    pub kind: ActivityKind,
    pub summary: String,
    #[schema(format = Uuid)]
    pub assignee_id: String,
    /// Who wrote it; for "work as", the member worked as.
    #[schema(format = Uuid)]
    pub created_by: String,
    /// B11: the contributor behind a "work as" write; only then present.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub created_by_real: Option<String>,
    #[schema(required = true, format = DateTime)]
    pub starts_at: Option<String>,
    /// Payments only.
    #[schema(required = true)]
    pub amount_cents: Option<i64>,
    /// Payments only: ISO 4217.
    #[schema(required = true)]
    pub currency: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub updated_at: String,
}

impl From<casegate_core::Activity> for Activity {
    fn from(a: casegate_core::Activity) -> Self {
        Activity {
            id: a.id.to_string(),
            client_id: a.client_id.to_string(),
            kind: a.kind.into(),
            summary: a.summary,
            assignee_id: a.assignee_id.to_string(),
            created_by: a.created_by.to_string(),
            created_by_real: a.created_by_real.map(|u| u.to_string()),
            starts_at: a.starts_at.map(ts),
            amount_cents: a.amount_cents,
            currency: a.currency,
            created_at: ts(a.created_at),
            updated_at: ts(a.updated_at),
        }
    }
}

/// `POST /clients/{id}/activities`: a payment needs `amount_cents` and
/// `currency`, any other kind takes neither (its schema says so: one
/// branch per case).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewActivity {
    pub kind: ActivityKind,
    pub summary: String,
    /// Defaults to the caller (or the member worked as).
    pub assignee_id: Option<UserId>,
    pub starts_at: Option<Timestamp>,
    /// Required for payments, refused otherwise.
    pub amount_cents: Option<i64>,
    /// Required for payments, refused otherwise.
    pub currency: Option<String>,
}

impl utoipa::PartialSchema for NewActivity {
    fn schema() -> RefOr<Schema> {
        let branch = |kinds: &[&str], payment: bool| {
            let mut object = ObjectBuilder::new()
                .property(
                    "kind",
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .enum_values(Some(kinds.iter().copied())),
                )
                .required("kind")
                .property("summary", constraints::summary())
                .required("summary")
                .property(
                    "assignee_id",
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
                        .description(Some("defaults to the caller (or the member worked as)")),
                )
                .property(
                    "starts_at",
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime))),
                )
                .additional_properties(Some(AdditionalProperties::FreeForm(false)));
            if payment {
                object = object
                    .property(
                        "amount_cents",
                        ObjectBuilder::new()
                            .schema_type(Type::Integer)
                            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
                            .minimum(Some(0)),
                    )
                    .required("amount_cents")
                    .property("currency", constraints::currency())
                    .required("currency");
            }
            object.build()
        };
        Schema::OneOf(
            OneOfBuilder::new()
                .item(branch(&["payment"], true))
                .item(branch(&["conversation", "appointment", "document"], false))
                .description(Some(
                    "a payment (B5) with its amount and currency, or another kind without them",
                ))
                .build(),
        )
        .into()
    }
}

impl ToSchema for NewActivity {}

/// `PATCH /activities/{id}`: only the given fields change; `null` clears
/// `starts_at`, `amount_cents` or `currency`. The result must hold
/// together: a payment keeps an amount and a currency, another kind has
/// neither (changing a payment into another kind drops them).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityPatch {
    pub kind: Option<ActivityKind>,
    #[schema(schema_with = constraints::summary)]
    pub summary: Option<String>,
    #[schema(value_type = Option<String>, format = Uuid)]
    pub assignee_id: Option<UserId>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub starts_at: Option<Option<Timestamp>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>, minimum = 0)]
    pub amount_cents: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(schema_with = constraints::nullable_currency)]
    pub currency: Option<Option<String>>,
}

/// `?kind=` of `GET /clients/{id}/activities`, with paging.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityQuery {
    /// Only activities of this kind.
    pub kind: Option<ActivityKind>,
    /// Page size, 1 to 500 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500)]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The `Casegate-Work-As` header the activity endpoints accept (B11).
#[derive(Debug, Clone, IntoParams)]
#[into_params(parameter_in = Header)]
#[expect(
    dead_code,
    reason = "documents the header for OpenAPI; read by `WorkAs`"
)]
struct WorkAsHeader {
    /// B11: a contributor acts as this staff member.
    #[param(rename = "Casegate-Work-As", format = Uuid)]
    work_as: Option<String>,
}

/// The activities of a client the caller may see (B4–B7), newest first.
#[utoipa::path(get, path = "/api/v1/clients/{id}/activities", tag = "activities",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "client id"), ActivityQuery, WorkAsHeader),
    responses(
        (status = 200, description = "one page of activities", body = List<Activity>),
        (status = 403, description = "a locked client (`access_denied`), or work as refused", body = ErrorBody),
        (status = 404, description = "no such client (or user worked as)", body = ErrorBody),
        (status = 422, description = "bad kind, limit or cursor", body = ErrorBody),
    )
)]
pub async fn list_activities(
    State(app): State<App>,
    Authed(actor): Authed,
    WorkAs(work_as): WorkAs,
    ApiPath(id): ApiPath<ClientId>,
    ApiQuery(query): ApiQuery<ActivityQuery>,
) -> Result<Json<List<Activity>>, ApiError> {
    let page = PageParams {
        limit: query.limit,
        cursor: query.cursor,
    };
    let limit = page.limit()?;
    let acting = Acting { actor, work_as };
    let ActivityPage { items, next } = app
        .activities(
            &acting,
            id,
            query.kind.map(Into::into),
            page.cursor.as_deref(),
            limit,
        )
        .await?;
    Ok(Json(List {
        items: items.into_iter().map(Activity::from).collect(),
        next_cursor: next.map(|n| n.to_string()),
    }))
}

/// Records an activity; kinds the caller may not use answer `403 forbidden`.
#[utoipa::path(post, path = "/api/v1/clients/{id}/activities", tag = "activities",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "client id"), WorkAsHeader),
    request_body = NewActivity,
    responses(
        (status = 201, description = "the new activity", body = Activity,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "kind not allowed (`forbidden`) or a locked client (`access_denied`)", body = ErrorBody),
        (status = 404, description = "no such client, assignee or user worked as", body = ErrorBody),
        (status = 422, description = "bad input; a payment needs `amount_cents` and `currency`", body = ErrorBody),
    )
)]
pub async fn create_activity(
    State(app): State<App>,
    Authed(actor): Authed,
    WorkAs(work_as): WorkAs,
    ApiPath(id): ApiPath<ClientId>,
    ApiJson(input): ApiJson<NewActivity>,
) -> Result<Wrote<Activity>, ApiError> {
    let acting = Acting { actor, work_as };
    let input = casegate_app::NewActivity {
        kind: input.kind.into(),
        summary: input.summary,
        assignee_id: input.assignee_id,
        starts_at: input.starts_at,
        amount_cents: input.amount_cents,
        currency: input.currency,
    };
    let written = app.create_activity(&acting, id, input).await?;
    Ok(Wrote::created(written.revision, written.value.into()))
}

/// Changes an activity (whoever may see it and open its client).
#[utoipa::path(patch, path = "/api/v1/activities/{id}", tag = "activities",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "activity id"), WorkAsHeader),
    request_body = ActivityPatch,
    responses(
        (status = 200, description = "the activity after the change", body = Activity,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "the change is not allowed, or a locked client", body = ErrorBody),
        (status = 404, description = "no such activity the caller may see", body = ErrorBody),
        (status = 422, description = "bad input", body = ErrorBody),
    )
)]
pub async fn update_activity(
    State(app): State<App>,
    Authed(actor): Authed,
    WorkAs(work_as): WorkAs,
    ApiPath(id): ApiPath<ActivityId>,
    ApiJson(patch): ApiJson<ActivityPatch>,
) -> Result<Wrote<Activity>, ApiError> {
    let acting = Acting { actor, work_as };
    let patch = casegate_app::ActivityPatch {
        kind: patch.kind.map(Into::into),
        summary: patch.summary,
        assignee_id: patch.assignee_id,
        starts_at: patch.starts_at,
        amount_cents: patch.amount_cents,
        currency: patch.currency,
    };
    let written = app.update_activity(&acting, id, patch).await?;
    Ok(Wrote::ok(written.revision, written.value.into()))
}

/// Deletes an activity (whoever may see it and open its client).
#[utoipa::path(delete, path = "/api/v1/activities/{id}", tag = "activities",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "activity id"), WorkAsHeader),
    responses(
        (status = 204, description = "deleted",
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "not allowed, or a locked client", body = ErrorBody),
        (status = 404, description = "no such activity the caller may see", body = ErrorBody),
    )
)]
pub async fn delete_activity(
    State(app): State<App>,
    Authed(actor): Authed,
    WorkAs(work_as): WorkAs,
    ApiPath(id): ApiPath<ActivityId>,
) -> Result<Wrote<()>, ApiError> {
    let acting = Acting { actor, work_as };
    let written = app.delete_activity(&acting, id).await?;
    Ok(Wrote::no_content(written.revision))
}
