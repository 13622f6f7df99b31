//! The web UI (issue 4, first slice) through the router: sign in and out,
//! CSRF refusals, the clients list (A12) and the locked client's requester
//! view (A13/A18) in English, French and Danish.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, header};
use serde_json::json;

use crate::support::{PASSWORD, Reply, Session, World};

pub(crate) const ORIGIN: &str = "http://casegate.test";

/// A web request: optional session cookie and urlencoded form.
pub(crate) async fn page(
    w: &World,
    method: Method,
    path: &str,
    cookie: Option<&str>,
    form: Option<&str>,
) -> Reply {
    page_with(w, method, path, cookie, form, Some(ORIGIN), None).await
}

pub(crate) async fn page_with(
    w: &World,
    method: Method,
    path: &str,
    cookie: Option<&str>,
    form: Option<&str>,
    origin: Option<&str>,
    accept_language: Option<&str>,
) -> Reply {
    let mut builder = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "casegate.test");
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    if let Some(origin) = origin {
        builder = builder.header(header::ORIGIN, origin);
    }
    if let Some(lang) = accept_language {
        builder = builder.header(header::ACCEPT_LANGUAGE, lang);
    }
    let body = match form {
        Some(form) => {
            builder = builder.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            Body::from(form.to_owned())
        }
        None => Body::empty(),
    };
    w.send(builder.body(body).unwrap()).await
}

/// The HTML of an answer.
pub(crate) fn html(reply: &Reply) -> &str {
    reply.body.as_str().unwrap_or("")
}

/// The session cookie of an API session (the web cookie holds the token).
pub(crate) fn cookie_of(who: &Session) -> String {
    format!("casegate_session={}", who.token)
}

