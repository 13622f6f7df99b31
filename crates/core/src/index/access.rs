//! The rules of SPEC.md Part A over one company's index: who may open a
//! client (A1, A6–A11, A22, X10), who may share it (A4, A19), who could grant
//! it (A15), what deleting a group costs (A20), and plain lookups.

use super::company::{CompanyIndex, DSubject, UserRec};
use super::hot::{
    COMPANY, ClientHot, GROUP_BIT, LIVE, OVERFLOW, RESTRICTED, USER_OVERFLOW, UserHot,
};
use super::types::{Decision, Reason, ShareEntry};
use crate::ids::{ClientId, CompanyId, GroupId, ShareId, UserId};
use crate::model::Settings;

impl CompanyIndex {
    /// The company this index is about.
    pub fn id(&self) -> CompanyId {
        self.id
    }

    /// A1–A5 of this company.
    pub fn settings(&self) -> Settings {
        self.settings
    }

    /// Whether `u` is a staff member of this company (active or not).
    pub fn has_user(&self, u: UserId) -> bool {
        self.user_map.contains_key(&u)
    }

    /// Whether `g` is a live group of this company.
    pub fn has_group(&self, g: GroupId) -> bool {
        self.group_dense(g).is_some()
    }

    /// Whether `c` is a live client of this company.
    pub fn has_client(&self, c: ClientId) -> bool {
        self.client_dense(c).is_some()
    }

    /// Whether `u` is an active staff member of this company (A22).
    pub fn is_active(&self, u: UserId) -> bool {
        self.user_rec(u).is_some_and(|(_, r)| r.active)
    }

    /// A user's name.
    pub fn user_name(&self, u: UserId) -> Option<&str> {
        self.user_order.name(*self.user_map.get(&u)?)
    }

    /// A live group's name.
    pub fn group_name(&self, g: GroupId) -> Option<&str> {
        self.group_order.name(self.group_dense(g)?)
    }

    /// A live client's name.
    pub fn client_name(&self, c: ClientId) -> Option<&str> {
        self.client_order.name(self.client_dense(c)?)
    }

    /// A live client's owner (A8).
    pub fn client_owner(&self, c: ClientId) -> Option<UserId> {
        let hot = self.hot.get(self.client_dense(c)? as usize)?;
        Some(self.users.get(hot.owner as usize)?.id)
    }

    /// The members of a live group (active or not), by name.
    pub fn group_members(&self, g: GroupId) -> Vec<UserId> {
        let Some(rec) = self
            .group_dense(g)
            .and_then(|d| self.groups.get(d as usize))
        else {
            return Vec::new();
        };
        self.users_by_name(rec.members.iter())
    }

    /// The open shares of a live client, in the order they were granted.
    pub fn open_shares(&self, c: ClientId) -> Vec<ShareEntry> {
        let Some(list) = self
            .client_dense(c)
            .and_then(|d| self.shares.get(d as usize))
        else {
            return Vec::new();
        };
        list.iter()
            .filter_map(|s| {
                Some(ShareEntry {
                    share_id: s.share_id,
                    subject: self.subject_of(s.subject)?,
                    granted_by: s.granted_by,
                    granted_at: s.granted_at,
                    how: s.how,
                })
            })
            .collect()
    }

    /// A20: the open shares of a live group, as (client, share), clients by name.
    pub fn group_shares(&self, g: GroupId) -> Vec<(ClientId, ShareId)> {
        let Some(gd) = self.group_dense(g) else {
            return Vec::new();
        };
        let Some(rec) = self.groups.get(gd as usize) else {
            return Vec::new();
        };
        let mut clients: Vec<u32> = rec.clients.iter().collect();
        clients.sort_unstable_by(|&a, &b| self.client_order.cmp_ids(a, b));
        let mut out = Vec::new();
        for c in clients {
            let (Some(list), Some(&id)) =
                (self.shares.get(c as usize), self.client_ids.get(c as usize))
            else {
                continue;
            };
            out.extend(
                list.iter()
                    .filter(|s| s.subject == DSubject::Group(gd))
                    .map(|s| (id, s.share_id)),
            );
        }
        out
    }

    /// Every live client, by name (A2 gives each a whole-company share).
    pub fn live_clients(&self) -> Vec<ClientId> {
        self.client_order
            .iter_from(0)
            .filter_map(|d| self.client_ids.get(d as usize).copied())
            .collect()
    }

    /// The fast path of [`CompanyIndex::check`]: the same answer, no reasons,
    /// no allocation.
    pub fn may_open(&self, user: UserId, client: ClientId) -> bool {
        match (self.user_map.get(&user), self.client_map.get(&client)) {
            (Some(&u), Some(slot)) => self.may_open_hot(u, slot.dense, &slot.hot, None),
            _ => false,
        }
    }

