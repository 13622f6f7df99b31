//! `POST /users/{id}/handover` (C8) and `PATCH /users/{id}` with
//! `"active": false` for a member who owns clients (X11): the answers, each
//! refusal, and that a refusal changes nothing.

use serde_json::{Value, json};

use crate::support::{Session, World, random_id};

/// Lea owns Alpha (private), has a direct share on Gamma (the admin's,
/// private) and is in Team; Sam is another user.
struct Setup {
    lea: Session,
    sam: Session,
    alpha: String,
    gamma: String,
    team: String,
}

async fn setup(w: &World) -> Setup {
    w.lock_down().await;
    let lea = w.staff("user", "Lea").await;
    let sam = w.staff("user", "Sam").await;
    let alpha = w.private_client(&lea, "Alpha").await;
    let gamma = w.private_client(&w.admin, "Gamma").await;
    w.post(
        &w.admin,
        &format!("/clients/{gamma}/access"),
        json!({"subject": {"type": "user", "id": lea.id}}),
    )
    .await
    .expect(201);
    let team = w.group("Team", &[&lea]).await;
    Setup {
        lea,
        sam,
        alpha,
        gamma,
        team,
    }
}

/// What a refusal must leave alone: owners, Sam's access, the team, Lea.
async fn state(w: &World, s: &Setup) -> Value {
    let alpha = w.get(&w.admin, &format!("/clients/{}", s.alpha)).await;
    let gamma = w
        .get(&w.admin, &format!("/clients/{}/access/history", s.gamma))
        .await;
    let team = w.get(&w.admin, &format!("/groups/{}", s.team)).await;
    let lea = w.get(&w.admin, &format!("/users/{}", s.lea.id)).await;
    json!({
        "alpha_owner": alpha.body["owner_id"],
        "gamma_history": gamma.body["items"].as_array().map(Vec::len),
        "team": team.body["members"].as_array().map(Vec::len),
        "lea_active": lea.body["active"],
    })
}

#[tokio::test]
async fn c8_handover_passes_ownership_shares_and_groups() {
    let w = World::new().await;
    let s = setup(&w).await;
    w.get(&s.sam, &format!("/clients/{}", s.alpha))
        .await
        .expect_error(403, "access_denied");
    let reply = w
        .post(
            &w.admin,
            &format!("/users/{}/handover", s.lea.id),
            json!({"successor_id": s.sam.id}),
        )
        .await;
    reply.expect(200);
    assert!(reply.revision().is_some());
    assert_eq!(reply.body, json!({"owned": 1, "shares": 1, "groups": 1}));

    let alpha = w.get(&s.sam, &format!("/clients/{}", s.alpha)).await;
    alpha.expect(200);
    assert_eq!(alpha.body["owner_id"], s.sam.id);
    w.get(&s.sam, &format!("/clients/{}", s.gamma))
        .await
        .expect(200);
    let history = w
        .get(&w.admin, &format!("/clients/{}/access/history", s.gamma))
        .await;
    history.expect(200);
    let sams: Vec<&Value> = history.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["subject"]["id"] == s.sam.id.as_str())
        .collect();
    assert_eq!(sams.len(), 1);
    assert_eq!(sams[0]["granted_how"], "handover");
    assert_eq!(sams[0]["granted_by"]["id"], w.admin.id);
    let team = w.get(&w.admin, &format!("/groups/{}", s.team)).await;
    assert_eq!(team.body["members"].as_array().unwrap().len(), 2);
    // Lea keeps her own share and membership.
    w.get(&s.lea, &format!("/clients/{}", s.gamma))
        .await
        .expect(200);
}

#[tokio::test]
async fn c8_the_user_themself_hands_over() {
    let w = World::new().await;
    let s = setup(&w).await;
    let reply = w
        .post(
            &s.lea,
            &format!("/users/{}/handover", s.lea.id),
            json!({"successor_id": s.sam.id}),
        )
        .await;
    reply.expect(200);
    assert_eq!(reply.body["owned"], 1);
}

