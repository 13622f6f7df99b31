//! `/groups`: create, read, rename, members (A21), delete with
//! confirmation (A20).

use serde_json::json;

use crate::support::{World, random_id};

#[tokio::test]
async fn admins_create_groups_with_members() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let reply = w
        .post(
            &w.admin,
            "/groups",
            json!({"name": "Audit", "member_ids": [bob.id]}),
        )
        .await;
    reply.expect(201);
    assert!(reply.revision().is_some());
    snap!("group", &reply.body);
    // `member_ids` may be left out.
    w.post(&w.admin, "/groups", json!({"name": "Empty"}))
        .await
        .expect(201);
}

#[tokio::test]
async fn group_input_is_validated_and_reserved_to_admins() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    w.post(&bob, "/groups", json!({"name": "Mine"}))
        .await
        .expect_error(403, "forbidden");
    w.post(&w.admin, "/groups", json!({"name": ""}))
        .await
        .expect_error(422, "validation_failed");
    let reply = w
        .post(
            &w.admin,
            "/groups",
            json!({"name": "G", "member_ids": ["nope"]}),
        )
        .await;
    reply.expect_error(422, "validation_failed");
    assert!(reply.body["error"]["fields"]["member_ids[0]"].is_string());
    w.post(&w.admin, "/groups", json!({"name": "G", "owner": "x"}))
        .await
        .expect_error(422, "validation_failed");
}

#[tokio::test]
async fn groups_are_listed_and_read() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let audit = w.group("Audit", &[&bob]).await;
    w.group("Board", &[]).await;
    let list = w.get(&bob, "/groups").await;
    list.expect(200);
    let names: Vec<&str> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Audit", "Board"]);
    assert_eq!(list.body["next_cursor"], serde_json::Value::Null);
    let page = w.get(&bob, "/groups?limit=1").await;
    let cursor = page.body["next_cursor"].as_str().unwrap().to_owned();
    let next = w
        .get(&bob, &format!("/groups?limit=1&cursor={cursor}"))
        .await;
    assert_eq!(next.body["items"][0]["name"], "Board");
    w.get(&bob, "/groups?cursor=bogus")
        .await
        .expect_error(422, "validation_failed");
    w.get(&bob, "/groups?limit=1000")
        .await
        .expect_error(422, "validation_failed");

    let one = w.get(&bob, &format!("/groups/{audit}")).await;
    one.expect(200);
    assert_eq!(one.body["members"][0]["id"], bob.id);
    w.get(&bob, &format!("/groups/{}", random_id()))
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn groups_are_renamed_by_admins() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let id = w.group("Audit", &[]).await;
    let reply = w
        .patch(
            &w.admin,
            &format!("/groups/{id}"),
            json!({"name": "Audit 2"}),
        )
        .await;
    reply.expect(200);
    assert!(reply.revision().is_some());
    assert_eq!(reply.body["name"], "Audit 2");
    w.patch(&bob, &format!("/groups/{id}"), json!({"name": "Mine"}))
        .await
        .expect_error(403, "forbidden");
    w.patch(&w.admin, &format!("/groups/{id}"), json!({}))
        .await
        .expect_error(422, "validation_failed");
}

