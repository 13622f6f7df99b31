//! The access index (ARCHITECTURE.md "The access index"): every company's
//! users, groups, clients and open shares in dense ids and roaring bitmaps,
//! answering checks, lookups, panels and holdings (C8, X11) without touching
//! the store. Built once from a [`Snapshot`], then kept current by
//! [`Index::apply`] in revision order. Pure and synchronous: no IO, no clock.

mod access;
mod company;
mod counts;
mod deal;
mod holdings;
mod hot;
mod impact;
mod order;
mod paging;
mod panel;
mod table;
mod types;

#[cfg(test)]
mod apply_tests;
#[cfg(test)]
mod deal_tests;
#[cfg(test)]
mod oracle;
#[cfg(test)]
mod oracle_tests;
#[cfg(test)]
mod testkit;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

pub use company::CompanyIndex;
pub use deal::{Asker, ContactFile, ContactShareEntry, DealDecision, DealReason};
pub use types::{
    Census, ClientListItem, Cursor, Decision, Holdings, Page, Panel, PanelEntry, Reason, ShareEntry,
};

use crate::change::{Change, Revision};
use crate::deal::{ContactShare, Entity, Participation, TeamManager};
use crate::ids::{AccountId, ClientId, CompanyId, EntityId, GroupId, UserId};
use crate::model::{Client, Company, Group, Membership, Share, User};

/// Batches nested deeper than this are refused (the log never nests).
const MAX_BATCH_DEPTH: usize = 8;

/// Why a change or snapshot could not be (fully) taken in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndexError {
    #[error("revision {} is not after the index's revision {}", .given.0, .current.0)]
    OutOfOrder { current: Revision, given: Revision },
    #[error("unknown company `{0}`")]
    UnknownCompany(CompanyId),
    #[error("unknown user `{0}`")]
    UnknownUser(UserId),
    #[error("unknown group `{0}`")]
    UnknownGroup(GroupId),
    #[error("unknown client `{0}`")]
    UnknownClient(ClientId),
    #[error("group `{0}` was deleted")]
    DeletedGroup(GroupId),
    #[error("client `{0}` was deleted")]
    DeletedClient(ClientId),
    #[error("user `{user}` belongs to company `{company}`")]
    WrongCompany { user: UserId, company: CompanyId },
    #[error("unknown entity `{0}`")]
    UnknownEntity(EntityId),
    #[error("entity `{entity}` does not take part in client `{client}`")]
    NotParticipating { entity: EntityId, client: ClientId },
    #[error("batch nested deeper than {MAX_BATCH_DEPTH} levels")]
    TooDeep,
    #[error("a company holds more than 2^31 users, groups or clients")]
    Full,
}

/// Every open row the index needs, read by the store in one transaction at
/// start-up. Deleted groups and clients are left out; memberships and shares
/// are the open ones (rows with `removed`/`revoked` set are skipped).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub companies: Vec<Company>,
    pub users: Vec<User>,
    pub groups: Vec<Group>,
    pub memberships: Vec<Membership>,
    pub clients: Vec<Client>,
    pub shares: Vec<Share>,
    /// Part C: every entity, the current participations, team managers and
    /// contact shares (revoked ones are skipped).
    pub entities: Vec<Entity>,
    pub participations: Vec<Participation>,
    pub team_managers: Vec<TeamManager>,
    pub contact_shares: Vec<ContactShare>,
}

/// The access index of every company, standing at one revision.
#[derive(Debug, Clone, Default)]
pub struct Index {
    revision: Revision,
    companies: HashMap<CompanyId, CompanyIndex>,
    user_company: HashMap<UserId, CompanyId>,
    /// Part C: the companies where an account is (or was) a contact or a
    /// team manager, in the order it became one: a desk reads only these.
    contact_companies: HashMap<AccountId, Vec<CompanyId>>,
}

impl Index {
    /// An empty index at revision 0.
    pub fn new() -> Self {
        Index::default()
    }

    /// The revision of the last change applied (or loaded).
    pub fn revision(&self) -> Revision {
        self.revision
    }

    /// One company's index.
    pub fn company(&self, id: CompanyId) -> Option<&CompanyIndex> {
        self.companies.get(&id)
    }

