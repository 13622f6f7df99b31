//! The web UI's strings: Fluent files under `crates/http/locales/`, compiled
//! into the binary, and the choice of language (the user's, or before sign-in
//! the browser's `Accept-Language`).

use std::borrow::Cow;
use std::collections::HashMap;

use axum::http::{HeaderMap, header};
use casegate_core::Language;
use casegate_core::time::Tz;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid, static_loader};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EN: LanguageIdentifier = langid!("en");
static FR: LanguageIdentifier = langid!("fr");
static DA: LanguageIdentifier = langid!("da");

/// A translator for one language, handed to every template as `t`, with
/// the time zone its dates are written in (the viewer's own, else their
/// company's; UTC before sign-in).
#[derive(Debug, Clone)]
pub struct Tr {
    lang: Language,
    zone: Tz,
}

impl Tr {
    /// The translator of `lang`, writing dates in UTC.
    pub fn new(lang: Language) -> Self {
        Tr {
            lang,
            zone: Tz::UTC,
        }
    }

    /// The same translator, writing dates in `zone`.
    pub fn with_zone(self, zone: Tz) -> Self {
        Tr { zone, ..self }
    }

    /// The zone dates are written in.
    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// Before sign-in: the first of en/fr/da the browser asks for, else en.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let chosen = super::cookie(headers, super::LANG_COOKIE);
        if let Some(lang) = chosen.as_deref().and_then(|c| match c {
            "en" => Some(Language::En),
            "fr" => Some(Language::Fr),
            "da" => Some(Language::Da),
            _ => None,
        }) {
            return Tr::new(lang);
        }
        let accept = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        Tr::new(pick(accept))
    }

    fn id(&self) -> &'static LanguageIdentifier {
        match self.lang {
            Language::Fr => &FR,
            Language::Da => &DA,
            Language::En => &EN,
        }
    }

    /// The `lang` attribute of `<html>`.
    pub fn code(&self) -> &'static str {
        match self.lang {
            Language::Fr => "fr",
            Language::Da => "da",
            Language::En => "en",
        }
    }

    /// The text of `key`; the key itself when it is missing.
    pub fn get(&self, key: &str) -> String {
        LOCALES
            .try_lookup(self.id(), key)
            .unwrap_or_else(|| key.to_owned())
    }

    /// The text of `key` with one argument `name` = `value`.
    pub fn arg(&self, key: &str, name: &str, value: &str) -> String {
        self.args(key, &[(name, value)])
    }

    /// The text of `key` with the arguments `(name, value)`.
    pub fn args(&self, key: &str, pairs: &[(&str, &str)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = pairs
            .iter()
            .map(|(name, value)| {
                (
                    Cow::Owned((*name).to_owned()),
                    FluentValue::from((*value).to_owned()),
                )
            })
            .collect();
        LOCALES
            .try_lookup_with_args(self.id(), key, &args)
            .unwrap_or_else(|| key.to_owned())
    }
}

impl Tr {
    /// A message of the App (`app-…` in `messages.ftl`) in this language:
    /// counts as numbers (so the catalogue picks the plural), moments in
    /// this zone. The key itself where the catalogue lacks it (a test makes
    /// sure none does).
    pub fn message(&self, message: &casegate_app::Message) -> String {
        use casegate_app::MessageArg;
        let args: HashMap<Cow<'static, str>, FluentValue> = message
            .args()
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    MessageArg::Text(text) => FluentValue::from(text.clone()),
                    MessageArg::Count(n) => FluentValue::from(*n),
                    MessageArg::Time(at) => FluentValue::from(self.datetime(at)),
                };
                (Cow::Borrowed(*name), value)
            })
            .collect();
        LOCALES
            .try_lookup_with_args(self.id(), message.key(), &args)
            .unwrap_or_else(|| message.key().to_owned())
    }
}

/// A message of the App in English, as the API's `message` and the command
/// line say it.
pub fn english(message: &casegate_app::Message) -> String {
    Tr::new(Language::En).message(message)
}

