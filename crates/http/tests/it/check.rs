//! `POST /check` (X1) and the lookups (X6).

use serde_json::{Value, json};

use crate::support::{World, random_id};

#[tokio::test]
async fn a9_a_direct_share_is_a_reason() {
    let w = World::new().await;
    w.lock_down().await;
    let bob = w.staff("user", "Bob").await;
    let client = w.private_client(&w.admin, "Initech").await;
    w.post(
        &w.admin,
        &format!("/clients/{client}/access"),
        json!({"subject": {"type": "user", "id": bob.id}}),
    )
    .await
    .expect(201);
    let reply = w
        .post(
            &w.admin,
            "/check",
            json!({"user_id": bob.id, "client_id": client, "action": "view"}),
        )
        .await;
    reply.expect(200);
    assert_eq!(reply.body["allowed"], true);
    assert!(reply.body["revision"].is_u64());
    let rules: Vec<&str> = reply.body["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["A9"]);
    snap!("check_allowed", &reply.body);
}

#[tokio::test]
async fn a_refusal_says_why() {
    let w = World::new().await;
    w.lock_down().await;
    let bob = w.staff("user", "Bob").await;
    let client = w.private_client(&w.admin, "Initech").await;
    // A user may ask about themself.
    let reply = w
        .post(
            &bob,
            "/check",
            json!({"user_id": bob.id, "client_id": client, "action": "share"}),
        )
        .await;
    reply.expect(200);
    assert_eq!(reply.body["allowed"], false);
    assert!(!reply.body["reasons"].as_array().unwrap().is_empty());
    snap!("check_denied", &reply.body);
}

#[tokio::test]
async fn checks_about_others_are_for_admins() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let cy = w.staff("user", "Cy").await;
    let client = w.client(&w.admin, "Initech").await;
    w.post(
        &bob,
        "/check",
        json!({"user_id": cy.id, "client_id": client, "action": "view"}),
    )
    .await
    .expect_error(403, "forbidden");
}

#[tokio::test]
async fn check_input_is_validated() {
    let w = World::new().await;
    let client = w.client(&w.admin, "Initech").await;
    let reply = w
        .post(
            &w.admin,
            "/check",
            json!({"user_id": w.admin.id, "client_id": client, "action": "delete"}),
        )
        .await;
    reply.expect_error(422, "validation_failed");
    assert!(reply.body["error"]["fields"]["action"].is_string());
    w.post(
        &w.admin,
        "/check",
        json!({"user_id": "me", "client_id": client, "action": "view"}),
    )
    .await
    .expect_error(422, "validation_failed");
    w.post(
        &w.admin,
        "/check",
        json!({"user_id": w.admin.id, "client_id": random_id(), "action": "view"}),
    )
    .await
    .expect_error(404, "not_found");
}

#[tokio::test]
async fn x6_the_clients_a_user_can_open() {
    let w = World::new().await;
    w.lock_down().await;
    let bob = w.staff("user", "Bob").await;
    let cy = w.staff("user", "Cy").await;
    let open = w.client(&w.admin, "Open").await;
    w.private_client(&w.admin, "Locked").await;
    for who in [&w.admin, &bob] {
        let reply = w.get(who, &format!("/users/{}/clients", bob.id)).await;
        reply.expect(200);
        let items = reply.body["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{:#}", reply.body);
        assert_eq!(items[0]["id"], open.as_str());
        assert_eq!(reply.body["next_cursor"], Value::Null);
    }
    w.get(&cy, &format!("/users/{}/clients", bob.id))
        .await
        .expect_error(403, "forbidden");
    w.get(&w.admin, &format!("/users/{}/clients", random_id()))
        .await
        .expect_error(404, "not_found");
    w.get(&w.admin, &format!("/users/{}/clients?limit=9999", bob.id))
        .await
        .expect_error(422, "validation_failed");
}

#[tokio::test]
async fn x6_who_can_open_a_client_and_why() {
    let w = World::new().await;
    w.lock_down().await;
    let bob = w.staff("user", "Bob").await;
    let cy = w.staff("user", "Cy").await;
    let client = w.private_client(&w.admin, "Initech").await;
    w.post(
        &w.admin,
        &format!("/clients/{client}/access"),
        json!({"subject": {"type": "user", "id": bob.id}}),
    )
    .await
    .expect(201);
    let reply = w.get(&bob, &format!("/clients/{client}/users")).await;
    reply.expect(200);
    let items = reply.body["items"].as_array().unwrap();
    let bob_row = items
        .iter()
        .find(|i| i["user"]["id"] == bob.id.as_str())
        .unwrap();
    assert_eq!(bob_row["reasons"][0]["rule"], "A9");
    snap!("client_user", bob_row);
    assert!(items.iter().any(|i| i["user"]["id"] == w.admin.id.as_str()));
    assert!(!items.iter().any(|i| i["user"]["id"] == cy.id.as_str()));
    let page = w
        .get(&bob, &format!("/clients/{client}/users?limit=1"))
        .await;
    assert_eq!(page.body["items"].as_array().unwrap().len(), 1);
    let cursor = page.body["next_cursor"].as_str().unwrap().to_owned();
    w.get(
        &bob,
        &format!("/clients/{client}/users?limit=1&cursor={cursor}"),
    )
    .await
    .expect(200);
    w.get(&cy, &format!("/clients/{client}/users"))
        .await
        .expect_error(403, "access_denied");
}
