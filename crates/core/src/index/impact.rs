//! What a change would cost, asked before it is made so that a confirmation
//! can say it in numbers: who loses access when a share is removed (A19),
//! and what switching client access (A1) on or off reaches.

use roaring::RoaringBitmap;

use super::company::{CompanyIndex, DSubject};
use super::types::Census;
use crate::ids::{ClientId, UserId};
use crate::model::Subject;

impl CompanyIndex {
    /// A19: the active users who can open `client` now and could not once
    /// every open share of `subject` on it is removed, by `(name, id)`.
    /// Empty when the client is unknown or deleted, or `subject` has no open
    /// share on it (removing nothing takes nothing away).
    pub fn lose_access_if_revoked(&self, client: ClientId, subject: Subject) -> Vec<UserId> {
        let Some(c) = self.client_dense(client) else {
            return Vec::new();
        };
        let dense = match subject {
            Subject::User(u) => self.user_map.get(&u).map(|&d| DSubject::User(d)),
            Subject::Group(g) => self.group_dense(g).map(DSubject::Group),
            Subject::Company => Some(DSubject::Company),
        };
        let Some(without) = dense else {
            return Vec::new();
        };
        let shared = self
            .shares
            .get(c as usize)
            .is_some_and(|list| list.iter().any(|s| s.subject == without));
        if !shared {
            return Vec::new();
        }
        let now = self.users_with_access_but(c, None);
        let after = self.users_with_access_but(c, Some(without));
        self.users_by_name((now - after).iter())
    }

    /// Whether `client` is a live restricted client (X10).
    pub fn is_restricted(&self, client: ClientId) -> bool {
        self.client_dense(client)
            .is_some_and(|c| self.restricted.contains(c))
    }

    /// A1: how many active staff members and live clients the company has,
    /// and how many of those clients are restricted (X10) — what turning
    /// client access off opens to everyone, and what it leaves closed.
    pub fn census(&self) -> Census {
        let count = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
        Census {
            active_users: count(self.active.len()),
            live_clients: self.client_order.len(),
            restricted_clients: count(self.restricted.len()),
        }
    }

    /// The active users (dense) who can open live client `c`, leaving out
    /// every open share of `without` (A19 impact).
    pub(super) fn users_with_access_but(&self, c: u32, without: Option<DSubject>) -> RoaringBitmap {
        let Some(hot) = self.hot.get(c as usize) else {
            return RoaringBitmap::new();
        };
        let restricted = self.restricted.contains(c);
        let company = self.company_shared.contains(c) && without != Some(DSubject::Company);
        if !restricted && (!self.settings.client_access_enabled || company) {
            return self.active.clone();
        }
        let mut set = self.admin_like.clone();
        set.insert(hot.owner);
        if !restricted {
            set |= &self.share_all;
        }
        for s in self.shares.get(c as usize).into_iter().flatten() {
            if Some(s.subject) == without {
                continue;
            }
            match s.subject {
                DSubject::User(u) => {
                    set.insert(u);
                }
                DSubject::Group(g) => {
                    if let Some(group) = self.groups.get(g as usize) {
                        set |= &group.members;
                    }
                }
                DSubject::Company => {}
            }
        }
        set & &self.active
    }
}