impl Tr {
    /// A moment as this language writes it, to the minute, in the
    /// translator's zone with its abbreviation: "30 Nov 2026, 14:05 CET",
    /// "30 nov. 2026 à 14:05 CET", "30. nov. 2026 kl. 14.05 CET".
    pub fn datetime(&self, at: &casegate_core::Timestamp) -> String {
        use chrono::{Datelike, Timelike};
        let at = at.with_timezone(&self.zone);
        let abbreviation = at.format("%Z").to_string();
        let month = usize::try_from(at.month0()).unwrap_or(0);
        let (day, year, hour, minute) = (at.day(), at.year(), at.hour(), at.minute());
        let name = |names: [&'static str; 12]| names.get(month).copied().unwrap_or("");
        match self.lang {
            Language::En => format!(
                "{day} {} {year}, {hour:02}:{minute:02} {abbreviation}",
                name([
                    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                    "Dec"
                ])
            ),
            Language::Fr => format!(
                "{day} {} {year} à {hour:02}:{minute:02} {abbreviation}",
                name([
                    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
                    "oct.", "nov.", "déc."
                ])
            ),
            Language::Da => format!(
                "{day}. {} {year} kl. {hour:02}.{minute:02} {abbreviation}",
                name([
                    "jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.",
                    "nov.", "dec."
                ])
            ),
        }
    }

    /// A moment as a `datetime-local` input holds it, in the translator's
    /// zone: "2026-11-30T14:05".
    pub fn datetime_input(&self, at: &casegate_core::Timestamp) -> String {
        at.with_timezone(&self.zone)
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    }

    /// A `datetime-local` input's value ("2026-12-01T09:30"), read in the
    /// translator's zone; `None` when it is not one, or names a moment the
    /// zone skips.
    pub fn read_datetime_input(&self, text: &str) -> Option<casegate_core::Timestamp> {
        let local = chrono::NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M").ok()?;
        casegate_core::time::local_to_utc(local, self.zone)
    }

    /// A date alone: "30 Nov 2026", "30 nov. 2026", "30. nov. 2026".
    pub fn date(&self, at: &casegate_core::Timestamp) -> String {
        let full = self.datetime(at);
        let cut = match self.lang {
            Language::En => full.find(','),
            Language::Fr => full.find(" à "),
            Language::Da => full.find(" kl. "),
        };
        cut.and_then(|i| full.get(..i)).unwrap_or(&full).to_owned()
    }

    /// The time of day alone, to the minute, as this language writes it
    /// in [`Tr::datetime`]: "05:56", "05:56", "05.56".
    pub fn time(&self, at: &casegate_core::Timestamp) -> String {
        use chrono::Timelike;
        let (hour, minute) = (at.hour(), at.minute());
        match self.lang {
            Language::En | Language::Fr => format!("{hour:02}:{minute:02}"),
            Language::Da => format!("{hour:02}.{minute:02}"),
        }
    }

    /// A whole number with this language's thousands separator:
    /// "12,345", "12 345" (narrow no-break space), "12.345".
    pub fn number(&self, n: u64) -> String {
        let sep = match self.lang {
            Language::En => ",",
            Language::Fr => "\u{202f}",
            Language::Da => ".",
        };
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + 4);
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(ch);
        }
        out
    }
}

/// The best of en/fr/da for an `Accept-Language` value (in the order given;
/// weights are not reordered, browsers list the preferred first).
fn pick(accept: &str) -> Language {
    for part in accept.split(',') {
        let tag = part
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let primary = tag.split('-').next().unwrap_or("");
        match primary {
            "en" => return Language::En,
            "fr" => return Language::Fr,
            "da" => return Language::Da,
            _ => {}
        }
    }
    Language::En
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_first_known() {
        assert_eq!(pick("da-DK,da;q=0.9,en;q=0.8"), Language::Da);
        assert_eq!(pick("de-DE, fr;q=0.5"), Language::Fr);
        assert_eq!(pick(""), Language::En);
    }

    #[test]
    fn every_language_has_the_sign_in_title() {
        for lang in [Language::En, Language::Fr, Language::Da] {
            let text = Tr::new(lang).get("login-title");
            assert_ne!(text, "login-title");
        }
        assert_eq!(Tr::new(Language::Fr).get("login-title"), "Connexion");
    }

    #[test]
    fn dates_and_numbers_follow_the_language() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-30T14:05:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(
            Tr::new(Language::En).datetime(&at),
            "30 Nov 2026, 14:05 UTC"
        );
        assert_eq!(
            Tr::new(Language::Fr).datetime(&at),
            "30 nov. 2026 à 14:05 UTC"
        );
        assert_eq!(
            Tr::new(Language::Da).datetime(&at),
            "30. nov. 2026 kl. 14.05 UTC"
        );
        assert_eq!(Tr::new(Language::Da).date(&at), "30. nov. 2026");
        assert_eq!(Tr::new(Language::En).number(1_234_567), "1,234,567");
        assert_eq!(Tr::new(Language::Fr).number(12_345), "12\u{202f}345");
        assert_eq!(Tr::new(Language::Da).number(999), "999");
    }
}
