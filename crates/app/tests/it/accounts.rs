//! AC1–AC4 and C7: invitations, forgotten passwords, a person's own
//! password and email, and signing out everywhere. Every link is followed
//! from the email that carries it.

use casegate_app::{AppError, NewUser};
use casegate_core::{Language, Role};
use proptest::prelude::*;

use crate::support::{FROM, PASSWORD, World, actor, to, written};

const NEW_PASSWORD: &str = "lanterns over the harbour";

/// The token of the first `{public_url}/{path}/TOKEN` link in `body`.
pub fn link_token(body: &str, path: &str) -> String {
    let prefix = format!("http://casegate.test/{path}/");
    let start = body
        .find(&prefix)
        .unwrap_or_else(|| panic!("no {path} link in {body}"))
        + prefix.len();
    body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// Creates `name` without a password and returns the invitation's token.
async fn invite(
    w: &World,
    name: &str,
    language: Option<Language>,
) -> (casegate_app::Actor, String) {
    written(w).await;
    let user = w
        .app
        .create_user(
            &w.admin,
            NewUser {
                email: format!("{}@acme.test", name.to_lowercase()),
                name: name.into(),
                role: Role::User,
                password: None,
                language,
            },
        )
        .await
        .unwrap()
        .value;
    let mails = written(w).await;
    let token = link_token(&to(&mails, &name.to_lowercase()).body_text, "invitations");
    (actor(&user), token)
}

async fn signs_in(w: &World, email: &str, password: &str) -> bool {
    w.app.login(email, password, FROM).await.is_ok()
}

/// Whether `password` is the account's password now, checked against the
/// stored hash (so that checking many old passwords trips no sign-in throttle).
async fn password_is(w: &World, email: &str, password: &str) -> bool {
    use argon2::PasswordVerifier as _;
    let Some((_, Some(hash))) = w.app.store().login_lookup(email).await.unwrap() else {
        return false;
    };
    let parsed = argon2::PasswordHash::new(&hash).unwrap();
    argon2::Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
}

#[tokio::test]
async fn ac1_an_invited_colleague_chooses_a_password_and_is_signed_in() {
    let w = World::new().await;
    let (bob, token) = invite(&w, "Bob", None).await;
    assert_eq!(token.len(), 43, "256 random bits, base64url");
    assert!(!signs_in(&w, "bob@acme.test", NEW_PASSWORD).await);
    assert_eq!(
        w.app.invited_users(&w.admin).await.unwrap(),
        vec![bob.user_id]
    );

    let info = w.app.invitation(&token, FROM).await.unwrap();
    assert_eq!(info.email, "bob@acme.test");
    assert_eq!(info.name, "Bob");
    assert_eq!(info.company_name, "Acme");
    assert_eq!(info.invited_by_name, "Ada Admin");
    assert_eq!(
        info.expires_at,
        casegate_app::Clock::now(w.clock.as_ref()) + chrono::Duration::days(7)
    );

    let (session, user) = w
        .app
        .accept_invitation(&token, Some("Bob Builder"), NEW_PASSWORD, FROM)
        .await
        .unwrap();
    assert_eq!(user.id, bob.user_id);
    assert_eq!(user.name, "Bob Builder");
    assert_eq!(
        w.app.authenticate(&session).await.unwrap().user_id,
        bob.user_id
    );
    assert!(signs_in(&w, "bob@acme.test", NEW_PASSWORD).await);
    assert!(w.app.invited_users(&w.admin).await.unwrap().is_empty());
    // The index knows the chosen name at once.
    assert_eq!(
        w.app.user(&w.admin, bob.user_id).await.unwrap().name,
        "Bob Builder"
    );

    // Single use: the link says so afterwards.
    assert!(matches!(
        w.app.invitation(&token, FROM).await,
        Err(AppError::LinkUsed)
    ));
    assert!(matches!(
        w.app
            .accept_invitation(&token, None, "another fine password", FROM)
            .await,
        Err(AppError::LinkUsed)
    ));
    assert!(signs_in(&w, "bob@acme.test", NEW_PASSWORD).await);
}

#[tokio::test]
async fn ac1_an_invitation_expires_after_seven_days() {
    let w = World::new().await;
    let (_, token) = invite(&w, "Bob", None).await;
    w.clock
        .advance(chrono::Duration::days(7) - chrono::Duration::seconds(1));
    assert!(w.app.invitation(&token, FROM).await.is_ok());
    w.clock.advance(chrono::Duration::seconds(1));
    assert!(matches!(
        w.app.invitation(&token, FROM).await,
        Err(AppError::LinkExpired)
    ));
    assert!(matches!(
        w.app
            .accept_invitation(&token, None, NEW_PASSWORD, FROM)
            .await,
        Err(AppError::LinkExpired)
    ));
    assert!(!signs_in(&w, "bob@acme.test", NEW_PASSWORD).await);
}

#[tokio::test]
async fn ac1_sending_the_invitation_again_ends_the_earlier_link() {
    let w = World::new().await;
    let (bob, first) = invite(&w, "Bob", None).await;
    w.app
        .resend_invitation(&w.admin, bob.user_id)
        .await
        .unwrap();
    let mails = written(&w).await;
    let second = link_token(&to(&mails, "bob").body_text, "invitations");
    assert_ne!(first, second);
    assert!(matches!(
        w.app.invitation(&first, FROM).await,
        Err(AppError::LinkExpired)
    ));
    w.app
        .accept_invitation(&second, None, NEW_PASSWORD, FROM)
        .await
        .unwrap();
    // Once a password is chosen there is nothing to send again.
    assert!(matches!(
        w.app.resend_invitation(&w.admin, bob.user_id).await,
        Err(AppError::Conflict(_))
    ));
    // Only admins send invitations; another company's id is unknown.
    let carl = w.user("Carl", Role::Manager).await;
    assert!(matches!(
        w.app.resend_invitation(&carl, bob.user_id).await,
        Err(AppError::Forbidden(_))
    ));
    let other = w.other_company("Beta").await;
    assert!(matches!(
        w.app.resend_invitation(&other, carl.user_id).await,
        Err(AppError::NotFound)
    ));
}

#[tokio::test]
async fn ac1_refused_passwords_and_unknown_links_change_nothing() {
    let w = World::new().await;
    let (_, token) = invite(&w, "Bob", None).await;
    for bad in ["short", "bob@acme.test", "Bob", "1234567890", "Password123"] {
        let err = w
            .app
            .accept_invitation(&token, None, bad, FROM)
            .await
            .unwrap_err();
        let AppError::Validation(fields) = err else {
            panic!("{bad}: {err:?}")
        };
        assert!(fields.contains_key("password"), "{bad}: {fields:?}");
    }
    // The name typed is checked too.
    assert!(matches!(
        w.app
            .accept_invitation(&token, Some(&"x".repeat(201)), NEW_PASSWORD, FROM)
            .await,
        Err(AppError::Validation(_))
    ));
    assert!(w.app.invitation(&token, FROM).await.is_ok(), "still open");
    assert!(matches!(
        w.app.invitation("not-a-token", FROM).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        w.app
            .accept_invitation("not-a-token", None, NEW_PASSWORD, FROM)
            .await,
        Err(AppError::NotFound)
    ));
}

#[tokio::test]
async fn ac1_a_deactivated_invitee_cannot_accept() {
    let w = World::new().await;
    let (bob, token) = invite(&w, "Bob", None).await;
    w.deactivate(bob.user_id).await;
    assert!(matches!(
        w.app
            .accept_invitation(&token, None, NEW_PASSWORD, FROM)
            .await,
        Err(AppError::LinkExpired)
    ));
    assert!(!signs_in(&w, "bob@acme.test", NEW_PASSWORD).await);
}

#[tokio::test]
async fn ac2_a_reset_answers_the_same_whether_the_email_exists_or_not() {
    let w = World::new().await;
    written(&w).await;
    w.app
        .request_password_reset("nobody@acme.test", FROM)
        .await
        .unwrap();
    assert!(written(&w).await.is_empty());
    w.app
        .request_password_reset("ADA@acme.test", FROM)
        .await
        .unwrap();
    let mails = written(&w).await;
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0]
            .body_text
            .contains("http://casegate.test/password-reset/")
    );
    // A second request within the minute sends nothing more.
    w.app
        .request_password_reset("ada@acme.test", FROM)
        .await
        .unwrap();
    assert!(written(&w).await.is_empty());
}

