//! The deal desk, staff side (API.md "Outside entities and contacts (Part
//! C)"): the company's entities, their part in files, and the contacts
//! given a file through them.

use axum::Json;
use axum::extract::State;
use casegate_app::{
    App, ContactAdded, ContactLine as AppContactLine, ContactStatus as AppContactStatus,
    EntityDetail, EntityPatch as AppEntityPatch, EntityPerson, FileEntity as AppFileEntity,
    NewEntity as AppNewEntity, PartyName, TeamManagerLine, TeamManagerNamed, Written,
};
use casegate_core::deal::{self, Party};
use casegate_core::{AccountId, ClientId, EntityId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::constraints;
use super::types::{DEFAULT_LIMIT, List, MAX_LIMIT, ts};
use crate::auth::Authed;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::revision::Wrote;

/// What an entity is, and the role it takes on a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DealRole {
    Lender,
    Borrower,
    Guarantor,
    Advisor,
    Other,
}

impl From<deal::DealRole> for DealRole {
    fn from(r: deal::DealRole) -> Self {
        match r {
            deal::DealRole::Lender => DealRole::Lender,
            deal::DealRole::Borrower => DealRole::Borrower,
            deal::DealRole::Guarantor => DealRole::Guarantor,
            deal::DealRole::Advisor => DealRole::Advisor,
            deal::DealRole::Other => DealRole::Other,
        }
    }
}

impl From<DealRole> for deal::DealRole {
    fn from(r: DealRole) -> Self {
        match r {
            DealRole::Lender => deal::DealRole::Lender,
            DealRole::Borrower => deal::DealRole::Borrower,
            DealRole::Guarantor => deal::DealRole::Guarantor,
            DealRole::Advisor => deal::DealRole::Advisor,
            DealRole::Other => deal::DealRole::Other,
        }
    }
}

/// An outside entity of the company (C1).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Entity {
    #[schema(format = Uuid)]
    pub id: String,
    pub name: String,
    pub kind: DealRole,
    /// C3: only the entity's team managers add its contacts.
    pub self_managed: bool,
    /// C9: a contact's email must be in one of these (empty: any).
    pub email_domains: Vec<String>,
}

impl From<deal::Entity> for Entity {
    fn from(e: deal::Entity) -> Self {
        Entity {
            id: e.id.to_string(),
            name: e.name,
            kind: e.kind.into(),
            self_managed: e.self_managed,
            email_domains: e.email_domains,
        }
    }
}

/// A contact's standing: signed in at least once, or invited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContactStatus {
    Active,
    Invited,
}

impl From<AppContactStatus> for ContactStatus {
    fn from(s: AppContactStatus) -> Self {
        match s {
            AppContactStatus::Active => ContactStatus::Active,
            AppContactStatus::Invited => ContactStatus::Invited,
        }
    }
}

/// A person on the desk.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Contact {
    #[schema(format = Uuid)]
    pub id: String,
    pub email: String,
    pub name: String,
    pub status: ContactStatus,
}

/// Someone who did something: a staff member or a contact.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Actor {
    #[schema(format = Uuid)]
    pub id: String,
    pub name: String,
}

impl From<PartyName> for Actor {
    fn from(p: PartyName) -> Self {
        let id = match p.party {
            Party::Staff(user) => user.to_string(),
            Party::Contact(account) => account.to_string(),
        };
        Actor { id, name: p.name }
    }
}

/// `{"id","name"}` of an entity.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EntityRef {
    #[schema(format = Uuid)]
    pub id: String,
    pub name: String,
}

/// A contact line: the person, through which entity, and the full record
/// of their access (C5).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContactLine {
    pub contact: Contact,
    pub entity: EntityRef,
    pub team_manager: bool,
    #[schema(required = true)]
    pub added_by: Option<Actor>,
    pub added_at: String,
    #[schema(required = true)]
    pub revoked_by: Option<Actor>,
    #[schema(required = true)]
    pub revoked_at: Option<String>,
}

