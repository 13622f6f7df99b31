//! The App's refusals as the terminal says them: in English, from the same
//! message catalogue as the API's `message`.

use casegate_app::AppError;
use casegate_http::web::english;

/// Turns an app error into a message for the terminal.
pub(crate) fn describe(error: AppError) -> anyhow::Error {
    match error {
        AppError::Validation(fields) => {
            let detail: Vec<String> = fields
                .iter()
                .map(|(field, message)| format!("{field}: {}", english(message)))
                .collect();
            anyhow::anyhow!("invalid input: {}", detail.join("; "))
        }
        AppError::Forbidden(message) | AppError::Conflict(message) => {
            anyhow::anyhow!("{}", english(&message))
        }
        other => anyhow::anyhow!("{other}"),
    }
}

/// One line problem of an import, in English: "`email`: Enter an email …".
pub(crate) fn line_problem(error: &casegate_app::ImportLineError) -> String {
    match &error.field {
        Some(field) => format!("`{field}`: {}", english(&error.message)),
        None => english(&error.message),
    }
}
