//! The desk's access management (API.md "The desk"): a contact adds and
//! revokes colleagues of their own entity (C3), leaves a file (C10), hands
//! over to a successor (C8); team managers of a self-managed entity (C3);
//! and the staff's view of contacts in `POST /check`, the sharing panel,
//! its history and `GET /clients/{id}/users`.

use serde_json::json;

use crate::deal::{accept, bank};
use crate::support::{Session, World, mails};

/// A file with the entity `entity` taking part as lender.
async fn deal(w: &World, entity: &str, name: &str) -> String {
    let client = w.client(&w.admin, name).await;
    w.post(
        &w.admin,
        &format!("/clients/{client}/entities"),
        json!({"entity_id": entity, "role": "lender"}),
    )
    .await
    .expect(201);
    client
}

/// `email` invited by the admin to `client` through `entity`, signed in.
async fn invited(w: &World, client: &str, entity: &str, email: &str) -> Session {
    w.post(
        &w.admin,
        &format!("/clients/{client}/contacts"),
        json!({"entity_id": entity, "email": email}),
    )
    .await
    .expect(201);
    accept(w, email).await
}

fn emails_of(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|l| l["contact"]["email"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn c3_c5_a_contact_adds_and_revokes_a_colleague_of_their_entity_only() {
    let w = World::new().await;
    let bank = bank(&w, &["banquex.example"]).await;
    let deal = deal(&w, &bank, "Deal X").await;
    let lea = invited(&w, &deal, &bank, "lea@banquex.example").await;
    // A borrower on the same file, whose people Léa never sees.
    let havn = w
        .post(
            &w.admin,
            "/entities",
            json!({"name": "Havn", "kind": "borrower"}),
        )
        .await;
    let havn = havn.id();
    w.post(
        &w.admin,
        &format!("/clients/{deal}/entities"),
        json!({"entity_id": havn, "role": "borrower"}),
    )
    .await
    .expect(201);
    let bo = w
        .post(
            &w.admin,
            &format!("/clients/{deal}/contacts"),
            json!({"entity_id": havn, "email": "bo@havn.example"}),
        )
        .await;
    let bo_id = bo.body["contact"]["id"].as_str().unwrap().to_owned();
    mails(&w).await;

    let path = format!("/desk/files/{deal}/contacts");
    let added = w
        .post(
            &lea,
            &path,
            json!({"email": "max@banquex.example", "name": "Max"}),
        )
        .await;
    added.expect(201);
    assert_eq!(added.body["contact"]["status"], "invited");
    assert_eq!(added.body["entity"]["name"], "Banque X");
    assert_eq!(added.body["added_by"]["id"], lea.id.as_str());
    let max_id = added.body["contact"]["id"].as_str().unwrap().to_owned();
    // The colleague is invited; the file's manager learns who is in.
    let sent = mails(&w).await;
    let to: Vec<&str> = sent.iter().map(|m| m.to.as_str()).collect();
    assert!(to.contains(&"max@banquex.example"), "{to:?}");
    let manager = sent
        .iter()
        .find(|m| m.to == w.admin.email)
        .expect("the manager is told");
    assert!(manager.body_text.contains("Max"), "{}", manager.body_text);
    // The same person again: 200, nothing new.
    w.post(&lea, &path, json!({"email": "MAX@banquex.example"}))
        .await
        .expect(200);

    // Refusals, each changing nothing.
    let reply = w
        .post(&lea, &path, json!({"email": "max@gmail.example"}))
        .await;
    reply.expect_error(422, "validation_failed");
    assert!(reply.body["error"]["fields"]["email"].is_string());
    let reply = w
        .post(&lea, &path, json!({"email": w.admin.email.as_str()}))
        .await;
    reply.expect_error(422, "validation_failed");
    let other = w.client(&w.admin, "Deal Y").await;
    w.post(
        &lea,
        &format!("/desk/files/{other}/contacts"),
        json!({"email": "max@banquex.example"}),
    )
    .await
    .expect_error(404, "not_found");
    w.post(&w.admin, &path, json!({"email": "x@banquex.example"}))
        .await
        .expect_error(403, "forbidden");

    // My entity's people only: Bo of the borrower is neither listed nor
    // removable (not found, not forbidden).
    let listed = w.get(&lea, &path).await;
    listed.expect(200);
    assert_eq!(
        emails_of(&listed.body["current"]),
        ["lea@banquex.example", "max@banquex.example"]
    );
    assert_eq!(listed.body["former"], json!([]));
    w.delete(&lea, &format!("{path}/{bo_id}"))
        .await
        .expect_error(404, "not_found");

    // Revoked: Max moves to "no longer has access" with the full record,
    // and is told; given access again, a new row begins.
    mails(&w).await;
    w.delete(&lea, &format!("{path}/{max_id}"))
        .await
        .expect(204);
    let told = mails(&w).await;
    assert!(told.iter().any(|m| m.to == "max@banquex.example"));
    let listed = w.get(&lea, &path).await;
    assert_eq!(emails_of(&listed.body["current"]), ["lea@banquex.example"]);
    let former = &listed.body["former"][0];
    assert_eq!(former["contact"]["email"], "max@banquex.example");
    assert_eq!(former["revoked_by"]["id"], lea.id.as_str());
    assert!(former["revoked_at"].is_string());
    w.post(&lea, &path, json!({"email": "max@banquex.example"}))
        .await
        .expect(201);
    let listed = w.get(&lea, &path).await;
    assert_eq!(listed.body["current"].as_array().unwrap().len(), 2);
    assert_eq!(listed.body["former"].as_array().unwrap().len(), 1);

    // Staff see every contact, both entities, on the file.
    let staff = w.get(&w.admin, &format!("/clients/{deal}/entities")).await;
    let people: usize = staff.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["contacts"].as_array().unwrap().len())
        .sum();
    assert_eq!(people, 3);
}

#[tokio::test]
async fn c10_a_contact_leaves_a_file_and_it_is_recorded_as_self() {
    let w = World::new().await;
    let bank = bank(&w, &[]).await;
    let deal = deal(&w, &bank, "Deal X").await;
    let lea = invited(&w, &deal, &bank, "lea@banquex.example").await;
    mails(&w).await;
    w.delete(&lea, &format!("/desk/files/{deal}/contacts/{}", lea.id))
        .await
        .expect(204);
    // Leaving sends nobody an email.
    assert!(mails(&w).await.is_empty());
    let files = w.get(&lea, "/desk/files").await;
    assert_eq!(files.body["items"], json!([]));
    w.get(&lea, &format!("/desk/files/{deal}"))
        .await
        .expect_error(404, "not_found");
    let history = w
        .get(&w.admin, &format!("/clients/{deal}/access/history"))
        .await;
    history.expect(200);
    let row = history.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["subject"]["type"] == "contact")
        .expect("the contact's row")
        .clone();
    assert_eq!(row["subject"]["id"], lea.id.as_str());
    assert_eq!(row["subject"]["entity"]["name"], "Banque X");
    assert_eq!(row["granted_how"], "invitation");
    assert_eq!(row["revoked_how"], "self");
    assert_eq!(row["revoked_by"]["id"], lea.id.as_str());
}

