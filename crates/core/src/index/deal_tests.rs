//! Part C in the index: one test per rule the index answers (C1, C3, C4,
//! C5, C10), named after it, and a property test that the index fed change
//! by change equals a reload of the same rows.

use proptest::prelude::*;

use super::testkit::{World, at, client_row, company_row, user_row};
use super::{DealReason, Index, Snapshot};
use crate::change::{Change, Revision};
use crate::deal::{
    ContactRevocation, ContactShare, DealRole, Entity, Participation, Party, TeamManager,
};
use crate::ids::{AccountId, ClientId, CompanyId, ContactShareId, EntityId, UserId};
use crate::model::{How, Role, Settings};

/// Part C helpers on a [`World`].
trait Desk {
    fn entity(&mut self, name: &str, self_managed: bool) -> EntityId;
    fn take_part(&mut self, client: ClientId, entity: EntityId, role: DealRole);
    fn end_part(&mut self, client: ClientId, entity: EntityId, shares: &[ContactShareId]);
    fn invite(&mut self, client: ClientId, entity: EntityId, account: AccountId) -> ContactShareId;
    fn invite_as(
        &mut self,
        client: ClientId,
        entity: EntityId,
        account: AccountId,
        by: Party,
        succeeds: Option<AccountId>,
    ) -> ContactShareId;
    fn revoke_contact(&mut self, client: ClientId, share: ContactShareId);
    fn team_manager(&mut self, entity: EntityId, account: AccountId);
}

impl Desk for World {
    fn entity(&mut self, name: &str, self_managed: bool) -> EntityId {
        let id = EntityId::from_u128(self.id());
        let entity = entity_row(id, self.company, name, self_managed);
        self.apply(Change::EntitySaved { entity });
        id
    }

    fn take_part(&mut self, client: ClientId, entity: EntityId, role: DealRole) {
        let participation = Participation {
            company_id: self.company,
            client_id: client,
            entity_id: entity,
            role,
            added_by: None,
            added_at: at(1),
        };
        self.apply(Change::ParticipationSaved { participation });
    }

    fn end_part(&mut self, client: ClientId, entity: EntityId, shares: &[ContactShareId]) {
        let mut changes: Vec<Change> = shares
            .iter()
            .map(|&share_id| Change::ContactShareRevoked {
                company_id: self.company,
                client_id: client,
                share_id,
                revoked: ContactRevocation {
                    by: None,
                    at: at(2),
                    how: How::EntityRemoved,
                },
            })
            .collect();
        changes.push(Change::ParticipationEnded {
            company_id: self.company,
            client_id: client,
            entity_id: entity,
        });
        self.apply(Change::Batch { changes });
    }

    fn invite(&mut self, client: ClientId, entity: EntityId, account: AccountId) -> ContactShareId {
        self.invite_as(
            client,
            entity,
            account,
            Party::Staff(UserId::from_u128(0)),
            None,
        )
    }

    fn invite_as(
        &mut self,
        client: ClientId,
        entity: EntityId,
        account: AccountId,
        by: Party,
        succeeds: Option<AccountId>,
    ) -> ContactShareId {
        let id = ContactShareId::from_u128(self.id());
        let share = ContactShare {
            id,
            company_id: self.company,
            client_id: client,
            entity_id: entity,
            account_id: account,
            granted_by: Some(by),
            granted_at: at(3),
            how: if succeeds.is_some() {
                How::Handover
            } else {
                How::Invitation
            },
            succeeds,
            revoked: None,
        };
        self.apply(Change::ContactShareGranted { share });
        id
    }

    fn revoke_contact(&mut self, client: ClientId, share: ContactShareId) {
        self.apply(Change::ContactShareRevoked {
            company_id: self.company,
            client_id: client,
            share_id: share,
            revoked: ContactRevocation {
                by: None,
                at: at(4),
                how: How::Manual,
            },
        });
    }

