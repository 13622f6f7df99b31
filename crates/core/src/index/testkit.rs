//! Test helpers: a company built change by change through `Index::apply`,
//! the way the app layer feeds the index.

use std::collections::HashMap;

use chrono::{TimeZone, Utc};

use super::{CompanyIndex, Index};
use crate::change::{Change, Revision};
use crate::ids::{ClientId, CompanyId, GroupId, MembershipId, ShareId, UserId};
use crate::model::{
    Client, Company, Group, How, Language, Membership, Permissions, Revocation, Role, Settings,
    Share, Subject, Timestamp, User,
};

/// A timestamp `secs` seconds after a fixed origin.
pub(super) fn at(secs: u64) -> Timestamp {
    Utc.timestamp_opt(1_700_000_000 + i64::try_from(secs).unwrap(), 0)
        .unwrap()
}

pub(super) fn company_row(id: CompanyId, settings: Settings) -> Company {
    Company {
        id,
        name: "Acme".into(),
        default_language: Language::En,
        timezone: "UTC".into(),
        settings,
        created_at: at(0),
    }
}

pub(super) fn user_row(id: UserId, company: CompanyId, name: &str, role: Role) -> User {
    User {
        id,
        company_id: company,
        email: format!("{id}@example.com"),
        name: name.into(),
        role,
        active: true,
        share_all_clients: false,
        permissions: Permissions::defaults_for(role),
        language: Language::En,
        created_at: at(0),
    }
}

pub(super) fn client_row(
    id: ClientId,
    company: CompanyId,
    name: &str,
    owner: UserId,
    restricted: bool,
) -> Client {
    Client {
        id,
        company_id: company,
        name: name.into(),
        email: None,
        phone: None,
        tags: Vec::new(),
        owner_id: owner,
        restricted,
        created_at: at(0),
        updated_at: at(0),
    }
}

/// One company fed through `apply`, with A1 on unless changed.
pub(super) struct World {
    pub(super) index: Index,
    pub(super) company: CompanyId,
    rev: u64,
    next: u128,
    users: HashMap<UserId, User>,
    clients: HashMap<ClientId, Client>,
    settings: Settings,
}

impl World {
    pub(super) fn new() -> World {
        World::for_company(CompanyId::from_u128(1), Index::new(), 1000)
    }

    /// A second company in the same index (ids from `first_id` on).
    pub(super) fn for_company(company: CompanyId, index: Index, first_id: u128) -> World {
        let settings = Settings {
            client_access_enabled: true,
            ..Settings::default()
        };
        let mut w = World {
            rev: index.revision().0,
            index,
            company,
            next: first_id,
            users: HashMap::new(),
            clients: HashMap::new(),
            settings,
        };
        w.apply(Change::CompanyCreated {
            company: company_row(company, settings),
        });
        w
    }

    pub(super) fn apply(&mut self, change: Change) {
        self.rev += 1;
        self.index.apply(Revision(self.rev), &change).unwrap();
    }

    pub(super) fn ci(&self) -> &CompanyIndex {
        self.index.company(self.company).unwrap()
    }

    pub(super) fn id(&mut self) -> u128 {
        self.next += 1;
        self.next
    }

    pub(super) fn settings(&mut self, f: impl FnOnce(&mut Settings)) {
        f(&mut self.settings);
        let settings = self.settings;
        self.apply(Change::SettingsChanged {
            company_id: self.company,
            settings,
        });
    }

    pub(super) fn user(&mut self, name: &str, role: Role) -> UserId {
        let id = UserId::from_u128(self.id());
        let user = user_row(id, self.company, name, role);
        self.users.insert(id, user.clone());
        self.apply(Change::UserSaved { user });
        id
    }

    pub(super) fn edit_user(&mut self, id: UserId, f: impl FnOnce(&mut User)) {
        let user = self.users.get_mut(&id).unwrap();
        f(user);
        let user = user.clone();
        self.apply(Change::UserSaved { user });
    }

    pub(super) fn group(&mut self, name: &str, members: &[UserId]) -> GroupId {
        let id = GroupId::from_u128(self.id());
        self.apply(Change::GroupSaved {
            group: Group {
                id,
                company_id: self.company,
                name: name.into(),
                created_at: at(0),
            },
        });
        for &m in members {
            self.add_member(id, m);
        }
        id
    }

