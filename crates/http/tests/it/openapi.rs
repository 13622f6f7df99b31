//! The OpenAPI document: committed, served, complete, and browsable.

use std::path::PathBuf;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;

use crate::support::World;

/// The committed document.
fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("openapi.json")
}

/// The document as the code generates it, pretty-printed as committed.
fn generated() -> String {
    let mut text = serde_json::to_string_pretty(&casegate_http::openapi()).unwrap();
    text.push('\n');
    text
}

#[test]
fn openapi_json_is_committed_and_current() {
    let path = committed_path();
    let generated = generated();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "crates/http/openapi.json is out of date with the code; regenerate it with\n\
         \n    UPDATE_OPENAPI=1 cargo test -p casegate-http openapi\n\
         \nand commit the result"
    );
}

#[tokio::test]
async fn the_document_is_served() {
    let w = World::new().await;
    let request = Request::builder()
        .uri("/api/v1/openapi.json")
        .body(Body::empty())
        .unwrap();
    let reply = w.send(request).await;
    reply.expect(200);
    let expected = serde_json::to_value(casegate_http::openapi()).unwrap();
    assert_eq!(reply.body, expected);
}

#[tokio::test]
async fn swagger_ui_is_served() {
    let w = World::new().await;
    let request = Request::builder()
        .uri("/api/docs/")
        .body(Body::empty())
        .unwrap();
    let reply = w.send(request).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.as_str().unwrap().contains("swagger"));
}

#[tokio::test]
async fn the_servers_address_leads_to_the_web_sign_in() {
    let w = World::new().await;
    let request = Request::builder().uri("/").body(Body::empty()).unwrap();
    let reply = w.send(request).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.headers["location"], "/login");
}

#[test]
fn every_endpoint_of_api_md_is_described() {
    let doc = serde_json::to_value(casegate_http::openapi()).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    let expected = [
        ("post", "/auth/login"),
        ("post", "/auth/logout"),
        ("get", "/me"),
        ("get", "/settings"),
        ("patch", "/settings"),
        ("get", "/users"),
        ("post", "/users"),
        ("get", "/users/{id}"),
        ("patch", "/users/{id}"),
        ("get", "/users/{id}/clients"),
        ("get", "/groups"),
        ("post", "/groups"),
        ("get", "/groups/{id}"),
        ("patch", "/groups/{id}"),
        ("delete", "/groups/{id}"),
        ("post", "/groups/{id}/members"),
        ("delete", "/groups/{id}/members/{user_id}"),
        ("get", "/clients"),
        ("post", "/clients"),
        ("get", "/clients/{id}"),
        ("patch", "/clients/{id}"),
        ("delete", "/clients/{id}"),
        ("get", "/clients/{id}/users"),
        ("get", "/clients/{id}/access"),
        ("post", "/clients/{id}/access"),
        ("delete", "/clients/{id}/access/{type}/{subject_id}"),
        ("delete", "/clients/{id}/access/company"),
        ("post", "/clients/{id}/owner"),
        ("get", "/clients/{id}/access/history"),
        ("post", "/clients/{id}/access-requests"),
        ("get", "/access-requests"),
        ("post", "/access-requests/{id}/approve"),
        ("post", "/access-requests/{id}/deny"),
        ("post", "/access-requests/{id}/cancel"),
        ("put", "/clients/{id}/digest"),
        ("post", "/check"),
        ("get", "/company"),
        ("patch", "/company"),
        ("post", "/users/{id}/primary-admin"),
        ("post", "/users/{id}/handover"),
        ("get", "/clients/{id}/activities"),
        ("post", "/clients/{id}/activities"),
        ("patch", "/activities/{id}"),
        ("delete", "/activities/{id}"),
        ("post", "/clients/bulk"),
        ("get", "/clients/export"),
        ("post", "/clients/import"),
        ("get", "/clients/{id}/documents"),
        ("post", "/clients/{id}/documents"),
        ("get", "/documents/{id}/content"),
        ("get", "/clients/{id}/packages"),
        ("post", "/clients/{id}/packages"),
        ("get", "/clients/{id}/views"),
        ("get", "/invitations/{token}"),
        ("post", "/invitations/{token}/accept"),
        ("post", "/auth/password-reset"),
        ("post", "/auth/password-reset/{token}"),
        ("put", "/me/password"),
        ("post", "/me/email"),
        ("post", "/email-changes/{token}"),
        // Part C, staff side
        ("get", "/entities"),
        ("post", "/entities"),
        ("get", "/entities/{id}"),
        ("patch", "/entities/{id}"),
        ("get", "/clients/{id}/entities"),
        ("post", "/clients/{id}/entities"),
        ("delete", "/clients/{id}/entities/{entity_id}"),
        ("post", "/clients/{id}/contacts"),
        // Part C, the desk
        ("get", "/desk/files"),
        ("get", "/desk/files/{id}"),
        ("get", "/desk/files/{id}/contacts"),
        ("post", "/desk/files/{id}/contacts"),
        ("delete", "/desk/files/{id}/contacts/{contact_id}"),
        ("get", "/desk/entities/{id}/files"),
        ("post", "/desk/entities/{id}/team-managers"),
        ("delete", "/desk/entities/{id}/team-managers/{contact_id}"),
        ("post", "/desk/handover"),
        ("get", "/desk/files/{id}/documents"),
        ("post", "/desk/files/{id}/documents"),
        ("get", "/desk/documents/{id}/content"),
        ("post", "/entities/{id}/team-managers"),
        ("delete", "/entities/{id}/team-managers/{contact_id}"),
        // beyond API.md: send an invitation again, sign out everywhere
        ("post", "/users/{id}/invitation"),
        ("delete", "/me/sessions"),
    ];
    for (method, path) in expected {
        let full = format!("/api/v1{path}");
        let op = &paths.get(&full).unwrap_or_else(|| panic!("{full}"))[method];
        assert!(op.is_object(), "{method} {full}");
    }
    let operations = paths
        .values()
        .flat_map(|item| item.as_object().unwrap().keys())
        .filter(|k| ["get", "post", "put", "patch", "delete"].contains(&k.as_str()))
        .count();
    assert_eq!(operations, expected.len());
    let schemes = &doc["components"]["securitySchemes"]["bearer"];
    assert_eq!(schemes["scheme"], Value::from("bearer"));
}

