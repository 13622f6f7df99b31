//! Inputs and outputs of the use cases. Plain data; the HTTP layer turns them
//! into the JSON shapes of API.md.

use casegate_core::index::{Cursor, Reason};
use casegate_core::{
    AccessRequest, ClientId, CompanyId, GroupId, How, Language, NewClientAccess, Permissions,
    RequestStatus, Revision, Role, Subject, Timestamp, User, UserId, View,
};

/// Who is acting: an authenticated staff member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: UserId,
    pub company_id: CompanyId,
    pub role: Role,
    /// sha256 of the bearer token that authenticated this actor (for logout).
    pub token_hash: Vec<u8>,
}

/// A page of results with the cursor of the next one.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<Cursor>,
}

/// A written change: what it returns and the revision it committed at.
#[derive(Debug, Clone, PartialEq)]
pub struct Written<T> {
    pub value: T,
    pub revision: Revision,
}

/// `PATCH /settings`: only the given fields change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsPatch {
    pub client_access_enabled: Option<bool>,
    pub allow_access_requests: Option<bool>,
    pub allow_sharing: Option<bool>,
    pub new_client_access: Option<NewClientAccess>,
}

/// `POST /users`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    /// Without one, an invitation email is sent.
    pub password: Option<String>,
    pub language: Option<Language>,
}

/// `PATCH /users/{id}`: partial permissions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PermissionsPatch {
    pub view: Option<View>,
    pub payments: Option<bool>,
    pub documents: Option<bool>,
    pub packages: Option<bool>,
    pub hide_email: Option<bool>,
    pub hide_phone: Option<bool>,
    pub edit_rights: Option<bool>,
    pub list_all_clients: Option<bool>,
}

impl PermissionsPatch {
    /// The permissions with this patch applied.
    pub fn apply(&self, to: Permissions) -> Permissions {
        Permissions {
            view: self.view.unwrap_or(to.view),
            payments: self.payments.unwrap_or(to.payments),
            documents: self.documents.unwrap_or(to.documents),
            packages: self.packages.unwrap_or(to.packages),
            hide_email: self.hide_email.unwrap_or(to.hide_email),
            hide_phone: self.hide_phone.unwrap_or(to.hide_phone),
            edit_rights: self.edit_rights.unwrap_or(to.edit_rights),
            list_all_clients: self.list_all_clients.unwrap_or(to.list_all_clients),
        }
    }
}

/// `PATCH /users/{id}`: only the given fields change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserPatch {
    pub name: Option<String>,
    pub role: Option<Role>,
    pub active: Option<bool>,
    pub share_all_clients: Option<bool>,
    pub permissions: PermissionsPatch,
    pub language: Option<Language>,
    /// X11: with `active = Some(false)`, the handover (C8) to this successor
    /// runs first, in the same transaction and change.
    pub successor_id: Option<UserId>,
}

/// C8: what a handover passed on (`POST /users/{id}/handover`), or what a
/// staff member holds (the confirmation pages).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HandoverCounts {
    /// Clients owned (handed over: whose owner is now the successor).
    pub owned: usize,
    /// Clients with a direct user share (handed over: the successor's new shares).
    pub shares: usize,
    /// Groups (handed over: those the successor joined).
    pub groups: usize,
}

/// A group with its current members (sorted by name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupView {
    pub id: GroupId,
    pub name: String,
    pub members: Vec<User>,
}

/// A20: the outcome of `DELETE /groups/{id}` with confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupDeleted {
    pub revoked_shares: usize,
}

/// `POST /clients`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewClient {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub tags: Vec<String>,
    /// Defaults to the creator (A8).
    pub owner_id: Option<UserId>,
}

/// `PATCH /clients/{id}`: only the given fields change; `Some(None)` clears.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientPatch {
    pub name: Option<String>,
    pub email: Option<Option<String>>,
    pub phone: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
    /// X10; admins only.
    pub restricted: Option<bool>,
}

/// A line of `GET /clients` (A12).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientListEntry {
    pub id: ClientId,
    pub name: String,
    pub locked: bool,
    pub owner_id: UserId,
}

