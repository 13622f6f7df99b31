//! One company's part of the access index: dense ids, the bitmaps of
//! ARCHITECTURE.md "The access index", the open shares of each client, and
//! the changes that keep them current.

use roaring::RoaringBitmap;

use super::IndexError;
use super::deal::DealIndex;
use super::hot::{ClientHot, ClientSlot, GROUP_BIT, LIVE, RESTRICTED, UserHot};
use super::order::NameOrder;
use super::table::IdTable;
use crate::ids::{ClientId, CompanyId, GroupId, ShareId, UserId};
use crate::model::{Client, Group, How, Role, Settings, Share, Subject, Timestamp, User};

/// A share's subject in dense ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DSubject {
    User(u32),
    Group(u32),
    Company,
}

/// One open share of a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct OpenShare {
    pub(super) share_id: ShareId,
    pub(super) subject: DSubject,
    pub(super) granted_by: Option<UserId>,
    pub(super) granted_at: Timestamp,
    pub(super) how: How,
}

/// A staff member.
#[derive(Debug, Clone)]
pub(super) struct UserRec {
    pub(super) id: UserId,
    pub(super) role: Role,
    pub(super) admin_like: bool,
    pub(super) active: bool,
    pub(super) share_all: bool,
    /// Clients with at least one open direct share to this user (A9).
    pub(super) direct: RoaringBitmap,
    /// Live clients this user owns (A8).
    pub(super) owned: RoaringBitmap,
    /// Live groups this user is a member of.
    pub(super) groups: RoaringBitmap,
}

/// A group.
#[derive(Debug, Clone)]
pub(super) struct GroupRec {
    pub(super) id: GroupId,
    pub(super) live: bool,
    pub(super) members: RoaringBitmap,
    /// Live clients with at least one open share to this group (A10).
    pub(super) clients: RoaringBitmap,
}

/// The access index of one company. Read it through the methods in
/// `access`, `paging` and `panel`.
#[derive(Debug, Clone)]
pub struct CompanyIndex {
    pub(super) id: CompanyId,
    pub(super) settings: Settings,
    pub(super) user_map: IdTable<UserId, u32>,
    pub(super) users: Vec<UserRec>,
    /// By dense user id: what `check` reads.
    pub(super) user_hot: Vec<UserHot>,
    /// Every user (active or not) by `(name, id)`.
    pub(super) user_order: NameOrder,
    pub(super) active: RoaringBitmap,
    /// Users with an admin-like role (A6), active or not.
    pub(super) admin_like: RoaringBitmap,
    /// Users with "share all clients" on (A7), active or not.
    pub(super) share_all: RoaringBitmap,
    pub(super) group_map: IdTable<GroupId, u32>,
    pub(super) groups: Vec<GroupRec>,
    /// Live groups by `(name, id)`.
    pub(super) group_order: NameOrder,
    /// Each client's dense id with a copy of its hot record, so that
    /// `may_open` by id reads one slot.
    pub(super) client_map: IdTable<ClientId, ClientSlot>,
    pub(super) client_ids: Vec<ClientId>,
    pub(super) hot: Vec<ClientHot>,
    /// By dense client id: `hot[c].flags` again, packed for list scans.
    pub(super) client_flags: Vec<u8>,
    /// By dense client id: its open shares, in the order they were granted.
    pub(super) shares: Vec<Vec<OpenShare>>,
    /// Live clients by `(name, id)`.
    pub(super) client_order: NameOrder,
    /// Live clients with at least one open whole-company share.
    pub(super) company_shared: RoaringBitmap,
    /// Live restricted clients (X10).
    pub(super) restricted: RoaringBitmap,
    /// Part C: entities, their files and the open contact shares.
    pub(super) deal: DealIndex,
}

/// The next dense id. Below 2^31, so that a user or group id never collides
/// with `GROUP_BIT` in a client's inline subjects.
fn dense(len: usize) -> Result<u32, IndexError> {
    u32::try_from(len)
        .ok()
        .filter(|&d| d & GROUP_BIT == 0)
        .ok_or(IndexError::Full)
}

