//! Part C in the access index: one company's entities, the files each takes
//! part in, their team managers, and the open contact shares. A contact's
//! files are a bitmap of dense client ids, as a user's direct shares are, so
//! "may contact K open file F" is one table lookup and one bitmap probe.
//!
//! What a contact may do is answered here, in one place, with its reasons
//! (C3, C4, C10): whether they may open a file, and whether someone (staff or
//! contact) may add or revoke a contact of an entity on a file. A contact's
//! reach is the files of their open shares and nothing else: no method here
//! answers anything about staff, groups or settings for a contact.

use roaring::RoaringBitmap;
use serde::{Deserialize, Serialize};

use super::IndexError;
use super::company::CompanyIndex;
use super::hot::LIVE;
use super::table::IdTable;
use super::types::Reason;
use crate::deal::{ContactShare, DealRole, Entity, Participation, Party, TeamManager};
use crate::ids::{AccountId, ClientId, ContactShareId, EntityId};
use crate::model::{How, Timestamp};

/// An entity of the company.
#[derive(Debug, Clone)]
pub(super) struct EntityRec {
    pub(super) id: EntityId,
    pub(super) self_managed: bool,
    /// C3: accounts named team managers, by `(named_at, account)`.
    pub(super) team_managers: Vec<(Timestamp, AccountId)>,
    /// Live files the entity takes part in.
    pub(super) files: RoaringBitmap,
}

/// A contact: an account with at least one share of this company, ever.
#[derive(Debug, Clone)]
pub(super) struct ContactRec {
    pub(super) account: AccountId,
    /// Live files with an open share to this contact (C4).
    pub(super) files: FileSet,
}

/// How many files a contact's record holds inline before a bitmap.
const FEW: usize = 6;

/// A contact's files (dense client ids): a contact follows a handful, so
/// up to [`FEW`] sit inline in the record, sorted — C4's check then reads
/// the record it already fetched instead of chasing a bitmap's containers
/// (two fewer cache misses over 100,000 contacts) — and a bitmap beyond.
#[derive(Debug, Clone, Default)]
pub(super) struct FileSet {
    few: [u32; FEW],
    n: u8,
    many: Option<Box<RoaringBitmap>>,
}

impl FileSet {
    pub(super) fn contains(&self, c: u32) -> bool {
        match &self.many {
            Some(many) => many.contains(c),
            None => self
                .few
                .get(..usize::from(self.n))
                .is_some_and(|few| few.contains(&c)),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        match &self.many {
            Some(many) => many.is_empty(),
            None => self.n == 0,
        }
    }

    /// Adds `c`; `false` if it was there.
    pub(super) fn insert(&mut self, c: u32) -> bool {
        if let Some(many) = &mut self.many {
            return many.insert(c);
        }
        let n = usize::from(self.n);
        let few = self.few.get(..n).unwrap_or_default();
        let at = match few.binary_search(&c) {
            Ok(_) => return false,
            Err(at) => at,
        };
        if n < FEW {
            self.few.copy_within(at..n, at + 1);
            if let Some(slot) = self.few.get_mut(at) {
                *slot = c;
            }
            self.n += 1;
        } else {
            let mut many: RoaringBitmap = few.iter().copied().collect();
            many.insert(c);
            self.many = Some(Box::new(many));
            self.n = 0;
        }
        true
    }

    /// Removes `c`; `false` if it was not there.
    pub(super) fn remove(&mut self, c: u32) -> bool {
        if let Some(many) = &mut self.many {
            return many.remove(c);
        }
        let n = usize::from(self.n);
        match self.few.get(..n).unwrap_or_default().binary_search(&c) {
            Ok(at) => {
                self.few.copy_within(at + 1..n, at);
                self.n -= 1;
                true
            }
            Err(_) => false,
        }
    }
}

/// One open contact share of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct OpenContactShare {
    pub(super) share_id: ContactShareId,
    pub(super) contact: u32,
    pub(super) entity: u32,
    pub(super) granted_by: Option<Party>,
    pub(super) granted_at: Timestamp,
    pub(super) how: How,
    pub(super) succeeds: Option<AccountId>,
}

