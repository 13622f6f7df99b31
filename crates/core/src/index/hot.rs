//! The hot records: all that `may_open` reads about a client (28 bytes) and
//! a user (24 bytes), kept beside the bitmaps so that a check costs one or
//! two random memory accesses instead of a walk through bitmap containers.
//! The index is far larger than the caches, and on a virtual machine every
//! page-table walk is expensive: this is what brings Q1 under 300 ns on
//! `kyc-l` (docs/performance.md).

use super::company::{CompanyIndex, DSubject};

/// `ClientHot::flags`: the client is live (not deleted).
pub(super) const LIVE: u8 = 1;
/// `ClientHot::flags`: X10 restricted.
pub(super) const RESTRICTED: u8 = 2;
/// `ClientHot::flags`: at least one open whole-company share (A11).
pub(super) const COMPANY: u8 = 4;
/// `ClientHot::flags`: more user/group subjects than fit inline; `check`
/// falls back to the bitmaps.
pub(super) const OVERFLOW: u8 = 8;
/// Tag bit of a group in `ClientHot::subjects` (users have it clear).
pub(super) const GROUP_BIT: u32 = 1 << 31;
/// User and group subjects kept inline in a client's hot record (small in
/// tests so that the overflow path is exercised).
pub(super) const CLIENT_INLINE: usize = if cfg!(test) { 2 } else { 5 };
/// Groups kept inline in a user's hot record (small in tests, as above).
pub(super) const USER_INLINE: usize = if cfg!(test) { 2 } else { 5 };
/// `UserHot::n_groups` when the user's groups do not fit inline.
pub(super) const USER_OVERFLOW: u8 = u8::MAX;

/// All that `check` reads about a client, in 28 bytes: one random memory
/// access instead of a walk through bitmaps (the index is far larger than
/// the caches, and on a VM every page-table walk is expensive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ClientHot {
    /// Dense id of the owner (A8).
    pub(super) owner: u32,
    pub(super) flags: u8,
    /// How many of `subjects` are in use (meaningless with `OVERFLOW`).
    pub(super) n: u8,
    /// Distinct users (dense id) and groups (dense id | `GROUP_BIT`) with an
    /// open share on the client.
    pub(super) subjects: [u32; CLIENT_INLINE],
}

impl ClientHot {
    pub(super) fn new(owner: u32) -> Self {
        ClientHot {
            owner,
            flags: LIVE,
            n: 0,
            subjects: [0; CLIENT_INLINE],
        }
    }
}

/// A client's slot in the id table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ClientSlot {
    pub(super) dense: u32,
    pub(super) hot: ClientHot,
}

/// All that `check` reads about a user, in 24 bytes, for the same reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct UserHot {
    pub(super) active: bool,
    pub(super) admin_like: bool,
    pub(super) share_all: bool,
    /// How many of `groups` are in use, or `USER_OVERFLOW`.
    pub(super) n_groups: u8,
    /// The user's live groups (dense ids).
    pub(super) groups: [u32; USER_INLINE],
}

impl CompanyIndex {
    /// Sets a client's flags (see [`Self::write_hot`]).
    pub(super) fn set_flags(&mut self, c: u32, flags: u8) {
        self.write_hot(c, |h| h.flags = flags);
    }

    /// Changes a client's hot record.
    // INVARIANT: a client's hot record is the same in `hot`, in its
    // `client_map` slot and (flags) in `client_flags`; this is its only writer.
    pub(super) fn write_hot(&mut self, c: u32, f: impl FnOnce(&mut ClientHot)) {
        let Some(h) = self.hot.get_mut(c as usize) else {
            return;
        };
        f(h);
        let hot = *h;
        if let Some(flags) = self.client_flags.get_mut(c as usize) {
            *flags = hot.flags;
        }
        if let Some(slot) = self
            .client_ids
            .get(c as usize)
            .and_then(|id| self.client_map.get_mut(id))
        {
            slot.hot = hot;
        }
    }

    /// Recomputes a client's inline subjects and share flags from its open shares.
    pub(super) fn refresh_client(&mut self, c: u32) {
        let Some(&hot) = self.hot.get(c as usize) else {
            return;
        };
        if hot.flags & LIVE == 0 {
            return;
        }
        let list = self
            .shares
            .get(c as usize)
            .map_or(&[][..], |l| l.as_slice());
        let mut subjects = [0u32; CLIENT_INLINE];
        let mut n = 0usize;
        let mut overflow = false;
        let mut company = false;
        for s in list {
            let tagged = match s.subject {
                DSubject::User(u) => u,
                DSubject::Group(g) => g | GROUP_BIT,
                DSubject::Company => {
                    company = true;
                    continue;
                }
            };
            if subjects.get(..n).is_some_and(|seen| seen.contains(&tagged)) {
                continue;
            }
            match subjects.get_mut(n) {
                Some(slot) => {
                    *slot = tagged;
                    n += 1;
                }
                None => overflow = true,
            }
        }
        let mut flags = hot.flags & (LIVE | RESTRICTED);
        if company {
            flags |= COMPANY;
        }
        if overflow {
            flags |= OVERFLOW;
        }
        self.write_hot(c, |h| {
            h.subjects = subjects;
            h.n = u8::try_from(n).unwrap_or(0);
            h.flags = flags;
        });
    }

    /// Recomputes a user's inline groups from the groups bitmap.
    pub(super) fn refresh_user(&mut self, u: u32) {
        let Some(rec) = self.users.get(u as usize) else {
            return;
        };
        let mut groups = [0u32; USER_INLINE];
        let mut n = 0usize;
        for g in &rec.groups {
            match groups.get_mut(n) {
                Some(slot) => {
                    *slot = g;
                    n += 1;
                }
                None => {
                    n = usize::from(USER_OVERFLOW);
                    break;
                }
            }
        }
        if let Some(hot) = self.user_hot.get_mut(u as usize) {
            hot.groups = groups;
            hot.n_groups = u8::try_from(n).unwrap_or(USER_OVERFLOW);
        }
    }
}
