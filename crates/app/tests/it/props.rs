//! Property tests: after any sequence of Part A operations by any actors
//! (succeeding or not), the live index answers exactly like one loaded from
//! the store's snapshot; and nothing of company B ever reaches a user of A.

use casegate_app::{
    Actor, App, AppError, CheckAction, ClientPatch, NewClient, RequestFilter, SettingsPatch,
    UserPatch,
};
use casegate_core::{
    AccessRequestId, ClientId, GroupId, Index, NewClientAccess, Role, Subject, UserId,
};
use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::support::{World, actor};

#[derive(Debug, Clone)]
enum Subj {
    User(usize),
    Group(usize),
    Company,
}

#[derive(Debug, Clone)]
enum Op {
    Settings {
        by: usize,
        a1: bool,
        a3: bool,
        a4: bool,
        owner_only: bool,
    },
    CreateClient {
        by: usize,
        owner: usize,
    },
    Grant {
        by: usize,
        client: usize,
        subject: Subj,
    },
    Revoke {
        by: usize,
        client: usize,
        subject: Subj,
    },
    Transfer {
        by: usize,
        client: usize,
        to: usize,
    },
    CreateGroup {
        by: usize,
        members: Vec<usize>,
    },
    AddMember {
        by: usize,
        group: usize,
        user: usize,
    },
    RemoveMember {
        by: usize,
        group: usize,
        user: usize,
    },
    DeleteGroup {
        by: usize,
        group: usize,
        confirm: bool,
    },
    UpdateUser {
        by: usize,
        user: usize,
        role: Option<Role>,
        active: Option<bool>,
        share_all: Option<bool>,
    },
    Restrict {
        by: usize,
        client: usize,
        on: bool,
    },
    DeleteClient {
        by: usize,
        client: usize,
    },
    Request {
        by: usize,
        client: usize,
    },
    Decide {
        by: usize,
        request: usize,
        approve: bool,
    },
    Cancel {
        by: usize,
        request: usize,
    },
}

fn subj() -> impl Strategy<Value = Subj> {
    prop_oneof![
        (0..8usize).prop_map(Subj::User),
        (0..4usize).prop_map(Subj::Group),
        Just(Subj::Company),
    ]
}

fn role() -> impl Strategy<Value = Role> {
    prop::sample::select(vec![
        Role::Admin,
        Role::Manager,
        Role::Marketing,
        Role::Contributor,
        Role::User,
    ])
}

fn op() -> impl Strategy<Value = Op> {
    let i = || 0..8usize;
    prop_oneof![
        1 => (i(), any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>())
            .prop_map(|(by, a1, a3, a4, owner_only)| Op::Settings { by, a1, a3, a4, owner_only }),
        1 => (i(), i()).prop_map(|(by, owner)| Op::CreateClient { by, owner }),
        3 => (i(), i(), subj()).prop_map(|(by, client, subject)| Op::Grant { by, client, subject }),
        2 => (i(), i(), subj()).prop_map(|(by, client, subject)| Op::Revoke { by, client, subject }),
        1 => (i(), i(), i()).prop_map(|(by, client, to)| Op::Transfer { by, client, to }),
        1 => (i(), prop::collection::vec(i(), 0..4)).prop_map(|(by, members)| Op::CreateGroup { by, members }),
        2 => (i(), i(), i()).prop_map(|(by, group, user)| Op::AddMember { by, group, user }),
        1 => (i(), i(), i()).prop_map(|(by, group, user)| Op::RemoveMember { by, group, user }),
        1 => (i(), i(), any::<bool>()).prop_map(|(by, group, confirm)| Op::DeleteGroup { by, group, confirm }),
        1 => (i(), i(), prop::option::of(role()), prop::option::of(any::<bool>()), prop::option::of(any::<bool>()))
            .prop_map(|(by, user, role, active, share_all)| Op::UpdateUser { by, user, role, active, share_all }),
        1 => (i(), i(), any::<bool>()).prop_map(|(by, client, on)| Op::Restrict { by, client, on }),
        1 => (i(), i()).prop_map(|(by, client)| Op::DeleteClient { by, client }),
        5 => (i(), i()).prop_map(|(by, client)| Op::Request { by, client }),
        4 => (i(), i(), any::<bool>()).prop_map(|(by, request, approve)| Op::Decide { by, request, approve }),
        1 => (i(), i()).prop_map(|(by, request)| Op::Cancel { by, request }),
    ]
}

