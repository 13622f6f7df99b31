//! Documents (B6, B7, X9): multipart uploads of real files, byte-exact
//! streamed downloads with their headers, and every refusal.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

use crate::support::{Reply, Session, World, random_id};

/// The boundary of every test form.
const BOUNDARY: &str = "casegate-test-boundary-7f3a";

/// One part of a form: name, file name, content type, bytes.
pub type Part<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a [u8]);

/// A multipart form body.
pub fn form(parts: &[Part<'_>]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file, ct, bytes) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        let mut disposition = format!("Content-Disposition: form-data; name=\"{name}\"");
        if let Some(file) = file {
            disposition.push_str(&format!("; filename=\"{file}\""));
        }
        body.extend_from_slice(disposition.as_bytes());
        body.extend_from_slice(b"\r\n");
        if let Some(ct) = ct {
            body.extend_from_slice(format!("Content-Type: {ct}\r\n").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// Uploads `bytes` as `file` with `visibility` to a client.
pub async fn upload(
    w: &World,
    who: &Session,
    client: &str,
    name: &str,
    bytes: &[u8],
    visibility: &str,
) -> Reply {
    let body = form(&[
        ("visibility", None, None, visibility.as_bytes()),
        ("file", Some(name), Some("application/pdf"), bytes),
    ]);
    w.raw(
        Method::POST,
        &format!("/clients/{client}/documents"),
        who,
        Some(&format!("multipart/form-data; boundary={BOUNDARY}")),
        body,
    )
    .await
}

/// `GET /documents/{id}/content` as `who`: status, headers and raw bytes.
pub async fn download(
    w: &World,
    who: &Session,
    doc: &str,
) -> (StatusCode, header::HeaderMap, Vec<u8>) {
    let request = Request::builder()
        .uri(format!("/api/v1/documents/{doc}/content"))
        .header(header::AUTHORIZATION, format!("Bearer {}", who.token))
        .body(Body::empty())
        .unwrap();
    let response = w.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, bytes.to_vec())
}

/// Deterministic bytes of every value.
fn bytes_of(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i.wrapping_mul(31) ^ (i >> 8)) as u8)
        .collect()
}

/// Turns a permission of `who` off (as the admin).
pub async fn set_permission(w: &World, who: &Session, key: &str, value: bool) {
    w.patch(
        &w.admin,
        &format!("/users/{}", who.id),
        json!({"permissions": {key: value}}),
    )
    .await
    .expect(200);
}

#[tokio::test]
async fn b6_upload_and_download_a_small_file_byte_exact() {
    let w = World::new().await;
    let client = w.client(&w.admin, "Docs Inc").await;
    let bytes = bytes_of(5 * 1024 + 7);
    let reply = upload(&w, &w.admin, &client, "report é.pdf", &bytes, "shared").await;
    reply.expect(201);
    assert!(reply.revision().is_some());
    assert_eq!(reply.body["size"], bytes.len());
    assert_eq!(reply.body["name"], "report é.pdf");
    snap!("document", &reply.body);
    let (status, headers, got) = download(&w, &w.admin, &reply.id()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got, bytes);
    assert_eq!(headers[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(
        headers[header::CONTENT_LENGTH],
        bytes.len().to_string().as_str()
    );
    assert_eq!(
        headers[header::CONTENT_DISPOSITION],
        "attachment; filename*=UTF-8''report%20%C3%A9.pdf"
    );
    let list = w
        .get(&w.admin, &format!("/clients/{client}/documents"))
        .await;
    list.expect(200);
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(list.body["items"][0]["visibility"], "shared");
    assert_eq!(list.body["items"][0]["uploaded_by"], w.admin.id.as_str());
}

#[tokio::test]
async fn b6_upload_and_download_one_mebibyte_byte_exact() {
    let w = World::new().await;
    let client = w.client(&w.admin, "Big Files").await;
    let bytes = bytes_of(1024 * 1024 + 123);
    let reply = upload(&w, &w.admin, &client, "big.bin", &bytes, "internal").await;
    reply.expect(201);
    let (status, headers, got) = download(&w, &w.admin, &reply.id()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got.len(), bytes.len());
    assert!(got == bytes, "the bytes differ");
    assert_eq!(
        headers[header::CONTENT_LENGTH],
        bytes.len().to_string().as_str()
    );
}

#[tokio::test]
async fn b6_file_names_keep_their_last_segment_and_content_type_defaults() {
    let w = World::new().await;
    let client = w.client(&w.admin, "Paths").await;
    let body = form(&[
        ("file", Some("../../etc/passwd"), None, b"root"),
        ("visibility", None, None, b"shared"),
    ]);
    let reply = w
        .raw(
            Method::POST,
            &format!("/clients/{client}/documents"),
            &w.admin,
            Some(&format!("multipart/form-data; boundary={BOUNDARY}")),
            body,
        )
        .await;
    reply.expect(201);
    assert_eq!(reply.body["name"], "passwd");
    assert_eq!(reply.body["content_type"], "application/octet-stream");
}

#[tokio::test]
async fn b6_uploads_without_file_or_with_a_bad_visibility_are_refused() {
    let w = World::new().await;
    let client = w.client(&w.admin, "Bad Forms").await;
    let ct = format!("multipart/form-data; boundary={BOUNDARY}");
    let path = format!("/clients/{client}/documents");
    let no_file = form(&[("visibility", None, None, b"shared")]);
    w.raw(Method::POST, &path, &w.admin, Some(&ct), no_file)
        .await
        .expect_error(422, "validation_failed");
    let bad = form(&[
        ("visibility", None, None, b"public"),
        ("file", Some("a.txt"), None, b"x"),
    ]);
    w.raw(Method::POST, &path, &w.admin, Some(&ct), bad)
        .await
        .expect_error(422, "validation_failed");
    w.raw(
        Method::POST,
        &path,
        &w.admin,
        Some("application/json"),
        "{}",
    )
    .await
    .expect_error(422, "validation_failed");
    let list = w.get(&w.admin, &path).await;
    assert_eq!(list.body["items"], json!([]));
}

#[tokio::test]
async fn b6_uploads_over_25_mib_are_413() {
    let w = World::new().await;
    let client = w.client(&w.admin, "Huge").await;
    let bytes = vec![7_u8; 25 * 1024 * 1024 + 1];
    let reply = upload(&w, &w.admin, &client, "huge.bin", &bytes, "shared").await;
    reply.expect_error(413, "payload_too_large");
    // Far past the limit, the body limit itself answers.
    let bytes = vec![7_u8; 26 * 1024 * 1024];
    let reply = upload(&w, &w.admin, &client, "huger.bin", &bytes, "shared").await;
    reply.expect_error(413, "payload_too_large");
    let list = w
        .get(&w.admin, &format!("/clients/{client}/documents"))
        .await;
    assert_eq!(list.body["items"], json!([]));
    // Exactly 25 MiB fits.
    let bytes = vec![7_u8; 25 * 1024 * 1024];
    let reply = upload(&w, &w.admin, &client, "full.bin", &bytes, "shared").await;
    reply.expect(201);
    assert_eq!(reply.body["size"], 25 * 1024 * 1024);
}

#[tokio::test]
async fn b6_documents_off_refuses_list_upload_and_download() {
    let w = World::new().await;
    let user = w.staff("user", "Uma").await;
    let client = w.client(&w.admin, "Off Docs").await;
    let doc = upload(&w, &w.admin, &client, "a.pdf", b"abc", "shared")
        .await
        .id();
    set_permission(&w, &user, "documents", false).await;
    w.get(&user, &format!("/clients/{client}/documents"))
        .await
        .expect_error(403, "forbidden");
    upload(&w, &user, &client, "b.pdf", b"b", "shared")
        .await
        .expect_error(403, "forbidden");
    let (status, _, _) = download(&w, &user, &doc).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn b7_personal_documents_are_the_uploaders_alone() {
    let w = World::new().await;
    let contributor = w.staff("contributor", "Cody").await;
    let client = w.client(&w.admin, "Personal").await;
    let mine = upload(&w, &contributor, &client, "mine.pdf", b"secret", "personal").await;
    mine.expect(201);
    assert_eq!(mine.body["visibility"], "personal");
    let path = format!("/clients/{client}/documents");
    let theirs = w.get(&contributor, &path).await;
    assert_eq!(theirs.body["items"].as_array().unwrap().len(), 1);
    // The primary admin neither lists nor downloads it, and learns nothing.
    let admin = w.get(&w.admin, &path).await;
    assert_eq!(admin.body["items"], json!([]));
    let (status, _, body) = download(&w, &w.admin, &mine.id()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (unknown, _, unknown_body) = download(&w, &w.admin, &random_id()).await;
    assert_eq!(unknown, StatusCode::NOT_FOUND);
    assert_eq!(body, unknown_body);
    let (status, _, got) = download(&w, &contributor, &mine.id()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got, b"secret");
}

#[tokio::test]
async fn b6_documents_on_a_locked_client_are_not_found() {
    let w = World::new().await;
    w.lock_down().await;
    let user = w.staff("user", "Lou").await;
    let client = w.private_client(&w.admin, "Locked").await;
    let doc = upload(&w, &w.admin, &client, "l.pdf", b"l", "shared")
        .await
        .id();
    w.get(&user, &format!("/clients/{client}/documents"))
        .await
        .expect_error(403, "access_denied");
    let (status, _, _) = download(&w, &user, &doc).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
