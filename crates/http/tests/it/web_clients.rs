//! Clients in the browser through the router: the list (total, owners,
//! emails masked per B8, locked clients by name only per A12, previous and
//! next page), "New client", bulk tags and deletion (B9), CSV import and
//! export, deleting one client after its confirmation, restricting it
//! (X10), the requester's pending request with Cancel (A14, A16), and the
//! access log grouped and in words (X9). Every form: success, refusal
//! (422 or 403, nothing changed) and CSRF refusals; snapshots in English
//! and French or Danish.

use axum::body::Body;
use axum::http::{Method, Request, header};
use serde_json::{Value, json};

use crate::support::{Reply, Session, World};
use crate::web::{
    ORIGIN, cookie_of, csrf_of, hide_uuids, html, locked_for_bob, page, redact, set_language,
};
use crate::web_client::{client_page, csrf, post, stable};

/// The boundary of the import forms.
const BOUNDARY: &str = "casegate-web-clients-boundary";

/// The clients list as `who`, with `query` (e.g. `?q=acme`).
async fn list(w: &World, who: &Session, query: &str) -> Reply {
    page(
        w,
        Method::GET,
        &format!("/clients{query}"),
        Some(&cookie_of(who)),
        None,
    )
    .await
}

/// The names of the company's clients, through the API, as the admin.
async fn names(w: &World) -> Vec<String> {
    let reply = w.get(&w.admin, "/clients?limit=500").await;
    reply.expect(200);
    reply.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect()
}

/// One client through the API, as the admin.
async fn client_json(w: &World, id: &str) -> Value {
    let reply = w.get(&w.admin, &format!("/clients/{id}")).await;
    reply.expect(200);
    reply.body
}

/// An urlencoded value.
fn enc(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The import form: `csrf` (when given) first, then the file.
fn import_body(csrf: Option<&str>, csv: &str) -> Vec<u8> {
    let mut body = Vec::new();
    if let Some(csrf) = csrf {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clients.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{BOUNDARY}--\r\n"
        )
        .as_bytes(),
    );
    body
}

/// `POST /clients/import` as `who`.
async fn import(w: &World, who: &Session, body: Vec<u8>) -> Reply {
    let request = Request::builder()
        .method(Method::POST)
        .uri("/clients/import")
        .header(header::HOST, "casegate.test")
        .header(header::ORIGIN, ORIGIN)
        .header(header::COOKIE, cookie_of(who))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(body))
        .unwrap();
    w.send(request).await
}

/// Turns toggles of `who` on or off as the admin.
async fn permissions(w: &World, who: &Session, permissions: Value) {
    w.patch(
        &w.admin,
        &format!("/users/{}", who.id),
        json!({ "permissions": permissions }),
    )
    .await
    .expect(200);
}

#[tokio::test]
async fn a_client_is_created_from_the_list() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let token = csrf(&w, &w.admin).await;
    let form = format!(
        "csrf={token}&name={}&email=ceo%40initech.test&phone=%2B45+1234&tags=kyc%2C+vip&owner={}&from=",
        enc("Initech A/S"),
        bob.id
    );
    let reply = post(&w, &cookie_of(&w.admin), "/clients", &form).await;
    assert_eq!(reply.status.as_u16(), 303, "{}", html(&reply));
    let location = reply.headers["location"].to_str().unwrap().to_owned();
    assert!(location.ends_with("?done=created"), "{location}");
    let id = location
        .trim_start_matches("/clients/")
        .trim_end_matches("?done=created");
    let created = client_json(&w, id).await;
    assert_eq!(created["name"], "Initech A/S");
    assert_eq!(created["email"], "ceo@initech.test");
    assert_eq!(created["tags"], json!(["kyc", "vip"]));
    assert_eq!(created["owner_id"], bob.id.as_str(), "the owner chosen");
    let opened = page(&w, Method::GET, &location, Some(&cookie_of(&w.admin)), None).await;
    assert!(html(&opened).contains("The client has been created."));

    // Without an owner, the creator owns it (A8).
    let form = format!("csrf={}&name=Globex&from=", csrf(&w, &bob).await);
    let reply = post(&w, &cookie_of(&bob), "/clients", &form).await;
    assert_eq!(reply.status.as_u16(), 303);
    let list = w.get(&w.admin, "/clients?q=Globex").await;
    assert_eq!(list.body["items"][0]["owner_id"], bob.id.as_str());
}

