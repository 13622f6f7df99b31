//! Part C, the deal desk: outside entities a company records, their part in
//! its files, their team managers, and the contacts given a file through
//! them. Plain data and the pure rules on it (C9's domains); who may do what
//! is answered by the access index (`CompanyIndex::may_add_contact`, ...).
//!
//! A contact is an account that is not staff (SPEC "Part C, settled"): the
//! same person may be a contact on files of several companies; each company
//! records its own entities and its own grants, and sees nothing of another's.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ids::{AccountId, ClientId, CompanyId, ContactShareId, EntityId, UserId};
use crate::model::{How, ParseEnumError, Timestamp, wire_enum};

wire_enum!(
    /// What an entity is, and the role it takes on a file.
    DealRole, "entity kind" {
        Lender => "lender",
        Borrower => "borrower",
        Guarantor => "guarantor",
        Advisor => "advisor",
        Other => "other",
    }
);

/// An outside entity, as one company records it ("Banque X as our lender").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub id: EntityId,
    pub company_id: CompanyId,
    pub name: String,
    pub kind: DealRole,
    /// C3: only the entity's own team managers add its contacts to files.
    pub self_managed: bool,
    /// C9: when not empty, a contact's email must be in one of these
    /// domains (lower case, without `@`).
    pub email_domains: Vec<String>,
    pub created_at: Timestamp,
}

/// Who did something on the deal desk: a staff member of the company running
/// the file, a contact, or the system (a handover's successor is added by it
/// on the contact's behalf, an expiry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Party {
    Staff(UserId),
    Contact(AccountId),
}

/// An entity's part in one file, with its role there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participation {
    pub company_id: CompanyId,
    pub client_id: ClientId,
    pub entity_id: EntityId,
    pub role: DealRole,
    pub added_by: Option<Party>,
    pub added_at: Timestamp,
}

/// C3: a team manager of a self-managed entity, named by the company's
/// admins or by another team manager.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamManager {
    pub company_id: CompanyId,
    pub entity_id: EntityId,
    pub account_id: AccountId,
    pub named_by: Option<Party>,
    pub named_at: Timestamp,
}

/// The end of a contact share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRevocation {
    pub by: Option<Party>,
    pub at: Timestamp,
    pub how: How,
}

/// One grant of a file to a contact through an entity (C2). Never deleted:
/// revoking sets `revoked`, and the contact is then "no longer has access"
/// with the full record (C5). Giving access again is a new share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactShare {
    pub id: ContactShareId,
    pub company_id: CompanyId,
    pub client_id: ClientId,
    pub entity_id: EntityId,
    pub account_id: AccountId,
    pub granted_by: Option<Party>,
    pub granted_at: Timestamp,
    pub how: How,
    /// C8, C10: the contact this one succeeds by a handover, who they may
    /// then remove from the file.
    pub succeeds: Option<AccountId>,
    pub revoked: Option<ContactRevocation>,
}

/// C9: the domain of `email` (after its last `@`), lower-cased.
pub fn email_domain(email: &str) -> Option<String> {
    let (_, domain) = email.rsplit_once('@')?;
    (!domain.is_empty()).then(|| domain.to_lowercase())
}

/// C9: may an address of this email be a contact of an entity with these
/// domains? Any, when the entity lists none; else the email's domain must be
/// one of them exactly (a sub-domain is another mail system, so it is not
/// taken: `mail.bank.example` is not `bank.example`).
pub fn domain_allows(domains: &[String], email: &str) -> bool {
    if domains.is_empty() {
        return true;
    }
    email_domain(email).is_some_and(|domain| domains.contains(&domain))
}

/// A domain as an entity keeps it: trimmed, without a leading `@`, lower
/// case; `None` when that is not a plausible mail domain (a dot inside, no
/// spaces, `@` or control characters, labels of letters, digits and `-`).
pub fn normalize_domain(raw: &str) -> Option<String> {
    let domain = raw.trim().trim_start_matches('@').to_lowercase();
    let labels: Vec<&str> = domain.split('.').collect();
    let plausible = labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    plausible.then_some(domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn domains(list: &[&str]) -> Vec<String> {
        list.iter().map(|d| (*d).to_owned()).collect()
    }

    #[test]
    fn c9_a_contact_email_must_be_in_one_of_the_entity_domains() {
        let bank = domains(&["banquex.example", "bx.example"]);
        assert!(domain_allows(&bank, "lea@banquex.example"));
        assert!(domain_allows(&bank, "Lea@BX.Example"));
        assert!(!domain_allows(&bank, "lea@gmail.example"));
        assert!(!domain_allows(&bank, "lea@mail.banquex.example"));
        assert!(!domain_allows(&bank, "lea@banquex.example.evil"));
        assert!(!domain_allows(&bank, "no-at-sign"));
        // An entity without domains takes any address.
        assert!(domain_allows(&[], "lea@gmail.example"));
    }

    #[test]
    fn domains_are_kept_lower_case_without_the_at_sign() {
        assert_eq!(
            normalize_domain(" @BanqueX.Example "),
            Some("banquex.example".into())
        );
        assert_eq!(
            normalize_domain("nordlys-advisory.dk"),
            Some("nordlys-advisory.dk".into())
        );
        for bad in [
            "",
            "localhost",
            "a b.example",
            "x@y.example",
            "-a.example",
            "a..example",
            "a.exa\tmple",
        ] {
            assert_eq!(normalize_domain(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn roles_are_read_and_written_by_their_wire_names() {
        for role in DealRole::ALL {
            assert_eq!(role.as_str().parse::<DealRole>().unwrap(), *role);
        }
        assert!("bank".parse::<DealRole>().is_err());
    }
}