    pub(super) fn add_member(&mut self, group: GroupId, user: UserId) {
        let id = MembershipId::from_u128(self.id());
        self.apply(Change::MemberAdded {
            membership: Membership {
                id,
                company_id: self.company,
                group_id: group,
                user_id: user,
                added_by: None,
                added_at: at(self.rev),
                removed: None,
            },
        });
    }

    pub(super) fn remove_member(&mut self, group: GroupId, user: UserId) {
        let removed = self.revocation();
        self.apply(Change::MemberRemoved {
            company_id: self.company,
            group_id: group,
            user_id: user,
            removed,
        });
    }

    pub(super) fn client(&mut self, name: &str, owner: UserId) -> ClientId {
        self.client_with(name, owner, false)
    }

    pub(super) fn client_with(&mut self, name: &str, owner: UserId, restricted: bool) -> ClientId {
        let id = ClientId::from_u128(self.id());
        let client = client_row(id, self.company, name, owner, restricted);
        self.clients.insert(id, client.clone());
        self.apply(Change::ClientSaved { client });
        id
    }

    pub(super) fn edit_client(&mut self, id: ClientId, f: impl FnOnce(&mut Client)) {
        let client = self.clients.get_mut(&id).unwrap();
        f(client);
        let client = client.clone();
        self.apply(Change::ClientSaved { client });
    }

    /// A share granted by `by` at the current revision's time.
    pub(super) fn share_by(
        &mut self,
        client: ClientId,
        subject: Subject,
        by: Option<UserId>,
    ) -> ShareId {
        let id = ShareId::from_u128(self.id());
        self.apply(Change::ShareGranted {
            share: Share {
                id,
                company_id: self.company,
                client_id: client,
                subject,
                granted_by: by,
                granted_at: at(self.rev),
                granted_how: How::Manual,
                revoked: None,
            },
        });
        id
    }

    pub(super) fn share(&mut self, client: ClientId, subject: Subject) -> ShareId {
        self.share_by(client, subject, None)
    }

    pub(super) fn revoke(&mut self, client: ClientId, share: ShareId) {
        let revoked = self.revocation();
        self.apply(Change::ShareRevoked {
            company_id: self.company,
            client_id: client,
            share_id: share,
            revoked,
        });
    }

    /// A20 as the app commits it: shares and memberships end, then the group.
    pub(super) fn delete_group(&mut self, group: GroupId) {
        let mut changes = Vec::new();
        for (client_id, share_id) in self.ci().group_shares(group) {
            changes.push(Change::ShareRevoked {
                company_id: self.company,
                client_id,
                share_id,
                revoked: self.revocation(),
            });
        }
        for user_id in self.ci().group_members(group) {
            changes.push(Change::MemberRemoved {
                company_id: self.company,
                group_id: group,
                user_id,
                removed: self.revocation(),
            });
        }
        changes.push(Change::GroupDeleted {
            company_id: self.company,
            group_id: group,
        });
        self.apply(Change::Batch { changes });
    }

    pub(super) fn delete_client(&mut self, client: ClientId) {
        self.apply(Change::ClientDeleted {
            company_id: self.company,
            client_id: client,
        });
    }

    fn revocation(&self) -> Revocation {
        Revocation {
            by: None,
            at: at(self.rev),
            how: How::Manual,
        }
    }

    /// Whether `user` may open `client`, checked through both paths.
    pub(super) fn opens(&self, user: UserId, client: ClientId) -> bool {
        let ci = self.ci();
        let allowed = ci.check(user, client).allowed;
        assert_eq!(
            allowed,
            ci.may_open(user, client),
            "check and may_open differ"
        );
        allowed
    }

    /// Every client `user` can open, walking `clients_for` in pages of 2.
    pub(super) fn all_clients_for(&self, user: UserId) -> Vec<ClientId> {
        let mut out = Vec::new();
        let mut cursor = None;
        loop {
            let page = self.ci().clients_for(user, cursor.as_ref(), 2);
            out.extend(page.items);
            match page.next {
                Some(next) => cursor = Some(next),
                None => return out,
            }
        }
    }

    /// Every user who can open `client`, walking `users_for` in pages of 2.
    pub(super) fn all_users_for(&self, client: ClientId) -> Vec<UserId> {
        let mut out = Vec::new();
        let mut cursor = None;
        loop {
            let page = self.ci().users_for(client, cursor.as_ref(), 2);
            out.extend(page.items.into_iter().map(|(u, _)| u));
            match page.next {
                Some(next) => cursor = Some(next),
                None => return out,
            }
        }
    }
}
