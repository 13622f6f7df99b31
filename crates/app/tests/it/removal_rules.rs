//! A19–A22: removing access, deleting groups, leaving groups, deactivation.

use casegate_app::{AppError, Standing, UserPatch};
use casegate_core::{How, NewClientAccess, Role, Subject};

use crate::support::World;

#[tokio::test]
async fn a19_whoever_may_share_may_revoke_but_not_the_owner() {
    let w = World::new().await;
    let owner = w.user("Olga", Role::User).await;
    let bob = w.user("Bob", Role::User).await;
    let carl = w.user("Carl", Role::User).await;
    w.settings(true, false, false).await;
    let c = w.client(&owner, "File").await;
    w.app
        .grant(&owner, c, Subject::User(bob.user_id), false, None)
        .await
        .unwrap();
    // Bob has access but sharing is off: he may not remove shares.
    assert!(matches!(
        w.app.revoke(&bob, c, Subject::Company).await,
        Err(AppError::Forbidden(_))
    ));
    w.app.revoke(&owner, c, Subject::Company).await.unwrap();
    assert!(!w.opens(&carl, c).await);
    // Nothing open for that subject: not found.
    assert!(matches!(
        w.app.revoke(&owner, c, Subject::Company).await,
        Err(AppError::NotFound)
    ));
    // The owner is not a share.
    assert_eq!(
        crate::support::fields(
            w.app
                .revoke(&w.admin, c, Subject::User(owner.user_id))
                .await
                .unwrap_err()
        ),
        vec!["subject"]
    );
    // Only the owner or admins transfer ownership.
    assert!(matches!(
        w.app.transfer_owner(&bob, c, bob.user_id).await,
        Err(AppError::Forbidden(_))
    ));
    w.app
        .transfer_owner(&w.admin, c, bob.user_id)
        .await
        .unwrap();
    assert!(!w.opens(&owner, c).await);
    // The history keeps who revoked what and when.
    let history = w.app.access_history(&bob, c).await.unwrap();
    let company = history
        .iter()
        .find(|h| h.subject.subject == Subject::Company)
        .unwrap();
    assert_eq!(company.revoked_by.as_ref().unwrap().name, "Olga");
    assert_eq!(company.revoked_how, Some(How::Manual));
}

#[tokio::test]
async fn a20_deleting_a_group_needs_confirmation_and_revokes() {
    let w = World::new().await;
    let owner = w.user("Olga", Role::User).await;
    let bob = w.user("Bob", Role::User).await;
    let carl = w.user("Carl", Role::User).await;
    w.settings(true, false, false).await;
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    let g = w.group("Team", &[bob.user_id, carl.user_id]).await;
    let c1 = w.client(&owner, "One").await;
    let c2 = w.client(&owner, "Two").await;
    w.app
        .grant(&owner, c1, Subject::Group(g), false, None)
        .await
        .unwrap();
    w.app
        .grant(&owner, c2, Subject::Group(g), false, None)
        .await
        .unwrap();
    // Carl keeps c2 through a direct share: only Bob loses everything he had through it.
    w.app
        .grant(&owner, c2, Subject::User(carl.user_id), false, None)
        .await
        .unwrap();
    assert!(matches!(
        w.app.delete_group(&bob, g, true).await,
        Err(AppError::Forbidden(_))
    ));
    let before = w.app.revision();
    match w.app.delete_group(&w.admin, g, false).await {
        Err(AppError::ConfirmationRequired { clients, users }) => {
            assert_eq!((clients, users), (2, 2));
        }
        other => panic!("expected a confirmation, got {other:?}"),
    }
    assert_eq!(w.app.revision(), before);
    assert!(w.opens(&bob, c1).await);
    let deleted = w.app.delete_group(&w.admin, g, true).await.unwrap();
    assert_eq!(deleted.value.revoked_shares, 2);
    assert!(!w.opens(&bob, c1).await && !w.opens(&bob, c2).await);
    assert!(!w.opens(&carl, c1).await && w.opens(&carl, c2).await);
    assert!(matches!(
        w.app.group(&w.admin, g).await,
        Err(AppError::NotFound)
    ));
    let history = w.app.access_history(&owner, c1).await.unwrap();
    assert_eq!(history[0].revoked_how, Some(How::GroupDeleted));
    assert_eq!(
        history[0].subject.name, "Team",
        "the history keeps the name"
    );
    assert_eq!(history[0].subject.standing, Standing::Deleted);
}