#[tokio::test]
async fn ac2_a_reset_link_sets_the_password_once_and_ends_every_session() {
    let w = World::new().await;
    let (session, _) = w.app.login("ada@acme.test", PASSWORD, FROM).await.unwrap();
    written(&w).await;
    w.app
        .request_password_reset("ada@acme.test", FROM)
        .await
        .unwrap();
    let token = link_token(&written(&w).await[0].body_text, "password-reset");
    assert_eq!(
        w.app.password_reset_link(&token, FROM).await.unwrap(),
        "ada@acme.test"
    );
    // A refused password changes nothing.
    assert!(matches!(
        w.app.reset_password(&token, "ada@acme.test", FROM).await,
        Err(AppError::Validation(_))
    ));
    assert!(w.app.authenticate(&session).await.is_ok());

    w.app
        .reset_password(&token, NEW_PASSWORD, FROM)
        .await
        .unwrap();
    assert!(matches!(
        w.app.authenticate(&session).await,
        Err(AppError::Unauthenticated)
    ));
    assert!(!signs_in(&w, "ada@acme.test", PASSWORD).await);
    assert!(signs_in(&w, "ada@acme.test", NEW_PASSWORD).await);
    let notice = written(&w).await;
    assert_eq!(notice.len(), 1);
    assert_eq!(notice[0].subject, "Your casegate password was changed");
    assert!(matches!(
        w.app
            .reset_password(&token, "yet another password", FROM)
            .await,
        Err(AppError::LinkUsed)
    ));
    // An invitation token is not a reset token.
    let (_, invitation) = invite(&w, "Bob", None).await;
    assert!(matches!(
        w.app.reset_password(&invitation, NEW_PASSWORD, FROM).await,
        Err(AppError::NotFound)
    ));
}

