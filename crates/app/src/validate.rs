//! Input validation shared by the use cases: names, emails, messages, tags,
//! passwords and cursors. Failures are collected per field, so one answer
//! names every bad field; nothing is written when any check fails.

use std::collections::BTreeMap;

use casegate_core::index::Cursor;

use crate::error::AppError;
use crate::message::Message;

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
    fields: BTreeMap<String, Message>,
}

impl Checks {
    pub(crate) fn new() -> Self {
        Checks::default()
    }

    /// Records a failure (the first per field wins).
    pub(crate) fn fail(&mut self, field: &str, message: Message) {
        self.fields.entry(field.to_owned()).or_insert(message);
    }

    /// `value` holds no control character (Unicode Cc; tab, line feed and
    /// carriage return too unless `long`, where a text may have lines).
    pub(crate) fn printable(&mut self, field: &str, value: &str, long: bool) {
        let allowed = |c: char| long && matches!(c, '\t' | '\n' | '\r');
        if value.chars().any(|c| c.is_control() && !allowed(c)) {
            self.fail(
                field,
                Message::new(if long {
                    "app-control-characters-long"
                } else {
                    "app-control-characters"
                }),
            );
        }
    }

    /// A name: trimmed, 1–200 characters, no control characters.
    pub(crate) fn name(&mut self, field: &str, value: &str) -> String {
        let trimmed = value.trim();
        let len = trimmed.chars().count();
        if len == 0 {
            self.fail(field, Message::new("app-empty"));
        } else if len > MAX_NAME {
            self.fail(field, too_long(MAX_NAME));
        }
        self.printable(field, trimmed, false);
        trimmed.to_owned()
    }

    /// An email: trimmed, lower-cased, an address as RFC 5322 has it (the
    /// `email_address` crate) with a domain of at least two labels, no
    /// display name or domain literal, at most 254 characters.
    pub(crate) fn email(&mut self, field: &str, value: &str) -> String {
        let email = value.trim().to_lowercase();
        if !looks_like_email(&email) {
            self.fail(field, Message::new("app-email-invalid"));
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
            self.fail(field, too_long(MAX_MESSAGE));
        }
        self.printable(field, value, true);
        Some(value.to_owned())
    }

    /// An optional short text (a phone number): at most 200 characters.
    pub(crate) fn optional_short(&mut self, field: &str, value: Option<&str>) -> Option<String> {
        let value = value.map(str::trim).filter(|v| !v.is_empty())?;
        if value.chars().count() > MAX_NAME {
            self.fail(field, too_long(MAX_NAME));
        }
        self.printable(field, value, false);
        Some(value.to_owned())
    }

    /// Tags: at most 50, each 1–100 characters after trimming, duplicates dropped.
    pub(crate) fn tags(&mut self, field: &str, tags: &[String]) -> Vec<String> {
        if tags.len() > MAX_TAGS {
            self.fail(
                field,
                Message::new("app-tags-too-many").count("max", MAX_TAGS),
            );
        }
        let mut out: Vec<String> = Vec::with_capacity(tags.len());
        for tag in tags {
            let tag = tag.trim();
            let len = tag.chars().count();
            if len == 0 || len > MAX_TAG {
                self.fail(field, Message::new("app-tag-length").count("max", MAX_TAG));
            } else if tag.chars().any(char::is_control) {
                self.fail(field, Message::new("app-control-characters"));
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

/// "must be at most {max} characters".
pub(crate) fn too_long(max: usize) -> Message {
    Message::new("app-too-long").count("max", max)
}

/// An address people can be written to: RFC 5322's `addr-spec` as the
/// `email_address` crate reads it, with a domain of at least two labels
/// (`a@b` is refused), no display name, no domain literal, no whitespace or
/// control character, at most 254 characters.
pub(crate) fn looks_like_email(email: &str) -> bool {
    let options = email_address::Options {
        minimum_sub_domains: 2,
        allow_domain_literal: false,
        allow_display_text: false,
    };
    email.chars().count() <= MAX_EMAIL
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && email_address::EmailAddress::parse_with_options(email, options).is_ok()
}

/// The incoming `?cursor=`, decoded; `Validation("cursor")` when malformed.
pub(crate) fn cursor(after: Option<&str>) -> Result<Option<Cursor>, AppError> {
    match after.filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Cursor::decode(s)
            .map(Some)
            .ok_or_else(|| AppError::invalid("cursor", Message::new("app-cursor-invalid"))),
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
        assert!(looks_like_email("ada@example.com"));
        assert!(looks_like_email("ada.lovelace+kyc@mail.example.dk"));
        assert!(!looks_like_email("a@b"));
        assert!(!looks_like_email("a\u{1}@b.test"));
        assert!(!looks_like_email("Ada <ada@example.com>"));
        assert!(!looks_like_email("ada@[127.0.0.1]"));
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
    fn control_characters_are_refused_but_lines_in_long_text() {
        let mut c = Checks::new();
        c.name("nul", "Ada\u{0}");
        c.name("newline", "Ada\nLovelace");
        c.name("c1", "A\u{85}da");
        c.optional_short("phone", Some("+45 12\u{7f}"));
        c.tags("tags", &["vip\tgold".to_owned()]);
        c.message("ok", Some("line one\r\nline two\tend"));
        c.message("bell", Some("ding\u{7}"));
        assert_eq!(
            c.name("plain", "Ada Lovelace, Ærø & Søn"),
            "Ada Lovelace, Ærø & Søn"
        );
        let Err(AppError::Validation(fields)) = c.finish() else {
            panic!("expected a validation error");
        };
        assert_eq!(
            fields.keys().collect::<Vec<_>>(),
            vec!["bell", "c1", "newline", "nul", "phone", "tags"]
        );
        assert_eq!(fields["bell"].key(), "app-control-characters-long");
        assert_eq!(fields["nul"].key(), "app-control-characters");
    }

    #[test]
    fn cursors_are_checked() {
        assert!(cursor(None).unwrap().is_none());
        assert!(cursor(Some("nope")).is_err());
    }
}