#[tokio::test]
async fn c3_a_self_managed_entity_adds_its_people_through_its_team_managers() {
    let w = World::new().await;
    let bank = bank(&w, &["banquex.example"]).await;
    let deal = deal(&w, &bank, "Deal X").await;
    let lea = invited(&w, &deal, &bank, "lea@banquex.example").await;
    w.patch(
        &w.admin,
        &format!("/entities/{bank}"),
        json!({"self_managed": true}),
    )
    .await
    .expect(200);

    // Only admins name team managers; an unknown address is invited.
    let bob = w.staff("user", "Bob").await;
    let tm_path = format!("/entities/{bank}/team-managers");
    w.post(&bob, &tm_path, json!({"email": "tm@banquex.example"}))
        .await
        .expect_error(403, "forbidden");
    let reply = w
        .post(&w.admin, &tm_path, json!({"email": "tm@outside.example"}))
        .await;
    reply.expect_error(422, "validation_failed");
    assert!(reply.body["error"]["fields"]["email"].is_string());
    mails(&w).await;
    let named = w
        .post(
            &w.admin,
            &tm_path,
            json!({"email": "tm@banquex.example", "name": "Tess"}),
        )
        .await;
    named.expect(201);
    assert_eq!(named.body["team_manager"], true);
    assert_eq!(named.body["contact"]["status"], "invited");
    assert_eq!(named.body["added_by"]["id"], w.admin.id.as_str());
    assert!(named.body["revoked_at"].is_null());
    w.post(&w.admin, &tm_path, json!({"email": "tm@banquex.example"}))
        .await
        .expect(200);
    let tess = accept(&w, "tm@banquex.example").await;
    let detail = w.get(&w.admin, &format!("/entities/{bank}")).await;
    assert_eq!(
        detail.body["team_managers"][0]["email"],
        "tm@banquex.example"
    );

    // Now neither the file's sharers nor a plain contact add its people.
    w.post(
        &w.admin,
        &format!("/clients/{deal}/contacts"),
        json!({"entity_id": bank, "email": "max@banquex.example"}),
    )
    .await
    .expect_error(403, "forbidden");
    w.post(
        &lea,
        &format!("/desk/files/{deal}/contacts"),
        json!({"email": "max@banquex.example"}),
    )
    .await
    .expect_error(403, "forbidden");
    w.post(
        &lea,
        &format!("/desk/entities/{bank}/team-managers"),
        json!({"email": "max@banquex.example"}),
    )
    .await
    .expect_error(403, "forbidden");
    w.get(&lea, &format!("/desk/entities/{bank}/files"))
        .await
        .expect_error(403, "forbidden");

    // The team manager sees the entity's files (without being on them) and
    // adds people there; the file itself stays closed to them.
    let files = w.get(&tess, &format!("/desk/entities/{bank}/files")).await;
    files.expect(200);
    assert_eq!(files.body["items"][0]["id"], deal.as_str());
    assert_eq!(files.body["items"][0]["company"]["name"], "Acme");
    w.get(&tess, &format!("/desk/files/{deal}"))
        .await
        .expect_error(404, "not_found");
    w.post(
        &tess,
        &format!("/desk/files/{deal}/contacts"),
        json!({"email": "max@banquex.example"}),
    )
    .await
    .expect(201);
    let me = w.get(&tess, "/me").await;
    assert_eq!(me.body["entities"][0]["team_manager"], true);

    // A team manager names another; the admins remove one.
    let other = w
        .post(
            &tess,
            &format!("/desk/entities/{bank}/team-managers"),
            json!({"email": "lea@banquex.example"}),
        )
        .await;
    other.expect(201);
    assert_eq!(other.body["contact"]["status"], "active");
    w.delete(&w.admin, &format!("{tm_path}/{}", lea.id))
        .await
        .expect(204);
    w.delete(&w.admin, &format!("{tm_path}/{}", lea.id))
        .await
        .expect_error(404, "not_found");
    w.delete(
        &tess,
        &format!("/desk/entities/{bank}/team-managers/{}", tess.id),
    )
    .await
    .expect(204);
    w.get(&tess, &format!("/desk/entities/{bank}/files"))
        .await
        .expect_error(404, "not_found");

    // Another company knows nothing of the entity.
    let hank = w.other_company().await;
    w.post(&hank, &tm_path, json!({"email": "x@banquex.example"}))
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn c8_a_contact_hands_every_file_of_an_entity_to_a_successor_in_one_step() {
    let w = World::new().await;
    let bank = bank(&w, &["banquex.example"]).await;
    let first = deal(&w, &bank, "Deal A").await;
    let second = deal(&w, &bank, "Deal B").await;
    let lea = invited(&w, &first, &bank, "lea@banquex.example").await;
    w.post(
        &w.admin,
        &format!("/clients/{second}/contacts"),
        json!({"entity_id": bank, "email": "lea@banquex.example"}),
    )
    .await
    .expect(201);
    mails(&w).await;

    let reply = w
        .post(
            &lea,
            "/desk/handover",
            json!({"entity_id": bank, "successor_email": "lea@banquex.example"}),
        )
        .await;
    reply.expect_error(422, "validation_failed");
    assert!(reply.body["error"]["fields"]["successor_email"].is_string());
    w.post(
        &lea,
        "/desk/handover",
        json!({"entity_id": bank, "successor_email": "max@gmail.example"}),
    )
    .await
    .expect_error(422, "validation_failed");
    w.post(
        &lea,
        "/desk/handover",
        json!({"entity_id": crate::support::random_id(), "successor_email": "max@banquex.example"}),
    )
    .await
    .expect_error(404, "not_found");

    let before = w.app.revision();
    let done = w
        .post(
            &lea,
            "/desk/handover",
            json!({"entity_id": bank, "successor_email": "max@banquex.example"}),
        )
        .await;
    done.expect(200);
    assert_eq!(done.body["files"], 2);
    // One change for both files.
    assert_eq!(w.app.revision().0, before.0 + 1);
    // One email to the successor names both files.
    let sent = mails(&w).await;
    assert_eq!(sent.len(), 1);
    assert!(sent[0].body_text.contains("Deal A") && sent[0].body_text.contains("Deal B"));
    let start = sent[0].body_text.find("/invitations/").unwrap() + "/invitations/".len();
    let token: String = sent[0].body_text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let accepted = w
        .call(
            axum::http::Method::POST,
            &format!("/invitations/{token}/accept"),
            None,
            Some(json!({"password": "a long successor passphrase"})),
        )
        .await;
    accepted.expect(200);
    let max = Session {
        token: accepted.body["token"].as_str().unwrap().to_owned(),
        id: accepted.body["user"]["id"].as_str().unwrap().to_owned(),
        email: "max@banquex.example".to_owned(),
    };
    let files = w.get(&max, "/desk/files").await;
    assert_eq!(files.body["items"].as_array().unwrap().len(), 2);

    // C10: the successor removes the person they succeed.
    w.delete(&max, &format!("/desk/files/{first}/contacts/{}", lea.id))
        .await
        .expect(204);
    let files = w.get(&lea, "/desk/files").await;
    assert_eq!(files.body["items"][0]["name"], "Deal B");
    let history = w
        .get(&w.admin, &format!("/clients/{first}/access/history"))
        .await;
    let hows: Vec<&str> = history.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["subject"]["type"] == "contact")
        .map(|r| r["granted_how"].as_str().unwrap())
        .collect();
    assert_eq!(hows, ["invitation", "handover"]);

    // With revoke_me, my access ends in the same change.
    let done = w
        .post(
            &lea,
            "/desk/handover",
            json!({"entity_id": bank, "successor_email": "max@banquex.example",
                "revoke_me": true}),
        )
        .await;
    assert_eq!(done.body["files"], 1);
    let files = w.get(&lea, "/desk/files").await;
    assert_eq!(files.body["items"], json!([]));
}