#[tokio::test]
async fn a21_removing_a_member_removes_only_that_groups_access() {
    let w = World::new().await;
    let owner = w.user("Olga", Role::User).await;
    let bob = w.user("Bob", Role::User).await;
    let carl = w.user("Carl", Role::User).await;
    w.settings(true, false, false).await;
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    let team = w.group("Team", &[bob.user_id, carl.user_id]).await;
    let other = w.group("Other", &[bob.user_id]).await;
    let c1 = w.client(&owner, "One").await;
    let c2 = w.client(&owner, "Two").await;
    w.app
        .grant(&owner, c1, Subject::Group(team), false, None)
        .await
        .unwrap();
    w.app
        .grant(&owner, c2, Subject::Group(team), false, None)
        .await
        .unwrap();
    w.app
        .grant(&owner, c2, Subject::Group(other), false, None)
        .await
        .unwrap();
    let view = w
        .app
        .remove_member(&w.admin, team, bob.user_id)
        .await
        .unwrap();
    assert_eq!(view.value.members.len(), 1);
    assert!(!w.opens(&bob, c1).await);
    assert!(
        w.opens(&bob, c2).await,
        "access through the other group stays"
    );
    assert!(w.opens(&carl, c1).await, "other members keep theirs");
    assert!(matches!(
        w.app.remove_member(&w.admin, team, bob.user_id).await,
        Err(AppError::NotFound)
    ));
}

#[tokio::test]
async fn a22_deactivation_ends_tokens_and_access() {
    let w = World::new().await;
    let created = w
        .app
        .create_user(
            &w.admin,
            casegate_app::NewUser {
                email: "Bob@Acme.test".into(),
                name: "Bob".into(),
                role: Role::User,
                password: Some(crate::support::PASSWORD.into()),
                language: None,
            },
        )
        .await
        .unwrap()
        .value;
    w.settings(true, false, false).await;
    let c = w.client(&w.admin, "File").await;
    let (token, user) = w
        .app
        .login(
            "bob@acme.test",
            crate::support::PASSWORD,
            crate::support::FROM,
        )
        .await
        .unwrap();
    assert_eq!(user.id, created.id);
    let bob = w.app.authenticate(&token).await.unwrap();
    assert!(w.opens(&bob, c).await);
    let history_before = w.app.access_history(&w.admin, c).await.unwrap();
    w.app
        .update_user(
            &w.admin,
            bob.user_id,
            UserPatch {
                active: Some(false),
                ..UserPatch::default()
            },
        )
        .await
        .unwrap();
    assert!(matches!(
        w.app.authenticate(&token).await,
        Err(AppError::Unauthenticated)
    ));
    assert!(matches!(
        w.app.client(&bob, c).await,
        Err(AppError::Unauthenticated)
    ));
    let answer = w
        .app
        .check(&w.admin, bob.user_id, c, casegate_app::CheckAction::View)
        .await
        .unwrap();
    assert!(!answer.allowed);
    assert!(matches!(
        w.app
            .login(
                "bob@acme.test",
                crate::support::PASSWORD,
                crate::support::FROM
            )
            .await,
        Err(AppError::Unauthenticated)
    ));
    // History stays: the user is still there, inactive.
    let stored = w.app.user(&w.admin, bob.user_id).await.unwrap();
    assert!(!stored.active);
    assert_eq!(
        w.app.access_history(&w.admin, c).await.unwrap(),
        history_before
    );
    // The primary admin cannot be deactivated, nor changed by an admin.
    let alan = w.user("Alan", Role::Admin).await;
    let off = UserPatch {
        active: Some(false),
        ..UserPatch::default()
    };
    assert!(matches!(
        w.app.update_user(&alan, w.admin.user_id, off.clone()).await,
        Err(AppError::Forbidden(_))
    ));
    assert!(
        w.app
            .update_user(&w.admin, w.admin.user_id, off)
            .await
            .is_err()
    );
}
