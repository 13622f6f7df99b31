//! C8 (handover to a successor) and X11 (leavers): ownership, direct shares
//! and groups pass on in one revision; deactivating an owner needs a
//! successor; and, whatever happens, no client is owned by an inactive user.

use casegate_app::{Actor, AppError, HandoverCounts, NewUser, UserPatch};
use casegate_core::{Change, ClientId, How, NewClientAccess, Revision, Role, Subject, UserId};
use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::support::{PASSWORD, World, actor, fields};

/// Lea (a user) owns Alpha and Beta, is shared directly on Gamma and Delta
/// (Sam too on Delta), and is in Team and Desk (Sam in Desk).
struct Leaver {
    lea: Actor,
    sam: Actor,
    alpha: ClientId,
    beta: ClientId,
    gamma: ClientId,
    delta: ClientId,
    team: casegate_core::GroupId,
    desk: casegate_core::GroupId,
}

async fn leaver(w: &World) -> Leaver {
    w.settings(true, false, false).await;
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    let lea = w.user("Lea", Role::User).await;
    let sam = w.user("Sam", Role::User).await;
    let alpha = w.client(&lea, "Alpha").await;
    let beta = w.client(&lea, "Beta").await;
    let gamma = w.client(&w.admin, "Gamma").await;
    let delta = w.client(&w.admin, "Delta").await;
    for (c, who) in [(gamma, &lea), (delta, &lea), (delta, &sam)] {
        w.app
            .grant(&w.admin, c, Subject::User(who.user_id), false, None)
            .await
            .unwrap();
    }
    let team = w.group("Team", &[lea.user_id]).await;
    let desk = w.group("Desk", &[lea.user_id, sam.user_id]).await;
    Leaver {
        lea,
        sam,
        alpha,
        beta,
        gamma,
        delta,
        team,
        desk,
    }
}

/// The changes committed after `from`.
async fn changes_after(w: &World, from: Revision) -> Vec<Change> {
    w.app
        .store()
        .changes_since(from, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|(_, c)| c)
        .collect()
}

/// The audit actions recorded so far.
async fn audit_actions(w: &World) -> Vec<String> {
    w.app
        .store()
        .audit_entries(w.company, 0, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

async fn owner_of(w: &World, c: ClientId) -> UserId {
    w.app.client(&w.admin, c).await.unwrap().owner_id
}

#[tokio::test]
async fn c8_handover_moves_ownership_shares_and_groups_in_one_revision() {
    let w = World::new().await;
    let l = leaver(&w).await;
    assert!(!w.opens(&l.sam, l.alpha).await && !w.opens(&l.sam, l.gamma).await);
    let before = w.app.revision();

    let done = w
        .app
        .handover(&w.admin, l.lea.user_id, l.sam.user_id)
        .await
        .unwrap();
    assert_eq!(
        done.value,
        HandoverCounts {
            owned: 2,
            shares: 1,
            groups: 1
        },
        "Sam already had Delta and Desk"
    );
    assert_eq!(done.revision, Revision(before.0 + 1), "one revision");
    match changes_after(&w, before).await.as_slice() {
        [Change::Batch { changes }] => assert_eq!(changes.len(), 4),
        other => panic!("one batch expected, got {other:?}"),
    }

    // Ownership moved; Sam opens what Lea owned and what was shared with her.
    for c in [l.alpha, l.beta] {
        assert_eq!(owner_of(&w, c).await, l.sam.user_id);
    }
    for c in [l.alpha, l.beta, l.gamma, l.delta] {
        assert!(w.opens(&l.sam, c).await);
    }
    // The new share is recorded as a handover, granted by the admin (C5).
    let history = w.app.access_history(&w.admin, l.gamma).await.unwrap();
    let given = history
        .iter()
        .find(|h| h.subject.subject == Subject::User(l.sam.user_id))
        .unwrap();
    assert_eq!(given.granted_how, How::Handover);
    assert_eq!(given.granted_by.as_ref().unwrap().id, w.admin.user_id);
    // Sam's own share on Delta is untouched: no second one.
    let delta = w.app.access_history(&w.admin, l.delta).await.unwrap();
    assert!(delta.iter().all(|h| h.granted_how == How::Manual));
    let team = w.app.group(&w.admin, l.team).await.unwrap();
    assert!(team.members.iter().any(|m| m.id == l.sam.user_id));
    let desk = w.app.group(&w.admin, l.desk).await.unwrap();
    assert_eq!(desk.members.len(), 2);

    // Lea keeps her own shares and memberships, not the ownership.
    assert!(w.opens(&l.lea, l.gamma).await);
    assert!(!w.opens(&l.lea, l.alpha).await);
    assert!(team.members.iter().any(|m| m.id == l.lea.user_id));
    assert_eq!(
        audit_actions(&w)
            .await
            .iter()
            .filter(|a| *a == "user.handover")
            .count(),
        1
    );

    // Nothing is left to pass on: no new revision.
    let again = w
        .app
        .handover(&w.admin, l.lea.user_id, l.sam.user_id)
        .await
        .unwrap();
    assert_eq!(again.value, HandoverCounts::default());
    assert_eq!(again.revision, done.revision);
}

#[tokio::test]
async fn c8_the_user_themself_or_admins_hand_over_to_another_active_member() {
    let w = World::new().await;
    let l = leaver(&w).await;
    let mia = w.user("Mia", Role::Manager).await;
    let max = w.user("Max", Role::User).await;
    let gone = w.user("Gone", Role::User).await;
    w.deactivate(gone.user_id).await;
    let alan = w.user("Alan", Role::Admin).await;
    let elsewhere = w.other_company("Globex").await;
    let before = w.app.revision();
    let (lea, sam) = (l.lea.user_id, l.sam.user_id);

    // Neither a manager nor a colleague.
    for who in [&mia, &max] {
        let err = w.app.handover(who, lea, sam).await.unwrap_err();
        assert!(matches!(err, AppError::Forbidden(_)), "{err:?}");
    }
    // B1: an admin does not hand over the primary admin's clients.
    let err = w
        .app
        .handover(&alan, w.admin.user_id, sam)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Forbidden(_)), "{err:?}");
    // The successor: of this company (else 404), active, someone else (422).
    for unknown in [elsewhere.user_id, UserId::from_u128(42)] {
        let err = w.app.handover(&w.admin, lea, unknown).await.unwrap_err();
        assert!(matches!(err, AppError::NotFound), "{err:?}");
    }
    let err = w
        .app
        .handover(&w.admin, elsewhere.user_id, sam)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::NotFound), "{err:?}");
    for bad in [gone.user_id, lea] {
        let err = w.app.handover(&w.admin, lea, bad).await.unwrap_err();
        assert_eq!(fields(err), ["successor_id"]);
    }
    assert_eq!(w.app.revision(), before, "nothing changed");
    assert_eq!(owner_of(&w, l.alpha).await, lea);

    // Lea herself may.
    let done = w.app.handover(&l.lea, lea, max.user_id).await.unwrap();
    assert_eq!(done.value.owned, 2);
    assert_eq!(owner_of(&w, l.alpha).await, max.user_id);
    // And the primary admin hands over their own (staying primary admin).
    w.app
        .handover(&w.admin, w.admin.user_id, sam)
        .await
        .unwrap();
    assert_eq!(owner_of(&w, l.gamma).await, sam);
    let ada = w.app.user(&w.admin, w.admin.user_id).await.unwrap();
    assert_eq!(ada.role, Role::PrimaryAdmin);
}

