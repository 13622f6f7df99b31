//! `/clients`: list with locks (A12), create, read, change, delete.

use serde_json::json;

use crate::support::{World, assert_timestamps, random_id};

#[tokio::test]
async fn staff_create_clients() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let reply = w
        .post(
            &bob,
            "/clients",
            json!({"name": "Initech", "email": "cfo@initech.test", "phone": "+45 1234",
                   "tags": ["kyc", "2024"]}),
        )
        .await;
    reply.expect(201);
    assert!(reply.revision().is_some());
    assert_eq!(reply.body["owner_id"], bob.id);
    assert_timestamps(&reply.body);
    snap!("client", &reply.body);
}

#[tokio::test]
async fn client_input_is_validated() {
    let w = World::new().await;
    let reply = w.post(&w.admin, "/clients", json!({"name": ""})).await;
    reply.expect_error(422, "validation_failed");
    assert!(reply.body["error"]["fields"]["name"].is_string());
    w.post(&w.admin, "/clients", json!({"name": "x".repeat(10_000)}))
        .await
        .expect_error(422, "validation_failed");
    w.post(&w.admin, "/clients", json!({"name": "A", "colour": "red"}))
        .await
        .expect_error(422, "validation_failed");
    w.post(&w.admin, "/clients", json!({"name": "A", "tags": "kyc"}))
        .await
        .expect_error(422, "validation_failed");
    w.post(
        &w.admin,
        "/clients",
        json!({"name": "A", "owner_id": random_id()}),
    )
    .await
    .expect_error(404, "not_found");
}

#[tokio::test]
async fn a12_the_list_shows_locked_clients_by_name() {
    let w = World::new().await;
    w.lock_down().await;
    let bob = w.staff("user", "Bob").await;
    let open = w.client(&w.admin, "Acme Open").await;
    let locked = w.private_client(&w.admin, "Acme Locked").await;
    let reply = w.get(&bob, "/clients").await;
    reply.expect(200);
    let items = reply.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    let by_id = |id: &str| items.iter().find(|i| i["id"] == id).unwrap().clone();
    assert_eq!(by_id(&open)["locked"], false);
    assert_eq!(by_id(&locked)["locked"], true);
    snap!("client_list_item", &by_id(&locked));
}