impl From<AppContactLine> for ContactLine {
    fn from(l: AppContactLine) -> Self {
        ContactLine {
            contact: Contact {
                id: l.share.account_id.to_string(),
                email: l.email,
                name: l.name,
                status: l.status.into(),
            },
            entity: EntityRef {
                id: l.share.entity_id.to_string(),
                name: l.entity_name,
            },
            team_manager: l.team_manager,
            added_by: l.added_by.map(Actor::from),
            added_at: ts(l.share.granted_at),
            revoked_by: l.revoked_by.map(Actor::from),
            revoked_at: l.share.revoked.map(|r| ts(r.at)),
        }
    }
}

/// A person of an entity.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Person {
    #[schema(format = Uuid)]
    pub id: String,
    pub email: String,
    pub name: String,
    pub status: ContactStatus,
    pub team_manager: bool,
}

impl From<EntityPerson> for Person {
    fn from(p: EntityPerson) -> Self {
        Person {
            id: p.account_id.to_string(),
            email: p.email,
            name: p.name,
            status: p.status.into(),
            team_manager: p.team_manager,
        }
    }
}

/// A file an entity takes part in.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EntityFile {
    #[schema(format = Uuid)]
    pub id: String,
    pub name: String,
    pub role: DealRole,
}

/// An entity with its team managers, its people (each once) and its files.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EntityDetails {
    #[serde(flatten)]
    pub entity: Entity,
    pub team_managers: Vec<Person>,
    pub contacts: Vec<Person>,
    pub files: Vec<EntityFile>,
}

impl From<EntityDetail> for EntityDetails {
    fn from(d: EntityDetail) -> Self {
        EntityDetails {
            entity: d.entity.into(),
            team_managers: d.team_managers.into_iter().map(Person::from).collect(),
            contacts: d.contacts.into_iter().map(Person::from).collect(),
            files: d
                .files
                .into_iter()
                .map(|(id, name, role)| EntityFile {
                    id: id.to_string(),
                    name,
                    role: role.into(),
                })
                .collect(),
        }
    }
}

/// An entity taking part in a file, with its current contacts there.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FileEntity {
    pub entity: Entity,
    pub role: DealRole,
    pub contacts: Vec<ContactLine>,
}

impl From<AppFileEntity> for FileEntity {
    fn from(f: AppFileEntity) -> Self {
        FileEntity {
            entity: f.entity.into(),
            role: f.role.into(),
            contacts: f.contacts.into_iter().map(ContactLine::from).collect(),
        }
    }
}

/// `GET /clients/{id}/entities`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FileEntities {
    pub items: Vec<FileEntity>,
}

/// `POST /entities`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEntity {
    #[schema(schema_with = constraints::name)]
    pub name: String,
    pub kind: DealRole,
    #[serde(default)]
    pub self_managed: bool,
    /// C9: at most 20 mail domains (`bank.example`); empty: any address.
    #[serde(default)]
    #[schema(schema_with = constraints::domains)]
    pub email_domains: Vec<String>,
}

/// `PATCH /entities/{id}`: only the given fields change.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntityPatch {
    #[schema(schema_with = constraints::name)]
    pub name: Option<String>,
    pub kind: Option<DealRole>,
    pub self_managed: Option<bool>,
    #[schema(schema_with = constraints::domains_patch)]
    pub email_domains: Option<Vec<String>>,
}

/// `POST /clients/{id}/entities`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewParticipation {
    #[schema(value_type = String, format = Uuid)]
    pub entity_id: EntityId,
    pub role: DealRole,
}

/// `POST /clients/{id}/contacts`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewContact {
    #[schema(value_type = String, format = Uuid)]
    pub entity_id: EntityId,
    #[schema(schema_with = constraints::email)]
    pub email: String,
    /// The name an invited person starts with (they may change it).
    #[schema(schema_with = constraints::name)]
    pub name: Option<String>,
}

/// `?q=&limit=&cursor=` of `GET /entities`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntityParams {
    /// Part of the name (case aside).
    pub q: Option<String>,
    /// Page size, 1 to 500 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500)]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The company's entities by name.
