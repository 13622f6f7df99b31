//! What the index answers with: decisions and their reasons (X1), pages and
//! cursors, list items, share entries, the sharing panel (A13) and a staff
//! member's holdings (C8, X11).

use std::fmt::Write as _;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

use crate::ids::{ClientId, GroupId, ShareId, UserId};
use crate::model::{How, Role, Subject, Timestamp};

/// Why a user may, or may not, open or share a client. On the wire (`POST
/// /check`) each reason is an object tagged by `"rule"` in snake_case, e.g.
/// `{"rule": "direct_share", "share_id": "...", "granted_by": "...", "granted_at": "..."}`;
/// [`Reason::rule`] gives the SPEC id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Reason {
    /// A1: client access is off, so every active staff member opens the client.
    AccessControlOff,
    /// A6: an admin-like role (primary admin, admin, manager).
    Role { role: Role },
    /// A7: "Share all clients with this user".
    ShareAll,
    /// A8: the client's owner.
    Owner,
    /// A9: a direct user share.
    DirectShare {
        share_id: ShareId,
        granted_by: Option<UserId>,
        granted_at: Timestamp,
    },
    /// A10: membership of a group shared on the client.
    GroupShare {
        group_id: GroupId,
        group_name: String,
        share_id: ShareId,
        granted_by: Option<UserId>,
        granted_at: Timestamp,
    },
    /// A11: a whole-company share.
    CompanyShare {
        share_id: ShareId,
        granted_by: Option<UserId>,
        granted_at: Timestamp,
    },
    /// A22: the user is inactive (denial).
    Inactive,
    /// The user is not a staff member of this company (denial).
    UnknownUser,
    /// The client does not exist in this company, or was deleted (denial).
    UnknownClient,
    /// None of A6–A11 applies (denial).
    NoAccess,
    /// X10: the client is restricted, so the whole-company share, "share all
    /// clients" or A1 being off, which would have opened it, do not (denial).
    Restricted,
    /// A4: sharing is off and the user is neither admin-like nor the owner (denial).
    SharingRestricted,
}

impl Reason {
    /// The SPEC id of the rule behind the reason (`"A9"`, `"X10"`, ...);
    /// `"A6-A11"` for [`Reason::NoAccess`] and `"none"` for unknown ids.
    pub fn rule(&self) -> &'static str {
        match self {
            Reason::AccessControlOff => "A1",
            Reason::Role { .. } => "A6",
            Reason::ShareAll => "A7",
            Reason::Owner => "A8",
            Reason::DirectShare { .. } => "A9",
            Reason::GroupShare { .. } => "A10",
            Reason::CompanyShare { .. } => "A11",
            Reason::Inactive => "A22",
            Reason::UnknownUser | Reason::UnknownClient => "none",
            Reason::NoAccess => "A6-A11",
            Reason::Restricted => "X10",
            Reason::SharingRestricted => "A4",
        }
    }

    /// Whether the reason grants (rather than denies).
    pub fn grants(&self) -> bool {
        matches!(
            self,
            Reason::AccessControlOff
                | Reason::Role { .. }
                | Reason::ShareAll
                | Reason::Owner
                | Reason::DirectShare { .. }
                | Reason::GroupShare { .. }
                | Reason::CompanyShare { .. }
        )
    }
}

/// An answer with its explanation (X1). Allowed: every reason that grants, in
/// rule order (A1, A6, A7, A8, A9, A10, A11). Denied: why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub allowed: bool,
    pub reasons: Vec<Reason>,
}

impl Decision {
    /// A denial for one reason.
    pub fn deny(reason: Reason) -> Self {
        Decision {
            allowed: false,
            reasons: vec![reason],
        }
    }
}

/// C8, X11: a staff member's clients and groups, or what a handover passes
/// on (`CompanyIndex::holdings`, `CompanyIndex::handover_plan`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holdings {
    /// Live clients owned (A8), by name.
    pub owned: Vec<ClientId>,
    /// Live clients with an open direct user share (A9), by name.
    pub shared: Vec<ClientId>,
    /// Live groups of which they are a member, by name.
    pub groups: Vec<GroupId>,
}

/// A1: a company's active staff and live clients (`CompanyIndex::census`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Census {
    /// Active staff members (A22).
    pub active_users: usize,
    /// Live clients.
    pub live_clients: usize,
    /// Live clients marked restricted (X10), among `live_clients`.
    pub restricted_clients: usize,
}

/// One page of a list ordered by `(name, id)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<Cursor>,
}

/// Opaque paging position: the `(name, id)` of the last item of a page. It
/// stays valid when that item is renamed or deleted: the next page starts
/// after the position it held. On the wire it is [`Cursor::encode`]'s string.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cursor {
    name: String,
    id: u128,
}

