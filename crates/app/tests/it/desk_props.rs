//! Property tests of the desk (SPEC Part C), after any sequence of Part A
//! and Part C operations by staff of two companies and by contacts
//! (succeeding or not):
//!
//! (a) a contact reads nothing outside C4: exactly the files a fresh index
//!     says they are on, every other file of either company is not found,
//!     and the people they see on a file are their own entity's;
//! (b) the live index answers every contact question like a reload of the
//!     store;
//! (c) a contact of both companies never makes one company's answers
//!     mention anything of the other (no id of it appears in them).

use casegate_app::{Actor, App, ContactActor, NewEntity};
use casegate_core::deal::DealRole;
use casegate_core::{AccountId, ClientId, CompanyId, EntityId, Index, Subject};
use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::support::World;

const PEOPLE: usize = 5;

#[derive(Debug, Clone)]
enum Op {
    Join {
        b: bool,
        client: usize,
        entity: usize,
    },
    Leave {
        b: bool,
        client: usize,
        entity: usize,
    },
    StaffAdd {
        b: bool,
        client: usize,
        entity: usize,
        person: usize,
    },
    StaffRevoke {
        b: bool,
        client: usize,
        person: usize,
    },
    DeskAdd {
        by: usize,
        b: bool,
        client: usize,
        person: usize,
    },
    DeskRevoke {
        by: usize,
        b: bool,
        client: usize,
        person: usize,
    },
    Handover {
        by: usize,
        b: bool,
        entity: usize,
        to: usize,
        revoke_me: bool,
    },
    SelfManage {
        b: bool,
        entity: usize,
        on: bool,
        manager: usize,
    },
    ShareStaff {
        b: bool,
        client: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let b = any::<bool>();
    prop_oneof![
        (b, 0..3usize, 0..2usize).prop_map(|(b, client, entity)| Op::Join { b, client, entity }),
        (b, 0..3usize, 0..2usize).prop_map(|(b, client, entity)| Op::Leave { b, client, entity }),
        (b, 0..3usize, 0..2usize, 0..PEOPLE).prop_map(|(b, client, entity, person)| {
            Op::StaffAdd {
                b,
                client,
                entity,
                person,
            }
        }),
        (b, 0..3usize, 0..PEOPLE).prop_map(|(b, client, person)| Op::StaffRevoke {
            b,
            client,
            person
        }),
        (0..PEOPLE, b, 0..3usize, 0..PEOPLE).prop_map(|(by, b, client, person)| {
            Op::DeskAdd {
                by,
                b,
                client,
                person,
            }
        }),
        (0..PEOPLE, b, 0..3usize, 0..PEOPLE).prop_map(|(by, b, client, person)| {
            Op::DeskRevoke {
                by,
                b,
                client,
                person,
            }
        }),
        (0..PEOPLE, b, 0..2usize, 0..PEOPLE, any::<bool>()).prop_map(
            |(by, b, entity, to, revoke_me)| Op::Handover {
                by,
                b,
                entity,
                to,
                revoke_me
            }
        ),
        (b, 0..2usize, any::<bool>(), 0..PEOPLE).prop_map(|(b, entity, on, manager)| {
            Op::SelfManage {
                b,
                entity,
                on,
                manager,
            }
        }),
        (b, 0..3usize).prop_map(|(b, client)| Op::ShareStaff { b, client }),
    ]
}

/// One company's staff, entities and files.
struct Side {
    admin: Actor,
    company: CompanyId,
    clients: Vec<ClientId>,
    entities: Vec<EntityId>,
}

fn email(person: usize) -> String {
    format!("p{person}@people.example")
}

async fn side(w: &World, admin: Actor) -> Side {
    let mut clients = Vec::new();
    for n in 0..3 {
        clients.push(w.client(&admin, &format!("File {n}")).await);
    }
    let mut entities = Vec::new();
    for (n, kind) in [DealRole::Lender, DealRole::Borrower]
        .into_iter()
        .enumerate()
    {
        let e = w
            .app
            .create_entity(
                &admin,
                NewEntity {
                    name: format!("Entity {n}"),
                    kind,
                    self_managed: false,
                    email_domains: Vec::new(),
                },
            )
            .await
            .unwrap()
            .value
            .id;
        entities.push(e);
    }
    Side {
        company: admin.company_id,
        admin,
        clients,
        entities,
    }
}

async fn account(app: &App, person: usize) -> Option<AccountId> {
    app.store()
        .account_by_email(&email(person))
        .await
        .unwrap()
        .map(|a| a.id)
}

async fn desk(app: &App, person: usize) -> Option<ContactActor> {
    account(app, person).await.map(|account_id| ContactActor {
        account_id,
        token_hash: Vec::new(),
    })
}

async fn run(app: &App, a: &Side, b: &Side, op: Op) {
    let pick = |on_b: bool| if on_b { b } else { a };
    match op {
        Op::Join { b, client, entity } => {
            let s = pick(b);
            let _ = app
                .add_entity_to_file(
                    &s.admin,
                    s.clients[client],
                    s.entities[entity],
                    DealRole::Lender,
                )
                .await;
        }
        Op::Leave { b, client, entity } => {
            let s = pick(b);
            let _ = app
                .remove_entity_from_file(&s.admin, s.clients[client], s.entities[entity])
                .await;
        }
        Op::StaffAdd {
            b,
            client,
            entity,
            person,
        } => {
            let s = pick(b);
            let _ = app
                .add_contact(
                    &s.admin,
                    s.clients[client],
                    s.entities[entity],
                    &email(person),
                    None,
                )
                .await;
        }
        Op::StaffRevoke { b, client, person } => {
            let s = pick(b);
            if let Some(k) = account(app, person).await {
                let _ = app.revoke_contact(&s.admin, s.clients[client], k).await;
            }
        }
        Op::DeskAdd {
            by,
            b,
            client,
            person,
        } => {
            if let Some(me) = desk(app, by).await {
                let _ = app
                    .desk_add_contact(&me, pick(b).clients[client], None, &email(person), None)
                    .await;
            }
        }
        Op::DeskRevoke {
            by,
            b,
            client,
            person,
        } => {
            if let (Some(me), Some(k)) = (desk(app, by).await, account(app, person).await) {
                let _ = app
                    .desk_revoke_contact(&me, pick(b).clients[client], k)
                    .await;
            }
        }
        Op::Handover {
            by,
            b,
            entity,
            to,
            revoke_me,
        } => {
            if let Some(me) = desk(app, by).await {
                let _ = app
                    .desk_handover(&me, pick(b).entities[entity], &email(to), revoke_me)
                    .await;
            }
        }
        Op::SelfManage {
            b,
            entity,
            on,
            manager,
        } => {
            let s = pick(b);
            let _ = app
                .update_entity(
                    &s.admin,
                    s.entities[entity],
                    casegate_app::EntityPatch {
                        self_managed: Some(on),
                        ..Default::default()
                    },
                )
                .await;
            if on {
                let _ = app
                    .add_team_manager(&s.admin, s.entities[entity], &email(manager), None)
                    .await;
            }
        }
        Op::ShareStaff { b, client } => {
            let s = pick(b);
            let _ = app
                .grant(&s.admin, s.clients[client], Subject::Company, false, None)
                .await;
        }
    }
}

/// Every id of a company's that an answer could leak.
fn ids_of(side: &Side) -> Vec<String> {
    let mut ids = vec![side.company.to_string(), side.admin.user_id.to_string()];
    ids.extend(side.clients.iter().map(ToString::to_string));
    ids.extend(side.entities.iter().map(ToString::to_string));
    ids
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

fn config() -> Config {
    Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_contact_reads_nothing_outside_c4_and_no_company_learns_of_the_other(
        ops in prop::collection::vec(op(), 1..30),
    ) {
        block_on(async move {
            let w = World::new().await;
            let a = side(&w, w.admin.clone()).await;
            let b_admin = w.other_company("Beta").await;
            let b = side(&w, b_admin).await;
            // Everyone starts on the first file of each company: the first
            // three people through entity 0, the others through entity 1.
            for s in [&a, &b] {
                for entity in &s.entities {
                    w.app
                        .add_entity_to_file(&s.admin, s.clients[0], *entity, DealRole::Lender)
                        .await
                        .unwrap();
                }
                for person in 0..PEOPLE {
                    let entity = s.entities[usize::from(person >= 3)];
                    w.app
                        .add_contact(&s.admin, s.clients[0], entity, &email(person), None)
                        .await
                        .unwrap();
                }
            }
            for op in ops {
                run(&w.app, &a, &b, op).await;
            }

            let (snapshot, revision) = w.app.store().snapshot().await.unwrap();
            assert_eq!(revision, w.app.revision());
            let fresh = Index::load(snapshot, revision).unwrap();
            for person in 0..PEOPLE {
                let me = desk(&w.app, person).await.unwrap();
                let k = me.account_id;
                // (a), (b): exactly the files a reload says, each under its company.
                let mine = w.app.desk_files(&me).await.unwrap();
                for s in [&a, &b] {
                    let company = fresh.company(s.company).unwrap();
                    let live = w
                        .app
                        .with_company_index(s.company, |c| c.contact_files(k))
                        .unwrap();
                    assert_eq!(live, company.contact_files(k), "{person} in {:?}", s.company);
                    let expected: Vec<ClientId> = s
                        .clients
                        .iter()
                        .copied()
                        .filter(|&c| company.contact_may_open(k, c))
                        .collect();
                    let mut got: Vec<ClientId> = mine
                        .iter()
                        .filter(|f| f.company_id == s.company)
                        .map(|f| f.client_id)
                        .collect();
                    got.sort();
                    got.dedup();
                    let mut want = expected.clone();
                    want.sort();
                    assert_eq!(got, want, "{person}");
                    for &c in &s.clients {
                        let opened = w.app.desk_file(&me, c).await;
                        assert_eq!(opened.is_ok(), expected.contains(&c), "{person} {c:?}");
                        let Ok((current, former)) = w.app.desk_file_contacts(&me, c).await else {
                            continue;
                        };
                        // My own entities' people only.
                        let own: Vec<EntityId> = company
                            .contact_files(k)
                            .into_iter()
                            .filter(|f| f.client_id == c)
                            .map(|f| f.entity_id)
                            .chain(company.entities_managed_by(k))
                            .collect();
                        for line in current.iter().chain(former.iter()) {
                            assert!(own.contains(&line.share.entity_id), "{person} {c:?}");
                            assert_eq!(line.share.company_id, s.company);
                        }
                    }
                }
                // (c): neither company's record of this person names the other.
                for (s, other) in [(&a, &b), (&b, &a)] {
                    let foreign = ids_of(other);
                    let mut said = String::new();
                    for &c in &s.clients {
                        if let Ok(lines) = w.app.file_contact_lines(&s.admin, c).await {
                            said.push_str(&format!("{lines:?}"));
                        }
                        if let Ok(entities) = w.app.file_entities(&s.admin, c).await {
                            said.push_str(&format!("{entities:?}"));
                        }
                        match w.app.check_contact(&s.admin, k, c).await {
                            Ok((decision, _)) => said.push_str(&format!("{decision:?}")),
                            Err(e) => said.push_str(&format!("{e:?}")),
                        }
                    }
                    for &e in &s.entities {
                        said.push_str(&format!("{:?}", w.app.entity_detail(&s.admin, e).await.unwrap()));
                    }
                    for id in &foreign {
                        assert!(!said.contains(id.as_str()), "{:?} mentions {id}", s.company);
                    }
                    // The other company's files do not exist here, for staff either.
                    for &c in &other.clients {
                        assert!(w.app.check_contact(&s.admin, k, c).await.is_err());
                        assert!(w.app.file_contact_lines(&s.admin, c).await.is_err());
                    }
                }
                // A revoke of a person on another company's file is not found.
                for &c in &b.clients {
                    assert!(w.app.revoke_contact(&a.admin, c, k).await.is_err());
                }
            }
        });
    }
}
