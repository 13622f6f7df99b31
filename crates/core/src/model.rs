//! The model of SPEC.md: companies and their settings (A1–A5), staff with a
//! role and permissions (B1–B3), groups, clients, shares, memberships and
//! access requests. Plain data: the rules live in the index and `rules`.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{AccessRequestId, ClientId, CompanyId, GroupId, MembershipId, ShareId, UserId};

/// A point in time, always UTC. The core never reads the clock: callers pass it.
pub type Timestamp = DateTime<Utc>;

/// A value that is not one of the names the API accepts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a valid {what}")]
pub struct ParseEnumError {
    /// What was being parsed ("role", "language", ...).
    pub what: &'static str,
    /// The rejected input, shortened.
    pub value: String,
}

macro_rules! wire_enum {
    ($(#[$doc:meta])* $name:ident, $what:literal { $($(#[$vdoc:meta])* $variant:ident => $wire:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $wire)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name used on the wire and in the database.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ParseEnumError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($wire => Ok($name::$variant),)+
                    _ => Err(ParseEnumError { what: $what, value: s.chars().take(64).collect() }),
                }
            }
        }
    };
}

pub(crate) use wire_enum;

wire_enum!(
    /// B1: the roles, highest first.
    Role, "role" {
        PrimaryAdmin => "primary_admin",
        Admin => "admin",
        Manager => "manager",
        Marketing => "marketing",
        Contributor => "contributor",
        User => "user",
    }
);

impl Role {
    /// A6: roles that open every client of their company while A1 is on, and
    /// (decision, docs/decisions.md) may share and decide requests while A4 is off.
    pub const fn is_admin_like(self) -> bool {
        matches!(self, Role::PrimaryAdmin | Role::Admin | Role::Manager)
    }

    /// B2: staff configuration (users, roles, groups, company settings of A1–A5).
    pub const fn configures_staff(self) -> bool {
        matches!(self, Role::PrimaryAdmin | Role::Admin)
    }
}

wire_enum!(
    /// X7: the languages of the UI and emails.
    Language, "language" {
        En => "en",
        Fr => "fr",
        Da => "da",
    }
);

#[expect(
    clippy::derivable_impls,
    reason = "wire_enum! fixes the derives; English is the default language"
)]
impl Default for Language {
    fn default() -> Self {
        Language::En
    }
}

wire_enum!(
    /// A5: the share a new client starts with while A1 is on.
    NewClientAccess, "new_client_access" {
        /// A whole-company share.
        Company => "company",
        /// No share: only the owner (and A6/A7 roles) can open it.
        OwnerOnly => "owner_only",
    }
);

wire_enum!(
    /// B4: shared or restricted view of activities.
    View, "view" {
        Shared => "shared",
        Restricted => "restricted",
    }
);

/// A1–A5: a company's client-access settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// A1 "Manage user access to clients".
    pub client_access_enabled: bool,
    /// A3 "Allow requesting access".
    pub allow_access_requests: bool,
    /// A4 "Allow sharing options".
    pub allow_sharing: bool,
    /// A5 the share a new client starts with.
    pub new_client_access: NewClientAccess,
}

impl Default for Settings {
    /// A1, A3, A4 off; A5 `company`.
    fn default() -> Self {
        Settings {
            client_access_enabled: false,
            allow_access_requests: false,
            allow_sharing: false,
            new_client_access: NewClientAccess::Company,
        }
    }
}

/// A company: the tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Company {
    pub id: CompanyId,
    pub name: String,
    pub default_language: Language,
    pub timezone: String,
    pub settings: Settings,
    pub created_at: Timestamp,
}

/// B3–B10: what a contributor or user may do inside a client. Other roles
/// carry the same fields, but B2 decides for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permissions {
    pub view: View,
    pub payments: bool,
    pub documents: bool,
    pub packages: bool,
    pub hide_email: bool,
    pub hide_phone: bool,
    pub edit_rights: bool,
    pub list_all_clients: bool,
}

impl Permissions {
    /// B3: restricted view for users, shared view for contributors (and every
    /// other role); payments, documents and packages on; contact info visible;
    /// edit rights off; every client listed.
    pub const fn defaults_for(role: Role) -> Self {
        Permissions {
            view: match role {
                Role::User => View::Restricted,
                _ => View::Shared,
            },
            payments: true,
            documents: true,
            packages: true,
            hide_email: false,
            hide_phone: false,
            edit_rights: false,
            list_all_clients: true,
        }
    }
}

