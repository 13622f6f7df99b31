//! The account rules (AC1–AC3) in one place: what makes a password
//! acceptable, how long each single-use link lives, and whether a link
//! still works at a given moment. Pure: the caller passes the time.

use std::fmt;

use crate::ids::{AccountId, CompanyId, UserId};
use crate::model::{Language, ParseEnumError, Timestamp, wire_enum};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// Shortest password, in characters (AC3).
pub const MIN_PASSWORD: usize = 10;
/// Longest password, in characters.
pub const MAX_PASSWORD: usize = 256;

/// An account: one person, one email and one password over the whole
/// installation (decision 4). Staff memberships hang off it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    /// Lower-cased; unique across the installation (it is the login).
    pub email: String,
    pub name: String,
    pub language: Language,
    /// `false` until a password is chosen (an invitation not yet accepted).
    pub has_password: bool,
    /// The person's own time zone (an IANA name); `None`: the company's.
    pub timezone: Option<String>,
    pub created_at: Timestamp,
}

/// Why a password is refused. Each says what to do instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    /// Under [`MIN_PASSWORD`] characters.
    TooShort,
    /// Over [`MAX_PASSWORD`] characters.
    TooLong,
    /// The account's email, or the part before its `@`.
    IsEmail,
    /// The person's name.
    IsName,
    /// One of the commonly used passwords (a list of about 100,000).
    Common,
}

impl fmt::Display for PasswordProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PasswordProblem::TooShort => write!(
                f,
                "use at least {MIN_PASSWORD} characters: a few words you will remember make a good password"
            ),
            PasswordProblem::TooLong => write!(f, "use at most {MAX_PASSWORD} characters"),
            PasswordProblem::IsEmail => {
                f.write_str("choose something other than your email address")
            }
            PasswordProblem::IsName => f.write_str("choose something other than your name"),
            PasswordProblem::Common => f.write_str(
                "this password is one of the most commonly used, so it is guessed first: choose another",
            ),
        }
    }
}

/// What is wrong with `password` for the account with this email and name,
/// if anything. The same rule wherever a password is set (AC1–AC3).
pub fn password_problem(password: &str, email: &str, name: &str) -> Option<PasswordProblem> {
    let len = password.chars().count();
    if len < MIN_PASSWORD {
        return Some(PasswordProblem::TooShort);
    }
    if len > MAX_PASSWORD {
        return Some(PasswordProblem::TooLong);
    }
    let folded = fold(password);
    let email = email.trim().to_lowercase();
    let local = email.split('@').next().unwrap_or_default();
    if folded == fold(&email) || (!local.is_empty() && folded == fold(local)) {
        return Some(PasswordProblem::IsEmail);
    }
    if !name.trim().is_empty() && folded == fold(name) {
        return Some(PasswordProblem::IsName);
    }
    let lower = password.to_lowercase();
    if passwords::analyzer::is_common_password(password)
        || passwords::analyzer::is_common_password(&lower)
    {
        return Some(PasswordProblem::Common);
    }
    None
}

/// Lower-cased with white space removed: "Ada Lovelace" and "adalovelace"
/// are the same password for the comparisons above.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

wire_enum!(
    /// What a single-use link is for.
    LinkPurpose, "link purpose" {
        /// AC1: choose a password (and name) and join.
        Invitation => "invitation",
        /// AC2: a forgotten password.
        PasswordReset => "password_reset",
        /// AC3, C7: confirm a new email address.
        EmailChange => "email_change",
    }
);

impl LinkPurpose {
    /// How long a link of this purpose works after it is sent.
    pub fn lifetime(self) -> chrono::Duration {
        match self {
            LinkPurpose::Invitation => chrono::Duration::days(7),
            LinkPurpose::PasswordReset => chrono::Duration::hours(1),
            LinkPurpose::EmailChange => chrono::Duration::hours(24),
        }
    }
}

wire_enum!(
    /// AC1: who an invitation is for.
    InvitationKind, "invitation kind" {
        /// A staff member of the inviting company.
        Staff => "staff",
        /// An outside contact (the deal desk, Part C).
        Contact => "contact",
    }
);

