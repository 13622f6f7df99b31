//! Every email text casegate sends, one function per message, each written
//! in English, French and Danish and chosen by the RECIPIENT's language (X7),
//! with dates as that language writes them. No text here ever carries a
//! client's contact fields (B8): only names, messages, reasons and links.

use casegate_core::{Language, Timestamp};
use chrono::Datelike;

/// A subject and a plain-text body.
pub(crate) type Text = (String, String);

/// A15: a staff member asks for access to a client; `expires` is when the
/// request lapses (A16, 30 days).
pub(crate) fn access_requested(
    language: Language,
    recipient: &str,
    requester: &str,
    client: &str,
    message: Option<&str>,
    link: &str,
    expires: &Timestamp,
) -> Text {
    let until = date(language, expires);
    match language {
        Language::En => {
            let message = message
                .map(|m| format!("Their message:\n\n{}\n\n", quote(m)))
                .unwrap_or_default();
            (
                format!("{requester} asks for access to {client}"),
                format!(
                    "Hello {recipient},\n\n\
                     {requester} asks for access to the client {client}.\n\n\
                     {message}\
                     Approve or deny the request here:\n{link}\n\n\
                     The first decision counts; the request expires on {until}.\n"
                ),
            )
        }
        Language::Fr => {
            let message = message
                .map(|m| format!("Son message :\n\n{}\n\n", quote(m)))
                .unwrap_or_default();
            (
                format!("{requester} demande l’accès à {client}"),
                format!(
                    "Bonjour {recipient},\n\n\
                     {requester} demande l’accès au dossier client {client}.\n\n\
                     {message}\
                     Acceptez ou refusez la demande ici :\n{link}\n\n\
                     La première décision prise s’applique ; la demande expire le {until}.\n"
                ),
            )
        }
        Language::Da => {
            let message = message
                .map(|m| format!("Besked fra {requester}:\n\n{}\n\n", quote(m)))
                .unwrap_or_default();
            (
                format!("{requester} beder om adgang til {client}"),
                format!(
                    "Hej {recipient}\n\n\
                     {requester} beder om adgang til kunden {client}.\n\n\
                     {message}\
                     Godkend eller afvis anmodningen her:\n{link}\n\n\
                     Den første beslutning gælder; anmodningen udløber den {until}.\n"
                ),
            )
        }
    }
}

/// A16: the request was approved on `at`.
pub(crate) fn request_approved(
    language: Language,
    requester: &str,
    client: &str,
    decider: &str,
    link: &str,
    at: &Timestamp,
) -> Text {
    let on = date(language, at);
    match language {
        Language::En => (
            format!("Your access to {client} was approved"),
            format!(
                "Hello {requester},\n\n\
                 {decider} approved your request on {on}: you now have access to the client {client}.\n\n\
                 Open it here:\n{link}\n"
            ),
        ),
        Language::Fr => (
            format!("Votre accès à {client} a été accordé"),
            format!(
                "Bonjour {requester},\n\n\
                 {decider} a accepté votre demande le {on} : vous avez désormais accès au \
                 dossier client {client}.\n\n\
                 Ouvrez-le ici :\n{link}\n"
            ),
        ),
        Language::Da => (
            format!("Din adgang til {client} er godkendt"),
            format!(
                "Hej {requester}\n\n\
                 {decider} godkendte din anmodning den {on}: Du har nu adgang til kunden {client}.\n\n\
                 Åbn den her:\n{link}\n"
            ),
        ),
    }
}

