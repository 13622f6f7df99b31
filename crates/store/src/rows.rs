//! Row <-> model mapping. The Any driver carries only integers, booleans,
//! text and bytes, so ids travel as hyphenated UUID text, timestamps as
//! microseconds since the Unix epoch, enums as their wire names, tags as JSON
//! text. Booleans are `BOOLEAN` on PostgreSQL and `0/1` on SQLite; [`flag`]
//! reads both. The column lists here are the ones every query selects.

use std::str::FromStr;

use casegate_core::deal::Party;
use casegate_core::{
    AccessRequest, Activity, Client, ClientProfile, Company, Document, Group, How, Membership,
    Package, Permissions, Revocation, Settings, Share, Subject, Timestamp, User, ViewEntry,
};
use chrono::DateTime;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::error::{Result, StoreError};

/// Columns of `companies`, in the order [`company`] reads them.
pub(crate) const COMPANY_COLS: &str = "id, name, default_language, timezone, \
     client_access_enabled, allow_access_requests, allow_sharing, new_client_access, created_at";

/// Columns of `users` (without the password hash).
pub(crate) const USER_COLS: &str = "id, company_id, email, name, role, active, share_all_clients, \
     perm_view, perm_payments, perm_documents, perm_packages, perm_hide_email, perm_hide_phone, \
     perm_edit_rights, perm_list_all_clients, language, created_at";

/// Columns of `groups`.
pub(crate) const GROUP_COLS: &str = "id, company_id, name, created_at";

/// Columns of `memberships`.
pub(crate) const MEMBERSHIP_COLS: &str =
    "id, company_id, group_id, user_id, added_by, added_at, removed_by, removed_at, removed_how";

/// Columns of `clients`.
pub(crate) const CLIENT_COLS: &str =
    "id, company_id, name, email, phone, tags, owner_id, restricted, created_at, updated_at";

/// Columns of `shares`.
pub(crate) const SHARE_COLS: &str = "id, company_id, client_id, subject_type, subject_id, \
     granted_by, granted_at, granted_how, revoked_by, revoked_at, revoked_how";

/// Columns of `access_requests`.
pub(crate) const REQUEST_COLS: &str = "id, company_id, client_id, requester_id, message, status, \
     created_at, expires_at, decided_by, decided_at, reason";

/// Columns of `activities` (without the deletion marks).
pub(crate) const ACTIVITY_COLS: &str = "id, company_id, client_id, kind, summary, assignee_id, \
     created_by, created_by_real, starts_at, amount_cents, currency, created_at, updated_at";

/// Columns of `documents` (without the deletion marks).
pub(crate) const DOCUMENT_COLS: &str = "id, company_id, client_id, name, content_type, size, \
     sha256, visibility, uploaded_by, uploaded_by_contact, created_at";

/// Columns of `packages`.
pub(crate) const PACKAGE_COLS: &str =
    "id, company_id, client_id, name, price_cents, created_by, created_at";

/// The profile columns of `clients`.
pub(crate) const PROFILE_COLS: &str = "marketing_opt_in, loyalty_card, notes";

/// Columns of `view_log`.
pub(crate) const VIEW_COLS: &str =
    "id, company_id, client_id, user_id, real_user_id, kind, document_id, through, at";

/// A timestamp as stored: microseconds since the Unix epoch (UTC).
pub(crate) fn micros(at: Timestamp) -> i64 {
    at.timestamp_micros()
}

/// An optional timestamp as stored.
pub(crate) fn opt_micros(at: Option<Timestamp>) -> Option<i64> {
    at.map(micros)
}

/// A count or limit from the API to the database's integer.
pub(crate) fn limit(n: u32) -> i64 {
    i64::from(n)
}

/// A count read from the database (never negative).
pub(crate) fn count(row: &AnyRow, col: &str) -> Result<u64> {
    let n: i64 = row.try_get(col)?;
    u64::try_from(n).map_err(|_| StoreError::Corrupt(format!("negative count {n} in `{col}`")))
}

/// A stored timestamp.
pub(crate) fn ts(row: &AnyRow, col: &str) -> Result<Timestamp> {
    let v: i64 = row.try_get(col)?;
    from_micros(v, col)
}

/// A stored optional timestamp.
pub(crate) fn opt_ts(row: &AnyRow, col: &str) -> Result<Option<Timestamp>> {
    let v: Option<i64> = row.try_get(col)?;
    v.map(|v| from_micros(v, col)).transpose()
}

fn from_micros(v: i64, col: &str) -> Result<Timestamp> {
    DateTime::from_timestamp_micros(v)
        .ok_or_else(|| StoreError::Corrupt(format!("timestamp {v} out of range in `{col}`")))
}

/// A boolean: `BOOLEAN` on PostgreSQL, an integer on SQLite.
pub(crate) fn flag(row: &AnyRow, col: &str) -> Result<bool> {
    match row.try_get::<bool, _>(col) {
        Ok(b) => Ok(b),
        Err(_) => Ok(row.try_get::<i64, _>(col)? != 0),
    }
}

