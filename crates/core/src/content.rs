//! What a client file holds beyond its access rows (Part B): activities,
//! documents, packages, the profile fields, and the view log (X9).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::deal::Party;
use crate::ids::{ActivityId, ClientId, CompanyId, DocumentId, PackageId, UserId, ViewId};
use crate::model::{ParseEnumError, Timestamp, wire_enum};

wire_enum!(
    /// The kinds of activity on a client (B2, B4–B6).
    ActivityKind, "activity kind" {
        Conversation => "conversation",
        Appointment => "appointment",
        /// B5: hidden with the payments permission off.
        Payment => "payment",
        /// B6: hidden with the documents permission off.
        Document => "document",
    }
);

/// One activity on a client, assigned to a staff member (B4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub id: ActivityId,
    pub company_id: CompanyId,
    pub client_id: ClientId,
    pub kind: ActivityKind,
    pub summary: String,
    /// B4: a restricted view shows only activities assigned to oneself.
    pub assignee_id: UserId,
    /// Who wrote it: the acting identity (for "work as", the member acted as).
    pub created_by: UserId,
    /// B11: the contributor behind a "work as" write; `None` otherwise.
    pub created_by_real: Option<UserId>,
    pub starts_at: Option<Timestamp>,
    /// Payments only.
    pub amount_cents: Option<i64>,
    /// Payments only: ISO 4217 code.
    pub currency: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

wire_enum!(
    /// Who may see a document (B6, B7).
    DocumentVisibility, "document visibility" {
        /// Everyone who may see documents on the client (and, later, its contacts).
        Shared => "shared",
        /// Staff only: never shown to outside contacts (C4).
        Internal => "internal",
        /// B7 "My documents": the uploader alone, whatever the role.
        Personal => "personal",
    }
);

/// A document stored on a client. The bytes live in the store, apart from
/// this record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocumentId,
    pub company_id: CompanyId,
    pub client_id: ClientId,
    /// The file name as uploaded (no path).
    pub name: String,
    pub content_type: String,
    pub size: u64,
    /// Hex SHA-256 of the bytes.
    pub sha256: String,
    pub visibility: DocumentVisibility,
    /// A staff member, or a contact uploading from the desk (Part C).
    pub uploaded_by: Party,
    pub created_at: Timestamp,
}

/// A package sold to a client (B8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    pub id: PackageId,
    pub company_id: CompanyId,
    pub client_id: ClientId,
    pub name: String,
    pub price_cents: Option<i64>,
    pub created_by: UserId,
    pub created_at: Timestamp,
}

/// A client's fields that play no part in access decisions (so they are not
/// in the index): marketing opt-in (B9), loyalty card and free notes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientProfile {
    pub marketing_opt_in: bool,
    pub loyalty_card: Option<String>,
    pub notes: Option<String>,
}

wire_enum!(
    /// What was looked at (X9).
    ViewKind, "view kind" {
        ClientOpened => "client_opened",
        DocumentDownloaded => "document_downloaded",
    }
);

/// One line of a client's view log (X9): who looked, when, through which access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewEntry {
    pub id: ViewId,
    pub company_id: CompanyId,
    pub client_id: ClientId,
    pub user_id: UserId,
    /// B11: the contributor behind a "work as" view; `None` otherwise.
    pub real_user_id: Option<UserId>,
    pub kind: ViewKind,
    /// The document, for a download.
    pub document_id: Option<DocumentId>,
    /// The rule ids that opened the client at that moment, e.g. `["A9"]`.
    pub through: Vec<String>,
    pub at: Timestamp,
}
