//! `POST /auth/login`, `POST /auth/logout` and the bearer token.

use axum::body::Body;
use axum::http::{Method, Request, header};
use serde_json::json;

use crate::support::{PASSWORD, World};

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

#[tokio::test]
async fn repeated_failures_are_rate_limited() {
    let w = World::new().await;
    let bad = json!({"email": "ada@acme.test", "password": "wrong"});
    let mut last = None;
    for _ in 0..12 {
        last = Some(
            w.call(Method::POST, "/auth/login", None, Some(bad.clone()))
                .await,
        );
    }
    let reply = last.unwrap();
    reply.expect_error(429, "rate_limited");
    snap!("error_rate_limited", &reply.body);
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
