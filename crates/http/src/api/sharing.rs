//! Sharing a client: the sharing panel (A13), granting and removing shares
//! (A4, A19), ownership transfer, the access history and the digest box (A24).

use axum::Json;
use axum::extract::State;
use casegate_app::{
    self as app_layer, App, ContactLine, PanelLine, PanelView, PartyName, SubjectView,
};
use casegate_core::deal::Party;
use casegate_core::{ClientId, GroupId, Subject, Timestamp, UserId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{
    AdditionalProperties, KnownFormat, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, Type,
};

use super::clients::Client;
use super::deal::EntityRef;
use super::types::{How, List, Named, PageParams, Standing, User, standing, ts};
use crate::auth::Authed;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::revision::Wrote;

/// What kind of subject a share is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SubjectType {
    User,
    Group,
    Company,
    /// An outside contact (Part C).
    Contact,
}

/// The subject of a share, named.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SubjectRef {
    #[serde(rename = "type")]
    pub kind: SubjectType,
    /// `null` for the whole company.
    #[schema(format = Uuid, required = true)]
    pub id: Option<String>,
    /// Kept when the person is deactivated or the group deleted.
    pub name: String,
    /// Present when the person's account is deactivated or the group is
    /// deleted (history rows).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub standing: Option<Standing>,
    /// A contact's entity, through which they have the client (Part C).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub entity: Option<EntityRef>,
}

impl SubjectRef {
    /// A contact with the entity they have the client through.
    fn contact(l: &ContactLine) -> Self {
        SubjectRef {
            kind: SubjectType::Contact,
            id: Some(l.share.account_id.to_string()),
            name: l.name.clone(),
            standing: None,
            entity: Some(EntityRef {
                id: l.share.entity_id.to_string(),
                name: l.entity_name.clone(),
            }),
        }
    }
}

/// Who did something on a contact's share, as the panel names people.
fn named(p: &Option<PartyName>) -> Option<Named> {
    p.as_ref().map(|p| Named {
        id: match p.party {
            Party::Staff(u) => u.to_string(),
            Party::Contact(a) => a.to_string(),
        },
        name: p.name.clone(),
        standing: None,
    })
}

impl From<SubjectView> for SubjectRef {
    fn from(s: SubjectView) -> Self {
        let (kind, id) = match s.subject {
            Subject::User(id) => (SubjectType::User, Some(id.to_string())),
            Subject::Group(id) => (SubjectType::Group, Some(id.to_string())),
            Subject::Company => (SubjectType::Company, None),
        };
        SubjectRef {
            kind,
            id,
            name: s.name,
            standing: standing(s.standing),
            entity: None,
        }
    }
}

/// One line of the sharing panel.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PanelEntry {
    pub subject: SubjectRef,
    /// The client's owner (A8); ownership is transferred, never removed.
    pub owner: bool,
    /// `null` when the system granted it.
    #[schema(required = true)]
    pub granted_by: Option<Named>,
    /// `null` for the owner line.
    #[schema(format = DateTime, required = true)]
    pub granted_at: Option<String>,
    /// A group's members; only for viewers with access (A13).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<User>>,
}

impl From<PanelLine> for PanelEntry {
    fn from(l: PanelLine) -> Self {
        PanelEntry {
            subject: l.subject.into(),
            owner: l.owner,
            granted_by: l.granted_by.map(Named::from),
            granted_at: l.granted_at.map(ts),
            members: l
                .members
                .map(|members| members.into_iter().map(User::from).collect()),
        }
    }
}

/// The sharing panel of a client (A13). Without access it shows only the
/// owner, the users and the groups (by name) that have access.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Panel {
    /// Whether the viewer may add and remove shares (A4).
    pub can_share: bool,
    /// Whether the viewer may request access (A14, A17).
    pub can_request: bool,
    pub entries: Vec<PanelEntry>,
    /// A24: the viewer's "Receive daily digest" box; only for viewers with
    /// access.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digest_enabled: Option<bool>,
}

