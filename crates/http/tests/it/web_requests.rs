//! The web UI's access requests (A14–A16) through the router: the inbox of
//! whoever may decide, "My requests", one request (the A15 email's link),
//! approve, deny, cancel, "first decision wins", 404s and CSRF refusals.

use axum::http::Method;
use serde_json::json;

use crate::support::{Reply, Session, World, random_id};
use crate::web::{cookie_of, csrf_of, html, page, page_with, redact, set_language};

/// A1 and A3 on; Olga's private client "Initech"; Bob asks for access with
/// a message. Returns (olga, bob, client, request).
async fn asked(w: &World) -> (Session, Session, String, String) {
    w.lock_down().await;
    w.settings(json!({"allow_access_requests": true})).await;
    let olga = w.staff("user", "Olga").await;
    let bob = w.staff("user", "Bob").await;
    let client = w.private_client(&olga, "Initech").await;
    let reply = w
        .post(
            &bob,
            &format!("/clients/{client}/access-requests"),
            json!({"message": "For the Q3 audit"}),
        )
        .await;
    reply.expect(201);
    (olga, bob, client, reply.id())
}

/// `GET path` as `who`.
async fn get(w: &World, who: &Session, path: &str) -> Reply {
    page(w, Method::GET, path, Some(&cookie_of(who)), None).await
}

/// Posts a form of the requests pages as `who`, with their CSRF token.
async fn post(w: &World, who: &Session, path: &str, fields: &str) -> Reply {
    let csrf = csrf_of(html(&get(w, who, "/requests").await));
    page(
        w,
        Method::POST,
        path,
        Some(&cookie_of(who)),
        Some(&format!("csrf={csrf}&{fields}")),
    )
    .await
}

/// The `<li>` of request `id` on a page.
fn item<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!(r#"data-request-id="{id}""#))
        .unwrap_or_else(|| panic!("request {id} is not on the page"));
    let rest = &page[start..];
    &rest[..rest.find("</li>").unwrap()]
}

/// The page with ids, tokens and moments replaced by placeholders.
fn stable(page: &str, ids: &[(&str, &str)]) -> String {
    let mut out = redact(page, ids);
    while let Some(start) = out.find("<time datetime=\"") {
        let end = out[start..].find("</time>").unwrap() + start + "</time>".len();
        out.replace_range(start..end, "<time>[when]</time>");
    }
    out
}

fn location(reply: &Reply) -> &str {
    assert_eq!(reply.status.as_u16(), 303, "{:?}", reply.body);
    reply.headers["location"].to_str().unwrap()
}