/// A single-use link as stored (its token only as a hash, never here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub purpose: LinkPurpose,
    pub account_id: AccountId,
    /// Invitations: the inviting company, the kind and who sent it.
    pub company_id: Option<CompanyId>,
    pub invitation_kind: Option<InvitationKind>,
    pub invited_by: Option<UserId>,
    /// Email changes: the address that becomes the login.
    pub new_email: Option<String>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    /// Set once the link is used.
    pub used_at: Option<Timestamp>,
    /// Set when a newer link of the same purpose replaced it.
    pub ended_at: Option<Timestamp>,
}

/// Whether a link works now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    /// It may be used (once).
    Open,
    /// It was used already (`invitation_used`).
    Used,
    /// Its time is up, or a newer link replaced it (`invitation_expired`).
    Expired,
}

impl Link {
    /// The link's state at `now`. A used link stays used even after its
    /// expiry, so the person is told the truth.
    pub fn state(&self, now: Timestamp) -> LinkState {
        if self.used_at.is_some() {
            LinkState::Used
        } else if self.ended_at.is_some() || now >= self.expires_at {
            LinkState::Expired
        } else {
            LinkState::Open
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn ac3_passwords_need_ten_characters_and_not_the_email_or_name() {
        let email = "ada.lovelace@example.com";
        let name = "Ada Lovelace";
        let problem = |p: &str| password_problem(p, email, name);
        assert_eq!(problem("short"), Some(PasswordProblem::TooShort));
        assert_eq!(problem(&"x".repeat(257)), Some(PasswordProblem::TooLong));
        assert_eq!(
            problem("Ada.Lovelace@Example.com"),
            Some(PasswordProblem::IsEmail)
        );
        assert_eq!(problem("ada.lovelace"), Some(PasswordProblem::IsEmail));
        assert_eq!(problem("adalovelace"), Some(PasswordProblem::IsName));
        assert_eq!(problem("ADA LOVELACE"), Some(PasswordProblem::IsName));
        assert_eq!(problem("quiet harbour lanterns"), None);
        assert_eq!(problem(&"é".repeat(10)), None);
    }

    #[test]
    fn ac3_common_passwords_are_refused_whatever_their_case() {
        for common in ["1234567890", "qwertyuiop", "Password123", "PASSWORD123"] {
            assert_eq!(
                password_problem(common, "a@b.test", "A"),
                Some(PasswordProblem::Common),
                "{common}"
            );
        }
    }

    #[test]
    fn every_problem_says_what_to_do() {
        for p in [
            PasswordProblem::TooShort,
            PasswordProblem::TooLong,
            PasswordProblem::IsEmail,
            PasswordProblem::IsName,
            PasswordProblem::Common,
        ] {
            assert!(p.to_string().len() > 20, "{p:?}");
        }
    }

    fn link(used: bool, ended: bool) -> Link {
        let at = chrono::Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        Link {
            purpose: LinkPurpose::Invitation,
            account_id: AccountId::from_u128(1),
            company_id: None,
            invitation_kind: Some(InvitationKind::Staff),
            invited_by: None,
            new_email: None,
            created_at: at,
            expires_at: at + LinkPurpose::Invitation.lifetime(),
            used_at: used.then_some(at),
            ended_at: ended.then_some(at),
        }
    }

    #[test]
    fn ac1_a_link_is_open_until_used_expired_or_replaced() {
        let open = link(false, false);
        let start = open.created_at;
        assert_eq!(open.state(start), LinkState::Open);
        assert_eq!(
            open.state(start + chrono::Duration::days(7)),
            LinkState::Expired
        );
        assert_eq!(link(true, false).state(start), LinkState::Used);
        assert_eq!(
            link(true, false).state(start + chrono::Duration::days(30)),
            LinkState::Used
        );
        assert_eq!(link(false, true).state(start), LinkState::Expired);
        assert_eq!(
            LinkPurpose::PasswordReset.lifetime(),
            chrono::Duration::hours(1)
        );
    }
}
