//! The deal desk, staff side (SPEC Part C): the company's entities, their
//! part in its files, and the contacts given a file through them (C1–C3,
//! C5, C9). Who may do what is the index's answer (`may_add_contact`,
//! `may_revoke_contact`, `can_share`); this module validates, writes the
//! rows, the change, the audit and the emails in one transaction.
//!
//! Every use case here takes a staff [`Actor`]; the desk's (a contact's)
//! take a `ContactActor`, so neither can be called as the other.

use casegate_core::deal::{
    ContactRevocation, ContactShare, DealRole, Entity, Participation, Party, normalize_domain,
};
use casegate_core::{AccountId, Change, ClientId, ContactShareId, EntityId, How};
use casegate_store::StoreError;
use uuid::Uuid;

use crate::app::{App, audit};
use crate::contacts::{By, TeamManagerNamed, status};
use crate::error::AppError;
use crate::message::Message;
use crate::settings::require_staff_admin;
use crate::types::{Actor, Written};
use crate::validate::Checks;

/// Most email domains an entity lists (C9).
pub const MAX_DOMAINS: usize = 20;

/// `POST /entities`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntity {
    pub name: String,
    pub kind: DealRole,
    pub self_managed: bool,
    pub email_domains: Vec<String>,
}

/// `PATCH /entities/{id}`: only the given fields change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntityPatch {
    pub name: Option<String>,
    pub kind: Option<DealRole>,
    pub self_managed: Option<bool>,
    pub email_domains: Option<Vec<String>>,
}

/// A contact's standing on the desk: signed in at least once, or invited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactStatus {
    Active,
    Invited,
}

/// One contact share with the names around it (API.md's contact line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactLine {
    pub share: ContactShare,
    pub email: String,
    pub name: String,
    pub status: ContactStatus,
    pub entity_name: String,
    /// C3: the contact is a team manager of the entity.
    pub team_manager: bool,
    /// Who gave and who ended the access, by name.
    pub added_by: Option<PartyName>,
    pub revoked_by: Option<PartyName>,
}

/// A party with its name: a staff member (by the company's record) or a
/// contact (by their account).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyName {
    pub party: Party,
    pub name: String,
}

/// A person of an entity: their account and whether they manage its team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityPerson {
    pub account_id: AccountId,
    pub email: String,
    pub name: String,
    pub status: ContactStatus,
    pub team_manager: bool,
}

/// An entity with its team managers and its people on the company's files
/// (each once), for `GET /entities/{id}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityDetail {
    pub entity: Entity,
    pub team_managers: Vec<EntityPerson>,
    pub contacts: Vec<EntityPerson>,
    /// The files the entity takes part in, by name.
    pub files: Vec<(ClientId, String, DealRole)>,
}

/// An entity taking part in a file, with its current contacts there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntity {
    pub entity: Entity,
    pub role: DealRole,
    pub contacts: Vec<ContactLine>,
}

/// What adding a contact did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactAdded {
    pub line: ContactLine,
    /// `false` when the contact already had the file through the entity
    /// (nothing changed).
    pub created: bool,
}

impl App {
    /// `POST /entities` (C1): any staff member records an entity.
    pub async fn create_entity(
        &self,
        actor: &Actor,
        input: NewEntity,
    ) -> Result<Written<Entity>, AppError> {
        let mut checks = Checks::new();
        let name = checks.name("name", &input.name);
        let email_domains = domains(&mut checks, &input.email_domains);
        checks.finish()?;
        let writing = self.writing().await?;
        self.read(actor, |_| Ok(()))?;
        let now = self.now();
        let entity = Entity {
            id: EntityId::from_uuid(Uuid::now_v7()),
            company_id: actor.company_id,
            name,
            kind: input.kind,
            self_managed: input.self_managed,
            email_domains,
            created_at: now,
        };
        let mut tx = self.store().begin().await?;
        tx.insert_entity(&entity)
            .await
            .map_err(|e| entity_taken(e, &entity.name))?;
        let entry = audit(
            actor,
            now,
            "entity.created",
            entity.id,
            serde_json::json!({"name": entity.name, "kind": entity.kind.as_str(),
                "self_managed": entity.self_managed, "email_domains": entity.email_domains}),
        );
        let change = Change::EntitySaved {
            entity: entity.clone(),
        };
        let revision = self
            .commit(&writing, tx, Some(change), vec![entry], Vec::new())
            .await?;
        Ok(Written {
            value: entity,
            revision,
        })
    }

