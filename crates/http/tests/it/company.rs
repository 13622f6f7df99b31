//! `/company` (account settings), the capabilities of `GET /me` (B2) and the
//! primary-admin handover (B1).

use serde_json::{Value, json};

use crate::support::{World, random_id};

#[tokio::test]
async fn staff_read_the_company_and_account_settings_change_it() {
    let w = World::new().await;
    let mia = w.staff("marketing", "Mia").await;
    let cole = w.staff("contributor", "Cole").await;
    let reply = w.get(&cole, "/company").await;
    reply.expect(200);
    assert_eq!(reply.body["name"], "Acme");
    snap!("company", &reply.body);

    let patch = json!({"name": "Acme Ltd", "default_language": "fr", "timezone": "Europe/Paris"});
    w.patch(&cole, "/company", patch.clone())
        .await
        .expect_error(403, "forbidden");
    let reply = w.patch(&mia, "/company", patch).await;
    reply.expect(200);
    assert!(reply.revision().is_some());
    assert_eq!(
        reply.body,
        json!({"name": "Acme Ltd", "default_language": "fr", "timezone": "Europe/Paris"})
    );
    assert_eq!(w.get(&cole, "/company").await.body["name"], "Acme Ltd");
}

#[tokio::test]
async fn company_input_is_validated() {
    let w = World::new().await;
    for bad in [
        json!({"timezone": ""}),
        json!({"timezone": "Not a zone"}),
        json!({"timezone": "A".repeat(65)}),
        json!({"default_language": "de"}),
        json!({"name": ""}),
        json!({"colour": "red"}),
    ] {
        w.patch(&w.admin, "/company", bad)
            .await
            .expect_error(422, "validation_failed");
    }
    w.call(axum::http::Method::GET, "/company", None, None)
        .await
        .expect_error(401, "unauthenticated");
}

/// The capabilities of `GET /me` for a role.
async fn capabilities(w: &World, role: &str, first: &str) -> Value {
    let who = w.staff(role, first).await;
    let reply = w.get(&who, "/me").await;
    reply.expect(200);
    reply.body["capabilities"].clone()
}

#[tokio::test]
async fn b2_me_lists_the_sections_of_each_role() {
    let w = World::new().await;
    let mut table = serde_json::Map::new();
    let me = w.get(&w.admin, "/me").await;
    me.expect(200);
    assert_eq!(me.body["email"], "ada@acme.test");
    table.insert("primary_admin".into(), me.body["capabilities"].clone());
    for (role, first) in [
        ("admin", "Adam"),
        ("manager", "Max"),
        ("marketing", "Mia"),
        ("contributor", "Cole"),
        ("user", "Una"),
    ] {
        table.insert(role.into(), capabilities(&w, role, first).await);
    }
    let yes = |role: &str, section: &str| table[role][section].as_bool().unwrap();
    assert!(yes("admin", "staff") && !yes("manager", "staff"));
    assert!(yes("marketing", "account_settings") && !yes("contributor", "account_settings"));
    assert!(!yes("marketing", "payments") && yes("contributor", "payments"));
    assert!(yes("contributor", "work_as") && !yes("admin", "work_as"));
    assert!(!yes("user", "bulk_edit") && yes("marketing", "bulk_edit"));
    assert_eq!(table["admin"].as_object().unwrap().len(), 14);
    snap!("me_capabilities_by_role", &table);
}

#[tokio::test]
async fn b2_capabilities_follow_the_members_toggles() {
    let w = World::new().await;
    let una = w.staff("user", "Una").await;
    w.patch(
        &w.admin,
        &format!("/users/{}", una.id),
        json!({"permissions": {"payments": false, "edit_rights": true, "list_all_clients": false}}),
    )
    .await
    .expect(200);
    let caps = w.get(&una, "/me").await.body["capabilities"].clone();
    assert_eq!(caps["payments"], false);
    assert_eq!(caps["bulk_edit"], true);
    assert_eq!(caps["list_all_clients"], false);
}

#[tokio::test]
async fn b1_handover_of_the_primary_admin_is_one_explicit_action() {
    let w = World::new().await;
    let adam = w.staff("admin", "Adam").await;
    let max = w.staff("manager", "Max").await;
    // Not through PATCH /users, and not by an admin.
    w.patch(
        &w.admin,
        &format!("/users/{}", max.id),
        json!({"role": "primary_admin"}),
    )
    .await
    .expect_error(403, "forbidden");
    w.patch(
        &adam,
        &format!("/users/{}", w.admin.id),
        json!({"role": "admin"}),
    )
    .await
    .expect_error(403, "forbidden");
    w.post(
        &adam,
        &format!("/users/{}/primary-admin", adam.id),
        json!({}),
    )
    .await
    .expect_error(403, "forbidden");
    w.post(
        &w.admin,
        &format!("/users/{}/primary-admin", random_id()),
        json!({}),
    )
    .await
    .expect_error(404, "not_found");

    let reply = w
        .post(
            &w.admin,
            &format!("/users/{}/primary-admin", max.id),
            json!({}),
        )
        .await;
    reply.expect(200);
    assert!(reply.revision().is_some());
    assert_eq!(reply.body["primary_admin"]["id"], max.id);
    assert_eq!(reply.body["primary_admin"]["role"], "primary_admin");
    assert_eq!(reply.body["previous"]["id"], w.admin.id);
    assert_eq!(reply.body["previous"]["role"], "admin");
    let users = w.get(&max, "/users").await;
    let primaries = users.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["role"] == "primary_admin")
        .count();
    assert_eq!(primaries, 1);
    // Ada is an admin now: she may no longer change Max's role.
    w.patch(
        &w.admin,
        &format!("/users/{}", max.id),
        json!({"role": "admin"}),
    )
    .await
    .expect_error(403, "forbidden");
}
