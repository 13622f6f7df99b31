//! The deal desk, the contact's side (SPEC Part C): signing in, accepting
//! an invitation to follow a file, and reading one's files across every
//! company that runs one (C4).
//!
//! A contact is a [`ContactActor`], never an [`Actor`]: the staff use cases
//! take an `Actor` (a staff member of one company), so a contact's session
//! cannot reach them by construction — no handler has to remember a check.
//! Everything here reads through the index's contact answers, which know
//! only the files of the contact's open shares.

use std::net::IpAddr;

use casegate_core::accounts::{Account, InvitationKind, LinkPurpose};
use casegate_core::deal::DealRole;
use casegate_core::{AccountId, ClientId, CompanyId, EntityId, User};

use crate::app::App;
use crate::auth::{dummy_hash, hash_password, new_token, sha256, verify_password};
use crate::contacts::{By, TeamManagerNamed};
use crate::deal::{ContactAdded, ContactLine};
use crate::error::AppError;
use crate::message::Message;
use crate::throttle;
use crate::types::{Actor, Written};
use crate::validate::Checks;

/// A signed-in contact: an account on the desk, no staff member of anyone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactActor {
    pub account_id: AccountId,
    /// sha256 of the bearer token that authenticated this contact (for logout).
    pub token_hash: Vec<u8>,
}

/// Who a bearer token belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    Staff(Actor),
    Contact(ContactActor),
}

/// A new session: the bearer token and who it signs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignedIn {
    Staff(String, User),
    Contact(String, Account),
}

/// A file on a contact's desk (`GET /desk/files`): the file, the company
/// running it, the contact's entity and its role, and whom to ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskFile {
    pub client_id: ClientId,
    pub name: String,
    pub company_id: CompanyId,
    pub company_name: String,
    pub entity_id: EntityId,
    pub entity_name: String,
    pub role: DealRole,
    /// The file's manager (its owner, A8): name and email.
    pub manager_name: String,
    pub manager_email: String,
}

/// A file a team manager's entity takes part in (`GET
/// /desk/entities/{id}/files`); no contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskEntityFile {
    pub client_id: ClientId,
    pub name: String,
    pub company_id: CompanyId,
    pub company_name: String,
    pub role: DealRole,
}

/// An entity the contact belongs to, in one company (`GET /me`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskEntity {
    pub entity_id: EntityId,
    pub entity_name: String,
    pub company_id: CompanyId,
    pub company_name: String,
    pub team_manager: bool,
}

impl App {
    /// `POST /auth/login` for everyone: a staff member gets a staff session
    /// (as [`App::login`]), a contact a desk session. The same failure, the
    /// same throttle and the same work for an unknown email, a wrong
    /// password, an inactive staff member and a contact without a password.
    pub async fn login_any(
        &self,
        email: &str,
        password: &str,
        from: IpAddr,
    ) -> Result<SignedIn, AppError> {
        let key = email.trim().to_lowercase();
        self.inner.throttle.check(throttle::LOGIN, &key, from)?;
        if self.store().login_lookup(&key).await?.is_some() {
            let (token, user) = self.login(email, password, from).await?;
            return Ok(SignedIn::Staff(token, user));
        }
        let account = self.store().account_by_email(&key).await?;
        let hash = match &account {
            Some(account) => self.store().account_password_hash(account.id).await?,
            None => None,
        };
        let hash = match hash {
            Some(hash) => hash,
            None => dummy_hash().await?,
        };
        let verified = verify_password(password.to_owned(), hash).await?;
        let account = match account {
            Some(account) if verified && account.has_password => account,
            _ => {
                self.inner.throttle.failed(throttle::LOGIN, &key, from);
                return Err(AppError::Unauthenticated);
            }
        };
        self.inner.throttle.succeeded(throttle::LOGIN, &key, from);
        let token = self.contact_session(&account).await?;
        Ok(SignedIn::Contact(token, account))
    }

    /// A bearer token's owner: a staff member (A22: active) or a contact.
    pub async fn authenticate_any(&self, token: &str) -> Result<Principal, AppError> {
        match self.authenticate(token).await {
            Ok(actor) => return Ok(Principal::Staff(actor)),
            Err(AppError::Unauthenticated) => {}
            Err(other) => return Err(other),
        }
        let token_hash = sha256(token.trim().as_bytes());
        let account = self
            .store()
            .contact_token_account(&token_hash, self.now())
            .await?
            .ok_or(AppError::Unauthenticated)?;
        Ok(Principal::Contact(ContactActor {
            account_id: account,
            token_hash,
        }))
    }

    /// Ends a contact's session.
    pub async fn logout_contact(&self, contact: &ContactActor) -> Result<(), AppError> {
        let mut tx = self.store().begin().await?;
        tx.delete_contact_token(&contact.token_hash).await?;
        tx.commit().await?;
        Ok(())
    }