#[tokio::test]
async fn c8_handover_refusals_change_nothing() {
    let w = World::new().await;
    let s = setup(&w).await;
    let mia = w.staff("manager", "Mia").await;
    let gone = w.staff("user", "Gone").await;
    w.patch(
        &w.admin,
        &format!("/users/{}", gone.id),
        json!({"active": false}),
    )
    .await
    .expect(200);
    let hank = w.other_company().await;
    let before = state(&w, &s).await;
    let path = format!("/users/{}/handover", s.lea.id);

    w.call(
        axum::http::Method::POST,
        &path,
        None,
        Some(json!({"successor_id": s.sam.id})),
    )
    .await
    .expect_error(401, "unauthenticated");
    for who in [&mia, &s.sam] {
        w.post(who, &path, json!({"successor_id": s.sam.id}))
            .await
            .expect_error(403, "forbidden");
    }
    // B1: an admin does not hand over the primary admin's clients.
    let eve = w.staff("admin", "Eve").await;
    w.post(
        &eve,
        &format!("/users/{}/handover", w.admin.id),
        json!({"successor_id": s.sam.id}),
    )
    .await
    .expect_error(403, "forbidden");
    // Unknown ids, and another company's, are not found.
    for successor in [random_id(), hank.id.clone()] {
        w.post(&w.admin, &path, json!({"successor_id": successor}))
            .await
            .expect_error(404, "not_found");
    }
    w.post(
        &w.admin,
        &format!("/users/{}/handover", hank.id),
        json!({"successor_id": s.sam.id}),
    )
    .await
    .expect_error(404, "not_found");
    // The successor: active, and someone else.
    for successor in [&gone.id, &s.lea.id] {
        let reply = w
            .post(&w.admin, &path, json!({"successor_id": successor}))
            .await;
        reply.expect_error(422, "validation_failed");
        assert!(reply.body["error"]["fields"]["successor_id"].is_string());
        assert_eq!(reply.revision(), None);
    }
    for body in [
        json!({}),
        json!({"successor_id": "nobody"}),
        json!({"successor_id": s.sam.id, "x": 1}),
    ] {
        w.post(&w.admin, &path, body)
            .await
            .expect_error(422, "validation_failed");
    }
    assert_eq!(state(&w, &s).await, before);
}

#[tokio::test]
async fn x11_deactivating_an_owner_needs_a_successor() {
    let w = World::new().await;
    let s = setup(&w).await;
    let before = state(&w, &s).await;
    let path = format!("/users/{}", s.lea.id);
    let reply = w.patch(&w.admin, &path, json!({"active": false})).await;
    reply.expect_error(409, "conflict");
    assert_eq!(reply.body["error"]["owned_clients"], 1);
    assert_eq!(reply.revision(), None);
    snap!("error_owned_clients", &reply.body);
    // A successor only with a deactivation.
    let reply = w
        .patch(&w.admin, &path, json!({"successor_id": s.sam.id}))
        .await;
    reply.expect_error(422, "validation_failed");
    assert!(reply.body["error"]["fields"]["successor_id"].is_string());
    w.patch(
        &w.admin,
        &path,
        json!({"active": false, "successor_id": random_id()}),
    )
    .await
    .expect_error(404, "not_found");
    assert_eq!(state(&w, &s).await, before);
    // Lea still works.
    w.get(&s.lea, "/me").await.expect(200);

    let reply = w
        .patch(
            &w.admin,
            &path,
            json!({"active": false, "successor_id": s.sam.id}),
        )
        .await;
    reply.expect(200);
    assert!(reply.revision().is_some());
    assert_eq!(reply.body["active"], false);
    let alpha = w.get(&s.sam, &format!("/clients/{}", s.alpha)).await;
    assert_eq!(alpha.body["owner_id"], s.sam.id);
    w.get(&s.lea, "/me")
        .await
        .expect_error(401, "unauthenticated");
    // Deactivating someone who owns nothing needs no successor.
    let max = w.staff("user", "Max").await;
    w.patch(
        &w.admin,
        &format!("/users/{}", max.id),
        json!({"active": false}),
    )
    .await
    .expect(200);
}
