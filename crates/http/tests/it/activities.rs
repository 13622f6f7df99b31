//! `/clients/{id}/activities` and `/activities/{id}` (B4–B7, B12), and
//! `Casegate-Work-As` (B11): accepted there, refused everywhere else.

use axum::body::Body;
use axum::http::{Method, Request, header};
use serde_json::{Value, json};

use crate::support::{Reply, Session, World, assert_timestamps, random_id};

/// `METHOD /api/v1{path}` as `who`, working as `work_as`.
async fn as_member(
    w: &World,
    method: Method,
    path: &str,
    who: &Session,
    work_as: &str,
    body: Option<Value>,
) -> Reply {
    let builder = Request::builder()
        .method(method)
        .uri(format!("/api/v1{path}"))
        .header(header::AUTHORIZATION, format!("Bearer {}", who.token))
        .header("Casegate-Work-As", work_as);
    let request = match body {
        Some(body) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string())),
        None => builder.body(Body::empty()),
    };
    w.send(request.unwrap()).await
}

async fn set_permissions(w: &World, who: &Session, permissions: Value) {
    w.patch(
        &w.admin,
        &format!("/users/{}", who.id),
        json!({ "permissions": permissions }),
    )
    .await
    .expect(200);
}

fn summaries(reply: &Reply) -> Vec<String> {
    let mut out: Vec<String> = reply.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["summary"].as_str().unwrap().to_owned())
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn staff_record_change_and_delete_activities() {
    let w = World::new().await;
    let client = w.client(&w.admin, "Initech").await;
    let path = format!("/clients/{client}/activities");
    let reply = w
        .post(
            &w.admin,
            &path,
            json!({"kind": "payment", "summary": "Deposit", "amount_cents": 150000,
                   "currency": "EUR", "starts_at": "2025-02-01T10:00:00Z"}),
        )
        .await;
    reply.expect(201);
    assert!(reply.revision().is_some());
    assert_eq!(reply.body["assignee_id"], w.admin.id);
    assert!(reply.body.get("created_by_real").is_none());
    assert_timestamps(&reply.body);
    let mut shape = reply.body.clone();
    for key in ["assignee_id", "created_by"] {
        shape[key] = json!("[id]");
    }
    snap!("activity", &shape);
    let id = reply.id();

    let reply = w
        .patch(
            &w.admin,
            &format!("/activities/{id}"),
            json!({"summary": "Deposit paid"}),
        )
        .await;
    reply.expect(200);
    assert_eq!(reply.body["summary"], "Deposit paid");
    let list = w.get(&w.admin, &path).await;
    list.expect(200);
    assert_eq!(summaries(&list), ["Deposit paid"]);
    assert!(list.body["next_cursor"].is_null());

    let reply = w.delete(&w.admin, &format!("/activities/{id}")).await;
    reply.expect(204);
    assert!(reply.revision().is_some());
    w.delete(&w.admin, &format!("/activities/{id}"))
        .await
        .expect_error(404, "not_found");
    assert!(summaries(&w.get(&w.admin, &path).await).is_empty());
}

#[tokio::test]
async fn activity_input_is_validated() {
    let w = World::new().await;
    let client = w.client(&w.admin, "Initech").await;
    let path = format!("/clients/{client}/activities");
    let reply = w
        .post(
            &w.admin,
            &path,
            json!({"kind": "payment", "summary": "No amount"}),
        )
        .await;
    reply.expect_error(422, "validation_failed");
    assert!(reply.body["error"]["fields"]["amount_cents"].is_string());
    assert!(reply.body["error"]["fields"]["currency"].is_string());
    w.post(&w.admin, &path, json!({"kind": "lunch", "summary": "x"}))
        .await
        .expect_error(422, "validation_failed");
    w.post(
        &w.admin,
        &path,
        json!({"kind": "conversation", "summary": ""}),
    )
    .await
    .expect_error(422, "validation_failed");
    w.post(
        &w.admin,
        &path,
        json!({"kind": "conversation", "summary": "x", "amount_cents": 1}),
    )
    .await
    .expect_error(422, "validation_failed");
    w.get(&w.admin, &format!("{path}?kind=lunch"))
        .await
        .expect_error(422, "validation_failed");
    w.post(
        &w.admin,
        &path,
        json!({"kind": "conversation", "summary": "x", "assignee_id": random_id()}),
    )
    .await
    .expect_error(404, "not_found");
    w.get(&w.admin, &format!("/clients/{}/activities", random_id()))
        .await
        .expect_error(404, "not_found");
    w.patch(
        &w.admin,
        &format!("/activities/{}", random_id()),
        json!({"summary": "x"}),
    )
    .await
    .expect_error(404, "not_found");
}