    /// Part C: the companies whose files or entities `account` is a contact
    /// or team manager of now, in the order it first became one.
    pub fn contact_companies(&self, account: AccountId) -> Vec<CompanyId> {
        self.contact_companies
            .get(&account)
            .map(|list| {
                list.iter()
                    .copied()
                    .filter(|c| {
                        self.companies
                            .get(c)
                            .is_some_and(|company| company.knows_contact(account))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// C4 across companies: may `account` open `client` of `company` as a
    /// contact.
    pub fn contact_may_open(
        &self,
        account: AccountId,
        company: CompanyId,
        client: ClientId,
    ) -> bool {
        self.companies
            .get(&company)
            .is_some_and(|c| c.contact_may_open(account, client))
    }

    fn note_contact(&mut self, account: AccountId, company: CompanyId) {
        let list = self.contact_companies.entry(account).or_default();
        if !list.contains(&company) {
            list.push(company);
        }
    }

    /// Which company a user belongs to (for authentication), if known.
    pub fn company_of_user(&self, user: UserId) -> Option<CompanyId> {
        self.user_company.get(&user).copied()
    }

    /// Applies one committed change; `revision` must be greater than the
    /// current one, else [`IndexError::OutOfOrder`] and nothing changes. A
    /// batch applies its parts in order.
    ///
    /// Any other error means a part referred to something the index does not
    /// know (a store/index disagreement worth logging): that part is skipped,
    /// every other part is applied, the index stands at `revision`, and the
    /// first such error is returned. Each part is checked before it changes
    /// anything, so a skipped part leaves no trace.
    pub fn apply(&mut self, revision: Revision, change: &Change) -> Result<(), IndexError> {
        if revision <= self.revision {
            return Err(IndexError::OutOfOrder {
                current: self.revision,
                given: revision,
            });
        }
        let mut first = None;
        self.apply_part(change, 0, &mut first);
        self.revision = revision;
        first.map_or(Ok(()), Err)
    }

    /// Bulk load at start-up: every open row of the store, then stands at
    /// `revision`. Rows referring to unknown companies, users, groups or
    /// clients are an error (the snapshot is one consistent read).
    pub fn load(snapshot: Snapshot, revision: Revision) -> Result<Self, IndexError> {
        let Snapshot {
            companies,
            users,
            groups,
            memberships,
            clients,
            shares,
            entities,
            participations,
            team_managers,
            contact_shares,
        } = snapshot;
        let mut index = Index {
            revision,
            ..Index::default()
        };
        for company in companies {
            index.companies.insert(
                company.id,
                CompanyIndex::new(company.id, company.settings, true),
            );
        }
        for user in &users {
            index.save_user(user)?;
        }
        drop(users);
        for group in &groups {
            index.company_mut(group.company_id)?.save_group(group)?;
        }
        for m in memberships.iter().filter(|m| m.removed.is_none()) {
            index
                .company_mut(m.company_id)?
                .add_member(m.group_id, m.user_id)?;
        }
        drop(memberships);
        for client in &clients {
            index.company_mut(client.company_id)?.save_client(client)?;
        }
        drop(clients);
        for share in shares.iter().filter(|s| s.revoked.is_none()) {
            index.company_mut(share.company_id)?.grant(share)?;
        }
        for entity in &entities {
            index.company_mut(entity.company_id)?.save_entity(entity)?;
        }
        for p in &participations {
            index.company_mut(p.company_id)?.save_participation(p)?;
        }
        for tm in &team_managers {
            index.add_team_manager(tm)?;
        }
        for share in contact_shares.iter().filter(|s| s.revoked.is_none()) {
            index.grant_contact(share)?;
        }
        for company in index.companies.values_mut() {
            company.finish_bulk();
        }
        Ok(index)
    }

    fn company_mut(&mut self, id: CompanyId) -> Result<&mut CompanyIndex, IndexError> {
        self.companies
            .get_mut(&id)
            .ok_or(IndexError::UnknownCompany(id))
    }

    fn save_user(&mut self, user: &User) -> Result<(), IndexError> {
        match self.user_company.get(&user.id) {
            Some(&company) if company != user.company_id => {
                return Err(IndexError::WrongCompany {
                    user: user.id,
                    company,
                });
            }
            _ => {}
        }
        self.company_mut(user.company_id)?.save_user(user)?;
        self.user_company.insert(user.id, user.company_id);
        Ok(())
    }

    fn apply_part(&mut self, change: &Change, depth: usize, first: &mut Option<IndexError>) {
        let result = match change {
            Change::Batch { changes } => {
                if depth >= MAX_BATCH_DEPTH {
                    Err(IndexError::TooDeep)
                } else {
                    for part in changes {
                        self.apply_part(part, depth + 1, first);
                    }
                    Ok(())
                }
            }
            other => self.apply_one(other),
        };
        if let Err(e) = result {
            first.get_or_insert(e);
        }
    }

    fn apply_one(&mut self, change: &Change) -> Result<(), IndexError> {
        match change {
            Change::CompanyCreated { company } => {
                match self.companies.get_mut(&company.id) {
                    Some(existing) => existing.set_settings(company.settings),
                    None => {
                        self.companies.insert(
                            company.id,
                            CompanyIndex::new(company.id, company.settings, false),
                        );
                    }
                }
                Ok(())
            }
            Change::CompanyUpdated { company } => {
                self.company_mut(company.id)?.set_settings(company.settings);
                Ok(())
            }
            Change::SettingsChanged {
                company_id,
                settings,
            } => {
                self.company_mut(*company_id)?.set_settings(*settings);
                Ok(())
            }
            Change::UserSaved { user } => self.save_user(user),
            Change::GroupSaved { group } => self.company_mut(group.company_id)?.save_group(group),
            Change::GroupDeleted {
                company_id,
                group_id,
            } => self.company_mut(*company_id)?.delete_group(*group_id),
            Change::MemberAdded { membership: m } => {
                if m.removed.is_some() {
                    return Ok(());
                }
                self.company_mut(m.company_id)?
                    .add_member(m.group_id, m.user_id)
            }
            Change::MemberRemoved {
                company_id,
                group_id,
                user_id,
                ..
            } => self
                .company_mut(*company_id)?
                .remove_member(*group_id, *user_id),
            Change::ClientSaved { client } => {
                self.company_mut(client.company_id)?.save_client(client)
            }
            Change::ClientDeleted {
                company_id,
                client_id,
            } => self.company_mut(*company_id)?.delete_client(*client_id),
            Change::ShareGranted { share } => {
                if share.revoked.is_some() {
                    return Ok(());
                }
                self.company_mut(share.company_id)?.grant(share)
            }
            Change::ShareRevoked {
                company_id,
                client_id,
                share_id,
                ..
            } => self.company_mut(*company_id)?.revoke(*client_id, *share_id),
            Change::EntitySaved { entity } => {
                self.company_mut(entity.company_id)?.save_entity(entity)
            }
            Change::ParticipationSaved { participation: p } => {
                self.company_mut(p.company_id)?.save_participation(p)
            }
            Change::ParticipationEnded {
                company_id,
                client_id,
                entity_id,
            } => self
                .company_mut(*company_id)?
                .end_participation(*client_id, *entity_id),
            Change::TeamManagerAdded { team_manager } => self.add_team_manager(team_manager),
            Change::TeamManagerRemoved {
                company_id,
                entity_id,
                account_id,
            } => self
                .company_mut(*company_id)?
                .remove_team_manager(*entity_id, *account_id),
            Change::ContactShareGranted { share } => {
                if share.revoked.is_some() {
                    return Ok(());
                }
                self.grant_contact(share)
            }
            Change::ContactShareRevoked {
                company_id,
                client_id,
                share_id,
                ..
            } => self
                .company_mut(*company_id)?
                .revoke_contact(*client_id, *share_id),
            Change::Batch { .. } => Ok(()),
        }
    }

    fn add_team_manager(&mut self, tm: &TeamManager) -> Result<(), IndexError> {
        self.company_mut(tm.company_id)?.add_team_manager(tm)?;
        self.note_contact(tm.account_id, tm.company_id);
        Ok(())
    }

    fn grant_contact(&mut self, share: &ContactShare) -> Result<(), IndexError> {
        self.company_mut(share.company_id)?.grant_contact(share)?;
        self.note_contact(share.account_id, share.company_id);
        Ok(())
    }
}
