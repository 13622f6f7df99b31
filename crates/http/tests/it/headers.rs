//! Security headers and cookies (issue 8): CSP, nosniff, Referrer-Policy and
//! no-store on pages and API answers, cacheable static files, Swagger UI's
//! own policy, and `Secure` cookies with HSTS when the public URL is https.

use axum::body::Body;
use axum::http::{Method, Request, header};
use casegate_http::headers::{CSP, HSTS, SWAGGER_CSP};

use crate::support::{PASSWORD, Reply, World};
use crate::web::{cookie_of, html, page, sign_in};

/// A header's value, `""` when absent.
fn value(reply: &Reply, name: header::HeaderName) -> &str {
    reply.headers.get(name).map_or("", |v| v.to_str().unwrap())
}

fn all_set_cookies(reply: &Reply) -> Vec<String> {
    reply
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn pages_carry_the_csp_nosniff_referrer_policy_and_no_store() {
    let w = World::new().await;
    let client = w.client(&w.admin, "Acme Open").await;
    let cookie = cookie_of(&w.admin);
    let pages = [
        page(&w, Method::GET, "/login", None, None).await,
        page(&w, Method::GET, "/clients", Some(&cookie), None).await,
        page(
            &w,
            Method::GET,
            &format!("/clients/{client}"),
            Some(&cookie),
            None,
        )
        .await,
    ];
    let not_found = w
        .send(
            Request::builder()
                .uri("/no/such/page")
                .header(header::ACCEPT, "text/html")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    not_found.expect(404);
    for reply in pages.iter().chain([&not_found]) {
        assert!(
            value(reply, header::CONTENT_TYPE).starts_with("text/html"),
            "{:?}",
            reply.headers
        );
        assert_eq!(value(reply, header::CONTENT_SECURITY_POLICY), CSP);
        assert_eq!(value(reply, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        assert_eq!(value(reply, header::REFERRER_POLICY), "same-origin");
        assert_eq!(value(reply, header::CACHE_CONTROL), "no-store");
        assert_eq!(value(reply, header::STRICT_TRANSPORT_SECURITY), "", "http");
        // Nothing the policy would block: no inline script or style; a
        // script only from this site's /static/ (an enhancement).
        let text = html(reply);
        assert!(!text.contains(" style="));
        for (at, _) in text.match_indices("<script") {
            assert!(
                text[at..].starts_with(r#"<script src="/static/"#),
                "inline script: {}",
                &text[at..(at + 60).min(text.len())]
            );
        }
    }
}

#[tokio::test]
async fn api_answers_are_not_stored_nor_sniffed() {
    let w = World::new().await;
    let me = w.get(&w.admin, "/me").await;
    me.expect(200);
    let refused = w.call(Method::GET, "/me", None, None).await;
    refused.expect(401);
    for reply in [&me, &refused] {
        assert_eq!(value(reply, header::CACHE_CONTROL), "no-store");
        assert_eq!(value(reply, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    }
}

#[tokio::test]
async fn the_stylesheet_and_swagger_ui_may_be_cached_and_swagger_has_its_own_policy() {
    let w = World::new().await;
    let css = page(&w, Method::GET, "/static/casegate.css", None, None).await;
    css.expect(200);
    assert_eq!(value(&css, header::CACHE_CONTROL), "public, max-age=3600");
    assert_eq!(value(&css, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    let docs = page(&w, Method::GET, "/api/docs/", None, None).await;
    docs.expect(200);
    assert_eq!(value(&docs, header::CONTENT_SECURITY_POLICY), SWAGGER_CSP);
    assert_eq!(value(&docs, header::CACHE_CONTROL), "public, max-age=3600");
    let openapi = w.call(Method::GET, "/openapi.json", None, None).await;
    assert_eq!(value(&openapi, header::CACHE_CONTROL), "no-store");
}

#[tokio::test]
async fn with_an_https_public_url_cookies_are_secure_and_hsts_is_sent() {
    let w = World::with_config(|config| config.public_url = "https://casegate.test".into()).await;
    let form = page(&w, Method::GET, "/login", None, None).await;
    assert_eq!(value(&form, header::STRICT_TRANSPORT_SECURITY), HSTS);
    let signed_in = sign_in(&w, "ada@acme.test", PASSWORD).await;
    assert_eq!(signed_in.status.as_u16(), 303);
    let cookies = [all_set_cookies(&form), all_set_cookies(&signed_in)].concat();
    assert!(
        cookies.iter().any(|c| c.starts_with("casegate_session=")),
        "{cookies:?}"
    );
    for cookie in &cookies {
        assert!(cookie.ends_with("; Secure"), "{cookie}");
    }
    let api = w.get(&w.admin, "/me").await;
    assert_eq!(value(&api, header::STRICT_TRANSPORT_SECURITY), HSTS);

    // Over http: neither.
    let plain = World::new().await;
    let signed_in = sign_in(&plain, "ada@acme.test", PASSWORD).await;
    assert_eq!(value(&signed_in, header::STRICT_TRANSPORT_SECURITY), "");
    for cookie in all_set_cookies(&signed_in) {
        assert!(!cookie.contains("Secure"), "{cookie}");
    }
}
