//! Tests of the index as a whole: revision order, errors, company
//! boundaries, bulk load, and both ways of filling a page.

use super::order::NameOrder;
use super::paging::walk;
use super::testkit::{World, at, company_row, user_row};
use super::{Cursor, Index, IndexError, Reason, Snapshot};
use crate::change::{Change, Revision};
use crate::ids::{ClientId, CompanyId, GroupId, ShareId, UserId};
use crate::model::{How, Role, Settings, Share, Subject};

#[test]
fn the_index_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Index>();
}

#[test]
fn changes_must_come_in_revision_order() {
    let mut index = Index::new();
    let company = company_row(CompanyId::from_u128(1), Settings::default());
    index
        .apply(
            Revision(5),
            &Change::CompanyCreated {
                company: company.clone(),
            },
        )
        .unwrap();
    let err = index
        .apply(Revision(5), &Change::CompanyUpdated { company })
        .unwrap_err();
    assert_eq!(
        err,
        IndexError::OutOfOrder {
            current: Revision(5),
            given: Revision(5)
        }
    );
    assert_eq!(index.revision(), Revision(5));
}

#[test]
fn a_part_about_unknown_things_is_skipped_and_the_rest_applies() {
    let mut w = World::new();
    let owner = w.user("Olga", Role::User);
    let c = w.client("Acme", owner);
    let ghost = UserId::from_u128(999_999);
    let share = |id: u128, subject| Change::ShareGranted {
        share: Share {
            id: ShareId::from_u128(id),
            company_id: w.company,
            client_id: c,
            subject,
            granted_by: None,
            granted_at: at(1),
            granted_how: How::Manual,
            revoked: None,
        },
    };
    let batch = Change::Batch {
        changes: vec![share(1, Subject::User(ghost)), share(2, Subject::Company)],
    };
    let rev = Revision(w.index.revision().0 + 1);
    assert_eq!(
        w.index.apply(rev, &batch),
        Err(IndexError::UnknownUser(ghost))
    );
    assert_eq!(w.index.revision(), rev);
    assert_eq!(w.ci().open_shares(c).len(), 1);
    let other = Change::ShareGranted {
        share: Share {
            company_id: CompanyId::from_u128(42),
            ..match share(3, Subject::Company) {
                Change::ShareGranted { share } => share,
                _ => unreachable!(),
            }
        },
    };
    let err = w.index.apply(Revision(rev.0 + 1), &other).unwrap_err();
    assert_eq!(err, IndexError::UnknownCompany(CompanyId::from_u128(42)));
    let deep = (0..20).fold(Change::Batch { changes: vec![] }, |inner, _| {
        Change::Batch {
            changes: vec![inner],
        }
    });
    assert_eq!(
        w.index.apply(Revision(rev.0 + 2), &deep),
        Err(IndexError::TooDeep)
    );
}

#[test]
fn deleted_groups_and_clients_stay_deleted() {
    let mut w = World::new();
    let owner = w.user("Olga", Role::User);
    let g = w.group("Team", &[owner]);
    let c = w.client("Acme", owner);
    w.delete_group(g);
    w.delete_client(c);
    let rev = Revision(w.index.revision().0 + 1);
    let err = w
        .index
        .apply(
            rev,
            &Change::GroupSaved {
                group: crate::model::Group {
                    id: g,
                    company_id: w.company,
                    name: "Back".into(),
                    created_at: at(0),
                },
            },
        )
        .unwrap_err();
    assert_eq!(err, IndexError::DeletedGroup(g));
    assert!(!w.ci().has_group(g) && !w.ci().has_client(c));
}

