//! Access requests (A14–A18): ask, list, approve, deny, cancel.

use axum::http::Method;
use serde_json::{Value, json};

use crate::support::{Session, World, assert_timestamps, random_id};

/// A1 and A3 on, a client only the admin can open, and Bob without access.
async fn locked_for_bob(w: &World) -> (String, Session) {
    w.lock_down().await;
    w.settings(json!({"allow_access_requests": true})).await;
    let bob = w.staff("user", "Bob").await;
    let client = w.private_client(&w.admin, "Initech").await;
    (client, bob)
}

#[tokio::test]
async fn a17_requests_disabled_is_refused_with_its_code() {
    let w = World::new().await;
    w.lock_down().await;
    let bob = w.staff("user", "Bob").await;
    let client = w.private_client(&w.admin, "Initech").await;
    let reply = w
        .post(
            &bob,
            &format!("/clients/{client}/access-requests"),
            json!({"message": "please"}),
        )
        .await;
    reply.expect_error(403, "access_requests_disabled");
    snap!("error_access_requests_disabled", &reply.body);
    // The panel still says whom to ask.
    let panel = w.get(&bob, &format!("/clients/{client}/access")).await;
    panel.expect(200);
    assert_eq!(panel.body["can_request"], false);
    assert!(
        panel.body["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["owner"] == true)
    );
}

#[tokio::test]
async fn a14_one_pending_request_per_user_and_client() {
    let w = World::new().await;
    let (client, bob) = locked_for_bob(&w).await;
    let path = format!("/clients/{client}/access-requests");
    let first = w
        .post(&bob, &path, json!({"message": "for the audit"}))
        .await;
    first.expect(201);
    assert!(first.revision().is_some());
    assert_timestamps(&first.body);
    snap!("access_request", &first.body);
    let again = w.post(&bob, &path, json!({})).await;
    again.expect(200);
    assert_eq!(again.body["id"], first.body["id"]);
}

#[tokio::test]
async fn a_request_body_may_be_left_out_but_not_be_wrong() {
    let w = World::new().await;
    let (client, bob) = locked_for_bob(&w).await;
    let path = format!("/clients/{client}/access-requests");
    let reply = w.call(Method::POST, &path, Some(&bob.token), None).await;
    reply.expect(201);
    assert_eq!(reply.body["message"], Value::Null);
    w.post(&bob, &path, json!({"msg": "x"}))
        .await
        .expect_error(422, "validation_failed");
    let reply = w
        .post(&bob, &path, json!({"message": "x".repeat(3000)}))
        .await;
    reply.expect_error(422, "validation_failed");
    assert!(reply.body["error"]["fields"]["message"].is_string());
    w.post(
        &bob,
        &format!("/clients/{}/access-requests", random_id()),
        json!({}),
    )
    .await
    .expect_error(404, "not_found");
}

#[tokio::test]
async fn requests_are_listed_for_those_who_decide_and_the_requester() {
    let w = World::new().await;
    let (client, bob) = locked_for_bob(&w).await;
    let cy = w.staff("user", "Cy").await;
    w.post(
        &bob,
        &format!("/clients/{client}/access-requests"),
        json!({}),
    )
    .await
    .expect(201);
    for who in [&w.admin, &bob] {
        let reply = w.get(who, "/access-requests?status=pending").await;
        reply.expect(200);
        assert_eq!(reply.body["items"].as_array().unwrap().len(), 1);
        assert_eq!(reply.body["next_cursor"], Value::Null);
    }
    let theirs = w.get(&cy, "/access-requests").await;
    theirs.expect(200);
    assert_eq!(theirs.body["items"], json!([]));
    let none = w.get(&w.admin, "/access-requests?status=approved").await;
    assert_eq!(none.body["items"], json!([]));
    let reply = w.get(&w.admin, "/access-requests?status=maybe").await;
    reply.expect_error(422, "validation_failed");
    assert!(reply.body["error"]["fields"]["status"].is_string());
    w.get(&w.admin, "/access-requests?limit=501")
        .await
        .expect_error(422, "validation_failed");
    w.get(&w.admin, "/access-requests?cursor=zzz")
        .await
        .expect_error(422, "validation_failed");
}

#[tokio::test]
async fn a16_approval_gives_the_requester_access() {
    let w = World::new().await;
    let (client, bob) = locked_for_bob(&w).await;
    let request = w
        .post(
            &bob,
            &format!("/clients/{client}/access-requests"),
            json!({}),
        )
        .await
        .id();
    w.post(
        &bob,
        &format!("/access-requests/{request}/approve"),
        json!({}),
    )
    .await
    .expect_error(403, "forbidden");
    let reply = w
        .call(
            Method::POST,
            &format!("/access-requests/{request}/approve"),
            Some(&w.admin.token),
            None,
        )
        .await;
    reply.expect(200);
    assert!(reply.revision().is_some());
    assert_eq!(reply.body["status"], "approved");
    assert_eq!(reply.body["decided_by"]["id"], w.admin.id);
    snap!("access_request_approved", &reply.body);
    w.get(&bob, &format!("/clients/{client}")).await.expect(200);
    // The first decision wins.
    w.post(
        &w.admin,
        &format!("/access-requests/{request}/deny"),
        json!({}),
    )
    .await
    .expect_error(409, "conflict");
}

#[tokio::test]
async fn a16_denial_carries_its_reason() {
    let w = World::new().await;
    let (client, bob) = locked_for_bob(&w).await;
    let request = w
        .post(
            &bob,
            &format!("/clients/{client}/access-requests"),
            json!({}),
        )
        .await
        .id();
    let reply = w
        .post(
            &w.admin,
            &format!("/access-requests/{request}/deny"),
            json!({"reason": "conflict of interest"}),
        )
        .await;
    reply.expect(200);
    assert!(reply.revision().is_some());
    assert_eq!(reply.body["status"], "denied");
    assert_eq!(reply.body["reason"], "conflict of interest");
    w.get(&bob, &format!("/clients/{client}"))
        .await
        .expect_error(403, "access_denied");
    w.post(
        &w.admin,
        &format!("/access-requests/{request}/deny"),
        json!({"why": "x"}),
    )
    .await
    .expect_error(422, "validation_failed");
}

#[tokio::test]
async fn a16_the_requester_cancels() {
    let w = World::new().await;
    let (client, bob) = locked_for_bob(&w).await;
    let cy = w.staff("user", "Cy").await;
    let request = w
        .post(
            &bob,
            &format!("/clients/{client}/access-requests"),
            json!({}),
        )
        .await
        .id();
    let reply = w
        .call(
            Method::POST,
            &format!("/access-requests/{request}/cancel"),
            Some(&cy.token),
            None,
        )
        .await;
    assert!(
        reply.status == 403 || reply.status == 404,
        "{:#}",
        reply.body
    );
    let reply = w
        .call(
            Method::POST,
            &format!("/access-requests/{request}/cancel"),
            Some(&bob.token),
            None,
        )
        .await;
    reply.expect(200);
    assert!(reply.revision().is_some());
    assert_eq!(reply.body["status"], "cancelled");
    w.call(
        Method::POST,
        &format!("/access-requests/{}/cancel", random_id()),
        Some(&bob.token),
        None,
    )
    .await
    .expect_error(404, "not_found");
    w.call(
        Method::POST,
        "/access-requests/not-an-id/cancel",
        Some(&bob.token),
        None,
    )
    .await
    .expect_error(404, "not_found");
}

#[tokio::test]
async fn another_companys_request_is_not_found_like_a_random_id() {
    let w = World::new().await;
    let (client, bob) = locked_for_bob(&w).await;
    let ours = w
        .post(
            &bob,
            &format!("/clients/{client}/access-requests"),
            json!({}),
        )
        .await
        .id();
    let hank = w.other_company().await;
    for action in ["approve", "deny", "cancel"] {
        let foreign = w
            .post(
                &hank,
                &format!("/access-requests/{ours}/{action}"),
                json!({}),
            )
            .await;
        let random = w
            .post(
                &hank,
                &format!("/access-requests/{}/{action}", random_id()),
                json!({}),
            )
            .await;
        foreign.expect_error(404, "not_found");
        assert_eq!(foreign.body, random.body);
    }
    let theirs = w.get(&hank, "/access-requests").await;
    assert_eq!(theirs.body["items"], json!([]));
}