/// A text column parsed with `FromStr` (ids and enums).
pub(crate) fn parsed<T: FromStr>(row: &AnyRow, col: &str) -> Result<T>
where
    T::Err: std::fmt::Display,
{
    let s: String = row.try_get(col)?;
    parse(&s, col)
}

/// An optional text column parsed with `FromStr`.
pub(crate) fn opt_parsed<T: FromStr>(row: &AnyRow, col: &str) -> Result<Option<T>>
where
    T::Err: std::fmt::Display,
{
    let s: Option<String> = row.try_get(col)?;
    s.map(|s| parse(&s, col)).transpose()
}

fn parse<T: FromStr>(s: &str, col: &str) -> Result<T>
where
    T::Err: std::fmt::Display,
{
    s.parse()
        .map_err(|e| StoreError::Corrupt(format!("`{col}`: {e}")))
}

/// A JSON text column.
pub(crate) fn json<T: serde::de::DeserializeOwned>(row: &AnyRow, col: &str) -> Result<T> {
    let s: String = row.try_get(col)?;
    serde_json::from_str(&s).map_err(|e| StoreError::Corrupt(format!("`{col}`: {e}")))
}

/// A value as JSON text.
pub(crate) fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Database(format!("encoding json: {e}")))
}

/// A revocation stored as three nullable columns `<prefix>_by`, `<prefix>_at`,
/// `<prefix>_how`: present when `_at` is set.
fn revocation(row: &AnyRow, prefix: &str) -> Result<Option<Revocation>> {
    let at = opt_ts(row, &format!("{prefix}_at"))?;
    let Some(at) = at else { return Ok(None) };
    let how_col = format!("{prefix}_how");
    let how: Option<How> = opt_parsed(row, &how_col)?;
    let how = how.ok_or_else(|| StoreError::Corrupt(format!("`{how_col}` missing")))?;
    Ok(Some(Revocation {
        by: opt_parsed(row, &format!("{prefix}_by"))?,
        at,
        how,
    }))
}

/// A row of [`COMPANY_COLS`].
pub(crate) fn company(row: &AnyRow) -> Result<Company> {
    Ok(Company {
        id: parsed(row, "id")?,
        name: row.try_get("name")?,
        default_language: parsed(row, "default_language")?,
        timezone: row.try_get("timezone")?,
        settings: Settings {
            client_access_enabled: flag(row, "client_access_enabled")?,
            allow_access_requests: flag(row, "allow_access_requests")?,
            allow_sharing: flag(row, "allow_sharing")?,
            new_client_access: parsed(row, "new_client_access")?,
        },
        created_at: ts(row, "created_at")?,
    })
}

