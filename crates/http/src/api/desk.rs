//! The deal desk, the contact's side (API.md "The desk"): who I am and the
//! files I follow, across every company that runs one. Every handler takes
//! a [`DeskAuthed`] contact; a staff token is refused with `403`.

use axum::Json;
use axum::extract::Multipart;
use axum::extract::State;
use axum::extract::multipart::MultipartRejection;
use axum::response::Response;
use casegate_app::NewDocument;
use casegate_app::{App, DeskEntity, DeskFile as AppDeskFile};
use casegate_core::accounts::Account;
use casegate_core::{AccountId, ClientId, DocumentId, DocumentVisibility, EntityId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::constraints;
use super::deal::{
    ContactLine, DealRole, EntityRef, NewTeamManager, contact_answer, team_manager_answer,
};
use super::documents::{Document, DocumentList, multipart_error, stream_response, write_part};
use super::types::{Language, List};
use crate::auth::DeskAuthed;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath};
use crate::revision::Wrote;

/// `"contact"`: what `GET /me` answers for a contact.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    Contact,
}

/// `{"id","name"}` of a company.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CompanyRef {
    #[schema(format = Uuid)]
    pub id: String,
    pub name: String,
}

/// An entity I am a person of, with the company that records it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MyEntity {
    #[schema(format = Uuid)]
    pub id: String,
    pub name: String,
    pub company: CompanyRef,
    /// C3: I manage this entity's team.
    pub team_manager: bool,
}

/// A contact, as `GET /me` and sign-in answer them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContactMe {
    #[schema(format = Uuid)]
    pub id: String,
    pub email: String,
    pub name: String,
    pub kind: ContactKind,
    pub language: Language,
    pub entities: Vec<MyEntity>,
}

impl ContactMe {
    pub fn new(account: Account, entities: Vec<DeskEntity>) -> Self {
        ContactMe {
            id: account.id.to_string(),
            email: account.email,
            name: account.name,
            kind: ContactKind::Contact,
            language: account.language.into(),
            entities: entities
                .into_iter()
                .map(|e| MyEntity {
                    id: e.entity_id.to_string(),
                    name: e.entity_name,
                    company: CompanyRef {
                        id: e.company_id.to_string(),
                        name: e.company_name,
                    },
                    team_manager: e.team_manager,
                })
                .collect(),
        }
    }
}

/// The file's manager (its owner), so a contact knows whom to ask.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Manager {
    pub name: String,
    pub email: String,
}

/// A file I follow.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeskFile {
    #[schema(format = Uuid)]
    pub id: String,
    pub name: String,
    pub company: CompanyRef,
    pub entity: EntityRef,
    pub role: DealRole,
    pub manager: Manager,
}

impl From<AppDeskFile> for DeskFile {
    fn from(f: AppDeskFile) -> Self {
        DeskFile {
            id: f.client_id.to_string(),
            name: f.name,
            company: CompanyRef {
                id: f.company_id.to_string(),
                name: f.company_name,
            },
            entity: EntityRef {
                id: f.entity_id.to_string(),
                name: f.entity_name,
            },
            role: f.role.into(),
            manager: Manager {
                name: f.manager_name,
                email: f.manager_email,
            },
        }
    }
}

/// The files I am a current contact on, every company together, by name
/// (a file I follow for two entities is listed once for each).
#[utoipa::path(get, path = "/api/v1/desk/files", tag = "desk", security(("bearer" = [])),
    responses(
        (status = 200, description = "my files", body = List<DeskFile>),
        (status = 403, description = "a staff token: the desk is for contacts", body = ErrorBody),
    )
)]
pub async fn desk_files(
    State(app): State<App>,
    DeskAuthed(contact): DeskAuthed,
) -> Result<Json<List<DeskFile>>, ApiError> {
    let files = app.desk_files(&contact).await?;
    Ok(Json(List {
        items: files.into_iter().map(DeskFile::from).collect(),
        next_cursor: None,
    }))
}