    /// A1, A6–A11, A22, X10: may `user` open `client`, and why.
    pub fn check(&self, user: UserId, client: ClientId) -> Decision {
        let Some(&u) = self.user_map.get(&user) else {
            return Decision::deny(Reason::UnknownUser);
        };
        let Some(slot) = self
            .client_map
            .get(&client)
            .filter(|s| s.hot.flags & LIVE != 0)
        else {
            return Decision::deny(Reason::UnknownClient);
        };
        if !self.user_hot.get(u as usize).is_some_and(|h| h.active) {
            return Decision::deny(Reason::Inactive);
        }
        self.check_hot(u, slot.dense, &slot.hot)
    }

    /// A4, A19 (and A16: deciding requests): may `user` share `client` and
    /// remove its shares. A4 on: whoever can open it; off: admin-like roles
    /// and the owner.
    pub fn can_share(&self, user: UserId, client: ClientId) -> Decision {
        let Some((u, rec)) = self.user_rec(user) else {
            return Decision::deny(Reason::UnknownUser);
        };
        let Some(c) = self.client_dense(client) else {
            return Decision::deny(Reason::UnknownClient);
        };
        if !rec.active {
            return Decision::deny(Reason::Inactive);
        }
        if self.settings.allow_sharing {
            return self.check_dense(u, c);
        }
        let mut reasons = Vec::new();
        if rec.admin_like {
            reasons.push(Reason::Role { role: rec.role });
        }
        if self.hot.get(c as usize).is_some_and(|h| h.owner == u) {
            reasons.push(Reason::Owner);
        }
        if reasons.is_empty() {
            return Decision::deny(Reason::SharingRestricted);
        }
        Decision {
            allowed: true,
            reasons,
        }
    }

    /// A15: the active users who could grant access to `client`, by name:
    /// admin-like users and the owner; with A4 on, everyone with access.
    pub fn grantors(&self, client: ClientId) -> Vec<UserId> {
        let Some(c) = self.client_dense(client) else {
            return Vec::new();
        };
        let Some(hot) = self.hot.get(c as usize) else {
            return Vec::new();
        };
        let mut set = &self.admin_like & &self.active;
        if self.active.contains(hot.owner) {
            set.insert(hot.owner);
        }
        if self.settings.allow_sharing {
            set |= self.users_with_access(c);
        }
        self.users_by_name(set.iter())
    }

    /// A20: deleting group `g` would take access to how many clients (those
    /// with an open share to it) from how many distinct users (members who
    /// would lose at least one client).
    pub fn group_deletion_impact(&self, g: GroupId) -> (usize, usize) {
        let Some(gd) = self.group_dense(g) else {
            return (0, 0);
        };
        let Some(rec) = self.groups.get(gd as usize) else {
            return (0, 0);
        };
        let members = &rec.members & &self.active;
        let losers = members
            .iter()
            .filter(|&m| {
                rec.clients.iter().any(|c| {
                    self.may_open_dense(m, c, None) && !self.may_open_dense(m, c, Some(gd))
                })
            })
            .count();
        (
            usize::try_from(rec.clients.len()).unwrap_or(usize::MAX),
            losers,
        )
    }

    pub(super) fn user_rec(&self, u: UserId) -> Option<(u32, &UserRec)> {
        let d = *self.user_map.get(&u)?;
        Some((d, self.users.get(d as usize)?))
    }

    pub(super) fn group_dense(&self, g: GroupId) -> Option<u32> {
        let d = *self.group_map.get(&g)?;
        self.groups.get(d as usize)?.live.then_some(d)
    }

    pub(super) fn client_dense(&self, c: ClientId) -> Option<u32> {
        let slot = self.client_map.get(&c)?;
        (slot.hot.flags & LIVE != 0).then_some(slot.dense)
    }

    /// Users (dense) sorted by `(name, id)`, as ids.
    pub(super) fn users_by_name(&self, users: impl Iterator<Item = u32>) -> Vec<UserId> {
        let mut ds: Vec<u32> = users.collect();
        ds.sort_unstable_by(|&a, &b| self.user_order.cmp_ids(a, b));
        ds.dedup();
        ds.iter()
            .filter_map(|&d| self.users.get(d as usize).map(|r| r.id))
            .collect()
    }