#[tokio::test]
async fn the_list_filters_by_name_and_pages() {
    let w = World::new().await;
    for name in ["Alpha", "Beta", "Alphabet", "Gamma"] {
        w.client(&w.admin, name).await;
    }
    let reply = w.get(&w.admin, "/clients?q=alpha").await;
    reply.expect(200);
    let names: Vec<&str> = reply.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Alpha", "Alphabet"]);
    let first = w.get(&w.admin, "/clients?limit=3").await;
    assert_eq!(first.body["items"].as_array().unwrap().len(), 3);
    let cursor = first.body["next_cursor"].as_str().unwrap().to_owned();
    let second = w
        .get(&w.admin, &format!("/clients?limit=3&cursor={cursor}"))
        .await;
    assert_eq!(second.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(second.body["next_cursor"], serde_json::Value::Null);
    w.get(&w.admin, "/clients?limit=501")
        .await
        .expect_error(422, "validation_failed");
    w.get(&w.admin, "/clients?cursor=%%%")
        .await
        .expect_error(422, "validation_failed");
}

#[tokio::test]
async fn a_client_is_read_with_access() {
    let w = World::new().await;
    let id = w.client(&w.admin, "Initech").await;
    let reply = w.get(&w.admin, &format!("/clients/{id}")).await;
    reply.expect(200);
    assert_eq!(reply.body["name"], "Initech");
    assert_eq!(reply.body["restricted"], false);
}

#[tokio::test]
async fn a12_a_locked_client_answers_access_denied() {
    let w = World::new().await;
    w.lock_down().await;
    let bob = w.staff("user", "Bob").await;
    let id = w.private_client(&w.admin, "Secret").await;
    let reply = w.get(&bob, &format!("/clients/{id}")).await;
    reply.expect_error(403, "access_denied");
    assert_eq!(reply.body["error"]["can_request"], false);
    snap!("error_access_denied", &reply.body);
    w.settings(json!({"allow_access_requests": true})).await;
    let reply = w.get(&bob, &format!("/clients/{id}")).await;
    assert_eq!(reply.body["error"]["can_request"], true);
}

#[tokio::test]
async fn unknown_malformed_and_foreign_client_ids_are_not_found_alike() {
    let w = World::new().await;
    let hank = w.other_company().await;
    let theirs = w.client(&hank, "Globex Client").await;
    let random = w.get(&w.admin, &format!("/clients/{}", random_id())).await;
    let foreign = w.get(&w.admin, &format!("/clients/{theirs}")).await;
    let malformed = w.get(&w.admin, "/clients/42").await;
    random.expect_error(404, "not_found");
    assert_eq!(foreign.status, random.status);
    assert_eq!(foreign.body, random.body);
    assert_eq!(malformed.body, random.body);
    snap!("error_not_found", &random.body);
    for path in [
        format!("/clients/{theirs}/access"),
        format!("/clients/{theirs}/access/history"),
        format!("/clients/{theirs}/users"),
    ] {
        let reply = w.get(&w.admin, &path).await;
        reply.expect_error(404, "not_found");
        assert_eq!(reply.body, random.body, "{path}");
    }
    w.patch(
        &w.admin,
        &format!("/clients/{theirs}"),
        json!({"name": "Mine"}),
    )
    .await
    .expect_error(404, "not_found");
    w.delete(&w.admin, &format!("/clients/{theirs}"))
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn clients_are_patched_and_fields_cleared_with_null() {
    let w = World::new().await;
    let reply = w
        .post(
            &w.admin,
            "/clients",
            json!({"name": "Initech", "email": "a@initech.test", "phone": "1"}),
        )
        .await;
    let id = reply.id();
    let reply = w
        .patch(
            &w.admin,
            &format!("/clients/{id}"),
            json!({"name": "Initrode", "email": null, "tags": ["vip"]}),
        )
        .await;
    reply.expect(200);
    assert!(reply.revision().is_some());
    assert_eq!(reply.body["name"], "Initrode");
    assert_eq!(reply.body["email"], serde_json::Value::Null);
    assert_eq!(reply.body["phone"], "1");
    assert_eq!(reply.body["tags"], json!(["vip"]));
    w.patch(&w.admin, &format!("/clients/{id}"), json!({"name": ""}))
        .await
        .expect_error(422, "validation_failed");
    w.patch(
        &w.admin,
        &format!("/clients/{id}"),
        json!({"owner_id": "x"}),
    )
    .await
    .expect_error(422, "validation_failed");
}

#[tokio::test]
async fn locked_clients_cannot_be_patched() {
    let w = World::new().await;
    w.lock_down().await;
    let bob = w.staff("user", "Bob").await;
    let id = w.private_client(&w.admin, "Secret").await;
    w.patch(&bob, &format!("/clients/{id}"), json!({"name": "Mine"}))
        .await
        .expect_error(403, "access_denied");
}

#[tokio::test]
async fn owners_and_admins_delete_clients() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let cy = w.staff("user", "Cy").await;
    let id = w.client(&bob, "Bob's").await;
    w.delete(&cy, &format!("/clients/{id}"))
        .await
        .expect_error(403, "forbidden");
    let reply = w.delete(&bob, &format!("/clients/{id}")).await;
    reply.expect(204);
    assert!(reply.revision().is_some());
    assert_eq!(reply.body, serde_json::Value::Null);
    w.get(&bob, &format!("/clients/{id}"))
        .await
        .expect_error(404, "not_found");
    let other = w.client(&bob, "Another").await;
    w.delete(&w.admin, &format!("/clients/{other}"))
        .await
        .expect(204);
}
