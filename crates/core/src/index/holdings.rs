//! C8 and X11 over one company's index: what a staff member holds (the
//! clients they own, the clients shared with them directly, their groups),
//! and what a handover to a successor passes on. Read from the bitmaps the
//! index already keeps per user; nothing here touches the store.

use roaring::RoaringBitmap;

use super::company::CompanyIndex;
use super::types::Holdings;
use crate::ids::{ClientId, GroupId, UserId};

impl CompanyIndex {
    /// What `user` holds now: the live clients they own (A8), the live
    /// clients with an open direct share to them (A9) and the live groups
    /// they are a member of, each by name. Empty for an unknown user.
    pub fn holdings(&self, user: UserId) -> Holdings {
        let Some((_, rec)) = self.user_rec(user) else {
            return Holdings::default();
        };
        Holdings {
            owned: self.clients_by_name(&rec.owned),
            shared: self.clients_by_name(&rec.direct),
            groups: self.groups_by_name(&rec.groups),
        }
    }

    /// C8: what a handover from `from` to `successor` passes on: every
    /// client `from` owns (to become the successor's), every client `from`
    /// has a direct share on where the successor has none, and every group of
    /// `from` the successor is not in yet, each by name. What the successor
    /// already has is left out, so applying the plan twice adds nothing.
    pub fn handover_plan(&self, from: UserId, successor: UserId) -> Holdings {
        if from == successor {
            return Holdings::default();
        }
        let (Some((_, leaver)), Some((_, next))) = (self.user_rec(from), self.user_rec(successor))
        else {
            return Holdings::default();
        };
        Holdings {
            owned: self.clients_by_name(&leaver.owned),
            shared: self.clients_by_name(&(&leaver.direct - &next.direct)),
            groups: self.groups_by_name(&(&leaver.groups - &next.groups)),
        }
    }

    /// Dense clients as ids, by `(name, id)`.
    fn clients_by_name(&self, set: &RoaringBitmap) -> Vec<ClientId> {
        let mut ds: Vec<u32> = set.iter().collect();
        ds.sort_unstable_by(|&a, &b| self.client_order.cmp_ids(a, b));
        ds.iter()
            .filter_map(|&d| self.client_ids.get(d as usize).copied())
            .collect()
    }

    /// Dense groups as ids, by `(name, id)`.
    fn groups_by_name(&self, set: &RoaringBitmap) -> Vec<GroupId> {
        let mut ds: Vec<u32> = set.iter().collect();
        ds.sort_unstable_by(|&a, &b| self.group_order.cmp_ids(a, b));
        ds.iter()
            .filter_map(|&d| self.groups.get(d as usize).map(|g| g.id))
            .collect()
    }
}