    fn team_manager(&mut self, entity: EntityId, account: AccountId) {
        let team_manager = TeamManager {
            company_id: self.company,
            entity_id: entity,
            account_id: account,
            named_by: None,
            named_at: at(5),
        };
        self.apply(Change::TeamManagerAdded { team_manager });
    }
}

fn entity_row(id: EntityId, company: CompanyId, name: &str, self_managed: bool) -> Entity {
    Entity {
        id,
        company_id: company,
        name: name.into(),
        kind: DealRole::Lender,
        self_managed,
        email_domains: Vec::new(),
        created_at: at(0),
    }
}

fn account(n: u128) -> AccountId {
    AccountId::from_u128(900_000 + n)
}

#[test]
fn c1_a_file_has_entities_with_roles_and_their_contacts() {
    let mut w = World::new();
    let agent = w.user("Cédric", Role::User);
    let deal = w.client("Deal X", agent);
    let bank = w.entity("Banque X", false);
    let borrower = w.entity("Borrower Co", false);
    w.take_part(deal, bank, DealRole::Lender);
    w.take_part(deal, borrower, DealRole::Borrower);
    let lea = w.invite(deal, bank, account(1));
    assert_eq!(
        w.ci().file_entities(deal),
        vec![(bank, DealRole::Lender), (borrower, DealRole::Borrower)]
    );
    let contacts = w.ci().file_contacts(deal);
    assert_eq!(contacts.len(), 1);
    assert_eq!(
        (contacts[0].share_id, contacts[0].account_id),
        (lea, account(1))
    );
    assert_eq!(contacts[0].entity_id, bank);
    // A role changes in place.
    w.take_part(deal, borrower, DealRole::Guarantor);
    assert_eq!(
        w.ci().file_entities(deal)[1],
        (borrower, DealRole::Guarantor)
    );
    assert_eq!(w.ci().entity_files(bank), vec![deal]);
}

#[test]
fn c4_a_contact_opens_only_the_files_they_are_on_and_nothing_of_staff() {
    let mut w = World::new();
    let agent = w.user("Cédric", Role::User);
    let deal = w.client("Deal X", agent);
    let other = w.client("Deal Y", agent);
    let bank = w.entity("Banque X", false);
    w.take_part(deal, bank, DealRole::Lender);
    w.take_part(other, bank, DealRole::Lender);
    let share = w.invite(deal, bank, account(1));
    assert!(w.ci().contact_may_open(account(1), deal));
    assert!(!w.ci().contact_may_open(account(1), other));
    assert!(!w.ci().contact_may_open(account(2), deal));
    let decision = w.ci().contact_check(account(1), deal);
    assert!(decision.allowed);
    assert!(matches!(
        decision.reasons.as_slice(),
        [DealReason::ContactShare { share_id, entity_id, .. }] if *share_id == share && *entity_id == bank
    ));
    assert_eq!(
        w.ci().contact_check(account(1), other).reasons,
        vec![DealReason::NoAccess]
    );
    // A contact is no staff member: every staff answer refuses the account.
    let as_user = UserId::from_u128(account(1).as_uuid().as_u128());
    assert!(!w.ci().may_open(as_user, deal));
    assert!(!w.ci().check(as_user, deal).allowed);
    assert!(!w.ci().can_share(as_user, deal).allowed);
    // Staff shares never open a file to a contact, even a whole-company one.
    w.share(other, crate::model::Subject::Company);
    assert!(!w.ci().contact_may_open(account(1), other));
    let files = w.ci().contact_files(account(1));
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].client_id, deal);
}

