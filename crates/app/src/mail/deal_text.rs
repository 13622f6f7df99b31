//! The deal desk's emails (Part C), in English, French and Danish, chosen
//! by the RECIPIENT's language (X7): an invitation to follow a file (C2, an
//! unknown address), and access given to a file (C2, a known account). Each
//! names the inviter, their company, the file and the role the recipient's
//! entity takes in it ("Cédric of Nordlys Advisory invited you to follow
//! Deal X as a lender"), and links to the desk; never a file's contents.
//! French puts the company in brackets ("Cédric (Acme)"): "de" before a
//! vowel would need an elision a template cannot make.

use casegate_core::deal::DealRole;
use casegate_core::{Language, Timestamp};

use super::text::{Text, date};

/// The role in the recipient's language, as it follows "as" / "en tant que" / "som".
pub(crate) fn role_word(language: Language, role: DealRole) -> &'static str {
    match (language, role) {
        (Language::En, DealRole::Lender) => "a lender",
        (Language::En, DealRole::Borrower) => "a borrower",
        (Language::En, DealRole::Guarantor) => "a guarantor",
        (Language::En, DealRole::Advisor) => "an advisor",
        (Language::En, DealRole::Other) => "a participant",
        (Language::Fr, DealRole::Lender) => "prêteur",
        (Language::Fr, DealRole::Borrower) => "emprunteur",
        (Language::Fr, DealRole::Guarantor) => "garant",
        (Language::Fr, DealRole::Advisor) => "conseil",
        (Language::Fr, DealRole::Other) => "participant",
        (Language::Da, DealRole::Lender) => "långiver",
        (Language::Da, DealRole::Borrower) => "låntager",
        (Language::Da, DealRole::Guarantor) => "kautionist",
        (Language::Da, DealRole::Advisor) => "rådgiver",
        (Language::Da, DealRole::Other) => "deltager",
    }
}

/// What the deal emails name.
pub(crate) struct DealMail<'a> {
    pub(crate) recipient: &'a str,
    pub(crate) inviter: &'a str,
    pub(crate) company: &'a str,
    pub(crate) file: &'a str,
    pub(crate) entity: &'a str,
    pub(crate) role: DealRole,
    pub(crate) link: &'a str,
}

/// C2, AC1: an unknown address is invited to follow a file; `link` lets
/// them choose a password, until `expires`.
pub(crate) fn invited_to_file(language: Language, m: &DealMail<'_>, expires: &Timestamp) -> Text {
    let until = date(language, expires);
    let role = role_word(language, m.role);
    let DealMail {
        recipient,
        inviter,
        company,
        file,
        entity,
        link,
        ..
    } = m;
    match language {
        Language::En => (
            format!("{inviter} of {company} invited you to follow {file}"),
            format!(
                "Hello {recipient},\n\n\
                 {inviter} of {company} invited you to follow {file} as {role}, for {entity}.\n\n\
                 Choose your password here to sign in (the link works once, until {until}):\n\
                 {link}\n\n\
                 You will see the files you follow, their shared documents and who \
                 manages each one.\n"
            ),
        ),
        Language::Fr => (
            format!("{inviter} ({company}) vous invite à suivre {file}"),
            format!(
                "Bonjour {recipient},\n\n\
                 {inviter} ({company}) vous invite à suivre le dossier {file} en tant que \
                 {role}, pour {entity}.\n\n\
                 Choisissez votre mot de passe ici pour vous connecter (le lien sert une \
                 fois, jusqu’au {until}) :\n{link}\n\n\
                 Vous verrez les dossiers que vous suivez, leurs documents partagés et qui \
                 gère chacun d’eux.\n"
            ),
        ),
        Language::Da => (
            format!("{inviter} fra {company} har inviteret dig til at følge {file}"),
            format!(
                "Hej {recipient}\n\n\
                 {inviter} fra {company} har inviteret dig til at følge sagen {file} som \
                 {role} for {entity}.\n\n\
                 Vælg din adgangskode her for at logge ind (linket virker én gang, indtil \
                 {until}):\n{link}\n\n\
                 Du vil se de sager, du følger, deres delte dokumenter, og hvem der \
                 styrer hver af dem.\n"
            ),
        ),
    }
}

/// C2: a known account was given a file; `link` opens it on the desk.
pub(crate) fn given_file(language: Language, m: &DealMail<'_>) -> Text {
    let role = role_word(language, m.role);
    let DealMail {
        recipient,
        inviter,
        company,
        file,
        entity,
        link,
        ..
    } = m;
    match language {
        Language::En => (
            format!("{inviter} of {company} gave you access to {file}"),
            format!(
                "Hello {recipient},\n\n\
                 {inviter} of {company} gave you access to {file} as {role}, for {entity}.\n\n\
                 Open it here:\n{link}\n"
            ),
        ),
        Language::Fr => (
            format!("{inviter} ({company}) vous donne accès à {file}"),
            format!(
                "Bonjour {recipient},\n\n\
                 {inviter} ({company}) vous donne accès au dossier {file} en tant que \
                 {role}, pour {entity}.\n\n\
                 Ouvrez-le ici :\n{link}\n"
            ),
        ),
        Language::Da => (
            format!("{inviter} fra {company} har givet dig adgang til {file}"),
            format!(
                "Hej {recipient}\n\n\
                 {inviter} fra {company} har givet dig adgang til sagen {file} som \
                 {role} for {entity}.\n\n\
                 Åbn den her:\n{link}\n"
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn mail() -> DealMail<'static> {
        DealMail {
            recipient: "Léa",
            inviter: "Cédric",
            company: "Nordlys Advisory",
            file: "Deal X",
            entity: "Banque X",
            role: DealRole::Lender,
            link: "https://desk.example/invitations/t",
        }
    }

    #[test]
    fn c2_the_invitation_names_inviter_company_file_and_role_in_each_language() {
        let expires = Utc.with_ymd_and_hms(2026, 12, 10, 9, 0, 0).unwrap();
        let (subject, body) = invited_to_file(Language::En, &mail(), &expires);
        assert_eq!(
            subject,
            "Cédric of Nordlys Advisory invited you to follow Deal X"
        );
        assert!(
            body.contains("follow Deal X as a lender, for Banque X"),
            "{body}"
        );
        assert!(body.contains("https://desk.example/invitations/t"));
        let (subject, body) = invited_to_file(Language::Fr, &mail(), &expires);
        assert_eq!(
            subject,
            "Cédric (Nordlys Advisory) vous invite à suivre Deal X"
        );
        assert!(body.contains("en tant que prêteur"), "{body}");
        let (_, body) = invited_to_file(Language::Da, &mail(), &expires);
        assert!(body.contains("som långiver"), "{body}");
        for language in Language::ALL {
            let (_, body) = given_file(*language, &mail());
            assert!(
                body.contains("Deal X") && body.contains("Banque X"),
                "{body}"
            );
        }
    }
}