/// One of my files; any other id is not found (C4).
#[utoipa::path(get, path = "/api/v1/desk/files/{id}", tag = "desk", security(("bearer" = [])),
    params(("id" = String, Path, description = "file (client) id")),
    responses(
        (status = 200, description = "the file", body = DeskFile),
        (status = 403, description = "a staff token: the desk is for contacts", body = ErrorBody),
        (status = 404, description = "not one of my files", body = ErrorBody),
    )
)]
pub async fn desk_file(
    State(app): State<App>,
    DeskAuthed(contact): DeskAuthed,
    ApiPath(id): ApiPath<ClientId>,
) -> Result<Json<DeskFile>, ApiError> {
    let mut on = app.desk_file(&contact, id).await?;
    let first = on.swap_remove(0);
    Ok(Json(first.into()))
}

/// `GET /desk/files/{id}/contacts`: the people of my own entity on the
/// file, current and former (C4, C5).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeskContacts {
    pub current: Vec<ContactLine>,
    pub former: Vec<ContactLine>,
}

/// `POST /desk/files/{id}/contacts`: a colleague for my entity.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewColleague {
    #[schema(schema_with = constraints::email)]
    pub email: String,
    /// The name an invited person starts with (they may change it).
    #[schema(schema_with = constraints::name)]
    pub name: Option<String>,
    /// Only when I am on the file for several entities: the one they join.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub entity_id: Option<EntityId>,
}

/// `POST /desk/handover` (C8).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeskHandover {
    /// The entity whose files I hand over.
    #[schema(value_type = String, format = Uuid)]
    pub entity_id: EntityId,
    #[schema(schema_with = constraints::email)]
    pub successor_email: String,
    /// End my own access to those files in the same change.
    #[serde(default)]
    pub revoke_me: bool,
}

/// What a handover did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HandedOver {
    /// How many files the successor was given.
    pub files: usize,
}

/// A file my entity takes part in, for its team managers (no contents).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeskEntityFile {
    #[schema(format = Uuid)]
    pub id: String,
    pub name: String,
    pub company: CompanyRef,
    pub role: DealRole,
}

/// The people of my entity on the file, current and former.
#[utoipa::path(get, path = "/api/v1/desk/files/{id}/contacts", tag = "desk",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "file (client) id")),
    responses(
        (status = 200, description = "my entity's people on the file", body = DeskContacts),
        (status = 403, description = "a staff token: the desk is for contacts", body = ErrorBody),
        (status = 404, description = "not one of my files", body = ErrorBody),
    )
)]
pub async fn desk_contacts(
    State(app): State<App>,
    DeskAuthed(contact): DeskAuthed,
    ApiPath(id): ApiPath<ClientId>,
) -> Result<Json<DeskContacts>, ApiError> {
    let (current, former) = app.desk_file_contacts(&contact, id).await?;
    Ok(Json(DeskContacts {
        current: current.into_iter().map(ContactLine::from).collect(),
        former: former.into_iter().map(ContactLine::from).collect(),
    }))
}

/// Adds a colleague of my entity to the file (C3); answers as the staff
/// endpoint.
#[utoipa::path(post, path = "/api/v1/desk/files/{id}/contacts", tag = "desk",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "file (client) id")),
    request_body = NewColleague,
    responses(
        (status = 201, description = "access given (an unknown address is invited)", body = ContactLine,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 200, description = "the person already has it through this entity", body = ContactLine,
            headers(("Casegate-Revision" = u64, description = "the revision the answer was read at"))),
        (status = 403, description = "a staff token, or my entity is self-managed and I am not its team manager", body = ErrorBody),
        (status = 404, description = "not one of my files", body = ErrorBody),
        (status = 409, description = "the address belongs to an account being created", body = ErrorBody),
        (status = 422, description = "the address is outside my entity's domains or a staff member's (`email`), the entity is not mine here (`entity_id`), or bad input", body = ErrorBody),
    )
)]
pub async fn desk_add_contact(
    State(app): State<App>,
    DeskAuthed(contact): DeskAuthed,
    ApiPath(id): ApiPath<ClientId>,
    ApiJson(input): ApiJson<NewColleague>,
) -> Result<Wrote<ContactLine>, ApiError> {
    let written = app
        .desk_add_contact(
            &contact,
            id,
            input.entity_id,
            &input.email,
            input.name.as_deref(),
        )
        .await?;
    Ok(contact_answer(written))
}