impl From<PanelView> for Panel {
    fn from(p: PanelView) -> Self {
        Panel {
            can_share: p.can_share,
            can_request: p.can_request,
            entries: p.entries.into_iter().map(PanelEntry::from).collect(),
            digest_enabled: p.has_access.then_some(p.digest_enabled),
        }
    }
}

/// The subject types a share can be granted to here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GrantType {
    User,
    Group,
    Company,
}

/// Whom to share with: a user or group by id, or the whole company (no
/// `id`); its schema has one branch per case.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantSubject {
    #[serde(rename = "type")]
    pub kind: GrantType,
    /// Required for `user` and `group`; absent for `company`.
    pub id: Option<String>,
}

impl utoipa::PartialSchema for GrantSubject {
    fn schema() -> RefOr<Schema> {
        let kind = |kinds: &[&str]| {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(kinds.iter().copied()))
        };
        let by_id = ObjectBuilder::new()
            .property("type", kind(&["user", "group"]))
            .required("type")
            .property(
                "id",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
                    .description(Some("the user's or group's id")),
            )
            .required("id")
            .additional_properties(Some(AdditionalProperties::FreeForm(false)));
        let company = ObjectBuilder::new()
            .property("type", kind(&["company"]))
            .required("type")
            .additional_properties(Some(AdditionalProperties::FreeForm(false)));
        Schema::OneOf(OneOfBuilder::new().item(by_id).item(company).build()).into()
    }
}

impl ToSchema for GrantSubject {}

impl GrantSubject {
    /// The model's subject, validated.
    fn to_subject(&self) -> Result<Subject, ApiError> {
        let id = || {
            self.id
                .as_deref()
                .ok_or_else(|| ApiError::invalid("subject.id", "is required"))
        };
        let malformed = |_| ApiError::invalid("subject.id", "is not a valid id");
        match self.kind {
            GrantType::User => Ok(Subject::User(id()?.parse().map_err(malformed)?)),
            GrantType::Group => Ok(Subject::Group(id()?.parse().map_err(malformed)?)),
            GrantType::Company => match self.id {
                None => Ok(Subject::Company),
                Some(_) => Err(ApiError::invalid(
                    "subject.id",
                    "must be absent for a whole-company share",
                )),
            },
        }
    }
}

/// `POST /clients/{id}/access`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantInput {
    pub subject: GrantSubject,
    /// Email the person, or each active member of the group, that they were
    /// given access (in their language, with a link to the client; never the
    /// caller). Only for a new user or group share: refused (`422`) for the
    /// whole company; nothing is sent when the share already existed.
    #[serde(default)]
    pub notify: bool,
    /// Quoted in the email; needs `notify`. At most 2,000 characters.
    #[schema(max_length = 2000)]
    pub message: Option<String>,
}

/// `POST /clients/{id}/owner`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OwnerInput {
    #[schema(value_type = String, format = Uuid)]
    pub user_id: UserId,
}

/// One grant, ever, of a client (C5).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HistoryRow {
    pub subject: SubjectRef,
    /// `null` when the system granted it.
    #[schema(required = true)]
    pub granted_by: Option<Named>,
    #[schema(format = DateTime)]
    pub granted_at: String,
    pub granted_how: How,
    /// `null` while the share is open, or when the system revoked it.
    #[schema(required = true)]
    pub revoked_by: Option<Named>,
    /// `null` while the share is open.
    #[schema(format = DateTime, required = true)]
    pub revoked_at: Option<String>,
    /// `null` while the share is open.
    #[schema(required = true)]
    pub revoked_how: Option<How>,
}

impl From<app_layer::HistoryRow> for HistoryRow {
    fn from(r: app_layer::HistoryRow) -> Self {
        HistoryRow {
            subject: r.subject.into(),
            granted_by: r.granted_by.map(Named::from),
            granted_at: ts(r.granted_at),
            granted_how: r.granted_how.into(),
            revoked_by: r.revoked_by.map(Named::from),
            revoked_at: r.revoked_at.map(ts),
            revoked_how: r.revoked_how.map(How::from),
        }
    }
}