/// A row of [`USER_COLS`].
pub(crate) fn user(row: &AnyRow) -> Result<User> {
    Ok(User {
        id: parsed(row, "id")?,
        company_id: parsed(row, "company_id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        role: parsed(row, "role")?,
        active: flag(row, "active")?,
        share_all_clients: flag(row, "share_all_clients")?,
        permissions: Permissions {
            view: parsed(row, "perm_view")?,
            payments: flag(row, "perm_payments")?,
            documents: flag(row, "perm_documents")?,
            packages: flag(row, "perm_packages")?,
            hide_email: flag(row, "perm_hide_email")?,
            hide_phone: flag(row, "perm_hide_phone")?,
            edit_rights: flag(row, "perm_edit_rights")?,
            list_all_clients: flag(row, "perm_list_all_clients")?,
        },
        language: parsed(row, "language")?,
        created_at: ts(row, "created_at")?,
    })
}

/// A row of [`GROUP_COLS`].
pub(crate) fn group(row: &AnyRow) -> Result<Group> {
    Ok(Group {
        id: parsed(row, "id")?,
        company_id: parsed(row, "company_id")?,
        name: row.try_get("name")?,
        created_at: ts(row, "created_at")?,
    })
}

/// A row of [`MEMBERSHIP_COLS`].
pub(crate) fn membership(row: &AnyRow) -> Result<Membership> {
    Ok(Membership {
        id: parsed(row, "id")?,
        company_id: parsed(row, "company_id")?,
        group_id: parsed(row, "group_id")?,
        user_id: parsed(row, "user_id")?,
        added_by: opt_parsed(row, "added_by")?,
        added_at: ts(row, "added_at")?,
        removed: revocation(row, "removed")?,
    })
}

/// A row of [`CLIENT_COLS`].
pub(crate) fn client(row: &AnyRow) -> Result<Client> {
    Ok(Client {
        id: parsed(row, "id")?,
        company_id: parsed(row, "company_id")?,
        name: row.try_get("name")?,
        email: row.try_get("email")?,
        phone: row.try_get("phone")?,
        tags: json(row, "tags")?,
        owner_id: parsed(row, "owner_id")?,
        restricted: flag(row, "restricted")?,
        created_at: ts(row, "created_at")?,
        updated_at: ts(row, "updated_at")?,
    })
}

/// The stored form of a share's subject: its kind and, for users and groups, the id.
pub(crate) fn subject_columns(subject: &Subject) -> (&'static str, Option<String>) {
    let id = match subject {
        Subject::User(user) => Some(user.to_string()),
        Subject::Group(group) => Some(group.to_string()),
        Subject::Company => None,
    };
    (subject.kind(), id)
}

fn subject(row: &AnyRow) -> Result<Subject> {
    let kind: String = row.try_get("subject_type")?;
    let missing = || StoreError::Corrupt(format!("share subject `{kind}` without an id"));
    match kind.as_str() {
        "user" => Ok(Subject::User(
            opt_parsed(row, "subject_id")?.ok_or_else(missing)?,
        )),
        "group" => Ok(Subject::Group(
            opt_parsed(row, "subject_id")?.ok_or_else(missing)?,
        )),
        "company" => Ok(Subject::Company),
        other => Err(StoreError::Corrupt(format!(
            "`{other}` is not a share subject"
        ))),
    }
}

/// A row of [`SHARE_COLS`].
pub(crate) fn share(row: &AnyRow) -> Result<Share> {
    Ok(Share {
        id: parsed(row, "id")?,
        company_id: parsed(row, "company_id")?,
        client_id: parsed(row, "client_id")?,
        subject: subject(row)?,
        granted_by: opt_parsed(row, "granted_by")?,
        granted_at: ts(row, "granted_at")?,
        granted_how: parsed(row, "granted_how")?,
        revoked: revocation(row, "revoked")?,
    })
}

/// A row of [`REQUEST_COLS`].
pub(crate) fn request(row: &AnyRow) -> Result<AccessRequest> {
    Ok(AccessRequest {
        id: parsed(row, "id")?,
        company_id: parsed(row, "company_id")?,
        client_id: parsed(row, "client_id")?,
        requester_id: parsed(row, "requester_id")?,
        message: row.try_get("message")?,
        status: parsed(row, "status")?,
        created_at: ts(row, "created_at")?,
        expires_at: ts(row, "expires_at")?,
        decided_by: opt_parsed(row, "decided_by")?,
        decided_at: opt_ts(row, "decided_at")?,
        reason: row.try_get("reason")?,
    })
}

/// A row of [`ACTIVITY_COLS`].
pub(crate) fn activity(row: &AnyRow) -> Result<Activity> {
    Ok(Activity {
        id: parsed(row, "id")?,
        company_id: parsed(row, "company_id")?,
        client_id: parsed(row, "client_id")?,
        kind: parsed(row, "kind")?,
        summary: row.try_get("summary")?,
        assignee_id: parsed(row, "assignee_id")?,
        created_by: parsed(row, "created_by")?,
        created_by_real: opt_parsed(row, "created_by_real")?,
        starts_at: opt_ts(row, "starts_at")?,
        amount_cents: row.try_get("amount_cents")?,
        currency: row.try_get("currency")?,
        created_at: ts(row, "created_at")?,
        updated_at: ts(row, "updated_at")?,
    })
}

/// A row of [`DOCUMENT_COLS`].
pub(crate) fn document(row: &AnyRow) -> Result<Document> {
    Ok(Document {
        id: parsed(row, "id")?,
        company_id: parsed(row, "company_id")?,
        client_id: parsed(row, "client_id")?,
        name: row.try_get("name")?,
        content_type: row.try_get("content_type")?,
        size: count(row, "size")?,
        sha256: row.try_get("sha256")?,
        visibility: parsed(row, "visibility")?,
        uploaded_by: match opt_parsed(row, "uploaded_by")? {
            Some(user) => Party::Staff(user),
            None => Party::Contact(parsed(row, "uploaded_by_contact")?),
        },
        created_at: ts(row, "created_at")?,
    })
}

/// A row of [`PACKAGE_COLS`].
pub(crate) fn package(row: &AnyRow) -> Result<Package> {
    Ok(Package {
        id: parsed(row, "id")?,
        company_id: parsed(row, "company_id")?,
        client_id: parsed(row, "client_id")?,
        name: row.try_get("name")?,
        price_cents: row.try_get("price_cents")?,
        created_by: parsed(row, "created_by")?,
        created_at: ts(row, "created_at")?,
    })
}

/// A row of [`PROFILE_COLS`].
pub(crate) fn profile(row: &AnyRow) -> Result<ClientProfile> {
    Ok(ClientProfile {
        marketing_opt_in: flag(row, "marketing_opt_in")?,
        loyalty_card: row.try_get("loyalty_card")?,
        notes: row.try_get("notes")?,
    })
}

/// A row of [`VIEW_COLS`].
pub(crate) fn view(row: &AnyRow) -> Result<ViewEntry> {
    Ok(ViewEntry {
        id: parsed(row, "id")?,
        company_id: parsed(row, "company_id")?,
        client_id: parsed(row, "client_id")?,
        user_id: parsed(row, "user_id")?,
        real_user_id: opt_parsed(row, "real_user_id")?,
        kind: parsed(row, "kind")?,
        document_id: opt_parsed(row, "document_id")?,
        through: json(row, "through")?,
        at: ts(row, "at")?,
    })
}

/// Maps every row with `f`, stopping at the first error.
pub(crate) fn all<T>(rows: &[AnyRow], f: fn(&AnyRow) -> Result<T>) -> Result<Vec<T>> {
    rows.iter().map(f).collect()
}
