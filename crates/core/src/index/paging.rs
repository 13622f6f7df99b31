//! Lists in `(name, id)` order, paged by cursor: the clients a user can open
//! (Q2), the list of all clients with locks (A12), the users who can open a
//! client (Q3).
//!
//! Each list is a set over a name order. Two ways to fill a page, chosen by
//! estimated cost: *scan* the order from the cursor testing membership (cheap
//! when the set is a large share of the order), or *collect* the set's
//! members with their ranks and select the smallest (cheap when the set is
//! small). A scan that overruns its budget (a set clustered far from the
//! cursor) falls back to collecting, which bounds the worst case.

use roaring::RoaringBitmap;

use super::company::CompanyIndex;
use super::hot::{COMPANY, LIVE, RESTRICTED};
use super::order::NameOrder;
use super::types::{ClientListItem, Cursor, Page, Reason};
use crate::ids::{ClientId, UserId};

/// Relative cost of testing one scanned member.
const SCAN_COST: u64 = 1;
/// Relative cost of ranking one collected member (random memory access).
const COLLECT_COST: u64 = 3;
/// Scanned members allowed beyond the expected count before falling back.
const SCAN_SLACK: u64 = 1024;

impl CompanyIndex {
    /// Q2: the live clients `user` can open, by `(name, id)`, after the
    /// cursor; at most `limit` (at least 1) items. Empty for unknown or
    /// inactive users.
    pub fn clients_for(
        &self,
        user: UserId,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Page<ClientId> {
        let Some((_, rec)) = self.user_rec(user).filter(|(_, r)| r.active) else {
            return empty();
        };
        let start = start_of(&self.client_order, after);
        let live = self.client_order.len() as u64;
        let (items, more) = if rec.admin_like {
            walk(
                &self.client_order,
                start,
                limit,
                live,
                |_| true,
                || self.live_bitmap(),
            )
        } else {
            let mut explicit = rec.owned.clone();
            explicit |= &rec.direct;
            for g in &rec.groups {
                if let Some(group) = self.groups.get(g as usize) {
                    explicit |= &group.clients;
                }
            }
            // The packed flags decide most scanned clients from one byte in
            // a small array; the explicit set only the rest.
            let flags = |c: u32| self.client_flags.get(c as usize).copied().unwrap_or(0);
            if !self.settings.client_access_enabled || rec.share_all {
                let pred = |c| flags(c) & RESTRICTED == 0 || explicit.contains(c);
                walk(&self.client_order, start, limit, live, pred, || {
                    self.live_bitmap()
                })
            } else {
                let base = &self.company_shared;
                let pred = |c| {
                    let f = flags(c);
                    (f & (COMPANY | RESTRICTED) == COMPANY) || explicit.contains(c)
                };
                let estimate = base.len() + explicit.len();
                walk(&self.client_order, start, limit, estimate, pred, || {
                    (base - &self.restricted) | &explicit
                })
            }
        };
        let page = items
            .iter()
            .filter_map(|&c| self.client_ids.get(c as usize).copied())
            .collect();
        page_of(page, more, &items, &self.client_order, |c| {
            self.client_ids.get(c as usize).map(|id| id.as_uuid())
        })
    }

    /// A12: every live client by `(name, id)` after the cursor, each marked
    /// `locked` when `user` cannot open it; `query` keeps names containing it
    /// (case-insensitive). Empty for unknown or inactive users.
    pub fn client_list(
        &self,
        user: UserId,
        query: Option<&str>,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Page<ClientListItem> {
        let Some((u, _)) = self.user_rec(user).filter(|(_, r)| r.active) else {
            return empty();
        };
        let needle = query.map(str::to_lowercase).filter(|q| !q.is_empty());
        let start = start_of(&self.client_order, after);
        let want = limit.max(1).saturating_add(1);
        let mut items: Vec<u32> = self
            .client_order
            .iter_from(start)
            .filter(|&c| {
                needle.as_deref().is_none_or(|n| {
                    self.client_order
                        .name(c)
                        .is_some_and(|name| name_contains(name, n))
                })
            })
            .take(want)
            .collect();
        let more = items.len() == want;
        items.truncate(limit.max(1));
        let page = items
            .iter()
            .filter_map(|&c| {
                let hot = self.hot.get(c as usize)?;
                Some(ClientListItem {
                    id: *self.client_ids.get(c as usize)?,
                    name: self.client_order.name(c)?.to_owned(),
                    locked: !self.may_open_dense(u, c, None),
                    owner_id: self.users.get(hot.owner as usize)?.id,
                })
            })
            .collect();
        page_of(page, more, &items, &self.client_order, |c| {
            self.client_ids.get(c as usize).map(|id| id.as_uuid())
        })
    }

    /// Q3: the active users who can open `client`, by `(name, id)`, with
    /// their reasons. Empty for unknown or deleted clients.
    pub fn users_for(
        &self,
        client: ClientId,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Page<(UserId, Vec<Reason>)> {
        let Some(c) = self.client_dense(client) else {
            return empty();
        };
        let set = self.users_with_access(c);
        let start = start_of(&self.user_order, after);
        let (items, more) = walk(
            &self.user_order,
            start,
            limit,
            set.len(),
            |u| set.contains(u),
            || set.clone(),
        );
        let page = items
            .iter()
            .filter_map(|&u| {
                let rec = self.users.get(u as usize)?;
                Some((rec.id, self.check_dense(u, c).reasons))
            })
            .collect();
        page_of(page, more, &items, &self.user_order, |u| {
            self.users.get(u as usize).map(|r| r.id.as_uuid())
        })
    }

    /// The active users (dense) who can open live client `c`.
    pub(super) fn users_with_access(&self, c: u32) -> RoaringBitmap {
        self.users_with_access_but(c, None)
    }

    /// Every live client (the rare fallback of a full-base scan).
    fn live_bitmap(&self) -> RoaringBitmap {
        RoaringBitmap::from_sorted_iter(
            self.hot
                .iter()
                .enumerate()
                .filter(|(_, h)| h.flags & LIVE != 0)
                .filter_map(|(d, _)| u32::try_from(d).ok()),
        )
        .unwrap_or_default()
    }
}

/// A page with the cursor of its last item when more follow.
fn page_of<T>(
    items: Vec<T>,
    more: bool,
    dense: &[u32],
    order: &NameOrder,
    uuid: impl Fn(u32) -> Option<uuid::Uuid>,
) -> Page<T> {
    let next = dense
        .last()
        .filter(|_| more)
        .and_then(|&d| Some(Cursor::new(order.name(d)?, uuid(d)?)));
    Page { items, next }
}

fn empty<T>() -> Page<T> {
    Page {
        items: Vec::new(),
        next: None,
    }
}

/// The rank a page after `after` starts at.
fn start_of(order: &NameOrder, after: Option<&Cursor>) -> usize {
    after.map_or(0, |c| order.position_after(c.name(), c.id_u128()))
}

/// Fills one page: up to `limit` (at least 1) members of the set described
/// by `pred` from rank `start` on, and whether more follow. `estimate` is
/// the set's approximate size; `candidates` lists a superset of it.
pub(super) fn walk(
    order: &NameOrder,
    start: usize,
    limit: usize,
    estimate: u64,
    pred: impl Fn(u32) -> bool,
    candidates: impl FnOnce() -> RoaringBitmap,
) -> (Vec<u32>, bool) {
    let limit = limit.max(1);
    let want = limit.saturating_add(1);
    let remaining = order.len().saturating_sub(start) as u64;
    let estimate = estimate.clamp(1, remaining.max(1));
    let expected_scan = (want as u64).saturating_mul(remaining) / estimate;
    if expected_scan.saturating_mul(SCAN_COST) <= estimate.saturating_mul(COLLECT_COST) {
        let budget = expected_scan.saturating_mul(4).saturating_add(SCAN_SLACK);
        let mut out = Vec::with_capacity(want.min(1024));
        let mut complete = true;
        for (scanned, d) in (0u64..).zip(order.iter_from(start)) {
            if scanned >= budget {
                complete = false;
                break;
            }
            if pred(d) {
                out.push(d);
                if out.len() == want {
                    break;
                }
            }
        }
        if complete {
            let more = out.len() > limit;
            out.truncate(limit);
            return (out, more);
        }
    }
    let mut ranked: Vec<(u32, u32)> = candidates()
        .iter()
        .filter_map(|d| {
            let r = order.rank(d)?;
            (r as usize >= start && pred(d)).then_some((r, d))
        })
        .collect();
    if ranked.len() > want {
        ranked.select_nth_unstable(want - 1);
        ranked.truncate(want);
    }
    ranked.sort_unstable();
    let more = ranked.len() > limit;
    ranked.truncate(limit);
    (ranked.into_iter().map(|(_, d)| d).collect(), more)
}

/// Whether `name` contains `needle` (already lower-cased), ignoring case.
pub(super) fn name_contains(name: &str, needle: &str) -> bool {
    if needle.is_ascii() {
        let n = needle.as_bytes();
        !n.is_empty()
            && name
                .as_bytes()
                .windows(n.len())
                .any(|w| w.eq_ignore_ascii_case(n))
    } else {
        name.to_lowercase().contains(needle)
    }
}
