//! casegate's persistence (ARCHITECTURE.md): one SQL implementation for SQLite
//! and PostgreSQL through sqlx's Any driver, the migrations of both, the
//! change log (whose ids are the revisions), the audit log (a hash chain per
//! company) and the outbox.
//!
//! Reads go through [`Store`]; every write goes through a [`Tx`] opened with
//! [`Store::begin`], which the caller commits once it has written the rows,
//! the change, the audit entry and the outbox messages of one use case.
//!
//! Inside a client file (Part B, X9) the store keeps activities and documents
//! (never deleted, only marked), each document's bytes in chunks of
//! [`DOCUMENT_CHUNK_SIZE`] read one at a time, packages, the profile fields
//! of clients, and the append-only view log.
//!
//! `$1, $2, …` placeholders serve both backends. Where the backends differ
//! (how a write transaction begins, `FOR UPDATE SKIP LOCKED`) the SQL text is
//! chosen by [`Backend`]; the statements are otherwise identical.
//!
//! Tests of any crate get a fresh store from [`testing`]: `sqlite_temp()`
//! always, `postgres_from_env()` when `CASEGATE_TEST_DATABASE_URL` is set.

mod accounts;
mod audit;
mod connect;
mod deal;
mod error;
mod outbox;
mod partb_extra;
mod read;
mod read_content;
mod rows;
pub mod testing;
mod tx;
mod tx_access;
mod tx_content;

use sqlx::AnyPool;

pub use audit::{AuditEntry, GENESIS_HASH, NewAuditEntry, audit_hash, canonical_json};
pub use casegate_core::index::Snapshot;
pub use connect::Backend;
pub use deal::ContactView;
pub use error::{Result, StoreError};
pub use outbox::{NewEmail, OutboxMessage};
pub use read_content::ActivityFilter;
pub use tx::Tx;
pub use tx_content::DOCUMENT_CHUNK_SIZE;

/// A handle on the database: a connection pool and the backend behind it.
/// Cheap to clone; every clone shares the pool.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens `sqlite://path/to/file.db` (parent directories and the file are
    /// created if missing; WAL, foreign_keys=ON, synchronous=FULL and a 5 s
    /// busy timeout on every connection), `sqlite::memory:`, or
    /// `postgres://…`, then runs the migrations.
    pub async fn connect(url: &str) -> Result<Store> {
        let (pool, backend) = connect::open(url).await?;
        Ok(Store { pool, backend })
    }

    /// The database behind this store.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes every connection; waits for the checked-out ones to come back.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Begins a write transaction. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so writers queue (for up to the busy timeout)
    /// instead of failing when they upgrade. After any error inside the
    /// transaction, roll it back (PostgreSQL refuses further statements).
    pub async fn begin(&self) -> Result<Tx> {
        let inner = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(Tx::new(inner, self.backend))
    }

    /// Begins a read-only transaction that sees one consistent state.
    async fn begin_read(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin().await?,
            Backend::Postgres => {
                self.pool
                    .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?
            }
        })
    }
}
