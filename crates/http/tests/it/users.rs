//! `/me`, `/settings` and `/users`.

use serde_json::json;

use crate::support::{World, assert_timestamps, random_id};

#[tokio::test]
async fn me_is_the_signed_in_user() {
    let w = World::new().await;
    let reply = w.get(&w.admin, "/me").await;
    reply.expect(200);
    assert_eq!(reply.body["email"], "ada@acme.test");
    assert_eq!(reply.body["role"], "primary_admin");
    snap!("user", &reply.body);
}

#[tokio::test]
async fn settings_start_as_spec_says() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let reply = w.get(&bob, "/settings").await;
    reply.expect(200);
    snap!("settings", &reply.body);
}

#[tokio::test]
async fn admins_change_settings_with_a_revision() {
    let w = World::new().await;
    let reply = w
        .patch(
            &w.admin,
            "/settings",
            json!({"allow_sharing": true, "new_client_access": "owner_only"}),
        )
        .await;
    reply.expect(200);
    assert!(reply.revision().is_some());
    assert_eq!(reply.body["allow_sharing"], true);
    assert_eq!(reply.body["new_client_access"], "owner_only");
    assert_eq!(reply.body["client_access_enabled"], false);
}

#[tokio::test]
async fn only_admins_change_settings() {
    let w = World::new().await;
    let manager = w.staff("manager", "Mia").await;
    let reply = w
        .patch(&manager, "/settings", json!({"allow_sharing": true}))
        .await;
    reply.expect_error(403, "forbidden");
    assert_eq!(reply.revision(), None);
    snap!("error_forbidden", &reply.body);
}

#[tokio::test]
async fn settings_refuse_unknown_fields_and_values() {
    let w = World::new().await;
    let reply = w
        .patch(&w.admin, "/settings", json!({"allow_everything": true}))
        .await;
    reply.expect_error(422, "validation_failed");
    assert_eq!(
        reply.body["error"]["fields"]["allow_everything"],
        "unknown field"
    );
    let reply = w
        .patch(
            &w.admin,
            "/settings",
            json!({"new_client_access": "nobody"}),
        )
        .await;
    reply.expect_error(422, "validation_failed");
    assert!(reply.body["error"]["fields"]["new_client_access"].is_string());
    let reply = w
        .patch(&w.admin, "/settings", json!({"allow_sharing": "yes"}))
        .await;
    reply.expect_error(422, "validation_failed");
}

#[tokio::test]
async fn admins_create_users() {
    let w = World::new().await;
    let reply = w
        .post(
            &w.admin,
            "/users",
            json!({"email": "Zoe@Acme.test", "name": "Zoe Zed", "role": "contributor",
                   "password": "correct horse battery staple", "language": "fr"}),
        )
        .await;
    reply.expect(201);
    assert!(reply.revision().is_some());
    assert_eq!(reply.body["email"], "zoe@acme.test");
    snap!("user_created", &reply.body);
    // Without a password: an invitation.
    w.post(
        &w.admin,
        "/users",
        json!({"email": "yan@acme.test", "name": "Yan", "role": "user"}),
    )
    .await
    .expect(201);
}

#[tokio::test]
async fn duplicate_emails_conflict() {
    let w = World::new().await;
    let reply = w
        .post(
            &w.admin,
            "/users",
            json!({"email": "ADA@acme.test", "name": "Ada Again", "role": "user"}),
        )
        .await;
    reply.expect_error(409, "conflict");
    snap!("error_conflict", &reply.body);
}

#[tokio::test]
async fn user_input_is_validated() {
    let w = World::new().await;
    let create = |body| w.post(&w.admin, "/users", body);
    let reply = create(json!({"email": "a@acme.test", "name": "A", "role": "boss"})).await;
    reply.expect_error(422, "validation_failed");
    assert!(reply.body["error"]["fields"]["role"].is_string());
    snap!("error_validation_failed", &reply.body);

    let reply = create(json!({"email": "a@acme.test", "name": "A", "role": "primary_admin"})).await;
    reply.expect_error(422, "validation_failed");
    let reply = create(json!({"email": "a@acme.test", "name": "", "role": "user"})).await;
    reply.expect_error(422, "validation_failed");
    assert!(reply.body["error"]["fields"]["name"].is_string());
    let reply = create(json!({"email": "not-an-email", "name": "A", "role": "user"})).await;
    reply.expect_error(422, "validation_failed");
    assert!(reply.body["error"]["fields"]["email"].is_string());
    let long = "x".repeat(10_000);
    let reply = create(json!({"email": "a@acme.test", "name": long, "role": "user"})).await;
    reply.expect_error(422, "validation_failed");
    let reply = create(json!({"email": "a@acme.test", "name": "A", "role": "user", "x": 1})).await;
    reply.expect_error(422, "validation_failed");
    assert_eq!(reply.body["error"]["fields"]["x"], "unknown field");
    let reply = create(json!({"name": "A", "role": "user"})).await;
    assert_eq!(reply.body["error"]["fields"]["email"], "is required");
}