    /// AC1 for every invitation: a staff invitation as
    /// [`App::accept_invitation`]; a contact's (C2) sets the password (and
    /// the name) of the account and signs it in on the desk.
    pub async fn accept_any_invitation(
        &self,
        token: &str,
        name: Option<&str>,
        password: &str,
        from: IpAddr,
    ) -> Result<SignedIn, AppError> {
        let (token_hash, link) = self.open_link(token, LinkPurpose::Invitation, from).await?;
        if link.invitation_kind != Some(InvitationKind::Contact) {
            let (session, user) = self.accept_invitation(token, name, password, from).await?;
            return Ok(SignedIn::Staff(session, user));
        }
        let account = self.link_account(&link).await?;
        let mut checks = Checks::new();
        let name = name
            .filter(|n| !n.trim().is_empty())
            .map(|n| checks.name("name", n));
        let chosen = name.as_deref().unwrap_or(&account.name);
        checks.new_password("password", password, &account.email, chosen);
        checks.finish()?;
        let hash = hash_password(password.to_owned()).await?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        self.use_link(&mut tx, &token_hash, now).await?;
        tx.set_account_password(account.id, &hash).await?;
        let mut saved = account.clone();
        saved.has_password = true;
        if let Some(name) = &name {
            tx.set_account_name(account.id, name).await?;
            saved.name = name.clone();
        }
        let (session, session_hash) = new_token();
        tx.insert_contact_token(
            &session_hash,
            account.id,
            now,
            now + self.config().token_ttl,
        )
        .await?;
        tx.commit().await?;
        Ok(SignedIn::Contact(session, saved))
    }

    /// The contact's account.
    pub async fn contact_account(&self, contact: &ContactActor) -> Result<Account, AppError> {
        self.store()
            .account(contact.account_id)
            .await?
            .ok_or(AppError::Unauthenticated)
    }

    /// The entities the contact is a person of, in every company that
    /// records them (through a file or as a team manager).
    pub async fn desk_entities(&self, contact: &ContactActor) -> Result<Vec<DeskEntity>, AppError> {
        let found: Vec<(CompanyId, EntityId, bool)> = {
            let index = self.inner.index.read();
            let mut found = Vec::new();
            for company_id in index.contact_companies(contact.account_id) {
                let Some(company) = index.company(company_id) else {
                    continue;
                };
                let mut seen: Vec<EntityId> = Vec::new();
                for file in company.contact_files(contact.account_id) {
                    if !seen.contains(&file.entity_id) {
                        seen.push(file.entity_id);
                    }
                }
                for entity in company.entities_managed_by(contact.account_id) {
                    if !seen.contains(&entity) {
                        seen.push(entity);
                    }
                }
                for entity in seen {
                    let manages = company.team_managers(entity).contains(&contact.account_id);
                    found.push((company_id, entity, manages));
                }
            }
            found
        };
        let mut out = Vec::with_capacity(found.len());
        for (company_id, entity_id, team_manager) in found {
            let (Some(company), Some(entity)) = (
                self.store().company(company_id).await?,
                self.store().entity(company_id, entity_id).await?,
            ) else {
                continue;
            };
            out.push(DeskEntity {
                entity_id,
                entity_name: entity.name,
                company_id,
                company_name: company.name,
                team_manager,
            });
        }
        Ok(out)
    }

    /// `GET /desk/files` (C4): every file the contact is a current contact
    /// on, every company together, by name.
    pub async fn desk_files(&self, contact: &ContactActor) -> Result<Vec<DeskFile>, AppError> {
        let found: Vec<(
            CompanyId,
            ClientId,
            String,
            EntityId,
            DealRole,
            casegate_core::UserId,
        )> = {
            let index = self.inner.index.read();
            let mut found = Vec::new();
            for company_id in index.contact_companies(contact.account_id) {
                let Some(company) = index.company(company_id) else {
                    continue;
                };
                for file in company.contact_files(contact.account_id) {
                    let (Some(name), Some(owner)) = (
                        company.client_name(file.client_id),
                        company.client_owner(file.client_id),
                    ) else {
                        continue;
                    };
                    found.push((
                        company_id,
                        file.client_id,
                        name.to_owned(),
                        file.entity_id,
                        file.role,
                        owner,
                    ));
                }
            }
            found
        };
        let mut out = Vec::with_capacity(found.len());
        for (company_id, client_id, name, entity_id, role, owner) in found {
            let (Some(company), Some(entity), Some(manager)) = (
                self.store().company(company_id).await?,
                self.store().entity(company_id, entity_id).await?,
                self.store().user(company_id, owner).await?,
            ) else {
                continue;
            };
            out.push(DeskFile {
                client_id,
                name,
                company_id,
                company_name: company.name,
                entity_id,
                entity_name: entity.name,
                role,
                manager_name: manager.name,
                manager_email: manager.email,
            });
        }
        out.sort_by_cached_key(|f| (f.name.to_lowercase(), f.client_id));
        Ok(out)
    }

