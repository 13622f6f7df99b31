//! Test world: a temporary SQLite store, a manual clock, one company with its
//! primary admin, and helpers to add staff, clients and groups.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::sync::Arc;

use casegate_app::{
    Actor, App, AppConfig, AppError, ClientPatch, ManualClock, NewClient, NewUser, SettingsPatch,
    UserPatch,
};
use casegate_core::{ClientId, CompanyId, GroupId, NewClientAccess, Role, UserId};
use casegate_store::testing::{TempGuard, sqlite_temp};
use chrono::TimeZone;

pub const PASSWORD: &str = "correct horse battery";

/// The client address of sign-ins that are not about the throttle.
pub const FROM: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

/// A company with its primary admin, on a fresh store.
pub struct World {
    pub app: App,
    pub clock: Arc<ManualClock>,
    pub admin: Actor,
    pub company: CompanyId,
    pub outbox: PathBuf,
    _guard: TempGuard,
}

impl World {
    pub async fn new() -> World {
        World::with_smtp(None).await
    }

    pub async fn with_smtp(smtp_url: Option<String>) -> World {
        let (store, guard) = sqlite_temp().await;
        let outbox = guard.dir().unwrap().join("outbox");
        let clock = Arc::new(ManualClock::new(
            chrono::Utc.with_ymd_and_hms(2025, 1, 6, 9, 0, 0).unwrap(),
        ));
        let config = AppConfig {
            public_url: "http://casegate.test".into(),
            smtp_url,
            outbox_dir: outbox.clone(),
            token_ttl: chrono::Duration::hours(1),
            behind_proxy: false,
        };
        let app = App::open_with_clock(store, config, clock.clone())
            .await
            .unwrap();
        let created = app
            .create_company("Acme", "ada@acme.test", "Ada Admin", PASSWORD)
            .await
            .unwrap();
        let (company, admin) = created.value;
        World {
            admin: actor(&admin),
            company: company.id,
            app,
            clock,
            outbox,
            _guard: guard,
        }
    }

    /// Another company on the same app, with its primary admin.
    pub async fn other_company(&self, name: &str) -> Actor {
        let email = format!("admin@{}.test", name.to_lowercase());
        let (_, admin) = self
            .app
            .create_company(name, &email, "Other Admin", PASSWORD)
            .await
            .unwrap()
            .value;
        actor(&admin)
    }

    /// A staff member with a role, created by `by` (no password).
    pub async fn user_in(&self, by: &Actor, name: &str, role: Role) -> Actor {
        let email = format!("{}@{}.test", name.to_lowercase(), by.company_id);
        let user = self
            .app
            .create_user(
                by,
                NewUser {
                    email,
                    name: name.into(),
                    role,
                    password: None,
                    language: None,
                },
            )
            .await
            .unwrap()
            .value;
        actor(&user)
    }

    pub async fn user(&self, name: &str, role: Role) -> Actor {
        self.user_in(&self.admin.clone(), name, role).await
    }

    pub async fn settings(&self, a1: bool, a3: bool, a4: bool) {
        self.app
            .update_settings(
                &self.admin,
                SettingsPatch {
                    client_access_enabled: Some(a1),
                    allow_access_requests: Some(a3),
                    allow_sharing: Some(a4),
                    new_client_access: None,
                },
            )
            .await
            .unwrap();
    }

    pub async fn new_client_access(&self, access: NewClientAccess) {
        self.app
            .update_settings(
                &self.admin,
                SettingsPatch {
                    new_client_access: Some(access),
                    ..SettingsPatch::default()
                },
            )
            .await
            .unwrap();
    }

    pub async fn client(&self, by: &Actor, name: &str) -> ClientId {
        self.app
            .create_client(
                by,
                NewClient {
                    name: name.into(),
                    ..NewClient::default()
                },
            )
            .await
            .unwrap()
            .value
            .id
    }

    pub async fn restrict(&self, client: ClientId) {
        self.app
            .update_client(
                &self.admin,
                client,
                ClientPatch {
                    restricted: Some(true),
                    ..ClientPatch::default()
                },
            )
            .await
            .unwrap();
    }

    pub async fn group(&self, name: &str, members: &[UserId]) -> GroupId {
        self.app
            .create_group(&self.admin, name, members)
            .await
            .unwrap()
            .value
            .id
    }

    pub async fn deactivate(&self, user: UserId) {
        self.app
            .update_user(
                &self.admin,
                user,
                UserPatch {
                    active: Some(false),
                    ..UserPatch::default()
                },
            )
            .await
            .unwrap();
    }

    /// Whether `who` can open `client` (through the app, as the API would).
    pub async fn opens(&self, who: &Actor, client: ClientId) -> bool {
        match self.app.client(who, client).await {
            Ok(_) => true,
            Err(AppError::AccessDenied { .. }) => false,
            Err(e) => panic!("unexpected error: {e:?}"),
        }
    }

    /// Delivers the outbox and returns the `.eml` files written so far.
    pub async fn delivered(&self) -> Vec<String> {
        self.app.deliver_outbox_once().await.unwrap();
        let Ok(dir) = std::fs::read_dir(&self.outbox) else {
            return Vec::new();
        };
        dir.map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect()
    }

    /// Empties the outbox (delivers it) and removes the files.
    pub async fn clear_mail(&self) {
        self.app.deliver_outbox_once().await.unwrap();
        let _ = std::fs::remove_dir_all(&self.outbox);
    }
}

/// The actor of a user (as `authenticate` would make it, without a token).
pub fn actor(user: &casegate_core::User) -> Actor {
    Actor {
        user_id: user.id,
        company_id: user.company_id,
        role: user.role,
        token_hash: Vec::new(),
    }
}

/// The field names of a validation error.
pub fn fields(e: AppError) -> Vec<String> {
    match e {
        AppError::Validation(f) => f.into_keys().collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// The emails waiting in the outbox, as written (subject and body decoded);
/// they are marked sent, so the next call sees only newer ones.
pub async fn written(w: &World) -> Vec<casegate_store::OutboxMessage> {
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

/// The one email to the address starting with `who@`.
pub fn to<'a>(
    mails: &'a [casegate_store::OutboxMessage],
    who: &str,
) -> &'a casegate_store::OutboxMessage {
    let found: Vec<_> = mails
        .iter()
        .filter(|m| m.to.starts_with(&format!("{who}@")))
        .collect();
    assert_eq!(found.len(), 1, "{mails:?}");
    found[0]
}
