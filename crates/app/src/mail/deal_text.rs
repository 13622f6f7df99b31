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

/// C5: someone else ended the recipient's access to a file.
pub(crate) fn access_ended(
    language: Language,
    recipient: &str,
    by: &str,
    company: &str,
    file: &str,
) -> Text {
    match language {
        Language::En => (
            format!("You no longer have access to {file}"),
            format!(
                "Hello {recipient},\n\n\
                 {by} of {company} ended your access to {file}. It no longer appears \
                 on your desk.\n\n\
                 If this is a mistake, ask {by} to give it back.\n"
            ),
        ),
        Language::Fr => (
            format!("Vous n’avez plus accès à {file}"),
            format!(
                "Bonjour {recipient},\n\n\
                 {by} ({company}) a révoqué votre accès au dossier {file}. Il n’apparaît \
                 plus dans vos dossiers.\n\n\
                 S’il s’agit d’une erreur, demandez à {by} de vous le rendre.\n"
            ),
        ),
        Language::Da => (
            format!("Du har ikke længere adgang til {file}"),
            format!(
                "Hej {recipient}\n\n\
                 {by} fra {company} har fjernet din adgang til sagen {file}. Den vises \
                 ikke længere blandt dine sager.\n\n\
                 Hvis det er en fejl, så bed {by} om at give dig adgang igen.\n"
            ),
        ),
    }
}

/// C3: a contact added a colleague of their entity to a file; the file's
/// manager is told, so the company knows who is in.
pub(crate) fn colleague_added(
    language: Language,
    manager: &str,
    by: &str,
    colleague: &str,
    entity: &str,
    file: &str,
    link: &str,
) -> Text {
    match language {
        Language::En => (
            format!("{by} ({entity}) added {colleague} to {file}"),
            format!(
                "Hello {manager},\n\n\
                 {by} of {entity} added a colleague, {colleague}, to {file}, which you \
                 manage.\n\n\
                 See who has access here:\n{link}\n"
            ),
        ),
        Language::Fr => (
            format!("{by} ({entity}) a ajouté {colleague} au dossier {file}"),
            format!(
                "Bonjour {manager},\n\n\
                 {by} ({entity}) a ajouté un collègue, {colleague}, au dossier {file}, \
                 dont vous êtes responsable.\n\n\
                 Voir qui y a accès :\n{link}\n"
            ),
        ),
        Language::Da => (
            format!("{by} ({entity}) har tilføjet {colleague} til {file}"),
            format!(
                "Hej {manager}\n\n\
                 {by} fra {entity} har tilføjet en kollega, {colleague}, til sagen \
                 {file}, som du er ansvarlig for.\n\n\
                 Se, hvem der har adgang, her:\n{link}\n"
            ),
        ),
    }
}

/// C3: the recipient was named team manager of an entity; `invitation`
/// is the AC1 link and its end when they have no password yet, else
/// `link` opens the desk.
pub(crate) fn team_manager_named(
    language: Language,
    recipient: &str,
    by: &str,
    company: &str,
    entity: &str,
    link: &str,
    invitation: Option<&Timestamp>,
) -> Text {
    let open = match (language, invitation) {
        (Language::En, Some(until)) => format!(
            "Choose your password here to sign in (the link works once, until {}):",
            date(language, until)
        ),
        (Language::Fr, Some(until)) => format!(
            "Choisissez votre mot de passe ici pour vous connecter (le lien sert une fois, \
             jusqu’au {}) :",
            date(language, until)
        ),
        (Language::Da, Some(until)) => format!(
            "Vælg din adgangskode her for at logge ind (linket virker én gang, indtil {}):",
            date(language, until)
        ),
        (Language::En, None) => "Open your desk here:".to_owned(),
        (Language::Fr, None) => "Ouvrez vos dossiers ici :".to_owned(),
        (Language::Da, None) => "Åbn dine sager her:".to_owned(),
    };
    match language {
        Language::En => (
            format!("You manage {entity}'s team on {company}'s files"),
            format!(
                "Hello {recipient},\n\n\
                 {by} named you team manager of {entity} on the files of {company}: you \
                 decide who of {entity} follows each of them.\n\n{open}\n{link}\n"
            ),
        ),
        Language::Fr => (
            format!("Vous êtes chef d’équipe de {entity} ({company})"),
            format!(
                "Bonjour {recipient},\n\n\
                 {by} vous a nommé chef d’équipe de {entity} sur les dossiers de \
                 {company} : vous décidez qui, chez {entity}, suit chacun d’eux.\n\n\
                 {open}\n{link}\n"
            ),
        ),
        Language::Da => (
            format!("Du er teamleder for {entity} hos {company}"),
            format!(
                "Hej {recipient}\n\n\
                 {by} har gjort dig til teamleder for {entity} på sagerne hos {company}: \
                 du bestemmer, hvem fra {entity} der følger hver af dem.\n\n{open}\n{link}\n"
            ),
        ),
    }
}

