//! Client cards (B8–B10): contact fields masked per viewer in every answer
//! that carries them, profile fields, tag and opt-in changes gated by edit
//! rights, and the client list of members without "view every client".

use serde_json::json;

use crate::documents::set_permission;
use crate::support::World;

#[tokio::test]
async fn b8_hidden_contact_fields_come_back_null_and_flagged() {
    let w = World::new().await;
    let user = w.staff("user", "Hal").await;
    let reply = w
        .post(
            &w.admin,
            "/clients",
            json!({"name": "Masked", "email": "m@client.test", "phone": "+45 1234"}),
        )
        .await;
    reply.expect(201);
    assert_eq!(reply.body["email_hidden"], false);
    assert_eq!(reply.body["email"], "m@client.test");
    let client = reply.id();
    let path = format!("/clients/{client}");
    let seen = w.get(&user, &path).await;
    assert_eq!(seen.body["email"], "m@client.test");
    assert_eq!(seen.body["phone_hidden"], false);
    set_permission(&w, &user, "hide_email", true).await;
    let seen = w.get(&user, &path).await;
    seen.expect(200);
    assert_eq!(seen.body["email"], json!(null));
    assert_eq!(seen.body["email_hidden"], true);
    assert_eq!(seen.body["phone"], "+45 1234");
    assert_eq!(seen.body["phone_hidden"], false);
    snap!("client_masked", &seen.body);
    set_permission(&w, &user, "hide_phone", true).await;
    let seen = w.get(&user, &path).await;
    assert_eq!(seen.body["phone"], json!(null));
    assert_eq!(seen.body["phone_hidden"], true);
    // The admin still sees everything.
    let admin = w.get(&w.admin, &path).await;
    assert_eq!(admin.body["email"], "m@client.test");
    assert_eq!(admin.body["phone"], "+45 1234");
    // A PATCH answer is masked too, and so is a new client's.
    let patched = w.patch(&user, &path, json!({"name": "Masked 2"})).await;
    patched.expect(200);
    assert_eq!(patched.body["email"], json!(null));
    assert_eq!(patched.body["phone"], json!(null));
    let created = w
        .post(
            &user,
            "/clients",
            json!({"name": "Mine", "email": "x@y.test"}),
        )
        .await;
    created.expect(201);
    assert_eq!(created.body["email"], json!(null));
    assert_eq!(created.body["email_hidden"], true);
    assert!(!created.body.to_string().contains("x@y.test"));
}

#[tokio::test]
async fn b8_profile_fields_are_read_and_changed() {
    let w = World::new().await;
    let client = w.client(&w.admin, "Profiled").await;
    let path = format!("/clients/{client}");
    let card = w.get(&w.admin, &path).await;
    assert_eq!(card.body["marketing_opt_in"], false);
    assert_eq!(card.body["loyalty_card"], json!(null));
    assert_eq!(card.body["notes"], json!(null));
    let reply = w
        .patch(
            &w.admin,
            &path,
            json!({"marketing_opt_in": true, "loyalty_card": "LC-1", "notes": "likes tea"}),
        )
        .await;
    reply.expect(200);
    assert_eq!(reply.body["loyalty_card"], "LC-1");
    let card = w.get(&w.admin, &path).await;
    assert_eq!(card.body["marketing_opt_in"], true);
    assert_eq!(card.body["notes"], "likes tea");
    // A refused client field leaves the profile fields alone too.
    w.patch(
        &w.admin,
        &path,
        json!({"email": "nope", "notes": "changed"}),
    )
    .await
    .expect_error(422, "validation_failed");
    w.patch(&w.admin, &path, json!({"loyalty_card": "x".repeat(101)}))
        .await
        .expect_error(422, "validation_failed");
    let card = w.get(&w.admin, &path).await;
    assert_eq!(card.body["notes"], "likes tea");
    assert_eq!(card.body["loyalty_card"], "LC-1");
    w.patch(&w.admin, &path, json!({"notes": null}))
        .await
        .expect(200);
    let card = w.get(&w.admin, &path).await;
    assert_eq!(card.body["notes"], json!(null));
    assert_eq!(card.body["loyalty_card"], "LC-1");
}

#[tokio::test]
async fn b9_tag_changes_need_edit_rights() {
    let w = World::new().await;
    let user = w.staff("user", "Tad").await;
    let created = w
        .post(
            &w.admin,
            "/clients",
            json!({"name": "Tagged", "tags": ["vip"]}),
        )
        .await;
    let path = format!("/clients/{}", created.id());
    w.patch(
        &user,
        &path,
        json!({"tags": ["vip", "new"], "name": "Renamed"}),
    )
    .await
    .expect_error(403, "forbidden");
    let card = w.get(&w.admin, &path).await;
    assert_eq!(card.body["tags"], json!(["vip"]));
    assert_eq!(card.body["name"], "Tagged");
    // Sending the tags unchanged is not a change.
    w.patch(&user, &path, json!({"tags": ["vip"]}))
        .await
        .expect(200);
    set_permission(&w, &user, "edit_rights", true).await;
    let reply = w.patch(&user, &path, json!({"tags": ["vip", "new"]})).await;
    reply.expect(200);
    assert_eq!(reply.body["tags"], json!(["vip", "new"]));
}

#[tokio::test]
async fn b9_marketing_opt_in_changes_need_edit_rights() {
    let w = World::new().await;
    let user = w.staff("contributor", "Oli").await;
    let client = w.client(&w.admin, "Opt In").await;
    let path = format!("/clients/{client}");
    w.patch(
        &user,
        &path,
        json!({"marketing_opt_in": true, "notes": "n"}),
    )
    .await
    .expect_error(403, "forbidden");
    let card = w.get(&w.admin, &path).await;
    assert_eq!(card.body["marketing_opt_in"], false);
    assert_eq!(card.body["notes"], json!(null));
    set_permission(&w, &user, "edit_rights", true).await;
    w.patch(&user, &path, json!({"marketing_opt_in": true}))
        .await
        .expect(200);
    let card = w.get(&w.admin, &path).await;
    assert_eq!(card.body["marketing_opt_in"], true);
}

#[tokio::test]
async fn b10_list_shows_only_owned_and_worked_with_clients() {
    let w = World::new().await;
    let user = w.staff("user", "Lia").await;
    let owned = w.client(&user, "B Owned").await;
    let worked = w.client(&w.admin, "A Worked").await;
    let _other = w.client(&w.admin, "C Other").await;
    w.post(
        &w.admin,
        &format!("/clients/{worked}/activities"),
        json!({"kind": "conversation", "summary": "call", "assignee_id": user.id}),
    )
    .await
    .expect(201);
    let all = w.get(&user, "/clients").await;
    assert_eq!(all.body["items"].as_array().unwrap().len(), 3);
    set_permission(&w, &user, "list_all_clients", false).await;
    let mine = w.get(&user, "/clients").await;
    mine.expect(200);
    let ids: Vec<&str> = mine.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [worked.as_str(), owned.as_str()]);
    // Paged one by one, the same two.
    let first = w.get(&user, "/clients?limit=1").await;
    assert_eq!(first.body["items"][0]["id"], worked.as_str());
    let cursor = first.body["next_cursor"].as_str().unwrap().to_owned();
    let second = w
        .get(&user, &format!("/clients?limit=1&cursor={cursor}"))
        .await;
    assert_eq!(second.body["items"][0]["id"], owned.as_str());
    assert_eq!(second.body["next_cursor"], json!(null));
    // The admin still lists every client.
    let admin = w.get(&w.admin, "/clients").await;
    assert_eq!(admin.body["items"].as_array().unwrap().len(), 3);
}
