//! A name order: the dense ids of one kind (users, groups or clients) kept
//! sorted by `(name, id)` — names compared case-insensitively first (see
//! [`collate`]) — with each member's rank, updated in place on
//! insert, rename and delete without touching more than one block.
//!
//! The sequence is cut into blocks of at most [`MAX_BLOCK`] ids. A member's
//! location is its block and its position in the block; its rank is the
//! number of members in earlier blocks plus that position. An insert or a
//! delete moves at most one block's worth of ids and recomputes one prefix
//! sum per block, so it stays in the microseconds at a million members.

use std::cmp::Ordering;

/// A block is split in two once it grows past this many ids.
const MAX_BLOCK: usize = 2048;
/// Block size used when the order is built in bulk.
const BULK_BLOCK: usize = 1024;
/// `Loc::block` of a dense id that is not in the order.
const ABSENT: u32 = u32::MAX;
/// `Loc::block` of a dense id waiting for [`NameOrder::finish_bulk`].
const PENDING: u32 = u32::MAX - 1;

/// Where a member sits: block id and position inside the block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Loc {
    block: u32,
    pos: u32,
}

impl Loc {
    const NONE: Loc = Loc {
        block: ABSENT,
        pos: 0,
    };
}

/// How names sort, as people expect in a list: case-insensitively
/// ("ann" before "Zed"), then by their exact characters so the order is total.
pub(crate) fn collate(a: &str, b: &str) -> Ordering {
    let fold = |s: &str| {
        s.chars()
            .flat_map(char::to_lowercase)
            .collect::<Vec<char>>()
    };
    if a.is_ascii() && b.is_ascii() {
        let folded = a
            .bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase()));
        return folded.then_with(|| a.cmp(b));
    }
    fold(a).cmp(&fold(b)).then_with(|| a.cmp(b))
}

/// Name and id of one dense id: what the order sorts by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct SortKey {
    name: Box<str>,
    id: u128,
}

/// Dense ids sorted by `(name, id)`; see the module documentation.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameOrder {
    /// By dense id: the sort key (kept for ids that left the order too).
    keys: Vec<SortKey>,
    /// By dense id: where it sits, or `ABSENT`/`PENDING`.
    locs: Vec<Loc>,
    /// By block id: the members, sorted.
    blocks: Vec<Vec<u32>>,
    /// Block ids in order.
    seq: Vec<u32>,
    /// By position in `seq`: members in earlier blocks.
    starts: Vec<u32>,
    /// By block id: its position in `seq`.
    seq_pos: Vec<u32>,
    /// Block ids no longer in `seq`, for reuse.
    free: Vec<u32>,
    len: usize,
    /// While true, `set` only records keys; `finish_bulk` sorts once.
    bulk: bool,
}

impl NameOrder {
    /// An empty order in bulk mode: `set` records, `finish_bulk` sorts.
    pub(crate) fn new_bulk() -> Self {
        NameOrder {
            bulk: true,
            ..NameOrder::default()
        }
    }

    /// Members in the order.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The name recorded for `d`, whether or not it is still a member.
    pub(crate) fn name(&self, d: u32) -> Option<&str> {
        self.keys.get(d as usize).map(|k| &*k.name)
    }

    /// Whether `d` is a member.
    pub(crate) fn contains(&self, d: u32) -> bool {
        self.locs.get(d as usize).is_some_and(|l| l.block != ABSENT)
    }

    /// Adds `d` under `(name, id)`, or moves it there if it is a member
    /// already. `d` must be an existing dense id or the next one.
    pub(crate) fn set(&mut self, d: u32, name: &str, id: u128) {
        let i = d as usize;
        while self.keys.len() <= i {
            self.keys.push(SortKey::default());
            self.locs.push(Loc::NONE);
        }
        let member = self.contains(d);
        if member
            && self
                .keys
                .get(i)
                .is_some_and(|k| &*k.name == name && k.id == id)
        {
            return;
        }
        if member && !self.bulk {
            self.remove(d);
        }
        if let Some(k) = self.keys.get_mut(i) {
            *k = SortKey {
                name: name.into(),
                id,
            };
        }
        if self.bulk {
            if let Some(l) = self.locs.get_mut(i) {
                if l.block == ABSENT {
                    self.len += 1;
                }
                *l = Loc {
                    block: PENDING,
                    pos: 0,
                };
            }
        } else {
            self.insert(d);
        }
    }

