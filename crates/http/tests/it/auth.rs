//! `POST /auth/login`, `POST /auth/logout` and the bearer token.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, header};
use serde_json::json;

use crate::support::{PASSWORD, Reply, World};

#[tokio::test]
async fn login_answers_a_token_and_the_user() {
    let w = World::new().await;
    let reply = w
        .call(
            Method::POST,
            "/auth/login",
            None,
            Some(json!({"email": "ada@acme.test", "password": PASSWORD})),
        )
        .await;
    reply.expect(200);
    assert!(reply.body["token"].as_str().unwrap().len() >= 20);
    snap!("login", &reply.body);
}

#[tokio::test]
async fn wrong_email_and_wrong_password_get_the_same_401() {
    let w = World::new().await;
    let wrong_password = w
        .call(
            Method::POST,
            "/auth/login",
            None,
            Some(json!({"email": "ada@acme.test", "password": "nope"})),
        )
        .await;
    let wrong_email = w
        .call(
            Method::POST,
            "/auth/login",
            None,
            Some(json!({"email": "nobody@acme.test", "password": PASSWORD})),
        )
        .await;
    wrong_password.expect_error(401, "unauthenticated");
    snap!("error_login_failed", &wrong_password.body);
    assert_eq!(wrong_password.status, wrong_email.status);
    assert_eq!(wrong_password.body, wrong_email.body);
}

#[tokio::test]
async fn login_needs_both_fields() {
    let w = World::new().await;
    let reply = w
        .call(
            Method::POST,
            "/auth/login",
            None,
            Some(json!({"email": "ada@acme.test"})),
        )
        .await;
    reply.expect_error(422, "validation_failed");
    assert_eq!(reply.body["error"]["fields"]["password"], "is required");
}

/// `POST /auth/login` for Ada as if from the socket peer `peer` (none: the
/// router's fallback address), with an optional `X-Forwarded-For`.
async fn login_from(
    w: &World,
    password: &str,
    peer: Option<[u8; 4]>,
    forwarded_for: Option<&str>,
) -> Reply {
    let mut builder = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/auth/login")
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(ip) = peer {
        builder = builder.extension(ConnectInfo(SocketAddr::from((ip, 40000))));
    }
    if let Some(addresses) = forwarded_for {
        builder = builder.header("x-forwarded-for", addresses);
    }
    let body = json!({"email": "ada@acme.test", "password": password});
    w.send(builder.body(Body::from(body.to_string())).unwrap())
        .await
}

const X: [u8; 4] = [203, 0, 113, 7];
const Y: [u8; 4] = [198, 51, 100, 9];

#[tokio::test]
async fn an_address_failing_five_times_gets_429_with_retry_after_and_others_sign_in() {
    let w = World::new().await;
    for _ in 0..5 {
        login_from(&w, "wrong", Some(X), None)
            .await
            .expect_error(401, "unauthenticated");
    }
    let reply = login_from(&w, PASSWORD, Some(X), None).await;
    reply.expect_error(429, "rate_limited");
    assert_eq!(reply.headers[header::RETRY_AFTER], "1");
    snap!("error_rate_limited", &reply.body);
    login_from(&w, PASSWORD, Some(Y), None).await.expect(200);
}

#[tokio::test]
async fn x_forwarded_for_is_ignored_without_a_proxy_in_front() {
    let w = World::new().await;
    for _ in 0..5 {
        login_from(&w, "wrong", Some(X), Some("198.51.100.1"))
            .await
            .expect(401);
    }
    // The peer X is throttled, whatever address it claims.
    login_from(&w, PASSWORD, Some(X), Some("198.51.100.2"))
        .await
        .expect_error(429, "rate_limited");
}

#[tokio::test]
async fn behind_a_proxy_the_address_it_appended_is_throttled() {
    let w = World::with_config(|config| config.behind_proxy = true).await;
    let proxy = Some([10, 0, 0, 1]);
    for _ in 0..5 {
        login_from(&w, "wrong", proxy, Some("203.0.113.7"))
            .await
            .expect(401);
    }
    // An entry the client wrote itself, before the proxy's, changes nothing.
    login_from(&w, PASSWORD, proxy, Some("198.51.100.9, 203.0.113.7"))
        .await
        .expect_error(429, "rate_limited");
    // Another client behind the same proxy signs in.
    login_from(&w, PASSWORD, proxy, Some("203.0.113.7, 198.51.100.9"))
        .await
        .expect(200);
}

