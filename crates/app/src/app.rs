//! The [`App`]: store, access index, writer lock, clock and mail transport;
//! opening, revisions, and the commit path every use case goes through.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use casegate_core::{Change, CompanyId, CompanyIndex, Index, Revision, Timestamp, UserId};
use casegate_store::{NewAuditEntry, NewEmail, Store, Tx};
use chrono::{DurationRound, TimeDelta, Utc};
use parking_lot::RwLock;
use tokio::sync::{Mutex, MutexGuard, watch};

use crate::error::AppError;
use crate::mail::Mailer;
use crate::throttle::Throttle;
use crate::types::Actor;

/// How many changes one catch-up read takes from the change log.
const CATCH_UP_BATCH: u32 = 1000;

/// What the app needs to know about its surroundings.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// Base URL used in email links, e.g. "http://127.0.0.1:8080".
    pub public_url: String,
    /// Where emails go: `None` = `.eml` files in `outbox_dir`; `Some(url)` =
    /// SMTP, e.g. `smtp://127.0.0.1:2525`, `smtps://user:pass@host:465` or
    /// `smtp://host:587?tls=required`.
    pub smtp_url: Option<String>,
    /// Where `.eml` files are written when there is no SMTP server.
    pub outbox_dir: PathBuf,
    /// Lifetime of API tokens.
    pub token_ttl: chrono::Duration,
    /// Whether the server runs behind a reverse proxy that appends the
    /// client's address to `X-Forwarded-For` (the last entry is then the
    /// client's address for the sign-in throttle; otherwise the header is
    /// ignored and the socket's peer counts).
    pub behind_proxy: bool,
}

impl Default for AppConfig {
    /// Local defaults: `.eml` files under `casegate-data/outbox`, tokens valid
    /// 7 days, no proxy in front.
    fn default() -> Self {
        AppConfig {
            public_url: "http://127.0.0.1:8080".to_owned(),
            smtp_url: None,
            outbox_dir: PathBuf::from("casegate-data/outbox"),
            token_ttl: chrono::Duration::days(7),
            behind_proxy: false,
        }
    }
}

/// Time source (the core never reads the clock; the app does, through this).
pub trait Clock: Send + Sync + 'static {
    /// The current time, UTC, at microsecond precision (what the store keeps).
    fn now(&self) -> Timestamp;
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        truncate(Utc::now())
    }
}

/// A clock that stands still until told to move (tests).
#[derive(Debug)]
pub struct ManualClock {
    now: parking_lot::Mutex<Timestamp>,
}

impl ManualClock {
    /// A clock standing at `start` (truncated to microseconds).
    pub fn new(start: Timestamp) -> Self {
        ManualClock {
            now: parking_lot::Mutex::new(truncate(start)),
        }
    }

    /// Moves the clock forward (or back, for a negative duration).
    pub fn advance(&self, by: chrono::Duration) {
        let mut now = self.now.lock();
        *now = truncate(*now + by);
    }

    /// Sets the clock.
    pub fn set(&self, to: Timestamp) {
        *self.now.lock() = truncate(to);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        *self.now.lock()
    }
}

/// Microsecond precision, so that a time read back from the store equals the
/// time written.
fn truncate(t: Timestamp) -> Timestamp {
    t.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(t)
}

/// casegate's use cases over one store. Cheap to clone: everything is shared.
#[derive(Clone)]
pub struct App {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("revision", &self.revision())
            .finish_non_exhaustive()
    }
}

/// The shared state behind an [`App`].
pub(crate) struct Inner {
    pub(crate) store: Store,
    pub(crate) index: RwLock<Index>,
    /// Held for the whole of every write, so changes reach the index in order.
    pub(crate) writer: Mutex<()>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) config: AppConfig,
    /// Failed guesses per (key, address) and per address (throttle.rs).
    pub(crate) throttle: Throttle,
    pub(crate) revision_tx: watch::Sender<Revision>,
    pub(crate) mailer: Mailer,
}

