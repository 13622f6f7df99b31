//! The web UI's strings: Fluent files under `crates/http/locales/`, compiled
//! into the binary, and the choice of language (the user's, or before sign-in
//! the browser's `Accept-Language`).

use std::borrow::Cow;
use std::collections::HashMap;

use axum::http::{HeaderMap, header};
use casegate_core::Language;
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

/// A translator for one language, handed to every template as `t`.
#[derive(Debug, Clone)]
pub struct Tr {
    lang: Language,
}

impl Tr {
    /// The translator of `lang`.
    pub fn new(lang: Language) -> Self {
        Tr { lang }
    }

    /// Before sign-in: the first of en/fr/da the browser asks for, else en.
    pub fn from_headers(headers: &HeaderMap) -> Self {
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
        let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        args.insert(
            Cow::Owned(name.to_owned()),
            FluentValue::from(value.to_owned()),
        );
        LOCALES
            .try_lookup_with_args(self.id(), key, &args)
            .unwrap_or_else(|| key.to_owned())
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
}