/// `PUT /clients/{id}/digest` and its answer (A24).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Digest {
    /// "Receive daily digest" for this client.
    pub enabled: bool,
}

/// The sharing panel of a client (A13; staff, with or without access).
#[utoipa::path(get, path = "/api/v1/clients/{id}/access", tag = "sharing", security(("bearer" = [])),
    params(("id" = String, Path, description = "client id")),
    responses(
        (status = 200, description = "the panel", body = Panel),
        (status = 404, description = "no such client in this company", body = ErrorBody),
    )
)]
pub async fn panel(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<ClientId>,
) -> Result<Json<Panel>, ApiError> {
    let view = app.access_panel(&actor, id).await?;
    let has_access = view.has_access;
    let mut panel = Panel::from(view);
    if has_access {
        let (current, _) = app.file_contact_lines(&actor, id).await?;
        panel.entries.extend(current.iter().map(|l| PanelEntry {
            subject: SubjectRef::contact(l),
            owner: false,
            granted_by: named(&l.added_by),
            granted_at: Some(ts(l.share.granted_at)),
            members: None,
        }));
    }
    Ok(Json(panel))
}

/// Shares a client with a user, a group or the whole company (A4), optionally by email.
#[utoipa::path(post, path = "/api/v1/clients/{id}/access", tag = "sharing", security(("bearer" = [])),
    params(("id" = String, Path, description = "client id")),
    request_body = GrantInput,
    responses(
        (status = 201, description = "shared", body = PanelEntry,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 200, description = "the share already existed", body = PanelEntry,
            headers(("Casegate-Revision" = u64, description = "the current revision"))),
        (status = 403, description = "the caller may not share this client", body = ErrorBody),
        (status = 404, description = "no such client, user or group in this company", body = ErrorBody),
        (status = 422, description = "bad input", body = ErrorBody),
    )
)]
pub async fn grant(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<ClientId>,
    ApiJson(input): ApiJson<GrantInput>,
) -> Result<Wrote<PanelEntry>, ApiError> {
    let subject = input.subject.to_subject()?;
    let written = app
        .grant(&actor, id, subject, input.notify, input.message)
        .await?;
    let created = written.value.created;
    Ok(Wrote::created_if(
        created,
        written.revision,
        written.value.line.into(),
    ))
}

/// Removes a user or group share (A19).
#[utoipa::path(delete, path = "/api/v1/clients/{id}/access/{type}/{subject_id}", tag = "sharing",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "client id"),
        ("type" = String, Path, description = "`user`, `group` or `contact`"),
        ("subject_id" = String, Path, description = "the user's, group's or contact's id"),
    ),
    responses(
        (status = 204, description = "removed",
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "the caller may not share this client", body = ErrorBody),
        (status = 404, description = "no such client or open share", body = ErrorBody),
    )
)]
pub async fn revoke(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath((id, kind, subject_id)): ApiPath<(ClientId, String, String)>,
) -> Result<Wrote<()>, ApiError> {
    let subject = match kind.as_str() {
        "user" => subject_id
            .parse::<UserId>()
            .map(Subject::User)
            .map_err(|_| ApiError::not_found())?,
        "group" => subject_id
            .parse::<GroupId>()
            .map(Subject::Group)
            .map_err(|_| ApiError::not_found())?,
        // C5: a contact moves to "no longer has access".
        "contact" => return super::deal::revoke_contact(&app, &actor, id, &subject_id).await,
        _ => return Err(ApiError::not_found()),
    };
    let written = app.revoke(&actor, id, subject).await?;
    Ok(Wrote::no_content(written.revision))
}

