//! Sign-in, tokens, throttling, staff administration and validation.

use casegate_app::{AppError, NewClient, NewUser, UserPatch};
use casegate_core::Role;

use crate::support::{PASSWORD, World, fields};

#[tokio::test]
async fn login_answers_the_same_for_unknown_email_and_wrong_password() {
    let w = World::new().await;
    let unknown = w.app.login("nobody@acme.test", PASSWORD).await.unwrap_err();
    let wrong = w
        .app
        .login("ada@acme.test", "wrong password")
        .await
        .unwrap_err();
    assert!(matches!(unknown, AppError::Unauthenticated));
    assert!(matches!(wrong, AppError::Unauthenticated));
    assert_eq!(unknown.to_string(), wrong.to_string());
    let (token, user) = w.app.login(" ADA@acme.test ", PASSWORD).await.unwrap();
    assert_eq!(user.id, w.admin.user_id);
    let actor = w.app.authenticate(&token).await.unwrap();
    assert_eq!(actor.user_id, w.admin.user_id);
    assert_eq!(w.app.me(&actor).await.unwrap().email, "ada@acme.test");
    w.app.logout(&actor).await.unwrap();
    assert!(matches!(
        w.app.authenticate(&token).await,
        Err(AppError::Unauthenticated)
    ));
}

#[tokio::test]
async fn tokens_expire_after_their_ttl() {
    let w = World::new().await;
    let (token, _) = w.app.login("ada@acme.test", PASSWORD).await.unwrap();
    w.clock.advance(chrono::Duration::minutes(59));
    assert!(w.app.authenticate(&token).await.is_ok());
    w.clock.advance(chrono::Duration::minutes(2));
    assert!(matches!(
        w.app.authenticate(&token).await,
        Err(AppError::Unauthenticated)
    ));
}

#[tokio::test]
async fn login_is_throttled_after_ten_failures() {
    let w = World::new().await;
    for _ in 0..10 {
        assert!(matches!(
            w.app.login("ada@acme.test", "nope").await,
            Err(AppError::Unauthenticated)
        ));
    }
    assert!(matches!(
        w.app.login("ada@acme.test", PASSWORD).await,
        Err(AppError::RateLimited)
    ));
    w.clock.advance(chrono::Duration::minutes(16));
    assert!(w.app.login("ada@acme.test", PASSWORD).await.is_ok());
}

#[tokio::test]
async fn staff_configuration_is_for_admins_only() {
    let w = World::new().await;
    let manager = w.user("Mia", Role::Manager).await;
    let new = |email: &str, role| NewUser {
        email: email.into(),
        name: "Someone".into(),
        role,
        password: None,
        language: None,
    };
    assert!(matches!(
        w.app
            .create_user(&manager, new("x@acme.test", Role::User))
            .await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        w.app.create_group(&manager, "G", &[]).await,
        Err(AppError::Forbidden(_))
    ));
    assert_eq!(
        fields(
            w.app
                .create_user(&w.admin, new("x@acme.test", Role::PrimaryAdmin))
                .await
                .unwrap_err()
        ),
        vec!["role"]
    );
    assert!(matches!(
        w.app
            .create_user(&w.admin, new("ADA@acme.test", Role::User))
            .await,
        Err(AppError::Conflict(_))
    ));
    let promote = UserPatch {
        role: Some(Role::PrimaryAdmin),
        ..UserPatch::default()
    };
    assert!(matches!(
        w.app.update_user(&w.admin, manager.user_id, promote).await,
        Err(AppError::Forbidden(_))
    ));
    let users = w.app.users(&manager, None, 1).await.unwrap();
    assert_eq!(users.items[0].name, "Ada Admin");
    let next = users.next.unwrap().encode();
    let rest = w.app.users(&manager, Some(&next), 10).await.unwrap();
    assert_eq!(rest.items.len(), 1);
    assert_eq!(rest.items[0].name, "Mia");
    assert!(rest.next.is_none());
    assert_eq!(
        fields(
            w.app
                .users(&manager, Some("garbage"), 10)
                .await
                .unwrap_err()
        ),
        vec!["cursor"]
    );
}

#[tokio::test]
async fn every_bad_field_is_named_and_nothing_changes() {
    let w = World::new().await;
    let before = w.app.revision();
    let bad = NewUser {
        email: "not-an-email".into(),
        name: "   ".into(),
        role: Role::User,
        password: Some("short".into()),
        language: None,
    };
    assert_eq!(
        fields(w.app.create_user(&w.admin, bad).await.unwrap_err()),
        vec!["email", "name", "password"]
    );
    let client = NewClient {
        name: "x".repeat(201),
        email: Some("a@@b".into()),
        phone: None,
        tags: (0..51).map(|i| i.to_string()).collect(),
        owner_id: None,
    };
    assert_eq!(
        fields(w.app.create_client(&w.admin, client).await.unwrap_err()),
        vec!["email", "name", "tags"]
    );
    assert_eq!(
        fields(w.app.create_group(&w.admin, "", &[]).await.unwrap_err()),
        vec!["name"]
    );
    assert_eq!(w.app.revision(), before);
}

#[tokio::test]
async fn check_is_for_admins_or_about_oneself() {
    let w = World::new().await;
    let bob = w.user("Bob", Role::User).await;
    let carl = w.user("Carl", Role::User).await;
    w.settings(true, false, false).await;
    let c = w.client(&bob, "File").await;
    let mine = w
        .app
        .check(&bob, bob.user_id, c, casegate_app::CheckAction::Share)
        .await
        .unwrap();
    assert!(mine.allowed);
    assert_eq!(mine.revision, w.app.revision());
    assert!(matches!(
        w.app
            .check(&carl, bob.user_id, c, casegate_app::CheckAction::View)
            .await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        w.app.user_clients(&carl, bob.user_id, None, 10).await,
        Err(AppError::Forbidden(_))
    ));
    let theirs = w
        .app
        .user_clients(&w.admin, bob.user_id, None, 10)
        .await
        .unwrap();
    assert_eq!(theirs.items.len(), 1);
    let who = w.app.client_users(&bob, c, None, 10).await.unwrap();
    assert_eq!(who.items.len(), 3);
    assert!(
        w.app
            .wait_for(w.app.revision(), std::time::Duration::from_millis(10))
            .await
            .is_ok()
    );
    let ahead = casegate_core::Revision(w.app.revision().0 + 5);
    assert!(matches!(
        w.app
            .wait_for(ahead, std::time::Duration::from_millis(50))
            .await,
        Err(AppError::RevisionUnavailable(_))
    ));
}
