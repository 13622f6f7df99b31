//! The outbox: emails written in the transaction of the change that causes
//! them, then claimed by a sender (exclusively, with a lease, even across
//! processes), and marked sent or failed (to be retried later).

use casegate_core::{CompanyId, Timestamp};
use sqlx::any::AnyRow;

use crate::connect::Backend;
use crate::error::Result;
use crate::rows::{self, micros};
use crate::{Store, StoreError, Tx};

/// An email to enqueue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEmail {
    /// The company it is about (`None` for installation-wide mail).
    pub company_id: Option<CompanyId>,
    /// The recipient's address.
    pub to: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub body_text: String,
    /// When it was enqueued; it is due from then on.
    pub created_at: Timestamp,
}

/// An email claimed for sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMessage {
    /// The outbox id (increasing in enqueue order).
    pub id: i64,
    /// The company it is about.
    pub company_id: Option<CompanyId>,
    /// The recipient's address.
    pub to: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub body_text: String,
    /// When it was enqueued.
    pub created_at: Timestamp,
    /// How many attempts failed before this one.
    pub attempts: i32,
}

const MESSAGE_COLS: &str = "id, company_id, to_address, subject, body_text, created_at, attempts";

fn message(row: &AnyRow) -> Result<OutboxMessage> {
    use sqlx::Row;
    let attempts: i64 = row.try_get("attempts")?;
    Ok(OutboxMessage {
        id: row.try_get("id")?,
        company_id: rows::opt_parsed(row, "company_id")?,
        to: row.try_get("to_address")?,
        subject: row.try_get("subject")?,
        body_text: row.try_get("body_text")?,
        created_at: rows::ts(row, "created_at")?,
        attempts: i32::try_from(attempts)
            .map_err(|_| StoreError::Corrupt(format!("outbox attempts {attempts}")))?,
    })
}

impl Tx {
    /// Enqueues an email, due at once; returns its outbox id.
    pub async fn enqueue_email(&mut self, email: &NewEmail) -> Result<i64> {
        use sqlx::Row;
        let row = sqlx::query(
            "INSERT INTO outbox (company_id, to_address, subject, body_text, created_at, \
             attempts, next_attempt_at) VALUES ($1, $2, $3, $4, $5, 0, $5) RETURNING id",
        )
        .bind(email.company_id.map(|c| c.to_string()))
        .bind(&email.to)
        .bind(&email.subject)
        .bind(&email.body_text)
        .bind(micros(email.created_at))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get("id")?)
    }
}

impl Store {
    /// Atomically claims up to `limit` unsent messages due at `now` (not
    /// claimed, or whose claim expired), leasing them until `lease_until`.
    /// Two claims never return the same message while its lease runs, even
    /// from several processes (PostgreSQL: `FOR UPDATE SKIP LOCKED`; SQLite:
    /// one writer at a time). Ordered by id.
    pub async fn outbox_claim(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        limit: u32,
    ) -> Result<Vec<OutboxMessage>> {
        let lock = match self.backend {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE outbox SET claimed_until = $2 WHERE id IN (\
             SELECT id FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= $1 \
             AND (claimed_until IS NULL OR claimed_until <= $1) \
             ORDER BY id LIMIT $3{lock}) RETURNING {MESSAGE_COLS}"
        );
        let mut tx = self.begin().await?;
        let found = sqlx::query(&sql)
            .bind(micros(now))
            .bind(micros(lease_until))
            .bind(rows::limit(limit))
            .fetch_all(tx.conn())
            .await?;
        tx.commit().await?;
        let mut claimed = rows::all(&found, message)?;
        claimed.sort_by_key(|m| m.id);
        Ok(claimed)
    }

    /// Marks a message sent: it is never claimed again.
    pub async fn outbox_mark_sent(&self, id: i64, at: Timestamp) -> Result<()> {
        let done =
            sqlx::query("UPDATE outbox SET sent_at = $2, claimed_until = NULL WHERE id = $1")
                .bind(id)
                .bind(micros(at))
                .execute(&self.pool)
                .await?;
        if done.rows_affected() == 0 {
            return Err(crate::error::missing("outbox message", id));
        }
        Ok(())
    }

    /// Records a failed attempt: `attempts += 1`, the error kept, the claim
    /// cleared, due again at `next_attempt_at`.
    pub async fn outbox_mark_failed(
        &self,
        id: i64,
        error: &str,
        next_attempt_at: Timestamp,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3, \
             claimed_until = NULL WHERE id = $1 AND sent_at IS NULL",
        )
        .bind(id)
        .bind(error)
        .bind(micros(next_attempt_at))
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(crate::error::missing("unsent outbox message", id));
        }
        Ok(())
    }

    /// How many messages are not sent yet (claimed or not).
    pub async fn outbox_pending_count(&self) -> Result<u64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL")
            .fetch_one(&self.pool)
            .await?;
        rows::count(&row, "n")
    }
}