#[tokio::test]
async fn a14_request_appears_in_the_owners_inbox_with_its_message() {
    let w = World::new().await;
    let (olga, bob, _client, id) = asked(&w).await;
    let inbox = get(&w, &olga, "/requests").await;
    inbox.expect(200);
    let li = item(html(&inbox), &id);
    assert!(li.contains(r#"data-client-name="Initech""#), "{li}");
    assert!(li.contains("Bob Staff") && li.contains("For the Q3 audit"));
    assert!(li.contains(r#"class="primary approve""#) && li.contains(r#"class="deny""#));
    assert!(li.contains(r#"name="reason""#) && !li.contains(r#"class="cancel""#));
    assert!(html(&inbox).contains("1 waiting"));

    // The requester sees it under "My requests", with a cancel button only.
    let mine = get(&w, &bob, "/requests").await;
    mine.expect(200);
    let li = item(html(&mine), &id);
    assert!(li.contains("Waiting") && li.contains(r#"class="cancel""#));
    assert!(!li.contains("approve") && !li.contains(r#"name="reason""#));
    assert!(html(&mine).contains("No requests are waiting for you."));
}

#[tokio::test]
async fn a15_the_email_link_opens_the_request() {
    let w = World::new().await;
    let (olga, _bob, _client, id) = asked(&w).await;
    // The A15 email links to `{public_url}/requests/{id}` (app mail tests).
    let one = get(&w, &olga, &format!("/requests/{id}")).await;
    one.expect(200);
    let li = item(html(&one), &id);
    assert!(li.contains("For the Q3 audit") && li.contains("approve"));
    assert!(li.contains(&format!(r#"name="back" value="/requests/{id}""#)));
}

#[tokio::test]
async fn a16_approve_lets_the_requester_open_the_client() {
    let w = World::new().await;
    let (olga, bob, client, id) = asked(&w).await;
    let locked = get(&w, &bob, &format!("/clients/{client}")).await;
    assert!(html(&locked).contains("You do not have access"));

    let reply = post(
        &w,
        &olga,
        &format!("/requests/{id}/approve"),
        "back=%2Frequests",
    )
    .await;
    assert_eq!(location(&reply), "/requests?done=approved");
    let after = get(&w, &olga, "/requests?done=approved").await;
    assert!(html(&after).contains(r#"role="status">Request approved."#));
    let li = item(html(&after), &id);
    assert!(li.contains("Approved by Olga Staff") && !li.contains("approve-form"));

    let open = get(&w, &bob, &format!("/clients/{client}")).await;
    open.expect(200);
    assert!(!html(&open).contains("You do not have access"));
    assert!(html(&open).contains("<h1>Initech</h1>"));
    let mine = get(&w, &bob, "/requests").await;
    assert!(item(html(&mine), &id).contains("Approved by Olga Staff"));
}

#[tokio::test]
async fn a16_a_denial_and_its_reason_are_shown_to_the_requester() {
    let w = World::new().await;
    let (olga, bob, client, id) = asked(&w).await;
    let back = format!("/requests/{id}");
    let reply = post(
        &w,
        &olga,
        &format!("/requests/{id}/deny"),
        &format!("back={}&reason=Not+your+case", back.replace('/', "%2F")),
    )
    .await;
    assert_eq!(location(&reply), format!("/requests/{id}?done=denied"));
    let mine = get(&w, &bob, "/requests").await;
    let li = item(html(&mine), &id);
    assert!(li.contains("Denied by Olga Staff") && li.contains("Not your case"));
    assert!(!li.contains(r#"class="cancel""#));
    let still = get(&w, &bob, &format!("/clients/{client}")).await;
    assert!(html(&still).contains("You do not have access"));
}

#[tokio::test]
async fn a16_a_second_decider_sees_who_decided_and_when() {
    let w = World::new().await;
    let (olga, _bob, _client, id) = asked(&w).await;
    // The admin opened the page before Olga decided.
    let admin_csrf = csrf_of(html(&get(&w, &w.admin, "/requests").await));
    post(
        &w,
        &olga,
        &format!("/requests/{id}/approve"),
        "back=%2Frequests",
    )
    .await;
    let inbox = get(&w, &w.admin, "/requests").await;
    let li = item(html(&inbox), &id);
    assert!(li.contains("Approved by Olga Staff") && li.contains("<time datetime="));
    assert!(!li.contains("approve-form") && !li.contains("deny-form"));

    // The admin's stale form: a friendly notice, not an error page.
    let reply = page(
        &w,
        Method::POST,
        &format!("/requests/{id}/deny"),
        Some(&cookie_of(&w.admin)),
        Some(&format!("csrf={admin_csrf}&back=%2Frequests&reason=no")),
    )
    .await;
    let to = location(&reply).to_owned();
    assert_eq!(to, format!("/requests?conflict={id}"));
    let notice = get(&w, &w.admin, &to).await;
    notice.expect(200);
    let text = html(&notice);
    let start = text.find("request-conflict").unwrap();
    let block = &text[start..start + text[start..].find("</div>").unwrap()];
    assert!(block.contains("already been decided"), "{block}");
    assert!(block.contains("Approved by Olga Staff") && block.contains("<time datetime="));
    // Nothing changed: still approved.
    assert!(item(text, &id).contains("Approved by Olga Staff"));
}

#[tokio::test]
async fn a16_the_requester_cancels() {
    let w = World::new().await;
    let (olga, bob, _client, id) = asked(&w).await;
    // Only the requester may cancel.
    let refused = post(
        &w,
        &olga,
        &format!("/requests/{id}/cancel"),
        "back=%2Frequests",
    )
    .await;
    refused.expect(403);
    let reply = post(
        &w,
        &bob,
        &format!("/requests/{id}/cancel"),
        "back=%2Frequests",
    )
    .await;
    assert_eq!(location(&reply), "/requests?done=cancelled");
    let mine = get(&w, &bob, "/requests?done=cancelled").await;
    assert!(html(&mine).contains("Your request has been cancelled."));
    assert!(item(html(&mine), &id).contains("Cancelled by Bob Staff"));
    let inbox = get(&w, &olga, "/requests").await;
    let li = item(html(&inbox), &id);
    assert!(li.contains("Cancelled by Bob Staff") && !li.contains("approve-form"));
    // Approving it now is a conflict notice naming who cancelled.
    let late = post(
        &w,
        &olga,
        &format!("/requests/{id}/approve"),
        "back=%2Frequests",
    )
    .await;
    assert_eq!(location(&late), format!("/requests?conflict={id}"));
}

#[tokio::test]
async fn a16_back_never_leaves_the_requests_pages() {
    let w = World::new().await;
    let (olga, _bob, _client, id) = asked(&w).await;
    let reply = post(
        &w,
        &olga,
        &format!("/requests/{id}/approve"),
        "back=https%3A%2F%2Fevil.test%2Frequests",
    )
    .await;
    assert_eq!(location(&reply), "/requests?done=approved");
}

#[tokio::test]
async fn a18_someone_elses_request_page_is_not_found() {
    let w = World::new().await;
    let (olga, bob, _client, id) = asked(&w).await;
    let carl = w.staff("user", "Carl").await;
    get(&w, &carl, &format!("/requests/{id}")).await.expect(404);
    let list = get(&w, &carl, "/requests").await;
    assert!(!html(&list).contains(&id) && !html(&list).contains("Initech"));
    // Carl cannot decide it either.
    post(
        &w,
        &carl,
        &format!("/requests/{id}/approve"),
        "back=%2Frequests",
    )
    .await
    .expect(403);
    get(&w, &olga, &format!("/requests/{id}")).await.expect(200);
    get(&w, &bob, &format!("/requests/{id}")).await.expect(200);
    get(&w, &olga, &format!("/requests/{}", random_id()))
        .await
        .expect(404);
    get(&w, &olga, "/requests/not-an-id").await.expect(404);
}

#[tokio::test]
async fn another_companys_request_is_not_found() {
    let w = World::new().await;
    let (_olga, bob, _client, id) = asked(&w).await;
    let hank = w.other_company().await;
    get(&w, &hank, &format!("/requests/{id}")).await.expect(404);
    assert!(!html(&get(&w, &hank, "/requests").await).contains(&id));
    for action in ["approve", "deny", "cancel"] {
        post(
            &w,
            &hank,
            &format!("/requests/{id}/{action}"),
            "back=%2Frequests",
        )
        .await
        .expect(404);
    }
    // Still pending for its requester.
    assert!(item(html(&get(&w, &bob, "/requests").await), &id).contains("Waiting"));
}

#[tokio::test]
async fn csrf_is_required_on_every_requests_form() {
    let w = World::new().await;
    let (olga, bob, _client, id) = asked(&w).await;
    let forms = [
        (&olga, "approve", "back=%2Frequests"),
        (&olga, "deny", "back=%2Frequests&reason=no"),
        (&bob, "cancel", "back=%2Frequests"),
    ];
    for (who, action, fields) in forms {
        let path = format!("/requests/{id}/{action}");
        let cookie = cookie_of(who);
        let csrf = csrf_of(html(&get(&w, who, "/requests").await));
        // Missing token.
        page(&w, Method::POST, &path, Some(&cookie), Some(fields))
            .await
            .expect(403);
        // Wrong token.
        page(
            &w,
            Method::POST,
            &path,
            Some(&cookie),
            Some(&format!("csrf={}&{fields}", "0".repeat(64))),
        )
        .await
        .expect(403);
        // The right token from another site.
        page_with(
            &w,
            Method::POST,
            &path,
            Some(&cookie),
            Some(&format!("csrf={csrf}&{fields}")),
            Some("http://evil.test"),
            None,
        )
        .await
        .expect(403);
    }
    // Nothing changed.
    assert!(item(html(&get(&w, &bob, "/requests").await), &id).contains("Waiting"));
    assert!(item(html(&get(&w, &olga, "/requests").await), &id).contains("approve-form"));
}

#[tokio::test]
async fn requests_pages_snapshots() {
    let w = World::new().await;
    let (olga, bob, client, id) = asked(&w).await;
    let ids = [(id.as_str(), "[request]"), (client.as_str(), "[initech]")];
    for lang in ["en", "fr"] {
        set_language(&w, &olga, lang).await;
        set_language(&w, &bob, lang).await;
        let owner = get(&w, &olga, "/requests").await;
        owner.expect(200);
        insta::assert_snapshot!(
            format!("web_requests_owner_{lang}"),
            stable(html(&owner), &ids)
        );
        let requester = get(&w, &bob, "/requests").await;
        requester.expect(200);
        insta::assert_snapshot!(
            format!("web_requests_requester_{lang}"),
            stable(html(&requester), &ids)
        );
    }
    // One decided request, in French, as the owner sees it.
    post(
        &w,
        &olga,
        &format!("/requests/{id}/deny"),
        "back=%2Frequests&reason=Pas+votre+dossier",
    )
    .await;
    let one = get(&w, &olga, &format!("/requests/{id}?done=denied")).await;
    one.expect(200);
    insta::assert_snapshot!("web_requests_one_denied_fr", stable(html(&one), &ids));
}
