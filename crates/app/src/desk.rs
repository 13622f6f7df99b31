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
use crate::error::AppError;
use crate::throttle;
use crate::types::Actor;
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
