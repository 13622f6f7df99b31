//! The oracle of the property tests: the plain rows a store would hold,
//! random operations on them turned into the changes the app would commit,
//! and the access rule recomputed the naive way from those rows.

use std::collections::BTreeSet;

use proptest::prelude::*;

use super::Snapshot;
use super::testkit::{at, client_row, company_row, user_row};
use crate::change::Change;
use crate::ids::{ClientId, CompanyId, GroupId, MembershipId, ShareId, UserId};
use crate::model::{
    Client, Group, How, Membership, Revocation, Role, Settings, Share, Subject, User,
};

const NAMES: &[&str] = &["Ann", "Bob", "ann", "Zed", "Émile", "Bob", "Ann Lee"];
/// The company of the property tests.
pub(super) const COMPANY: CompanyId = CompanyId::from_u128(7);

#[derive(Debug, Clone)]
pub(super) enum Op {
    AddUser {
        name: u8,
        role: u8,
        share_all: bool,
    },
    EditUser {
        u: u8,
        name: u8,
        role: u8,
        active: bool,
        share_all: bool,
    },
    AddGroup {
        name: u8,
    },
    RenameGroup {
        g: u8,
        name: u8,
    },
    DeleteGroup {
        g: u8,
        bare: bool,
    },
    AddMember {
        g: u8,
        u: u8,
    },
    RemoveMember {
        g: u8,
        u: u8,
    },
    AddClient {
        name: u8,
        owner: u8,
        restricted: bool,
    },
    EditClient {
        c: u8,
        name: u8,
        owner: u8,
        restricted: bool,
    },
    DeleteClient {
        c: u8,
        bare: bool,
    },
    Grant {
        c: u8,
        kind: u8,
        target: u8,
    },
    Revoke {
        c: u8,
        k: u8,
    },
    Settings {
        a1: bool,
        a4: bool,
    },
    /// C8: everything `from` holds passes to `to`.
    Handover {
        from: u8,
        to: u8,
    },
}

pub(super) fn op() -> impl Strategy<Value = Op> {
    let b = any::<u8>;
    prop_oneof![
        3 => (b(), b(), any::<bool>()).prop_map(|(name, role, share_all)| Op::AddUser { name, role, share_all }),
        2 => (b(), b(), b(), any::<bool>(), any::<bool>())
            .prop_map(|(u, name, role, active, share_all)| Op::EditUser { u, name, role, active, share_all }),
        2 => b().prop_map(|name| Op::AddGroup { name }),
        1 => (b(), b()).prop_map(|(g, name)| Op::RenameGroup { g, name }),
        1 => (b(), any::<bool>()).prop_map(|(g, bare)| Op::DeleteGroup { g, bare }),
        3 => (b(), b()).prop_map(|(g, u)| Op::AddMember { g, u }),
        1 => (b(), b()).prop_map(|(g, u)| Op::RemoveMember { g, u }),
        4 => (b(), b(), any::<bool>()).prop_map(|(name, owner, restricted)| Op::AddClient { name, owner, restricted: restricted && name % 3 == 0 }),
        1 => (b(), b(), b(), any::<bool>()).prop_map(|(c, name, owner, restricted)| Op::EditClient { c, name, owner, restricted }),
        1 => (b(), any::<bool>()).prop_map(|(c, bare)| Op::DeleteClient { c, bare }),
        6 => (b(), b(), b()).prop_map(|(c, kind, target)| Op::Grant { c, kind, target }),
        2 => (b(), b()).prop_map(|(c, k)| Op::Revoke { c, k }),
        1 => (any::<bool>(), any::<bool>()).prop_map(|(a1, a4)| Op::Settings { a1, a4 }),
        1 => (b(), b()).prop_map(|(from, to)| Op::Handover { from, to }),
    ]
}

/// The plain rows: what the store would hold.
#[derive(Default)]
pub(super) struct Model {
    pub(super) settings: Settings,
    pub(super) users: Vec<User>,
    pub(super) groups: Vec<(Group, bool)>,
    pub(super) members: BTreeSet<(usize, usize)>,
    pub(super) clients: Vec<(Client, bool)>,
    pub(super) shares: Vec<Share>,
    next: u128,
}