#[utoipa::path(get, path = "/api/v1/entities", tag = "deal desk", security(("bearer" = [])),
    params(EntityParams),
    responses(
        (status = 200, description = "one page of entities", body = List<Entity>),
        (status = 403, description = "not staff", body = ErrorBody),
        (status = 422, description = "bad limit or cursor", body = ErrorBody),
    )
)]
pub async fn list_entities(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiQuery(params): ApiQuery<EntityParams>,
) -> Result<Json<List<Entity>>, ApiError> {
    let limit = match params.limit.as_deref() {
        None => DEFAULT_LIMIT,
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| ApiError::invalid("limit", "a number from 1 to 500"))?,
    };
    let after = match params.cursor.as_deref().filter(|c| !c.is_empty()) {
        None => None,
        Some(cursor) => Some(
            cursor
                .parse::<EntityId>()
                .map_err(|_| ApiError::invalid("cursor", "is not a valid cursor"))?,
        ),
    };
    let fetch = u32::try_from(limit + 1).unwrap_or(u32::MAX);
    let mut found = app
        .entities(&actor, params.q.as_deref(), after, fetch)
        .await?;
    let next_cursor = if found.len() > limit {
        found.truncate(limit);
        found.last().map(|e| e.id.to_string())
    } else {
        None
    };
    Ok(Json(List {
        items: found.into_iter().map(Entity::from).collect(),
        next_cursor,
    }))
}

/// Records an entity (C1).
#[utoipa::path(post, path = "/api/v1/entities", tag = "deal desk", security(("bearer" = [])),
    request_body = NewEntity,
    responses(
        (status = 201, description = "the new entity", body = Entity,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "not staff", body = ErrorBody),
        (status = 409, description = "an entity of that name exists", body = ErrorBody),
        (status = 422, description = "bad input", body = ErrorBody),
    )
)]
pub async fn create_entity(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiJson(input): ApiJson<NewEntity>,
) -> Result<Wrote<Entity>, ApiError> {
    let written = app
        .create_entity(
            &actor,
            AppNewEntity {
                name: input.name,
                kind: input.kind.into(),
                self_managed: input.self_managed,
                email_domains: input.email_domains,
            },
        )
        .await?;
    Ok(Wrote::created(written.revision, written.value.into()))
}

/// One entity, with its team managers, people and files.
#[utoipa::path(get, path = "/api/v1/entities/{id}", tag = "deal desk", security(("bearer" = [])),
    params(("id" = String, Path, description = "entity id")),
    responses(
        (status = 200, description = "the entity", body = EntityDetails),
        (status = 403, description = "not staff", body = ErrorBody),
        (status = 404, description = "no such entity in this company", body = ErrorBody),
    )
)]
pub async fn get_entity(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<EntityId>,
) -> Result<Json<EntityDetails>, ApiError> {
    Ok(Json(app.entity_detail(&actor, id).await?.into()))
}

/// Changes an entity (admins).
#[utoipa::path(patch, path = "/api/v1/entities/{id}", tag = "deal desk", security(("bearer" = [])),
    params(("id" = String, Path, description = "entity id")),
    request_body = EntityPatch,
    responses(
        (status = 200, description = "the entity after the change", body = Entity,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "not an admin", body = ErrorBody),
        (status = 404, description = "no such entity in this company", body = ErrorBody),
        (status = 409, description = "another entity has that name", body = ErrorBody),
        (status = 422, description = "bad input", body = ErrorBody),
    )
)]
pub async fn update_entity(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<EntityId>,
    ApiJson(input): ApiJson<EntityPatch>,
) -> Result<Wrote<Entity>, ApiError> {
    let written = app
        .update_entity(
            &actor,
            id,
            AppEntityPatch {
                name: input.name,
                kind: input.kind.map(Into::into),
                self_managed: input.self_managed,
                email_domains: input.email_domains,
            },
        )
        .await?;
    Ok(Wrote::ok(written.revision, written.value.into()))
}