/// Proof that the caller holds the writer lock (and that the index has caught
/// up with the store): only a holder can commit.
pub(crate) struct Writing<'a> {
    _guard: MutexGuard<'a, ()>,
}

impl App {
    /// Builds the index from the store (snapshot) and returns the app.
    pub async fn open(store: Store, config: AppConfig) -> Result<App, AppError> {
        App::open_with_clock(store, config, Arc::new(SystemClock)).await
    }

    /// Like [`App::open`], with a clock of the caller's (tests).
    pub async fn open_with_clock(
        store: Store,
        config: AppConfig,
        clock: Arc<dyn Clock>,
    ) -> Result<App, AppError> {
        let mailer = Mailer::from_config(&config)?;
        let (snapshot, revision) = store.snapshot().await?;
        let index = Index::load(snapshot, revision)?;
        let (revision_tx, _) = watch::channel(revision);
        let throttle = Throttle::new(clock.clone());
        Ok(App {
            inner: Arc::new(Inner {
                store,
                index: RwLock::new(index),
                writer: Mutex::new(()),
                clock,
                config,
                throttle,
                revision_tx,
                mailer,
            }),
        })
    }

    /// The store behind the app.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// Reads one company's part of the access index (for the surfaces and
    /// tests that show what the index answers); `None` for an unknown company.
    pub fn with_company_index<R>(
        &self,
        company: CompanyId,
        f: impl FnOnce(&CompanyIndex) -> R,
    ) -> Option<R> {
        self.inner.index.read().company(company).map(f)
    }

    /// The revision the index stands at.
    pub fn revision(&self) -> Revision {
        self.inner.index.read().revision()
    }

    /// `Casegate-At-Least`: waits until the index stands at `at_least`,
    /// reading changes other processes committed; `RevisionUnavailable`
    /// after `timeout`.
    pub async fn wait_for(&self, at_least: Revision, timeout: Duration) -> Result<(), AppError> {
        let deadline = tokio::time::Instant::now() + timeout;
        let mut rx = self.inner.revision_tx.subscribe();
        loop {
            if self.revision() >= at_least {
                return Ok(());
            }
            let remaining = deadline.saturating_duration_since(tokio::time::Instant::now());
            if remaining.is_zero() {
                return Err(AppError::RevisionUnavailable(at_least.0));
            }
            if let Ok(guard) = tokio::time::timeout(remaining, self.inner.writer.lock()).await {
                let caught = self.catch_up().await;
                drop(guard);
                caught?;
            }
            if self.revision() >= at_least {
                return Ok(());
            }
            let pause = remaining.min(Duration::from_millis(50));
            let _ = tokio::time::timeout(pause, rx.changed()).await;
        }
    }

    pub(crate) fn now(&self) -> Timestamp {
        self.inner.clock.now()
    }

    /// The configuration the app was opened with.
    pub fn config(&self) -> &AppConfig {
        &self.inner.config
    }

    /// Reads the actor's company index; `Unauthenticated` when the actor is
    /// not (or no longer) an active staff member. Never held across `.await`.
    pub(crate) fn read<R>(
        &self,
        actor: &Actor,
        f: impl FnOnce(&CompanyIndex) -> Result<R, AppError>,
    ) -> Result<R, AppError> {
        self.read_at(actor, f).map(|(r, _)| r)
    }

    /// [`App::read`] with the revision the answer was read at.
    pub(crate) fn read_at<R>(
        &self,
        actor: &Actor,
        f: impl FnOnce(&CompanyIndex) -> Result<R, AppError>,
    ) -> Result<(R, Revision), AppError> {
        let index = self.inner.index.read();
        let company = index
            .company(actor.company_id)
            .filter(|c| c.is_active(actor.user_id))
            .ok_or(AppError::Unauthenticated)?;
        Ok((f(company)?, index.revision()))
    }