/// C8: a contact handed their files of one entity over to the recipient.
/// `invitation` as in [`team_manager_named`].
pub(crate) fn handed_over(
    language: Language,
    recipient: &str,
    by: &str,
    company: &str,
    files: &[String],
    link: &str,
    invitation: Option<&Timestamp>,
) -> Text {
    let list: String = files.iter().map(|f| format!("- {f}\n")).collect();
    let n = files.len();
    let open = match (language, invitation) {
        (Language::En, Some(until)) => format!(
            "Choose your password here to sign in (the link works once, until {}):",
            date(language, until)
        ),
        (Language::Fr, Some(until)) => format!(
            "Choisissez votre mot de passe ici pour vous connecter (le lien sert une fois, \
             jusqu’au {}) :",
            date(language, until)
        ),
        (Language::Da, Some(until)) => format!(
            "Vælg din adgangskode her for at logge ind (linket virker én gang, indtil {}):",
            date(language, until)
        ),
        (Language::En, None) => "Open them here:".to_owned(),
        (Language::Fr, None) => "Ouvrez-les ici :".to_owned(),
        (Language::Da, None) => "Åbn dem her:".to_owned(),
    };
    match language {
        Language::En => (
            format!("{by} handed over {n} file(s) of {company} to you"),
            format!(
                "Hello {recipient},\n\n\
                 {by} handed their files of {company} over to you. You now follow:\n\
                 {list}\n{open}\n{link}\n"
            ),
        ),
        Language::Fr => (
            format!("{by} vous a transmis {n} dossier(s) de {company}"),
            format!(
                "Bonjour {recipient},\n\n\
                 {by} vous a transmis ses dossiers de {company}. Vous suivez désormais :\n\
                 {list}\n{open}\n{link}\n"
            ),
        ),
        Language::Da => (
            format!("{by} har overdraget {n} sag(er) hos {company} til dig"),
            format!(
                "Hej {recipient}\n\n\
                 {by} har overdraget sine sager hos {company} til dig. Du følger nu:\n\
                 {list}\n{open}\n{link}\n"
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

    #[test]
    fn c3_c5_c8_the_desk_emails_name_who_did_it_in_each_language() {
        let until = Utc.with_ymd_and_hms(2026, 12, 10, 9, 0, 0).unwrap();
        let files = vec!["Deal X".to_owned(), "Deal Y".to_owned()];
        for language in Language::ALL {
            let (subject, body) = access_ended(*language, "Léa", "Cédric", "Nordlys", "Deal X");
            assert!(
                subject.contains("Deal X") && body.contains("Cédric"),
                "{body}"
            );
            let (_, body) =
                colleague_added(*language, "Cédric", "Léa", "Max", "Banque X", "Deal X", "u");
            assert!(body.contains("Max") && body.contains("Léa"), "{body}");
            let (_, body) =
                team_manager_named(*language, "Léa", "Cédric", "Nordlys", "Banque X", "u", None);
            assert!(
                body.contains("Banque X") && body.contains("Nordlys"),
                "{body}"
            );
            let (_, body) = handed_over(
                *language,
                "Max",
                "Léa",
                "Nordlys",
                &files,
                "u",
                Some(&until),
            );
            assert!(body.contains("- Deal X\n- Deal Y\n"), "{body}");
            assert!(body.contains("2026"), "{body}");
        }
    }
}