/// A16: the request was denied on `at`, with the optional reason.
pub(crate) fn request_denied(
    language: Language,
    requester: &str,
    client: &str,
    decider: &str,
    reason: Option<&str>,
    at: &Timestamp,
) -> Text {
    let on = date(language, at);
    match language {
        Language::En => {
            let reason = reason
                .map(|r| format!("\nThe reason given:\n\n{}\n", quote(r)))
                .unwrap_or_default();
            (
                format!("Your request for access to {client} was denied"),
                format!(
                    "Hello {requester},\n\n\
                     {decider} denied your request for access to the client {client} on {on}.\n\
                     {reason}"
                ),
            )
        }
        Language::Fr => {
            let reason = reason
                .map(|r| format!("\nMotif indiqué :\n\n{}\n", quote(r)))
                .unwrap_or_default();
            (
                format!("Votre demande d’accès à {client} a été refusée"),
                format!(
                    "Bonjour {requester},\n\n\
                     {decider} a refusé le {on} votre demande d’accès au dossier client {client}.\n\
                     {reason}"
                ),
            )
        }
        Language::Da => {
            let reason = reason
                .map(|r| format!("\nBegrundelse:\n\n{}\n", quote(r)))
                .unwrap_or_default();
            (
                format!("Din anmodning om adgang til {client} er afvist"),
                format!(
                    "Hej {requester}\n\n\
                     {decider} afviste den {on} din anmodning om adgang til kunden {client}.\n\
                     {reason}"
                ),
            )
        }
    }
}

/// A day as `language` writes it in a letter, in UTC:
/// "6 January 2025", "6 janvier 2025", "6. januar 2025".
pub(crate) fn date(language: Language, at: &Timestamp) -> String {
    let month = usize::try_from(at.month0()).unwrap_or(0);
    let (day, year) = (at.day(), at.year());
    let names: [&str; 12] = match language {
        Language::En => [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        Language::Fr => [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        Language::Da => [
            "januar",
            "februar",
            "marts",
            "april",
            "maj",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "december",
        ],
    };
    let name = names.get(month).copied().unwrap_or("");
    match language {
        // French writes the first of the month as an ordinal: "1er janvier".
        Language::Fr if day == 1 => format!("1er {name} {year}"),
        Language::En | Language::Fr => format!("{day} {name} {year}"),
        Language::Da => format!("{day}. {name} {year}"),
    }
}

/// Quotes a user's text, one `> ` per line.
pub(crate) fn quote(text: &str) -> String {
    text.lines()
        .map(|l| format!("> {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32) -> Timestamp {
        chrono::Utc.with_ymd_and_hms(y, m, d, 9, 0, 0).unwrap()
    }

    #[test]
    fn a_request_email_carries_the_message_and_the_link() {
        let (subject, body) = access_requested(
            Language::En,
            "Ada",
            "Bob",
            "Acme Ltd",
            Some("please\nthanks"),
            "http://x/requests/1",
            &at(2025, 2, 5),
        );
        assert_eq!(subject, "Bob asks for access to Acme Ltd");
        assert!(body.contains("> please\n> thanks"));
        assert!(body.contains("http://x/requests/1"));
        assert!(body.contains("expires on 5 February 2025"));
    }

    #[test]
    fn a_denial_carries_its_reason_in_the_recipients_language() {
        let (subject, body) = request_denied(
            Language::Fr,
            "Bob",
            "Acme",
            "Ada",
            Some("non"),
            &at(2025, 1, 1),
        );
        assert_eq!(subject, "Votre demande d’accès à Acme a été refusée");
        assert!(body.contains("Ada a refusé le 1er janvier 2025") && body.contains("> non"));
        let (_, body) = request_denied(Language::Da, "Bob", "Acme", "Ada", None, &at(2025, 3, 6));
        assert!(body.contains("Ada afviste den 6. marts 2025"), "{body}");
    }

    #[test]
    fn dates_follow_the_language() {
        let day = at(2026, 8, 15);
        assert_eq!(date(Language::En, &day), "15 August 2026");
        assert_eq!(date(Language::Fr, &day), "15 août 2026");
        assert_eq!(date(Language::Da, &day), "15. august 2026");
    }

    #[test]
    fn every_text_exists_in_every_language() {
        let day = at(2025, 1, 6);
        let mut seen = Vec::new();
        for lang in [Language::En, Language::Fr, Language::Da] {
            let texts = [
                access_requested(lang, "Ada", "Bob", "Acme", Some("m"), "http://x/r", &day),
                request_approved(lang, "Bob", "Acme", "Ada", "http://x/c", &day),
                request_denied(lang, "Bob", "Acme", "Ada", Some("r"), &day),
            ];
            for (subject, body) in texts {
                assert!(!seen.contains(&subject), "{subject} is not translated");
                seen.push(subject);
                assert!(!body.contains("//login"), "{body}");
            }
        }
    }
}
