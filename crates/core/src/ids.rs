//! Newtyped identifiers. On the wire every id is an opaque string (a UUID);
//! parsing validates it, so a malformed id never reaches a lookup.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A string that is not a valid id of the expected kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a valid id")]
pub struct IdParseError(pub String);

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// Wraps a UUID made by the caller (ids are generated outside the core).
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// The UUID behind the id.
            pub const fn as_uuid(&self) -> Uuid {
                self.0
            }

            /// The id from its 128-bit value (used by generators and tests).
            pub const fn from_u128(value: u128) -> Self {
                Self(Uuid::from_u128(value))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.hyphenated(), f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0.hyphenated())
            }
        }

        impl FromStr for $name {
            type Err = IdParseError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::try_parse(s)
                    .map(Self)
                    .map_err(|_| IdParseError(s.chars().take(64).collect()))
            }
        }
    };
}

id_type!(
    /// A company: the tenant.
    CompanyId
);
id_type!(
    /// An account: one person, one email and one password over the whole
    /// installation. Staff memberships (and, with the deal desk, contact
    /// links) hang off it.
    AccountId
);
id_type!(
    /// A staff member: an account's membership of one company.
    UserId
);
id_type!(
    /// A group of staff members.
    GroupId
);
id_type!(
    /// A client file.
    ClientId
);
id_type!(
    /// One grant of access to one client (open or revoked).
    ShareId
);
id_type!(
    /// One membership of a user in a group (open or ended).
    MembershipId
);
id_type!(
    /// An access request (A14).
    AccessRequestId
);

id_type!(
    /// An activity on a client: conversation, appointment, payment or document.
    ActivityId
);
id_type!(
    /// A document stored on a client.
    DocumentId
);
id_type!(
    /// A package sold to a client (B8).
    PackageId
);
id_type!(
    /// One line of a client's view log (X9).
    ViewId
);

id_type!(
    /// An outside entity recorded by a company (C1): a lender, a borrower.
    EntityId
);
id_type!(
    /// One grant of a file to a contact, through an entity (C2, C5), open or revoked.
    ContactShareId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_their_string_form() {
        let id = ClientId::from_u128(42);
        let parsed: ClientId = id.to_string().parse().unwrap();
        assert_eq!(parsed, id);
    }

    #[test]
    fn malformed_ids_are_refused() {
        assert!("not-an-id".parse::<UserId>().is_err());
        assert!("".parse::<GroupId>().is_err());
    }
}
