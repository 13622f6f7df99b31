//! The deal desk, staff side (API.md "Outside entities and contacts"):
//! every endpoint's success and refusals with API.md's codes; a refusal
//! changes nothing, and another company's files and entities do not exist.

use serde_json::json;

use crate::support::{World, link, mails, random_id};

pub(crate) async fn bank(w: &World, domains: &[&str]) -> String {
    let reply = w
        .post(
            &w.admin,
            "/entities",
            json!({"name": "Banque X", "kind": "lender", "email_domains": domains}),
        )
        .await;
    reply.expect(201);
    reply.id()
}

#[tokio::test]
async fn c1_entities_are_created_listed_read_and_changed() {
    let w = World::new().await;
    let id = bank(&w, &["BanqueX.example"]).await;
    let reply = w.get(&w.admin, &format!("/entities/{id}")).await;
    reply.expect(200);
    assert_eq!(reply.body["name"], "Banque X");
    assert_eq!(reply.body["kind"], "lender");
    assert_eq!(reply.body["self_managed"], false);
    assert_eq!(reply.body["email_domains"], json!(["banquex.example"]));
    assert_eq!(reply.body["contacts"], json!([]));
    assert_eq!(reply.body["team_managers"], json!([]));

    // A duplicate name, case aside, is a conflict; a bad kind names its field.
    w.post(
        &w.admin,
        "/entities",
        json!({"name": "BANQUE X", "kind": "lender"}),
    )
    .await
    .expect_error(409, "conflict");
    let reply = w
        .post(
            &w.admin,
            "/entities",
            json!({"name": "Fund", "kind": "bank"}),
        )
        .await;
    reply.expect_error(422, "validation_failed");
    assert!(reply.body["error"]["fields"]["kind"].is_string());
    let reply = w
        .post(
            &w.admin,
            "/entities",
            json!({"name": "Fund", "kind": "other", "email_domains": ["not a domain"]}),
        )
        .await;
    reply.expect_error(422, "validation_failed");
    assert!(reply.body["error"]["fields"]["email_domains"].is_string());

    // Listed by name, filtered, paged.
    w.post(
        &w.admin,
        "/entities",
        json!({"name": "Alpha Fund", "kind": "lender"}),
    )
    .await
    .expect(201);
    let page = w.get(&w.admin, "/entities?limit=1").await;
    page.expect(200);
    assert_eq!(page.body["items"][0]["name"], "Alpha Fund");
    let cursor = page.body["next_cursor"].as_str().unwrap().to_owned();
    let next = w
        .get(&w.admin, &format!("/entities?limit=1&cursor={cursor}"))
        .await;
    assert_eq!(next.body["items"][0]["name"], "Banque X");
    assert!(next.body["next_cursor"].is_null());
    let found = w.get(&w.admin, "/entities?q=banq").await;
    assert_eq!(found.body["items"].as_array().unwrap().len(), 1);
    w.get(&w.admin, "/entities?cursor=nonsense")
        .await
        .expect_error(422, "validation_failed");

    // Admins change it; a user may not.
    let bob = w.staff("user", "Bob").await;
    w.patch(
        &bob,
        &format!("/entities/{id}"),
        json!({"self_managed": true}),
    )
    .await
    .expect_error(403, "forbidden");
    let reply = w
        .patch(
            &w.admin,
            &format!("/entities/{id}"),
            json!({"self_managed": true}),
        )
        .await;
    reply.expect(200);
    assert_eq!(reply.body["self_managed"], true);
    assert!(reply.revision().is_some());

    // Another company sees nothing of it.
    let hank = w.other_company().await;
    w.get(&hank, &format!("/entities/{id}"))
        .await
        .expect_error(404, "not_found");
    let theirs = w.get(&hank, "/entities").await;
    assert_eq!(theirs.body["items"], json!([]));
    w.get(&w.admin, &format!("/entities/{}", random_id()))
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn c2_c5_a_contact_is_invited_to_a_file_through_its_entity_and_revoked() {
    let w = World::new().await;
    let entity = bank(&w, &["banquex.example"]).await;
    let client = w.client(&w.admin, "Deal X").await;

    // An entity must take part before its people are added.
    let reply = w
        .post(
            &w.admin,
            &format!("/clients/{client}/contacts"),
            json!({"entity_id": entity, "email": "lea@banquex.example"}),
        )
        .await;
    reply.expect_error(422, "validation_failed");
    assert!(reply.body["error"]["fields"]["entity_id"].is_string());

    let path = format!("/clients/{client}/entities");
    w.post(
        &w.admin,
        &path,
        json!({"entity_id": entity, "role": "lender"}),
    )
    .await
    .expect(201);
    let again = w
        .post(
            &w.admin,
            &path,
            json!({"entity_id": entity, "role": "lender"}),
        )
        .await;
    again.expect(200);
    assert_eq!(again.body["id"], entity);
    w.post(
        &w.admin,
        &path,
        json!({"entity_id": random_id(), "role": "lender"}),
    )
    .await
    .expect_error(422, "validation_failed");

    // Outside its domains: refused on `email`.
    let contacts = format!("/clients/{client}/contacts");
    let reply = w
        .post(
            &w.admin,
            &contacts,
            json!({"entity_id": entity, "email": "lea@gmail.example"}),
        )
        .await;
    reply.expect_error(422, "validation_failed");
    assert!(reply.body["error"]["fields"]["email"].is_string());

    let added = w
        .post(
            &w.admin,
            &contacts,
            json!({"entity_id": entity, "email": "lea@banquex.example", "name": "Léa Lender"}),
        )
        .await;
    added.expect(201);
    assert_eq!(added.body["contact"]["status"], "invited");
    assert_eq!(added.body["contact"]["name"], "Léa Lender");
    assert_eq!(added.body["entity"]["name"], "Banque X");
    assert_eq!(added.body["added_by"]["id"], w.admin.id.as_str());
    assert!(added.body["revoked_at"].is_null());
    let lea = added.body["contact"]["id"].as_str().unwrap().to_owned();
    w.post(
        &w.admin,
        &contacts,
        json!({"entity_id": entity, "email": "lea@banquex.example"}),
    )
    .await
    .expect(200);

    let listed = w.get(&w.admin, &path).await;
    listed.expect(200);
    assert_eq!(listed.body["items"][0]["role"], "lender");
    assert_eq!(
        listed.body["items"][0]["contacts"][0]["contact"]["id"],
        lea.as_str()
    );
    let detail = w.get(&w.admin, &format!("/entities/{entity}")).await;
    assert_eq!(detail.body["contacts"][0]["email"], "lea@banquex.example");
    assert_eq!(detail.body["files"][0]["name"], "Deal X");

    // Revoked: gone from the file; a second time there is nothing to revoke.
    let revoke = format!("/clients/{client}/access/contact/{lea}");
    w.delete(&w.admin, &revoke).await.expect(204);
    w.delete(&w.admin, &revoke)
        .await
        .expect_error(404, "not_found");
    let listed = w.get(&w.admin, &path).await;
    assert_eq!(listed.body["items"][0]["contacts"], json!([]));

    // The entity leaves the file.
    w.delete(&w.admin, &format!("{path}/{entity}"))
        .await
        .expect(204);
    w.delete(&w.admin, &format!("{path}/{entity}"))
        .await
        .expect_error(404, "not_found");
    assert_eq!(w.get(&w.admin, &path).await.body["items"], json!([]));
}

#[tokio::test]
async fn c3_only_who_may_share_adds_and_another_company_finds_nothing() {
    let w = World::new().await;
    let entity = bank(&w, &[]).await;
    w.settings(json!({"client_access_enabled": true, "allow_sharing": false}))
        .await;
    let client = w.client(&w.admin, "Deal X").await;
    let path = format!("/clients/{client}/entities");
    let bob = w.staff("user", "Bob").await;
    // Bob opens the client (whole-company share) but may not share it (A4 off).
    w.post(&bob, &path, json!({"entity_id": entity, "role": "lender"}))
        .await
        .expect_error(403, "forbidden");
    w.post(
        &w.admin,
        &path,
        json!({"entity_id": entity, "role": "lender"}),
    )
    .await
    .expect(201);
    w.post(
        &bob,
        &format!("/clients/{client}/contacts"),
        json!({"entity_id": entity, "email": "lea@banquex.example"}),
    )
    .await
    .expect_error(403, "forbidden");
    let listed = w.get(&bob, &path).await;
    listed.expect(200);
    assert_eq!(listed.body["items"][0]["contacts"], json!([]));

    let hank = w.other_company().await;
    w.get(&hank, &path).await.expect_error(404, "not_found");
    w.post(
        &hank,
        &format!("/clients/{client}/contacts"),
        json!({"entity_id": entity, "email": "lea@banquex.example"}),
    )
    .await
    .expect_error(404, "not_found");
    w.delete(&hank, &format!("{path}/{entity}"))
        .await
        .expect_error(404, "not_found");
}

/// Accepts the invitation emailed to `email` with a password; the session.
pub(crate) async fn accept(w: &World, email: &str) -> crate::support::Session {
    let token = link(w, email, "invitations").await;
    let info = w
        .call(
            axum::http::Method::GET,
            &format!("/invitations/{token}"),
            None,
            None,
        )
        .await;
    info.expect(200);
    assert_eq!(info.body["kind"], "contact");
    let reply = w
        .call(
            axum::http::Method::POST,
            &format!("/invitations/{token}/accept"),
            None,
            Some(json!({"password": "a long lender passphrase"})),
        )
        .await;
    reply.expect(200);
    assert_eq!(reply.body["user"]["kind"], "contact");
    crate::support::Session {
        token: reply.body["token"].as_str().unwrap().to_owned(),
        id: reply.body["user"]["id"].as_str().unwrap().to_owned(),
        email: email.to_owned(),
    }
}

#[tokio::test]
async fn c4_an_invited_contact_signs_in_and_sees_only_their_files_on_the_desk() {
    let w = World::new().await;
    let entity = bank(&w, &[]).await;
    let deal = w.client(&w.admin, "Deal X").await;
    let other = w.client(&w.admin, "Deal Y").await;
    w.post(
        &w.admin,
        &format!("/clients/{deal}/entities"),
        json!({"entity_id": entity, "role": "lender"}),
    )
    .await
    .expect(201);
    mails(&w).await;
    w.post(
        &w.admin,
        &format!("/clients/{deal}/contacts"),
        json!({"entity_id": entity, "email": "lea@banquex.example", "name": "Léa"}),
    )
    .await
    .expect(201);
    let lea = accept(&w, "lea@banquex.example").await;

    let me = w.get(&lea, "/me").await;
    me.expect(200);
    assert_eq!(me.body["kind"], "contact");
    assert_eq!(me.body["entities"][0]["name"], "Banque X");
    assert_eq!(me.body["entities"][0]["company"]["name"], "Acme");
    let files = w.get(&lea, "/desk/files").await;
    files.expect(200);
    let file = &files.body["items"][0];
    assert_eq!(file["id"], deal.as_str());
    assert_eq!(file["company"]["name"], "Acme");
    assert_eq!(file["entity"]["name"], "Banque X");
    assert_eq!(file["role"], "lender");
    assert_eq!(file["manager"]["email"], w.admin.email.as_str());
    assert_eq!(files.body["items"].as_array().unwrap().len(), 1);
    w.get(&lea, &format!("/desk/files/{deal}"))
        .await
        .expect(200);
    w.get(&lea, &format!("/desk/files/{other}"))
        .await
        .expect_error(404, "not_found");

    // A contact's token opens no staff endpoint, a staff token no desk one.
    for path in [
        "/clients",
        &format!("/clients/{deal}"),
        "/users",
        "/groups",
        "/entities",
    ] {
        w.get(&lea, path).await.expect_error(403, "forbidden");
    }
    w.get(&w.admin, "/desk/files")
        .await
        .expect_error(403, "forbidden");

    // Signed in again with the chosen password; signed out, the token ends.
    let again = w
        .call(
            axum::http::Method::POST,
            "/auth/login",
            None,
            Some(json!({"email": "lea@banquex.example", "password": "a long lender passphrase"})),
        )
        .await;
    again.expect(200);
    assert_eq!(again.body["user"]["kind"], "contact");
    w.post(&lea, "/auth/logout", json!({})).await.expect(204);
    w.get(&lea, "/desk/files")
        .await
        .expect_error(401, "unauthenticated");
}

#[tokio::test]
async fn c4_a_contact_of_two_companies_sees_both_and_neither_company_sees_the_other() {
    let w = World::new().await;
    let entity = bank(&w, &[]).await;
    let deal = w.client(&w.admin, "Deal A").await;
    w.post(
        &w.admin,
        &format!("/clients/{deal}/entities"),
        json!({"entity_id": entity, "role": "lender"}),
    )
    .await
    .expect(201);
    w.post(
        &w.admin,
        &format!("/clients/{deal}/contacts"),
        json!({"entity_id": entity, "email": "lea@banquex.example"}),
    )
    .await
    .expect(201);
    let lea = accept(&w, "lea@banquex.example").await;

    let hank = w.other_company().await;
    let theirs = w
        .post(
            &hank,
            "/entities",
            json!({"name": "Banque X", "kind": "borrower"}),
        )
        .await;
    theirs.expect(201);
    let their_entity = theirs.id();
    let their_deal = w.client(&hank, "Deal B").await;
    w.post(
        &hank,
        &format!("/clients/{their_deal}/entities"),
        json!({"entity_id": their_entity, "role": "borrower"}),
    )
    .await
    .expect(201);
    // A known account: access at once, no second invitation.
    let added = w
        .post(
            &hank,
            &format!("/clients/{their_deal}/contacts"),
            json!({"entity_id": their_entity, "email": "lea@banquex.example"}),
        )
        .await;
    added.expect(201);
    assert_eq!(added.body["contact"]["status"], "active");

    let files = w.get(&lea, "/desk/files").await;
    let items = files.body["items"].as_array().unwrap();
    let companies: Vec<&str> = items
        .iter()
        .map(|f| f["company"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(companies, ["Acme", "Globex"]);
    assert_eq!(items[1]["role"], "borrower");
    // Neither company learns of the other's file or record.
    w.get(&w.admin, &format!("/clients/{their_deal}/entities"))
        .await
        .expect_error(404, "not_found");
    let acme_entities = w.get(&w.admin, &format!("/entities/{entity}")).await;
    assert_eq!(acme_entities.body["files"].as_array().unwrap().len(), 1);
    w.get(&hank, &format!("/entities/{entity}"))
        .await
        .expect_error(404, "not_found");
}