/// Revokes a colleague of my entity, or myself: leaving the file (C10).
#[utoipa::path(delete, path = "/api/v1/desk/files/{id}/contacts/{contact_id}", tag = "desk",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "file (client) id"),
        ("contact_id" = String, Path, description = "the contact to revoke (mine: leave)"),
    ),
    responses(
        (status = 204, description = "revoked",
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "a staff token, or my entity is self-managed and I am not its team manager", body = ErrorBody),
        (status = 404, description = "not one of my files, or not one of my entity's people on it", body = ErrorBody),
    )
)]
pub async fn desk_revoke_contact(
    State(app): State<App>,
    DeskAuthed(contact): DeskAuthed,
    ApiPath((id, target)): ApiPath<(ClientId, AccountId)>,
) -> Result<Wrote<()>, ApiError> {
    let written = app.desk_revoke_contact(&contact, id, target).await?;
    Ok(Wrote::no_content(written.revision))
}

/// The files my entity takes part in, for its team managers (C3).
#[utoipa::path(get, path = "/api/v1/desk/entities/{id}/files", tag = "desk",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "entity id")),
    responses(
        (status = 200, description = "the entity's files", body = List<DeskEntityFile>),
        (status = 403, description = "a staff token, or not a team manager of the entity", body = ErrorBody),
        (status = 404, description = "not one of my entities", body = ErrorBody),
    )
)]
pub async fn desk_entity_files(
    State(app): State<App>,
    DeskAuthed(contact): DeskAuthed,
    ApiPath(id): ApiPath<EntityId>,
) -> Result<Json<List<DeskEntityFile>>, ApiError> {
    let files = app.desk_entity_files(&contact, id).await?;
    Ok(Json(List {
        items: files
            .into_iter()
            .map(|f| DeskEntityFile {
                id: f.client_id.to_string(),
                name: f.name,
                company: CompanyRef {
                    id: f.company_id.to_string(),
                    name: f.company_name,
                },
                role: f.role.into(),
            })
            .collect(),
        next_cursor: None,
    }))
}

/// A team manager names another (C3).
#[utoipa::path(post, path = "/api/v1/desk/entities/{id}/team-managers", tag = "desk",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "entity id")),
    request_body = NewTeamManager,
    responses(
        (status = 201, description = "named (an unknown address is invited)", body = ContactLine,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 200, description = "already a team manager", body = ContactLine,
            headers(("Casegate-Revision" = u64, description = "the revision the answer was read at"))),
        (status = 403, description = "a staff token, or not a team manager of the entity", body = ErrorBody),
        (status = 404, description = "not one of my entities", body = ErrorBody),
        (status = 409, description = "the address belongs to an account being created", body = ErrorBody),
        (status = 422, description = "the address is outside the entity's domains or a staff member's (`email`), or bad input", body = ErrorBody),
    )
)]
pub async fn desk_add_team_manager(
    State(app): State<App>,
    DeskAuthed(contact): DeskAuthed,
    ApiPath(id): ApiPath<EntityId>,
    ApiJson(input): ApiJson<NewTeamManager>,
) -> Result<Wrote<ContactLine>, ApiError> {
    let written = app
        .desk_add_team_manager(&contact, id, &input.email, input.name.as_deref())
        .await?;
    Ok(team_manager_answer(written))
}

/// A team manager removes another, or steps down (C3).
#[utoipa::path(delete, path = "/api/v1/desk/entities/{id}/team-managers/{contact_id}",
    tag = "desk", security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "entity id"),
        ("contact_id" = String, Path, description = "the team manager's contact id"),
    ),
    responses(
        (status = 204, description = "removed",
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "a staff token, or not a team manager of the entity", body = ErrorBody),
        (status = 404, description = "not one of my entities, or not one of its team managers", body = ErrorBody),
    )
)]
pub async fn desk_remove_team_manager(
    State(app): State<App>,
    DeskAuthed(contact): DeskAuthed,
    ApiPath((id, target)): ApiPath<(EntityId, AccountId)>,
) -> Result<Wrote<()>, ApiError> {
    let written = app.desk_remove_team_manager(&contact, id, target).await?;
    Ok(Wrote::no_content(written.revision))
}

