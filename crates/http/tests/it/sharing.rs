//! The sharing panel (A13), shares (A4, A19), ownership, history, digest (A24).

use serde_json::{Value, json};

use crate::support::{Session, World, assert_timestamps, random_id};

/// A1 on; a client of the admin shared with group "Audit" (Bob) and directly
/// with Cy; Dee has no access. Returns (client, group, bob, cy, dee).
async fn shared_client(w: &World) -> (String, String, Session, Session, Session) {
    w.lock_down().await;
    let bob = w.staff("user", "Bob").await;
    let cy = w.staff("user", "Cy").await;
    let dee = w.staff("user", "Dee").await;
    let group = w.group("Audit", &[&bob]).await;
    let client = w.client(&w.admin, "Initech").await;
    for subject in [
        json!({"type": "group", "id": group}),
        json!({"type": "user", "id": cy.id}),
    ] {
        w.post(
            &w.admin,
            &format!("/clients/{client}/access"),
            json!({ "subject": subject }),
        )
        .await
        .expect(201);
    }
    (client, group, bob, cy, dee)
}

/// The entries of a panel, sorted by (type, name) for stable snapshots.
fn sorted_entries(panel: &Value) -> Value {
    let mut entries = panel["entries"].as_array().unwrap().clone();
    entries.sort_by_key(|e| {
        (
            e["subject"]["type"].as_str().unwrap().to_owned(),
            e["subject"]["name"].as_str().unwrap().to_owned(),
        )
    });
    let mut panel = panel.clone();
    panel["entries"] = Value::Array(entries);
    panel
}