#[tokio::test]
async fn only_admins_create_users() {
    let w = World::new().await;
    let manager = w.staff("manager", "Mia").await;
    w.post(
        &manager,
        "/users",
        json!({"email": "x@acme.test", "name": "X", "role": "user"}),
    )
    .await
    .expect_error(403, "forbidden");
}

#[tokio::test]
async fn users_are_listed_by_page() {
    let w = World::new().await;
    w.staff("user", "Bob").await;
    w.staff("user", "Cy").await;
    let first = w.get(&w.admin, "/users?limit=2").await;
    first.expect(200);
    assert_eq!(first.body["items"].as_array().unwrap().len(), 2);
    let cursor = first.body["next_cursor"].as_str().unwrap().to_owned();
    let second = w
        .get(&w.admin, &format!("/users?limit=2&cursor={cursor}"))
        .await;
    second.expect(200);
    assert_eq!(second.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(second.body["next_cursor"], serde_json::Value::Null);
    let all = w.get(&w.admin, "/users").await;
    assert_eq!(all.body["items"].as_array().unwrap().len(), 3);
    assert_timestamps(&all.body);
}

#[tokio::test]
async fn list_limits_and_cursors_are_validated() {
    let w = World::new().await;
    let reply = w.get(&w.admin, "/users?limit=501").await;
    reply.expect_error(422, "validation_failed");
    assert!(reply.body["error"]["fields"]["limit"].is_string());
    w.get(&w.admin, "/users?limit=500").await.expect(200);
    w.get(&w.admin, "/users?limit=0")
        .await
        .expect_error(422, "validation_failed");
    w.get(&w.admin, "/users?limit=ten")
        .await
        .expect_error(422, "validation_failed");
    let reply = w.get(&w.admin, "/users?cursor=garbage").await;
    reply.expect_error(422, "validation_failed");
    assert!(reply.body["error"]["fields"]["cursor"].is_string());
}

#[tokio::test]
async fn a_user_is_read_by_id() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let reply = w.get(&w.admin, &format!("/users/{}", bob.id)).await;
    reply.expect(200);
    assert_eq!(reply.body["name"], "Bob Staff");
    w.get(&w.admin, &format!("/users/{}", random_id()))
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn another_companys_user_is_not_found_like_a_random_id() {
    let w = World::new().await;
    let hank = w.other_company().await;
    let theirs = w.get(&w.admin, &format!("/users/{}", hank.id)).await;
    let random = w.get(&w.admin, &format!("/users/{}", random_id())).await;
    theirs.expect_error(404, "not_found");
    assert_eq!(theirs.body, random.body);
    w.patch(
        &w.admin,
        &format!("/users/{}", hank.id),
        json!({"name": "X"}),
    )
    .await
    .expect_error(404, "not_found");
}

#[tokio::test]
async fn admins_patch_users_partially() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let reply = w
        .patch(
            &w.admin,
            &format!("/users/{}", bob.id),
            json!({"role": "contributor", "share_all_clients": true,
                   "permissions": {"payments": false, "view": "shared"}}),
        )
        .await;
    reply.expect(200);
    assert!(reply.revision().is_some());
    assert_eq!(reply.body["role"], "contributor");
    assert_eq!(reply.body["share_all_clients"], true);
    assert_eq!(reply.body["permissions"]["payments"], false);
    assert_eq!(reply.body["permissions"]["view"], "shared");
    assert_eq!(reply.body["permissions"]["documents"], true);
    assert_eq!(reply.body["name"], "Bob Staff");
}

#[tokio::test]
async fn user_patches_are_validated_and_reserved_to_admins() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let path = format!("/users/{}", bob.id);
    let reply = w
        .patch(&w.admin, &path, json!({"permissions": {"fly": true}}))
        .await;
    reply.expect_error(422, "validation_failed");
    assert_eq!(
        reply.body["error"]["fields"]["permissions.fly"],
        "unknown field"
    );
    let reply = w
        .patch(
            &w.admin,
            &path,
            json!({"permissions": {"view": "everything"}}),
        )
        .await;
    reply.expect_error(422, "validation_failed");
    assert!(reply.body["error"]["fields"]["permissions.view"].is_string());
    w.patch(&w.admin, &path, json!({"language": "klingon"}))
        .await
        .expect_error(422, "validation_failed");
    w.patch(&bob, &path, json!({"name": "Bobby"}))
        .await
        .expect_error(403, "forbidden");
}