/// Each operation of the document, with its method and path.
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                out.push((method.clone(), path.clone(), op.clone()));
            }
        }
    }
    out
}

#[test]
fn every_operation_documents_the_refusals_it_can_answer() {
    let doc = serde_json::to_value(casegate_http::openapi()).unwrap();
    let mut missing = Vec::new();
    for (method, path, op) in operations(&doc) {
        let answers = op["responses"].as_object().unwrap();
        let has = |status: &str| answers.contains_key(status);
        let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
        let params = op["parameters"].as_array().cloned().unwrap_or_default();
        let reads_input =
            op.get("requestBody").is_some() || params.iter().any(|p| p["in"] == "query");
        let has_path_params = params.iter().any(|p| p["in"] == "path");
        let mut want = vec!["503"];
        if secured {
            want.push("401");
        }
        if reads_input {
            want.push("422");
        }
        if has_path_params {
            want.push("404");
        }
        if !path.contains("/activities") {
            want.push("403");
        }
        for status in want {
            if !has(status) {
                missing.push(format!("{method} {path}: {status}"));
            }
        }
        // Every refusal carries the error body (the import's 422 with its lines).
        for (status, answer) in answers {
            if status.starts_with('2') {
                continue;
            }
            let schema = &answer["content"]["application/json"]["schema"]["$ref"];
            let body = schema.as_str().unwrap_or_default();
            assert!(
                body == "#/components/schemas/ErrorBody"
                    || body == "#/components/schemas/ImportRefusal",
                "{method} {path} {status}: {answer}"
            );
        }
    }
    assert!(
        missing.is_empty(),
        "undocumented answers:\n{}",
        missing.join("\n")
    );
}

#[test]
fn schema_names_are_not_shared_by_two_types() {
    let doc = serde_json::to_value(casegate_http::openapi()).unwrap();
    let schemas = &doc["components"]["schemas"];
    // A user's `permissions.view` is B4's enum, not a line of the view log.
    let view = &schemas["Permissions"]["properties"]["view"]["$ref"];
    let name = view.as_str().unwrap().rsplit('/').next().unwrap();
    assert_eq!(
        schemas[name]["enum"],
        serde_json::json!(["shared", "restricted"])
    );
    assert!(schemas["ViewLogEntry"]["properties"]["through"].is_object());
    // The sharing panel's `{"id","name"}` and the invitation's `{"name"}`.
    assert_eq!(
        schemas["Named"]["required"],
        serde_json::json!(["id", "name"])
    );
    assert_eq!(schemas["NameOnly"]["required"], serde_json::json!(["name"]));
    // Every reference names a schema of the document.
    let text = doc.to_string();
    for part in text.split("\"#/components/schemas/").skip(1) {
        let name = part.split('"').next().unwrap();
        assert!(
            schemas[name].is_object(),
            "{name} is referenced but missing"
        );
    }
}