#[test]
fn a_user_of_another_company_sees_nothing_here() {
    let mut a = World::new();
    let admin_a = a.user("Ada", Role::Admin);
    let client_a = a.client("Acme", admin_a);
    a.share(client_a, Subject::Company);
    let mut b = World::for_company(CompanyId::from_u128(2), a.index, 5000);
    let admin_b = b.user("Bea", Role::PrimaryAdmin);
    let client_b = b.client("Beta", admin_b);
    let ia = b.index.company(CompanyId::from_u128(1)).unwrap();
    assert_eq!(
        ia.check(admin_b, client_a).reasons,
        vec![Reason::UnknownUser]
    );
    assert_eq!(
        ia.check(admin_a, client_b).reasons,
        vec![Reason::UnknownClient]
    );
    assert!(ia.clients_for(admin_b, None, 10).items.is_empty());
    assert!(ia.client_list(admin_b, None, None, 10).items.is_empty());
    assert!(ia.panel(admin_b, client_a).is_none());
    assert_eq!(
        b.index.company_of_user(admin_b),
        Some(CompanyId::from_u128(2))
    );
    assert_eq!(
        b.index.company_of_user(admin_a),
        Some(CompanyId::from_u128(1))
    );
    let mut moved = user_row(admin_a, CompanyId::from_u128(2), "Ada", Role::Admin);
    moved.active = true;
    let rev = Revision(b.index.revision().0 + 1);
    assert!(matches!(
        b.index.apply(rev, &Change::UserSaved { user: moved }),
        Err(IndexError::WrongCompany { .. })
    ));
}

#[test]
fn load_refuses_rows_of_unknown_companies_and_clients() {
    let company = CompanyId::from_u128(1);
    let snapshot = Snapshot {
        users: vec![user_row(UserId::from_u128(1), company, "Ann", Role::User)],
        ..Snapshot::default()
    };
    assert_eq!(
        Index::load(snapshot, Revision(3)).unwrap_err(),
        IndexError::UnknownCompany(company)
    );
    let snapshot = Snapshot {
        companies: vec![company_row(company, Settings::default())],
        shares: vec![Share {
            id: ShareId::from_u128(1),
            company_id: company,
            client_id: ClientId::from_u128(9),
            subject: Subject::Company,
            granted_by: None,
            granted_at: at(0),
            granted_how: How::Manual,
            revoked: None,
        }],
        ..Snapshot::default()
    };
    assert_eq!(
        Index::load(snapshot, Revision(3)).unwrap_err(),
        IndexError::UnknownClient(ClientId::from_u128(9))
    );
    assert!(GroupId::from_u128(1) != GroupId::from_u128(2));
}

#[test]
fn cursors_survive_renames_and_deletes_between_pages() {
    let mut w = World::new();
    let admin = w.user("Ada", Role::Admin);
    let names = ["a", "b", "c", "d", "e", "f"];
    let ids: Vec<ClientId> = names.iter().map(|n| w.client(n, admin)).collect();
    let first = w.ci().clients_for(admin, None, 2);
    assert_eq!(first.items, ids[..2].to_vec());
    let cursor = Cursor::decode(&first.next.unwrap().encode()).unwrap();
    w.edit_client(ids[1], |c| c.name = "z".into());
    w.delete_client(ids[2]);
    let second = w.ci().clients_for(admin, Some(&cursor), 2);
    assert_eq!(second.items, vec![ids[3], ids[4]]);
}

/// Both ways of filling a page (scan, collect) and the fallback from a
/// scan that overruns its budget give the same pages as a brute force walk.
#[test]
fn scan_and_collect_fill_pages_alike() {
    let mut order = NameOrder::default();
    for d in 0..20_000u32 {
        order.set(d, &format!("n{:05}", (d * 7_919) % 20_011), u128::from(d));
    }
    let all: Vec<u32> = order.iter_from(0).collect();
    let sets: Vec<Box<dyn Fn(u32) -> bool>> = vec![
        Box::new(|d| d % 3 == 0),
        Box::new(|d| d % 997 == 1),
        Box::new(|d| order.rank(d).is_some_and(|r| r > 19_000)),
        Box::new(|_| false),
    ];
    for pred in &sets {
        let members: Vec<u32> = all.iter().copied().filter(|&d| pred(d)).collect();
        let bitmap: roaring::RoaringBitmap = members.iter().copied().collect();
        for estimate in [1, 50, members.len() as u64, 20_000] {
            let mut got: Vec<u32> = Vec::new();
            let mut start = 0;
            loop {
                let (items, more) = walk(&order, start, 7, estimate, pred, || bitmap.clone());
                got.extend(&items);
                if !more {
                    break;
                }
                start = order.rank(*items.last().unwrap()).unwrap() as usize + 1;
            }
            assert_eq!(got, members, "estimate {estimate}");
        }
    }
}