/// An entity's part in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Part {
    pub(super) entity: u32,
    pub(super) entity_id: EntityId,
    pub(super) role: DealRole,
    pub(super) added_at: Timestamp,
}

/// A file's part of the desk: its entities by `(added_at, entity id)`, its
/// open contact shares by `(granted_at, share id)` — orders that a reload
/// from the store gives again, whatever order the changes came in.
#[derive(Debug, Clone, Default)]
pub(super) struct FileDeal {
    pub(super) entities: Vec<Part>,
    pub(super) shares: Vec<OpenContactShare>,
}

/// The desk part of a company's index.
#[derive(Debug, Clone, Default)]
pub(super) struct DealIndex {
    pub(super) entity_map: IdTable<EntityId, u32>,
    pub(super) entities: Vec<EntityRec>,
    pub(super) contact_map: IdTable<AccountId, u32>,
    pub(super) contacts: Vec<ContactRec>,
    /// By dense client id; files without any entity have none.
    pub(super) files: std::collections::HashMap<u32, FileDeal>,
}

/// Why a contact may (or may not) do something on the desk (X1 for Part C).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum DealReason {
    /// C4: an open share of the file to the contact, through an entity.
    ContactShare {
        share_id: ContactShareId,
        entity_id: EntityId,
        granted_by: Option<Party>,
        granted_at: Timestamp,
    },
    /// C3: whoever may share the file (A4), for an entity not self-managed;
    /// and, for revoking, always. The staff reasons say why they may share.
    Sharer { reasons: Vec<Reason> },
    /// C3: a current contact of the entity on the file, for that entity.
    Colleague { entity_id: EntityId },
    /// C3, self-managed: a team manager of the entity, on every file it
    /// takes part in.
    TeamManager { entity_id: EntityId },
    /// C10: a contact leaving the file.
    Themself,
    /// C10: the successor (C8) of the contact removed.
    Successor,
    /// The account is on no file of this company now (denial).
    UnknownContact,
    /// The file does not exist in this company, or was deleted (denial).
    UnknownClient,
    /// The entity is not this company's (denial).
    UnknownEntity,
    /// The entity does not take part in the file (denial).
    NotParticipating,
    /// C3: the entity is self-managed, so only its team managers add its
    /// contacts (denial).
    SelfManaged,
    /// The person to revoke has no open share of the file (denial).
    NotOnFile,
    /// Staff who may not share the file (A4), with the staff reason (denial).
    NotSharer { reasons: Vec<Reason> },
    /// None of the rules above applies (denial).
    NoAccess,
}

impl DealReason {
    /// The SPEC id of the rule behind the reason; `"none"` for unknown ids.
    pub fn rule(&self) -> &'static str {
        match self {
            DealReason::ContactShare { .. } => "C4",
            DealReason::Sharer { .. } | DealReason::NotSharer { .. } => "A4",
            DealReason::Colleague { .. }
            | DealReason::TeamManager { .. }
            | DealReason::SelfManaged => "C3",
            DealReason::Themself | DealReason::Successor => "C10",
            DealReason::UnknownContact
            | DealReason::UnknownClient
            | DealReason::UnknownEntity
            | DealReason::NotParticipating
            | DealReason::NotOnFile => "none",
            DealReason::NoAccess => "C3-C4",
        }
    }
}

/// An answer of the desk with its reasons: every reason that allows, or the
/// one that denies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealDecision {
    pub allowed: bool,
    pub reasons: Vec<DealReason>,
}

impl DealDecision {
    fn deny(reason: DealReason) -> Self {
        DealDecision {
            allowed: false,
            reasons: vec![reason],
        }
    }

    fn allow(reasons: Vec<DealReason>) -> Self {
        DealDecision {
            allowed: true,
            reasons,
        }
    }
}

/// One open contact share of a file, as the index holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactShareEntry {
    pub share_id: ContactShareId,
    pub account_id: AccountId,
    pub entity_id: EntityId,
    pub granted_by: Option<Party>,
    pub granted_at: Timestamp,
    pub how: How,
    pub succeeds: Option<AccountId>,
}