/// The entities taking part in a client and their current contacts there.
#[utoipa::path(get, path = "/api/v1/clients/{id}/entities", tag = "deal desk",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "client id")),
    responses(
        (status = 200, description = "the entities", body = FileEntities),
        (status = 403, description = "`access_denied` (locked) or `forbidden` (not staff)", body = ErrorBody),
        (status = 404, description = "no such client in this company", body = ErrorBody),
    )
)]
pub async fn file_entities(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<ClientId>,
) -> Result<Json<FileEntities>, ApiError> {
    let items = app.file_entities(&actor, id).await?;
    Ok(Json(FileEntities {
        items: items.into_iter().map(FileEntity::from).collect(),
    }))
}

/// An entity takes part in a client with a role (who may share it, A4).
#[utoipa::path(post, path = "/api/v1/clients/{id}/entities", tag = "deal desk",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "client id")),
    request_body = NewParticipation,
    responses(
        (status = 201, description = "the entity now takes part", body = Entity,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 200, description = "it already took part (its role is set)", body = Entity,
            headers(("Casegate-Revision" = u64, description = "the revision the answer was read at"))),
        (status = 403, description = "the caller may not share this client", body = ErrorBody),
        (status = 404, description = "no such client in this company", body = ErrorBody),
        (status = 422, description = "no such entity, or bad input", body = ErrorBody),
    )
)]
pub async fn add_file_entity(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<ClientId>,
    ApiJson(input): ApiJson<NewParticipation>,
) -> Result<Wrote<Entity>, ApiError> {
    let written = app
        .add_entity_to_file(&actor, id, input.entity_id, input.role.into())
        .await?;
    let entity = app.entity(&actor, input.entity_id).await?.into();
    Ok(if written.value {
        Wrote::created(written.revision, entity)
    } else {
        Wrote::ok(written.revision, entity)
    })
}

/// The entity stops taking part; its contacts there lose access (`entity_removed`).
#[utoipa::path(delete, path = "/api/v1/clients/{id}/entities/{entity_id}", tag = "deal desk",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "client id"),
        ("entity_id" = String, Path, description = "entity id"),
    ),
    responses(
        (status = 204, description = "removed",
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "the caller may not share this client", body = ErrorBody),
        (status = 404, description = "no such client, or the entity does not take part", body = ErrorBody),
    )
)]
pub async fn remove_file_entity(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath((id, entity)): ApiPath<(ClientId, EntityId)>,
) -> Result<Wrote<()>, ApiError> {
    let written = app.remove_entity_from_file(&actor, id, entity).await?;
    Ok(Wrote::no_content(written.revision))
}

/// Gives a person the client through an entity taking part in it (C2).
#[utoipa::path(post, path = "/api/v1/clients/{id}/contacts", tag = "deal desk",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "client id")),
    request_body = NewContact,
    responses(
        (status = 201, description = "access given (an unknown address is invited)", body = ContactLine,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 200, description = "the person already has it through this entity", body = ContactLine,
            headers(("Casegate-Revision" = u64, description = "the revision the answer was read at"))),
        (status = 403, description = "the caller may not share this client, or the entity is self-managed", body = ErrorBody),
        (status = 404, description = "no such client in this company", body = ErrorBody),
        (status = 409, description = "the address belongs to an account being created", body = ErrorBody),
        (status = 422, description = "the entity does not take part (`entity_id`), the address is outside its domains or a staff member's (`email`), or bad input", body = ErrorBody),
    )
)]
pub async fn add_contact(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<ClientId>,
    ApiJson(input): ApiJson<NewContact>,
) -> Result<Wrote<ContactLine>, ApiError> {
    let written = app
        .add_contact(
            &actor,
            id,
            input.entity_id,
            &input.email,
            input.name.as_deref(),
        )
        .await?;
    Ok(contact_answer(written))
}