/// Ids created so far in one company.
struct Pools {
    users: Vec<UserId>,
    clients: Vec<ClientId>,
    groups: Vec<GroupId>,
    requests: Vec<AccessRequestId>,
}

fn pick<T: Copy>(pool: &[T], i: usize) -> Option<T> {
    (!pool.is_empty()).then(|| pool[i % pool.len()])
}

/// A company with its admin, five staff members, three clients and a group.
async fn populate(w: &World, admin: &Actor, (a1, a3, a4): (bool, bool, bool)) -> Pools {
    let mut users = vec![admin.user_id];
    for (name, role) in [
        ("Alan", Role::Admin),
        ("Mia", Role::Manager),
        ("Max", Role::Marketing),
        ("Cleo", Role::Contributor),
        ("Ulf", Role::User),
    ] {
        users.push(w.user_in(admin, name, role).await.user_id);
    }
    let mut clients = Vec::new();
    // The clients start without a whole-company share (while A1 is on, they stay so).
    let start = SettingsPatch {
        client_access_enabled: Some(a1),
        allow_access_requests: Some(a3),
        allow_sharing: Some(a4),
        new_client_access: Some(NewClientAccess::OwnerOnly),
    };
    w.app.update_settings(admin, start).await.unwrap();
    for (i, name) in ["Alpha", "Beta", "Gamma"].into_iter().enumerate() {
        let owner = actor(&w.app.user(admin, users[i + 3]).await.unwrap());
        let created = w
            .app
            .create_client(
                &owner,
                NewClient {
                    name: name.into(),
                    ..NewClient::default()
                },
            )
            .await
            .unwrap();
        clients.push(created.value.id);
    }
    let group = w
        .app
        .create_group(admin, "Team", &users[3..5])
        .await
        .unwrap()
        .value
        .id;
    Pools {
        users,
        clients,
        groups: vec![group],
        requests: Vec::new(),
    }
}

/// The actor of a user as authentication would make it now (current role).
async fn current(app: &App, admin: &Actor, user: UserId) -> Actor {
    actor(&app.user(admin, user).await.unwrap())
}