#[tokio::test]
async fn a_refused_new_client_keeps_what_was_typed_and_creates_nothing() {
    let w = World::new().await;
    let token = csrf(&w, &w.admin).await;
    let form = format!("csrf={token}&name=Initech&email=not-an-email&tags=kyc&from=q%3Dini");
    let reply = post(&w, &cookie_of(&w.admin), "/clients", &form).await;
    reply.expect(422);
    let text = html(&reply);
    assert!(text.contains("The client could not be created."), "{text}");
    assert!(
        text.contains("Email: Enter an email address like name@example.com."),
        "{text}"
    );
    assert!(text.contains(r#"value="not-an-email""#));
    assert!(text.contains(r#"<details class="card clients-new" id="clients-new" open>"#));
    assert!(
        text.contains(r#"name="q" type="search" value="ini""#),
        "the list as it was"
    );
    assert!(!text.contains("`email`"), "no App message in English");
    assert!(names(&w).await.is_empty(), "nothing was created");

    // In French, the fields are named in French.
    set_language(&w, &w.admin, "fr").await;
    let form = format!("csrf={token}&name=&from=");
    let reply = post(&w, &cookie_of(&w.admin), "/clients", &form).await;
    reply.expect(422);
    assert!(html(&reply).contains("Nom : Ce champ ne peut pas être vide."));
    assert!(names(&w).await.is_empty());
}

#[tokio::test]
async fn the_new_client_form_refuses_a_missing_or_wrong_csrf_token() {
    let w = World::new().await;
    for form in ["name=Initech", "csrf=0000&name=Initech"] {
        let reply = post(&w, &cookie_of(&w.admin), "/clients", form).await;
        reply.expect(403);
    }
    assert!(names(&w).await.is_empty(), "nothing was created");
}

#[tokio::test]
async fn the_list_shows_the_total_owners_and_emails_masked_for_those_who_may_not_see_them() {
    let w = World::new().await;
    let uma = w.staff("user", "Uma").await;
    for (name, email) in [("Acme", "one@acme.test"), ("Acme", "two@acme.test")] {
        w.post(&w.admin, "/clients", json!({"name": name, "email": email}))
            .await
            .expect(201);
    }
    w.client(&uma, "Borealis").await;
    let reply = list(&w, &w.admin, "").await;
    reply.expect(200);
    let text = html(&reply);
    assert!(text.contains(">3 clients<"), "the total");
    assert!(
        text.contains("one@acme.test") && text.contains("two@acme.test"),
        "two clients of one name told apart"
    );
    assert!(text.contains("Uma Staff"), "the owner column");
    let search = list(&w, &w.admin, "?q=acm").await;
    assert!(html(&search).contains(">2 clients match your search<"));

    // B8: Uma may not see emails.
    permissions(&w, &uma, json!({"hide_email": true})).await;
    let masked = list(&w, &uma, "").await;
    let text = html(&masked);
    assert!(!text.contains("one@acme.test"), "B8: masked");
    assert!(text.contains("Hidden"));
}

#[tokio::test]
async fn a12_a_locked_client_shows_its_name_only() {
    let w = World::new().await;
    let (client, bob) = locked_for_bob(&w, true).await;
    w.patch(
        &w.admin,
        &format!("/clients/{client}"),
        json!({"email": "ceo@initech.test"}),
    )
    .await
    .expect(200);
    let text = html(&list(&w, &bob, "").await).to_owned();
    let at = text.find(&format!("/clients/{client}")).unwrap();
    let row = &text[at..at + text[at..].find("</li>").unwrap()];
    assert!(row.contains("No access"));
    assert!(
        !row.contains("Ada Admin") && !text.contains("ceo@initech.test"),
        "{row}"
    );
}

#[tokio::test]
async fn the_list_pages_forward_and_back_without_javascript() {
    let w = World::new().await;
    for i in 0..52 {
        w.client(&w.admin, &format!("Client {i:02}")).await;
    }
    let first = list(&w, &w.admin, "").await;
    let text = html(&first).to_owned();
    assert!(text.contains(">52 clients<"));
    assert!(text.contains("Client 49") && !text.contains("Client 50"));
    assert!(!text.contains(r#"id="clients-previous""#));
    let next = href_of(&text, "clients-next");
    let second = page(&w, Method::GET, &next, Some(&cookie_of(&w.admin)), None).await;
    let text = html(&second).to_owned();
    assert!(text.contains("Client 51") && !text.contains("Client 49"));
    assert!(!text.contains(r#"id="clients-next""#), "the last page");
    let previous = href_of(&text, "clients-previous");
    let back = page(&w, Method::GET, &previous, Some(&cookie_of(&w.admin)), None).await;
    assert!(html(&back).contains("Client 00"), "back on the first page");
}

/// The `href` of the link with `id`, unescaped.
fn href_of(text: &str, id: &str) -> String {
    let at = text.find(&format!(r#"id="{id}""#)).unwrap();
    let start = text[..at].rfind("href=\"").unwrap() + "href=\"".len();
    let end = start + text[start..].find('"').unwrap();
    text[start..end]
        .replace("&amp;", "&")
        .replace("&#x3d;", "=")
}

#[tokio::test]
async fn b9_tags_are_added_and_removed_in_bulk() {
    let w = World::new().await;
    let a = w.client(&w.admin, "Aurora").await;
    let b = w.client(&w.admin, "Baltic").await;
    let c = w.client(&w.admin, "Cobalt").await;
    let token = csrf(&w, &w.admin).await;
    let form = format!("csrf={token}&from=&tag=vip&action=add_tag&ids={a}&ids={b}");
    let reply = post(&w, &cookie_of(&w.admin), "/clients/bulk", &form).await;
    assert_eq!(reply.status.as_u16(), 303, "{}", html(&reply));
    assert_eq!(reply.headers["location"], "/clients?done=tag-added&n=2");
    assert_eq!(client_json(&w, &a).await["tags"], json!(["vip"]));
    assert_eq!(client_json(&w, &b).await["tags"], json!(["vip"]));
    assert_eq!(client_json(&w, &c).await["tags"], json!([]));
    let done = list(&w, &w.admin, "?done=tag-added&n=2").await;
    assert!(html(&done).contains("The tag has been added to 2 clients."));

    let form = format!("csrf={token}&from=q%3Dau&tag=vip&action=remove_tag&ids={a}");
    let reply = post(&w, &cookie_of(&w.admin), "/clients/bulk", &form).await;
    assert_eq!(
        reply.headers["location"], "/clients?q=au&done=tag-removed&n=1",
        "back to the same list"
    );
    assert_eq!(client_json(&w, &a).await["tags"], json!([]));
}

#[tokio::test]
async fn b9_a_refused_bulk_form_says_why_and_changes_nothing() {
    let w = World::new().await;
    let a = w.client(&w.admin, "Aurora").await;
    let token = csrf(&w, &w.admin).await;
    // No tag typed: 422, the client still ticked.
    let form = format!("csrf={token}&from=&tag=+&action=add_tag&ids={a}");
    let reply = post(&w, &cookie_of(&w.admin), "/clients/bulk", &form).await;
    reply.expect(422);
    let text = html(&reply);
    assert!(
        text.contains("Type a tag of 1 to 100 characters."),
        "{text}"
    );
    assert!(text.contains(&format!(r#"value="{a}" id="pick-{a}" checked"#)));
    // Nothing ticked.
    let form = format!("csrf={token}&from=&tag=vip&action=add_tag");
    let reply = post(&w, &cookie_of(&w.admin), "/clients/bulk", &form).await;
    reply.expect(422);
    assert!(html(&reply).contains("Tick at least one client"));
    assert_eq!(client_json(&w, &a).await["tags"], json!([]));

    // CSRF missing or wrong: 403, nothing changed.
    for token in ["", "csrf=0000&"] {
        let form = format!("{token}tag=vip&action=add_tag&ids={a}");
        let reply = post(&w, &cookie_of(&w.admin), "/clients/bulk", &form).await;
        reply.expect(403);
    }
    assert_eq!(client_json(&w, &a).await["tags"], json!([]));

    // A user without edit rights (B9) sees no bulk form, and is refused.
    let uma = w.staff("user", "Uma").await;
    let text = html(&list(&w, &uma, "").await).to_owned();
    assert!(!text.contains("bulk-form") && !text.contains(r#"name="ids""#));
    let form = format!(
        "csrf={}&from=&tag=vip&action=add_tag&ids={a}",
        csrf(&w, &uma).await
    );
    let reply = post(&w, &cookie_of(&uma), "/clients/bulk", &form).await;
    reply.expect(403);
    assert_eq!(client_json(&w, &a).await["tags"], json!([]));
}

#[tokio::test]
async fn b9_a_bulk_deletion_is_confirmed_with_its_numbers() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let cy = w.staff("user", "Cy").await;
    w.lock_down().await;
    let a = w.private_client(&w.admin, "Aurora").await;
    let b = w.private_client(&w.admin, "Baltic").await;
    w.post(
        &w.admin,
        &format!("/clients/{a}/access"),
        json!({"subject": {"type": "user", "id": bob.id}}),
    )
    .await
    .expect(201);
    let group = w.group("Audit team", &[&cy, &bob]).await;
    w.post(
        &w.admin,
        &format!("/clients/{b}/access"),
        json!({"subject": {"type": "group", "id": group}}),
    )
    .await
    .expect(201);
    let token = csrf(&w, &w.admin).await;
    let form = format!("csrf={token}&from=&tag=&action=delete&ids={a}&ids={b}");
    let reply = post(&w, &cookie_of(&w.admin), "/clients/bulk", &form).await;
    reply.expect(200);
    let text = html(&reply).to_owned();
    assert!(text.contains("2 clients will be deleted."), "{text}");
    assert!(
        text.contains("3 people, you included, can open at least one of them now"),
        "Ada, Bob and Cy: {text}"
    );
    assert!(text.contains("Aurora") && text.contains("Baltic"));
    assert_eq!(names(&w).await.len(), 2, "nothing deleted yet");
    insta::assert_snapshot!(
        "web_clients_bulk_delete_en",
        redact(&text, &[(&a, "[aurora]"), (&b, "[baltic]")])
    );
    set_language(&w, &w.admin, "fr").await;
    let fr = post(&w, &cookie_of(&w.admin), "/clients/bulk", &form).await;
    insta::assert_snapshot!(
        "web_clients_bulk_delete_fr",
        redact(html(&fr), &[(&a, "[aurora]"), (&b, "[baltic]")])
    );

    let confirmed = format!("{form}&confirm=yes");
    let reply = post(&w, &cookie_of(&w.admin), "/clients/bulk", &confirmed).await;
    assert_eq!(reply.status.as_u16(), 303);
    assert_eq!(reply.headers["location"], "/clients?done=bulk-deleted&n=2");
    assert!(names(&w).await.is_empty());
}

#[tokio::test]
async fn import_shows_every_bad_line_and_creates_nothing_then_imports_a_good_file() {
    let w = World::new().await;
    let token = csrf(&w, &w.admin).await;
    // LF line ends: with CRLF the App counts lines one too low today (issue
    // 9, item 12, fixed in the App on another branch).
    let bad = "name,email,tags\nAurora,aurora@example.test,kyc;vip\n,nobody@example.test,\nBaltic,not-an-email,\n";
    let reply = import(&w, &w.admin, import_body(Some(&token), bad)).await;
    reply.expect(422);
    let text = html(&reply).to_owned();
    assert!(text.contains("Nothing was imported."), "{text}");
    assert!(
        text.contains("Line 3:") && text.contains("Line 4:"),
        "{text}"
    );
    assert!(!text.contains("Line 2:"), "the good line is not listed");
    assert!(names(&w).await.is_empty(), "nothing created");
    insta::assert_snapshot!("web_clients_import_refused_en", redact(&text, &[]));
    set_language(&w, &w.admin, "da").await;
    let da = import(&w, &w.admin, import_body(Some(&token), bad)).await;
    da.expect(422);
    assert!(html(&da).contains("Linje 3:"));
    insta::assert_snapshot!("web_clients_import_refused_da", redact(html(&da), &[]));

    let good = "name,email,tags\nAurora,aurora@example.test,kyc;vip\nBaltic,,\n";
    let reply = import(&w, &w.admin, import_body(Some(&token), good)).await;
    assert_eq!(reply.status.as_u16(), 303, "{}", html(&reply));
    assert_eq!(reply.headers["location"], "/clients?done=imported&n=2");
    assert_eq!(names(&w).await, vec!["Aurora", "Baltic"]);
}

#[tokio::test]
async fn import_refuses_a_missing_or_wrong_csrf_token_and_those_without_edit_rights() {
    let w = World::new().await;
    let good = "name\nAurora\n";
    for token in [None, Some("0000")] {
        let reply = import(&w, &w.admin, import_body(token, good)).await;
        reply.expect(403);
    }
    assert!(names(&w).await.is_empty());
    let uma = w.staff("user", "Uma").await;
    let page_reply = page(
        &w,
        Method::GET,
        "/clients/import",
        Some(&cookie_of(&uma)),
        None,
    )
    .await;
    page_reply.expect(403);
    let token = csrf(&w, &uma).await;
    let reply = import(&w, &uma, import_body(Some(&token), good)).await;
    reply.expect(403);
    assert!(names(&w).await.is_empty());
    assert!(!html(&list(&w, &uma, "").await).contains("/clients/import"));
}

#[tokio::test]
async fn export_downloads_the_clients_as_csv() {
    let w = World::new().await;
    w.post(
        &w.admin,
        "/clients",
        json!({"name": "Aurora", "email": "aurora@example.test"}),
    )
    .await
    .expect(201);
    let reply = page(
        &w,
        Method::GET,
        "/clients/export.csv",
        Some(&cookie_of(&w.admin)),
        None,
    )
    .await;
    reply.expect(200);
    assert_eq!(
        reply.headers[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    assert_eq!(
        reply.headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"clients.csv\""
    );
    let csv = reply.body.as_str().unwrap();
    assert!(csv.starts_with("id,name,email"), "{csv}");
    assert!(csv.contains("Aurora,aurora@example.test"));
    let uma = w.staff("user", "Uma").await;
    let refused = page(
        &w,
        Method::GET,
        "/clients/export.csv",
        Some(&cookie_of(&uma)),
        None,
    )
    .await;
    refused.expect(403);
}

#[tokio::test]
async fn a_client_is_deleted_after_its_confirmation_page() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let client = w.client(&w.admin, "Initech").await;
    let confirm = page(
        &w,
        Method::GET,
        &format!("/clients/{client}/delete"),
        Some(&cookie_of(&w.admin)),
        None,
    )
    .await;
    confirm.expect(200);
    let text = html(&confirm).to_owned();
    assert!(
        text.contains("2 people, you included, can open it now and will all lose access."),
        "A1 off: Ada and Bob: {text}"
    );
    insta::assert_snapshot!(
        "web_client_delete_en",
        redact(&text, &[(&client, "[initech]")])
    );
    set_language(&w, &w.admin, "fr").await;
    let fr = page(
        &w,
        Method::GET,
        &format!("/clients/{client}/delete"),
        Some(&cookie_of(&w.admin)),
        None,
    )
    .await;
    assert!(html(&fr).contains("Supprimer Initech ?"));
    insta::assert_snapshot!(
        "web_client_delete_fr",
        redact(html(&fr), &[(&client, "[initech]")])
    );
    set_language(&w, &w.admin, "en").await;

    let token = csrf_of(&text);
    let path = format!("/clients/{client}/delete");
    // Without confirm=yes: the page again, nothing deleted.
    let again = post(&w, &cookie_of(&w.admin), &path, &format!("csrf={token}")).await;
    again.expect(409);
    assert_eq!(names(&w).await, vec!["Initech"]);
    // CSRF missing or wrong.
    for form in ["confirm=yes", "csrf=0000&confirm=yes"] {
        post(&w, &cookie_of(&w.admin), &path, form)
            .await
            .expect(403);
    }
    // Neither the owner nor an admin: refused.
    let bob_token = csrf(&w, &bob).await;
    let refused = post(
        &w,
        &cookie_of(&bob),
        &path,
        &format!("csrf={bob_token}&confirm=yes"),
    )
    .await;
    refused.expect(403);
    let bob_page = client_page(&w, &bob, &client, "").await;
    assert!(
        !html(&bob_page).contains("client-delete"),
        "no delete link for Bob"
    );
    assert_eq!(names(&w).await, vec!["Initech"]);

    let done = post(
        &w,
        &cookie_of(&w.admin),
        &path,
        &format!("csrf={token}&confirm=yes"),
    )
    .await;
    assert_eq!(done.status.as_u16(), 303);
    assert_eq!(done.headers["location"], "/clients?done=deleted");
    assert!(names(&w).await.is_empty());
}

#[tokio::test]
async fn x10_an_admin_restricts_a_client_and_the_page_says_what_that_does() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let client = w.client(&bob, "Initech").await;
    let reply = client_page(&w, &w.admin, &client, "").await;
    let text = html(&reply);
    assert!(text.contains("whole company and “Share all clients with this user” no longer apply"));
    let token = csrf_of(text);
    let path = format!("/clients/{client}/restricted");

    // CSRF missing or wrong: nothing changes.
    for form in ["restricted=yes", "csrf=0000&restricted=yes"] {
        post(&w, &cookie_of(&w.admin), &path, form)
            .await
            .expect(403);
    }
    assert_eq!(client_json(&w, &client).await["restricted"], false);
    // Bob owns it but is no admin: refused, and offered no button.
    let bob_page = client_page(&w, &bob, &client, "").await;
    assert!(!html(&bob_page).contains(r#"id="client-restrict""#));
    let bob_token = csrf(&w, &bob).await;
    post(
        &w,
        &cookie_of(&bob),
        &path,
        &format!("csrf={bob_token}&restricted=yes"),
    )
    .await
    .expect(403);
    assert_eq!(client_json(&w, &client).await["restricted"], false);

    let done = post(
        &w,
        &cookie_of(&w.admin),
        &path,
        &format!("csrf={token}&restricted=yes"),
    )
    .await;
    assert_eq!(done.status.as_u16(), 303);
    assert_eq!(
        done.headers["location"],
        format!("/clients/{client}?done=restricted")
    );
    assert_eq!(client_json(&w, &client).await["restricted"], true);
    let after = client_page(&w, &w.admin, &client, "?done=restricted").await;
    let text = html(&after);
    assert!(
        text.contains("The client is now restricted.") && text.contains("Lift the restriction")
    );
    let lifted = post(
        &w,
        &cookie_of(&w.admin),
        &path,
        &format!("csrf={token}&restricted=no"),
    )
    .await;
    assert_eq!(lifted.status.as_u16(), 303);
    assert_eq!(client_json(&w, &client).await["restricted"], false);
}

#[tokio::test]
async fn a16_the_locked_page_shows_the_pending_request_and_cancels_it() {
    let w = World::new().await;
    let (client, bob) = locked_for_bob(&w, true).await;
    let cookie = cookie_of(&bob);
    let before = client_page(&w, &bob, &client, "").await;
    let text = html(&before);
    assert!(text.contains("Message to those who can grant access"));
    let token = csrf_of(text);
    post(
        &w,
        &cookie,
        &format!("/clients/{client}/request"),
        &format!("csrf={token}&message=Covering+the+audit"),
    )
    .await;
    let pending = client_page(&w, &bob, &client, "").await;
    let text = html(&pending).to_owned();
    assert!(text.contains("Your request") && text.contains("Waiting for a decision"));
    assert!(text.contains("Covering the audit"));
    assert!(
        !text.contains(r#"id="message""#),
        "no request form while one is pending"
    );
    let requests = w.get(&bob, "/access-requests").await;
    let request = requests.body["items"][0]["id"].as_str().unwrap().to_owned();
    insta::assert_snapshot!(
        "web_client_locked_pending_en",
        stable(&text, &[(&client, "[initech]"), (&request, "[request]")])
    );
    set_language(&w, &bob, "fr").await;
    let fr = client_page(&w, &bob, &client, "").await;
    assert!(html(&fr).contains("Annuler la demande"));
    insta::assert_snapshot!(
        "web_client_locked_pending_fr",
        stable(
            html(&fr),
            &[(&client, "[initech]"), (&request, "[request]")]
        )
    );
    set_language(&w, &bob, "en").await;

    let path = format!("/clients/{client}/request/cancel");
    for form in [
        format!("request={request}"),
        format!("csrf=0000&request={request}"),
    ] {
        post(&w, &cookie, &path, &form).await.expect(403);
    }
    // Someone else cannot cancel Bob's request.
    let cy = w.login("cy@acme.test").await;
    let cy_token = csrf(&w, &cy).await;
    post(
        &w,
        &cookie_of(&cy),
        &path,
        &format!("csrf={cy_token}&request={request}"),
    )
    .await
    .expect(403);
    let still = w.get(&bob, "/access-requests").await;
    assert_eq!(still.body["items"][0]["status"], "pending");
    let done = post(
        &w,
        &cookie,
        &path,
        &format!("csrf={token}&request={request}"),
    )
    .await;
    assert_eq!(done.status.as_u16(), 303);
    assert_eq!(
        done.headers["location"],
        format!("/clients/{client}?done=cancelled")
    );
    let after = w.get(&bob, "/access-requests").await;
    assert_eq!(after.body["items"][0]["status"], "cancelled");
    let page_after = client_page(&w, &bob, &client, "?done=cancelled").await;
    let text = html(&page_after);
    assert!(text.contains("Your request has been cancelled.") && text.contains(r#"id="message""#));
}

#[tokio::test]
async fn x9_repeated_openings_read_as_one_line_with_the_way_in_in_words() {
    let w = World::new().await;
    let (client, _bob) = locked_for_bob(&w, true).await;
    let cy = w.login("cy@acme.test").await;
    for _ in 0..3 {
        client_page(&w, &cy, &client, "").await.expect(200);
    }
    let log = client_page(&w, &w.admin, &client, "").await;
    let text = html(&log);
    let section = &text[text.find(r#"id="views-title""#).unwrap()..];
    assert!(section.contains("Cy Staff opened it 3 times "), "{section}");
    assert!(section.contains("through the group Audit"), "{section}");
    assert!(section.contains("Ada Admin opened it"), "{section}");
    assert!(
        section.contains("as the primary administrator"),
        "{section}"
    );
    for rule in ["A6", "A8", "A10", "A11"] {
        assert!(!section.contains(rule), "{rule} in {section}");
    }
}

#[tokio::test]
async fn the_clients_list_in_english_and_french() {
    let w = World::new().await;
    let uma = w.staff("user", "Uma").await;
    w.post(
        &w.admin,
        "/clients",
        json!({"name": "Aurora", "email": "aurora@example.test"}),
    )
    .await
    .expect(201);
    w.client(&uma, "Borealis").await;
    let en = list(&w, &w.admin, "").await;
    en.expect(200);
    insta::assert_snapshot!(
        "web_clients_list_en",
        hide_uuids(&crate::web::hide_other_ids(&redact(html(&en), &[])))
    );
    set_language(&w, &w.admin, "fr").await;
    let fr = list(&w, &w.admin, "").await;
    let text = html(&fr);
    assert!(text.contains("Propriétaire") && !text.contains("Responsable"));
    insta::assert_snapshot!(
        "web_clients_list_fr",
        hide_uuids(&crate::web::hide_other_ids(&redact(text, &[])))
    );
}

/// The visible text of a page: tags dropped.
fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether `text` holds a rule id such as A6, B9, C3 or X10.
fn has_rule_id(text: &str) -> Option<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .find(|w| {
            let mut chars = w.chars();
            matches!(chars.next(), Some('A' | 'B' | 'C' | 'X'))
                && (2..=3).contains(&w.len())
                && chars.all(|c| c.is_ascii_digit())
        })
        .map(str::to_owned)
}

#[tokio::test]
async fn no_page_of_clients_shows_a_rule_id_or_an_api_path() {
    assert_eq!(has_rule_id("as A6, A11"), Some("A6".to_owned()));
    assert_eq!(has_rule_id("X10 applies"), Some("X10".to_owned()));
    assert_eq!(has_rule_id("A/S, ABC, A"), None);
    let w = World::new().await;
    let (client, bob) = locked_for_bob(&w, true).await;
    let cy = w.login("cy@acme.test").await;
    client_page(&w, &cy, &client, "").await.expect(200);
    let token = csrf(&w, &bob).await;
    post(
        &w,
        &cookie_of(&bob),
        &format!("/clients/{client}/request"),
        &format!("csrf={token}&message=hi"),
    )
    .await;
    for lang in ["en", "fr", "da"] {
        set_language(&w, &w.admin, lang).await;
        set_language(&w, &bob, lang).await;
        let admin = cookie_of(&w.admin);
        let pages = [
            list(&w, &w.admin, "").await,
            client_page(&w, &w.admin, &client, "").await,
            client_page(&w, &bob, &client, "").await,
            page(&w, Method::GET, "/clients/import", Some(&admin), None).await,
            page(
                &w,
                Method::GET,
                &format!("/clients/{client}/delete"),
                Some(&admin),
                None,
            )
            .await,
            post(
                &w,
                &admin,
                "/clients/bulk",
                &format!(
                    "csrf={}&action=delete&ids={client}",
                    csrf(&w, &w.admin).await
                ),
            )
            .await,
        ];
        for reply in &pages {
            reply.expect(200);
            let text = visible(html(reply));
            assert_eq!(has_rule_id(&text), None, "{lang}: {text}");
            assert!(!text.contains("/api/"), "{lang}: {text}");
        }
    }
}
