//! The client page's contents in the web UI: activities by kind (B4–B6),
//! documents (B6, B7, X9), packages (B8), tags (B9), the access log (X9),
//! "work as" (B11), every form's CSRF refusal, and snapshots in English and
//! Danish.

use axum::body::Body;
use axum::http::{Method, Request, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::support::{Reply, Session, World};
use crate::web::{ORIGIN, cookie_of, csrf_of, html, page, redact, set_cookie, set_language};

/// The boundary of the test upload forms.
const BOUNDARY: &str = "casegate-web-client-boundary";

/// The client page as `who` (with `query`, e.g. `?kind=payment`).
pub(crate) async fn client_page(w: &World, who: &Session, client: &str, query: &str) -> Reply {
    page(
        w,
        Method::GET,
        &format!("/clients/{client}{query}"),
        Some(&cookie_of(who)),
        None,
    )
    .await
}

/// A POST of a urlencoded form as `who` (the cookie may carry more).
pub(crate) async fn post(w: &World, cookie: &str, path: &str, form: &str) -> Reply {
    page(w, Method::POST, path, Some(cookie), Some(form)).await
}

/// The `csrf` of `who`'s session, read from a page.
pub(crate) async fn csrf(w: &World, who: &Session) -> String {
    let reply = page(w, Method::GET, "/clients", Some(&cookie_of(who)), None).await;
    csrf_of(html(&reply))
}

/// An activity recorded through the API.
async fn activity(w: &World, who: &Session, client: &str, body: Value) -> String {
    let reply = w
        .post(who, &format!("/clients/{client}/activities"), body)
        .await;
    reply.expect(201);
    reply.id()
}

/// The activities of a client through the API, as the admin.
async fn api_activities(w: &World, client: &str) -> Vec<Value> {
    let reply = w
        .get(&w.admin, &format!("/clients/{client}/activities"))
        .await;
    reply.expect(200);
    reply.body["items"].as_array().cloned().unwrap_or_default()
}

/// A multipart upload form: `csrf` (when given) first, then visibility and file.
fn upload_body(csrf: Option<&str>, name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    let mut text = |field: &str, value: &str| {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    };
    if let Some(csrf) = csrf {
        text("csrf", csrf);
    }
    text("visibility", "shared");
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/pdf\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// `POST /clients/{id}/documents` through the web form.
async fn upload(w: &World, who: &Session, client: &str, body: Vec<u8>) -> Reply {
    let request = Request::builder()
        .method(Method::POST)
        .uri(format!("/clients/{client}/documents"))
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

/// A document's bytes and headers through the web route.
async fn download(w: &World, who: &Session, path: &str) -> (u16, axum::http::HeaderMap, Vec<u8>) {
    let request = Request::builder()
        .uri(path)
        .header(header::HOST, "casegate.test")
        .header(header::COOKIE, cookie_of(who))
        .body(Body::empty())
        .unwrap();
    let response = w.router.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, bytes.to_vec())
}

/// The page without what changes from run to run: tokens, the given ids,
/// the text of every `<time>`, and the access log's lines that name times
/// of day (a run of openings: "… between 05:56 and 05:57").
pub(crate) fn stable(text: &str, ids: &[(&str, &str)]) -> String {
    let text = hide_run_times(&redact(text, ids));
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("<time") {
        out.push_str(&rest[..at]);
        match rest[at..].find("</time>") {
            Some(end) => {
                out.push_str("<time>[time]</time>");
                rest = &rest[at + end + "</time>".len()..];
            }
            None => {
                rest = &rest[at..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Replaces the text of each access-log line that holds a time of day.
fn hide_run_times(text: &str) -> String {
    const OPEN: &str = r#"<span class="client-log-what">"#;
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(OPEN) {
        let start = at + OPEN.len();
        out.push_str(&rest[..start]);
        let end = start + rest[start..].find("</span>").unwrap();
        let line = &rest[start..end];
        let timed = line.as_bytes().windows(5).any(|w| {
            w[0].is_ascii_digit()
                && w[1].is_ascii_digit()
                && (w[2] == b':' || w[2] == b'.')
                && w[3].is_ascii_digit()
                && w[4].is_ascii_digit()
        });
        out.push_str(if timed { "[a run of openings]" } else { line });
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn activities_are_listed_by_kind() {
    let w = World::new().await;
    let client = w.client(&w.admin, "Acme Kinds").await;
    activity(
        &w,
        &w.admin,
        &client,
        json!({"kind": "conversation", "summary": "First call"}),
    )
    .await;
    activity(
        &w,
        &w.admin,
        &client,
        json!({"kind": "payment", "summary": "Deposit", "amount_cents": 123450, "currency": "EUR"}),
    )
    .await;
    let all = client_page(&w, &w.admin, &client, "").await;
    all.expect(200);
    let text = html(&all);
    assert!(text.contains("First call") && text.contains("Deposit"));
    assert!(text.contains("1,234.50 EUR"));
    assert!(text.contains(&format!(r#"href="/clients/{client}?kind=payment""#)));

    let payments = client_page(&w, &w.admin, &client, "?kind=payment").await;
    let text = html(&payments);
    assert!(text.contains("Deposit") && !text.contains("First call"));
    assert!(text.contains(r#"?kind=payment" aria-current="page""#));
}

#[tokio::test]
async fn b4_a_restricted_user_sees_only_their_own_activities() {
    let w = World::new().await;
    let uma = w.staff("user", "Uma").await;
    let client = w.client(&w.admin, "Acme Restricted").await;
    activity(
        &w,
        &w.admin,
        &client,
        json!({"kind": "conversation", "summary": "Admin only note"}),
    )
    .await;
    activity(
        &w,
        &w.admin,
        &client,
        json!({"kind": "conversation", "summary": "Uma's follow-up", "assignee_id": uma.id}),
    )
    .await;
    let reply = client_page(&w, &uma, &client, "").await;
    reply.expect(200);
    let text = html(&reply);
    assert!(text.contains("Uma&#39;s follow-up") || text.contains("Uma&#x27;s follow-up"));
    assert!(!text.contains("Admin only note"), "B4: restricted view");
    // Her form records only for herself: no assignee select, and no access log.
    assert!(!text.contains(r#"id="activity-assignee""#));
    assert!(!text.contains("Access log"));

    // The admin sees both, may assign, and sees the access log (X9).
    let admin = client_page(&w, &w.admin, &client, "").await;
    let text = html(&admin);
    assert!(text.contains("Admin only note"));
    assert!(text.contains(r#"id="activity-assignee""#));
    assert!(text.contains("Access log") && text.contains("Ada Admin opened it"));
    assert!(
        !text.contains(">A1<") && !text.contains("A6"),
        "the way in, in words"
    );
}

#[tokio::test]
async fn an_activity_is_recorded_through_the_form() {
    let w = World::new().await;
    let client = w.client(&w.admin, "Acme Form").await;
    let token = csrf(&w, &w.admin).await;
    let body = format!(
        "csrf={token}&kind=payment&summary=Fee&amount=12%2C5&currency=dkk&starts_at=2026-12-01T09%3A30"
    );
    let reply = post(
        &w,
        &cookie_of(&w.admin),
        &format!("/clients/{client}/activities"),
        &body,
    )
    .await;
    assert_eq!(reply.status.as_u16(), 303);
    assert_eq!(
        reply.headers["location"],
        format!("/clients/{client}?done=activity&kind=payment")
    );
    let items = api_activities(&w, &client).await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["amount_cents"], 1250);
    assert_eq!(items[0]["currency"], "DKK");
    assert_eq!(items[0]["starts_at"], "2026-12-01T09:30:00.000000Z");

    // Invalid input: the page again (422) with what was typed, nothing recorded.
    let bad = post(
        &w,
        &cookie_of(&w.admin),
        &format!("/clients/{client}/activities"),
        &format!("csrf={token}&kind=payment&summary=Keep+this+text&amount=abc&currency=EUR"),
    )
    .await;
    bad.expect(422);
    let text = html(&bad);
    assert!(text.contains(r#"role="alert""#));
    assert!(text.contains(">Keep this text</textarea>"));
    assert!(text.contains(r#"value="abc""#));
    assert!(text.contains(r#"<option value="payment" selected>"#));
    let blank = post(
        &w,
        &cookie_of(&w.admin),
        &format!("/clients/{client}/activities"),
        &format!("csrf={token}&kind=conversation&summary=+"),
    )
    .await;
    blank.expect(422);
    assert_eq!(api_activities(&w, &client).await.len(), 1);

    // A bad email in the edit form: typed values kept, the form open.
    let edit = post(
        &w,
        &cookie_of(&w.admin),
        &format!("/clients/{client}/edit"),
        &format!("csrf={token}&name=Renamed&email=not-an-email"),
    )
    .await;
    edit.expect(422);
    assert!(html(&edit).contains(r#"value="not-an-email""#));
    assert!(html(&edit).contains(r#"<details class="client-edit" open>"#));
    let stored = w.get(&w.admin, &format!("/clients/{client}")).await;
    assert_eq!(stored.body["name"], "Acme Form");
}

#[tokio::test]
async fn b8_masked_fields_are_left_out_of_the_edit_form() {
    let w = World::new().await;
    let uma = w.staff("user", "Uma").await;
    let client = w
        .post(
            &w.admin,
            "/clients",
            json!({"name": "Masked", "email": "m@client.test", "phone": "+45 1234"}),
        )
        .await
        .id();
    w.patch(
        &w.admin,
        &format!("/users/{}", uma.id),
        json!({"permissions": {"hide_phone": true, "hide_email": true}}),
    )
    .await
    .expect(200);
    let reply = client_page(&w, &uma, &client, "").await;
    let text = html(&reply);
    assert!(!text.contains("m@client.test") && !text.contains("+45 1234"));
    assert!(!text.contains(r#"id="client-email""#) && !text.contains(r#"id="client-phone""#));
    // Saving the name leaves the hidden fields as they were.
    let token = csrf_of(text);
    post(
        &w,
        &cookie_of(&uma),
        &format!("/clients/{client}/edit"),
        &format!("csrf={token}&name=Masked+Ltd"),
    )
    .await;
    let stored = w.get(&w.admin, &format!("/clients/{client}")).await;
    assert_eq!(stored.body["name"], "Masked Ltd");
    assert_eq!(stored.body["email"], "m@client.test");
    assert_eq!(stored.body["phone"], "+45 1234");
}

#[tokio::test]
async fn b9_tags_are_edited_only_with_the_right() {
    let w = World::new().await;
    let uma = w.staff("user", "Uma").await;
    let client = w.client(&w.admin, "Tagged").await;
    let token = csrf(&w, &w.admin).await;
    let reply = post(
        &w,
        &cookie_of(&w.admin),
        &format!("/clients/{client}/edit"),
        &format!("csrf={token}&name=Tagged&tags=vip%2C+kyc"),
    )
    .await;
    assert_eq!(
        reply.headers["location"],
        format!("/clients/{client}?done=edit")
    );
    let stored = w.get(&w.admin, &format!("/clients/{client}")).await;
    assert_eq!(stored.body["tags"], json!(["vip", "kyc"]));

    // The profile fields: opt-in (B9), loyalty card and notes.
    post(
        &w,
        &cookie_of(&w.admin),
        &format!("/clients/{client}/edit"),
        &format!(
            "csrf={token}&name=Tagged&tags=vip%2C+kyc&marketing_field=1&marketing_opt_in=1&loyalty_card=LC-42&notes=Prefers+email"
        ),
    )
    .await;
    let shown = client_page(&w, &w.admin, &client, "").await;
    let text = html(&shown);
    assert!(
        text.contains("<dd>Yes</dd>") && text.contains("LC-42") && text.contains("Prefers email")
    );
    assert!(text.contains(r#"name="marketing_opt_in" value="1" checked"#));

    // A user without edit rights gets no tags field; posting one is refused.
    let page_html = client_page(&w, &uma, &client, "").await;
    assert!(!html(&page_html).contains(r#"id="client-tags""#));
    let token = csrf_of(html(&page_html));
    let refused = post(
        &w,
        &cookie_of(&uma),
        &format!("/clients/{client}/edit"),
        &format!("csrf={token}&name=Tagged&tags=changed"),
    )
    .await;
    refused.expect(403);
    let stored = w.get(&w.admin, &format!("/clients/{client}")).await;
    assert_eq!(stored.body["tags"], json!(["vip", "kyc"]));
    assert!(!html(&page_html).contains(r#"id="client-marketing""#));
    // Nor may she untick the opt-in (B9).
    post(
        &w,
        &cookie_of(&uma),
        &format!("/clients/{client}/edit"),
        &format!("csrf={token}&name=Tagged&marketing_field=1"),
    )
    .await
    .expect(403);
    let shown = client_page(&w, &w.admin, &client, "").await;
    assert!(html(&shown).contains("<dd>Yes</dd>"));
}

#[tokio::test]
async fn b8_packages_are_listed_and_added() {
    let w = World::new().await;
    let client = w.client(&w.admin, "Packaged").await;
    let token = csrf(&w, &w.admin).await;
    let reply = post(
        &w,
        &cookie_of(&w.admin),
        &format!("/clients/{client}/packages"),
        &format!("csrf={token}&name=Gold+plan&price=99.90"),
    )
    .await;
    assert_eq!(
        reply.headers["location"],
        format!("/clients/{client}?done=package")
    );
    let text = client_page(&w, &w.admin, &client, "?done=package").await;
    assert!(html(&text).contains("Gold plan") && html(&text).contains("99.90"));
    assert!(html(&text).contains("The package has been added."));

    // Packages off: no section, and the App refuses the form.
    let uma = w.staff("user", "Uma").await;
    w.patch(
        &w.admin,
        &format!("/users/{}", uma.id),
        json!({"permissions": {"packages": false}}),
    )
    .await
    .expect(200);
    let hers = client_page(&w, &uma, &client, "").await;
    assert!(!html(&hers).contains("Gold plan"));
    let token = csrf_of(html(&hers));
    post(
        &w,
        &cookie_of(&uma),
        &format!("/clients/{client}/packages"),
        &format!("csrf={token}&name=Sneaky"),
    )
    .await
    .expect(403);
}

#[tokio::test]
async fn b6_a_document_uploaded_is_downloaded_byte_exact() {
    let w = World::new().await;
    let client = w.client(&w.admin, "Docs").await;
    let token = csrf(&w, &w.admin).await;
    let bytes: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let reply = upload(
        &w,
        &w.admin,
        &client,
        upload_body(Some(&token), "report é.pdf", &bytes),
    )
    .await;
    assert_eq!(reply.status.as_u16(), 303, "{:?}", reply.body);
    assert_eq!(
        reply.headers["location"],
        format!("/clients/{client}?done=document")
    );
    let listed = w
        .get(&w.admin, &format!("/clients/{client}/documents"))
        .await;
    let doc = listed.body["items"][0]["id"].as_str().unwrap().to_owned();
    let text = client_page(&w, &w.admin, &client, "").await;
    let link = format!("/clients/{client}/documents/{doc}");
    assert!(html(&text).contains(&link));
    let (status, headers, body) = download(&w, &w.admin, &link).await;
    assert_eq!(status, 200);
    assert_eq!(body, bytes, "byte-exact");
    assert_eq!(headers[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(
        headers[header::CONTENT_DISPOSITION],
        "attachment; filename*=UTF-8''report%20%C3%A9.pdf"
    );
    // X9: the download is in the access log.
    let text = client_page(&w, &w.admin, &client, "").await;
    assert!(html(&text).contains("Ada Admin downloaded a document"));

    // Under another client's path the document does not exist.
    let other = w.client(&w.admin, "Other").await;
    let (status, _, _) = download(&w, &w.admin, &format!("/clients/{other}/documents/{doc}")).await;
    assert_eq!(status, 404);

    // Documents off (B6): no section, and the upload is refused.
    let uma = w.staff("user", "Uma").await;
    w.patch(
        &w.admin,
        &format!("/users/{}", uma.id),
        json!({"permissions": {"documents": false}}),
    )
    .await
    .expect(200);
    let hers = client_page(&w, &uma, &client, "").await;
    assert!(!html(&hers).contains("Upload a document"));
    let token = csrf_of(html(&hers));
    let refused = upload(&w, &uma, &client, upload_body(Some(&token), "x.pdf", b"x")).await;
    refused.expect(403);
    let (status, _, _) = download(&w, &uma, &link).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn b11_a_contributor_works_as_a_user() {
    let w = World::new().await;
    let carl = w.staff("contributor", "Carl").await;
    let uma = w.staff("user", "Uma").await;
    let client = w.client(&w.admin, "Worked").await;
    activity(
        &w,
        &w.admin,
        &client,
        json!({"kind": "conversation", "summary": "Someone else's", "assignee_id": carl.id}),
    )
    .await;

    let form = page(&w, Method::GET, "/work-as", Some(&cookie_of(&carl)), None).await;
    form.expect(200);
    let text = html(&form);
    assert!(text.contains(r#"<select id="work-as-user" name="user">"#));
    assert!(text.contains(r#"id="work-as-start""#));
    assert!(text.contains("Uma Staff") && !text.contains(">Ada Admin<"));
    let token = csrf_of(text);

    let started = post(
        &w,
        &cookie_of(&carl),
        "/work-as",
        &format!("csrf={token}&user={}", uma.id),
    )
    .await;
    assert_eq!(started.status.as_u16(), 303);
    let work_as = set_cookie(&started, "casegate_work_as");
    assert_eq!(work_as, format!("casegate_work_as={}", uma.id));
    let both = format!("{}; {work_as}", cookie_of(&carl));

    // The banner shows on every page, and the client page acts as Uma.
    let clients = page(&w, Method::GET, "/clients", Some(&both), None).await;
    assert!(html(&clients).contains("You are working as Uma Staff"));
    let worked = page(
        &w,
        Method::GET,
        &format!("/clients/{client}"),
        Some(&both),
        None,
    )
    .await;
    let text = html(&worked);
    assert!(text.contains("You see and record the activities of Uma Staff."));
    assert!(
        !text.contains("Someone else"),
        "B4: Uma's restricted view applies"
    );

    let recorded = post(
        &w,
        &both,
        &format!("/clients/{client}/activities"),
        &format!("csrf={token}&kind=conversation&summary=Called+on+Uma%27s+behalf"),
    )
    .await;
    assert_eq!(recorded.status.as_u16(), 303);
    let items = api_activities(&w, &client).await;
    let new = items
        .iter()
        .find(|a| a["summary"] == "Called on Uma's behalf")
        .unwrap();
    assert_eq!(new["created_by"], uma.id.as_str());
    assert_eq!(new["created_by_real"], carl.id.as_str());
    assert_eq!(new["assignee_id"], uma.id.as_str());
    let shown = page(
        &w,
        Method::GET,
        &format!("/clients/{client}"),
        Some(&both),
        None,
    )
    .await;
    assert!(html(&shown).contains("by Carl Staff working as them"));

    // Stop: the cookie is cleared, the banner goes.
    let stopped = post(&w, &both, "/work-as/stop", &format!("csrf={token}")).await;
    assert_eq!(stopped.status.as_u16(), 303);
    let cleared = stopped
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with("casegate_work_as="))
        .unwrap();
    assert!(cleared.starts_with("casegate_work_as=;") && cleared.contains("Max-Age=0"));
    let after = page(&w, Method::GET, "/clients", Some(&cookie_of(&carl)), None).await;
    assert!(!html(&after).contains("You are working as"));
}

#[tokio::test]
async fn b11_only_contributors_work_as_and_only_as_whom_the_core_allows() {
    let w = World::new().await;
    let uma = w.staff("user", "Uma").await;
    let vic = w.staff("user", "Vic").await;
    let carl = w.staff("contributor", "Carl").await;

    // A user: 403 page, refused form, and a forged cookie is ignored.
    page(&w, Method::GET, "/work-as", Some(&cookie_of(&uma)), None)
        .await
        .expect(403);
    let token = csrf(&w, &uma).await;
    let tried = post(
        &w,
        &cookie_of(&uma),
        "/work-as",
        &format!("csrf={token}&user={}", vic.id),
    )
    .await;
    tried.expect(403);
    assert!(tried.headers.get(header::SET_COOKIE).is_none());
    let forged = format!("{}; casegate_work_as={}", cookie_of(&uma), vic.id);
    let clients = page(&w, Method::GET, "/clients", Some(&forged), None).await;
    assert!(!html(&clients).contains("You are working as"));

    // A contributor may not work as an admin (nor a forged cookie say so).
    let token = csrf(&w, &carl).await;
    post(
        &w,
        &cookie_of(&carl),
        "/work-as",
        &format!("csrf={token}&user={}", w.admin.id),
    )
    .await
    .expect(403);
    let forged = format!("{}; casegate_work_as={}", cookie_of(&carl), w.admin.id);
    let clients = page(&w, Method::GET, "/clients", Some(&forged), None).await;
    assert!(!html(&clients).contains("You are working as"));
    // The admin never works as anyone.
    page(
        &w,
        Method::GET,
        "/work-as",
        Some(&cookie_of(&w.admin)),
        None,
    )
    .await
    .expect(403);
}

#[tokio::test]
async fn every_client_form_refuses_a_missing_or_wrong_csrf_token() {
    let w = World::new().await;
    let carl = w.staff("contributor", "Carl").await;
    let uma = w.staff("user", "Uma").await;
    let client = w.client(&w.admin, "Guarded").await;
    let admin = cookie_of(&w.admin);
    for token in ["", "csrf=0123abcd&"] {
        let forms = [
            (
                format!("/clients/{client}/activities"),
                format!("{token}kind=conversation&summary=Sneaky"),
            ),
            (
                format!("/clients/{client}/packages"),
                format!("{token}name=Sneaky"),
            ),
            (
                format!("/clients/{client}/edit"),
                format!("{token}name=Sneaky&tags=x"),
            ),
        ];
        for (path, body) in &forms {
            let reply = post(&w, &admin, path, body).await;
            reply.expect(403);
            assert!(html(&reply).contains("Form expired"), "{path}");
        }
        let start = post(
            &w,
            &cookie_of(&carl),
            "/work-as",
            &format!("{token}user={}", uma.id),
        )
        .await;
        start.expect(403);
        assert!(start.headers.get(header::SET_COOKIE).is_none());
        let stop = post(
            &w,
            &format!("{}; casegate_work_as={}", cookie_of(&carl), uma.id),
            "/work-as/stop",
            token.trim_end_matches('&'),
        )
        .await;
        stop.expect(403);
        assert!(stop.headers.get(header::SET_COOKIE).is_none());
    }
    let wrong = upload(
        &w,
        &w.admin,
        &client,
        upload_body(Some("0123abcd"), "x.pdf", b"x"),
    )
    .await;
    wrong.expect(403);
    let missing = upload(&w, &w.admin, &client, upload_body(None, "x.pdf", b"x")).await;
    missing.expect(403);

    // Nothing changed.
    assert!(api_activities(&w, &client).await.is_empty());
    let stored = w.get(&w.admin, &format!("/clients/{client}")).await;
    assert_eq!(stored.body["name"], "Guarded");
    assert_eq!(stored.body["tags"], json!([]));
    let packages = w
        .get(&w.admin, &format!("/clients/{client}/packages"))
        .await;
    assert_eq!(packages.body["items"], json!([]));
    let docs = w
        .get(&w.admin, &format!("/clients/{client}/documents"))
        .await;
    assert_eq!(docs.body["items"], json!([]));
}

#[tokio::test]
async fn the_client_page_with_contents_in_english_and_danish() {
    let w = World::new().await;
    let uma = w.staff("user", "Uma").await;
    let client = w
        .post(
            &w.admin,
            "/clients",
            json!({"name": "Nordic Trading", "email": "info@nordic.test", "phone": "+45 7070", "tags": ["kyc"]}),
        )
        .await
        .id();
    activity(
        &w,
        &w.admin,
        &client,
        json!({"kind": "conversation", "summary": "Onboarding call", "assignee_id": uma.id}),
    )
    .await;
    activity(
        &w,
        &w.admin,
        &client,
        json!({"kind": "payment", "summary": "Annual fee", "amount_cents": 250000, "currency": "DKK"}),
    )
    .await;
    w.post(
        &w.admin,
        &format!("/clients/{client}/packages"),
        json!({"name": "Premium", "price_cents": 1999}),
    )
    .await
    .expect(201);
    let token = csrf(&w, &w.admin).await;
    upload(
        &w,
        &w.admin,
        &client,
        upload_body(Some(&token), "passport.pdf", b"%PDF-1.7 test"),
    )
    .await;
    let doc = w
        .get(&w.admin, &format!("/clients/{client}/documents"))
        .await
        .body["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let ids = [
        (client.as_str(), "[client]"),
        (doc.as_str(), "[doc]"),
        (w.admin.id.as_str(), "[ada]"),
        (uma.id.as_str(), "[uma]"),
    ];
    let en = client_page(&w, &w.admin, &client, "").await;
    en.expect(200);
    insta::assert_snapshot!("web_client_contents", stable(html(&en), &ids));

    set_language(&w, &w.admin, "da").await;
    let da = client_page(&w, &w.admin, &client, "?kind=payment").await;
    da.expect(200);
    let text = html(&da);
    assert!(text.contains(r#"<html lang="da">"#) && text.contains("2.500,00 DKK"));
    insta::assert_snapshot!("web_client_contents_da", stable(text, &ids));
}

#[tokio::test]
async fn b6_a_file_over_25_mib_is_refused() {
    let w = World::new().await;
    let client = w.client(&w.admin, "Big").await;
    let token = csrf(&w, &w.admin).await;
    let bytes = vec![7u8; casegate_app::MAX_DOCUMENT_BYTES + 1];
    let reply = upload(
        &w,
        &w.admin,
        &client,
        upload_body(Some(&token), "big.bin", &bytes),
    )
    .await;
    assert_eq!(reply.status.as_u16(), 303);
    assert_eq!(
        reply.headers["location"],
        format!("/clients/{client}?error=too-large")
    );
    let docs = w
        .get(&w.admin, &format!("/clients/{client}/documents"))
        .await;
    assert_eq!(docs.body["items"], json!([]));
    let shown = client_page(&w, &w.admin, &client, "?error=too-large").await;
    assert!(html(&shown).contains("larger than 25 MB"));
}

#[tokio::test]
async fn b11_b12_working_as_someone_who_cannot_open_the_client_shows_no_activities() {
    let w = World::new().await;
    w.lock_down().await;
    let carl = w.staff("contributor", "Carl").await;
    let uma = w.staff("user", "Uma").await;
    let client = w.private_client(&carl, "Carl's own").await;
    activity(
        &w,
        &carl,
        &client,
        json!({"kind": "conversation", "summary": "Private talk"}),
    )
    .await;
    let both = format!("{}; casegate_work_as={}", cookie_of(&carl), uma.id);
    let reply = page(
        &w,
        Method::GET,
        &format!("/clients/{client}"),
        Some(&both),
        None,
    )
    .await;
    reply.expect(200);
    let text = html(&reply);
    assert!(text.contains("cannot be shown while working as this member"));
    assert!(!text.contains("Private talk"));
    assert!(!text.contains(&format!(r#"action="/clients/{client}/activities""#)));
    // The form would be refused by the App too (B12: work as never widens Part A).
    let token = csrf(&w, &carl).await;
    post(
        &w,
        &both,
        &format!("/clients/{client}/activities"),
        &format!("csrf={token}&kind=conversation&summary=Sneaky"),
    )
    .await
    .expect(403);
}

#[tokio::test]
async fn the_work_as_page() {
    let w = World::new().await;
    let carl = w.staff("contributor", "Carl").await;
    let uma = w.staff("user", "Uma").await;
    w.staff("manager", "Max").await;
    let reply = page(&w, Method::GET, "/work-as", Some(&cookie_of(&carl)), None).await;
    reply.expect(200);
    let text = html(&reply);
    assert!(!text.contains("Max Staff"), "never a higher role");
    insta::assert_snapshot!("web_work_as", stable(text, &[(uma.id.as_str(), "[uma]")]));
}

#[tokio::test]
async fn older_activities_are_on_the_next_page() {
    let w = World::new().await;
    let client = w.client(&w.admin, "Busy").await;
    for i in 0..52 {
        activity(
            &w,
            &w.admin,
            &client,
            json!({"kind": "appointment", "summary": format!("Meeting {i:02}")}),
        )
        .await;
    }
    let first = client_page(&w, &w.admin, &client, "?kind=appointment").await;
    let text = html(&first);
    assert!(text.contains("Meeting 51") && !text.contains("Meeting 01"));
    let at = text.find("?cursor=").unwrap();
    let end = text[at..].find('"').unwrap();
    let next = text[at..at + end].replace("&#38;", "&");
    assert!(next.ends_with("&kind=appointment"), "{next}");
    let second = client_page(&w, &w.admin, &client, &next).await;
    let text = html(&second);
    assert!(text.contains("Meeting 01") && text.contains("Meeting 00"));
    assert!(!text.contains("Meeting 51"));
}