    /// `PATCH /entities/{id}`: admins change the name, kind, C3 and C9.
    pub async fn update_entity(
        &self,
        actor: &Actor,
        id: EntityId,
        patch: EntityPatch,
    ) -> Result<Written<Entity>, AppError> {
        require_staff_admin(actor)?;
        let mut checks = Checks::new();
        let name = patch.name.as_deref().map(|n| checks.name("name", n));
        let email_domains = patch
            .email_domains
            .as_deref()
            .map(|d| domains(&mut checks, d));
        checks.finish()?;
        let writing = self.writing().await?;
        self.read(actor, |_| Ok(()))?;
        let before = self.entity(actor, id).await?;
        let after = Entity {
            name: name.unwrap_or_else(|| before.name.clone()),
            kind: patch.kind.unwrap_or(before.kind),
            self_managed: patch.self_managed.unwrap_or(before.self_managed),
            email_domains: email_domains.unwrap_or_else(|| before.email_domains.clone()),
            ..before.clone()
        };
        if after == before {
            return Ok(Written {
                value: after,
                revision: self.revision(),
            });
        }
        let now = self.now();
        let mut tx = self.store().begin().await?;
        tx.update_entity(&after)
            .await
            .map_err(|e| entity_taken(e, &after.name))?;
        let entry = audit(
            actor,
            now,
            "entity.updated",
            after.id,
            serde_json::json!({"name": after.name, "kind": after.kind.as_str(),
                "self_managed": after.self_managed, "email_domains": after.email_domains}),
        );
        let change = Change::EntitySaved {
            entity: after.clone(),
        };
        let revision = self
            .commit(&writing, tx, Some(change), vec![entry], Vec::new())
            .await?;
        Ok(Written {
            value: after,
            revision,
        })
    }