#[test]
fn c4_a_contact_of_two_companies_is_known_to_each_for_its_own_files_only() {
    let mut a = World::new();
    let agent = a.user("Cédric", Role::User);
    let deal_a = a.client("Deal A", agent);
    let bank_a = a.entity("Banque X", false);
    a.take_part(deal_a, bank_a, DealRole::Lender);
    a.invite(deal_a, bank_a, account(1));
    let mut b = World::for_company(CompanyId::from_u128(2), a.index.clone(), 50_000);
    let agent_b = b.user("Birgit", Role::User);
    let deal_b = b.client("Deal B", agent_b);
    let bank_b = b.entity("Banque X", false);
    b.take_part(deal_b, bank_b, DealRole::Lender);
    b.invite(deal_b, bank_b, account(1));
    let index = &b.index;
    assert_eq!(
        index.contact_companies(account(1)),
        vec![CompanyId::from_u128(1), CompanyId::from_u128(2)]
    );
    let company_a = index.company(CompanyId::from_u128(1)).unwrap();
    let company_b = index.company(CompanyId::from_u128(2)).unwrap();
    assert!(company_a.contact_may_open(account(1), deal_a));
    assert!(!company_a.contact_may_open(account(1), deal_b));
    assert!(company_a.file_contacts(deal_b).is_empty());
    assert_eq!(company_b.contact_files(account(1)).len(), 1);
    assert!(!index.contact_may_open(account(1), CompanyId::from_u128(1), deal_b));
}

#[test]
fn c3_sharers_and_current_contacts_of_the_entity_add_its_contacts() {
    let mut w = World::new();
    let agent = w.user("Cédric", Role::User);
    let stranger = w.user("Sven", Role::User);
    let deal = w.client("Deal X", agent);
    let bank = w.entity("Banque X", false);
    let fund = w.entity("Fund Y", false);
    let idle = w.entity("Idle Z", false);
    w.take_part(deal, bank, DealRole::Lender);
    w.take_part(deal, fund, DealRole::Lender);
    w.invite(deal, bank, account(1));
    let ci = w.ci();
    // The owner may share the file (A4), so they add contacts.
    let owner = ci.may_add_contact(Party::Staff(agent), deal, bank);
    assert!(owner.allowed);
    assert!(matches!(
        owner.reasons.as_slice(),
        [DealReason::Sharer { .. }]
    ));
    assert!(
        !ci.may_add_contact(Party::Staff(stranger), deal, bank)
            .allowed
    );
    // A current contact of the bank adds colleagues, for the bank only.
    assert_eq!(
        ci.may_add_contact(Party::Contact(account(1)), deal, bank)
            .reasons,
        vec![DealReason::Colleague { entity_id: bank }]
    );
    assert!(
        !ci.may_add_contact(Party::Contact(account(1)), deal, fund)
            .allowed
    );
    assert_eq!(
        ci.may_add_contact(Party::Contact(account(2)), deal, bank)
            .reasons,
        vec![DealReason::UnknownContact]
    );
    // An entity must take part in the file first.
    assert_eq!(
        ci.may_add_contact(Party::Staff(agent), deal, idle).reasons,
        vec![DealReason::NotParticipating]
    );
}

#[test]
fn c3_a_self_managed_entity_s_contacts_are_added_by_its_team_managers_only() {
    let mut w = World::new();
    let agent = w.user("Cédric", Role::User);
    let deal = w.client("Deal X", agent);
    let later = w.client("Deal Later", agent);
    let bank = w.entity("Banque X", true);
    w.take_part(deal, bank, DealRole::Lender);
    w.take_part(later, bank, DealRole::Lender);
    w.invite(deal, bank, account(1));
    w.team_manager(bank, account(7));
    let ci = w.ci();
    assert_eq!(
        ci.may_add_contact(Party::Staff(agent), deal, bank).reasons,
        vec![DealReason::SelfManaged]
    );
    assert_eq!(
        ci.may_add_contact(Party::Contact(account(1)), deal, bank)
            .reasons,
        vec![DealReason::SelfManaged]
    );
    // The team manager adds on every file of the entity, even one they are not on.
    for file in [deal, later] {
        assert_eq!(
            ci.may_add_contact(Party::Contact(account(7)), file, bank)
                .reasons,
            vec![DealReason::TeamManager { entity_id: bank }]
        );
    }
    assert_eq!(ci.team_managers(bank), vec![account(7)]);
    assert_eq!(w.index.contact_companies(account(7)), vec![w.company]);
    // Revoking stays open to the file's sharers: a company cuts any outside access.
    assert!(
        ci.may_revoke_contact(Party::Staff(agent), deal, account(1))
            .allowed
    );
}

