//! `Casegate-Revision` on writes and `Casegate-At-Least` on any request.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Method, Request, header};
use serde_json::json;

use crate::support::World;

/// `GET /api/v1{path}` as the admin with `Casegate-At-Least: value`.
fn at_least(w: &World, path: &str, value: &str) -> Request<Body> {
    Request::builder()
        .method(Method::GET)
        .uri(format!("/api/v1{path}"))
        .header(header::AUTHORIZATION, format!("Bearer {}", w.admin.token))
        .header("Casegate-At-Least", value)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn every_write_answers_its_revision_and_revisions_grow() {
    let w = World::new().await;
    let first = w.post(&w.admin, "/clients", json!({"name": "A"})).await;
    first.expect(201);
    let second = w
        .patch(
            &w.admin,
            &format!("/clients/{}", first.id()),
            json!({"name": "B"}),
        )
        .await;
    second.expect(200);
    let (r1, r2) = (first.revision().unwrap(), second.revision().unwrap());
    assert!(r2 > r1, "{r1} then {r2}");
    assert_eq!(w.app.revision().0, r2);
    // Reads carry none.
    let read = w.get(&w.admin, "/clients").await;
    assert_eq!(read.revision(), None);
}

#[tokio::test]
async fn a_revision_already_reached_answers_at_once() {
    let w = World::new().await;
    let write = w.post(&w.admin, "/clients", json!({"name": "A"})).await;
    let revision = write.revision().unwrap().to_string();
    let reply = w.send(at_least(&w, "/clients", &revision)).await;
    reply.expect(200);
    assert_eq!(reply.body["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_later_write_releases_a_waiting_read() {
    let w = World::new().await;
    let next = (w.app.revision().0 + 1).to_string();
    let waiting = w.send(at_least(&w, "/clients", &next));
    let writing = async {
        tokio::time::sleep(Duration::from_millis(200)).await;
        w.post(&w.admin, "/clients", json!({"name": "Late"})).await
    };
    let (read, write) = tokio::join!(waiting, writing);
    write.expect(201);
    read.expect(200);
    assert_eq!(read.body["items"][0]["name"], "Late");
}

#[tokio::test]
async fn a_far_future_revision_answers_503_after_the_wait() {
    let w = World::new().await;
    let started = Instant::now();
    let reply = w.send(at_least(&w, "/me", "999999999")).await;
    reply.expect_error(503, "revision_unavailable");
    assert!(started.elapsed() >= Duration::from_secs(4));
    snap!("error_revision_unavailable", &reply.body);
}

#[tokio::test]
async fn a_non_numeric_revision_is_refused() {
    let w = World::new().await;
    for value in ["soon", "-1", "1.5", ""] {
        let reply = w.send(at_least(&w, "/me", value)).await;
        reply.expect_error(422, "validation_failed");
        assert!(
            reply.body["error"]["fields"]["Casegate-At-Least"].is_string(),
            "{value}"
        );
    }
}