async fn run(app: &App, admin: &Actor, p: &mut Pools, op: Op) {
    let by = |i: usize| pick(&p.users, i).unwrap();
    let subject = |s: &Subj| match s {
        Subj::User(i) => pick(&p.users, *i).map(Subject::User),
        Subj::Group(i) => pick(&p.groups, *i).map(Subject::Group),
        Subj::Company => Some(Subject::Company),
    };
    match op {
        Op::Settings {
            by: b,
            a1,
            a3,
            a4,
            owner_only,
        } => {
            let who = current(app, admin, by(b)).await;
            let patch = SettingsPatch {
                client_access_enabled: Some(a1),
                allow_access_requests: Some(a3),
                allow_sharing: Some(a4),
                new_client_access: Some(if owner_only {
                    NewClientAccess::OwnerOnly
                } else {
                    NewClientAccess::Company
                }),
            };
            let _ = app.update_settings(&who, patch).await;
        }
        Op::CreateClient { by: b, owner } => {
            let who = current(app, admin, by(b)).await;
            let input = NewClient {
                name: format!("C{}", p.clients.len()),
                owner_id: Some(by(owner)),
                ..NewClient::default()
            };
            if let Ok(w) = app.create_client(&who, input).await {
                p.clients.push(w.value.id);
            }
        }
        Op::Grant {
            by: b,
            client,
            subject: s,
        } => {
            let who = current(app, admin, by(b)).await;
            if let (Some(c), Some(s)) = (pick(&p.clients, client), subject(&s)) {
                let _ = app.grant(&who, c, s, false, None).await;
            }
        }
        Op::Revoke {
            by: b,
            client,
            subject: s,
        } => {
            let who = current(app, admin, by(b)).await;
            if let (Some(c), Some(s)) = (pick(&p.clients, client), subject(&s)) {
                let _ = app.revoke(&who, c, s).await;
            }
        }
        Op::Transfer { by: b, client, to } => {
            let who = current(app, admin, by(b)).await;
            if let Some(c) = pick(&p.clients, client) {
                let _ = app.transfer_owner(&who, c, by(to)).await;
            }
        }
        Op::CreateGroup { by: b, members } => {
            let who = current(app, admin, by(b)).await;
            let ids: Vec<UserId> = members.iter().map(|m| by(*m)).collect();
            if let Ok(w) = app
                .create_group(&who, &format!("G{}", p.groups.len()), &ids)
                .await
            {
                p.groups.push(w.value.id);
            }
        }
        Op::AddMember { by: b, group, user } => {
            let who = current(app, admin, by(b)).await;
            if let Some(g) = pick(&p.groups, group) {
                let _ = app.add_member(&who, g, by(user)).await;
            }
        }
        Op::RemoveMember { by: b, group, user } => {
            let who = current(app, admin, by(b)).await;
            if let Some(g) = pick(&p.groups, group) {
                let _ = app.remove_member(&who, g, by(user)).await;
            }
        }
        Op::DeleteGroup {
            by: b,
            group,
            confirm,
        } => {
            let who = current(app, admin, by(b)).await;
            if let Some(g) = pick(&p.groups, group) {
                let _ = app.delete_group(&who, g, confirm).await;
            }
        }
        Op::UpdateUser {
            by: b,
            user,
            role,
            active,
            share_all,
        } => {
            let who = current(app, admin, by(b)).await;
            let patch = UserPatch {
                role,
                active,
                share_all_clients: share_all,
                ..UserPatch::default()
            };
            let _ = app.update_user(&who, by(user), patch).await;
        }
        Op::Restrict { by: b, client, on } => {
            let who = current(app, admin, by(b)).await;
            if let Some(c) = pick(&p.clients, client) {
                let patch = ClientPatch {
                    restricted: Some(on),
                    ..ClientPatch::default()
                };
                let _ = app.update_client(&who, c, patch).await;
            }
        }
        Op::DeleteClient { by: b, client } => {
            let who = current(app, admin, by(b)).await;
            if let Some(c) = pick(&p.clients, client) {
                let _ = app.delete_client(&who, c).await;
            }
        }
        Op::Request { by: b, client } => {
            let who = current(app, admin, by(b)).await;
            if let Some(c) = pick(&p.clients, client)
                && let Ok(w) = app.request_access(&who, c, None).await
            {
                p.requests.push(w.value.request.request.id);
            }
        }
        Op::Decide {
            by: b,
            request,
            approve,
        } => {
            let who = current(app, admin, by(b)).await;
            if let Some(r) = pick(&p.requests, request) {
                let _ = if approve {
                    app.approve_request(&who, r).await
                } else {
                    app.deny_request(&who, r, None).await
                };
            }
        }
        Op::Cancel { by: b, request } => {
            let who = current(app, admin, by(b)).await;
            if let Some(r) = pick(&p.requests, request) {
                let _ = app.cancel_request(&who, r).await;
            }
        }
    }
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
        cases: 32,
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_index_always_equals_a_reload_from_the_store(
        start in (prop::bool::weighted(0.75), prop::bool::weighted(0.75), any::<bool>()),
        ops in prop::collection::vec(op(), 1..40),
    ) {
        block_on(async move {
            let w = World::new().await;
            let admin = w.admin.clone();
            let mut pools = populate(&w, &admin, start).await;
            for op in ops {
                run(&w.app, &admin, &mut pools, op).await;
            }
            let (snapshot, revision) = w.app.store().snapshot().await.unwrap();
            assert_eq!(revision, w.app.revision());
            let fresh = Index::load(snapshot, revision).unwrap();
            let fresh = fresh.company(w.company).unwrap();
            for &u in &pools.users {
                for &c in &pools.clients {
                    for action in [CheckAction::View, CheckAction::Share] {
                        let expected = match action {
                            CheckAction::View => fresh.check(u, c),
                            CheckAction::Share => fresh.can_share(u, c),
                        };
                        match w.app.check(&admin, u, c, action).await {
                            Ok(answer) => {
                                assert_eq!(answer.allowed, expected.allowed, "{u:?} {c:?} {action:?}");
                                assert_eq!(answer.reasons, expected.reasons);
                            }
                            Err(AppError::NotFound) => assert!(!fresh.has_client(c)),
                            Err(e) => panic!("check failed: {e:?}"),
                        }
                    }
                }
                let mine = w.app.user_clients(&admin, u, None, 500).await.unwrap();
                let ids: Vec<ClientId> = mine.items.iter().map(|i| i.id).collect();
                assert_eq!(ids, fresh.clients_for(u, None, 500).items);
            }
            for &c in pools.clients.iter().filter(|c| fresh.has_client(**c)) {
                let who = w.app.client_users(&admin, c, None, 500).await.unwrap();
                let got: Vec<_> = who.items.into_iter().map(|u| (u.user.id, u.reasons)).collect();
                assert_eq!(got, fresh.users_for(c, None, 500).items);
            }
        });
    }

    #[test]
    fn nothing_of_another_company_ever_answers(
        ops in prop::collection::vec(op(), 0..10),
        probes in prop::collection::vec((0..6usize, 0..26usize, 0..8usize), 1..20),
    ) {
        block_on(async move {
            let w = World::new().await;
            let admin = w.admin.clone();
            let mut a = populate(&w, &admin, (true, true, false)).await;
            let b_admin = w.other_company("Beta").await;
            let mut b = populate(&w, &b_admin, (true, true, false)).await;
            let b_user = current(&w.app, &b_admin, b.users[5]).await;
            let req = w.app.request_access(&b_user, b.clients[0], None).await.unwrap();
            b.requests.push(req.value.request.request.id);
            for op in ops {
                run(&w.app, &admin, &mut a, op).await;
            }
            for (who, probe, k) in probes {
                let who = current(&w.app, &admin, a.users[who]).await;
                let foreign = crate::probes::Ids {
                    user: b.users[k % b.users.len()],
                    client: b.clients[k % b.clients.len()],
                    group: b.groups[0],
                    request: b.requests[0],
                };
                let made_up = crate::probes::Ids::made_up();
                let own = crate::probes::Own {
                    user: a.users[k % a.users.len()],
                    client: pick(&a.clients, k).unwrap(),
                    group: pick(&a.groups, k).unwrap(),
                };
                let with_b = crate::probes::probe(&w.app, &who, probe, &own, &foreign).await;
                let with_none = crate::probes::probe(&w.app, &who, probe, &own, &made_up).await;
                assert_ne!(with_b, "ok", "probe {probe} answered with company B's ids");
                assert_eq!(with_b, with_none, "probe {probe}: B's id answers unlike a made-up one");
            }
            // Lists never hold B's ids.
            for &u in &a.users {
                let who = current(&w.app, &admin, u).await;
                let Ok(me) = w.app.me(&who).await else { continue };
                assert!(me.company_id == w.company);
                let clients = w.app.clients(&who, None, None, 500).await.unwrap();
                assert!(clients.items.iter().all(|c| !b.clients.contains(&c.id)));
                let users = w.app.users(&who, None, 500).await.unwrap();
                assert!(users.items.iter().all(|x| x.company_id == w.company));
                let groups = w.app.groups(&who).await.unwrap();
                assert!(groups.iter().all(|g| !b.groups.contains(&g.id)));
                let requests = w.app.access_requests(&who, RequestFilter::default(), None, 500).await.unwrap();
                assert!(requests.items.iter().all(|r| r.request.company_id == w.company));
                let mine = w.app.user_clients(&who, u, None, 500).await.unwrap();
                assert!(mine.items.iter().all(|c| !b.clients.contains(&c.id)));
            }
        });
    }
}
