//! The outbox sender: claims due messages (a lease, so two replicas never
//! send the same one), delivers them, marks them sent, and retries failures
//! with exponential backoff.

use std::time::Duration;

use casegate_core::Timestamp;
use tokio::sync::watch;

use crate::app::App;
use crate::error::AppError;

/// Messages claimed per pass.
const BATCH: u32 = 50;
/// How long a claim holds before another sender may take the message.
const LEASE_SECONDS: i64 = 300;
/// First retry delay, doubled per attempt up to [`MAX_BACKOFF_SECONDS`].
const FIRST_BACKOFF_SECONDS: i64 = 30;
const MAX_BACKOFF_SECONDS: i64 = 6 * 3600;
/// Pause between passes of [`App::run_outbox`] when nothing was sent.
const IDLE: Duration = Duration::from_secs(5);

impl App {
    /// Background: delivers due outbox messages until `shutdown` turns true
    /// (or its sender goes away). Spawned by `serve`.
    pub async fn run_outbox(&self, mut shutdown: watch::Receiver<bool>) {
        loop {
            if *shutdown.borrow() {
                return;
            }
            let pause = match self.deliver_outbox_once().await {
                Ok(sent) if sent > 0 => Duration::ZERO,
                Ok(_) => IDLE,
                Err(e) => {
                    tracing::warn!(error = %e, "outbox pass failed");
                    IDLE
                }
            };
            if pause.is_zero() {
                continue;
            }
            tokio::select! {
                changed = shutdown.changed() => {
                    if changed.is_err() {
                        return;
                    }
                }
                () = tokio::time::sleep(pause) => {}
            }
        }
    }

    /// One delivery pass: claims up to 50 due messages and delivers them.
    /// Returns how many were sent; failures are rescheduled, not returned.
    pub async fn deliver_outbox_once(&self) -> Result<usize, AppError> {
        let now = self.now();
        let lease = now + chrono::Duration::seconds(LEASE_SECONDS);
        let claimed = self.store().outbox_claim(now, lease, BATCH).await?;
        let mut sent = 0;
        for message in claimed {
            match self.inner.mailer.send(&message).await {
                Ok(()) => {
                    self.store()
                        .outbox_mark_sent(message.id, self.now())
                        .await?;
                    sent += 1;
                }
                Err(error) => {
                    let next = retry_at(self.now(), message.attempts);
                    tracing::warn!(id = message.id, attempts = message.attempts, %error, "email delivery failed; will retry");
                    self.store()
                        .outbox_mark_failed(message.id, &error, next)
                        .await?;
                }
            }
        }
        Ok(sent)
    }
}

/// When to try again after a failure: 30 s, 1 min, 2 min, ... at most 6 h.
fn retry_at(now: Timestamp, attempts: i32) -> Timestamp {
    let exponent = u32::try_from(attempts.clamp(0, 20)).unwrap_or(0);
    let delay = FIRST_BACKOFF_SECONDS
        .saturating_mul(2_i64.saturating_pow(exponent))
        .min(MAX_BACKOFF_SECONDS);
    now + chrono::Duration::seconds(delay)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let now = chrono::Utc::now();
        let delay = |a| (retry_at(now, a) - now).num_seconds();
        assert_eq!(delay(0), 30);
        assert_eq!(delay(1), 60);
        assert_eq!(delay(3), 240);
        assert_eq!(delay(30), MAX_BACKOFF_SECONDS);
        assert_eq!(delay(-1), 30);
    }
}