/// Whether what a name stands for is still there. The history, the panel
/// and the view log keep the names of deactivated people and of deleted
/// groups and clients, and say so beside them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Standing {
    #[default]
    Current,
    /// A staff member whose account is deactivated (A22).
    Deactivated,
    /// A deleted group (A20) or client.
    Deleted,
}

/// Someone named in an answer: id and display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named<Id> {
    pub id: Id,
    pub name: String,
    pub standing: Standing,
}

/// The subject of a panel entry or history row, with its display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectView {
    pub subject: Subject,
    /// The user's or group's name; the company's name for a whole-company share.
    pub name: String,
    pub standing: Standing,
}

/// A19: what removing a subject's shares from a client would take away
/// (`App::revoke_impact`, which changes nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevokeImpact {
    pub subject: SubjectView,
    /// The first of those who would lose access, by name (as many as asked).
    pub losing: Vec<Named<UserId>>,
    /// How many would lose access in all: those who can open the client now
    /// and could not after the removal.
    pub total: usize,
}

/// A1: what switching client access would change (`App::client_access_impact`,
/// which changes nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessSwitch {
    /// The setting is already as asked.
    Unchanged,
    /// A2: nobody's access changes at that moment; `company_shares` clients
    /// get a whole-company share. `kept` clients, managed during an earlier
    /// switch-on and not restricted, keep the shares they had instead, so
    /// whoever is not among them loses access to those.
    On { company_shares: usize, kept: usize },
    /// A1 off: every one of `people` active staff members can open every one
    /// of `clients` live clients that are not restricted; `restricted`
    /// clients (X10) stay closed to all but their own shares. Every share is
    /// kept.
    Off {
        clients: usize,
        people: usize,
        restricted: usize,
    },
}

/// One line of the sharing panel (A13).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelLine {
    pub subject: SubjectView,
    pub owner: bool,
    pub granted_by: Option<Named<UserId>>,
    pub granted_at: Option<Timestamp>,
    /// Only for viewers with access, and only for groups.
    pub members: Option<Vec<User>>,
}

/// `GET /clients/{id}/access` (A13).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelView {
    pub can_share: bool,
    pub can_request: bool,
    /// Whether the viewer can open the client (decides what the entries show).
    pub has_access: bool,
    /// A24: the viewer's "Receive daily digest" box (only meaningful with access).
    pub digest_enabled: bool,
    pub entries: Vec<PanelLine>,
}

/// `POST /clients/{id}/access`: the share, and whether it was new (201) or existed (200).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Granted {
    pub line: PanelLine,
    pub created: bool,
    /// How many people were emailed ("notify by email").
    pub notified: usize,
}

/// One row of `GET /clients/{id}/access/history` (C5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    pub share_id: casegate_core::ShareId,
    pub subject: SubjectView,
    pub granted_by: Option<Named<UserId>>,
    pub granted_at: Timestamp,
    pub granted_how: How,
    pub revoked_by: Option<Named<UserId>>,
    pub revoked_at: Option<Timestamp>,
    pub revoked_how: Option<How>,
}

/// An access request with the names a reader needs (A16: who decided, when).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestView {
    pub request: AccessRequest,
    pub client_name: String,
    /// `Deleted` once the client is deleted (its name is kept).
    pub client_standing: Standing,
    pub requester: Named<UserId>,
    pub decided_by: Option<Named<UserId>>,
}

/// `POST /clients/{id}/access-requests`: the request and whether it was new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requested {
    pub request: RequestView,
    pub created: bool,
}

/// `GET /access-requests` filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RequestFilter {
    pub status: Option<RequestStatus>,
}

/// `POST /check`: the action asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckAction {
    View,
    Share,
}

/// `POST /check` (X1).
#[derive(Debug, Clone, PartialEq)]
pub struct CheckAnswer {
    pub allowed: bool,
    pub reasons: Vec<Reason>,
    pub revision: Revision,
}

/// `GET /clients/{id}/users`: a user who can open the client, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct UserWithReasons {
    pub user: User,
    pub reasons: Vec<Reason>,
}