    /// `GET /desk/files/{id}`: one of the contact's files; any other id,
    /// of any company, is `NotFound` (C4).
    pub async fn desk_file(
        &self,
        contact: &ContactActor,
        client: ClientId,
    ) -> Result<Vec<DeskFile>, AppError> {
        let on: Vec<DeskFile> = self
            .desk_files(contact)
            .await?
            .into_iter()
            .filter(|f| f.client_id == client)
            .collect();
        if on.is_empty() {
            Err(AppError::NotFound)
        } else {
            Ok(on)
        }
    }

    /// The company running `client` for this contact, and the entities the
    /// contact answers for there: those they are on the file through, and
    /// the self-managed ones they manage that take part in it (C3).
    /// `NotFound` when they have no part in the file.
    fn desk_scope(
        &self,
        contact: &ContactActor,
        client: ClientId,
    ) -> Result<(CompanyId, Vec<EntityId>), AppError> {
        let index = self.inner.index.read();
        for company_id in index.contact_companies(contact.account_id) {
            let Some(company) = index.company(company_id) else {
                continue;
            };
            if !company.has_client(client) {
                continue;
            }
            let mut mine: Vec<EntityId> = company
                .contact_files(contact.account_id)
                .into_iter()
                .filter(|f| f.client_id == client)
                .map(|f| f.entity_id)
                .collect();
            for (entity, _) in company.file_entities(client) {
                if !mine.contains(&entity)
                    && company.entity_self_managed(entity) == Some(true)
                    && company.team_managers(entity).contains(&contact.account_id)
                {
                    mine.push(entity);
                }
            }
            if !mine.is_empty() {
                return Ok((company_id, mine));
            }
        }
        Err(AppError::NotFound)
    }

    /// The company where the contact knows `entity` (a contact through it or
    /// its team manager); `NotFound` otherwise.
    fn desk_entity_company(
        &self,
        contact: &ContactActor,
        entity: EntityId,
    ) -> Result<CompanyId, AppError> {
        let index = self.inner.index.read();
        index
            .contact_companies(contact.account_id)
            .into_iter()
            .find(|&company_id| {
                index.company(company_id).is_some_and(|company| {
                    company.team_managers(entity).contains(&contact.account_id)
                        || company
                            .contact_files(contact.account_id)
                            .iter()
                            .any(|f| f.entity_id == entity)
                })
            })
            .ok_or(AppError::NotFound)
    }

