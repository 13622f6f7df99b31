//! API.md "Accounts (AC1–AC4)": invitations, password resets, a person's own
//! password and email, signing out everywhere. Links are taken from the
//! emails the outbox holds.

use axum::http::Method;
use serde_json::{Value, json};

use crate::support::{PASSWORD, Session, World, link};

const CHOSEN: &str = "lanterns over the harbour";

async fn anonymous(
    w: &World,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> crate::support::Reply {
    w.call(method, path, None, body).await
}

/// Bob, created without a password: his id and the invitation's token.
async fn invite_bob(w: &World) -> (String, String) {
    let reply = w
        .post(
            &w.admin,
            "/users",
            json!({"email": "bob@acme.test", "name": "Bob", "role": "user"}),
        )
        .await;
    reply.expect(201);
    (reply.id(), link(w, "bob@acme.test", "invitations").await)
}

#[tokio::test]
async fn ac1_an_invitation_is_read_then_accepted_once_and_signs_in() {
    let w = World::new().await;
    let (bob, token) = invite_bob(&w).await;
    let info = anonymous(&w, Method::GET, &format!("/invitations/{token}"), None).await;
    info.expect(200);
    assert_eq!(info.body["email"], "bob@acme.test");
    assert_eq!(info.body["kind"], "staff");
    assert_eq!(info.body["company"]["name"], "Acme");
    assert_eq!(info.body["invited_by"]["name"], "Ada Admin");
    assert!(info.body["expires_at"].as_str().unwrap().ends_with('Z'));

    let accept = format!("/invitations/{token}/accept");
    let weak = anonymous(
        &w,
        Method::POST,
        &accept,
        Some(json!({"password": "password123"})),
    )
    .await;
    weak.expect_error(422, "validation_failed");
    assert!(weak.body["error"]["fields"]["password"].is_string());
    let accepted = anonymous(
        &w,
        Method::POST,
        &accept,
        Some(json!({"password": CHOSEN, "name": "Bob Builder"})),
    )
    .await;
    accepted.expect(200);
    assert_eq!(accepted.body["user"]["id"], bob.as_str());
    assert_eq!(accepted.body["user"]["name"], "Bob Builder");
    let session = Session {
        token: accepted.body["token"].as_str().unwrap().to_owned(),
        id: bob.clone(),
        email: "bob@acme.test".into(),
    };
    w.get(&session, "/me").await.expect(200);

    anonymous(&w, Method::GET, &format!("/invitations/{token}"), None)
        .await
        .expect_error(410, "invitation_used");
    anonymous(&w, Method::POST, &accept, Some(json!({"password": CHOSEN})))
        .await
        .expect_error(410, "invitation_used");
    anonymous(&w, Method::GET, "/invitations/nothing-like-a-token", None)
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn ac1_sending_again_ends_the_earlier_link() {
    let w = World::new().await;
    let (bob, first) = invite_bob(&w).await;
    let path = format!("/users/{bob}/invitation");
    anonymous(&w, Method::POST, &path, None)
        .await
        .expect_error(401, "unauthenticated");
    let manager = w.staff("manager", "Mia").await;
    w.post(&manager, &path, json!(null))
        .await
        .expect_error(403, "forbidden");
    let other = w.other_company().await;
    w.post(&other, &path, json!(null))
        .await
        .expect_error(404, "not_found");

    let again = w.post(&w.admin, &path, json!(null)).await;
    again.expect(202);
    assert!(again.revision().is_some());
    assert_eq!(again.body["id"], bob.as_str());
    let second = link(&w, "bob@acme.test", "invitations").await;
    anonymous(&w, Method::GET, &format!("/invitations/{first}"), None)
        .await
        .expect_error(410, "invitation_expired");
    anonymous(
        &w,
        Method::POST,
        &format!("/invitations/{second}/accept"),
        Some(json!({"password": CHOSEN})),
    )
    .await
    .expect(200);
    w.post(&w.admin, &path, json!(null))
        .await
        .expect_error(409, "conflict");
}

#[tokio::test]
async fn ac2_a_reset_answers_the_same_then_the_link_sets_the_password_and_ends_sessions() {
    let w = World::new().await;
    let known = anonymous(
        &w,
        Method::POST,
        "/auth/password-reset",
        Some(json!({"email": "ada@acme.test"})),
    )
    .await;
    let unknown = anonymous(
        &w,
        Method::POST,
        "/auth/password-reset",
        Some(json!({"email": "nobody@acme.test"})),
    )
    .await;
    known.expect(202);
    assert_eq!((known.status, &known.body), (unknown.status, &unknown.body));
    assert_eq!(known.body, json!({}));
    let token = link(&w, "ada@acme.test", "password-reset").await;
    let path = format!("/auth/password-reset/{token}");
    anonymous(
        &w,
        Method::POST,
        &path,
        Some(json!({"password": "ada@acme.test"})),
    )
    .await
    .expect_error(422, "validation_failed");
    w.get(&w.admin, "/me").await.expect(200);
    anonymous(&w, Method::POST, &path, Some(json!({"password": CHOSEN})))
        .await
        .expect(200);
    w.get(&w.admin, "/me")
        .await
        .expect_error(401, "unauthenticated");
    anonymous(
        &w,
        Method::POST,
        "/auth/login",
        Some(json!({"email": "ada@acme.test", "password": CHOSEN})),
    )
    .await
    .expect(200);
    anonymous(
        &w,
        Method::POST,
        &path,
        Some(json!({"password": "another fine password"})),
    )
    .await
    .expect_error(410, "invitation_used");
}

#[tokio::test]
async fn ac3_the_password_changes_with_the_current_one() {
    let w = World::new().await;
    let wrong = w
        .put(
            &w.admin,
            "/me/password",
            json!({"current_password": "not it at all", "new_password": CHOSEN}),
        )
        .await;
    wrong.expect_error(422, "validation_failed");
    assert!(wrong.body["error"]["fields"]["current_password"].is_string());
    w.put(
        &w.admin,
        "/me/password",
        json!({"current_password": PASSWORD, "new_password": "1234567890"}),
    )
    .await
    .expect_error(422, "validation_failed");
    let done = w
        .put(
            &w.admin,
            "/me/password",
            json!({"current_password": PASSWORD, "new_password": CHOSEN}),
        )
        .await;
    done.expect(204);
    w.get(&w.admin, "/me").await.expect(200);
    w.put(
        &w.admin,
        "/me/password",
        json!({"current_password": PASSWORD}),
    )
    .await
    .expect_error(422, "validation_failed");
}

#[tokio::test]
async fn c7_the_email_changes_through_the_link_sent_to_the_new_address() {
    let w = World::new().await;
    let asked = w
        .post(&w.admin, "/me/email", json!({"email": "ada@nordlys.test"}))
        .await;
    asked.expect(202);
    assert_eq!(asked.body, json!({}));
    let token = link(&w, "ada@nordlys.test", "email-changes").await;
    w.post(&w.admin, "/me/email", json!({"email": "not an email"}))
        .await
        .expect_error(422, "validation_failed");
    let changed = anonymous(&w, Method::POST, &format!("/email-changes/{token}"), None).await;
    changed.expect(200);
    assert_eq!(changed.body["email"], "ada@nordlys.test");
    assert_eq!(changed.body["id"], w.admin.id.as_str());
    assert!(changed.revision().is_some());
    let me = w.get(&w.admin, "/me").await;
    assert_eq!(me.body["email"], "ada@nordlys.test");
    anonymous(&w, Method::POST, &format!("/email-changes/{token}"), None)
        .await
        .expect_error(410, "invitation_used");
}

#[tokio::test]
async fn signing_out_everywhere_ends_this_token_too() {
    let w = World::new().await;
    let second = w.login("ada@acme.test").await;
    let ended = w.delete(&w.admin, "/me/sessions").await;
    ended.expect(200);
    assert_eq!(ended.body, json!({"sessions": 2}));
    w.get(&w.admin, "/me")
        .await
        .expect_error(401, "unauthenticated");
    w.get(&second, "/me")
        .await
        .expect_error(401, "unauthenticated");
}
