//! The app layer's errors: one variant per outcome the API distinguishes.

use std::collections::BTreeMap;

use crate::message::Message;

/// What a use case can answer instead of success. The HTTP layer maps each
/// variant to its code of API.md in one exhaustive match.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No or bad credentials (401 `unauthenticated`).
    #[error("not signed in")]
    Unauthenticated,
    /// The actor's role or settings do not allow it (403 `forbidden`).
    #[error("{0}")]
    Forbidden(Message),
    /// A locked client (403 `access_denied`); `can_request` per A14/A17.
    #[error("you do not have access to this client")]
    AccessDenied { can_request: bool },
    /// A17 (403 `access_requests_disabled`).
    #[error("access requests are turned off for this company")]
    AccessRequestsDisabled,
    /// Unknown id, or an id of another company (404 `not_found`).
    #[error("not found")]
    NotFound,
    /// The state forbids it, e.g. a duplicate email (409 `conflict`).
    #[error("{0}")]
    Conflict(Message),
    /// A20: the deletion needs `?confirm=true` (409 `confirmation_required`).
    #[error("deleting this group needs confirmation")]
    ConfirmationRequired { clients: usize, users: usize },
    /// X11: deactivating a staff member who owns clients needs a successor
    /// first (409 `conflict`, with `owned_clients`).
    #[error(
        "this staff member owns {owned_clients} client(s): name a successor \
         (`successor_id`) to hand them over before deactivating"
    )]
    OwnsClients { owned_clients: usize },
    /// Bad input (422 `validation_failed`), field name -> message.
    #[error("the input is not valid")]
    Validation(BTreeMap<String, Message>),
    /// A single-use link was used already (410 `invitation_used`).
    #[error("this link was used already")]
    LinkUsed,
    /// A single-use link expired or was replaced by a newer one (410 `invitation_expired`).
    #[error("this link has expired")]
    LinkExpired,
    /// Too many failed attempts from this address (429 `rate_limited`, with
    /// `Retry-After`): try again after `retry_after`.
    #[error("too many attempts, try again later")]
    RateLimited { retry_after: std::time::Duration },
    /// `Casegate-At-Least` names a revision this server has not reached in time (503).
    #[error("revision `{0}` is not available yet")]
    RevisionUnavailable(u64),
    /// Anything unexpected: logged, answered 500 without details.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// A single-field validation error.
    pub fn invalid(field: &str, message: Message) -> Self {
        let mut fields = BTreeMap::new();
        fields.insert(field.to_owned(), message);
        AppError::Validation(fields)
    }
}

impl From<casegate_store::StoreError> for AppError {
    fn from(e: casegate_store::StoreError) -> Self {
        match e {
            casegate_store::StoreError::Conflict(what) => {
                tracing::debug!(what, "a unique constraint refused the write");
                AppError::Conflict(Message::new("app-already-exists"))
            }
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<casegate_core::IndexError> for AppError {
    fn from(e: casegate_core::IndexError) -> Self {
        AppError::Internal(format!("access index: {e}"))
    }
}