/// A staff member of one company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub company_id: CompanyId,
    /// Lower-cased; unique across the whole installation (it is the login).
    pub email: String,
    pub name: String,
    pub role: Role,
    /// A22: an inactive user has no sessions and no access.
    pub active: bool,
    /// A7 "Share all clients with this user".
    pub share_all_clients: bool,
    pub permissions: Permissions,
    pub language: Language,
    pub created_at: Timestamp,
}

/// A named set of staff members of one company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub id: GroupId,
    pub company_id: CompanyId,
    pub name: String,
    pub created_at: Timestamp,
}

/// A client file. Its data fields beyond these (activities, documents, ...)
/// come with Part B.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Client {
    pub id: ClientId,
    pub company_id: CompanyId,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub tags: Vec<String>,
    /// A8: the staff member responsible; the creator by default.
    pub owner_id: UserId,
    /// X10: left out of whole-company shares and of "share all clients".
    pub restricted: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Who a share grants access to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Subject {
    /// A9: one staff member.
    User(UserId),
    /// A10: every member of a group.
    Group(GroupId),
    /// A11: every active staff member of the company.
    Company,
}

impl Subject {
    /// `user`, `group` or `company`, as on the wire.
    pub const fn kind(&self) -> &'static str {
        match self {
            Subject::User(_) => "user",
            Subject::Group(_) => "group",
            Subject::Company => "company",
        }
    }
}

wire_enum!(
    /// How a share or membership began or ended: recorded in history (C5).
    How, "how" {
        /// Someone shared or removed it by hand.
        Manual => "manual",
        /// A14–A16: an approved access request.
        Request => "request",
        /// A2: the whole-company share given when client access was turned on.
        SettingEnabled => "setting_enabled",
        /// A5: the share a client started with.
        ClientCreated => "client_created",
        /// A20: the group was deleted.
        GroupDeleted => "group_deleted",
        /// The client was deleted.
        ClientDeleted => "client_deleted",
        /// X3: the share reached its end date.
        Expired => "expired",
        /// C8, X11: passed on to a successor by a handover.
        Handover => "handover",
        /// C2: a contact invited by email (the access starts with the invitation).
        Invitation => "invitation",
        /// The contact's entity stopped taking part in the file.
        EntityRemoved => "entity_removed",
        /// C10: the contact left the file.
        SelfRevoked => "self",
    }
);

/// The end of a share or membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    pub by: Option<UserId>,
    pub at: Timestamp,
    pub how: How,
}

/// One grant of access to one client. Never deleted: revoking sets `revoked`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub id: ShareId,
    pub company_id: CompanyId,
    pub client_id: ClientId,
    pub subject: Subject,
    /// `None` when the system granted it (never for a manual share).
    pub granted_by: Option<UserId>,
    pub granted_at: Timestamp,
    pub granted_how: How,
    pub revoked: Option<Revocation>,
}

/// One membership of a user in a group. Never deleted: removal sets `removed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub id: MembershipId,
    pub company_id: CompanyId,
    pub group_id: GroupId,
    pub user_id: UserId,
    pub added_by: Option<UserId>,
    pub added_at: Timestamp,
    pub removed: Option<Revocation>,
}

wire_enum!(
    /// A14–A16: the life of an access request.
    RequestStatus, "request status" {
        Pending => "pending",
        Approved => "approved",
        Denied => "denied",
        Cancelled => "cancelled",
        Expired => "expired",
    }
);

/// A14: a staff member's request for access to one client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRequest {
    pub id: AccessRequestId,
    pub company_id: CompanyId,
    pub client_id: ClientId,
    pub requester_id: UserId,
    pub message: Option<String>,
    pub status: RequestStatus,
    pub created_at: Timestamp,
    /// A16: pending requests expire 30 days after creation.
    pub expires_at: Timestamp,
    pub decided_by: Option<UserId>,
    pub decided_at: Option<Timestamp>,
    /// A16: the optional reason of a denial.
    pub reason: Option<String>,
}

/// A16: how long a pending request stays open.
pub const REQUEST_LIFETIME_DAYS: i64 = 30;
