//! Giving and ending contacts' access to files (C2, C3, C5, C8, C9, C10),
//! and naming team managers, for staff and for contacts on the desk alike.
//!
//! Who acts is a [`By`]: a staff [`Actor`] or a contact acting in one
//! company. Who may do what is the index's answer (`may_add_contact`,
//! `may_revoke_contact`), asked with the same party whichever side calls,
//! so the staff and desk endpoints cannot drift apart. Each use case
//! validates, then writes the rows, the change, the audit entry and the
//! emails in one transaction.

use casegate_core::accounts::{Account, InvitationKind};
use casegate_core::deal::{
    ContactRevocation, ContactShare, Entity, Party, TeamManager, domain_allows,
};
use casegate_core::index::DealReason;
use casegate_core::{
    AccountId, Change, ClientId, CompanyId, CompanyIndex, ContactShareId, EntityId, How, Timestamp,
    UserId,
};
use casegate_store::{NewAuditEntry, Tx};
use uuid::Uuid;

use crate::app::{App, audit, user_name};
use crate::deal::{ContactAdded, ContactLine, ContactStatus, PartyName};
use crate::error::AppError;
use crate::mail::{self, deal_text};
use crate::message::Message;
use crate::settings::require_staff_admin;
use crate::types::{Actor, Written};
use crate::validate::Checks;

/// Who gives or ends a contact's access: a staff member of the company, or
/// a contact on the desk acting in one company that runs their files.
#[derive(Debug, Clone, Copy)]
pub(crate) enum By<'a> {
    Staff(&'a Actor),
    Contact {
        account: AccountId,
        company: CompanyId,
    },
}

impl By<'_> {
    pub(crate) fn party(self) -> Party {
        match self {
            By::Staff(actor) => Party::Staff(actor.user_id),
            By::Contact { account, .. } => Party::Contact(account),
        }
    }

    pub(crate) fn company_id(self) -> CompanyId {
        match self {
            By::Staff(actor) => actor.company_id,
            By::Contact { company, .. } => company,
        }
    }

    fn invited_by(self) -> Option<UserId> {
        match self {
            By::Staff(actor) => Some(actor.user_id),
            By::Contact { .. } => None,
        }
    }

    fn is_contact(self) -> bool {
        matches!(self, By::Contact { .. })
    }

    /// An audit entry in the company's log: a staff actor as usual; a
    /// contact has no staff id, so the entry names their account.
    pub(crate) fn audit(
        self,
        at: Timestamp,
        action: &str,
        target: impl ToString,
        details: serde_json::Value,
    ) -> NewAuditEntry {
        match self {
            By::Staff(actor) => audit(actor, at, action, target, details),
            By::Contact { account, company } => {
                let mut details = details;
                if let Some(map) = details.as_object_mut() {
                    map.insert("by_contact".to_owned(), serde_json::json!(account));
                }
                NewAuditEntry {
                    company_id: company,
                    at,
                    actor_id: None,
                    real_actor_id: None,
                    action: action.to_owned(),
                    target: target.to_string(),
                    details,
                }
            }
        }
    }
}

/// A team manager with the names around them (`POST
/// /entities/{id}/team-managers` answers it as a contact line without a
/// file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamManagerLine {
    pub team_manager: TeamManager,
    pub email: String,
    pub name: String,
    pub status: ContactStatus,
    pub entity_name: String,
    pub named_by: Option<PartyName>,
}

/// What naming a team manager did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamManagerNamed {
    pub line: TeamManagerLine,
    /// `false` when they already were one (nothing changed).
    pub created: bool,
}

impl App {
    /// Reads the company `by` acts in: a staff actor as [`App::read`]; a
    /// contact's company, `NotFound` if it is gone.
    pub(crate) fn deal_read<R>(
        &self,
        by: By<'_>,
        f: impl FnOnce(&CompanyIndex) -> Result<R, AppError>,
    ) -> Result<R, AppError> {
        match by {
            By::Staff(actor) => self.read(actor, f),
            By::Contact { company, .. } => self
                .with_company_index(company, f)
                .unwrap_or(Err(AppError::NotFound)),
        }
    }