#[tokio::test]
async fn ac2_a_reset_link_lasts_one_hour_and_a_newer_one_replaces_it() {
    let w = World::new().await;
    written(&w).await;
    w.app
        .request_password_reset("ada@acme.test", FROM)
        .await
        .unwrap();
    let first = link_token(&written(&w).await[0].body_text, "password-reset");
    w.clock.advance(chrono::Duration::minutes(2));
    w.app
        .request_password_reset("ada@acme.test", FROM)
        .await
        .unwrap();
    let second = link_token(&written(&w).await[0].body_text, "password-reset");
    assert!(matches!(
        w.app.password_reset_link(&first, FROM).await,
        Err(AppError::LinkExpired)
    ));
    w.clock.advance(chrono::Duration::hours(1));
    assert!(matches!(
        w.app.reset_password(&second, NEW_PASSWORD, FROM).await,
        Err(AppError::LinkExpired)
    ));
    assert!(signs_in(&w, "ada@acme.test", PASSWORD).await);
}

#[tokio::test]
async fn ac3_changing_the_password_needs_the_current_one_and_ends_other_sessions() {
    let w = World::new().await;
    let (this, _) = w.app.login("ada@acme.test", PASSWORD, FROM).await.unwrap();
    let (other, _) = w.app.login("ada@acme.test", PASSWORD, FROM).await.unwrap();
    let me = w.app.authenticate(&this).await.unwrap();
    let err = w
        .app
        .change_password(&me, "not my password", NEW_PASSWORD, FROM)
        .await
        .unwrap_err();
    let AppError::Validation(fields) = err else {
        panic!("{err:?}")
    };
    assert!(fields.contains_key("current_password"));
    let err = w
        .app
        .change_password(&me, PASSWORD, "qwertyuiop", FROM)
        .await
        .unwrap_err();
    let AppError::Validation(fields) = err else {
        panic!("{err:?}")
    };
    assert!(fields.contains_key("new_password"));
    assert!(w.app.authenticate(&other).await.is_ok(), "nothing changed");

    written(&w).await;
    w.app
        .change_password(&me, PASSWORD, NEW_PASSWORD, FROM)
        .await
        .unwrap();
    assert!(
        w.app.authenticate(&this).await.is_ok(),
        "this session stays"
    );
    assert!(w.app.authenticate(&other).await.is_err(), "the others end");
    assert!(signs_in(&w, "ada@acme.test", NEW_PASSWORD).await);
    assert!(!signs_in(&w, "ada@acme.test", PASSWORD).await);
    assert_eq!(written(&w).await.len(), 1, "the address is told");
}