/// A file a contact is on: the file, through which entity, in which role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactFile {
    pub client_id: ClientId,
    pub entity_id: EntityId,
    pub role: DealRole,
}

/// Who asks: a staff member of the company or a contact.
pub type Asker = Party;

impl CompanyIndex {
    // ---- reads -----------------------------------------------------------

    /// C4, the fast path: may `account` open `client` as a contact? No
    /// reasons, no allocation.
    pub fn contact_may_open(&self, account: AccountId, client: ClientId) -> bool {
        let Some(&k) = self.deal.contact_map.get(&account) else {
            return false;
        };
        let Some(slot) = self.client_map.get(&client) else {
            return false;
        };
        slot.hot.flags & LIVE != 0
            && self
                .deal
                .contacts
                .get(k as usize)
                .is_some_and(|rec| rec.files.contains(slot.dense))
    }

    /// C4 with its reasons: the open shares that let `account` open `client`.
    pub fn contact_check(&self, account: AccountId, client: ClientId) -> DealDecision {
        let Some(k) = self.current_contact(account) else {
            return DealDecision::deny(DealReason::UnknownContact);
        };
        let Some(c) = self.client_dense(client) else {
            return DealDecision::deny(DealReason::UnknownClient);
        };
        let reasons: Vec<DealReason> = self
            .deal
            .files
            .get(&c)
            .map(|file| {
                file.shares
                    .iter()
                    .filter(|s| s.contact == k)
                    .filter_map(|s| {
                        Some(DealReason::ContactShare {
                            share_id: s.share_id,
                            entity_id: self.deal.entities.get(s.entity as usize)?.id,
                            granted_by: s.granted_by,
                            granted_at: s.granted_at,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        if reasons.is_empty() {
            DealDecision::deny(DealReason::NoAccess)
        } else {
            DealDecision::allow(reasons)
        }
    }

    /// The live files `account` is a contact on, each once per entity, by
    /// the file's name.
    pub fn contact_files(&self, account: AccountId) -> Vec<ContactFile> {
        let Some(&k) = self.deal.contact_map.get(&account) else {
            return Vec::new();
        };
        let Some(rec) = self.deal.contacts.get(k as usize) else {
            return Vec::new();
        };
        let mut files = Vec::new();
        for c in self.client_order.iter_from(0) {
            if !rec.files.contains(c) {
                continue;
            }
            let (Some(&client_id), Some(file)) =
                (self.client_ids.get(c as usize), self.deal.files.get(&c))
            else {
                continue;
            };
            let mut seen: Vec<u32> = Vec::new();
            for share in file.shares.iter().filter(|s| s.contact == k) {
                if seen.contains(&share.entity) {
                    continue;
                }
                seen.push(share.entity);
                let role = file
                    .entities
                    .iter()
                    .find(|part| part.entity == share.entity)
                    .map(|part| part.role);
                if let (Some(entity), Some(role)) =
                    (self.deal.entities.get(share.entity as usize), role)
                {
                    files.push(ContactFile {
                        client_id,
                        entity_id: entity.id,
                        role,
                    });
                }
            }
        }
        files
    }

    /// Whether `account` is a contact or a team manager of this company at
    /// all (a desk reads only the companies where it is).
    pub fn knows_contact(&self, account: AccountId) -> bool {
        let on_a_file = self
            .deal
            .contact_map
            .get(&account)
            .and_then(|&k| self.deal.contacts.get(k as usize))
            .is_some_and(|rec| !rec.files.is_empty());
        on_a_file
            || self
                .deal
                .entities
                .iter()
                .any(|e| Self::is_team_manager(e, account))
    }

    /// The entities taking part in `client`, with their roles, in the order
    /// they joined (then by id).
    pub fn file_entities(&self, client: ClientId) -> Vec<(EntityId, DealRole)> {
        let Some(c) = self.client_dense(client) else {
            return Vec::new();
        };
        self.deal
            .files
            .get(&c)
            .map(|file| {
                file.entities
                    .iter()
                    .map(|part| (part.entity_id, part.role))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The open contact shares of `client`, in the order they were granted
    /// (then by id).
    pub fn file_contacts(&self, client: ClientId) -> Vec<ContactShareEntry> {
        let Some(c) = self.client_dense(client) else {
            return Vec::new();
        };
        let Some(file) = self.deal.files.get(&c) else {
            return Vec::new();
        };
        file.shares
            .iter()
            .filter_map(|s| {
                Some(ContactShareEntry {
                    share_id: s.share_id,
                    account_id: self.deal.contacts.get(s.contact as usize)?.account,
                    entity_id: self.deal.entities.get(s.entity as usize)?.id,
                    granted_by: s.granted_by,
                    granted_at: s.granted_at,
                    how: s.how,
                    succeeds: s.succeeds,
                })
            })
            .collect()
    }

    /// The live files entity `entity` takes part in, by name.
    pub fn entity_files(&self, entity: EntityId) -> Vec<ClientId> {
        let Some(rec) = self.entity_rec(entity) else {
            return Vec::new();
        };
        self.client_order
            .iter_from(0)
            .filter(|c| rec.files.contains(*c))
            .filter_map(|c| self.client_ids.get(c as usize).copied())
            .collect()
    }

    /// C3: the team managers of `entity`, in the order they were named
    /// (then by id).
    pub fn team_managers(&self, entity: EntityId) -> Vec<AccountId> {
        self.entity_rec(entity)
            .map(|rec| rec.team_managers.iter().map(|(_, a)| *a).collect())
            .unwrap_or_default()
    }

    fn is_team_manager(rec: &EntityRec, account: AccountId) -> bool {
        rec.team_managers.iter().any(|(_, a)| *a == account)
    }

    /// C3: the entities `account` is a team manager of, in the order they
    /// were recorded.
    pub fn entities_managed_by(&self, account: AccountId) -> Vec<EntityId> {
        self.deal
            .entities
            .iter()
            .filter(|rec| Self::is_team_manager(rec, account))
            .map(|rec| rec.id)
            .collect()
    }

    /// Whether `entity` is self-managed (C3); `None` if unknown.
    pub fn entity_self_managed(&self, entity: EntityId) -> Option<bool> {
        self.entity_rec(entity).map(|rec| rec.self_managed)
    }

    /// C3: may `asker` add a contact of `entity` to `client`?
    ///
    /// Not self-managed: whoever may share the file (A4), and every current
    /// contact of the entity on it. Self-managed: only its team managers,
    /// on every file the entity takes part in.
    pub fn may_add_contact(
        &self,
        asker: Asker,
        client: ClientId,
        entity: EntityId,
    ) -> DealDecision {
        let Some(c) = self.client_dense(client) else {
            return DealDecision::deny(DealReason::UnknownClient);
        };
        let Some((e, rec)) = self.entity_dense(entity) else {
            return DealDecision::deny(DealReason::UnknownEntity);
        };
        if !rec.files.contains(c) {
            return DealDecision::deny(DealReason::NotParticipating);
        }
        match asker {
            Party::Staff(user) => {
                if rec.self_managed {
                    return DealDecision::deny(DealReason::SelfManaged);
                }
                let staff = self.can_share(user, client);
                if staff.allowed {
                    DealDecision::allow(vec![DealReason::Sharer {
                        reasons: staff.reasons,
                    }])
                } else {
                    DealDecision::deny(DealReason::NotSharer {
                        reasons: staff.reasons,
                    })
                }
            }
            Party::Contact(account) => {
                if rec.self_managed {
                    return if Self::is_team_manager(rec, account) {
                        DealDecision::allow(vec![DealReason::TeamManager { entity_id: entity }])
                    } else {
                        DealDecision::deny(DealReason::SelfManaged)
                    };
                }
                if self.is_contact_through(account, c, e) {
                    DealDecision::allow(vec![DealReason::Colleague { entity_id: entity }])
                } else if self.current_contact(account).is_none() {
                    DealDecision::deny(DealReason::UnknownContact)
                } else {
                    DealDecision::deny(DealReason::NoAccess)
                }
            }
        }
    }

    /// C3, C5, C10: may `asker` revoke `target`'s access to `client`?
    ///
    /// Whoever may share the file, always (a company can cut any outside
    /// access to its own files); the contact themself (C10); their
    /// successor by handover (C10); and, for each entity the target is on
    /// the file through, those who may add its contacts (C3).
    pub fn may_revoke_contact(
        &self,
        asker: Asker,
        client: ClientId,
        target: AccountId,
    ) -> DealDecision {
        let Some(c) = self.client_dense(client) else {
            return DealDecision::deny(DealReason::UnknownClient);
        };
        let Some(&k) = self.deal.contact_map.get(&target) else {
            return DealDecision::deny(DealReason::NotOnFile);
        };
        let Some(file) = self.deal.files.get(&c) else {
            return DealDecision::deny(DealReason::NotOnFile);
        };
        let through: Vec<u32> = file
            .shares
            .iter()
            .filter(|s| s.contact == k)
            .map(|s| s.entity)
            .collect();
        if through.is_empty() {
            return DealDecision::deny(DealReason::NotOnFile);
        }
        match asker {
            Party::Staff(user) => {
                let staff = self.can_share(user, client);
                if staff.allowed {
                    DealDecision::allow(vec![DealReason::Sharer {
                        reasons: staff.reasons,
                    }])
                } else {
                    DealDecision::deny(DealReason::NotSharer {
                        reasons: staff.reasons,
                    })
                }
            }
            Party::Contact(account) => {
                let mut reasons = Vec::new();
                if account == target {
                    reasons.push(DealReason::Themself);
                }
                let me = self.deal.contact_map.get(&account).copied();
                let succeeds = me.is_some_and(|me| {
                    file.shares
                        .iter()
                        .any(|s| s.contact == me && s.succeeds == Some(target))
                });
                if succeeds {
                    reasons.push(DealReason::Successor);
                }
                for &e in &through {
                    let Some(rec) = self.deal.entities.get(e as usize) else {
                        continue;
                    };
                    if rec.self_managed {
                        if Self::is_team_manager(rec, account) {
                            reasons.push(DealReason::TeamManager { entity_id: rec.id });
                        }
                    } else if self.is_contact_through(account, c, e) && account != target {
                        reasons.push(DealReason::Colleague { entity_id: rec.id });
                    }
                }
                if reasons.is_empty() {
                    DealDecision::deny(DealReason::NoAccess)
                } else {
                    DealDecision::allow(reasons)
                }
            }
        }
    }

    /// The dense id of `account` while it is on at least one live file of
    /// the company: answers depend on what is open now, never on history.
    fn current_contact(&self, account: AccountId) -> Option<u32> {
        let &k = self.deal.contact_map.get(&account)?;
        let rec = self.deal.contacts.get(k as usize)?;
        (!rec.files.is_empty()).then_some(k)
    }

    fn entity_rec(&self, entity: EntityId) -> Option<&EntityRec> {
        self.entity_dense(entity).map(|(_, rec)| rec)
    }

    fn entity_dense(&self, entity: EntityId) -> Option<(u32, &EntityRec)> {
        let &e = self.deal.entity_map.get(&entity)?;
        self.deal.entities.get(e as usize).map(|rec| (e, rec))
    }

    /// Whether `account` has an open share of dense file `c` through dense entity `e`.
    fn is_contact_through(&self, account: AccountId, c: u32, e: u32) -> bool {
        let Some(&k) = self.deal.contact_map.get(&account) else {
            return false;
        };
        self.deal
            .files
            .get(&c)
            .is_some_and(|file| file.shares.iter().any(|s| s.contact == k && s.entity == e))
    }

    // ---- changes ---------------------------------------------------------

    /// An entity was recorded or changed.
    pub(super) fn save_entity(&mut self, entity: &Entity) -> Result<(), IndexError> {
        if let Some(&e) = self.deal.entity_map.get(&entity.id) {
            if let Some(rec) = self.deal.entities.get_mut(e as usize) {
                rec.self_managed = entity.self_managed;
            }
            return Ok(());
        }
        let e = dense(self.deal.entities.len())?;
        self.deal.entities.push(EntityRec {
            id: entity.id,
            self_managed: entity.self_managed,
            team_managers: Vec::new(),
            files: RoaringBitmap::new(),
        });
        self.deal.entity_map.insert(entity.id, e);
        Ok(())
    }

    /// An entity began to take part in a file, or its role there changed.
    pub(super) fn save_participation(&mut self, p: &Participation) -> Result<(), IndexError> {
        let c = self.live_client_dense(p.client_id)?;
        let e = self.known_entity(p.entity_id)?;
        let file = self.deal.files.entry(c).or_default();
        match file.entities.iter_mut().find(|part| part.entity == e) {
            Some(part) => part.role = p.role,
            None => {
                let part = Part {
                    entity: e,
                    entity_id: p.entity_id,
                    role: p.role,
                    added_at: p.added_at,
                };
                let at = file.entities.partition_point(|x| {
                    (x.added_at, x.entity_id) < (part.added_at, part.entity_id)
                });
                file.entities.insert(at, part);
            }
        }
        if let Some(rec) = self.deal.entities.get_mut(e as usize) {
            rec.files.insert(c);
        }
        Ok(())
    }

    /// An entity stopped taking part in a file; its contact shares there
    /// end with it (and are revoked by their own changes of the batch).
    pub(super) fn end_participation(
        &mut self,
        client: ClientId,
        entity: EntityId,
    ) -> Result<(), IndexError> {
        let c = self.live_client_dense(client)?;
        let e = self.known_entity(entity)?;
        let mut left = Vec::new();
        if let Some(file) = self.deal.files.get_mut(&c) {
            file.entities.retain(|part| part.entity != e);
            file.shares.retain(|s| {
                let keep = s.entity != e;
                if !keep {
                    left.push(s.contact);
                }
                keep
            });
        }
        for k in left {
            self.refresh_contact_file(k, c);
        }
        if let Some(rec) = self.deal.entities.get_mut(e as usize) {
            rec.files.remove(c);
        }
        Ok(())
    }

    /// C3: a team manager was named.
    pub(super) fn add_team_manager(&mut self, tm: &TeamManager) -> Result<(), IndexError> {
        let e = self.known_entity(tm.entity_id)?;
        if let Some(rec) = self.deal.entities.get_mut(e as usize)
            && !Self::is_team_manager(rec, tm.account_id)
        {
            let key = (tm.named_at, tm.account_id);
            let at = rec.team_managers.partition_point(|x| *x < key);
            rec.team_managers.insert(at, key);
        }
        Ok(())
    }

    /// C3: a team manager was removed.
    pub(super) fn remove_team_manager(
        &mut self,
        entity: EntityId,
        account: AccountId,
    ) -> Result<(), IndexError> {
        let e = self.known_entity(entity)?;
        if let Some(rec) = self.deal.entities.get_mut(e as usize) {
            rec.team_managers.retain(|(_, a)| *a != account);
        }
        Ok(())
    }

    /// C2: a contact share was granted. The entity must take part in the
    /// file; a share id seen before on the file replaces it.
    pub(super) fn grant_contact(&mut self, share: &ContactShare) -> Result<(), IndexError> {
        let c = self.live_client_dense(share.client_id)?;
        let e = self.known_entity(share.entity_id)?;
        let participates = self
            .deal
            .files
            .get(&c)
            .is_some_and(|file| file.entities.iter().any(|part| part.entity == e));
        if !participates {
            return Err(IndexError::NotParticipating {
                entity: share.entity_id,
                client: share.client_id,
            });
        }
        let k = match self.deal.contact_map.get(&share.account_id) {
            Some(&k) => k,
            None => {
                let k = dense(self.deal.contacts.len())?;
                self.deal.contacts.push(ContactRec {
                    account: share.account_id,
                    files: FileSet::default(),
                });
                self.deal.contact_map.insert(share.account_id, k);
                k
            }
        };
        let open = OpenContactShare {
            share_id: share.id,
            contact: k,
            entity: e,
            granted_by: share.granted_by,
            granted_at: share.granted_at,
            how: share.how,
            succeeds: share.succeeds,
        };
        let file = self.deal.files.entry(c).or_default();
        file.shares.retain(|s| s.share_id != share.id);
        let at = file
            .shares
            .partition_point(|s| (s.granted_at, s.share_id) < (open.granted_at, open.share_id));
        file.shares.insert(at, open);
        if let Some(rec) = self.deal.contacts.get_mut(k as usize) {
            rec.files.insert(c);
        }
        Ok(())
    }

    /// C5, C10: a contact share was revoked; an unknown id is a no-op.
    pub(super) fn revoke_contact(
        &mut self,
        client: ClientId,
        share: ContactShareId,
    ) -> Result<(), IndexError> {
        let c = self.live_client_dense(client)?;
        let mut contact = None;
        if let Some(file) = self.deal.files.get_mut(&c)
            && let Some(pos) = file.shares.iter().position(|s| s.share_id == share)
        {
            contact = Some(file.shares.remove(pos).contact);
        }
        if let Some(k) = contact {
            self.refresh_contact_file(k, c);
        }
        Ok(())
    }

    /// A client was deleted: every contact and entity forgets it.
    pub(super) fn forget_deal_file(&mut self, c: u32) {
        if let Some(file) = self.deal.files.remove(&c) {
            for s in &file.shares {
                if let Some(rec) = self.deal.contacts.get_mut(s.contact as usize) {
                    rec.files.remove(c);
                }
            }
            for part in &file.entities {
                if let Some(rec) = self.deal.entities.get_mut(part.entity as usize) {
                    rec.files.remove(c);
                }
            }
        }
    }

    /// Sets contact `k`'s bit for file `c` from the file's open shares.
    fn refresh_contact_file(&mut self, k: u32, c: u32) {
        let still = self
            .deal
            .files
            .get(&c)
            .is_some_and(|file| file.shares.iter().any(|s| s.contact == k));
        if let Some(rec) = self.deal.contacts.get_mut(k as usize)
            && !still
        {
            rec.files.remove(c);
        }
    }

    fn live_client_dense(&self, client: ClientId) -> Result<u32, IndexError> {
        match self.client_map.get(&client) {
            None => Err(IndexError::UnknownClient(client)),
            Some(slot) if slot.hot.flags & LIVE == 0 => Err(IndexError::DeletedClient(client)),
            Some(slot) => Ok(slot.dense),
        }
    }

    fn known_entity(&self, entity: EntityId) -> Result<u32, IndexError> {
        self.deal
            .entity_map
            .get(&entity)
            .copied()
            .ok_or(IndexError::UnknownEntity(entity))
    }
}

/// The next dense id of the desk tables.
fn dense(len: usize) -> Result<u32, IndexError> {
    u32::try_from(len)
        .ok()
        .filter(|&d| d < (1 << 31))
        .ok_or(IndexError::Full)
}

#[cfg(test)]
mod file_set_tests {
    use super::{FEW, FileSet};

    #[test]
    fn a_file_set_answers_like_a_set_inline_and_past_its_inline_room() {
        let mut set = FileSet::default();
        let mut model = std::collections::BTreeSet::new();
        assert!(set.is_empty());
        let ids: Vec<u32> = (0..3 * FEW as u32).map(|i| (i * 7919) % 101).collect();
        for (step, &c) in ids.iter().enumerate() {
            assert_eq!(set.insert(c), model.insert(c), "insert {c}");
            if step % 3 == 2 {
                let gone = ids[step / 2];
                assert_eq!(set.remove(gone), model.remove(&gone), "remove {gone}");
            }
            for probe in 0..101 {
                assert_eq!(set.contains(probe), model.contains(&probe), "{probe}");
            }
            assert_eq!(set.is_empty(), model.is_empty());
        }
        for &c in &ids {
            set.remove(c);
        }
        assert!(set.is_empty());
    }
}
