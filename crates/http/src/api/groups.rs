//! Groups of staff members: list, read, create, rename, add and remove
//! members (A21) and delete with confirmation (A20).

use axum::Json;
use axum::extract::State;
use casegate_app::{App, GroupView};
use casegate_core::{GroupId, UserId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::constraints;
use super::types::{List, PageParams, User};
use crate::auth::Authed;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::revision::Wrote;

/// A group with its current members, by name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Group {
    #[schema(format = Uuid)]
    pub id: String,
    pub name: String,
    pub members: Vec<User>,
}

impl From<GroupView> for Group {
    fn from(g: GroupView) -> Self {
        Group {
            id: g.id.to_string(),
            name: g.name,
            members: g.members.into_iter().map(User::from).collect(),
        }
    }
}

/// `POST /groups`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewGroup {
    #[schema(schema_with = constraints::name)]
    pub name: String,
    /// The first members.
    #[serde(default)]
    #[schema(schema_with = constraints::user_ids)]
    pub member_ids: Vec<UserId>,
}

/// `PATCH /groups/{id}`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupPatch {
    #[schema(schema_with = constraints::name)]
    pub name: String,
}

/// `POST /groups/{id}/members`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMember {
    #[schema(value_type = String, format = Uuid)]
    pub user_id: UserId,
}

/// `?confirm=` of `DELETE /groups/{id}`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConfirmParams {
    /// `true` to delete; otherwise the answer is `409 confirmation_required`
    /// with the impact (A20).
    #[param(value_type = Option<bool>)]
    pub confirm: Option<String>,
}

/// A20: the outcome of a confirmed group deletion.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GroupDeleted {
    /// How many shares of the group were revoked.
    pub revoked_shares: usize,
}

/// The groups of the company, by name.
#[utoipa::path(get, path = "/api/v1/groups", tag = "groups", security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "one page of groups", body = List<Group>),
        (status = 403, description = "not staff", body = ErrorBody),
        (status = 422, description = "bad limit or cursor", body = ErrorBody),
    )
)]
pub async fn list_groups(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiQuery(page): ApiQuery<PageParams>,
) -> Result<Json<List<Group>>, ApiError> {
    page.limit()?;
    let groups = app.groups(&actor).await?;
    Ok(Json(
        page.page(groups.into_iter().map(Group::from).collect())?,
    ))
}

/// One group.
#[utoipa::path(get, path = "/api/v1/groups/{id}", tag = "groups", security(("bearer" = [])),
    params(("id" = String, Path, description = "group id")),
    responses(
        (status = 200, description = "the group", body = Group),
        (status = 404, description = "no such group in this company", body = ErrorBody),
    )
)]
pub async fn get_group(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<GroupId>,
) -> Result<Json<Group>, ApiError> {
    Ok(Json(app.group(&actor, id).await?.into()))
}

/// Creates a group (admins).
#[utoipa::path(post, path = "/api/v1/groups", tag = "groups", security(("bearer" = [])),
    request_body = NewGroup,
    responses(
        (status = 201, description = "the new group", body = Group,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "not an admin", body = ErrorBody),
        (status = 404, description = "a member id names nobody in this company", body = ErrorBody),
        (status = 409, description = "a group of that name exists", body = ErrorBody),
        (status = 422, description = "bad input", body = ErrorBody),
    )
)]
pub async fn create_group(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiJson(input): ApiJson<NewGroup>,
) -> Result<Wrote<Group>, ApiError> {
    let written = app
        .create_group(&actor, &input.name, &input.member_ids)
        .await?;
    Ok(Wrote::created(written.revision, written.value.into()))
}

/// Renames a group (admins).
#[utoipa::path(patch, path = "/api/v1/groups/{id}", tag = "groups", security(("bearer" = [])),
    params(("id" = String, Path, description = "group id")),
    request_body = GroupPatch,
    responses(
        (status = 200, description = "the group after the change", body = Group,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "not an admin", body = ErrorBody),
        (status = 404, description = "no such group in this company", body = ErrorBody),
        (status = 409, description = "another group has that name", body = ErrorBody),
        (status = 422, description = "bad input", body = ErrorBody),
    )
)]
pub async fn rename_group(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<GroupId>,
    ApiJson(input): ApiJson<GroupPatch>,
) -> Result<Wrote<Group>, ApiError> {
    let written = app.rename_group(&actor, id, &input.name).await?;
    Ok(Wrote::ok(written.revision, written.value.into()))
}

/// Adds a member to a group (admins).
#[utoipa::path(post, path = "/api/v1/groups/{id}/members", tag = "groups", security(("bearer" = [])),
    params(("id" = String, Path, description = "group id")),
    request_body = NewMember,
    responses(
        (status = 200, description = "the group with its new member", body = Group,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "not an admin", body = ErrorBody),
        (status = 404, description = "no such group or user in this company", body = ErrorBody),
        (status = 422, description = "bad input", body = ErrorBody),
    )
)]
pub async fn add_member(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<GroupId>,
    ApiJson(input): ApiJson<NewMember>,
) -> Result<Wrote<Group>, ApiError> {
    let written = app.add_member(&actor, id, input.user_id).await?;
    Ok(Wrote::ok(written.revision, written.value.into()))
}

/// Removes a member from a group: only the access that came through the
/// group ends (A21; admins).
#[utoipa::path(delete, path = "/api/v1/groups/{id}/members/{user_id}", tag = "groups",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "group id"),
        ("user_id" = String, Path, description = "user id"),
    ),
    responses(
        (status = 204, description = "removed",
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "not an admin", body = ErrorBody),
        (status = 404, description = "no such group, user or membership", body = ErrorBody),
    )
)]
pub async fn remove_member(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath((id, user_id)): ApiPath<(GroupId, UserId)>,
) -> Result<Wrote<()>, ApiError> {
    let written = app.remove_member(&actor, id, user_id).await?;
    Ok(Wrote::no_content(written.revision))
}

/// Deletes a group and all its shares (A20; admins). Without
/// `?confirm=true` nothing changes and the answer tells the impact.
#[utoipa::path(delete, path = "/api/v1/groups/{id}", tag = "groups", security(("bearer" = [])),
    params(("id" = String, Path, description = "group id"), ConfirmParams),
    responses(
        (status = 200, description = "deleted", body = GroupDeleted,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "not an admin", body = ErrorBody),
        (status = 404, description = "no such group in this company", body = ErrorBody),
        (status = 409, description = "`confirmation_required`, with `impact`", body = ErrorBody),
        (status = 422, description = "`confirm` neither `true` nor `false`", body = ErrorBody),
    )
)]
pub async fn delete_group(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<GroupId>,
    ApiQuery(params): ApiQuery<ConfirmParams>,
) -> Result<Wrote<GroupDeleted>, ApiError> {
    let confirm = match params.confirm.as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(ApiError::invalid("confirm", "must be `true` or `false`")),
    };
    let written = app.delete_group(&actor, id, confirm).await?;
    let body = GroupDeleted {
        revoked_shares: written.value.revoked_shares,
    };
    Ok(Wrote::ok(written.revision, body))
}