#[tokio::test]
async fn c7_the_email_changes_through_a_link_and_access_and_history_stay() {
    let w = World::new().await;
    w.settings(true, false, false).await;
    let (bob, token) = invite(&w, "Bob", None).await;
    w.app
        .accept_invitation(&token, None, NEW_PASSWORD, FROM)
        .await
        .unwrap();
    let client = w.client(&bob, "Bob's client").await;
    w.restrict(client).await;
    assert!(w.opens(&bob, client).await);

    w.app
        .request_email_change(&bob, "Robert@Example.test")
        .await
        .unwrap();
    let mails = written(&w).await;
    assert_eq!(mails.len(), 2);
    let confirm = to(&mails, "robert");
    assert!(confirm.subject.contains("Confirm"));
    let notice = to(&mails, "bob");
    assert!(notice.body_text.contains("robert@example.test"));
    // Nothing changes until the link is used.
    assert!(signs_in(&w, "bob@acme.test", NEW_PASSWORD).await);
    let token = link_token(&confirm.body_text, "email-changes");
    // Looking at the link (the page before its button) uses nothing.
    for _ in 0..2 {
        assert_eq!(
            w.app.email_change_link(&token, FROM).await.unwrap(),
            "robert@example.test"
        );
    }
    assert!(matches!(
        w.app.email_change_link("no-such-link", FROM).await,
        Err(AppError::NotFound)
    ));
    let changed = w
        .app
        .confirm_email_change(&token, FROM)
        .await
        .unwrap()
        .value;
    assert_eq!(changed.id, bob.user_id);
    assert_eq!(changed.email, "robert@example.test");
    assert!(!signs_in(&w, "bob@acme.test", NEW_PASSWORD).await);
    assert!(signs_in(&w, "robert@example.test", NEW_PASSWORD).await);
    assert!(w.opens(&bob, client).await, "access stays");
    assert_eq!(
        w.app.user(&w.admin, bob.user_id).await.unwrap().email,
        "robert@example.test"
    );
    assert!(matches!(
        w.app.confirm_email_change(&token, FROM).await,
        Err(AppError::LinkUsed)
    ));
    assert!(matches!(
        w.app.email_change_link(&token, FROM).await,
        Err(AppError::LinkUsed)
    ));
}

#[tokio::test]
async fn c7_an_address_that_is_taken_is_answered_the_same_and_its_owner_told() {
    let w = World::new().await;
    let (bob, token) = invite(&w, "Bob", None).await;
    w.app
        .accept_invitation(&token, None, NEW_PASSWORD, FROM)
        .await
        .unwrap();
    written(&w).await;
    w.app
        .request_email_change(&bob, "ada@acme.test")
        .await
        .unwrap();
    let mails = written(&w).await;
    assert_eq!(mails.len(), 2);
    assert!(
        to(&mails, "ada")
            .body_text
            .contains("already belongs to an account")
    );
    assert!(!to(&mails, "ada").body_text.contains("email-changes"));
    // Bad input is refused and nothing is sent.
    for bad in ["not an email", "bob@acme.test"] {
        assert!(matches!(
            w.app.request_email_change(&bob, bad).await,
            Err(AppError::Validation(_))
        ));
    }
    assert!(written(&w).await.is_empty());
}

