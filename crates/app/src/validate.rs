//! Input validation shared by the use cases: names, emails, messages, tags,
//! passwords and cursors. Failures are collected per field, so one answer
//! names every bad field; nothing is written when any check fails.

use std::collections::BTreeMap;

use casegate_core::index::Cursor;

use crate::error::AppError;

/// Longest name (users, groups, clients, companies), in characters.
pub(crate) const MAX_NAME: usize = 200;
/// Longest email address.
pub(crate) const MAX_EMAIL: usize = 254;
/// Longest message or reason (A14, A16).
pub(crate) const MAX_MESSAGE: usize = 2000;
/// Most tags on a client, and the longest tag.
pub(crate) const MAX_TAGS: usize = 50;
pub(crate) const MAX_TAG: usize = 100;
/// Largest page.
pub(crate) const MAX_LIMIT: usize = 500;

/// Collects field errors; [`Checks::finish`] turns them into one answer.
#[derive(Debug, Default)]
pub(crate) struct Checks {
    fields: BTreeMap<String, String>,
}

impl Checks {
    pub(crate) fn new() -> Self {
        Checks::default()
    }

    /// Records a failure (the first per field wins).
    pub(crate) fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.fields
            .entry(field.to_owned())
            .or_insert_with(|| message.into());
    }

    /// A name: trimmed, 1–200 characters.
    pub(crate) fn name(&mut self, field: &str, value: &str) -> String {
        let trimmed = value.trim();
        let len = trimmed.chars().count();
        if len == 0 {
            self.fail(field, "must not be empty");
        } else if len > MAX_NAME {
            self.fail(field, format!("must be at most {MAX_NAME} characters"));
        }
        trimmed.to_owned()
    }

    /// An email: trimmed, lower-cased, one `@` with text on both sides, no
    /// spaces, at most 254 characters.
    pub(crate) fn email(&mut self, field: &str, value: &str) -> String {
        let email = value.trim().to_lowercase();
        if !looks_like_email(&email) {
            self.fail(field, "must be an email address like `name@example.com`");
        }
        email
    }

    /// An optional email (a client's): empty means none.
    pub(crate) fn optional_email(&mut self, field: &str, value: Option<&str>) -> Option<String> {
        let value = value.map(str::trim).filter(|v| !v.is_empty())?;
        Some(self.email(field, value))
    }

    /// An optional free text of at most 2,000 characters; empty means none.
    pub(crate) fn message(&mut self, field: &str, value: Option<&str>) -> Option<String> {
        let value = value.map(str::trim).filter(|v| !v.is_empty())?;
        if value.chars().count() > MAX_MESSAGE {
            self.fail(field, format!("must be at most {MAX_MESSAGE} characters"));
        }
        Some(value.to_owned())
    }

    /// An optional short text (a phone number): at most 200 characters.
    pub(crate) fn optional_short(&mut self, field: &str, value: Option<&str>) -> Option<String> {
        let value = value.map(str::trim).filter(|v| !v.is_empty())?;
        if value.chars().count() > MAX_NAME {
            self.fail(field, format!("must be at most {MAX_NAME} characters"));
        }
        Some(value.to_owned())
    }

    /// Tags: at most 50, each 1–100 characters after trimming, duplicates dropped.
    pub(crate) fn tags(&mut self, field: &str, tags: &[String]) -> Vec<String> {
        if tags.len() > MAX_TAGS {
            self.fail(field, format!("at most {MAX_TAGS} tags"));
        }
        let mut out: Vec<String> = Vec::with_capacity(tags.len());
        for tag in tags {
            let tag = tag.trim();
            let len = tag.chars().count();
            if len == 0 || len > MAX_TAG {
                self.fail(field, format!("each tag must be 1 to {MAX_TAG} characters"));
            } else if !out.iter().any(|t| t == tag) {
                out.push(tag.to_owned());
            }
        }
        out
    }

    /// `Ok` when nothing failed, else `Validation` naming every bad field.
    pub(crate) fn finish(self) -> Result<(), AppError> {
        if self.fields.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.fields))
        }
    }
}

/// One `@` with text on both sides, no whitespace, at most 254 characters.
pub(crate) fn looks_like_email(email: &str) -> bool {
    let mut parts = email.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && email.chars().count() <= MAX_EMAIL
        && !email.chars().any(char::is_whitespace)
}

/// The incoming `?cursor=`, decoded; `Validation("cursor")` when malformed.
pub(crate) fn cursor(after: Option<&str>) -> Result<Option<Cursor>, AppError> {
    match after.filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Cursor::decode(s)
            .map(Some)
            .ok_or_else(|| AppError::invalid("cursor", "is not a cursor of this list")),
    }
}

/// A page size within 1..=500.
pub(crate) fn limit(limit: usize) -> usize {
    limit.clamp(1, MAX_LIMIT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_need_one_at_with_text_around_it() {
        assert!(looks_like_email("a@b"));
        assert!(!looks_like_email("a@"));
        assert!(!looks_like_email("@b"));
        assert!(!looks_like_email("a@b@c"));
        assert!(!looks_like_email("a b@c"));
        assert!(!looks_like_email(&format!("{}@b", "a".repeat(260))));
    }

    #[test]
    fn checks_name_every_bad_field() {
        let mut c = Checks::new();
        assert_eq!(c.name("name", "  Ada  "), "Ada");
        c.name("group", "   ");
        c.tags("tags", &["x".repeat(101)]);
        c.message("message", Some(&"m".repeat(2001)));
        let Err(AppError::Validation(fields)) = c.finish() else {
            panic!("expected a validation error");
        };
        assert_eq!(
            fields.keys().collect::<Vec<_>>(),
            vec!["group", "message", "tags"]
        );
    }

    #[test]
    fn cursors_are_checked() {
        assert!(cursor(None).unwrap().is_none());
        assert!(cursor(Some("nope")).is_err());
    }
}