    /// Takes `d` out of the order (its name stays readable).
    pub(crate) fn remove(&mut self, d: u32) {
        let Some(&loc) = self.locs.get(d as usize) else {
            return;
        };
        if loc.block == ABSENT {
            return;
        }
        if let Some(l) = self.locs.get_mut(d as usize) {
            *l = Loc::NONE;
        }
        self.len = self.len.saturating_sub(1);
        if loc.block == PENDING {
            return;
        }
        let Some(block) = self.blocks.get_mut(loc.block as usize) else {
            return;
        };
        if (loc.pos as usize) < block.len() {
            block.remove(loc.pos as usize);
        }
        let emptied = block.is_empty();
        self.relocate(loc.block, loc.pos as usize);
        if emptied {
            if let Some(&s) = self.seq_pos.get(loc.block as usize)
                && (s as usize) < self.seq.len()
            {
                self.seq.remove(s as usize);
            }
            self.free.push(loc.block);
        }
        self.reindex_seq();
    }

    /// Sorts everything recorded in bulk mode and leaves bulk mode.
    pub(crate) fn finish_bulk(&mut self) {
        let mut members: Vec<u32> = (0..self.locs.len())
            .filter_map(|i| u32::try_from(i).ok())
            .filter(|&d| self.contains(d))
            .collect();
        members.sort_unstable_by(|&a, &b| self.cmp_ids(a, b));
        self.blocks.clear();
        self.seq.clear();
        self.free.clear();
        for chunk in members.chunks(BULK_BLOCK) {
            let b = self.blocks.len();
            self.seq.push(u32::try_from(b).unwrap_or(ABSENT));
            self.blocks.push(chunk.to_vec());
            self.relocate(u32::try_from(b).unwrap_or(ABSENT), 0);
        }
        self.len = members.len();
        self.bulk = false;
        self.reindex_seq();
    }

    /// The rank of member `d` (0-based position in the order).
    pub(crate) fn rank(&self, d: u32) -> Option<u32> {
        let loc = self.locs.get(d as usize)?;
        let s = self.seq_pos.get(loc.block as usize)?;
        Some(self.starts.get(*s as usize)? + loc.pos)
    }

    /// How many members sort at or before `(name, id)`: the rank where a walk
    /// "after" that position starts.
    pub(crate) fn position_after(&self, name: &str, id: u128) -> usize {
        let s = self.seq.partition_point(|&b| {
            self.block_last(b)
                .is_some_and(|last| self.cmp_key(last, name, id) != Ordering::Greater)
        });
        let (Some(&b), Some(&start)) = (self.seq.get(s), self.starts.get(s)) else {
            return self.len;
        };
        let within = self.blocks.get(b as usize).map_or(0, |block| {
            block.partition_point(|&x| self.cmp_key(x, name, id) != Ordering::Greater)
        });
        start as usize + within
    }

    /// The members from rank `rank` on, in order.
    pub(crate) fn iter_from(&self, rank: usize) -> OrderIter<'_> {
        let s = self
            .starts
            .partition_point(|&st| st as usize <= rank)
            .saturating_sub(1);
        let pos = rank.saturating_sub(self.starts.get(s).map_or(0, |&st| st as usize));
        OrderIter {
            order: self,
            seq_idx: s,
            pos,
        }
    }

    /// Compares two dense ids by their keys.
    pub(crate) fn cmp_ids(&self, a: u32, b: u32) -> Ordering {
        match (self.keys.get(a as usize), self.keys.get(b as usize)) {
            (Some(ka), Some(kb)) => collate(&ka.name, &kb.name).then(ka.id.cmp(&kb.id)),
            (ka, kb) => ka.is_some().cmp(&kb.is_some()),
        }
    }

    fn cmp_key(&self, d: u32, name: &str, id: u128) -> Ordering {
        self.keys.get(d as usize).map_or(Ordering::Less, |k| {
            collate(&k.name, name).then(k.id.cmp(&id))
        })
    }

    fn block_last(&self, b: u32) -> Option<u32> {
        self.blocks.get(b as usize)?.last().copied()
    }

    /// Puts `d` (not a member, key set) into its block.
    fn insert(&mut self, d: u32) {
        let Some(k) = self.keys.get(d as usize) else {
            return;
        };
        let (name, id) = (k.name.clone(), k.id);
        if self.seq.is_empty() {
            let b = self.new_block(vec![d]);
            self.seq.push(b);
            self.relocate(b, 0);
            self.len += 1;
            self.reindex_seq();
            return;
        }
        let s = self
            .seq
            .partition_point(|&b| {
                self.block_last(b)
                    .is_some_and(|last| self.cmp_key(last, &name, id) == Ordering::Less)
            })
            .min(self.seq.len().saturating_sub(1));
        let Some(&b) = self.seq.get(s) else {
            return;
        };
        let pos = self.blocks.get(b as usize).map_or(0, |block| {
            block.partition_point(|&x| self.cmp_key(x, &name, id) == Ordering::Less)
        });
        let Some(block) = self.blocks.get_mut(b as usize) else {
            return;
        };
        block.insert(pos.min(block.len()), d);
        self.len += 1;
        let full = block.len() > MAX_BLOCK;
        if full {
            let tail = block.split_off(block.len() / 2);
            self.relocate(b, pos);
            let nb = self.new_block(tail);
            self.seq.insert(s + 1, nb);
            self.relocate(nb, 0);
        } else {
            self.relocate(b, pos);
        }
        self.reindex_seq();
    }

    fn new_block(&mut self, members: Vec<u32>) -> u32 {
        if let Some(b) = self.free.pop()
            && let Some(slot) = self.blocks.get_mut(b as usize)
        {
            *slot = members;
            return b;
        }
        self.blocks.push(members);
        u32::try_from(self.blocks.len() - 1).unwrap_or(ABSENT)
    }

    /// Rewrites the locations of block `b`'s members from position `from` on.
    fn relocate(&mut self, b: u32, from: usize) {
        let Some(block) = self.blocks.get(b as usize) else {
            return;
        };
        for (pos, &d) in block.iter().enumerate().skip(from) {
            if let Some(l) = self.locs.get_mut(d as usize) {
                *l = Loc {
                    block: b,
                    pos: u32::try_from(pos).unwrap_or(0),
                };
            }
        }
    }

    /// Recomputes `starts` and `seq_pos` after the block sequence changed.
    fn reindex_seq(&mut self) {
        self.seq_pos.clear();
        self.seq_pos.resize(self.blocks.len(), ABSENT);
        self.starts.clear();
        let mut total = 0u32;
        for (i, &b) in self.seq.iter().enumerate() {
            if let Some(p) = self.seq_pos.get_mut(b as usize) {
                *p = u32::try_from(i).unwrap_or(ABSENT);
            }
            self.starts.push(total);
            total += self
                .blocks
                .get(b as usize)
                .map_or(0, |bl| u32::try_from(bl.len()).unwrap_or(0));
        }
    }
}