#[tokio::test]
async fn ac4_account_emails_come_in_the_recipients_language() {
    let w = World::new().await;
    let (lea, token) = invite(&w, "Lea", Some(Language::Fr)).await;
    w.app
        .accept_invitation(&token, None, NEW_PASSWORD, FROM)
        .await
        .unwrap();
    w.app
        .request_password_reset("lea@acme.test", FROM)
        .await
        .unwrap();
    assert_eq!(
        written(&w).await[0].subject,
        "Choisissez un nouveau mot de passe casegate"
    );
    w.app
        .request_email_change(&lea, "lea@nordlys.test")
        .await
        .unwrap();
    let mails = written(&w).await;
    let confirm = mails.iter().find(|m| m.to == "lea@nordlys.test").unwrap();
    assert_eq!(
        confirm.subject,
        "Confirmez votre nouvelle adresse e-mail casegate"
    );
    let (dan, _) = invite(&w, "Dan", Some(Language::Da)).await;
    w.app
        .resend_invitation(&w.admin, dan.user_id)
        .await
        .unwrap();
    assert_eq!(
        written(&w).await[0].subject,
        "Ada Admin har inviteret dig til Acme på casegate"
    );
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_of_the_account() {
    let w = World::new().await;
    let (a, _) = w.app.login("ada@acme.test", PASSWORD, FROM).await.unwrap();
    let (b, _) = w.app.login("ada@acme.test", PASSWORD, FROM).await.unwrap();
    let me = w.app.authenticate(&a).await.unwrap();
    assert_eq!(w.app.sign_out_everywhere(&me).await.unwrap(), 2);
    assert!(w.app.authenticate(&a).await.is_err());
    assert!(w.app.authenticate(&b).await.is_err());
    assert!(signs_in(&w, "ada@acme.test", PASSWORD).await);
}

/// One step of the property test below.
#[derive(Debug, Clone)]
enum Step {
    Invite,
    Resend,
    Accept { link: usize },
    RequestReset,
    Reset { link: usize },
    ChangePassword,
    RequestEmailChange,
    ConfirmEmailChange { link: usize },
    Wait { hours: u8 },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        Just(Step::Invite),
        Just(Step::Resend),
        (0..6usize).prop_map(|link| Step::Accept { link }),
        Just(Step::RequestReset),
        (0..6usize).prop_map(|link| Step::Reset { link }),
        Just(Step::ChangePassword),
        Just(Step::RequestEmailChange),
        (0..6usize).prop_map(|link| Step::ConfirmEmailChange { link }),
        (0..30u8).prop_map(|hours| Step::Wait { hours }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// No sequence of invitations, resets and email changes lets one link
    /// be used twice, or signs the account in with a password it no longer has.
    #[test]
    fn no_link_works_twice_and_no_old_password_signs_in(steps in prop::collection::vec(step(), 1..14)) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async move {
            let w = World::new().await;
            let mut links: Vec<(&'static str, String)> = Vec::new();
            let mut used: Vec<String> = Vec::new();
            let mut bob: Option<casegate_app::Actor> = None;
            let mut email = String::new();
            let mut password: Option<String> = None;
            let mut old_passwords: Vec<String> = Vec::new();
            let mut counter = 0;
            let mut checks: u16 = 0;
            for step in steps {
                counter += 1;
                match step {
                    Step::Invite if bob.is_none() => {
                        let (who, token) = invite(&w, "Bob", None).await;
                        bob = Some(who);
                        email = "bob@acme.test".to_owned();
                        links.push(("invitations", token));
                    }
                    Step::Resend => {
                        if let Some(b) = &bob && w.app.resend_invitation(&w.admin, b.user_id).await.is_ok() {
                            let mails = written(&w).await;
                            links.push(("invitations", link_token(&mails[0].body_text, "invitations")));
                        }
                    }
                    Step::Accept { link } => {
                        if let Some((_, token)) = links.iter().filter(|(p, _)| *p == "invitations").nth(link) {
                            let chosen = format!("chosen password number {counter}");
                            if w.app.accept_invitation(token, None, &chosen, FROM).await.is_ok() {
                                assert!(!used.contains(token), "a link worked twice");
                                used.push(token.clone());
                                old_passwords.extend(password.replace(chosen));
                            }
                        }
                    }
                    Step::RequestReset if !email.is_empty() => {
                        // Asking too often is throttled; that sends nothing.
                        let _ = w.app.request_password_reset(&email, FROM).await;
                        for m in written(&w).await {
                            if m.body_text.contains("/password-reset/") {
                                links.push(("password-reset", link_token(&m.body_text, "password-reset")));
                            }
                        }
                    }
                    Step::Reset { link } => {
                        if let Some((_, token)) = links.iter().filter(|(p, _)| *p == "password-reset").nth(link) {
                            let chosen = format!("reset password number {counter}");
                            if w.app.reset_password(token, &chosen, FROM).await.is_ok() {
                                assert!(!used.contains(token), "a link worked twice");
                                used.push(token.clone());
                                old_passwords.extend(password.replace(chosen));
                            }
                        }
                    }
                    Step::ChangePassword => {
                        if let Some(current) = password.clone() && let Ok((session, _)) = w.app.login(&email, &current, FROM).await {
                            let me = w.app.authenticate(&session).await.unwrap();
                            let chosen = format!("changed password number {counter}");
                            w.app.change_password(&me, &current, &chosen, FROM).await.unwrap();
                            old_passwords.extend(password.replace(chosen));
                        }
                    }
                    Step::RequestEmailChange => {
                        if let Some(b) = &bob {
                            let new = format!("bob{counter}@elsewhere.test");
                            w.app.request_email_change(b, &new).await.unwrap();
                            for m in written(&w).await {
                                if m.body_text.contains("/email-changes/") {
                                    links.push(("email-changes", link_token(&m.body_text, "email-changes")));
                                }
                            }
                        }
                    }
                    Step::ConfirmEmailChange { link } => {
                        if let Some((_, token)) = links.iter().filter(|(p, _)| *p == "email-changes").nth(link)
                            && let Ok(user) = w.app.confirm_email_change(token, FROM).await {
                            assert!(!used.contains(token), "a link worked twice");
                            used.push(token.clone());
                            email = user.value.email;
                        }
                    }
                    Step::Wait { hours } => w.clock.advance(chrono::Duration::hours(i64::from(hours))),
                    _ => {}
                }
                // Every link used once never works again; no old password signs in.
                // (Each look comes from an address of its own, documentation
                // range, so the link throttle does not answer in its place.)
                for (path, token) in &links {
                    if used.contains(token) {
                        checks += 1;
                        let from = std::net::IpAddr::V4(std::net::Ipv4Addr::new(198, 51, (checks >> 8) as u8, checks as u8));
                        let again = match *path {
                            "invitations" => w.app.invitation(token, from).await.map(|_| ()),
                            "password-reset" => w.app.password_reset_link(token, from).await.map(|_| ()),
                            _ => w.app.confirm_email_change(token, from).await.map(|_| ()),
                        };
                        assert!(matches!(again, Err(AppError::LinkUsed)), "{path} link reused: {again:?}");
                    }
                }
                if !email.is_empty() {
                    for old in &old_passwords {
                        assert!(!password_is(&w, &email, old).await, "an old password signed in");
                    }
                    if let Some(current) = &password {
                        assert!(signs_in(&w, &email, current).await, "the current password fails");
                    }
                }
            }
        });
    }
}

#[tokio::test]
async fn ac1_ac2_guessing_links_is_throttled_per_address_and_never_blocks_the_real_link() {
    let w = World::new().await;
    let (_, token) = invite(&w, "Bob", None).await;
    let x = std::net::IpAddr::V4(std::net::Ipv4Addr::new(203, 0, 113, 7));
    let mut limited = false;
    for i in 0..40 {
        match w.app.invitation(&format!("guess-{i}"), x).await {
            Err(AppError::NotFound) => {}
            Err(AppError::RateLimited { retry_after }) => {
                assert!(retry_after.as_secs() >= 1);
                limited = true;
                break;
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(limited, "forty guesses from one address are slowed");
    assert!(matches!(
        w.app.invitation(&token, x).await,
        Err(AppError::RateLimited { .. })
    ));
    // The person's own address is not slowed by someone else's guesses.
    w.app
        .accept_invitation(&token, None, NEW_PASSWORD, FROM)
        .await
        .unwrap();
}

#[tokio::test]
async fn time_zones_are_iana_names_and_a_persons_own_comes_before_the_companys() {
    use casegate_core::time::Tz;
    let w = World::new().await;
    let patch = |zone: &str| casegate_app::CompanyPatch {
        timezone: Some(zone.to_owned()),
        ..Default::default()
    };
    assert!(matches!(
        w.app.update_company(&w.admin, patch("Mars/Olympus")).await,
        Err(AppError::Validation(_))
    ));
    assert_eq!(w.app.zone_of(&w.admin).await.unwrap(), Tz::UTC);
    w.app
        .update_company(&w.admin, patch("Europe/Copenhagen"))
        .await
        .unwrap();
    assert_eq!(
        w.app.zone_of(&w.admin).await.unwrap(),
        Tz::Europe__Copenhagen
    );
    assert!(matches!(
        w.app.set_my_timezone(&w.admin, Some("Nowhere/Land")).await,
        Err(AppError::Validation(_))
    ));
    w.app
        .set_my_timezone(&w.admin, Some("America/New_York"))
        .await
        .unwrap();
    assert_eq!(
        w.app.zone_of(&w.admin).await.unwrap(),
        Tz::America__New_York
    );
    w.app.set_my_timezone(&w.admin, Some("")).await.unwrap();
    assert_eq!(
        w.app.zone_of(&w.admin).await.unwrap(),
        Tz::Europe__Copenhagen
    );
}
