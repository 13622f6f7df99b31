//! The emails about a person's own account (AC1–AC4): the invitation, the
//! password reset and its notice, and the email change (the link to the new
//! address, the notice to the old one). One function per message, each in
//! English, French and Danish, chosen by the recipient's language.

use casegate_core::{Language, Timestamp};

use super::text::{Text, date};

/// AC1: a staff member created without a password; `link` opens the page
/// where they choose it, until `expires`.
pub(crate) fn invitation(
    language: Language,
    name: &str,
    inviter: &str,
    company: &str,
    link: &str,
    expires: &Timestamp,
) -> Text {
    let until = date(language, expires);
    match language {
        Language::En => (
            format!("{inviter} invited you to {company} on casegate"),
            format!(
                "Hello {name},\n\n\
                 {inviter} has added you to {company} on casegate.\n\n\
                 Choose your password and sign in here:\n{link}\n\n\
                 The link works once, until {until}. If it has expired, ask {inviter} \
                 to send the invitation again.\n"
            ),
        ),
        Language::Fr => (
            format!("{inviter} vous invite à rejoindre {company} sur casegate"),
            format!(
                "Bonjour {name},\n\n\
                 {inviter} vous a ajouté(e) à {company} sur casegate.\n\n\
                 Choisissez votre mot de passe et connectez-vous ici :\n{link}\n\n\
                 Ce lien ne sert qu'une fois, jusqu'au {until}. S'il a expiré, demandez \
                 à {inviter} de vous renvoyer l'invitation.\n"
            ),
        ),
        Language::Da => (
            format!("{inviter} har inviteret dig til {company} på casegate"),
            format!(
                "Hej {name}\n\n\
                 {inviter} har tilføjet dig til {company} på casegate.\n\n\
                 Vælg din adgangskode og log ind her:\n{link}\n\n\
                 Linket virker én gang, indtil {until}. Er det udløbet, så bed {inviter} \
                 om at sende invitationen igen.\n"
            ),
        ),
    }
}

/// AC2: the link to choose a new password, valid one hour.
pub(crate) fn password_reset(language: Language, name: &str, link: &str) -> Text {
    match language {
        Language::En => (
            "Choose a new casegate password".to_owned(),
            format!(
                "Hello {name},\n\n\
                 Someone (we hope you) asked to reset the password of your casegate account.\n\n\
                 Choose a new password here:\n{link}\n\n\
                 The link works once, for one hour. If you did not ask for it, ignore this \
                 email: your password stays as it is.\n"
            ),
        ),
        Language::Fr => (
            "Choisissez un nouveau mot de passe casegate".to_owned(),
            format!(
                "Bonjour {name},\n\n\
                 Quelqu'un (vous, nous l'espérons) a demandé à réinitialiser le mot de passe \
                 de votre compte casegate.\n\n\
                 Choisissez un nouveau mot de passe ici :\n{link}\n\n\
                 Ce lien ne sert qu'une fois, pendant une heure. Si vous n'êtes pas à \
                 l'origine de cette demande, ignorez ce message : votre mot de passe ne \
                 change pas.\n"
            ),
        ),
        Language::Da => (
            "Vælg en ny adgangskode til casegate".to_owned(),
            format!(
                "Hej {name}\n\n\
                 Nogen (forhåbentlig dig) har bedt om at nulstille adgangskoden til din \
                 casegate-konto.\n\n\
                 Vælg en ny adgangskode her:\n{link}\n\n\
                 Linket virker én gang, i en time. Har du ikke bedt om det, kan du se bort \
                 fra denne e-mail: din adgangskode forbliver den samme.\n"
            ),
        ),
    }
}

/// AC2, AC3: the password of the account was changed; every other session ended.
pub(crate) fn password_changed(language: Language, name: &str, url: &str) -> Text {
    match language {
        Language::En => (
            "Your casegate password was changed".to_owned(),
            format!(
                "Hello {name},\n\n\
                 The password of your casegate account was just changed, and every other \
                 session was signed out.\n\n\
                 If this was not you, reset your password at once at {url}/password-reset \
                 and tell your administrator.\n"
            ),
        ),
        Language::Fr => (
            "Votre mot de passe casegate a été modifié".to_owned(),
            format!(
                "Bonjour {name},\n\n\
                 Le mot de passe de votre compte casegate vient d'être modifié, et toutes \
                 vos autres sessions ont été fermées.\n\n\
                 Si ce n'était pas vous, réinitialisez immédiatement votre mot de passe sur \
                 {url}/password-reset et prévenez votre administrateur.\n"
            ),
        ),
        Language::Da => (
            "Din adgangskode til casegate er ændret".to_owned(),
            format!(
                "Hej {name}\n\n\
                 Adgangskoden til din casegate-konto er netop blevet ændret, og alle dine \
                 andre sessioner er logget ud.\n\n\
                 Var det ikke dig, så nulstil straks din adgangskode på {url}/password-reset \
                 og giv din administrator besked.\n"
            ),
        ),
    }
}

