//! Emails: building outbox rows for the use cases, and the transport that
//! delivers them (SMTP through lettre, or `.eml` files in the outbox folder).

pub(crate) mod account_text;
pub(crate) mod deal_text;
pub(crate) mod sharing_text;
pub(crate) mod text;

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use casegate_core::{CompanyId, Timestamp};
use casegate_store::{NewEmail, OutboxMessage};
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::error::AppError;

/// The sender of every email.
pub(crate) const FROM: &str = "casegate <no-reply@casegate.invalid>";

/// How long one SMTP conversation may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// An outbox row for one recipient.
pub(crate) fn email(
    company: Option<CompanyId>,
    to: &str,
    subject: String,
    body: String,
    at: Timestamp,
) -> NewEmail {
    NewEmail {
        company_id: company,
        to: to.to_owned(),
        subject,
        body_text: body,
        created_at: at,
    }
}

/// Where emails go.
pub(crate) enum Mailer {
    /// An SMTP server (`smtp://`, `smtps://`, `?tls=required`).
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// `.eml` files in a folder.
    Files(PathBuf),
}

impl Mailer {
    /// The transport the config names; `Validation("smtp_url")` when the URL
    /// is not one lettre understands.
    pub(crate) fn from_config(config: &crate::app::AppConfig) -> Result<Mailer, AppError> {
        match &config.smtp_url {
            None => Ok(Mailer::Files(config.outbox_dir.clone())),
            Some(url) => AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map(|b| Mailer::Smtp(b.timeout(Some(SMTP_TIMEOUT)).build()))
                .map_err(|e| {
                    AppError::invalid(
                        "smtp_url",
                        crate::message::Message::new("app-smtp-url-invalid")
                            .with("detail", e.to_string()),
                    )
                }),
        }
    }

    /// Delivers one outbox message; the error text is kept on the row.
    pub(crate) async fn send(&self, message: &OutboxMessage) -> Result<(), String> {
        let email = build(message)?;
        match self {
            Mailer::Smtp(transport) => transport
                .send(email)
                .await
                .map(|_| ())
                .map_err(|e| format!("smtp: {e}")),
            Mailer::Files(dir) => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
                AsyncFileTransport::<Tokio1Executor>::new(dir)
                    .send(email)
                    .await
                    .map(|_| ())
                    .map_err(|e| format!("file: {e}"))
            }
        }
    }
}

/// The RFC 5322 message of an outbox row. Its Message-ID is derived from the
/// row, so a retried delivery can be recognised by the receiver.
fn build(message: &OutboxMessage) -> Result<Message, String> {
    let from: Mailbox = FROM.parse().map_err(|e| format!("bad sender: {e}"))?;
    let to: Mailbox = message
        .to
        .parse()
        .map_err(|e| format!("bad recipient `{}`: {e}", message.to))?;
    Message::builder()
        .from(from)
        .to(to)
        .subject(message.subject.clone())
        .date(SystemTime::from(message.created_at))
        .message_id(Some(format!("<outbox-{}@casegate.invalid>", message.id)))
        .header(ContentType::TEXT_PLAIN)
        .body(message.body_text.clone())
        .map_err(|e| format!("cannot build the message: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outbox_row_becomes_a_plain_text_message() {
        let row = OutboxMessage {
            id: 7,
            company_id: None,
            to: "bob@example.test".into(),
            subject: "Hello".into(),
            body_text: "Body".into(),
            created_at: chrono::Utc::now(),
            attempts: 0,
        };
        let text = String::from_utf8(build(&row).unwrap().formatted()).unwrap();
        assert!(text.contains("To: bob@example.test"));
        assert!(text.contains("Message-ID: <outbox-7@casegate.invalid>"));
        assert!(text.contains("Body"));
    }

    #[test]
    fn a_bad_recipient_is_an_error_not_a_panic() {
        let row = OutboxMessage {
            id: 1,
            company_id: None,
            to: "not an address".into(),
            subject: String::new(),
            body_text: String::new(),
            created_at: chrono::Utc::now(),
            attempts: 0,
        };
        assert!(build(&row).is_err());
    }
}