impl CompanyIndex {
    /// An empty company; `bulk` defers sorting names until `finish_bulk`.
    pub(super) fn new(id: CompanyId, settings: Settings, bulk: bool) -> Self {
        let order = || {
            if bulk {
                NameOrder::new_bulk()
            } else {
                NameOrder::default()
            }
        };
        CompanyIndex {
            id,
            settings,
            user_map: IdTable::default(),
            users: Vec::new(),
            user_hot: Vec::new(),
            user_order: order(),
            active: RoaringBitmap::new(),
            admin_like: RoaringBitmap::new(),
            share_all: RoaringBitmap::new(),
            group_map: IdTable::default(),
            groups: Vec::new(),
            group_order: order(),
            client_map: IdTable::default(),
            client_ids: Vec::new(),
            hot: Vec::new(),
            client_flags: Vec::new(),
            shares: Vec::new(),
            client_order: order(),
            company_shared: RoaringBitmap::new(),
            restricted: RoaringBitmap::new(),
            deal: DealIndex::default(),
        }
    }

    /// Sorts the names recorded during a bulk load.
    pub(super) fn finish_bulk(&mut self) {
        self.user_order.finish_bulk();
        self.group_order.finish_bulk();
        self.client_order.finish_bulk();
    }

    pub(super) fn set_settings(&mut self, settings: Settings) {
        self.settings = settings;
    }

    pub(super) fn user_dense(&self, u: UserId) -> Result<u32, IndexError> {
        self.user_map
            .get(&u)
            .copied()
            .ok_or(IndexError::UnknownUser(u))
    }

    /// A live group's dense id.
    fn live_group(&self, g: GroupId) -> Result<u32, IndexError> {
        let d = *self.group_map.get(&g).ok_or(IndexError::UnknownGroup(g))?;
        match self.groups.get(d as usize) {
            Some(rec) if rec.live => Ok(d),
            _ => Err(IndexError::DeletedGroup(g)),
        }
    }

    /// A live client's dense id.
    fn live_client(&self, c: ClientId) -> Result<u32, IndexError> {
        let d = self
            .client_map
            .get(&c)
            .ok_or(IndexError::UnknownClient(c))?
            .dense;
        match self.hot.get(d as usize) {
            Some(h) if h.flags & LIVE != 0 => Ok(d),
            _ => Err(IndexError::DeletedClient(c)),
        }
    }

    /// A user was created or changed.
    pub(super) fn save_user(&mut self, user: &User) -> Result<(), IndexError> {
        let d = match self.user_map.get(&user.id) {
            Some(&d) => d,
            None => {
                let d = dense(self.users.len())?;
                self.users.push(UserRec {
                    id: user.id,
                    role: user.role,
                    admin_like: false,
                    active: false,
                    share_all: false,
                    direct: RoaringBitmap::new(),
                    owned: RoaringBitmap::new(),
                    groups: RoaringBitmap::new(),
                });
                self.user_hot.push(UserHot::default());
                self.user_map.insert(user.id, d);
                d
            }
        };
        let Some(rec) = self.users.get_mut(d as usize) else {
            return Err(IndexError::UnknownUser(user.id));
        };
        rec.role = user.role;
        rec.admin_like = user.role.is_admin_like();
        rec.active = user.active;
        rec.share_all = user.share_all_clients;
        if let Some(hot) = self.user_hot.get_mut(d as usize) {
            hot.active = user.active;
            hot.admin_like = user.role.is_admin_like();
            hot.share_all = user.share_all_clients;
        }
        set_bit(&mut self.active, d, user.active);
        set_bit(&mut self.admin_like, d, rec.admin_like);
        set_bit(&mut self.share_all, d, user.share_all_clients);
        self.user_order
            .set(d, &user.name, user.id.as_uuid().as_u128());
        Ok(())
    }

