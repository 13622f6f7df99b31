//! What the App says to a person when it refuses: a key of the message
//! catalogue with its arguments, never a sentence. The web UI renders it in
//! the reader's language, the API in English in its `message` (its `code`
//! stays the machine's answer); the catalogue is `crates/http/locales/*/
//! messages.ftl` (issue 9, item 4).

use std::fmt;

/// One argument of a [`Message`]: text as it is, or a count the catalogue
/// may choose its plural form by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageArg {
    Text(String),
    Count(u64),
    /// A moment, written in the reader's time zone and language.
    Time(casegate_core::Timestamp),
}

/// A message key (`app-…`) with its named arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    key: &'static str,
    args: Vec<(&'static str, MessageArg)>,
}

impl Message {
    /// The message `key` without arguments.
    pub const fn new(key: &'static str) -> Self {
        Message {
            key,
            args: Vec::new(),
        }
    }

    /// With the text argument `name`.
    #[must_use]
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, MessageArg::Text(value.into())));
        self
    }

    /// With the count argument `name`.
    #[must_use]
    pub fn count(mut self, name: &'static str, n: usize) -> Self {
        self.args.push((
            name,
            MessageArg::Count(u64::try_from(n).unwrap_or(u64::MAX)),
        ));
        self
    }

    /// With the moment `name`.
    #[must_use]
    pub fn time(mut self, name: &'static str, at: casegate_core::Timestamp) -> Self {
        self.args.push((name, MessageArg::Time(at)));
        self
    }

    /// The catalogue key.
    pub fn key(&self) -> &'static str {
        self.key
    }

    /// The arguments, in the order given.
    pub fn args(&self) -> &[(&'static str, MessageArg)] {
        &self.args
    }
}

/// The key and its arguments, for logs and test failures: `app-x(max=200)`.
/// People read the catalogue's rendering instead.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key)?;
        if self.args.is_empty() {
            return Ok(());
        }
        f.write_str("(")?;
        for (i, (name, value)) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            match value {
                MessageArg::Text(text) => write!(f, "{name}={text}")?,
                MessageArg::Count(n) => write!(f, "{name}={n}")?,
                MessageArg::Time(at) => write!(f, "{name}={}", at.to_rfc3339())?,
            }
        }
        f.write_str(")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_shows_its_key_and_arguments() {
        let m = Message::new("app-too-long")
            .count("max", 200)
            .with("field", "name");
        assert_eq!(m.to_string(), "app-too-long(max=200, field=name)");
        assert_eq!(Message::new("app-x").to_string(), "app-x");
    }
}