/// The value of the first hidden `csrf` field of a page.
pub(crate) fn csrf_of(html: &str) -> String {
    let start = html.find(r#"name="csrf" value=""#).unwrap() + r#"name="csrf" value=""#.len();
    let rest = &html[start..];
    rest[..rest.find('"').unwrap()].to_owned()
}

/// `name=value` of a `Set-Cookie` for `name`.
pub(crate) fn set_cookie(reply: &Reply, name: &str) -> String {
    reply
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|v| v.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie"))
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// The page with tokens and ids replaced by placeholders.
pub(crate) fn redact(html: &str, ids: &[(&str, &str)]) -> String {
    let mut out = html.to_owned();
    if out.contains(r#"name="csrf" value=""#) {
        out = out.replace(&csrf_of(html), "[csrf]");
    }
    for (id, name) in ids {
        out = out.replace(id, name);
    }
    out
}

/// Signs in through the form; the session cookie.
pub(crate) async fn sign_in(w: &World, email: &str, password: &str) -> Reply {
    let form = page(w, Method::GET, "/login", None, None).await;
    let pre = set_cookie(&form, "casegate_csrf");
    let token = csrf_of(html(&form));
    let body = format!(
        "email={}&password={}&csrf={token}",
        email.replace('@', "%40"),
        password.replace(' ', "+")
    );
    page(w, Method::POST, "/login", Some(&pre), Some(&body)).await
}

/// A1 and A3 on; "Initech" of the admin shared with group "Audit" (Cy);
/// Bob has no access. Returns (client, bob).
pub(crate) async fn locked_for_bob(w: &World, requests: bool) -> (String, Session) {
    w.lock_down().await;
    w.settings(json!({"allow_access_requests": requests})).await;
    let bob = w.staff("user", "Bob").await;
    let cy = w.staff("user", "Cy").await;
    let group = w.group("Audit", &[&cy]).await;
    w.client(&w.admin, "Acme Open").await;
    let client = w.private_client(&w.admin, "Initech").await;
    w.post(
        &w.admin,
        &format!("/clients/{client}/access"),
        json!({"subject": {"type": "group", "id": group}}),
    )
    .await
    .expect(201);
    (client, bob)
}

pub(crate) async fn set_language(w: &World, who: &Session, lang: &str) {
    w.patch(
        &w.admin,
        &format!("/users/{}", who.id),
        json!({"language": lang}),
    )
    .await
    .expect(200);
}

#[tokio::test]
async fn an_unauthenticated_page_redirects_to_login() {
    let w = World::new().await;
    let reply = page(&w, Method::GET, "/clients", None, None).await;
    assert_eq!(reply.status.as_u16(), 303);
    assert_eq!(reply.headers["location"], "/login");
    let bad = page(
        &w,
        Method::GET,
        "/clients",
        Some("casegate_session=nope"),
        None,
    )
    .await;
    assert_eq!(bad.headers["location"], "/login");
}

#[tokio::test]
async fn sign_in_and_sign_out() {
    let w = World::new().await;
    let login = page(&w, Method::GET, "/login", None, None).await;
    login.expect(200);
    insta::assert_snapshot!("web_login", redact(html(&login), &[]));
    let reply = sign_in(&w, "ada@acme.test", PASSWORD).await;
    assert_eq!(reply.status.as_u16(), 303);
    assert_eq!(reply.headers["location"], "/clients");
    let cookie = set_cookie(&reply, "casegate_session");
    let raw = reply
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        raw.contains("HttpOnly") && raw.contains("SameSite=Lax"),
        "{raw}"
    );

    let clients = page(&w, Method::GET, "/clients", Some(&cookie), None).await;
    clients.expect(200);
    assert!(html(&clients).contains("Ada Admin"));
    let csrf = csrf_of(html(&clients));
    let out = page(
        &w,
        Method::POST,
        "/logout",
        Some(&cookie),
        Some(&format!("csrf={csrf}")),
    )
    .await;
    assert_eq!(out.status.as_u16(), 303);
    assert_eq!(out.headers["location"], "/login");
    let after = page(&w, Method::GET, "/clients", Some(&cookie), None).await;
    assert_eq!(
        after.headers["location"], "/login",
        "the token ended with the web session"
    );
}

#[tokio::test]
async fn a_wrong_password_is_told() {
    let w = World::new().await;
    let reply = sign_in(&w, "ada@acme.test", "wrong").await;
    reply.expect(401);
    assert!(html(&reply).contains("The email address or password is wrong."));
    assert!(html(&reply).contains(r#"value="ada@acme.test""#));
}

#[tokio::test]
async fn csrf_missing_token_is_refused() {
    let w = World::new().await;
    let form = page(&w, Method::GET, "/login", None, None).await;
    let pre = set_cookie(&form, "casegate_csrf");
    let body = "email=ada%40acme.test&password=x";
    let reply = page(&w, Method::POST, "/login", Some(&pre), Some(body)).await;
    reply.expect(403);
    assert!(html(&reply).contains("Form expired"));
    let out = page(
        &w,
        Method::POST,
        "/logout",
        Some(&cookie_of(&w.admin)),
        Some(""),
    )
    .await;
    out.expect(403);
}

#[tokio::test]
async fn csrf_wrong_token_is_refused() {
    let w = World::new().await;
    let cookie = cookie_of(&w.admin);
    let reply = page(
        &w,
        Method::POST,
        "/logout",
        Some(&cookie),
        Some("csrf=0123abcd"),
    )
    .await;
    reply.expect(403);
    // Still signed in: the refused form changed nothing.
    page(&w, Method::GET, "/clients", Some(&cookie), None)
        .await
        .expect(200);
}

#[tokio::test]
async fn csrf_foreign_origin_is_refused() {
    let w = World::new().await;
    let cookie = cookie_of(&w.admin);
    let clients = page(&w, Method::GET, "/clients", Some(&cookie), None).await;
    let body = format!("csrf={}", csrf_of(html(&clients)));
    for origin in [Some("http://evil.test"), None] {
        let reply = page_with(
            &w,
            Method::POST,
            "/logout",
            Some(&cookie),
            Some(&body),
            origin,
            None,
        )
        .await;
        reply.expect(403);
    }
}

#[tokio::test]
async fn a12_the_list_marks_locked_clients() {
    let w = World::new().await;
    let (client, bob) = locked_for_bob(&w, true).await;
    let reply = page(&w, Method::GET, "/clients", Some(&cookie_of(&bob)), None).await;
    reply.expect(200);
    let page_html = redact(html(&reply), &[(&client, "[initech]")]);
    assert!(page_html.contains("No access"));
    let open = page_html.find("Acme Open").unwrap();
    let open_row = &page_html[open..page_html[open..].find("</li>").unwrap() + open];
    assert!(!open_row.contains("No access"));
    insta::assert_snapshot!(
        "web_clients_locked",
        hide_uuids(&hide_other_ids(&page_html))
    );
    let search = page(
        &w,
        Method::GET,
        "/clients?q=init",
        Some(&cookie_of(&bob)),
        None,
    )
    .await;
    assert!(html(&search).contains("Initech") && !html(&search).contains("Acme Open"));
}

/// Replaces every UUID left in a page (user ids of selects, say) by `[uuid]`.
pub(crate) fn hide_uuids(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut i = 0;
    while i < html.len() {
        let candidate = html.get(i..i + 36);
        if let Some(c) = candidate
            && uuid::Uuid::parse_str(c).is_ok()
            && c.as_bytes()[8] == b'-'
        {
            out.push_str("[uuid]");
            i += 36;
            continue;
        }
        let ch = html[i..].chars().next().unwrap();
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// Replaces the remaining client ids in `/clients/{id}` links.
pub(crate) fn hide_other_ids(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find("/clients/") {
        let (head, tail) = rest.split_at(at + "/clients/".len());
        out.push_str(head);
        if tail.len() >= 36 && uuid::Uuid::parse_str(&tail[..36]).is_ok() {
            out.push_str("[id]");
            rest = &tail[36..];
        } else {
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn a13_the_locked_client_page_names_groups_without_members() {
    let w = World::new().await;
    let (client, bob) = locked_for_bob(&w, true).await;
    let reply = page(
        &w,
        Method::GET,
        &format!("/clients/{client}"),
        Some(&cookie_of(&bob)),
        None,
    )
    .await;
    reply.expect(200);
    let text = html(&reply);
    assert!(text.contains("Audit") && text.contains("Ada Admin"));
    assert!(!text.contains("Cy Staff"), "A18: no members of a group");
    assert!(text.contains("Request access"));
    insta::assert_snapshot!("web_client_locked", redact(text, &[(&client, "[initech]")]));

    let csrf = csrf_of(text);
    let body = format!("csrf={csrf}&message=please");
    let sent = page(
        &w,
        Method::POST,
        &format!("/clients/{client}/request"),
        Some(&cookie_of(&bob)),
        Some(&body),
    )
    .await;
    assert_eq!(sent.status.as_u16(), 303);
    let after = page(
        &w,
        Method::GET,
        &format!("/clients/{client}?requested=1"),
        Some(&cookie_of(&bob)),
        None,
    )
    .await;
    assert!(html(&after).contains("Your request has been sent."));
}

#[tokio::test]
async fn a17_without_requests_the_page_says_whom_to_ask() {
    let w = World::new().await;
    let (client, bob) = locked_for_bob(&w, false).await;
    let reply = page(
        &w,
        Method::GET,
        &format!("/clients/{client}"),
        Some(&cookie_of(&bob)),
        None,
    )
    .await;
    let text = html(&reply);
    assert!(!text.contains("Request access"));
    assert!(text.contains("Ask Ada Admin, the owner"));
}

#[tokio::test]
async fn the_locked_page_in_french_and_danish() {
    let w = World::new().await;
    let (client, bob) = locked_for_bob(&w, true).await;
    for (lang, expected) in [("fr", "Demander l’accès"), ("da", "Anmod om adgang")] {
        set_language(&w, &bob, lang).await;
        let reply = page(
            &w,
            Method::GET,
            &format!("/clients/{client}"),
            Some(&cookie_of(&bob)),
            None,
        )
        .await;
        let text = html(&reply);
        assert!(text.contains(&format!(r#"<html lang="{lang}">"#)));
        assert!(text.contains(expected), "{lang}");
        insta::assert_snapshot!(
            format!("web_client_locked_{lang}"),
            redact(text, &[(&client, "[initech]")])
        );
    }
}

#[tokio::test]
async fn before_sign_in_the_browser_language_is_used() {
    let w = World::new().await;
    let reply = page_with(
        &w,
        Method::GET,
        "/login",
        None,
        None,
        None,
        Some("da-DK,da;q=0.9"),
    )
    .await;
    assert!(html(&reply).contains("Adgangskode"));
}

#[tokio::test]
async fn b8_the_client_page_hides_masked_fields() {
    let w = World::new().await;
    let user = w.staff("user", "Uma").await;
    let reply = w
        .post(
            &w.admin,
            "/clients",
            json!({"name": "Masked", "email": "m@client.test", "phone": "+45 1234"}),
        )
        .await;
    let client = reply.id();
    w.patch(
        &w.admin,
        &format!("/users/{}", user.id),
        json!({"permissions": {"hide_phone": true}}),
    )
    .await
    .expect(200);
    let page_reply = page(
        &w,
        Method::GET,
        &format!("/clients/{client}"),
        Some(&cookie_of(&user)),
        None,
    )
    .await;
    page_reply.expect(200);
    let text = html(&page_reply);
    assert!(text.contains("m@client.test"));
    assert!(!text.contains("+45 1234"), "B8: the phone is hidden");
    assert!(text.contains("Hidden"));
}

#[tokio::test]
async fn x7_the_language_switcher_changes_the_users_own_language() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let cookie = cookie_of(&bob);
    let list = page(&w, Method::GET, "/clients", Some(&cookie), None).await;
    let csrf = csrf_of(html(&list));
    let mut builder = Request::builder()
        .method(Method::POST)
        .uri("/language")
        .header(header::HOST, "casegate.test")
        .header(header::COOKIE, &cookie)
        .header(header::ORIGIN, ORIGIN)
        .header(header::REFERER, "http://casegate.test/clients?q=ac")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    builder = builder.header(header::ACCEPT_LANGUAGE, "en");
    let reply = w
        .send(
            builder
                .body(Body::from(format!("csrf={csrf}&language=da")))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status.as_u16(), 303);
    assert_eq!(
        reply.headers["location"], "/clients?q=ac",
        "back where it was"
    );
    let me = w.get(&bob, "/me").await;
    assert_eq!(me.body["language"], "da");
    let again = page(&w, Method::GET, "/clients", Some(&cookie), None).await;
    assert!(html(&again).contains(r#"<html lang="da">"#));
    assert!(html(&again).contains("Klienter"));

    // An unknown language is refused and changes nothing.
    let bad = page(
        &w,
        Method::POST,
        "/language",
        Some(&cookie),
        Some(&format!("csrf={csrf}&language=de")),
    )
    .await;
    bad.expect(422);
    assert_eq!(w.get(&bob, "/me").await.body["language"], "da");
}

#[tokio::test]
async fn x7_the_language_switcher_refuses_a_missing_or_wrong_csrf_token() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let cookie = cookie_of(&bob);
    for form in ["language=fr", "csrf=0000&language=fr"] {
        let reply = page(&w, Method::POST, "/language", Some(&cookie), Some(form)).await;
        reply.expect(403);
    }
    assert_eq!(w.get(&bob, "/me").await.body["language"], "en");
}

#[tokio::test]
async fn x7_before_sign_in_the_language_is_chosen_by_link_and_kept() {
    let w = World::new().await;
    let reply = page(&w, Method::GET, "/login?lang=da", None, None).await;
    reply.expect(200);
    assert!(html(&reply).contains(r#"<html lang="da">"#));
    let lang = set_cookie(&reply, "casegate_lang");
    assert_eq!(lang, "casegate_lang=da");
    // The cookie wins over the browser's Accept-Language afterwards.
    let next = page_with(
        &w,
        Method::GET,
        "/login",
        Some(&lang),
        None,
        None,
        Some("fr-FR,fr;q=0.9"),
    )
    .await;
    assert!(html(&next).contains(r#"<html lang="da">"#));
}

#[tokio::test]
async fn an_unknown_page_is_an_html_404_for_browsers_and_json_otherwise() {
    let w = World::new().await;
    let browser = Request::builder()
        .uri("/no/such/page")
        .header(header::ACCEPT, "text/html,application/xhtml+xml,*/*;q=0.8")
        .header(header::ACCEPT_LANGUAGE, "fr")
        .body(Body::empty())
        .unwrap();
    let reply = w.send(browser).await;
    reply.expect(404);
    assert!(
        reply.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(html(&reply).contains("Page introuvable"));
    let api = w.get(&w.admin, "/no-such-endpoint").await;
    api.expect_error(404, "not_found");
    // Outside /api, a client that does not ask for HTML gets the JSON body.
    let plain = Request::builder()
        .uri("/no/such/page")
        .body(Body::empty())
        .unwrap();
    w.send(plain).await.expect_error(404, "not_found");
}

#[tokio::test]
async fn an_address_that_keeps_failing_to_sign_in_waits_on_a_page_that_says_how_long() {
    let w = World::new().await;
    for _ in 0..5 {
        sign_in(&w, "ada@acme.test", "wrong").await.expect(401);
    }
    let reply = sign_in(&w, "ada@acme.test", PASSWORD).await;
    reply.expect(429);
    assert!(
        html(&reply).contains("Too many failed attempts. Wait 1 second and try again."),
        "{}",
        html(&reply)
    );
    assert_eq!(reply.headers[header::RETRY_AFTER], "1");
    assert!(
        reply
            .headers
            .get(header::SET_COOKIE)
            .is_some_and(|c| !c.to_str().unwrap().starts_with("casegate_session=")),
        "no session is opened"
    );
    // Ada, from her own address, is not slowed down.
    let form = page(&w, Method::GET, "/login", None, None).await;
    let body = format!(
        "email=ada%40acme.test&password={}&csrf={}",
        PASSWORD.replace(' ', "+"),
        csrf_of(html(&form))
    );
    let request = Request::builder()
        .method(Method::POST)
        .uri("/login")
        .header(header::HOST, "casegate.test")
        .header(header::ORIGIN, ORIGIN)
        .header(header::COOKIE, set_cookie(&form, "casegate_csrf"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .extension(ConnectInfo(SocketAddr::from(([198, 51, 100, 9], 40000))))
        .body(Body::from(body))
        .unwrap();
    let reply = w.send(request).await;
    assert_eq!(reply.status.as_u16(), 303, "{}", html(&reply));
}

#[tokio::test]
async fn a14_the_request_form_refuses_a_missing_or_wrong_csrf_token() {
    let w = World::new().await;
    let (client, bob) = locked_for_bob(&w, true).await;
    let cookie = cookie_of(&bob);
    for form in ["message=hi", "csrf=0000&message=hi"] {
        let reply = page(
            &w,
            Method::POST,
            &format!("/clients/{client}/request"),
            Some(&cookie),
            Some(form),
        )
        .await;
        reply.expect(403);
    }
    let mine = w.get(&bob, "/access-requests").await;
    mine.expect(200);
    assert_eq!(
        mine.body["items"].as_array().map(Vec::len),
        Some(0),
        "nothing was asked: {}",
        mine.body
    );
}