#[tokio::test]
async fn members_are_added_and_removed() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let id = w.group("Audit", &[]).await;
    let reply = w
        .post(
            &w.admin,
            &format!("/groups/{id}/members"),
            json!({"user_id": bob.id}),
        )
        .await;
    reply.expect(200);
    assert!(reply.revision().is_some());
    assert_eq!(reply.body["members"][0]["id"], bob.id);
    w.post(
        &bob,
        &format!("/groups/{id}/members"),
        json!({"user_id": bob.id}),
    )
    .await
    .expect_error(403, "forbidden");
    w.post(
        &w.admin,
        &format!("/groups/{id}/members"),
        json!({"user_id": random_id()}),
    )
    .await
    .expect_error(404, "not_found");

    let reply = w
        .delete(&w.admin, &format!("/groups/{id}/members/{}", bob.id))
        .await;
    reply.expect(204);
    assert!(reply.revision().is_some());
    let group = w.get(&w.admin, &format!("/groups/{id}")).await;
    assert_eq!(group.body["members"], json!([]));
    w.delete(&w.admin, &format!("/groups/{id}/members/not-an-id"))
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn a21_removing_a_member_removes_only_the_access_through_the_group() {
    let w = World::new().await;
    w.lock_down().await;
    let bob = w.staff("user", "Bob").await;
    let group = w.group("Audit", &[&bob]).await;
    let via_group = w.private_client(&w.admin, "Via group").await;
    let direct = w.private_client(&w.admin, "Direct").await;
    w.post(
        &w.admin,
        &format!("/clients/{via_group}/access"),
        json!({"subject": {"type": "group", "id": group}}),
    )
    .await
    .expect(201);
    for client in [&via_group, &direct] {
        w.post(
            &w.admin,
            &format!("/clients/{client}/access"),
            json!({"subject": {"type": "user", "id": bob.id}}),
        )
        .await;
    }
    w.delete(
        &w.admin,
        &format!("/clients/{via_group}/access/user/{}", bob.id),
    )
    .await
    .expect(204);
    w.get(&bob, &format!("/clients/{via_group}"))
        .await
        .expect(200);
    w.delete(&w.admin, &format!("/groups/{group}/members/{}", bob.id))
        .await
        .expect(204);
    w.get(&bob, &format!("/clients/{via_group}"))
        .await
        .expect_error(403, "access_denied");
    w.get(&bob, &format!("/clients/{direct}")).await.expect(200);
}

#[tokio::test]
async fn a20_deleting_a_group_needs_confirmation_over_http() {
    let w = World::new().await;
    w.lock_down().await;
    let bob = w.staff("user", "Bob").await;
    let cy = w.staff("user", "Cy").await;
    let group = w.group("Audit", &[&bob, &cy]).await;
    let client = w.private_client(&w.admin, "Shared with Audit").await;
    w.post(
        &w.admin,
        &format!("/clients/{client}/access"),
        json!({"subject": {"type": "group", "id": group}}),
    )
    .await
    .expect(201);

    let reply = w.delete(&w.admin, &format!("/groups/{group}")).await;
    reply.expect_error(409, "confirmation_required");
    assert_eq!(
        reply.body["error"]["impact"],
        json!({"clients": 1, "users": 2})
    );
    assert_eq!(reply.revision(), None);
    snap!("error_confirmation_required", &reply.body);
    // Nothing changed.
    w.get(&bob, &format!("/clients/{client}")).await.expect(200);
    w.delete(&w.admin, &format!("/groups/{group}?confirm=false"))
        .await
        .expect_error(409, "confirmation_required");
    w.delete(&w.admin, &format!("/groups/{group}?confirm=maybe"))
        .await
        .expect_error(422, "validation_failed");
    w.delete(&bob, &format!("/groups/{group}?confirm=true"))
        .await
        .expect_error(403, "forbidden");

    let reply = w
        .delete(&w.admin, &format!("/groups/{group}?confirm=true"))
        .await;
    reply.expect(200);
    assert!(reply.revision().is_some());
    assert_eq!(reply.body, json!({"revoked_shares": 1}));
    w.get(&bob, &format!("/clients/{client}"))
        .await
        .expect_error(403, "access_denied");
    w.get(&w.admin, &format!("/groups/{group}"))
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn another_companys_group_is_not_found_like_a_random_id() {
    let w = World::new().await;
    let hank = w.other_company().await;
    let theirs = w
        .post(&hank, "/groups", json!({"name": "Globex Board"}))
        .await
        .id();
    let random = w.get(&w.admin, &format!("/groups/{}", random_id())).await;
    let foreign = w.get(&w.admin, &format!("/groups/{theirs}")).await;
    random.expect_error(404, "not_found");
    assert_eq!(foreign.status, random.status);
    assert_eq!(foreign.body, random.body);
    w.patch(
        &w.admin,
        &format!("/groups/{theirs}"),
        json!({"name": "Mine"}),
    )
    .await
    .expect_error(404, "not_found");
    w.delete(&w.admin, &format!("/groups/{theirs}?confirm=true"))
        .await
        .expect_error(404, "not_found");
    // Nor can a foreign user join one of ours.
    let ours = w.group("Audit", &[]).await;
    w.post(
        &w.admin,
        &format!("/groups/{ours}/members"),
        json!({"user_id": hank.id}),
    )
    .await
    .expect_error(404, "not_found");
}
