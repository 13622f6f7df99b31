//! Sign-in, tokens, throttling, staff administration and validation.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use casegate_app::{AppError, NewClient, NewUser, UserPatch};
use casegate_core::Role;

use crate::support::{FROM, PASSWORD, World, fields};

#[tokio::test]
async fn login_answers_the_same_for_unknown_email_and_wrong_password() {
    let w = World::new().await;
    let unknown = w
        .app
        .login("nobody@acme.test", PASSWORD, FROM)
        .await
        .unwrap_err();
    let wrong = w
        .app
        .login("ada@acme.test", "wrong password", FROM)
        .await
        .unwrap_err();
    assert!(matches!(unknown, AppError::Unauthenticated));
    assert!(matches!(wrong, AppError::Unauthenticated));
    assert_eq!(unknown.to_string(), wrong.to_string());
    let (token, user) = w
        .app
        .login(" ADA@acme.test ", PASSWORD, FROM)
        .await
        .unwrap();
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
    let (token, _) = w.app.login("ada@acme.test", PASSWORD, FROM).await.unwrap();
    w.clock.advance(chrono::Duration::minutes(59));
    assert!(w.app.authenticate(&token).await.is_ok());
    w.clock.advance(chrono::Duration::minutes(2));
    assert!(matches!(
        w.app.authenticate(&token).await,
        Err(AppError::Unauthenticated)
    ));
}

/// Client addresses of the throttle tests (documentation ranges).
const X: IpAddr = IpAddr::V4(Ipv4Addr::new(203, 0, 113, 7));
const Y: IpAddr = IpAddr::V4(Ipv4Addr::new(198, 51, 100, 9));

/// The wait of a `RateLimited` answer; panics on any other.
fn retry_after<T: std::fmt::Debug>(answer: Result<T, AppError>) -> Duration {
    match answer {
        Err(AppError::RateLimited { retry_after }) => retry_after,
        other => panic!("expected rate_limited, got {other:?}"),
    }
}

fn advance(w: &World, by: Duration) {
    w.clock.advance(chrono::Duration::from_std(by).unwrap());
}

#[tokio::test]
async fn fifty_wrong_passwords_from_one_address_do_not_stop_the_right_one_from_another() {
    let w = World::new().await;
    let mut failures = 0;
    while failures < 50 {
        match w.app.login("ada@acme.test", "nope", X).await {
            Err(AppError::Unauthenticated) => failures += 1,
            // Wait as told, so that all 50 are real tries.
            Err(AppError::RateLimited { retry_after }) => advance(&w, retry_after),
            other => panic!("unexpected {other:?}"),
        }
    }
    // X waits, even with the right password; Y signs in at once.
    retry_after(w.app.login("ada@acme.test", PASSWORD, X).await);
    let (_, user) = w.app.login("ada@acme.test", PASSWORD, Y).await.unwrap();
    assert_eq!(user.id, w.admin.user_id);
}

#[tokio::test]
async fn an_address_waits_twice_as_long_after_each_failure_past_the_fifth_up_to_fifteen_minutes() {
    let w = World::new().await;
    for _ in 0..5 {
        assert!(matches!(
            w.app.login("ada@acme.test", "nope", X).await,
            Err(AppError::Unauthenticated)
        ));
    }
    let mut expected = Duration::from_secs(1);
    for _ in 0..13 {
        // Not even the right password is tried before the wait is over.
        assert_eq!(
            retry_after(w.app.login("ada@acme.test", PASSWORD, X).await),
            expected
        );
        advance(&w, expected / 2);
        assert_eq!(
            retry_after(w.app.login("ada@acme.test", "nope", X).await),
            expected - expected / 2
        );
        advance(&w, expected - expected / 2);
        assert!(matches!(
            w.app.login("ada@acme.test", "nope", X).await,
            Err(AppError::Unauthenticated)
        ));
        expected = (expected * 2).min(Duration::from_secs(15 * 60));
    }
    assert_eq!(expected, Duration::from_secs(900), "the cap was reached");
    advance(&w, expected);
    assert!(w.app.login("ada@acme.test", PASSWORD, X).await.is_ok());
    // The success cleared the pair: five free failures again.
    for _ in 0..5 {
        assert!(matches!(
            w.app.login("ada@acme.test", "nope", X).await,
            Err(AppError::Unauthenticated)
        ));
    }
    assert_eq!(
        retry_after(w.app.login("ada@acme.test", "nope", X).await),
        Duration::from_secs(1)
    );
}

#[tokio::test]
async fn an_address_may_fail_thirty_times_across_emails_and_other_addresses_are_unaffected() {
    let w = World::new().await;
    for i in 0..30 {
        assert!(matches!(
            w.app
                .login(&format!("nobody{i}@acme.test"), "nope", X)
                .await,
            Err(AppError::Unauthenticated)
        ));
    }
    // The 31st is refused before it is tried, whatever the email.
    assert_eq!(
        retry_after(w.app.login("ada@acme.test", PASSWORD, X).await),
        Duration::from_secs(20)
    );
    assert!(w.app.login("ada@acme.test", PASSWORD, Y).await.is_ok());
    assert!(matches!(
        w.app.login("nobody99@acme.test", "nope", Y).await,
        Err(AppError::Unauthenticated)
    ));
    // One more failure every 20 s.
    advance(&w, Duration::from_secs(20));
    assert!(w.app.login("ada@acme.test", PASSWORD, X).await.is_ok());
    assert!(matches!(
        w.app.login("nobody30@acme.test", "nope", X).await,
        Err(AppError::Unauthenticated)
    ));
    retry_after(w.app.login("nobody31@acme.test", "nope", X).await);
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
