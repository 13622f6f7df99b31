//! The OpenAPI document's constraints are the server's own: a value at a
//! schema's limit is accepted, one past it is refused with `422` naming the
//! field, and what a pattern excludes (control characters, `a@b`) is refused
//! too. The numbers are read from the document, so a schema that drifts from
//! the validation fails here (and in `.ci/schemathesis`).

use serde_json::{Value, json};

use crate::support::World;

/// A property of a request schema in the generated document.
fn property(schema: &str, field: &str) -> Value {
    let document = serde_json::to_value(casegate_http::openapi()).unwrap();
    let property = document["components"]["schemas"][schema]["properties"][field].clone();
    assert!(
        property.is_object(),
        "{schema}.{field} is not in the document"
    );
    property
}

/// The one branch of a `oneOf` that carries `key`, or the schema itself.
fn branch_with(schema: &Value, key: &str) -> Value {
    match schema["oneOf"].as_array() {
        Some(branches) => branches
            .iter()
            .find(|branch| branch.get(key).is_some())
            .cloned()
            .unwrap_or_else(|| panic!("no branch with {key}: {schema}")),
        None => schema.clone(),
    }
}

fn limit(schema: &Value, key: &str) -> usize {
    usize::try_from(
        schema[key]
            .as_u64()
            .unwrap_or_else(|| panic!("no {key}: {schema}")),
    )
    .unwrap()
}

#[tokio::test]
async fn a_client_name_at_its_documented_length_is_taken_and_one_more_is_refused() {
    let w = World::new().await;
    let name = property("NewClient", "name");
    let max = limit(&name, "maxLength");
    assert_eq!(limit(&name, "minLength"), 1);
    // Characters, not bytes: a two-byte letter counts once.
    let at_limit = "é".repeat(max);
    w.post(&w.admin, "/clients", json!({"name": at_limit}))
        .await
        .expect(201);
    let reply = w
        .post(&w.admin, "/clients", json!({"name": "é".repeat(max + 1)}))
        .await;
    reply.expect_error(422, "validation_failed");
    assert!(reply.body["error"]["fields"]["name"].is_string());
}

#[tokio::test]
async fn control_characters_the_pattern_excludes_are_refused_with_the_field() {
    let w = World::new().await;
    let pattern = property("NewClient", "name")["pattern"]
        .as_str()
        .unwrap()
        .to_owned();
    // The pattern names the control characters as \u escapes.
    assert!(pattern.contains(r"\u0000-\u001F\u007F-\u009F"), "{pattern}");
    for bad in ["A\u{0}B", "A\nB", "A\rB", "A\u{7f}", "A\u{85}B"] {
        let reply = w.post(&w.admin, "/clients", json!({"name": bad})).await;
        reply.expect_error(422, "validation_failed");
        assert!(
            reply.body["error"]["fields"]["name"].is_string(),
            "{bad:?}: {}",
            reply.body
        );
    }
    // Long text allows tab and new lines, as its pattern says.
    let long = property("RequestInput", "message")["pattern"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        long.contains(r"\u0000-\u0008\u000B\u000C\u000E-\u001F"),
        "{long}"
    );
}

#[tokio::test]
async fn tags_follow_their_documented_count_and_length() {
    let w = World::new().await;
    let tags = property("NewClient", "tags");
    let most = limit(&tags, "maxItems");
    let longest = limit(&tags["items"], "maxLength");
    let many: Vec<String> = (0..most).map(|n| format!("tag {n}")).collect();
    w.post(
        &w.admin,
        "/clients",
        json!({"name": "Many tags", "tags": many}),
    )
    .await
    .expect(201);
    let too_many: Vec<String> = (0..=most).map(|n| format!("tag {n}")).collect();
    let reply = w
        .post(
            &w.admin,
            "/clients",
            json!({"name": "Too many", "tags": too_many}),
        )
        .await;
    reply.expect_error(422, "validation_failed");
    w.post(
        &w.admin,
        "/clients",
        json!({"name": "Long tag", "tags": ["t".repeat(longest)]}),
    )
    .await
    .expect(201);
    w.post(
        &w.admin,
        "/clients",
        json!({"name": "Longer tag", "tags": ["t".repeat(longest + 1)]}),
    )
    .await
    .expect_error(422, "validation_failed");
}

#[tokio::test]
async fn emails_follow_their_documented_length_and_shape() {
    let w = World::new().await;
    let email = branch_with(&property("NewClient", "email"), "format");
    assert_eq!(email["format"], "email");
    let max = limit(&email, "maxLength");
    // A well-formed address of exactly `max` characters.
    let address = address_of_length(max);
    assert_eq!(address.chars().count(), max);
    w.post(
        &w.admin,
        "/clients",
        json!({"name": "Long mail", "email": address}),
    )
    .await
    .expect(201);
    for bad in ["a@b", "a\u{1}@b.test", "no-at.example.com", "a b@c.test"] {
        let reply = w
            .post(
                &w.admin,
                "/clients",
                json!({"name": "Bad mail", "email": bad}),
            )
            .await;
        reply.expect_error(422, "validation_failed");
        assert!(
            reply.body["error"]["fields"]["email"].is_string(),
            "{bad:?}"
        );
    }
}

/// `a…a@b…b.b…b.example.com`, `length` characters long, with a 64-character
/// local part and domain labels of at most 63 characters.
fn address_of_length(length: usize) -> String {
    let tail = ".example.com";
    let local = "a".repeat(64);
    let mut left = length - local.len() - 1 - tail.len();
    let mut domain = String::new();
    while left > 63 {
        domain.push_str(&"b".repeat(62));
        domain.push('.');
        left -= 63;
    }
    domain.push_str(&"b".repeat(left));
    format!("{local}@{domain}{tail}")
}