/// AC3, C7: sent to the NEW address: the link that makes it the login.
pub(crate) fn email_change_confirm(
    language: Language,
    name: &str,
    new_email: &str,
    link: &str,
) -> Text {
    match language {
        Language::En => (
            "Confirm your new casegate email address".to_owned(),
            format!(
                "Hello {name},\n\n\
                 To sign in to casegate with {new_email} from now on, confirm it here:\n{link}\n\n\
                 The link works once, for 24 hours. Until then you keep signing in with your \
                 current address, and all your access and history stay as they are.\n"
            ),
        ),
        Language::Fr => (
            "Confirmez votre nouvelle adresse e-mail casegate".to_owned(),
            format!(
                "Bonjour {name},\n\n\
                 Pour vous connecter désormais à casegate avec {new_email}, confirmez-la \
                 ici :\n{link}\n\n\
                 Ce lien ne sert qu'une fois, pendant 24 heures. D'ici là, vous vous \
                 connectez avec votre adresse actuelle ; vos accès et votre historique \
                 restent inchangés.\n"
            ),
        ),
        Language::Da => (
            "Bekræft din nye e-mailadresse til casegate".to_owned(),
            format!(
                "Hej {name}\n\n\
                 Bekræft her, at du fremover vil logge ind på casegate med {new_email}:\n\
                 {link}\n\n\
                 Linket virker én gang, i 24 timer. Indtil da logger du ind med din \
                 nuværende adresse, og al din adgang og historik forbliver uændret.\n"
            ),
        ),
    }
}

/// AC3, C7: sent to the OLD address when a change is asked for.
pub(crate) fn email_change_notice(
    language: Language,
    name: &str,
    new_email: &str,
    url: &str,
) -> Text {
    match language {
        Language::En => (
            "Your casegate email address is about to change".to_owned(),
            format!(
                "Hello {name},\n\n\
                 Someone signed in to your casegate account asked to change its email \
                 address to {new_email}. It changes only once the link sent to that \
                 address is used.\n\n\
                 If this was not you, change your password at {url}/account and tell your \
                 administrator.\n"
            ),
        ),
        Language::Fr => (
            "L'adresse e-mail de votre compte casegate va changer".to_owned(),
            format!(
                "Bonjour {name},\n\n\
                 Une personne connectée à votre compte casegate a demandé à remplacer son \
                 adresse e-mail par {new_email}. Le changement n'a lieu que lorsque le lien \
                 envoyé à cette adresse est utilisé.\n\n\
                 Si ce n'était pas vous, changez votre mot de passe sur {url}/account et \
                 prévenez votre administrateur.\n"
            ),
        ),
        Language::Da => (
            "E-mailadressen på din casegate-konto er ved at blive ændret".to_owned(),
            format!(
                "Hej {name}\n\n\
                 Nogen, der er logget ind på din casegate-konto, har bedt om at ændre dens \
                 e-mailadresse til {new_email}. Den ændres først, når linket, der er sendt \
                 til den adresse, bliver brugt.\n\n\
                 Var det ikke dig, så skift din adgangskode på {url}/account og giv din \
                 administrator besked.\n"
            ),
        ),
    }
}

/// AC3: sent to an address that already has an account, when someone asks
/// to move another account to it. Nothing changes; nobody learns it is taken
/// but the owner of the address.
pub(crate) fn email_change_taken(language: Language, new_email: &str) -> Text {
    match language {
        Language::En => (
            "Your email address was offered to another casegate account".to_owned(),
            format!(
                "Hello,\n\n\
                 Someone asked to use {new_email} for their casegate account, but this \
                 address already belongs to an account. Nothing was changed, and you do not \
                 need to do anything.\n"
            ),
        ),
        Language::Fr => (
            "Votre adresse e-mail a été proposée pour un autre compte casegate".to_owned(),
            format!(
                "Bonjour,\n\n\
                 Quelqu'un a demandé à utiliser {new_email} pour son compte casegate, mais \
                 cette adresse appartient déjà à un compte. Rien n'a été modifié et vous \
                 n'avez rien à faire.\n"
            ),
        ),
        Language::Da => (
            "Din e-mailadresse blev foreslået til en anden casegate-konto".to_owned(),
            format!(
                "Hej\n\n\
                 Nogen har bedt om at bruge {new_email} til deres casegate-konto, men \
                 adressen hører allerede til en konto. Intet er ændret, og du skal ikke \
                 gøre noget.\n"
            ),
        ),
    }
}