#[tokio::test]
async fn x11_deactivating_an_owner_without_a_successor_is_refused_and_changes_nothing() {
    let w = World::new().await;
    let l = leaver(&w).await;
    let before = w.app.revision();
    let off = UserPatch {
        active: Some(false),
        ..UserPatch::default()
    };
    let err = w
        .app
        .update_user(&w.admin, l.lea.user_id, off)
        .await
        .unwrap_err();
    assert!(
        matches!(err, AppError::OwnsClients { owned_clients: 2 }),
        "{err:?}"
    );
    assert_eq!(w.app.revision(), before);
    assert!(w.app.user(&w.admin, l.lea.user_id).await.unwrap().active);
    assert!(w.opens(&l.lea, l.alpha).await);
    // A successor is named only with a deactivation.
    let odd = UserPatch {
        name: Some("Lea L.".into()),
        successor_id: Some(l.sam.user_id),
        ..UserPatch::default()
    };
    let err = w
        .app
        .update_user(&w.admin, l.lea.user_id, odd)
        .await
        .unwrap_err();
    assert_eq!(fields(err), ["successor_id"]);
    // A bad successor refuses the whole change.
    let bad = UserPatch {
        active: Some(false),
        successor_id: Some(l.lea.user_id),
        ..UserPatch::default()
    };
    let err = w
        .app
        .update_user(&w.admin, l.lea.user_id, bad)
        .await
        .unwrap_err();
    assert_eq!(fields(err), ["successor_id"]);
    assert_eq!(w.app.revision(), before);
    // Without clients, deactivation needs no successor.
    let max = w.user("Max", Role::User).await;
    w.deactivate(max.user_id).await;
}