#[tokio::test]
async fn b4_a_restricted_view_lists_only_own_activities() {
    let w = World::new().await;
    let una = w.staff("user", "Una").await;
    let cole = w.staff("contributor", "Cole").await;
    let client = w.client(&w.admin, "Initech").await;
    let path = format!("/clients/{client}/activities");
    w.post(
        &w.admin,
        &path,
        json!({"kind": "conversation", "summary": "admin's"}),
    )
    .await
    .expect(201);
    let theirs = w
        .post(
            &w.admin,
            &path,
            json!({"kind": "appointment", "summary": "una's", "assignee_id": una.id}),
        )
        .await;
    theirs.expect(201);
    assert_eq!(summaries(&w.get(&una, &path).await), ["una's"]);
    assert_eq!(summaries(&w.get(&cole, &path).await), ["admin's", "una's"]);
    assert_eq!(
        summaries(&w.get(&cole, &format!("{path}?kind=appointment")).await),
        ["una's"]
    );
    w.post(
        &una,
        &path,
        json!({"kind": "conversation", "summary": "for cole", "assignee_id": cole.id}),
    )
    .await
    .expect_error(403, "forbidden");
}

#[tokio::test]
async fn b5_payments_off_hides_payment_activities() {
    let w = World::new().await;
    let cole = w.staff("contributor", "Cole").await;
    let client = w.client(&w.admin, "Initech").await;
    let path = format!("/clients/{client}/activities");
    let payment =
        json!({"kind": "payment", "summary": "paid", "amount_cents": 100, "currency": "DKK"});
    w.post(&w.admin, &path, payment.clone()).await.expect(201);
    w.post(
        &w.admin,
        &path,
        json!({"kind": "conversation", "summary": "talked"}),
    )
    .await
    .expect(201);
    set_permissions(&w, &cole, json!({"payments": false})).await;
    assert_eq!(summaries(&w.get(&cole, &path).await), ["talked"]);
    w.post(&cole, &path, payment)
        .await
        .expect_error(403, "forbidden");
}

#[tokio::test]
async fn b6_documents_off_hides_document_activities() {
    let w = World::new().await;
    let una = w.staff("user", "Una").await;
    let client = w.client(&w.admin, "Initech").await;
    let path = format!("/clients/{client}/activities");
    for kind in ["document", "conversation"] {
        w.post(
            &w.admin,
            &path,
            json!({"kind": kind, "summary": kind, "assignee_id": una.id}),
        )
        .await
        .expect(201);
    }
    assert_eq!(summaries(&w.get(&una, &path).await).len(), 2);
    set_permissions(&w, &una, json!({"documents": false})).await;
    assert_eq!(summaries(&w.get(&una, &path).await), ["conversation"]);
    w.post(&una, &path, json!({"kind": "document", "summary": "d"}))
        .await
        .expect_error(403, "forbidden");
}

