//! Opening a store: which backend a url names, the SQLite file and its
//! pragmas (WAL, foreign keys, synchronous=FULL, busy timeout) on every
//! connection, the pool, and the embedded migrations of each backend.

use std::path::Path;
use std::time::Duration;

use sqlx::AnyConnection;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor, Row};

use crate::error::{Result, StoreError};

/// The migrations of SQLite databases.
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
/// The migrations of PostgreSQL databases (the same tables).
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// Pool size for PostgreSQL.
const POSTGRES_MAX_CONNECTIONS: u32 = 16;
/// Pool size for SQLite: readers run in parallel (WAL), writers take turns.
const SQLITE_MAX_CONNECTIONS: u32 = 8;
/// How long a SQLite connection waits for another writer.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 5000;

/// The database behind a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An SQLite file (or memory) database: the embedded default.
    Sqlite,
    /// A PostgreSQL server: many replicas share it.
    Postgres,
}

impl Backend {
    /// The backend a database url names.
    pub fn of_url(url: &str) -> Result<Backend> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(redact(url)))
        }
    }
}

/// The url without its password, for error messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let authority = url.get(scheme_end + 3..at).unwrap_or_default();
            match authority.split_once(':') {
                Some((user, _)) => format!(
                    "{}{user}:***{}",
                    url.get(..scheme_end + 3).unwrap_or_default(),
                    url.get(at..).unwrap_or_default()
                ),
                None => url.to_owned(),
            }
        }
        _ => url.chars().take(200).collect(),
    }
}

/// Opens the pool for `url` and runs the backend's migrations.
pub(crate) async fn open(url: &str) -> Result<(AnyPool, Backend)> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of_url(url)?;
    let pool = match backend {
        Backend::Sqlite => open_sqlite(url).await?,
        Backend::Postgres => {
            AnyPoolOptions::new()
                .max_connections(POSTGRES_MAX_CONNECTIONS)
                .connect(url)
                .await?
        }
    };
    let migrator = match backend {
        Backend::Sqlite => &SQLITE_MIGRATIONS,
        Backend::Postgres => &POSTGRES_MIGRATIONS,
    };
    migrator.run(&pool).await?;
    tracing::debug!(?backend, "store opened, migrations applied");
    Ok((pool, backend))
}

async fn open_sqlite(url: &str) -> Result<AnyPool> {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let (path, params) = match rest.split_once('?') {
        Some((path, params)) => (path, Some(params)),
        None => (rest, None),
    };
    let in_memory = path.is_empty()
        || path == ":memory:"
        || params.is_some_and(|p| p.split('&').any(|kv| kv == "mode=memory"));
    let url = if in_memory {
        // Each connection re-parses the url; a named shared-cache memory
        // database lets every connection of this pool see the same data.
        format!(
            "sqlite:file:casegate-memory-{}?mode=memory",
            uuid::Uuid::new_v4().simple()
        )
    } else {
        // sqlx percent-decodes the path; so do we, to create the same directory.
        let path = percent_decode(path);
        if let Some(parent) = Path::new(&path)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent).map_err(|e| {
                StoreError::Database(format!("creating `{}`: {e}", parent.display()))
            })?;
        }
        let has_mode = params.is_some_and(|p| p.split('&').any(|kv| kv.starts_with("mode=")));
        match (params, has_mode) {
            (_, true) => url.to_owned(),
            (Some(_), false) => format!("{url}&mode=rwc"),
            (None, false) => format!("{url}?mode=rwc"),
        }
    };
    let mut options = AnyPoolOptions::new()
        .max_connections(SQLITE_MAX_CONNECTIONS)
        .after_connect(|conn, _meta| Box::pin(async move { sqlite_pragmas(conn).await }));
    if in_memory {
        // The memory database lives while one connection is open: keep one.
        options = options
            .min_connections(1)
            .idle_timeout(None::<Duration>)
            .max_lifetime(None::<Duration>);
    }
    Ok(options.connect(&url).await?)
}

/// `%XX` escapes decoded (invalid escapes are kept as they are).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(decoded)) => {
                out.push(decoded);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Run on every new SQLite connection.
