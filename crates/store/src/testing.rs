//! Temporary stores for tests, of this crate and of the crates above it.
//!
//! [`sqlite_temp`] opens a fresh SQLite file in a temporary directory.
//! [`postgres_from_env`] opens a fresh schema in the PostgreSQL database named
//! by `CASEGATE_TEST_DATABASE_URL` (e.g.
//! `postgres://postgres@127.0.0.1:5432/test`): it creates `cg_<random>` and
//! connects with `options=-c search_path=cg_<random>`, so the migrations and
//! every query land in that schema and parallel tests never meet. When the
//! variable is unset it prints why and returns `None`, unless
//! `CASEGATE_REQUIRE_SERVICES=1`, in which case it panics (CI).
//!
//! The returned [`TempGuard`] removes the directory or drops the schema when
//! it goes out of scope; keep it alive as long as the store.

#![expect(
    clippy::panic,
    clippy::expect_used,
    reason = "test helpers: a broken test setup must fail the test at once"
)]

use sqlx::AnyConnection;
use sqlx::Connection;

use crate::Store;

/// The variable naming the PostgreSQL database tests may use.
pub const DATABASE_URL_VAR: &str = "CASEGATE_TEST_DATABASE_URL";
/// Set to `1` to make a missing service fail the test instead of skipping it.
pub const REQUIRE_SERVICES_VAR: &str = "CASEGATE_REQUIRE_SERVICES";

/// Keeps a temporary store's storage alive; removes it when dropped.
#[derive(Debug)]
pub struct TempGuard {
    inner: Guarded,
}

#[derive(Debug)]
enum Guarded {
    Dir(tempfile::TempDir),
    Schema { admin_url: String, schema: String },
}

impl TempGuard {
    /// The SQLite file's directory, or `None` for PostgreSQL.
    pub fn dir(&self) -> Option<&std::path::Path> {
        match &self.inner {
            Guarded::Dir(dir) => Some(dir.path()),
            Guarded::Schema { .. } => None,
        }
    }

    /// The PostgreSQL schema, or `None` for SQLite.
    pub fn schema(&self) -> Option<&str> {
        match &self.inner {
            Guarded::Dir(_) => None,
            Guarded::Schema { schema, .. } => Some(schema),
        }
    }
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        let Guarded::Schema { admin_url, schema } = &self.inner else {
            return; // the TempDir removes itself
        };
        let (admin_url, schema) = (admin_url.clone(), schema.clone());
        // Drop may run inside a runtime that cannot block: use a thread of our own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            runtime.block_on(async {
                let mut conn = AnyConnection::connect(&admin_url)
                    .await
                    .map_err(|e| e.to_string())?;
                sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                    .execute(&mut conn)
                    .await
                    .map_err(|e| e.to_string())?;
                conn.close().await.map_err(|e| e.to_string())
            })
        })
        .join();
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("casegate-store testing: could not drop schema: {e}"),
            Err(_) => eprintln!("casegate-store testing: dropping a schema panicked"),
        }
    }
}

/// A fresh SQLite store in a new temporary directory (the file sits in a
/// subdirectory that does not exist yet, so `connect` creates it).
pub async fn sqlite_temp() -> (Store, TempGuard) {
    let dir = tempfile::tempdir().expect("creating a temporary directory");
    let path = dir.path().join("data").join("casegate.db");
    let url = format!("sqlite://{}", path.display());
    let store = Store::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("opening {url}: {e}"));
    (
        store,
        TempGuard {
            inner: Guarded::Dir(dir),
        },
    )
}

/// Whether a missing service must fail the test (`CASEGATE_REQUIRE_SERVICES=1`).
pub fn services_required() -> bool {
    std::env::var(REQUIRE_SERVICES_VAR).is_ok_and(|v| v == "1")
}

/// A fresh PostgreSQL store in a new schema of `CASEGATE_TEST_DATABASE_URL`;
/// `None` (after printing why) when the variable is unset, unless services
/// are required.
pub async fn postgres_from_env() -> Option<(Store, TempGuard)> {
    let admin_url = match std::env::var(DATABASE_URL_VAR) {
        Ok(url) if !url.trim().is_empty() => url,
        _ if services_required() => {
            panic!("{REQUIRE_SERVICES_VAR}=1 but {DATABASE_URL_VAR} is not set")
        }
        _ => {
            eprintln!("skipped: {DATABASE_URL_VAR} is not set (no PostgreSQL to test against)");
            return None;
        }
    };
    sqlx::any::install_default_drivers();
    let schema = format!("cg_{}", uuid::Uuid::new_v4().simple());
    let mut admin = AnyConnection::connect(&admin_url)
        .await
        .unwrap_or_else(|e| panic!("connecting to {DATABASE_URL_VAR}: {e}"));
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&mut admin)
        .await
        .unwrap_or_else(|e| panic!("creating schema {schema}: {e}"));
    admin.close().await.expect("closing the admin connection");
    // The guard exists before connect, so a failed migration still drops the schema.
    let guard = TempGuard {
        inner: Guarded::Schema {
            admin_url: admin_url.clone(),
            schema: schema.clone(),
        },
    };
    let separator = if admin_url.contains('?') { '&' } else { '?' };
    let url = format!("{admin_url}{separator}options=-c%20search_path%3D{schema}");
    let store = Store::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("opening schema {schema}: {e}"));
    Some((store, guard))
}