    /// Takes the writer lock and brings the index up to the store's change
    /// log (another process may have written).
    pub(crate) async fn writing(&self) -> Result<Writing<'_>, AppError> {
        let guard = self.inner.writer.lock().await;
        self.catch_up().await?;
        Ok(Writing { _guard: guard })
    }

    /// Appends the change (if any), the audit entries and the emails, commits,
    /// and applies the change to the index. Returns the revision the index
    /// stands at afterwards.
    pub(crate) async fn commit(
        &self,
        _writing: &Writing<'_>,
        mut tx: Tx,
        change: Option<Change>,
        audit: Vec<NewAuditEntry>,
        emails: Vec<NewEmail>,
    ) -> Result<Revision, AppError> {
        let at = self.now();
        let revision = match &change {
            Some(change) => Some(tx.append_change(change, at).await?),
            None => None,
        };
        for entry in &audit {
            tx.append_audit(entry).await?;
        }
        for email in &emails {
            tx.enqueue_email(email).await?;
        }
        tx.commit().await?;
        match (revision, change) {
            (Some(revision), Some(change)) => {
                self.apply_committed(revision, &change).await;
                Ok(revision)
            }
            _ => Ok(self.revision()),
        }
    }

    /// Applies a committed change; on any disagreement rebuilds the index
    /// from the store, so it is never left stale.
    async fn apply_committed(&self, revision: Revision, change: &Change) {
        let outcome = {
            let mut index = self.inner.index.write();
            if index.revision().0.checked_add(1) == Some(revision.0) {
                Some(index.apply(revision, change))
            } else {
                None
            }
        };
        let result = match outcome {
            Some(Ok(())) => {
                self.inner.revision_tx.send_replace(revision);
                Ok(())
            }
            Some(Err(e)) => {
                tracing::error!(revision = revision.0, error = %e, "index apply failed; rebuilding");
                self.rebuild().await
            }
            // A gap: another process wrote in between (or a sequence skipped).
            None => self.catch_up().await,
        };
        if let Err(e) = result {
            tracing::error!(revision = revision.0, error = %e, "index could not be brought up to date");
        }
    }

    /// Applies every change of the log after the index's revision. Call with
    /// the writer lock held.
    pub(crate) async fn catch_up(&self) -> Result<(), AppError> {
        loop {
            let from = self.revision();
            let changes = self.inner.store.changes_since(from, CATCH_UP_BATCH).await?;
            let Some(&(last, _)) = changes.last() else {
                return Ok(());
            };
            let failed = {
                let mut index = self.inner.index.write();
                changes
                    .iter()
                    .find_map(|(rev, change)| index.apply(*rev, change).err())
            };
            if let Some(e) = failed {
                tracing::error!(error = %e, "index catch-up failed; rebuilding");
                return self.rebuild().await;
            }
            self.inner.revision_tx.send_replace(last);
            if changes.len() < CATCH_UP_BATCH as usize {
                return Ok(());
            }
        }
    }

    /// Replaces the index with one loaded from the store's snapshot.
    async fn rebuild(&self) -> Result<(), AppError> {
        let (snapshot, revision) = self.inner.store.snapshot().await?;
        let index = Index::load(snapshot, revision)?;
        *self.inner.index.write() = index;
        self.inner.revision_tx.send_replace(revision);
        Ok(())
    }
}

/// An audit entry by `actor` at `at`.
pub(crate) fn audit(
    actor: &Actor,
    at: Timestamp,
    action: &str,
    target: impl ToString,
    details: serde_json::Value,
) -> NewAuditEntry {
    NewAuditEntry {
        company_id: actor.company_id,
        at,
        actor_id: Some(actor.user_id),
        real_actor_id: None,
        action: action.to_owned(),
        target: target.to_string(),
        details,
    }
}

/// A user's display name from the index, or a placeholder.
pub(crate) fn user_name(company: &CompanyIndex, user: UserId) -> String {
    company
        .user_name(user)
        .map_or_else(|| "(unknown user)".to_owned(), str::to_owned)
}