/// Hands every file I follow for an entity over to my successor, in one
/// change (C8); with `revoke_me`, my own access there ends in it.
#[utoipa::path(post, path = "/api/v1/desk/handover", tag = "desk", security(("bearer" = [])),
    request_body = DeskHandover,
    responses(
        (status = 200, description = "handed over", body = HandedOver,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "a staff token: the desk is for contacts", body = ErrorBody),
        (status = 404, description = "not one of my entities", body = ErrorBody),
        (status = 409, description = "the address belongs to an account being created", body = ErrorBody),
        (status = 422, description = "the successor is myself, outside the entity's domains or a staff member (`successor_email`), or bad input", body = ErrorBody),
    )
)]
pub async fn desk_handover(
    State(app): State<App>,
    DeskAuthed(contact): DeskAuthed,
    ApiJson(input): ApiJson<DeskHandover>,
) -> Result<Wrote<HandedOver>, ApiError> {
    let written = app
        .desk_handover(
            &contact,
            input.entity_id,
            &input.successor_email,
            input.revoke_me,
        )
        .await?;
    Ok(Wrote::ok(
        written.revision,
        HandedOver {
            files: written.value,
        },
    ))
}

/// The file's `shared` documents, newest first (C4).
#[utoipa::path(get, path = "/api/v1/desk/files/{id}/documents", tag = "desk",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "file (client) id")),
    responses(
        (status = 200, description = "the shared documents", body = DocumentList),
        (status = 403, description = "a staff token: the desk is for contacts", body = ErrorBody),
        (status = 404, description = "not one of my files", body = ErrorBody),
    )
)]
pub async fn desk_documents(
    State(app): State<App>,
    DeskAuthed(contact): DeskAuthed,
    ApiPath(id): ApiPath<ClientId>,
) -> Result<Json<DocumentList>, ApiError> {
    let docs = app.desk_documents(&contact, id).await?;
    Ok(Json(DocumentList {
        items: docs.into_iter().map(Document::from).collect(),
    }))
}

/// The multipart form of a desk upload (documentation only).
#[derive(Debug, ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "describes the form in the OpenAPI document")]
pub struct DeskDocumentForm {
    /// The file; its name and content type come from the part.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// Adds a document to the file: multipart form with `file`, at most 25
/// MiB; it is `shared`.
#[utoipa::path(post, path = "/api/v1/desk/files/{id}/documents", tag = "desk",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "file (client) id")),
    request_body(content = DeskDocumentForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "the new document", body = Document,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "a staff token: the desk is for contacts", body = ErrorBody),
        (status = 404, description = "not one of my files", body = ErrorBody),
        (status = 413, description = "larger than 25 MiB", body = ErrorBody),
        (status = 422, description = "no file", body = ErrorBody),
    )
)]
pub async fn desk_upload(
    State(app): State<App>,
    DeskAuthed(contact): DeskAuthed,
    ApiPath(id): ApiPath<ClientId>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Wrote<Document>, ApiError> {
    let mut form = form.map_err(|e| ApiError::invalid("content-type", e.body_text()))?;
    let mut upload = None;
    while let Some(mut field) = form.next_field().await.map_err(multipart_error)? {
        match field.name() {
            Some("file") if upload.is_none() => {
                let input = NewDocument {
                    name: field.file_name().unwrap_or_default().to_owned(),
                    content_type: field.content_type().map(str::to_owned),
                    visibility: DocumentVisibility::Shared,
                };
                let mut up = app.desk_begin_upload(&contact, id, input).await?;
                write_part(&mut up, &mut field).await?;
                upload = Some(up);
            }
            _ => return Err(ApiError::invalid("body", "only `file` is accepted")),
        }
    }
    let Some(upload) = upload else {
        return Err(ApiError::invalid("file", "is required"));
    };
    let written = upload.finish().await?;
    Ok(Wrote::created(written.revision, written.value.into()))
}

/// A shared document's bytes, streamed; recorded (X9).
#[utoipa::path(get, path = "/api/v1/desk/documents/{id}/content", tag = "desk",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "document id")),
    responses(
        (status = 200, description = "the bytes, `Content-Disposition: attachment`",
            content_type = "application/octet-stream", body = Vec<u8>),
        (status = 403, description = "a staff token: the desk is for contacts", body = ErrorBody),
        (status = 404, description = "no such shared document on one of my files", body = ErrorBody),
    )
)]
pub async fn desk_download(
    State(app): State<App>,
    DeskAuthed(contact): DeskAuthed,
    ApiPath(id): ApiPath<DocumentId>,
) -> Result<Response, ApiError> {
    let (company, content) = app.desk_open_document(&contact, id).await?;
    Ok(stream_response(app, company, content))
}
