//! Test support: an `App` on a temporary SQLite database behind the router,
//! a signed-in primary admin, and helpers to call the API through
//! `tower::ServiceExt::oneshot` (no socket) and read its answers.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use casegate_app::{App, AppConfig};
use casegate_store::testing::{TempGuard, sqlite_temp};
use http_body_util::BodyExt;
use insta::internals::{Content, ContentPath};
use serde_json::{Value, json};
use std::time::Duration;
use tower::ServiceExt;

/// The password of every test user.
pub const PASSWORD: &str = "correct horse battery staple";

/// A signed-in user.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub id: String,
    pub email: String,
}

/// An answer of the API.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// `Null` for an empty body.
    pub body: Value,
}

impl Reply {
    /// The `Casegate-Revision` header, if any.
    pub fn revision(&self) -> Option<u64> {
        self.headers
            .get("casegate-revision")
            .map(|v| v.to_str().unwrap().parse().unwrap())
    }

    /// The error code of an error answer.
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("<no code>")
    }

    /// `body.id` as a string.
    pub fn id(&self) -> String {
        self.body["id"].as_str().unwrap().to_owned()
    }

    /// Asserts the status, printing the body when it differs.
    #[track_caller]
    pub fn expect(&self, status: u16) -> &Self {
        assert_eq!(self.status.as_u16(), status, "body: {:#}", self.body);
        self
    }

    /// Asserts an error answer: status and code.
    #[track_caller]
    pub fn expect_error(&self, status: u16, code: &str) -> &Self {
        self.expect(status);
        assert_eq!(self.code(), code, "body: {:#}", self.body);
        self
    }
}

/// A company with its primary admin signed in, served by the router.
pub struct World {
    pub app: App,
    pub router: Router,
    pub admin: Session,
    _outbox: tempfile::TempDir,
    _store: TempGuard,
}

impl World {
    /// A fresh database, company "Acme" and its primary admin.
    pub async fn new() -> World {
        World::with_config(|_| {}).await
    }

    /// [`World::new`] with the app's configuration changed by `change`
    /// (e.g. an https public URL, or a proxy in front).
    pub async fn with_config(change: impl FnOnce(&mut AppConfig)) -> World {
        let (store, guard) = sqlite_temp().await;
        let outbox = tempfile::tempdir().unwrap();
        let mut config = AppConfig {
            public_url: "http://casegate.test".into(),
            smtp_url: None,
            outbox_dir: outbox.path().to_owned(),
            token_ttl: chrono::Duration::hours(1),
            behind_proxy: false,
        };
        change(&mut config);
        let app = App::open(store, config).await.unwrap();
        app.create_company("Acme", "ada@acme.test", "Ada Admin", PASSWORD)
            .await
            .unwrap();
        let router = casegate_http::router(app.clone());
        let mut world = World {
            app,
            router,
            admin: Session {
                token: String::new(),
                id: String::new(),
                email: String::new(),
            },
            _outbox: outbox,
            _store: guard,
        };
        world.admin = world.login("ada@acme.test").await;
        world
    }

    /// Sends a request through the router.
    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        };
        Reply {
            status,
            headers,
            body,
        }
    }

    /// `METHOD /api/v1{path}` with an optional token and JSON body.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut builder = Request::builder()
            .method(method)
            .uri(format!("/api/v1{path}"));
        if let Some(token) = token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = match body {
            Some(body) => builder
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string())),
            None => builder.body(Body::empty()),
        };
        self.send(request.unwrap()).await
    }

    /// A raw request under `/api/v1` as `who`, with any content type and bytes.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        who: &Session,
        content_type: Option<&str>,
        body: impl Into<Body>,
    ) -> Reply {
        let mut builder = Request::builder()
            .method(method)
            .uri(format!("/api/v1{path}"))
            .header(header::AUTHORIZATION, format!("Bearer {}", who.token));
        if let Some(ct) = content_type {
            builder = builder.header(header::CONTENT_TYPE, ct);
        }
        self.send(builder.body(body.into()).unwrap()).await
    }

    pub async fn get(&self, who: &Session, path: &str) -> Reply {
        self.call(Method::GET, path, Some(&who.token), None).await
    }

    pub async fn post(&self, who: &Session, path: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(&who.token), Some(body))
            .await
    }

    pub async fn patch(&self, who: &Session, path: &str, body: Value) -> Reply {
        self.call(Method::PATCH, path, Some(&who.token), Some(body))
            .await
    }

    pub async fn put(&self, who: &Session, path: &str, body: Value) -> Reply {
        self.call(Method::PUT, path, Some(&who.token), Some(body))
            .await
    }

    pub async fn delete(&self, who: &Session, path: &str) -> Reply {
        self.call(Method::DELETE, path, Some(&who.token), None)
            .await
    }

    /// Signs in through the API.
    pub async fn login(&self, email: &str) -> Session {
        let reply = self
            .call(
                Method::POST,
                "/auth/login",
                None,
                Some(json!({"email": email, "password": PASSWORD})),
            )
            .await;
        reply.expect(200);
        Session {
            token: reply.body["token"].as_str().unwrap().to_owned(),
            id: reply.body["user"]["id"].as_str().unwrap().to_owned(),
            email: email.to_owned(),
        }
    }

    /// A staff member created by the admin, signed in. `first` names them
    /// (email `first@acme.test`).
    pub async fn staff(&self, role: &str, first: &str) -> Session {
        let email = format!("{}@acme.test", first.to_lowercase());
        let body = json!({
            "email": email, "name": format!("{first} Staff"), "role": role, "password": PASSWORD
        });
        self.post(&self.admin, "/users", body).await.expect(201);
        self.login(&email).await
    }

    /// A client created by `who`; its id.
    pub async fn client(&self, who: &Session, name: &str) -> String {
        let reply = self.post(who, "/clients", json!({"name": name})).await;
        reply.expect(201);
        reply.id()
    }

    /// A group created by the admin; its id.
    pub async fn group(&self, name: &str, members: &[&Session]) -> String {
        let ids: Vec<&str> = members.iter().map(|s| s.id.as_str()).collect();
        let reply = self
            .post(
                &self.admin,
                "/groups",
                json!({"name": name, "member_ids": ids}),
            )
            .await;
        reply.expect(201);
        reply.id()
    }

    /// Changes the settings as the admin.
    pub async fn settings(&self, patch: Value) {
        self.patch(&self.admin, "/settings", patch)
            .await
            .expect(200);
    }

    /// Client access on (A1): from now on shares decide.
    pub async fn lock_down(&self) {
        self.settings(json!({"client_access_enabled": true})).await;
    }

    /// A client of `owner` that nobody else can open (A1 on, no
    /// whole-company share).
    pub async fn private_client(&self, owner: &Session, name: &str) -> String {
        let id = self.client(owner, name).await;
        self.delete(&self.admin, &format!("/clients/{id}/access/company"))
            .await
            .expect(204);
        id
    }

    /// A second company with its admin signed in.
    pub async fn other_company(&self) -> Session {
        self.app
            .create_company("Globex", "hank@globex.test", "Hank Boss", PASSWORD)
            .await
            .unwrap();
        self.login("hank@globex.test").await
    }
}