    /// A group was created or renamed.
    pub(super) fn save_group(&mut self, group: &Group) -> Result<(), IndexError> {
        let d = match self.group_map.get(&group.id) {
            Some(_) => self.live_group(group.id)?,
            None => {
                let d = dense(self.groups.len())?;
                self.groups.push(GroupRec {
                    id: group.id,
                    live: true,
                    members: RoaringBitmap::new(),
                    clients: RoaringBitmap::new(),
                });
                self.group_map.insert(group.id, d);
                d
            }
        };
        self.group_order
            .set(d, &group.name, group.id.as_uuid().as_u128());
        Ok(())
    }

    /// A20: the group goes, with its memberships and shares.
    pub(super) fn delete_group(&mut self, g: GroupId) -> Result<(), IndexError> {
        let d = *self.group_map.get(&g).ok_or(IndexError::UnknownGroup(g))?;
        let Some(rec) = self.groups.get_mut(d as usize) else {
            return Err(IndexError::UnknownGroup(g));
        };
        if !rec.live {
            return Ok(());
        }
        rec.live = false;
        let members = std::mem::take(&mut rec.members);
        let clients = std::mem::take(&mut rec.clients);
        for m in &members {
            if let Some(u) = self.users.get_mut(m as usize) {
                u.groups.remove(d);
            }
            self.refresh_user(m);
        }
        for c in &clients {
            if let Some(list) = self.shares.get_mut(c as usize) {
                list.retain(|s| s.subject != DSubject::Group(d));
            }
            self.refresh_client(c);
        }
        self.group_order.remove(d);
        Ok(())
    }

    /// A user joined a group.
    pub(super) fn add_member(&mut self, g: GroupId, u: UserId) -> Result<(), IndexError> {
        let gd = self.live_group(g)?;
        let ud = self.user_dense(u)?;
        if let Some(rec) = self.groups.get_mut(gd as usize) {
            rec.members.insert(ud);
        }
        if let Some(rec) = self.users.get_mut(ud as usize) {
            rec.groups.insert(gd);
        }
        self.refresh_user(ud);
        Ok(())
    }

    /// A21: a user left a group; only the access through it goes.
    pub(super) fn remove_member(&mut self, g: GroupId, u: UserId) -> Result<(), IndexError> {
        let gd = *self.group_map.get(&g).ok_or(IndexError::UnknownGroup(g))?;
        let ud = self.user_dense(u)?;
        if let Some(rec) = self.groups.get_mut(gd as usize) {
            rec.members.remove(ud);
        }
        if let Some(rec) = self.users.get_mut(ud as usize) {
            rec.groups.remove(gd);
        }
        self.refresh_user(ud);
        Ok(())
    }

    /// A client was created, renamed, given a new owner or (un)restricted.
    pub(super) fn save_client(&mut self, client: &Client) -> Result<(), IndexError> {
        let owner = self.user_dense(client.owner_id)?;
        let d = match self.client_map.get(&client.id) {
            Some(_) => self.live_client(client.id)?,
            None => {
                let d = dense(self.hot.len())?;
                self.hot.push(ClientHot::new(owner));
                self.client_flags.push(LIVE);
                self.client_ids.push(client.id);
                self.shares.push(Vec::new());
                self.client_map.insert(
                    client.id,
                    ClientSlot {
                        dense: d,
                        hot: ClientHot::new(owner),
                    },
                );
                d
            }
        };
        let Some(&hot) = self.hot.get(d as usize) else {
            return Err(IndexError::UnknownClient(client.id));
        };
        let old_owner = hot.owner;
        let flags = if client.restricted {
            hot.flags | RESTRICTED
        } else {
            hot.flags & !RESTRICTED
        };
        self.write_hot(d, |h| {
            h.owner = owner;
            h.flags = flags;
        });
        if let Some(u) = self.users.get_mut(old_owner as usize) {
            u.owned.remove(d);
        }
        if let Some(u) = self.users.get_mut(owner as usize) {
            u.owned.insert(d);
        }
        set_bit(&mut self.restricted, d, client.restricted);
        self.client_order
            .set(d, &client.name, client.id.as_uuid().as_u128());
        Ok(())
    }