/// Iterator over the members of a [`NameOrder`] from some rank on.
pub(crate) struct OrderIter<'a> {
    order: &'a NameOrder,
    seq_idx: usize,
    pos: usize,
}

impl Iterator for OrderIter<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        loop {
            let b = *self.order.seq.get(self.seq_idx)?;
            let block = self.order.blocks.get(b as usize)?;
            if let Some(&d) = block.get(self.pos) {
                self.pos += 1;
                return Some(d);
            }
            self.seq_idx += 1;
            self.pos = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(o: &NameOrder) -> Vec<u32> {
        o.iter_from(0).collect()
    }

    fn check_ranks(o: &NameOrder) {
        let all = walk(o);
        assert_eq!(all.len(), o.len());
        for (r, &d) in all.iter().enumerate() {
            assert_eq!(o.rank(d), Some(r as u32));
        }
        for w in all.windows(2) {
            assert_eq!(o.cmp_ids(w[0], w[1]), Ordering::Less);
        }
    }

    #[test]
    fn inserts_renames_and_removes_keep_order_and_ranks() {
        let mut o = NameOrder::default();
        let mut state: u64 = 7;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            state >> 33
        };
        for d in 0..6000u32 {
            let name = format!("n{}", next() % 500);
            o.set(d, &name, u128::from(d));
        }
        check_ranks(&o);
        for _ in 0..3000 {
            let d = (next() % 6000) as u32;
            match next() % 3 {
                0 => o.remove(d),
                _ => o.set(d, &format!("m{}", next() % 700), u128::from(d)),
            }
        }
        check_ranks(&o);
        let all = walk(&o);
        for start in [0, 1, 100, 2047, 2048, 3000, all.len()] {
            let tail: Vec<u32> = o.iter_from(start).collect();
            assert_eq!(tail, all[start.min(all.len())..].to_vec());
        }
        for (r, &d) in all.iter().enumerate().step_by(97) {
            let name = o.name(d).unwrap().to_owned();
            assert_eq!(o.position_after(&name, u128::from(d)), r + 1);
            assert_eq!(o.position_after(&name, u128::from(d) - 1), r);
        }
    }

    #[test]
    fn bulk_build_matches_incremental() {
        let mut a = NameOrder::default();
        let mut b = NameOrder::new_bulk();
        for d in 0..5000u32 {
            let name = format!("x{}", (d * 7919) % 1013);
            a.set(d, &name, u128::from(d));
            b.set(d, &name, u128::from(d));
        }
        a.remove(17);
        b.remove(17);
        b.finish_bulk();
        assert_eq!(walk(&a), walk(&b));
        check_ranks(&b);
        b.set(17, "a", 17);
        assert_eq!(walk(&b).first(), Some(&17));
        check_ranks(&b);
    }

    #[test]
    fn names_sort_case_insensitively_then_exactly() {
        let mut names = vec!["Zed", "ann", "Ann", "émile", "Émile", "bob"];
        names.sort_by(|a, b| collate(a, b));
        assert_eq!(names, ["Ann", "ann", "bob", "Zed", "Émile", "émile"]);
    }
}