/// Removes the whole-company share (A19).
#[utoipa::path(delete, path = "/api/v1/clients/{id}/access/company", tag = "sharing",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "client id")),
    responses(
        (status = 204, description = "removed",
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "the caller may not share this client", body = ErrorBody),
        (status = 404, description = "no such client or open share", body = ErrorBody),
    )
)]
pub async fn revoke_company(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<ClientId>,
) -> Result<Wrote<()>, ApiError> {
    let written = app.revoke(&actor, id, Subject::Company).await?;
    Ok(Wrote::no_content(written.revision))
}

/// Transfers ownership of a client (its owner, admins).
#[utoipa::path(post, path = "/api/v1/clients/{id}/owner", tag = "sharing", security(("bearer" = [])),
    params(("id" = String, Path, description = "client id")),
    request_body = OwnerInput,
    responses(
        (status = 200, description = "the client with its new owner", body = Client,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "neither the owner nor an admin", body = ErrorBody),
        (status = 404, description = "no such client or user in this company", body = ErrorBody),
        (status = 422, description = "bad input; the new owner is not an active staff member", body = ErrorBody),
    )
)]
pub async fn transfer_owner(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<ClientId>,
    ApiJson(input): ApiJson<OwnerInput>,
) -> Result<Wrote<Client>, ApiError> {
    let written = app.transfer_owner(&actor, id, input.user_id).await?;
    let card = app.card_for(&actor, written.value).await?;
    Ok(Wrote::ok(written.revision, card.into()))
}

/// Every grant of a client ever, open and revoked (with access).
#[utoipa::path(get, path = "/api/v1/clients/{id}/access/history", tag = "sharing",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "client id"), PageParams),
    responses(
        (status = 200, description = "one page of the history, oldest first", body = List<HistoryRow>),
        (status = 403, description = "`access_denied` (locked)", body = ErrorBody),
        (status = 404, description = "no such client in this company", body = ErrorBody),
        (status = 422, description = "bad limit or cursor", body = ErrorBody),
    )
)]
pub async fn history(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<ClientId>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> Result<Json<List<HistoryRow>>, ApiError> {
    page.limit()?;
    let rows = app.access_history(&actor, id).await?;
    let (current, former) = app.file_contact_lines(&actor, id).await?;
    let mut all: Vec<(Timestamp, HistoryRow)> = rows
        .into_iter()
        .map(|r| (r.granted_at, HistoryRow::from(r)))
        .collect();
    all.extend(current.iter().chain(former.iter()).map(|l| {
        (
            l.share.granted_at,
            HistoryRow {
                subject: SubjectRef::contact(l),
                granted_by: named(&l.added_by),
                granted_at: ts(l.share.granted_at),
                granted_how: l.share.how.into(),
                revoked_by: named(&l.revoked_by),
                revoked_at: l.share.revoked.map(|r| ts(r.at)),
                revoked_how: l.share.revoked.map(|r| How::from(r.how)),
            },
        )
    }));
    // Oldest first, staff and contacts together; the sort is stable, so
    // rows granted at the same instant keep their order.
    all.sort_by_key(|(at, _)| *at);
    Ok(Json(page.page(all.into_iter().map(|(_, r)| r).collect())?))
}

/// Ticks or unticks "Receive daily digest" for this client (A24; with access).
#[utoipa::path(put, path = "/api/v1/clients/{id}/digest", tag = "sharing", security(("bearer" = [])),
    params(("id" = String, Path, description = "client id")),
    request_body = Digest,
    responses(
        (status = 200, description = "the box after the change", body = Digest,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "`access_denied` (locked)", body = ErrorBody),
        (status = 404, description = "no such client in this company", body = ErrorBody),
        (status = 422, description = "bad input", body = ErrorBody),
    )
)]
pub async fn set_digest(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<ClientId>,
    ApiJson(input): ApiJson<Digest>,
) -> Result<Wrote<Digest>, ApiError> {
    let written = app.set_digest(&actor, id, input.enabled).await?;
    let body = Digest {
        enabled: written.value,
    };
    Ok(Wrote::ok(written.revision, body))
}