#[test]
fn c5_a_revoked_contact_loses_the_file_and_can_be_given_it_again() {
    let mut w = World::new();
    let agent = w.user("Cédric", Role::User);
    let deal = w.client("Deal X", agent);
    let bank = w.entity("Banque X", false);
    w.take_part(deal, bank, DealRole::Lender);
    let first = w.invite(deal, bank, account(1));
    w.revoke_contact(deal, first);
    assert!(!w.ci().contact_may_open(account(1), deal));
    assert!(w.ci().contact_files(account(1)).is_empty());
    assert!(w.ci().file_contacts(deal).is_empty());
    assert!(w.index.contact_companies(account(1)).is_empty());
    let again = w.invite(deal, bank, account(1));
    assert_ne!(again, first);
    assert!(w.ci().contact_may_open(account(1), deal));
}

#[test]
fn c10_a_contact_leaves_and_their_successor_may_remove_them() {
    let mut w = World::new();
    let agent = w.user("Cédric", Role::User);
    let deal = w.client("Deal X", agent);
    let bank = w.entity("Banque X", true);
    w.take_part(deal, bank, DealRole::Lender);
    w.team_manager(bank, account(7));
    w.invite(deal, bank, account(1));
    w.invite(deal, bank, account(3));
    w.invite_as(
        deal,
        bank,
        account(2),
        Party::Contact(account(1)),
        Some(account(1)),
    );
    let ci = w.ci();
    assert_eq!(
        ci.may_revoke_contact(Party::Contact(account(1)), deal, account(1))
            .reasons,
        vec![DealReason::Themself]
    );
    assert_eq!(
        ci.may_revoke_contact(Party::Contact(account(2)), deal, account(1))
            .reasons,
        vec![DealReason::Successor]
    );
    // A colleague of a self-managed entity is no team manager.
    assert!(
        !ci.may_revoke_contact(Party::Contact(account(3)), deal, account(1))
            .allowed
    );
    assert_eq!(
        ci.may_revoke_contact(Party::Contact(account(7)), deal, account(1))
            .reasons,
        vec![DealReason::TeamManager { entity_id: bank }]
    );
    assert_eq!(
        ci.may_revoke_contact(Party::Contact(account(1)), deal, account(9))
            .reasons,
        vec![DealReason::NotOnFile]
    );
}

#[test]
fn a_deleted_file_or_an_entity_leaving_it_ends_its_contacts_access() {
    let mut w = World::new();
    let agent = w.user("Cédric", Role::User);
    let deal = w.client("Deal X", agent);
    let other = w.client("Deal Y", agent);
    let bank = w.entity("Banque X", false);
    w.take_part(deal, bank, DealRole::Lender);
    w.take_part(other, bank, DealRole::Lender);
    w.invite(deal, bank, account(1));
    let on_other = w.invite(other, bank, account(1));
    w.delete_client(deal);
    assert!(!w.ci().contact_may_open(account(1), deal));
    assert_eq!(w.ci().entity_files(bank), vec![other]);
    w.end_part(other, bank, &[on_other]);
    assert!(!w.ci().contact_may_open(account(1), other));
    assert!(w.ci().entity_files(bank).is_empty());
    assert!(w.ci().file_entities(other).is_empty());
}

// ---- the index fed change by change equals a reload -------------------------

const CLIENTS: usize = 3;
const ENTITIES: usize = 3;
const ACCOUNTS: u128 = 4;