#[tokio::test]
async fn a13_panel_with_access_shows_every_share_and_group_members() {
    let w = World::new().await;
    let (client, _, bob, ..) = shared_client(&w).await;
    let reply = w.get(&bob, &format!("/clients/{client}/access")).await;
    reply.expect(200);
    assert_timestamps(&reply.body);
    let panel = sorted_entries(&reply.body);
    let types: Vec<&str> = panel["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["subject"]["type"].as_str().unwrap())
        .collect();
    assert!(types.contains(&"company"), "{types:?}");
    let company = panel["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["subject"]["type"] == "company")
        .unwrap();
    assert_eq!(company["subject"]["id"], Value::Null);
    snap!("panel_with_access", &panel);
}

#[tokio::test]
async fn a13_panel_without_access_hides_members() {
    let w = World::new().await;
    let (client, _, _, _, dee) = shared_client(&w).await;
    w.delete(&w.admin, &format!("/clients/{client}/access/company"))
        .await
        .expect(204);
    let reply = w.get(&dee, &format!("/clients/{client}/access")).await;
    reply.expect(200);
    for entry in reply.body["entries"].as_array().unwrap() {
        assert!(entry.get("members").is_none(), "{entry:#}");
        assert_eq!(entry["granted_by"], Value::Null, "{entry:#}");
        assert_ne!(entry["subject"]["type"], "company");
    }
    assert!(reply.body.get("digest_enabled").is_none());
    snap!("panel_without_access", &sorted_entries(&reply.body));
}

#[tokio::test]
async fn a18_a_requester_learns_no_more_through_other_endpoints() {
    let w = World::new().await;
    let (client, group, _, _, dee) = shared_client(&w).await;
    w.delete(&w.admin, &format!("/clients/{client}/access/company"))
        .await
        .expect(204);
    for path in [
        format!("/clients/{client}"),
        format!("/clients/{client}/access/history"),
        format!("/clients/{client}/users"),
    ] {
        w.get(&dee, &path).await.expect_error(403, "access_denied");
    }
    // Groups are staff configuration, readable by staff; but no client data leaks.
    w.get(&dee, &format!("/groups/{group}")).await.expect(200);
}

#[tokio::test]
async fn shares_are_granted_once() {
    let w = World::new().await;
    let (client, ..) = shared_client(&w).await;
    let eve = w.staff("user", "Eve").await;
    let path = format!("/clients/{client}/access");
    let body = json!({"subject": {"type": "user", "id": eve.id}});
    let first = w.post(&w.admin, &path, body.clone()).await;
    first.expect(201);
    assert!(first.revision().is_some());
    snap!("panel_entry", &first.body);
    let again = w.post(&w.admin, &path, body).await;
    again.expect(200);
    assert!(again.revision().is_some());
    w.get(&eve, &format!("/clients/{client}")).await.expect(200);
}

#[tokio::test]
async fn a4_only_those_who_may_share_grant() {
    let w = World::new().await;
    let (client, _, bob, _, dee) = shared_client(&w).await;
    let path = format!("/clients/{client}/access");
    let body = json!({"subject": {"type": "user", "id": dee.id}});
    // Sharing off: Bob has access but may not share.
    let reply = w.post(&bob, &path, body.clone()).await;
    assert_eq!(reply.status, 403, "{:#}", reply.body);
    w.settings(json!({"allow_sharing": true})).await;
    w.post(&bob, &path, body).await.expect(201);
}

#[tokio::test]
async fn grant_subjects_are_validated() {
    let w = World::new().await;
    let client = w.client(&w.admin, "Initech").await;
    let path = format!("/clients/{client}/access");
    for (body, field) in [
        (json!({"subject": {"type": "user"}}), "subject.id"),
        (
            json!({"subject": {"type": "user", "id": "nope"}}),
            "subject.id",
        ),
        (
            json!({"subject": {"type": "robot", "id": random_id()}}),
            "subject.type",
        ),
        (
            json!({"subject": {"type": "company", "id": random_id()}}),
            "subject.id",
        ),
        (
            json!({"subject": {"type": "user", "id": random_id(), "x": 1}}),
            "subject.x",
        ),
        (json!({}), "subject"),
    ] {
        let reply = w.post(&w.admin, &path, body.clone()).await;
        reply.expect_error(422, "validation_failed");
        assert!(
            reply.body["error"]["fields"][field].is_string(),
            "{body} -> {:#}",
            reply.body
        );
    }
    w.post(
        &w.admin,
        &path,
        json!({"subject": {"type": "user", "id": random_id()}}),
    )
    .await
    .expect_error(404, "not_found");
    // An existing whole-company share answers 200.
    w.post(&w.admin, &path, json!({"subject": {"type": "company"}}))
        .await
        .expect(200);
}

#[tokio::test]
async fn a19_shares_are_removed() {
    let w = World::new().await;
    let (client, group, bob, cy, _) = shared_client(&w).await;
    let reply = w
        .delete(
            &w.admin,
            &format!("/clients/{client}/access/user/{}", cy.id),
        )
        .await;
    reply.expect(204);
    assert!(reply.revision().is_some());
    w.delete(
        &w.admin,
        &format!("/clients/{client}/access/user/{}", cy.id),
    )
    .await
    .expect_error(404, "not_found");
    w.delete(&w.admin, &format!("/clients/{client}/access/group/{group}"))
        .await
        .expect(204);
    w.delete(&w.admin, &format!("/clients/{client}/access/company"))
        .await
        .expect(204);
    w.get(&bob, &format!("/clients/{client}"))
        .await
        .expect_error(403, "access_denied");
    w.delete(&w.admin, &format!("/clients/{client}/access/robot/{group}"))
        .await
        .expect_error(404, "not_found");
    w.delete(&w.admin, &format!("/clients/{client}/access/user/nope"))
        .await
        .expect_error(404, "not_found");
    let reply = w
        .delete(&bob, &format!("/clients/{client}/access/company"))
        .await;
    assert_eq!(reply.status, 403, "{:#}", reply.body);
}

#[tokio::test]
async fn ownership_is_transferred_by_the_owner_or_admins() {
    let w = World::new().await;
    let (client, _, bob, cy, _) = shared_client(&w).await;
    let path = format!("/clients/{client}/owner");
    w.post(&cy, &path, json!({"user_id": cy.id}))
        .await
        .expect_error(403, "forbidden");
    let reply = w.post(&w.admin, &path, json!({"user_id": bob.id})).await;
    reply.expect(200);
    assert!(reply.revision().is_some());
    assert_eq!(reply.body["owner_id"], bob.id);
    w.post(&bob, &path, json!({"user_id": random_id()}))
        .await
        .expect_error(404, "not_found");
    w.post(&bob, &path, json!({"user": bob.id}))
        .await
        .expect_error(422, "validation_failed");
}

#[tokio::test]
async fn the_history_lists_every_grant() {
    let w = World::new().await;
    let (client, _, _, cy, dee) = shared_client(&w).await;
    w.delete(
        &w.admin,
        &format!("/clients/{client}/access/user/{}", cy.id),
    )
    .await
    .expect(204);
    let reply = w
        .get(&w.admin, &format!("/clients/{client}/access/history"))
        .await;
    reply.expect(200);
    assert_timestamps(&reply.body);
    let rows = reply.body["items"].as_array().unwrap();
    let revoked = rows
        .iter()
        .find(|r| r["subject"]["id"] == cy.id.as_str())
        .unwrap();
    assert_eq!(revoked["revoked_how"], "manual");
    snap!("history_row", revoked);
    assert_eq!(reply.body["next_cursor"], Value::Null);
    let page = w
        .get(
            &w.admin,
            &format!("/clients/{client}/access/history?limit=1"),
        )
        .await;
    assert!(page.body["next_cursor"].is_string());
    w.delete(&w.admin, &format!("/clients/{client}/access/company"))
        .await
        .expect(204);
    w.get(&dee, &format!("/clients/{client}/access/history"))
        .await
        .expect_error(403, "access_denied");
}

#[tokio::test]
async fn a24_the_digest_box_is_set_per_client() {
    let w = World::new().await;
    let (client, _, bob, _, dee) = shared_client(&w).await;
    let panel = w.get(&bob, &format!("/clients/{client}/access")).await;
    assert_eq!(panel.body["digest_enabled"], true);
    let reply = w
        .put(
            &bob,
            &format!("/clients/{client}/digest"),
            json!({"enabled": false}),
        )
        .await;
    reply.expect(200);
    assert!(reply.revision().is_some());
    assert_eq!(reply.body, json!({"enabled": false}));
    let panel = w.get(&bob, &format!("/clients/{client}/access")).await;
    assert_eq!(panel.body["digest_enabled"], false);
    w.put(
        &bob,
        &format!("/clients/{client}/digest"),
        json!({"enabled": "no"}),
    )
    .await
    .expect_error(422, "validation_failed");
    w.delete(&w.admin, &format!("/clients/{client}/access/company"))
        .await
        .expect(204);
    w.put(
        &dee,
        &format!("/clients/{client}/digest"),
        json!({"enabled": false}),
    )
    .await
    .expect_error(403, "access_denied");
}

#[tokio::test]
async fn a4_notify_by_email_is_optional_and_for_people_and_groups() {
    let w = World::new().await;
    let (client, ..) = shared_client(&w).await;
    let eve = w.staff("user", "Eve").await;
    let path = format!("/clients/{client}/access");
    let before = w.app.store().outbox_pending_count().await.unwrap();
    // Default: no email.
    let silent = w
        .post(
            &w.admin,
            &path,
            json!({"subject": {"type": "user", "id": eve.id}}),
        )
        .await;
    silent.expect(201);
    assert_eq!(w.app.store().outbox_pending_count().await.unwrap(), before);
    w.delete(&w.admin, &format!("{path}/user/{}", eve.id))
        .await
        .expect(204);
    let told = w
        .post(
            &w.admin,
            &path,
            json!({"subject": {"type": "user", "id": eve.id}, "notify": true, "message": "See you"}),
        )
        .await;
    told.expect(201);
    assert_eq!(
        w.app.store().outbox_pending_count().await.unwrap(),
        before + 1
    );
    let company = w
        .post(
            &w.admin,
            &path,
            json!({"subject": {"type": "company"}, "notify": true}),
        )
        .await;
    company.expect_error(422, "validation_failed");
    assert!(
        company.body["error"]["fields"]["notify"].is_string(),
        "{}",
        company.body
    );
    let message = w
        .post(
            &w.admin,
            &path,
            json!({"subject": {"type": "user", "id": eve.id}, "message": "hi"}),
        )
        .await;
    message.expect_error(422, "validation_failed");
    let wrong = w
        .post(
            &w.admin,
            &path,
            json!({"subject": {"type": "user", "id": eve.id}, "notify": "yes"}),
        )
        .await;
    assert_eq!(wrong.status.as_u16(), 422, "{}", wrong.body);
}