fn pick<T>(items: &[T], i: u8) -> Option<usize> {
    (!items.is_empty()).then(|| usize::from(i) % items.len())
}

fn name(i: u8) -> String {
    NAMES[usize::from(i) % NAMES.len()].to_owned()
}

impl Model {
    /// No rows yet, the company at `settings`.
    pub(super) fn with_settings(settings: Settings) -> Model {
        Model {
            settings,
            ..Model::default()
        }
    }

    fn id(&mut self) -> u128 {
        self.next += 1;
        // Mix the bits so that id order differs from creation order.
        (self.next * 0x9E37_79B9_7F4A_7C15) % 1_000_003
    }

    pub(super) fn live_groups(&self) -> Vec<usize> {
        (0..self.groups.len())
            .filter(|&g| self.groups[g].1)
            .collect()
    }

    pub(super) fn live_clients(&self) -> Vec<usize> {
        (0..self.clients.len())
            .filter(|&c| self.clients[c].1)
            .collect()
    }

    fn revocation() -> Revocation {
        Revocation {
            by: None,
            at: at(9),
            how: How::Manual,
        }
    }

    fn revoke_where(&mut self, keep: impl Fn(&Share) -> bool) -> Vec<Change> {
        let (gone, kept): (Vec<Share>, Vec<Share>) = self.shares.drain(..).partition(|s| !keep(s));
        self.shares = kept;
        gone.into_iter()
            .map(|s| Change::ShareRevoked {
                company_id: COMPANY,
                client_id: s.client_id,
                share_id: s.id,
                revoked: Model::revocation(),
            })
            .collect()
    }