    /// The name of whoever acts, as emails and lines show it.
    async fn by_name(&self, by: By<'_>) -> Result<String, AppError> {
        match by {
            By::Staff(actor) => self.read(actor, |c| Ok(user_name(c, actor.user_id))),
            By::Contact { account, .. } => Ok(self
                .store()
                .account(account)
                .await?
                .map(|a| a.name)
                .unwrap_or_default()),
        }
    }

    /// C2, C3, C5, C9: gives a person `client` through `entity`. An unknown
    /// email gets an account and the AC1 invitation (kind `contact`); a
    /// known one gets access at once and an email saying so; one who has
    /// it already is answered as is; a revoked one gets a new share (C5).
    /// A colleague added by a contact is announced to the file's manager.
    pub(crate) async fn grant_contact(
        &self,
        by: By<'_>,
        client: ClientId,
        entity: EntityId,
        email: &str,
        name: Option<&str>,
    ) -> Result<Written<ContactAdded>, AppError> {
        let mut checks = Checks::new();
        let email = checks.email("email", email);
        let name = name
            .filter(|n| !n.trim().is_empty())
            .map(|n| checks.name("name", n));
        checks.finish()?;

        let writing = self.writing().await?;
        let (file_name, role, owner) = self.deal_read(by, |company| {
            if !company.has_client(client) {
                return Err(AppError::NotFound);
            }
            let decision = company.may_add_contact(by.party(), client, entity);
            if !decision.allowed {
                return Err(refusal(decision.reasons.first()));
            }
            let role = company
                .file_entities(client)
                .into_iter()
                .find(|(e, _)| *e == entity)
                .map(|(_, r)| r);
            Ok((
                company.client_name(client).unwrap_or_default().to_owned(),
                role,
                company.client_owner(client),
            ))
        })?;
        let company_id = by.company_id();
        let found = self.load_entity(company_id, entity).await?;
        let existing = self.grantee(company_id, &found, &email, "email").await?;
        if let Some(account) = &existing {
            let open = self.deal_read(by, |company| {
                Ok(company
                    .file_contacts(client)
                    .into_iter()
                    .find(|s| s.account_id == account.id && s.entity_id == entity))
            })?;
            if let Some(open) = open {
                let share = self
                    .store()
                    .contact_share_history(company_id, client)
                    .await?
                    .into_iter()
                    .find(|s| s.id == open.share_id)
                    .ok_or(AppError::NotFound)?;
                let line = self
                    .contact_line(company_id, share, account, &found.name)
                    .await?;
                return Ok(Written {
                    value: ContactAdded {
                        line,
                        created: false,
                    },
                    revision: self.revision(),
                });
            }
        }
        let company = self
            .store()
            .company(company_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let role = role.unwrap_or(found.kind);
        let inviter = self.by_name(by).await?;

        let now = self.now();
        let mut tx = self.store().begin().await?;
        let mut emails = Vec::with_capacity(2);
        let (account, how) = match existing {
            Some(account) => {
                let text = deal_text::given_file(
                    account.language,
                    &deal_text::DealMail {
                        recipient: &account.name,
                        inviter: &inviter,
                        company: &company.name,
                        file: &file_name,
                        entity: &found.name,
                        role,
                        link: &self.desk_url(client),
                    },
                );
                emails.push(mail::email(
                    Some(company.id),
                    &account.email,
                    text.0,
                    text.1,
                    now,
                ));
                (account, How::Manual)
            }
            None => {
                let account = self
                    .new_contact_account(&mut tx, &email, name.as_deref(), &company, now)
                    .await?;
                let (url, expires) = self.invite_contact(&mut tx, by, &account, now).await?;
                let text = deal_text::invited_to_file(
                    account.language,
                    &deal_text::DealMail {
                        recipient: &account.name,
                        inviter: &inviter,
                        company: &company.name,
                        file: &file_name,
                        entity: &found.name,
                        role,
                        link: &url,
                    },
                    &expires,
                );
                emails.push(mail::email(
                    Some(company.id),
                    &account.email,
                    text.0,
                    text.1,
                    now,
                ));
                (account, How::Invitation)
            }
        };
        if by.is_contact()
            && let Some(owner) = owner
            && let Some(manager) = self.store().user(company_id, owner).await?
            && manager.active
        {
            let text = deal_text::colleague_added(
                manager.language,
                &manager.name,
                &inviter,
                &account.name,
                &found.name,
                &file_name,
                &self.client_url(client),
            );
            emails.push(mail::email(
                Some(company.id),
                &manager.email,
                text.0,
                text.1,
                now,
            ));
        }
        let share = ContactShare {
            id: ContactShareId::from_uuid(Uuid::now_v7()),
            company_id,
            client_id: client,
            entity_id: entity,
            account_id: account.id,
            granted_by: Some(by.party()),
            granted_at: now,
            how,
            succeeds: None,
            revoked: None,
        };
        tx.insert_contact_share(&share).await?;
        let entry = by.audit(
            now,
            "contact.added",
            client,
            serde_json::json!({"account_id": account.id, "entity_id": entity,
                "how": how.as_str(), "share_id": share.id}),
        );
        let change = Change::ContactShareGranted {
            share: share.clone(),
        };
        let revision = self
            .commit(&writing, tx, Some(change), vec![entry], emails)
            .await?;
        let line = self
            .contact_line(company_id, share, &account, &found.name)
            .await?;
        Ok(Written {
            value: ContactAdded {
                line,
                created: true,
            },
            revision,
        })
    }

    /// C3, C5, C10: ends `target`'s access to `client`: every share when
    /// the asker may share the file, is the target (leaving, `self`) or
    /// their successor; else only the shares through the entities the
    /// asker answers for. The target is told unless they left themselves.
    /// The value is how many shares ended.
    pub(crate) async fn end_contact(
        &self,
        by: By<'_>,
        client: ClientId,
        target: AccountId,
    ) -> Result<Written<usize>, AppError> {
        let writing = self.writing().await?;
        let (shares, file_name) = self.deal_read(by, |company| {
            if !company.has_client(client) {
                return Err(AppError::NotFound);
            }
            let decision = company.may_revoke_contact(by.party(), client, target);
            if !decision.allowed {
                return Err(match decision.reasons.first() {
                    Some(DealReason::NotOnFile | DealReason::UnknownClient) => AppError::NotFound,
                    other => refusal(other),
                });
            }
            let whole = decision.reasons.iter().any(|r| {
                matches!(
                    r,
                    DealReason::Sharer { .. } | DealReason::Themself | DealReason::Successor
                )
            });
            let scoped: Vec<EntityId> = decision
                .reasons
                .iter()
                .filter_map(|r| match r {
                    DealReason::Colleague { entity_id } | DealReason::TeamManager { entity_id } => {
                        Some(*entity_id)
                    }
                    _ => None,
                })
                .collect();
            let shares: Vec<ContactShareId> = company
                .file_contacts(client)
                .into_iter()
                .filter(|s| s.account_id == target && (whole || scoped.contains(&s.entity_id)))
                .map(|s| s.share_id)
                .collect();
            Ok((
                shares,
                company.client_name(client).unwrap_or_default().to_owned(),
            ))
        })?;
        let company_id = by.company_id();
        let leaving = by.party() == Party::Contact(target);
        let now = self.now();
        let revoked = ContactRevocation {
            by: Some(by.party()),
            at: now,
            how: if leaving {
                How::SelfRevoked
            } else {
                How::Manual
            },
        };
        let mut emails = Vec::new();
        if !leaving && let Some(account) = self.store().account(target).await? {
            let company = self.store().company(company_id).await?;
            let text = deal_text::access_ended(
                account.language,
                &account.name,
                &self.by_name(by).await?,
                &company.map(|c| c.name).unwrap_or_default(),
                &file_name,
            );
            emails.push(mail::email(
                Some(company_id),
                &account.email,
                text.0,
                text.1,
                now,
            ));
        }
        let mut tx = self.store().begin().await?;
        let mut changes = Vec::with_capacity(shares.len());
        for &share_id in &shares {
            tx.revoke_contact_share(company_id, share_id, &revoked)
                .await?;
            changes.push(Change::ContactShareRevoked {
                company_id,
                client_id: client,
                share_id,
                revoked,
            });
        }
        let entry = by.audit(
            now,
            if leaving {
                "contact.left"
            } else {
                "contact.revoked"
            },
            client,
            serde_json::json!({"account_id": target, "shares": shares.len()}),
        );
        let revision = self
            .commit(
                &writing,
                tx,
                Some(Change::Batch { changes }),
                vec![entry],
                emails,
            )
            .await?;
        Ok(Written {
            value: shares.len(),
            revision,
        })
    }

    /// C3: names a team manager of `entity` by email: the company's admins
    /// and the entity's team managers may. An unknown email is invited
    /// (AC1); C9's domains and "not staff here" hold as for any contact.
    pub(crate) async fn name_team_manager(
        &self,
        by: By<'_>,
        entity: EntityId,
        email: &str,
        name: Option<&str>,
    ) -> Result<Written<TeamManagerNamed>, AppError> {
        let mut checks = Checks::new();
        let email = checks.email("email", email);
        let name = name
            .filter(|n| !n.trim().is_empty())
            .map(|n| checks.name("name", n));
        checks.finish()?;
        let writing = self.writing().await?;
        self.require_team_admin(by, entity)?;
        let company_id = by.company_id();
        let found = self.load_entity(company_id, entity).await?;
        let existing = self.grantee(company_id, &found, &email, "email").await?;
        if let Some(account) = &existing {
            let already = self.deal_read(by, |company| {
                Ok(company.team_managers(entity).contains(&account.id))
            })?;
            if already {
                let line = self.team_manager_line(company_id, &found, account).await?;
                return Ok(Written {
                    value: TeamManagerNamed {
                        line,
                        created: false,
                    },
                    revision: self.revision(),
                });
            }
        }
        let company = self
            .store()
            .company(company_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let inviter = self.by_name(by).await?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let (account, invitation) = match existing {
            Some(account) => (account, None),
            None => {
                let account = self
                    .new_contact_account(&mut tx, &email, name.as_deref(), &company, now)
                    .await?;
                let invitation = self.invite_contact(&mut tx, by, &account, now).await?;
                (account, Some(invitation))
            }
        };
        let desk = self.desk_home_url();
        let (link, until) = match &invitation {
            Some((url, until)) => (url.as_str(), Some(until)),
            None => (desk.as_str(), None),
        };
        let text = deal_text::team_manager_named(
            account.language,
            &account.name,
            &inviter,
            &company.name,
            &found.name,
            link,
            until,
        );
        let out = mail::email(Some(company.id), &account.email, text.0, text.1, now);
        let team_manager = TeamManager {
            company_id,
            entity_id: entity,
            account_id: account.id,
            named_by: Some(by.party()),
            named_at: now,
        };
        tx.add_team_manager(&team_manager).await?;
        let entry = by.audit(
            now,
            "entity.team_manager_added",
            entity,
            serde_json::json!({"account_id": account.id, "email": account.email}),
        );
        let revision = self
            .commit(
                &writing,
                tx,
                Some(Change::TeamManagerAdded { team_manager }),
                vec![entry],
                vec![out],
            )
            .await?;
        let line = self.team_manager_line(company_id, &found, &account).await?;
        Ok(Written {
            value: TeamManagerNamed {
                line,
                created: true,
            },
            revision,
        })
    }

    /// C3: removes a team manager of `entity` (their shares of files stay;
    /// revoking those is a separate act). `NotFound` if they are none.
    pub(crate) async fn drop_team_manager(
        &self,
        by: By<'_>,
        entity: EntityId,
        account: AccountId,
    ) -> Result<Written<()>, AppError> {
        let writing = self.writing().await?;
        self.require_team_admin(by, entity)?;
        let company_id = by.company_id();
        let is = self.deal_read(by, |company| {
            Ok(company.team_managers(entity).contains(&account))
        })?;
        if !is {
            return Err(AppError::NotFound);
        }
        let now = self.now();
        let mut tx = self.store().begin().await?;
        tx.remove_team_manager(company_id, entity, account, now)
            .await?;
        let entry = by.audit(
            now,
            "entity.team_manager_removed",
            entity,
            serde_json::json!({"account_id": account}),
        );
        let change = Change::TeamManagerRemoved {
            company_id,
            entity_id: entity,
            account_id: account,
        };
        let revision = self
            .commit(&writing, tx, Some(change), vec![entry], Vec::new())
            .await?;
        Ok(Written {
            value: (),
            revision,
        })
    }

    /// C8 on the desk: `contact` hands every file they follow for `entity`
    /// in `company` over to a successor of the same entity, in one change:
    /// the successor is given each file (invited if unknown) as its
    /// successor (C10), and with `revoke_me` the contact's own access there
    /// ends in the same change. The value is how many files.
    pub(crate) async fn hand_over_contact(
        &self,
        account: AccountId,
        company_id: CompanyId,
        entity: EntityId,
        successor_email: &str,
        revoke_me: bool,
    ) -> Result<Written<usize>, AppError> {
        let mut checks = Checks::new();
        let email = checks.email("successor_email", successor_email);
        checks.finish()?;
        let by = By::Contact {
            account,
            company: company_id,
        };
        let writing = self.writing().await?;
        let mine: Vec<(ClientId, String, ContactShareId)> = self.deal_read(by, |company| {
            let mut mine = Vec::new();
            for file in company.contact_files(account) {
                if file.entity_id != entity {
                    continue;
                }
                let share = company
                    .file_contacts(file.client_id)
                    .into_iter()
                    .find(|s| s.account_id == account && s.entity_id == entity);
                if let (Some(share), Some(name)) = (share, company.client_name(file.client_id)) {
                    mine.push((file.client_id, name.to_owned(), share.share_id));
                }
            }
            Ok(mine)
        })?;
        let found = self.load_entity(company_id, entity).await?;
        let me = self
            .store()
            .account(account)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if me.email == email {
            return Err(AppError::invalid(
                "successor_email",
                Message::new("app-handover-self"),
            ));
        }
        let existing = self
            .grantee(company_id, &found, &email, "successor_email")
            .await?;
        let company = self
            .store()
            .company(company_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if mine.is_empty() {
            return Ok(Written {
                value: 0,
                revision: self.revision(),
            });
        }
        let already: Vec<ClientId> = match &existing {
            Some(successor) => self.deal_read(by, |company| {
                Ok(mine
                    .iter()
                    .filter(|(c, _, _)| {
                        company
                            .file_contacts(*c)
                            .iter()
                            .any(|s| s.account_id == successor.id && s.entity_id == entity)
                    })
                    .map(|(c, _, _)| *c)
                    .collect())
            })?,
            None => Vec::new(),
        };
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let (successor, invitation) = match existing {
            Some(successor) => (successor, None),
            None => {
                let successor = self
                    .new_contact_account(&mut tx, &email, None, &company, now)
                    .await?;
                let invitation = self.invite_contact(&mut tx, by, &successor, now).await?;
                (successor, Some(invitation))
            }
        };
        let mut changes = Vec::new();
        for (client, _, my_share) in &mine {
            if !already.contains(client) {
                let share = ContactShare {
                    id: ContactShareId::from_uuid(Uuid::now_v7()),
                    company_id,
                    client_id: *client,
                    entity_id: entity,
                    account_id: successor.id,
                    granted_by: Some(Party::Contact(account)),
                    granted_at: now,
                    how: How::Handover,
                    succeeds: Some(account),
                    revoked: None,
                };
                tx.insert_contact_share(&share).await?;
                changes.push(Change::ContactShareGranted { share });
            }
            if revoke_me {
                let revoked = ContactRevocation {
                    by: Some(Party::Contact(account)),
                    at: now,
                    how: How::Handover,
                };
                tx.revoke_contact_share(company_id, *my_share, &revoked)
                    .await?;
                changes.push(Change::ContactShareRevoked {
                    company_id,
                    client_id: *client,
                    share_id: *my_share,
                    revoked,
                });
            }
        }
        let desk = self.desk_home_url();
        let (link, until) = match &invitation {
            Some((url, until)) => (url.as_str(), Some(until)),
            None => (desk.as_str(), None),
        };
        let names: Vec<String> = mine.iter().map(|(_, n, _)| n.clone()).collect();
        let text = deal_text::handed_over(
            successor.language,
            &successor.name,
            &me.name,
            &company.name,
            &names,
            link,
            until,
        );
        let out = mail::email(Some(company_id), &successor.email, text.0, text.1, now);
        let entry = by.audit(
            now,
            "contact.handover",
            entity,
            serde_json::json!({"successor_id": successor.id, "files": mine.len(),
                "revoke_me": revoke_me}),
        );
        let revision = self
            .commit(
                &writing,
                tx,
                Some(Change::Batch { changes }),
                vec![entry],
                vec![out],
            )
            .await?;
        Ok(Written {
            value: mine.len(),
            revision,
        })
    }

    /// The name of the contact who invited `account` from the desk, from
    /// the newest share a contact gave them in `company` (C3); empty if
    /// none.
    pub(crate) async fn desk_inviter_name(
        &self,
        company: CompanyId,
        account: AccountId,
    ) -> Result<String, AppError> {
        let shares = self.store().contact_shares_of(company, account).await?;
        let by = shares.iter().rev().find_map(|s| match s.granted_by {
            Some(Party::Contact(by)) => Some(by),
            _ => None,
        });
        Ok(match by {
            Some(by) => self
                .store()
                .account(by)
                .await?
                .map(|a| a.name)
                .unwrap_or_default(),
            None => String::new(),
        })
    }

    /// A contact share with the names around it.
    pub(crate) async fn contact_line(
        &self,
        company: CompanyId,
        share: ContactShare,
        account: &Account,
        entity: &str,
    ) -> Result<ContactLine, AppError> {
        let team_manager = self
            .with_company_index(company, |c| {
                c.team_managers(share.entity_id).contains(&account.id)
            })
            .unwrap_or(false);
        let added_by = self.party_name(company, share.granted_by).await?;
        let revoked_by = match share.revoked {
            Some(r) => self.party_name(company, r.by).await?,
            None => None,
        };
        Ok(ContactLine {
            email: account.email.clone(),
            name: account.name.clone(),
            status: status(account),
            entity_name: entity.to_owned(),
            team_manager,
            added_by,
            revoked_by,
            share,
        })
    }

    /// A party's name: staff by the company's record (kept when they are
    /// deactivated), contacts by their account.
    pub(crate) async fn party_name(
        &self,
        company: CompanyId,
        party: Option<Party>,
    ) -> Result<Option<PartyName>, AppError> {
        let Some(party) = party else {
            return Ok(None);
        };
        let name = match party {
            Party::Staff(user) => self
                .with_company_index(company, |c| user_name(c, user))
                .unwrap_or_default(),
            Party::Contact(account) => self
                .store()
                .account(account)
                .await?
                .map(|a| a.name)
                .unwrap_or_default(),
        };
        Ok(Some(PartyName { party, name }))
    }

    /// `Forbidden` unless `by` may name and remove the entity's team
    /// managers (C3): the company's admins, or a team manager of it.
    /// `NotFound` for an entity the company does not have.
    fn require_team_admin(&self, by: By<'_>, entity: EntityId) -> Result<(), AppError> {
        if let By::Staff(actor) = by {
            require_staff_admin(actor)?;
        }
        self.deal_read(by, |company| {
            if company.entity_self_managed(entity).is_none() {
                return Err(AppError::NotFound);
            }
            match by {
                By::Staff(_) => Ok(()),
                By::Contact { account, .. } if company.team_managers(entity).contains(&account) => {
                    Ok(())
                }
                By::Contact { .. } => {
                    Err(AppError::Forbidden(Message::new("app-team-manager-only")))
                }
            }
        })
    }

    async fn load_entity(&self, company: CompanyId, entity: EntityId) -> Result<Entity, AppError> {
        self.store()
            .entity(company, entity)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// C9 and "a contact is not staff": the account behind `email` if there
    /// is one, or `None` for a new person; a refusal on `field` otherwise.
    async fn grantee(
        &self,
        company: CompanyId,
        entity: &Entity,
        email: &str,
        field: &str,
    ) -> Result<Option<Account>, AppError> {
        if !domain_allows(&entity.email_domains, email) {
            return Err(AppError::invalid(
                field,
                Message::new("app-contact-domain")
                    .with("domains", entity.email_domains.join(", ").as_str()),
            ));
        }
        let existing = self.store().account_by_email(email).await?;
        if let Some(account) = &existing {
            let staff_here = self
                .store()
                .staff_of_account(account.id)
                .await?
                .iter()
                .any(|u| u.company_id == company);
            if staff_here {
                return Err(AppError::invalid(
                    field,
                    Message::new("app-contact-is-staff"),
                ));
            }
        }
        Ok(existing)
    }

    /// A new contact account for `email`, in the company's language, with
    /// no password yet (AC1).
    async fn new_contact_account(
        &self,
        tx: &mut Tx,
        email: &str,
        name: Option<&str>,
        company: &casegate_core::Company,
        now: Timestamp,
    ) -> Result<Account, AppError> {
        let account = Account {
            id: AccountId::from_uuid(Uuid::now_v7()),
            email: email.to_owned(),
            name: name.map_or_else(|| local_part(email), str::to_owned),
            language: company.default_language,
            has_password: false,
            timezone: None,
            created_at: now,
        };
        tx.insert_account(&account, None)
            .await
            .map_err(|e| crate::auth::email_taken(e, email))?;
        Ok(account)
    }

    /// Writes a contact's invitation link (AC1, kind `contact`) inside the
    /// caller's transaction; returns its URL and when it expires.
    async fn invite_contact(
        &self,
        tx: &mut Tx,
        by: By<'_>,
        account: &Account,
        now: Timestamp,
    ) -> Result<(String, Timestamp), AppError> {
        let (token, link) = self
            .write_invitation(
                tx,
                by.company_id(),
                by.invited_by(),
                account,
                InvitationKind::Contact,
                now,
            )
            .await?;
        Ok((self.link_url("invitations", &token), link.expires_at))
    }

    /// Where a contact opens a file on the desk.
    fn desk_url(&self, client: ClientId) -> String {
        format!("{}/{client}", self.desk_home_url().trim_end_matches('/'))
    }

    /// The desk's home page.
    fn desk_home_url(&self) -> String {
        format!(
            "{}/desk/files",
            self.config().public_url.trim_end_matches('/')
        )
    }

    /// Where staff open a client.
    fn client_url(&self, client: ClientId) -> String {
        format!(
            "{}/clients/{client}",
            self.config().public_url.trim_end_matches('/')
        )
    }
}

/// The refusal for a denied C3 answer.
fn refusal(reason: Option<&DealReason>) -> AppError {
    match reason {
        Some(DealReason::NotParticipating | DealReason::UnknownEntity) => {
            AppError::invalid("entity_id", Message::new("app-entity-not-on-file"))
        }
        Some(DealReason::SelfManaged) => {
            AppError::Forbidden(Message::new("app-entity-self-managed"))
        }
        Some(DealReason::UnknownContact | DealReason::UnknownClient) => AppError::NotFound,
        _ => AppError::Forbidden(Message::new("app-share-forbidden")),
    }
}

/// The name an invited contact starts with: their address before the `@`.
fn local_part(email: &str) -> String {
    email.split('@').next().unwrap_or(email).to_owned()
}

pub(crate) fn status(account: &Account) -> ContactStatus {
    if account.has_password {
        ContactStatus::Active
    } else {
        ContactStatus::Invited
    }
}

impl App {
    /// A team manager's line: the person, the entity, who named them.
    async fn team_manager_line(
        &self,
        company: CompanyId,
        entity: &Entity,
        account: &Account,
    ) -> Result<TeamManagerLine, AppError> {
        let team_manager = self
            .store()
            .team_managers_of(company, entity.id)
            .await?
            .into_iter()
            .find(|t| t.account_id == account.id)
            .ok_or(AppError::NotFound)?;
        let named_by = self.party_name(company, team_manager.named_by).await?;
        Ok(TeamManagerLine {
            email: account.email.clone(),
            name: account.name.clone(),
            status: status(account),
            entity_name: entity.name.clone(),
            named_by,
            team_manager,
        })
    }
}