#[tokio::test]
async fn b11_work_as_answers_as_the_member_and_records_both() {
    let w = World::new().await;
    let cole = w.staff("contributor", "Cole").await;
    let una = w.staff("user", "Una").await;
    let max = w.staff("manager", "Max").await;
    let client = w.client(&w.admin, "Initech").await;
    let path = format!("/clients/{client}/activities");
    w.post(
        &w.admin,
        &path,
        json!({"kind": "conversation", "summary": "admin's"}),
    )
    .await
    .expect(201);
    // As Una: her restricted view, and her identity on writes.
    let list = as_member(&w, Method::GET, &path, &cole, &una.id, None).await;
    list.expect(200);
    assert!(summaries(&list).is_empty());
    let made = as_member(
        &w,
        Method::POST,
        &path,
        &cole,
        &una.id,
        Some(json!({"kind": "conversation", "summary": "called"})),
    )
    .await;
    made.expect(201);
    assert_eq!(made.body["created_by"], una.id);
    assert_eq!(made.body["created_by_real"], cole.id);
    assert_eq!(made.body["assignee_id"], una.id);
    let mut shape = made.body.clone();
    for key in ["assignee_id", "created_by", "created_by_real"] {
        shape[key] = json!("[id]");
    }
    snap!("activity_work_as", &shape);
    let id = made.id();
    as_member(
        &w,
        Method::PATCH,
        &format!("/activities/{id}"),
        &cole,
        &una.id,
        Some(json!({"summary": "called back"})),
    )
    .await
    .expect(200);
    as_member(
        &w,
        Method::DELETE,
        &format!("/activities/{id}"),
        &cole,
        &una.id,
        None,
    )
    .await
    .expect(204);
    // Refused: a higher role, a non-contributor, unknown or malformed ids.
    as_member(&w, Method::GET, &path, &cole, &max.id, None)
        .await
        .expect_error(403, "forbidden");
    as_member(&w, Method::GET, &path, &una, &cole.id, None)
        .await
        .expect_error(403, "forbidden");
    as_member(&w, Method::GET, &path, &cole, &random_id(), None)
        .await
        .expect_error(404, "not_found");
    as_member(&w, Method::GET, &path, &cole, "bogus", None)
        .await
        .expect_error(404, "not_found");
    let hank = w.other_company().await;
    as_member(&w, Method::GET, &path, &cole, &hank.id, None)
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn b11_every_other_endpoint_refuses_work_as() {
    let w = World::new().await;
    let cole = w.staff("contributor", "Cole").await;
    let una = w.staff("user", "Una").await;
    let client = w.client(&w.admin, "Initech").await;
    for (method, path, body) in [
        (Method::GET, "/me".to_owned(), None),
        (Method::GET, "/settings".to_owned(), None),
        (Method::GET, "/company".to_owned(), None),
        (Method::GET, "/users".to_owned(), None),
        (Method::GET, "/clients".to_owned(), None),
        (Method::GET, format!("/clients/{client}"), None),
        (Method::GET, format!("/clients/{client}/access"), None),
        (
            Method::POST,
            "/clients".to_owned(),
            Some(json!({"name": "Sneaky"})),
        ),
        (
            Method::PATCH,
            format!("/users/{}", una.id),
            Some(json!({"name": "Renamed"})),
        ),
    ] {
        as_member(&w, method.clone(), &path, &cole, &una.id, body)
            .await
            .expect_error(403, "forbidden");
    }
    // Nothing was written.
    let clients = w.get(&w.admin, "/clients").await;
    assert_eq!(clients.body["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn b12_a_locked_client_shows_no_activities() {
    let w = World::new().await;
    w.lock_down().await;
    let una = w.staff("user", "Una").await;
    let client = w.private_client(&w.admin, "Locked").await;
    let path = format!("/clients/{client}/activities");
    let made = w
        .post(
            &w.admin,
            &path,
            json!({"kind": "conversation", "summary": "secret", "assignee_id": una.id}),
        )
        .await;
    made.expect(201);
    w.get(&una, &path).await.expect_error(403, "access_denied");
    w.post(&una, &path, json!({"kind": "conversation", "summary": "x"}))
        .await
        .expect_error(403, "access_denied");
    w.patch(
        &una,
        &format!("/activities/{}", made.id()),
        json!({"summary": "x"}),
    )
    .await
    .expect_error(403, "access_denied");
}