#[derive(Debug, Clone)]
enum Op {
    TakePart(usize, usize, usize),
    EndPart(usize, usize),
    Grant(usize, usize, u128),
    Revoke(usize, u128),
    TeamManager(usize, u128),
    RemoveTeamManager(usize, u128),
    DeleteClient(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let c = 0..CLIENTS;
    let e = 0..ENTITIES;
    let k = 0..ACCOUNTS;
    prop_oneof![
        (c.clone(), e.clone(), 0..DealRole::ALL.len()).prop_map(|(c, e, r)| Op::TakePart(c, e, r)),
        (c.clone(), e.clone()).prop_map(|(c, e)| Op::EndPart(c, e)),
        (c.clone(), e.clone(), k.clone()).prop_map(|(c, e, k)| Op::Grant(c, e, k)),
        (c.clone(), k.clone()).prop_map(|(c, k)| Op::Revoke(c, k)),
        (e.clone(), k.clone()).prop_map(|(e, k)| Op::TeamManager(e, k)),
        (e, k).prop_map(|(e, k)| Op::RemoveTeamManager(e, k)),
        c.prop_map(Op::DeleteClient),
    ]
}

/// The rows a store would hold: what a reload reads.
#[derive(Default)]
struct Rows {
    participations: Vec<Participation>,
    team_managers: Vec<TeamManager>,
    shares: Vec<ContactShare>,
    deleted: Vec<ClientId>,
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_index_fed_desk_changes_equals_a_reload(ops in proptest::collection::vec(op(), 0..40)) {
        let company = CompanyId::from_u128(1);
        let agent = UserId::from_u128(10);
        let clients: Vec<ClientId> = (0..CLIENTS).map(|i| ClientId::from_u128(100 + i as u128)).collect();
        let entities: Vec<Entity> = (0..ENTITIES)
            .map(|i| entity_row(EntityId::from_u128(200 + i as u128), company, &format!("E{i}"), i == 2))
            .collect();
        let settings = Settings { client_access_enabled: true, ..Settings::default() };
        let base = Snapshot {
            companies: vec![company_row(company, settings)],
            users: vec![user_row(agent, company, "Agent", Role::User)],
            clients: clients
                .iter()
                .enumerate()
                .map(|(i, &c)| client_row(c, company, &format!("Deal {}", CLIENTS - i), agent, false))
                .collect(),
            entities: entities.clone(),
            ..Snapshot::default()
        };
        let mut live = Index::load(base.clone(), Revision(1)).unwrap();
        let mut rev = 1;
        let mut next = 1000_u128;
        let mut rows = Rows::default();
        let mut apply = |index: &mut Index, change: Change| {
            rev += 1;
            index.apply(Revision(rev), &change).unwrap();
        };
        for op in ops {
            match op {
                Op::TakePart(c, e, r) => {
                    if rows.deleted.contains(&clients[c]) { continue; }
                    let p = Participation {
                        company_id: company, client_id: clients[c], entity_id: entities[e].id,
                        role: DealRole::ALL[r], added_by: None, added_at: at(1),
                    };
                    match rows.participations.iter_mut().find(|x| x.client_id == p.client_id && x.entity_id == p.entity_id) {
                        Some(existing) => existing.role = p.role,
                        None => rows.participations.push(p.clone()),
                    }
                    apply(&mut live, Change::ParticipationSaved { participation: p });
                }
                Op::EndPart(c, e) => {
                    let (client, entity) = (clients[c], entities[e].id);
                    let Some(pos) = rows.participations.iter().position(|x| x.client_id == client && x.entity_id == entity) else { continue };
                    rows.participations.remove(pos);
                    let mut changes = Vec::new();
                    rows.shares.retain(|s| {
                        let ends = s.client_id == client && s.entity_id == entity;
                        if ends {
                            changes.push(Change::ContactShareRevoked {
                                company_id: company, client_id: client, share_id: s.id,
                                revoked: ContactRevocation { by: None, at: at(2), how: How::EntityRemoved },
                            });
                        }
                        !ends
                    });
                    changes.push(Change::ParticipationEnded { company_id: company, client_id: client, entity_id: entity });
                    apply(&mut live, Change::Batch { changes });
                }
                Op::Grant(c, e, k) => {
                    let (client, entity) = (clients[c], entities[e].id);
                    let participates = rows.participations.iter().any(|x| x.client_id == client && x.entity_id == entity);
                    let open = rows.shares.iter().any(|s| s.client_id == client && s.entity_id == entity && s.account_id == account(k));
                    if !participates || open { continue; }
                    next += 1;
                    let share = ContactShare {
                        id: ContactShareId::from_u128(next), company_id: company, client_id: client,
                        entity_id: entity, account_id: account(k), granted_by: Some(Party::Staff(agent)),
                        granted_at: at(3), how: How::Manual, succeeds: None, revoked: None,
                    };
                    rows.shares.push(share.clone());
                    apply(&mut live, Change::ContactShareGranted { share });
                }
                Op::Revoke(c, k) => {
                    let client = clients[c];
                    let Some(pos) = rows.shares.iter().position(|s| s.client_id == client && s.account_id == account(k)) else { continue };
                    let share = rows.shares.remove(pos);
                    apply(&mut live, Change::ContactShareRevoked {
                        company_id: company, client_id: client, share_id: share.id,
                        revoked: ContactRevocation { by: None, at: at(4), how: How::Manual },
                    });
                }
                Op::TeamManager(e, k) => {
                    let tm = TeamManager { company_id: company, entity_id: entities[e].id, account_id: account(k), named_by: None, named_at: at(5) };
                    if !rows.team_managers.iter().any(|x| x.entity_id == tm.entity_id && x.account_id == tm.account_id) {
                        rows.team_managers.push(tm.clone());
                    }
                    apply(&mut live, Change::TeamManagerAdded { team_manager: tm });
                }
                Op::RemoveTeamManager(e, k) => {
                    let (entity, acc) = (entities[e].id, account(k));
                    rows.team_managers.retain(|x| !(x.entity_id == entity && x.account_id == acc));
                    apply(&mut live, Change::TeamManagerRemoved { company_id: company, entity_id: entity, account_id: acc });
                }
                Op::DeleteClient(c) => {
                    let client = clients[c];
                    if rows.deleted.contains(&client) { continue; }
                    rows.deleted.push(client);
                    rows.participations.retain(|p| p.client_id != client);
                    rows.shares.retain(|s| s.client_id != client);
                    apply(&mut live, Change::ClientDeleted { company_id: company, client_id: client });
                }
            }
        }
        let mut snapshot = base;
        snapshot.clients.retain(|c| !rows.deleted.contains(&c.id));
        snapshot.participations = rows.participations;
        snapshot.team_managers = rows.team_managers;
        snapshot.contact_shares = rows.shares;
        let reloaded = Index::load(snapshot, Revision(rev)).unwrap();
        let (a, b) = (live.company(company).unwrap(), reloaded.company(company).unwrap());
        for k in 0..ACCOUNTS + 1 {
            let acc = account(k);
            prop_assert_eq!(a.contact_files(acc), b.contact_files(acc));
            prop_assert_eq!(live.contact_companies(acc), reloaded.contact_companies(acc));
            for &c in &clients {
                prop_assert_eq!(a.contact_may_open(acc, c), b.contact_may_open(acc, c));
                prop_assert_eq!(a.contact_may_open(acc, c), a.contact_check(acc, c).allowed);
                prop_assert_eq!(a.contact_check(acc, c), b.contact_check(acc, c));
                for entity in &entities {
                    for asker in [Party::Contact(acc), Party::Staff(agent)] {
                        prop_assert_eq!(a.may_add_contact(asker, c, entity.id), b.may_add_contact(asker, c, entity.id));
                        prop_assert_eq!(a.may_revoke_contact(asker, c, acc), b.may_revoke_contact(asker, c, acc));
                    }
                }
            }
        }
        for &c in &clients {
            prop_assert_eq!(a.file_entities(c), b.file_entities(c));
            prop_assert_eq!(a.file_contacts(c), b.file_contacts(c));
        }
        for entity in &entities {
            prop_assert_eq!(a.entity_files(entity.id), b.entity_files(entity.id));
            prop_assert_eq!(a.team_managers(entity.id), b.team_managers(entity.id));
        }
    }
}