#[tokio::test]
async fn x11_deactivating_with_a_successor_hands_over_first_in_one_revision() {
    let w = World::new().await;
    let l = leaver(&w).await;
    let kim = w
        .app
        .create_user(
            &w.admin,
            NewUser {
                email: "kim@acme.test".into(),
                name: "Kim".into(),
                role: Role::User,
                password: Some(PASSWORD.into()),
                language: None,
            },
        )
        .await
        .unwrap()
        .value;
    let kim_actor = actor(&kim);
    let owned = w.client(&kim_actor, "Kim's file").await;
    let (token, _) = w
        .app
        .login("kim@acme.test", PASSWORD, crate::support::FROM)
        .await
        .unwrap();
    let before = w.app.revision();

    let patch = UserPatch {
        active: Some(false),
        successor_id: Some(l.sam.user_id),
        ..UserPatch::default()
    };
    let done = w.app.update_user(&w.admin, kim.id, patch).await.unwrap();
    assert!(!done.value.active);
    assert_eq!(done.revision, Revision(before.0 + 1), "one revision");
    match changes_after(&w, before).await.as_slice() {
        [Change::Batch { changes }] => {
            assert!(matches!(changes.first(), Some(Change::ClientSaved { .. })));
            assert!(matches!(changes.last(), Some(Change::UserSaved { user }) if !user.active));
        }
        other => panic!("one batch expected, got {other:?}"),
    }
    assert_eq!(owner_of(&w, owned).await, l.sam.user_id);
    // A22: the leaver's sessions ended in the same commit.
    assert!(matches!(
        w.app.authenticate(&token).await,
        Err(AppError::Unauthenticated)
    ));
    let log = audit_actions(&w).await;
    assert_eq!(&log[log.len() - 2..], ["user.handover", "user.deactivated"]);

    // Lea too, then no live client is owned by an inactive user.
    let patch = UserPatch {
        active: Some(false),
        successor_id: Some(l.sam.user_id),
        ..UserPatch::default()
    };
    w.app
        .update_user(&w.admin, l.lea.user_id, patch)
        .await
        .unwrap();
    for c in [l.alpha, l.beta, l.gamma, l.delta, owned] {
        let owner = owner_of(&w, c).await;
        assert!(w.app.user(&w.admin, owner).await.unwrap().active, "{c:?}");
    }
}

#[derive(Debug, Clone)]
enum Op {
    CreateClient {
        by: usize,
        owner: usize,
    },
    Transfer {
        client: usize,
        to: usize,
    },
    Handover {
        by: usize,
        user: usize,
        successor: usize,
    },
    Deactivate {
        user: usize,
        successor: Option<usize>,
    },
    Reactivate {
        user: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let i = || 0..6usize;
    prop_oneof![
        3 => (i(), i()).prop_map(|(by, owner)| Op::CreateClient { by, owner }),
        1 => (i(), i()).prop_map(|(client, to)| Op::Transfer { client, to }),
        2 => (i(), i(), i()).prop_map(|(by, user, successor)| Op::Handover { by, user, successor }),
        3 => (i(), prop::option::of(i())).prop_map(|(user, successor)| Op::Deactivate { user, successor }),
        1 => i().prop_map(|user| Op::Reactivate { user }),
    ]
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

proptest! {
    #![proptest_config(Config { cases: 24, failure_persistence: None, ..Config::default() })]

    /// X11 as an invariant: after any sequence of creations, transfers,
    /// handovers and (de)activations, succeeding or not, every live client
    /// has an active owner, and the index agrees with the store on who owns
    /// what.
    #[test]
    fn x11_no_client_is_ever_owned_by_an_inactive_user(ops in prop::collection::vec(op(), 1..30)) {
        block_on(async move {
            let w = World::new().await;
            let admin = w.admin.clone();
            let mut users = vec![admin.user_id];
            for (name, role) in [("Alan", Role::Admin), ("Cleo", Role::Contributor), ("Ulf", Role::User), ("Una", Role::User), ("Mia", Role::Manager)] {
                users.push(w.user(name, role).await.user_id);
            }
            let mut clients: Vec<ClientId> = Vec::new();
            let pick = |v: &[UserId], i: usize| v[i % v.len()];
            for op in ops {
                match op {
                    Op::CreateClient { by, owner } => {
                        let who = actor(&w.app.user(&admin, pick(&users, by)).await.unwrap());
                        let input = casegate_app::NewClient {
                            name: format!("C{}", clients.len()),
                            owner_id: Some(pick(&users, owner)),
                            ..casegate_app::NewClient::default()
                        };
                        if let Ok(c) = w.app.create_client(&who, input).await {
                            clients.push(c.value.id);
                        }
                    }
                    Op::Transfer { client, to } => {
                        if !clients.is_empty() {
                            let c = clients[client % clients.len()];
                            let _ = w.app.transfer_owner(&admin, c, pick(&users, to)).await;
                        }
                    }
                    Op::Handover { by, user, successor } => {
                        let who = actor(&w.app.user(&admin, pick(&users, by)).await.unwrap());
                        let _ = w.app.handover(&who, pick(&users, user), pick(&users, successor)).await;
                    }
                    Op::Deactivate { user, successor } => {
                        let patch = UserPatch {
                            active: Some(false),
                            successor_id: successor.map(|s| pick(&users, s)),
                            ..UserPatch::default()
                        };
                        let _ = w.app.update_user(&admin, pick(&users, user), patch).await;
                    }
                    Op::Reactivate { user } => {
                        let patch = UserPatch { active: Some(true), ..UserPatch::default() };
                        let _ = w.app.update_user(&admin, pick(&users, user), patch).await;
                    }
                }
            }
            for &u in &users {
                let user = w.app.user(&admin, u).await.unwrap();
                let owned = w.app.store().clients_owned_by(w.company, u).await.unwrap();
                if !user.active {
                    assert!(owned.is_empty(), "{} is inactive and owns {owned:?}", user.name);
                }
                let held = w.app.holdings(&admin, u).await.unwrap();
                assert_eq!(held.owned, owned.len(), "index and store agree on {}", user.name);
            }
        });
    }
}