/// The answer to giving a contact a file: `201` new, `200` already on it.
pub(crate) fn contact_answer(written: Written<ContactAdded>) -> Wrote<ContactLine> {
    let line = written.value.line.into();
    if written.value.created {
        Wrote::created(written.revision, line)
    } else {
        Wrote::ok(written.revision, line)
    }
}

/// Ends a contact's access to the client (C5); `DELETE
/// /clients/{id}/access/contact/{contact_id}` comes here.
pub async fn revoke_contact(
    app: &App,
    actor: &casegate_app::Actor,
    client: ClientId,
    contact: &str,
) -> Result<Wrote<()>, ApiError> {
    let contact = contact
        .parse::<AccountId>()
        .map_err(|_| ApiError::not_found())?;
    let written = app.revoke_contact(actor, client, contact).await?;
    Ok(Wrote::no_content(written.revision))
}

/// `POST /entities/{id}/team-managers` and the desk's: a team manager by
/// email.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTeamManager {
    #[schema(schema_with = constraints::email)]
    pub email: String,
    /// The name an invited person starts with (they may change it).
    #[schema(schema_with = constraints::name)]
    pub name: Option<String>,
}

/// A team manager as a contact line without a file: `added_by` and
/// `added_at` say who named them and when; `revoked_*` are `null`.
pub(crate) fn team_manager_line(l: TeamManagerLine) -> ContactLine {
    ContactLine {
        contact: Contact {
            id: l.team_manager.account_id.to_string(),
            email: l.email,
            name: l.name,
            status: l.status.into(),
        },
        entity: EntityRef {
            id: l.team_manager.entity_id.to_string(),
            name: l.entity_name,
        },
        team_manager: true,
        added_by: l.named_by.map(Actor::from),
        added_at: ts(l.team_manager.named_at),
        revoked_by: None,
        revoked_at: None,
    }
}

/// The answer to naming a team manager: `201` new, `200` already one.
pub(crate) fn team_manager_answer(written: Written<TeamManagerNamed>) -> Wrote<ContactLine> {
    let line = team_manager_line(written.value.line);
    if written.value.created {
        Wrote::created(written.revision, line)
    } else {
        Wrote::ok(written.revision, line)
    }
}

/// Names a team manager of the entity (C3, admins); an unknown address is
/// invited (AC1).
#[utoipa::path(post, path = "/api/v1/entities/{id}/team-managers", tag = "deal desk",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "entity id")),
    request_body = NewTeamManager,
    responses(
        (status = 201, description = "named (an unknown address is invited)", body = ContactLine,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 200, description = "already a team manager", body = ContactLine,
            headers(("Casegate-Revision" = u64, description = "the revision the answer was read at"))),
        (status = 403, description = "not an admin", body = ErrorBody),
        (status = 404, description = "no such entity in this company", body = ErrorBody),
        (status = 409, description = "the address belongs to an account being created", body = ErrorBody),
        (status = 422, description = "the address is outside the entity's domains or a staff member's (`email`), or bad input", body = ErrorBody),
    )
)]
pub async fn add_team_manager(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<EntityId>,
    ApiJson(input): ApiJson<NewTeamManager>,
) -> Result<Wrote<ContactLine>, ApiError> {
    let written = app
        .add_team_manager(&actor, id, &input.email, input.name.as_deref())
        .await?;
    Ok(team_manager_answer(written))
}

/// Removes a team manager of the entity (C3, admins); their access to
/// files stays until revoked.
#[utoipa::path(delete, path = "/api/v1/entities/{id}/team-managers/{contact_id}",
    tag = "deal desk", security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "entity id"),
        ("contact_id" = String, Path, description = "the team manager's contact id"),
    ),
    responses(
        (status = 204, description = "removed",
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "not an admin", body = ErrorBody),
        (status = 404, description = "no such entity, or not one of its team managers", body = ErrorBody),
    )
)]
pub async fn remove_team_manager(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath((id, contact)): ApiPath<(EntityId, AccountId)>,
) -> Result<Wrote<()>, ApiError> {
    let written = app.remove_team_manager(&actor, id, contact).await?;
    Ok(Wrote::no_content(written.revision))
}