/// Longest cursor string [`Cursor::decode`] accepts.
const MAX_CURSOR_LEN: usize = 4096;

impl Cursor {
    /// The position just after the item `(name, id)`.
    pub fn new(name: impl Into<String>, id: Uuid) -> Self {
        Cursor {
            name: name.into(),
            id: id.as_u128(),
        }
    }

    /// The name of the item the cursor stands on.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The id of the item the cursor stands on.
    pub fn id(&self) -> Uuid {
        Uuid::from_u128(self.id)
    }

    pub(crate) fn id_u128(&self) -> u128 {
        self.id
    }

    /// URL-safe form: 32 hex digits of the id, then the name's UTF-8 in hex.
    pub fn encode(&self) -> String {
        let mut out = String::with_capacity(32 + 2 * self.name.len());
        let _ = write!(out, "{:032x}", self.id);
        for b in self.name.bytes() {
            let _ = write!(out, "{b:02x}");
        }
        out
    }

    /// Parses [`Cursor::encode`]'s output; `None` for anything else.
    pub fn decode(s: &str) -> Option<Cursor> {
        if s.len() > MAX_CURSOR_LEN || s.len() < 32 || !s.len().is_multiple_of(2) || !s.is_ascii() {
            return None;
        }
        let (id_hex, name_hex) = s.split_at(32);
        let id = u128::from_str_radix(id_hex, 16).ok()?;
        if id_hex.starts_with(['+', '-']) {
            return None;
        }
        let bytes = name_hex
            .as_bytes()
            .chunks(2)
            .map(|pair| {
                let pair = std::str::from_utf8(pair).ok()?;
                if pair.starts_with(['+', '-']) {
                    return None;
                }
                u8::from_str_radix(pair, 16).ok()
            })
            .collect::<Option<Vec<u8>>>()?;
        let name = String::from_utf8(bytes).ok()?;
        Some(Cursor { name, id })
    }
}

impl Serialize for Cursor {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.encode())
    }
}

impl<'de> Deserialize<'de> for Cursor {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Cursor::decode(&s).ok_or_else(|| serde::de::Error::custom("invalid cursor"))
    }
}

/// A12: one line of the list of all clients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientListItem {
    pub id: ClientId,
    pub name: String,
    /// The user cannot open it (A12: name only).
    pub locked: bool,
    pub owner_id: UserId,
}

/// One open share of a client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareEntry {
    pub share_id: ShareId,
    pub subject: Subject,
    pub granted_by: Option<UserId>,
    pub granted_at: Timestamp,
    pub how: How,
}

/// A13: the sharing panel of a client as one viewer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Panel {
    pub viewer_has_access: bool,
    /// A4/A19: the viewer may share the client and remove its shares.
    pub can_share: bool,
    /// Owner first, then users by name, groups by name, the whole company
    /// (the last only for viewers with access).
    pub entries: Vec<PanelEntry>,
}

/// One line of the sharing panel. One line per subject: when a subject has
/// several open shares, the earliest one's grant is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelEntry {
    pub subject: Subject,
    /// The owner's line (A8); it has no grant.
    pub owner: bool,
    /// `None` for the owner, system grants and viewers without access.
    pub granted_by: Option<UserId>,
    /// `None` for the owner and viewers without access.
    pub granted_at: Option<Timestamp>,
    /// Groups only, viewers with access only: the active members, by name.
    pub members: Option<Vec<UserId>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        for name in ["", "Ålborg & Sønner", "a/b?c=d", "名字"] {
            let c = Cursor::new(name, Uuid::from_u128(0xdead_beef));
            let s = c.encode();
            assert!(s.bytes().all(|b| b.is_ascii_hexdigit()));
            assert_eq!(Cursor::decode(&s), Some(c.clone()));
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(serde_json::from_str::<Cursor>(&json).unwrap(), c);
        }
    }

    #[test]
    fn malformed_cursors_are_refused() {
        for s in [
            "",
            "xyz",
            &"0".repeat(31),
            &"g".repeat(32),
            &format!("{}+1", "0".repeat(32)),
        ] {
            assert_eq!(Cursor::decode(s), None, "{s}");
        }
        assert_eq!(Cursor::decode(&format!("{}ff", "0".repeat(32))), None);
    }

    #[test]
    fn reasons_serialize_tagged_by_rule() {
        let json = serde_json::to_value(Reason::Role { role: Role::Admin }).unwrap();
        assert_eq!(json, serde_json::json!({"rule": "role", "role": "admin"}));
        assert_eq!(Reason::Restricted.rule(), "X10");
        assert!(Reason::Owner.grants() && !Reason::NoAccess.grants());
    }
}