#[tokio::test]
async fn logout_ends_the_token() {
    let w = World::new().await;
    let session = w.login("ada@acme.test").await;
    let reply = w
        .call(Method::POST, "/auth/logout", Some(&session.token), None)
        .await;
    reply.expect(204);
    assert_eq!(reply.body, serde_json::Value::Null);
    w.get(&session, "/me")
        .await
        .expect_error(401, "unauthenticated");
    // The admin's other session still works.
    w.get(&w.admin, "/me").await.expect(200);
}

#[tokio::test]
async fn logout_without_a_token_is_unauthenticated() {
    let w = World::new().await;
    w.call(Method::POST, "/auth/logout", None, None)
        .await
        .expect_error(401, "unauthenticated");
}

#[tokio::test]
async fn missing_or_unknown_tokens_are_unauthenticated() {
    let w = World::new().await;
    let reply = w.call(Method::GET, "/me", None, None).await;
    reply.expect_error(401, "unauthenticated");
    assert_eq!(reply.headers[header::WWW_AUTHENTICATE], "Bearer");
    snap!("error_unauthenticated", &reply.body);

    w.call(Method::GET, "/me", Some("not-a-token"), None)
        .await
        .expect_error(401, "unauthenticated");
    let basic = Request::builder()
        .uri("/api/v1/me")
        .header(header::AUTHORIZATION, "Basic YWRhOnB3")
        .body(Body::empty())
        .unwrap();
    w.send(basic).await.expect_error(401, "unauthenticated");
}

#[tokio::test]
async fn anonymous_callers_learn_nothing_about_ids() {
    let w = World::new().await;
    // Authentication comes before the path: a malformed id still answers 401.
    w.call(Method::GET, "/clients/not-an-id", None, None)
        .await
        .expect_error(401, "unauthenticated");
}

#[tokio::test]
async fn a22_deactivated_users_lose_their_sessions() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    w.get(&bob, "/me").await.expect(200);
    w.patch(
        &w.admin,
        &format!("/users/{}", bob.id),
        json!({"active": false}),
    )
    .await
    .expect(200);
    w.get(&bob, "/me")
        .await
        .expect_error(401, "unauthenticated");
    w.call(
        Method::POST,
        "/auth/login",
        None,
        Some(json!({"email": bob.email, "password": PASSWORD})),
    )
    .await
    .expect_error(401, "unauthenticated");
}

#[tokio::test]
async fn every_documented_endpoint_but_login_and_links_refuses_anonymous_callers() {
    let w = World::new().await;
    let doc = serde_json::to_value(casegate_http::openapi()).unwrap();
    let mut checked = 0;
    let mut operations = 0;
    let mut public = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            // Sign-in and the emailed links (whose secret is the credential)
            // are the only operations documented without the bearer scheme.
            if op.get("security").is_none() {
                public.push(format!("{method} {path}"));
                continue;
            }
            let uri = path
                .replace("{type}", "user")
                .replace("{id}", &crate::support::random_id())
                .replace("{user_id}", &crate::support::random_id())
                .replace("{subject_id}", &crate::support::random_id());
            let request = Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(&uri)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .unwrap();
            let reply = w.send(request).await;
            assert_eq!(reply.status, 401, "{method} {uri}: {:#}", reply.body);
            assert_eq!(reply.code(), "unauthenticated", "{method} {uri}");
            checked += 1;
        }
    }
    // Every operation but these (the exact list is `openapi::every_endpoint_of_api_md_is_described`).
    public.sort();
    assert_eq!(
        public,
        [
            "get /api/v1/invitations/{token}",
            "post /api/v1/auth/login",
            "post /api/v1/auth/password-reset",
            "post /api/v1/auth/password-reset/{token}",
            "post /api/v1/email-changes/{token}",
            "post /api/v1/invitations/{token}/accept",
        ]
    );
    assert!(checked >= 35, "{checked}");
    assert_eq!(checked, operations - public.len());
}