    /// A client was deleted: it vanishes from every answer.
    pub(super) fn delete_client(&mut self, c: ClientId) -> Result<(), IndexError> {
        let d = self
            .client_map
            .get(&c)
            .ok_or(IndexError::UnknownClient(c))?
            .dense;
        let Some(hot) = self.hot.get_mut(d as usize) else {
            return Err(IndexError::UnknownClient(c));
        };
        if hot.flags & LIVE == 0 {
            return Ok(());
        }
        let owner = hot.owner;
        self.set_flags(d, 0);
        let list = self
            .shares
            .get_mut(d as usize)
            .map(std::mem::take)
            .unwrap_or_default();
        for s in &list {
            self.clear_subject_bit(d, s.subject);
        }
        if let Some(u) = self.users.get_mut(owner as usize) {
            u.owned.remove(d);
        }
        self.restricted.remove(d);
        self.client_order.remove(d);
        self.forget_deal_file(d);
        Ok(())
    }

    /// A share was granted. A share id seen before on the client replaces it.
    pub(super) fn grant(&mut self, share: &Share) -> Result<(), IndexError> {
        let c = self.live_client(share.client_id)?;
        let subject = match share.subject {
            Subject::User(u) => DSubject::User(self.user_dense(u)?),
            Subject::Group(g) => DSubject::Group(self.live_group(g)?),
            Subject::Company => DSubject::Company,
        };
        self.revoke_dense(c, share.id);
        let Some(list) = self.shares.get_mut(c as usize) else {
            return Err(IndexError::UnknownClient(share.client_id));
        };
        list.push(OpenShare {
            share_id: share.id,
            subject,
            granted_by: share.granted_by,
            granted_at: share.granted_at,
            how: share.granted_how,
        });
        match subject {
            DSubject::User(u) => {
                if let Some(rec) = self.users.get_mut(u as usize) {
                    rec.direct.insert(c);
                }
            }
            DSubject::Group(g) => {
                if let Some(rec) = self.groups.get_mut(g as usize) {
                    rec.clients.insert(c);
                }
            }
            DSubject::Company => {
                self.company_shared.insert(c);
            }
        }
        self.refresh_client(c);
        Ok(())
    }

    /// A share was revoked. Unknown share ids (already gone) are fine.
    pub(super) fn revoke(&mut self, c: ClientId, share: ShareId) -> Result<(), IndexError> {
        let d = self
            .client_map
            .get(&c)
            .ok_or(IndexError::UnknownClient(c))?
            .dense;
        self.revoke_dense(d, share);
        Ok(())
    }

    fn revoke_dense(&mut self, c: u32, share: ShareId) {
        let Some(list) = self.shares.get_mut(c as usize) else {
            return;
        };
        let Some(pos) = list.iter().position(|s| s.share_id == share) else {
            return;
        };
        let gone = list.remove(pos);
        if !list.iter().any(|s| s.subject == gone.subject) {
            self.clear_subject_bit(c, gone.subject);
        }
        self.refresh_client(c);
    }

    /// Client `c` has no open share to `subject` any more.
    fn clear_subject_bit(&mut self, c: u32, subject: DSubject) {
        match subject {
            DSubject::User(u) => {
                if let Some(rec) = self.users.get_mut(u as usize) {
                    rec.direct.remove(c);
                }
            }
            DSubject::Group(g) => {
                if let Some(rec) = self.groups.get_mut(g as usize) {
                    rec.clients.remove(c);
                }
            }
            DSubject::Company => {
                self.company_shared.remove(c);
            }
        }
    }

    /// A dense subject back in ids.
    pub(super) fn subject_of(&self, s: DSubject) -> Option<Subject> {
        Some(match s {
            DSubject::User(u) => Subject::User(self.users.get(u as usize)?.id),
            DSubject::Group(g) => Subject::Group(self.groups.get(g as usize)?.id),
            DSubject::Company => Subject::Company,
        })
    }
}

fn set_bit(bitmap: &mut RoaringBitmap, d: u32, on: bool) {
    if on {
        bitmap.insert(d);
    } else {
        bitmap.remove(d);
    }
}
