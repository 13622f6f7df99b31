//! The store's one error type, and how sqlx errors become it: a unique
//! violation is a [`StoreError::Conflict`], a value that does not decode is
//! [`StoreError::Corrupt`], anything else is [`StoreError::Database`].

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Anything unexpected (connection lost, constraint other than uniqueness,
    /// an update that found no row, ...): log it, answer 500.
    #[error("database error: {0}")]
    Database(String),
    /// A unique violation (duplicate email, duplicate live group name, ...): 409.
    #[error("already exists: {0}")]
    Conflict(String),
    /// A stored value that does not parse back into the model.
    #[error("stored data is malformed: {0}")]
    Corrupt(String),
    /// The migrations could not be applied.
    #[error("migration failed: {0}")]
    Migrate(String),
    /// A database url that is neither `sqlite:` nor `postgres:`.
    #[error("unsupported database url `{0}`")]
    UnsupportedUrl(String),
}

/// The result of every store operation.
pub type Result<T> = std::result::Result<T, StoreError>;

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match error {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Conflict(db.constraint().unwrap_or(db.message()).to_owned())
            }
            sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_) => {
                StoreError::Corrupt(error.to_string())
            }
            other => StoreError::Database(other.to_string()),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(error: sqlx::migrate::MigrateError) -> Self {
        StoreError::Migrate(error.to_string())
    }
}

/// Converts a sqlx error, naming the conflict with `what` (e.g. "email `a@b.c`")
/// when it is a unique violation.
pub(crate) fn conflict_as(error: sqlx::Error, what: impl FnOnce() -> String) -> StoreError {
    match StoreError::from(error) {
        StoreError::Conflict(_) => StoreError::Conflict(what()),
        other => other,
    }
}

/// The error of an update or delete that was expected to touch a row and did not.
pub(crate) fn missing(what: &str, id: impl std::fmt::Display) -> StoreError {
    StoreError::Database(format!("no {what} `{id}` to update"))
}