    /// Turns an op into the change the app would commit, updating the rows.
    pub(super) fn interpret(&mut self, op: &Op) -> Option<Change> {
        Some(match *op {
            Op::AddUser {
                name: n,
                role,
                share_all,
            } => {
                let id = UserId::from_u128(self.id());
                let mut user = user_row(id, COMPANY, &name(n), Role::ALL[usize::from(role) % 6]);
                user.share_all_clients = share_all && role % 4 == 0;
                self.users.push(user.clone());
                Change::UserSaved { user }
            }
            Op::EditUser {
                u,
                name: n,
                role,
                active,
                share_all,
            } => {
                let i = pick(&self.users, u)?;
                let user = &mut self.users[i];
                user.name = name(n);
                user.role = Role::ALL[usize::from(role) % 6];
                user.active = active || role % 3 != 0;
                user.share_all_clients = share_all && role % 4 == 0;
                Change::UserSaved { user: user.clone() }
            }
            Op::AddGroup { name: n } => {
                let group = Group {
                    id: GroupId::from_u128(self.id()),
                    company_id: COMPANY,
                    name: name(n),
                    created_at: at(1),
                };
                self.groups.push((group.clone(), true));
                Change::GroupSaved { group }
            }
            Op::RenameGroup { g, name: n } => {
                let live = self.live_groups();
                let gi = live[pick(&live, g)?];
                self.groups[gi].0.name = name(n);
                Change::GroupSaved {
                    group: self.groups[gi].0.clone(),
                }
            }
            Op::DeleteGroup { g, bare } => {
                let live = self.live_groups();
                let gi = live[pick(&live, g)?];
                let gid = self.groups[gi].0.id;
                self.groups[gi].1 = false;
                let mut changes = self.revoke_where(|s| s.subject != Subject::Group(gid));
                let members: Vec<(usize, usize)> =
                    self.members.iter().filter(|m| m.0 == gi).copied().collect();
                for m in members {
                    self.members.remove(&m);
                    changes.push(Change::MemberRemoved {
                        company_id: COMPANY,
                        group_id: gid,
                        user_id: self.users[m.1].id,
                        removed: Model::revocation(),
                    });
                }
                let deleted = Change::GroupDeleted {
                    company_id: COMPANY,
                    group_id: gid,
                };
                if bare {
                    deleted
                } else {
                    changes.push(deleted);
                    Change::Batch { changes }
                }
            }
            Op::AddMember { g, u } => {
                let live = self.live_groups();
                let gi = live[pick(&live, g)?];
                let ui = pick(&self.users, u)?;
                self.members.insert((gi, ui));
                let membership = Membership {
                    id: MembershipId::from_u128(self.id()),
                    company_id: COMPANY,
                    group_id: self.groups[gi].0.id,
                    user_id: self.users[ui].id,
                    added_by: None,
                    added_at: at(2),
                    removed: None,
                };
                Change::MemberAdded { membership }
            }
            Op::RemoveMember { g, u } => {
                let live = self.live_groups();
                let gi = live[pick(&live, g)?];
                let ui = pick(&self.users, u)?;
                self.members.remove(&(gi, ui));
                Change::MemberRemoved {
                    company_id: COMPANY,
                    group_id: self.groups[gi].0.id,
                    user_id: self.users[ui].id,
                    removed: Model::revocation(),
                }
            }
            Op::AddClient {
                name: n,
                owner,
                restricted,
            } => {
                let oi = pick(&self.users, owner)?;
                let client = client_row(
                    ClientId::from_u128(self.id()),
                    COMPANY,
                    &name(n),
                    self.users[oi].id,
                    restricted,
                );
                self.clients.push((client.clone(), true));
                Change::ClientSaved { client }
            }
            Op::EditClient {
                c,
                name: n,
                owner,
                restricted,
            } => {
                let live = self.live_clients();
                let ci = live[pick(&live, c)?];
                let oi = pick(&self.users, owner)?;
                let client = &mut self.clients[ci].0;
                client.name = name(n);
                client.owner_id = self.users[oi].id;
                client.restricted = restricted;
                Change::ClientSaved {
                    client: client.clone(),
                }
            }
            Op::DeleteClient { c, bare } => {
                let live = self.live_clients();
                let ci = live[pick(&live, c)?];
                let cid = self.clients[ci].0.id;
                self.clients[ci].1 = false;
                let mut changes = self.revoke_where(|s| s.client_id != cid);
                let deleted = Change::ClientDeleted {
                    company_id: COMPANY,
                    client_id: cid,
                };
                if bare {
                    deleted
                } else {
                    changes.push(deleted);
                    Change::Batch { changes }
                }
            }
            Op::Grant { c, kind, target } => {
                let live = self.live_clients();
                let ci = live[pick(&live, c)?];
                let subject = match kind % 5 {
                    0 | 1 => Subject::User(self.users[pick(&self.users, target)?].id),
                    2 | 3 => {
                        let groups = self.live_groups();
                        Subject::Group(self.groups[groups[pick(&groups, target)?]].0.id)
                    }
                    _ => Subject::Company,
                };
                let share = Share {
                    id: ShareId::from_u128(self.id()),
                    company_id: COMPANY,
                    client_id: self.clients[ci].0.id,
                    subject,
                    granted_by: Some(self.users[0].id),
                    granted_at: at(u64::from(target)),
                    granted_how: How::Manual,
                    revoked: None,
                };
                self.shares.push(share.clone());
                Change::ShareGranted { share }
            }
            Op::Revoke { c, k } => {
                let live = self.live_clients();
                let cid = self.clients[live[pick(&live, c)?]].0.id;
                let on: Vec<ShareId> = self
                    .shares
                    .iter()
                    .filter(|s| s.client_id == cid)
                    .map(|s| s.id)
                    .collect();
                let sid = on[pick(&on, k)?];
                let mut changes = self.revoke_where(|s| s.id != sid);
                changes.pop()?
            }
            Op::Settings { a1, a4 } => {
                self.settings.client_access_enabled = a1;
                self.settings.allow_sharing = a4;
                Change::SettingsChanged {
                    company_id: COMPANY,
                    settings: self.settings,
                }
            }
            Op::Handover { from, to } => {
                let fi = pick(&self.users, from)?;
                let ti = pick(&self.users, to)?;
                if fi == ti {
                    return None;
                }
                self.handover(fi, ti)
            }
        })
    }