    /// The decision rule on dense ids, without reasons. `without` leaves one
    /// group's shares out (A20 impact). Reads one user and one client hot
    /// record; the bitmaps only when a client has more subjects than fit
    /// inline or a user more groups.
    // INVARIANT: agrees with `check_dense` on `allowed` (the proptest checks it).
    pub(super) fn may_open_dense(&self, u: u32, c: u32, without: Option<u32>) -> bool {
        self.hot
            .get(c as usize)
            .is_some_and(|hot| self.may_open_hot(u, c, hot, without))
    }

    /// [`Self::may_open_dense`] with the client's hot record at hand.
    #[inline]
    fn may_open_hot(&self, u: u32, c: u32, hot: &ClientHot, without: Option<u32>) -> bool {
        let Some(user) = self.user_hot.get(u as usize) else {
            return false;
        };
        if hot.flags & LIVE == 0 || !user.active {
            return false;
        }
        let restricted = hot.flags & RESTRICTED != 0;
        if !restricted
            && (!self.settings.client_access_enabled || user.share_all || hot.flags & COMPANY != 0)
        {
            return true;
        }
        if user.admin_like || hot.owner == u {
            return true;
        }
        if hot.flags & OVERFLOW == 0 {
            let n = usize::from(hot.n);
            return hot.subjects.iter().take(n).any(|&s| {
                if s & GROUP_BIT == 0 {
                    s == u
                } else {
                    let g = s & !GROUP_BIT;
                    Some(g) != without && self.in_group(u, user, g)
                }
            });
        }
        let Some(rec) = self.users.get(u as usize) else {
            return false;
        };
        rec.direct.contains(c)
            || rec.groups.iter().any(|g| {
                Some(g) != without
                    && self
                        .groups
                        .get(g as usize)
                        .is_some_and(|group| group.clients.contains(c))
            })
    }

    /// Whether user `u` is a member of live group `g`.
    fn in_group(&self, u: u32, user: &UserHot, g: u32) -> bool {
        if user.n_groups == USER_OVERFLOW {
            self.users
                .get(u as usize)
                .is_some_and(|rec| rec.groups.contains(g))
        } else {
            user.groups
                .iter()
                .take(usize::from(user.n_groups))
                .any(|&x| x == g)
        }
    }

    /// The decision with its reasons, for an active user and a live client.
    pub(super) fn check_dense(&self, u: u32, c: u32) -> Decision {
        match self.hot.get(c as usize) {
            Some(hot) => self.check_hot(u, c, hot),
            None => Decision::deny(Reason::UnknownClient),
        }
    }

    /// [`Self::check_dense`] with the client's hot record at hand.
    fn check_hot(&self, u: u32, c: u32, hot: &ClientHot) -> Decision {
        let Some(user) = self.user_hot.get(u as usize) else {
            return Decision::deny(Reason::UnknownUser);
        };
        let restricted = hot.flags & RESTRICTED != 0;
        if !restricted && !self.settings.client_access_enabled {
            return Decision {
                allowed: true,
                reasons: vec![Reason::AccessControlOff],
            };
        }
        let mut reasons = Vec::new();
        if user.admin_like
            && let Some(rec) = self.users.get(u as usize)
        {
            reasons.push(Reason::Role { role: rec.role });
        }
        if user.share_all && !restricted {
            reasons.push(Reason::ShareAll);
        }
        if hot.owner == u {
            reasons.push(Reason::Owner);
        }
        let list = self
            .shares
            .get(c as usize)
            .map_or(&[][..], |l| l.as_slice());
        for s in list {
            if s.subject == DSubject::User(u) {
                reasons.push(Reason::DirectShare {
                    share_id: s.share_id,
                    granted_by: s.granted_by,
                    granted_at: s.granted_at,
                });
            }
        }
        for s in list {
            if let DSubject::Group(g) = s.subject
                && self.in_group(u, user, g)
                && let Some(rec) = self.groups.get(g as usize)
            {
                reasons.push(Reason::GroupShare {
                    group_id: rec.id,
                    group_name: self.group_order.name(g).unwrap_or_default().to_owned(),
                    share_id: s.share_id,
                    granted_by: s.granted_by,
                    granted_at: s.granted_at,
                });
            }
        }
        if !restricted {
            for s in list {
                if s.subject == DSubject::Company {
                    reasons.push(Reason::CompanyShare {
                        share_id: s.share_id,
                        granted_by: s.granted_by,
                        granted_at: s.granted_at,
                    });
                }
            }
        }
        if !reasons.is_empty() {
            return Decision {
                allowed: true,
                reasons,
            };
        }
        let walled = restricted
            && (!self.settings.client_access_enabled || user.share_all || hot.flags & COMPANY != 0);
        Decision::deny(if walled {
            Reason::Restricted
        } else {
            Reason::NoAccess
        })
    }
}
