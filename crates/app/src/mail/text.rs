//! Every email text casegate sends, one function per message, each taking
//! the recipient's language (X7). Only English is written so far; French and
//! Danish fall back to it until their translations land here.

use casegate_core::Language;

/// A subject and a plain-text body.
pub(crate) type Text = (String, String);

/// Sent when an admin creates a user without a password.
pub(crate) fn invitation(
    language: Language,
    name: &str,
    inviter: &str,
    company: &str,
    public_url: &str,
) -> Text {
    match language {
        Language::En | Language::Fr | Language::Da => (
            format!("You have been invited to {company} on casegate"),
            format!(
                "Hello {name},\n\n\
                 {inviter} has added you to {company} on casegate.\n\n\
                 Sign in at {public_url}/login once your administrator has given you a password.\n"
            ),
        ),
    }
}

/// A15: a staff member asks for access to a client.
pub(crate) fn access_requested(
    language: Language,
    recipient: &str,
    requester: &str,
    client: &str,
    message: Option<&str>,
    link: &str,
) -> Text {
    match language {
        Language::En | Language::Fr | Language::Da => {
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
                     The first decision counts; the request expires after 30 days.\n"
                ),
            )
        }
    }
}

/// A16: the request was approved.
pub(crate) fn request_approved(
    language: Language,
    requester: &str,
    client: &str,
    decider: &str,
    link: &str,
) -> Text {
    match language {
        Language::En | Language::Fr | Language::Da => (
            format!("Your access to {client} was approved"),
            format!(
                "Hello {requester},\n\n\
                 {decider} approved your request: you now have access to the client {client}.\n\n\
                 Open it here:\n{link}\n"
            ),
        ),
    }
}

/// A16: the request was denied, with the optional reason.
pub(crate) fn request_denied(
    language: Language,
    requester: &str,
    client: &str,
    decider: &str,
    reason: Option<&str>,
) -> Text {
    match language {
        Language::En | Language::Fr | Language::Da => {
            let reason = reason
                .map(|r| format!("\nThe reason given:\n\n{}\n", quote(r)))
                .unwrap_or_default();
            (
                format!("Your request for access to {client} was denied"),
                format!(
                    "Hello {requester},\n\n\
                     {decider} denied your request for access to the client {client}.\n\
                     {reason}"
                ),
            )
        }
    }
}

/// Quotes a user's text, one `> ` per line.
fn quote(text: &str) -> String {
    text.lines()
        .map(|l| format!("> {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_email_carries_the_message_and_the_link() {
        let (subject, body) = access_requested(
            Language::En,
            "Ada",
            "Bob",
            "Acme Ltd",
            Some("please\nthanks"),
            "http://x/requests/1",
        );
        assert_eq!(subject, "Bob asks for access to Acme Ltd");
        assert!(body.contains("> please\n> thanks"));
        assert!(body.contains("http://x/requests/1"));
    }

    #[test]
    fn a_denial_carries_its_reason() {
        let (_, body) = request_denied(Language::Fr, "Bob", "Acme", "Ada", Some("no"));
        assert!(body.contains("Ada denied") && body.contains("> no"));
    }
}