    /// An entity of the actor's company; `NotFound` for any other.
    pub async fn entity(&self, actor: &Actor, id: EntityId) -> Result<Entity, AppError> {
        self.read(actor, |_| Ok(()))?;
        self.store()
            .entity(actor.company_id, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// `GET /entities`: the company's entities by name, `q` filtering by
    /// name, after the entity `after`, at most `limit`.
    pub async fn entities(
        &self,
        actor: &Actor,
        q: Option<&str>,
        after: Option<EntityId>,
        limit: u32,
    ) -> Result<Vec<Entity>, AppError> {
        self.read(actor, |_| Ok(()))?;
        let after =
            match after {
                Some(id) => Some(self.entity(actor, id).await.map_err(|_| {
                    AppError::invalid("cursor", Message::new("app-cursor-invalid"))
                })?),
                None => None,
            };
        let key = after.as_ref().map(|e| (e.name.trim().to_lowercase(), e.id));
        Ok(self
            .store()
            .entities(
                actor.company_id,
                q.map(str::trim).filter(|q| !q.is_empty()),
                key.as_ref().map(|(k, id)| (k.as_str(), *id)),
                limit,
            )
            .await?)
    }

    /// `POST /clients/{id}/entities` (C1): who may share the file (A4) lets
    /// an entity take part in it with a role, or changes its role there.
    /// `Ok(false)` in the value when it already took part in that role.
    pub async fn add_entity_to_file(
        &self,
        actor: &Actor,
        client: ClientId,
        entity: EntityId,
        role: DealRole,
    ) -> Result<Written<bool>, AppError> {
        let writing = self.writing().await?;
        let current = self.read(actor, |company| {
            require_file_sharer(company, actor, client)?;
            Ok(company
                .file_entities(client)
                .into_iter()
                .find(|(e, _)| *e == entity)
                .map(|(_, r)| r))
        })?;
        let found = self.store().entity(actor.company_id, entity).await?;
        let Some(found) = found else {
            return Err(AppError::invalid(
                "entity_id",
                Message::new("app-entity-unknown"),
            ));
        };
        if current == Some(role) {
            return Ok(Written {
                value: false,
                revision: self.revision(),
            });
        }
        let now = self.now();
        let participation = Participation {
            company_id: actor.company_id,
            client_id: client,
            entity_id: entity,
            role,
            added_by: Some(Party::Staff(actor.user_id)),
            added_at: now,
        };
        let mut tx = self.store().begin().await?;
        let started = tx.save_participation(&participation).await?;
        let entry = audit(
            actor,
            now,
            if started {
                "entity.joined_file"
            } else {
                "entity.role_changed"
            },
            client,
            serde_json::json!({"entity_id": entity, "entity": found.name, "role": role.as_str()}),
        );
        let change = Change::ParticipationSaved { participation };
        let revision = self
            .commit(&writing, tx, Some(change), vec![entry], Vec::new())
            .await?;
        Ok(Written {
            value: started,
            revision,
        })
    }

    /// `DELETE /clients/{id}/entities/{entity_id}`: the entity stops taking
    /// part in the file, and its contacts there lose it (`entity_removed`),
    /// in one change. The value is how many contacts lost access.
    pub async fn remove_entity_from_file(
        &self,
        actor: &Actor,
        client: ClientId,
        entity: EntityId,
    ) -> Result<Written<usize>, AppError> {
        let writing = self.writing().await?;
        let shares: Vec<ContactShareId> = self.read(actor, |company| {
            require_file_sharer(company, actor, client)?;
            if !company
                .file_entities(client)
                .iter()
                .any(|(e, _)| *e == entity)
            {
                return Err(AppError::NotFound);
            }
            Ok(company
                .file_contacts(client)
                .into_iter()
                .filter(|s| s.entity_id == entity)
                .map(|s| s.share_id)
                .collect())
        })?;
        let now = self.now();
        let by = Some(Party::Staff(actor.user_id));
        let revoked = ContactRevocation {
            by,
            at: now,
            how: How::EntityRemoved,
        };
        let mut tx = self.store().begin().await?;
        let mut changes = Vec::with_capacity(shares.len() + 1);
        for &share_id in &shares {
            tx.revoke_contact_share(actor.company_id, share_id, &revoked)
                .await?;
            changes.push(Change::ContactShareRevoked {
                company_id: actor.company_id,
                client_id: client,
                share_id,
                revoked,
            });
        }
        tx.end_participation(actor.company_id, client, entity, by, now)
            .await?;
        changes.push(Change::ParticipationEnded {
            company_id: actor.company_id,
            client_id: client,
            entity_id: entity,
        });
        let entry = audit(
            actor,
            now,
            "entity.left_file",
            client,
            serde_json::json!({"entity_id": entity, "contacts_revoked": shares.len()}),
        );
        let revision = self
            .commit(
                &writing,
                tx,
                Some(Change::Batch { changes }),
                vec![entry],
                Vec::new(),
            )
            .await?;
        Ok(Written {
            value: shares.len(),
            revision,
        })
    }

    /// `POST /clients/{id}/contacts` (C2, C3, C5, C9): gives a person the
    /// file through an entity taking part in it. An unknown email gets an
    /// account and the AC1 invitation (kind `contact`); a known one gets
    /// access at once and an email saying so; one who already has it is
    /// answered as is; a revoked one gets a new share (C5).
    pub async fn add_contact(
        &self,
        actor: &Actor,
        client: ClientId,
        entity: EntityId,
        email: &str,
        name: Option<&str>,
    ) -> Result<Written<ContactAdded>, AppError> {
        self.grant_contact(By::Staff(actor), client, entity, email, name)
            .await
    }

    /// `DELETE /clients/{id}/access/contact/{contact_id}` (C5): whoever may
    /// share the file ends a contact's access to it, through every entity;
    /// they move to "no longer has access". The value is how many shares
    /// ended.
    pub async fn revoke_contact(
        &self,
        actor: &Actor,
        client: ClientId,
        contact: AccountId,
    ) -> Result<Written<usize>, AppError> {
        self.end_contact(By::Staff(actor), client, contact).await
    }

    /// "Remove this person from every file": ends `contact`'s access to
    /// every file of the company the actor may share; the value is how many
    /// files. Files the actor may not share keep them (their sharers decide).
    pub async fn revoke_contact_everywhere(
        &self,
        actor: &Actor,
        contact: AccountId,
    ) -> Result<Written<usize>, AppError> {
        let files: Vec<ClientId> = self.read(actor, |company| {
            let mut files: Vec<ClientId> = company
                .contact_files(contact)
                .into_iter()
                .map(|f| f.client_id)
                .filter(|&c| company.can_share(actor.user_id, c).allowed)
                .collect();
            files.dedup();
            Ok(files)
        })?;
        let mut done = 0;
        let mut revision = self.revision();
        for client in files {
            match self.revoke_contact(actor, client, contact).await {
                Ok(written) => {
                    done += 1;
                    revision = written.revision;
                }
                // Revoked meanwhile by someone else: nothing left to end.
                Err(AppError::NotFound) => {}
                Err(other) => return Err(other),
            }
        }
        Ok(Written {
            value: done,
            revision,
        })
    }

    /// `POST /entities/{id}/team-managers` (C3): an admin names a team
    /// manager by email; an unknown email is invited (AC1).
    pub async fn add_team_manager(
        &self,
        actor: &Actor,
        entity: EntityId,
        email: &str,
        name: Option<&str>,
    ) -> Result<Written<TeamManagerNamed>, AppError> {
        self.name_team_manager(By::Staff(actor), entity, email, name)
            .await
    }

    /// `DELETE /entities/{id}/team-managers/{contact_id}` (C3).
    pub async fn remove_team_manager(
        &self,
        actor: &Actor,
        entity: EntityId,
        account: AccountId,
    ) -> Result<Written<()>, AppError> {
        self.drop_team_manager(By::Staff(actor), entity, account)
            .await
    }

    /// The contacts of a file with their full record, current first then
    /// those who no longer have access (C5), for whoever can open it.
    pub async fn file_contact_lines(
        &self,
        actor: &Actor,
        client: ClientId,
    ) -> Result<(Vec<ContactLine>, Vec<ContactLine>), AppError> {
        self.read(actor, |company| {
            if !company.has_client(client) {
                return Err(AppError::NotFound);
            }
            if company.may_open(actor.user_id, client) {
                Ok(())
            } else {
                Err(AppError::AccessDenied { can_request: false })
            }
        })?;
        let history = self
            .store()
            .contact_share_history(actor.company_id, client)
            .await?;
        let mut current = Vec::new();
        let mut former = Vec::new();
        for share in history {
            let Some(account) = self.store().account(share.account_id).await? else {
                continue;
            };
            let entity = self
                .store()
                .entity(actor.company_id, share.entity_id)
                .await?
                .map(|e| e.name)
                .unwrap_or_default();
            let open = share.revoked.is_none();
            let line = self
                .contact_line(actor.company_id, share, &account, &entity)
                .await?;
            if open {
                current.push(line);
            } else {
                former.push(line);
            }
        }
        Ok((current, former))
    }

    /// `GET /entities/{id}`: the entity, its team managers, its people on
    /// the company's files (each once) and those files.
    pub async fn entity_detail(
        &self,
        actor: &Actor,
        id: EntityId,
    ) -> Result<EntityDetail, AppError> {
        let entity = self.entity(actor, id).await?;
        let (managers, people, files) = self.read(actor, |company| {
            let managers = company.team_managers(id);
            let files: Vec<(ClientId, String, DealRole)> = company
                .entity_files(id)
                .into_iter()
                .filter_map(|c| {
                    let role = company
                        .file_entities(c)
                        .into_iter()
                        .find(|(e, _)| *e == id)
                        .map(|(_, r)| r)?;
                    Some((c, company.client_name(c)?.to_owned(), role))
                })
                .collect();
            let mut people: Vec<AccountId> = Vec::new();
            for (c, _, _) in &files {
                for share in company.file_contacts(*c) {
                    if share.entity_id == id && !people.contains(&share.account_id) {
                        people.push(share.account_id);
                    }
                }
            }
            Ok((managers, people, files))
        })?;
        let mut team_managers = Vec::with_capacity(managers.len());
        for account in &managers {
            if let Some(person) = self.entity_person(*account, true).await? {
                team_managers.push(person);
            }
        }
        let mut contacts = Vec::with_capacity(people.len());
        for account in &people {
            if let Some(person) = self
                .entity_person(*account, managers.contains(account))
                .await?
            {
                contacts.push(person);
            }
        }
        contacts.sort_by_cached_key(|p| p.name.to_lowercase());
        Ok(EntityDetail {
            entity,
            team_managers,
            contacts,
            files,
        })
    }

    /// `GET /clients/{id}/entities`: the entities taking part in a file and
    /// their current contacts there, for whoever can open it.
    pub async fn file_entities(
        &self,
        actor: &Actor,
        client: ClientId,
    ) -> Result<Vec<FileEntity>, AppError> {
        let parts = self.read(actor, |company| {
            if !company.has_client(client) {
                return Err(AppError::NotFound);
            }
            if !company.may_open(actor.user_id, client) {
                return Err(AppError::AccessDenied { can_request: false });
            }
            Ok(company.file_entities(client))
        })?;
        let (current, _) = self.file_contact_lines(actor, client).await?;
        let mut out = Vec::with_capacity(parts.len());
        for (entity_id, role) in parts {
            let Some(entity) = self.store().entity(actor.company_id, entity_id).await? else {
                continue;
            };
            let contacts = current
                .iter()
                .filter(|l| l.share.entity_id == entity_id)
                .cloned()
                .collect();
            out.push(FileEntity {
                entity,
                role,
                contacts,
            });
        }
        Ok(out)
    }

    async fn entity_person(
        &self,
        account: AccountId,
        team_manager: bool,
    ) -> Result<Option<EntityPerson>, AppError> {
        Ok(self.store().account(account).await?.map(|a| EntityPerson {
            account_id: a.id,
            status: status(&a),
            email: a.email,
            name: a.name,
            team_manager,
        }))
    }
}

/// `NotFound` for a file not in the company, `Forbidden` when the actor may
/// not share it (A4): who may share a file decides who takes part in it.
fn require_file_sharer(
    company: &casegate_core::CompanyIndex,
    actor: &Actor,
    client: ClientId,
) -> Result<(), AppError> {
    if !company.has_client(client) {
        return Err(AppError::NotFound);
    }
    if company.can_share(actor.user_id, client).allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden(Message::new("app-share-forbidden")))
    }
}

/// C9: an entity's domains, normalised, each once; a bad one fails the field.
fn domains(checks: &mut Checks, raw: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if raw.len() > MAX_DOMAINS {
        checks.fail(
            "email_domains",
            Message::new("app-domains-too-many").count("max", MAX_DOMAINS),
        );
        return out;
    }
    for domain in raw {
        match normalize_domain(domain) {
            Some(d) if !out.contains(&d) => out.push(d),
            Some(_) => {}
            None if domain.trim().is_empty() => {
                checks.fail("email_domains", Message::new("app-empty"))
            }
            None => checks.fail(
                "email_domains",
                Message::new("app-domain-invalid").with("domain", domain.trim()),
            ),
        }
    }
    out
}

/// Maps the store's unique violation on entities to a clear conflict.
fn entity_taken(e: StoreError, name: &str) -> AppError {
    match e {
        StoreError::Conflict(_) => {
            AppError::Conflict(Message::new("app-entity-name-taken").with("name", name))
        }
        other => other.into(),
    }
}