#[tokio::test]
async fn c4_staff_see_contacts_in_check_the_panel_and_the_users_of_a_file() {
    let w = World::new().await;
    let bank = bank(&w, &[]).await;
    let deal = deal(&w, &bank, "Deal X").await;
    let lea = invited(&w, &deal, &bank, "lea@banquex.example").await;

    let check = w
        .post(
            &w.admin,
            "/check",
            json!({"contact_id": lea.id, "client_id": deal}),
        )
        .await;
    check.expect(200);
    assert_eq!(check.body["allowed"], true);
    assert_eq!(check.body["reasons"][0]["rule"], "C4");
    assert_eq!(check.body["reasons"][0]["kind"], "contact_share");
    assert_eq!(check.body["reasons"][0]["entity_id"], bank.as_str());
    let other = w.client(&w.admin, "Deal Y").await;
    let check = w
        .post(
            &w.admin,
            "/check",
            json!({"contact_id": lea.id, "client_id": other, "action": "view"}),
        )
        .await;
    check.expect(200);
    assert_eq!(check.body["allowed"], false);
    let bob = w.staff("user", "Bob").await;
    w.post(
        &bob,
        "/check",
        json!({"contact_id": lea.id, "client_id": deal}),
    )
    .await
    .expect_error(403, "forbidden");
    let hank = w.other_company().await;
    let theirs = w.client(&hank, "Theirs").await;
    w.post(
        &hank,
        "/check",
        json!({"contact_id": lea.id, "client_id": theirs}),
    )
    .await
    .expect_error(404, "not_found");
    w.post(
        &w.admin,
        "/check",
        json!({"contact_id": lea.id, "client_id": deal, "action": "share"}),
    )
    .await
    .expect_error(422, "validation_failed");

    let panel = w.get(&w.admin, &format!("/clients/{deal}/access")).await;
    panel.expect(200);
    let entry = panel.body["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["subject"]["type"] == "contact")
        .expect("the contact in the panel")
        .clone();
    assert_eq!(entry["subject"]["name"], "lea");
    assert_eq!(entry["subject"]["entity"]["name"], "Banque X");
    assert_eq!(entry["granted_by"]["id"], w.admin.id.as_str());

    let users = w.get(&w.admin, &format!("/clients/{deal}/users")).await;
    users.expect(200);
    assert_eq!(users.body["contacts"][0]["contact"]["id"], lea.id.as_str());
    assert!(
        users.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["user"]["id"] != lea.id.as_str())
    );

    // Revoked, the contact is gone from all three, and kept in the history.
    w.delete(
        &w.admin,
        &format!("/clients/{deal}/access/contact/{}", lea.id),
    )
    .await
    .expect(204);
    let panel = w.get(&w.admin, &format!("/clients/{deal}/access")).await;
    assert!(
        panel.body["entries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["subject"]["type"] != "contact")
    );
    let users = w.get(&w.admin, &format!("/clients/{deal}/users")).await;
    assert_eq!(users.body["contacts"], json!([]));
}

#[tokio::test]
async fn c4_x9_a_contact_reads_and_adds_shared_documents_only_and_downloads_are_recorded() {
    use crate::documents::{form, upload};
    use axum::http::{Method, Request, StatusCode, header};
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    let w = World::new().await;
    let bank = bank(&w, &[]).await;
    let deal = deal(&w, &bank, "Deal X").await;
    let other = w.client(&w.admin, "Deal Y").await;
    let lea = invited(&w, &deal, &bank, "lea@banquex.example").await;
    let shared = upload(&w, &w.admin, &deal, "term sheet.pdf", b"terms", "shared").await;
    shared.expect(201);
    let internal = upload(&w, &w.admin, &deal, "credit memo.pdf", b"memo", "internal").await;
    internal.expect(201);
    let personal = upload(&w, &w.admin, &deal, "notes.pdf", b"mine", "personal").await;
    personal.expect(201);
    let elsewhere = upload(&w, &w.admin, &other, "other.pdf", b"other", "shared").await;
    elsewhere.expect(201);

    let list = w.get(&lea, &format!("/desk/files/{deal}/documents")).await;
    list.expect(200);
    let names: Vec<&str> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["term sheet.pdf"]);
    w.get(&lea, &format!("/desk/files/{other}/documents"))
        .await
        .expect_error(404, "not_found");

    let fetch = |doc: String| {
        let request = Request::builder()
            .uri(format!("/api/v1/desk/documents/{doc}/content"))
            .header(header::AUTHORIZATION, format!("Bearer {}", lea.token))
            .body(axum::body::Body::empty())
            .unwrap();
        let router = w.router.clone();
        async move {
            let response = router.oneshot(request).await.unwrap();
            let status = response.status();
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            (status, bytes.to_vec())
        }
    };
    let (status, bytes) = fetch(shared.id()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, b"terms");
    for hidden in [
        internal.id(),
        personal.id(),
        elsewhere.id(),
        crate::support::random_id(),
    ] {
        assert_eq!(fetch(hidden).await.0, StatusCode::NOT_FOUND);
    }
    // X9: the download is recorded with the share that opened the file.
    let client_id: casegate_core::ClientId = deal.parse().unwrap();
    let admin_id: casegate_core::AccountId = w.admin.id.parse().unwrap();
    let company_id = w.app.store().staff_of_account(admin_id).await.unwrap()[0].company_id;
    let company = w.app.with_company_index(company_id, |c| c.clone()).unwrap();
    let views = w
        .app
        .store()
        .contact_views(company_id, client_id)
        .await
        .unwrap();
    assert_eq!(views.len(), 1);
    assert_eq!(views[0].account_id.to_string(), lea.id);
    assert_eq!(views[0].document_id.unwrap().to_string(), shared.id());
    assert_eq!(
        views[0].through,
        [company.file_contacts(client_id)[0].share_id]
    );

    // An upload from the desk is shared, whatever the form says, and staff
    // see who added it.
    let body = form(&[(
        "file",
        Some("signed.pdf"),
        Some("application/pdf"),
        b"signed",
    )]);
    let ct = "multipart/form-data; boundary=casegate-test-boundary-7f3a";
    let added = w
        .raw(
            Method::POST,
            &format!("/desk/files/{deal}/documents"),
            &lea,
            Some(ct),
            body,
        )
        .await;
    added.expect(201);
    assert_eq!(added.body["visibility"], "shared");
    assert_eq!(added.body["uploader"], "contact");
    assert_eq!(added.body["uploaded_by"], lea.id.as_str());
    let body = form(&[
        ("visibility", None, None, b"internal"),
        ("file", Some("x.pdf"), None, b"x"),
    ]);
    w.raw(
        Method::POST,
        &format!("/desk/files/{deal}/documents"),
        &lea,
        Some(ct),
        body,
    )
    .await
    .expect_error(422, "validation_failed");
    let body = form(&[("file", Some("x.pdf"), None, b"x")]);
    w.raw(
        Method::POST,
        &format!("/desk/files/{other}/documents"),
        &lea,
        Some(ct),
        body,
    )
    .await
    .expect_error(404, "not_found");
    let staff = w.get(&w.admin, &format!("/clients/{deal}/documents")).await;
    let theirs = staff.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "signed.pdf")
        .expect("staff see the contact's document")
        .clone();
    assert_eq!(theirs["uploader"], "contact");
    // Staff tokens do not open the desk's documents.
    w.get(&w.admin, &format!("/desk/files/{deal}/documents"))
        .await
        .expect_error(403, "forbidden");
}
