//! The deal desk, the contact's side (API.md "The desk"): who I am and the
//! files I follow, across every company that runs one. Every handler takes
//! a [`DeskAuthed`] contact; a staff token is refused with `403`.

use axum::Json;
use axum::extract::State;
use casegate_app::{App, DeskEntity, DeskFile as AppDeskFile};
use casegate_core::ClientId;
use casegate_core::accounts::Account;
use serde::Serialize;
use utoipa::ToSchema;

use super::deal::{DealRole, EntityRef};
use super::types::{Language, List};
use crate::auth::DeskAuthed;
use crate::error::{ApiError, ErrorBody};
use crate::extract::ApiPath;

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
