//! The "notify by email" message of a new share (A4), in English, French
//! and Danish, chosen by the RECIPIENT's language (X7). Like every text in
//! `mail`, it names people, the client and the group, quotes the sharer's
//! message and links to the client; never a client's contact fields (B8).

use casegate_core::Language;

use super::text::{Text, quote};

/// Through what the recipient got access: a direct share, or a group they
/// are a member of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Via<'a> {
    Direct,
    Group(&'a str),
}

/// A4: `sharer` gave `recipient` access to `client` (directly or through a
/// group), with an optional message; `link` opens the client.
pub(crate) fn shared_with_you(
    language: Language,
    recipient: &str,
    sharer: &str,
    client: &str,
    via: Via<'_>,
    message: Option<&str>,
    link: &str,
) -> Text {
    match language {
        Language::En => {
            let how = match via {
                Via::Direct => format!("{sharer} shared the client {client} with you."),
                Via::Group(group) => format!(
                    "{sharer} shared the client {client} with the group {group}, \
                     of which you are a member."
                ),
            };
            let message = message
                .map(|m| format!("Their message:\n\n{}\n\n", quote(m)))
                .unwrap_or_default();
            (
                format!("{sharer} shared {client} with you"),
                format!(
                    "Hello {recipient},\n\n\
                     {how}\n\n\
                     {message}\
                     Open it here:\n{link}\n"
                ),
            )
        }
        Language::Fr => {
            let how = match via {
                Via::Direct => {
                    format!("{sharer} a partagé le dossier client {client} avec vous.")
                }
                Via::Group(group) => format!(
                    "{sharer} a partagé le dossier client {client} avec le groupe {group}, \
                     dont vous êtes membre."
                ),
            };
            let message = message
                .map(|m| format!("Son message :\n\n{}\n\n", quote(m)))
                .unwrap_or_default();
            (
                format!("{sharer} a partagé {client} avec vous"),
                format!(
                    "Bonjour {recipient},\n\n\
                     {how}\n\n\
                     {message}\
                     Ouvrez-le ici :\n{link}\n"
                ),
            )
        }
        Language::Da => {
            let how = match via {
                Via::Direct => format!("{sharer} har delt kunden {client} med dig."),
                Via::Group(group) => format!(
                    "{sharer} har delt kunden {client} med gruppen {group}, \
                     som du er medlem af."
                ),
            };
            let message = message
                .map(|m| format!("Besked fra {sharer}:\n\n{}\n\n", quote(m)))
                .unwrap_or_default();
            (
                format!("{sharer} har delt {client} med dig"),
                format!(
                    "Hej {recipient}\n\n\
                     {how}\n\n\
                     {message}\
                     Åbn den her:\n{link}\n"
                ),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_email_names_the_sharer_the_client_and_quotes_the_message() {
        let (subject, body) = shared_with_you(
            Language::En,
            "Bob",
            "Ada",
            "Initech",
            Via::Direct,
            Some("Please look\nat the KYC file"),
            "http://x/clients/1",
        );
        assert_eq!(subject, "Ada shared Initech with you");
        assert!(body.contains("Ada shared the client Initech with you."));
        assert!(body.contains("> Please look\n> at the KYC file"));
        assert!(body.ends_with("http://x/clients/1\n"));
    }

    #[test]
    fn a_share_email_is_in_the_recipients_language_and_says_the_group() {
        let (subject, body) = shared_with_you(
            Language::Fr,
            "Bob",
            "Ada",
            "Initech",
            Via::Group("Audit"),
            None,
            "http://x/clients/1",
        );
        assert_eq!(subject, "Ada a partagé Initech avec vous");
        assert!(body.contains("avec le groupe Audit, dont vous êtes membre"));
        assert!(!body.contains("message"), "{body}");
        let (subject, body) = shared_with_you(
            Language::Da,
            "Bob",
            "Ada",
            "Initech",
            Via::Group("Revision"),
            Some("Tak"),
            "http://x/clients/1",
        );
        assert_eq!(subject, "Ada har delt Initech med dig");
        assert!(body.contains("med gruppen Revision, som du er medlem af"));
        assert!(body.contains("Besked fra Ada:\n\n> Tak"));
    }
}