async fn sqlite_pragmas(conn: &mut AnyConnection) -> std::result::Result<(), sqlx::Error> {
    conn.execute(format!("PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}").as_str())
        .await?;
    // Switching to WAL needs a lock busy_timeout cannot wait for; the mode is
    // persistent, so only the first connection to a new file switches.
    let mode: String = sqlx::query("PRAGMA journal_mode")
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
        conn.execute("PRAGMA journal_mode = WAL").await?;
    }
    conn.execute("PRAGMA foreign_keys = ON").await?;
    conn.execute("PRAGMA synchronous = FULL").await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_sqlite_connection_gets_the_pragmas() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/x/y.db", dir.path().display());
        let (pool, backend) = open(&url).await.unwrap();
        assert_eq!(backend, Backend::Sqlite);
        // Hold several at once, so that several connections are opened.
        let mut conns = Vec::new();
        for _ in 0..3 {
            conns.push(pool.acquire().await.unwrap());
        }
        for conn in &mut conns {
            let mut pragma = async |name: &str| -> String {
                let row = sqlx::query(&format!("PRAGMA {name}"))
                    .fetch_one(&mut **conn)
                    .await
                    .unwrap();
                row.try_get::<String, _>(0)
                    .or_else(|_| row.try_get::<i64, _>(0).map(|n| n.to_string()))
                    .unwrap()
            };
            assert_eq!(pragma("journal_mode").await, "wal");
            assert_eq!(pragma("foreign_keys").await, "1");
            assert_eq!(pragma("synchronous").await, "2"); // FULL
            assert_eq!(pragma("busy_timeout").await, "5000");
        }
    }

    /// Migration 0006 rebuilds `documents` on SQLite: a database holding a
    /// document with its chunk and a view keeps all three, consistent.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn migration_6_keeps_documents_chunks_and_views_on_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/m.db", dir.path().display());
        sqlx::any::install_default_drivers();
        let pool = open_sqlite(&url).await.unwrap();
        let before = Migrator {
            migrations: std::borrow::Cow::Owned(
                SQLITE_MIGRATIONS
                    .migrations
                    .iter()
                    .filter(|m| m.version < 6)
                    .cloned()
                    .collect(),
            ),
            ..Migrator::DEFAULT
        };
        before.run(&pool).await.unwrap();
        for sql in [
            "INSERT INTO companies VALUES ('c1','Acme','en','UTC',1,1,1,'owner',0)",
            "INSERT INTO accounts VALUES ('a1','a@x.test','a@x.test','A','en',NULL,0,NULL)",
            "INSERT INTO users (id, company_id, role, active, share_all_clients, perm_view, \
             perm_payments, perm_documents, perm_packages, perm_hide_email, perm_hide_phone, \
             perm_edit_rights, perm_list_all_clients, created_at, account_id) \
             VALUES ('u1','c1','admin',1,0,'shared',1,1,1,0,0,0,0,0,'a1')",
            "INSERT INTO clients (id, company_id, name, tags, owner_id, restricted, created_at, \
             updated_at) VALUES ('k1','c1','K','[]','u1',0,0,0)",
            "INSERT INTO documents VALUES ('d1','c1','k1','n','t',1,'00','shared','u1',0,NULL,NULL)",
            "INSERT INTO document_blobs VALUES ('d1',0,x'00')",
            "INSERT INTO view_log VALUES ('v1','c1','k1','u1',NULL,'document_downloaded','d1','[]',0)",
        ] {
            sqlx::query(sql).execute(&pool).await.unwrap();
        }
        SQLITE_MIGRATIONS.run(&pool).await.unwrap();
        let row = sqlx::query(
            "SELECT uploaded_by, uploaded_by_contact, \
             (SELECT COUNT(*) FROM document_blobs) AS blobs, \
             (SELECT COUNT(*) FROM view_log) AS views FROM documents",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(row.try_get::<String, _>("uploaded_by").unwrap(), "u1");
        assert!(
            row.try_get::<Option<String>, _>("uploaded_by_contact")
                .unwrap()
                .is_none()
        );
        assert_eq!(row.try_get::<i64, _>("blobs").unwrap(), 1);
        assert_eq!(row.try_get::<i64, _>("views").unwrap(), 1);
        let broken = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&pool)
            .await
            .unwrap();
        assert!(broken.is_empty());
        // Exactly one uploader: both or neither is refused.
        assert!(
            sqlx::query(
                "INSERT INTO documents VALUES ('d2','c1','k1','n','t',1,'00','shared',NULL,NULL,0,NULL,NULL)"
            )
            .execute(&pool)
            .await
            .is_err()
        );
    }

    #[test]
    fn paths_are_percent_decoded_like_sqlx_does() {
        assert_eq!(percent_decode("a%20b/c%C3%A9.db"), "a b/cé.db");
        assert_eq!(percent_decode("100%/x%2"), "100%/x%2");
        assert_eq!(percent_decode("plain/path.db"), "plain/path.db");
    }

    #[test]
    fn backends_are_told_apart_by_scheme() {
        assert_eq!(Backend::of_url("sqlite::memory:").unwrap(), Backend::Sqlite);
        assert_eq!(Backend::of_url("sqlite://a/b.db").unwrap(), Backend::Sqlite);
        assert_eq!(
            Backend::of_url("postgres://u@h/db").unwrap(),
            Backend::Postgres
        );
        assert_eq!(
            Backend::of_url("postgresql://u@h/db").unwrap(),
            Backend::Postgres
        );
        assert!(matches!(
            Backend::of_url("mysql://u:secret@h/db"),
            Err(StoreError::UnsupportedUrl(u)) if !u.contains("secret")
        ));
    }
}