    fn by_contact(contact: &ContactActor, company: CompanyId) -> By<'static> {
        By::Contact {
            account: contact.account_id,
            company,
        }
    }

    /// `GET /desk/files/{id}/contacts` (C4, C5): the people of my own
    /// entities on the file, current and former, with their record.
    pub async fn desk_file_contacts(
        &self,
        contact: &ContactActor,
        client: ClientId,
    ) -> Result<(Vec<ContactLine>, Vec<ContactLine>), AppError> {
        let (company, mine) = self.desk_scope(contact, client)?;
        let history = self.store().contact_share_history(company, client).await?;
        let mut current = Vec::new();
        let mut former = Vec::new();
        for share in history {
            if !mine.contains(&share.entity_id) {
                continue;
            }
            let Some(account) = self.store().account(share.account_id).await? else {
                continue;
            };
            let entity = self
                .store()
                .entity(company, share.entity_id)
                .await?
                .map(|e| e.name)
                .unwrap_or_default();
            let open = share.revoked.is_none();
            let line = self.contact_line(company, share, &account, &entity).await?;
            if open {
                current.push(line);
            } else {
                former.push(line);
            }
        }
        Ok((current, former))
    }

    /// `POST /desk/files/{id}/contacts` (C3): a colleague for my entity on
    /// the file. `entity` chooses when I answer for several there.
    pub async fn desk_add_contact(
        &self,
        contact: &ContactActor,
        client: ClientId,
        entity: Option<EntityId>,
        email: &str,
        name: Option<&str>,
    ) -> Result<Written<ContactAdded>, AppError> {
        let (company, mine) = self.desk_scope(contact, client)?;
        let entity = match (entity, mine.as_slice()) {
            (Some(e), _) if mine.contains(&e) => e,
            (Some(_), _) => {
                return Err(AppError::invalid(
                    "entity_id",
                    Message::new("app-entity-not-yours"),
                ));
            }
            (None, [only]) => *only,
            (None, _) => {
                return Err(AppError::invalid(
                    "entity_id",
                    Message::new("app-entity-choose"),
                ));
            }
        };
        self.grant_contact(
            Self::by_contact(contact, company),
            client,
            entity,
            email,
            name,
        )
        .await
    }

    /// `DELETE /desk/files/{id}/contacts/{contact_id}` (C3, C10): a
    /// colleague of my entity, or myself (leaving the file). Anyone else is
    /// `NotFound`: a contact never learns of other entities' people (C4).
    pub async fn desk_revoke_contact(
        &self,
        contact: &ContactActor,
        client: ClientId,
        target: AccountId,
    ) -> Result<Written<usize>, AppError> {
        let (company, mine) = self.desk_scope(contact, client)?;
        if target != contact.account_id {
            let visible = self
                .with_company_index(company, |c| {
                    c.file_contacts(client)
                        .iter()
                        .any(|s| s.account_id == target && mine.contains(&s.entity_id))
                })
                .unwrap_or(false);
            if !visible {
                return Err(AppError::NotFound);
            }
        }
        self.end_contact(Self::by_contact(contact, company), client, target)
            .await
    }

    /// `GET /desk/entities/{id}/files` (C3): for the entity's team
    /// managers, every file it takes part in, to add colleagues to.
    pub async fn desk_entity_files(
        &self,
        contact: &ContactActor,
        entity: EntityId,
    ) -> Result<Vec<DeskEntityFile>, AppError> {
        let company_id = self.desk_entity_company(contact, entity)?;
        let files = self
            .with_company_index(company_id, |company| {
                if !company.team_managers(entity).contains(&contact.account_id) {
                    return Err(AppError::Forbidden(Message::new("app-team-manager-only")));
                }
                let mut files: Vec<(ClientId, String, DealRole)> = company
                    .entity_files(entity)
                    .into_iter()
                    .filter_map(|c| {
                        let role = company
                            .file_entities(c)
                            .into_iter()
                            .find(|(e, _)| *e == entity)
                            .map(|(_, r)| r)?;
                        Some((c, company.client_name(c)?.to_owned(), role))
                    })
                    .collect();
                files.sort_by_cached_key(|(c, n, _)| (n.to_lowercase(), *c));
                Ok(files)
            })
            .unwrap_or(Err(AppError::NotFound))?;
        let company_name = self
            .store()
            .company(company_id)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        Ok(files
            .into_iter()
            .map(|(client_id, name, role)| DeskEntityFile {
                client_id,
                name,
                company_id,
                company_name: company_name.clone(),
                role,
            })
            .collect())
    }

    /// `POST /desk/entities/{id}/team-managers` (C3): a team manager names
    /// another.
    pub async fn desk_add_team_manager(
        &self,
        contact: &ContactActor,
        entity: EntityId,
        email: &str,
        name: Option<&str>,
    ) -> Result<Written<TeamManagerNamed>, AppError> {
        let company = self.desk_entity_company(contact, entity)?;
        self.name_team_manager(Self::by_contact(contact, company), entity, email, name)
            .await
    }

    /// `DELETE /desk/entities/{id}/team-managers/{contact_id}` (C3).
    pub async fn desk_remove_team_manager(
        &self,
        contact: &ContactActor,
        entity: EntityId,
        target: AccountId,
    ) -> Result<Written<()>, AppError> {
        let company = self.desk_entity_company(contact, entity)?;
        self.drop_team_manager(Self::by_contact(contact, company), entity, target)
            .await
    }

    /// `POST /desk/handover` (C8): every file I follow for `entity` goes to
    /// my successor in one change; with `revoke_me` I leave them in it.
    pub async fn desk_handover(
        &self,
        contact: &ContactActor,
        entity: EntityId,
        successor_email: &str,
        revoke_me: bool,
    ) -> Result<Written<usize>, AppError> {
        let company = self.desk_entity_company(contact, entity)?;
        self.hand_over_contact(
            contact.account_id,
            company,
            entity,
            successor_email,
            revoke_me,
        )
        .await
    }

    /// X7 on the desk: the contact chooses their own language (pages and
    /// every later email). A contact's account holds no access, so no
    /// change is logged.
    pub async fn set_contact_language(
        &self,
        contact: &ContactActor,
        language: casegate_core::Language,
    ) -> Result<(), AppError> {
        let mut tx = self.store().begin().await?;
        tx.set_account_language(contact.account_id, language)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A desk session for `account`.
    async fn contact_session(&self, account: &Account) -> Result<String, AppError> {
        let now = self.now();
        let (token, token_hash) = new_token();
        let mut tx = self.store().begin().await?;
        tx.insert_contact_token(&token_hash, account.id, now, now + self.config().token_ttl)
            .await?;
        tx.commit().await?;
        Ok(token)
    }
}