    /// C8 the plain way: the successor owns what `from` owns, gets a direct
    /// share wherever `from` has one and they have none, and joins every
    /// group of `from` they are not in.
    fn handover(&mut self, from: usize, to: usize) -> Change {
        let (fid, tid) = (self.users[from].id, self.users[to].id);
        let mut changes = Vec::new();
        for c in self.live_clients() {
            if self.clients[c].0.owner_id == fid {
                self.clients[c].0.owner_id = tid;
                changes.push(Change::ClientSaved {
                    client: self.clients[c].0.clone(),
                });
            }
        }
        for c in self.live_clients() {
            let cid = self.clients[c].0.id;
            let has = |u: UserId| {
                self.shares
                    .iter()
                    .any(|s| s.client_id == cid && s.subject == Subject::User(u))
            };
            if has(fid) && !has(tid) {
                let share = Share {
                    id: ShareId::from_u128(self.id()),
                    company_id: COMPANY,
                    client_id: cid,
                    subject: Subject::User(tid),
                    granted_by: Some(fid),
                    granted_at: at(3),
                    granted_how: How::Handover,
                    revoked: None,
                };
                self.shares.push(share.clone());
                changes.push(Change::ShareGranted { share });
            }
        }
        for g in self.live_groups() {
            if self.members.contains(&(g, from)) && self.members.insert((g, to)) {
                changes.push(Change::MemberAdded {
                    membership: Membership {
                        id: MembershipId::from_u128(self.id()),
                        company_id: COMPANY,
                        group_id: self.groups[g].0.id,
                        user_id: tid,
                        added_by: Some(fid),
                        added_at: at(3),
                        removed: None,
                    },
                });
            }
        }
        Change::Batch { changes }
    }

    /// The rule, written the plain way (A1, A6–A11, A22, X10).
    pub(super) fn opens(&self, u: usize, c: usize, without_group: Option<usize>) -> bool {
        self.opens_unless(u, c, without_group, None)
    }

    /// [`Model::opens`] as if every share of `without_subject` on the
    /// client were removed (A19 impact).
    pub(super) fn opens_unless(
        &self,
        u: usize,
        c: usize,
        without_group: Option<usize>,
        without_subject: Option<Subject>,
    ) -> bool {
        let (user, (client, live)) = (&self.users[u], &self.clients[c]);
        if !live || !user.active {
            return false;
        }
        let r = client.restricted;
        if !r && (!self.settings.client_access_enabled || user.share_all_clients) {
            return true;
        }
        if user.role.is_admin_like() || client.owner_id == user.id {
            return true;
        }
        self.shares
            .iter()
            .filter(|s| s.client_id == client.id && Some(s.subject) != without_subject)
            .any(|s| match s.subject {
                Subject::User(x) => x == user.id,
                Subject::Group(g) => (0..self.groups.len()).any(|gi| {
                    self.groups[gi].0.id == g
                        && self.groups[gi].1
                        && Some(gi) != without_group
                        && self.members.contains(&(gi, u))
                }),
                Subject::Company => !r,
            })
    }

    pub(super) fn snapshot(&self) -> Snapshot {
        Snapshot {
            companies: vec![company_row(COMPANY, self.settings)],
            users: self.users.clone(),
            groups: self
                .groups
                .iter()
                .filter(|g| g.1)
                .map(|g| g.0.clone())
                .collect(),
            memberships: self
                .members
                .iter()
                .map(|&(g, u)| Membership {
                    id: MembershipId::from_u128(1 + g as u128 * 1000 + u as u128),
                    company_id: COMPANY,
                    group_id: self.groups[g].0.id,
                    user_id: self.users[u].id,
                    added_by: None,
                    added_at: at(2),
                    removed: None,
                })
                .collect(),
            clients: self
                .clients
                .iter()
                .filter(|c| c.1)
                .map(|c| c.0.clone())
                .collect(),
            shares: self.shares.clone(),
            ..Snapshot::default()
        }
    }
}