/// A random, well-formed id that names nothing.
pub fn random_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Replaces string values by `label`, leaving `null` alone.
fn redact(label: &'static str) -> impl Fn(Content, ContentPath<'_>) -> Content + Send + Sync {
    move |value, _path| {
        if value.as_str().is_some() {
            Content::from(label)
        } else {
            value
        }
    }
}

/// insta settings that hide what changes from run to run: ids, timestamps,
/// tokens and revisions.
pub fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    // Keys in sorted order whatever serde_json's features: a workspace
    // build unifies in `preserve_order` (thirtyfour, crates/e2e).
    settings.set_sort_maps(true);
    for key in [
        "id",
        "owner_id",
        "client_id",
        "share_id",
        "group_id",
        "user_id",
        "granted_by",
        "uploaded_by",
        "created_by",
    ] {
        settings.add_redaction(
            &format!(".**.{key}"),
            insta::dynamic_redaction(redact("[id]")),
        );
    }
    for key in [
        "created_at",
        "updated_at",
        "granted_at",
        "revoked_at",
        "expires_at",
        "decided_at",
        "at",
    ] {
        settings.add_redaction(
            &format!(".**.{key}"),
            insta::dynamic_redaction(redact("[timestamp]")),
        );
    }
    settings.add_redaction(".token", "[token]");
    settings.add_redaction(".revision", "[revision]");
    settings
}

/// Every `*_at` string in `value` is RFC 3339 UTC with microseconds.
#[track_caller]
pub fn assert_timestamps(value: &Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if let (true, Some(text)) = (key.ends_with("_at"), v.as_str()) {
                    let parsed = chrono::DateTime::parse_from_rfc3339(text)
                        .unwrap_or_else(|e| panic!("`{key}`: `{text}`: {e}"));
                    assert_eq!(parsed.offset().local_minus_utc(), 0, "{key}");
                    assert!(text.ends_with('Z') && text.len() == 27, "{key}: {text}");
                }
                assert_timestamps(v);
            }
        }
        Value::Array(items) => items.iter().for_each(assert_timestamps),
        _ => {}
    }
}

/// The emails waiting in the outbox (marked sent, so each is seen once).
pub async fn mails(w: &World) -> Vec<casegate_store::OutboxMessage> {
    let now = chrono::Utc::now();
    let rows = w
        .app
        .store()
        .outbox_claim(now, now + chrono::Duration::hours(1), 100)
        .await
        .unwrap();
    for row in &rows {
        w.app.store().outbox_mark_sent(row.id, now).await.unwrap();
    }
    rows
}

/// The token of the `http://casegate.test/{path}/TOKEN` link in the one
/// email to `to`, waiting up to two seconds for it (some are sent after the answer).
pub async fn link(w: &World, to: &str, path: &str) -> String {
    let prefix = format!("http://casegate.test/{path}/");
    for _ in 0..40 {
        if let Some(m) = mails(w).await.into_iter().find(|m| m.to == to) {
            let start = m.body_text.find(&prefix).expect("a link") + prefix.len();
            return m.body_text[start..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no email to {to}");
}
