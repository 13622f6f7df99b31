//! Part B (B1–B11) as one table: what each role may do inside a client, and
//! which per-member toggles (B3–B10) adjust it. Pure functions over the model;
//! Part A has already decided whether the client can be opened at all (B12).

use serde::{Deserialize, Serialize};

use crate::content::{Activity, ActivityKind, Document, DocumentVisibility};
use crate::deal::Party;
use crate::ids::UserId;
use crate::model::{Permissions, Role, User, View};

/// How far a grant reaches. Ordered: `None < Own < All`, so the meet of two
/// grants is their minimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reach {
    /// Nothing.
    None,
    /// Only what is one's own: activities assigned to oneself, documents one
    /// uploaded.
    Own,
    /// Everything of the clients one can open.
    All,
}

/// A per-member toggle of B3–B10, read only for contributors and users.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Toggle {
    /// B5.
    Payments,
    /// B6.
    Documents,
    /// B8.
    Packages,
    /// B8: the client's email is shown (`hide_email` off).
    EmailVisible,
    /// B8: the client's phone is shown (`hide_phone` off).
    PhoneVisible,
    /// B9.
    EditRights,
    /// B10.
    ListAllClients,
}

impl Toggle {
    const fn is_on(self, p: &Permissions) -> bool {
        match self {
            Toggle::Payments => p.payments,
            Toggle::Documents => p.documents,
            Toggle::Packages => p.packages,
            Toggle::EmailVisible => !p.hide_email,
            Toggle::PhoneVisible => !p.hide_phone,
            Toggle::EditRights => p.edit_rights,
            Toggle::ListAllClients => p.list_all_clients,
        }
    }
}

/// One cell of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grant {
    Yes,
    No,
    Own,
    /// The toggle decides: on is `All`, off is `None`.
    Per(Toggle),
    /// B4: shared view is `All`, restricted view is `Own`.
    PerView,
}

impl Grant {
    const fn reach(self, p: &Permissions) -> Reach {
        match self {
            Grant::Yes => Reach::All,
            Grant::No => Reach::None,
            Grant::Own => Reach::Own,
            Grant::Per(toggle) if toggle.is_on(p) => Reach::All,
            Grant::Per(_) => Reach::None,
            Grant::PerView => match p.view {
                View::Shared => Reach::All,
                View::Restricted => Reach::Own,
            },
        }
    }
}

/// The sections and actions of B2 (one row of the table each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    AccountSettings,
    OnlinePresence,
    Campaigns,
    Staff,
    Subscription,
    PrimaryAdminCredentials,
    Activities,
    Payments,
    Documents,
    Packages,
    ContactEmail,
    ContactPhone,
    BulkEdit,
    Tags,
    ImportExport,
    MarketingOptIn,
    ListAllClients,
    WorkAs,
}

/// One row: a cell per role, in B1 order.
struct Row(Grant, Grant, Grant, Grant, Grant, Grant);

impl Row {
    const fn get(&self, role: Role) -> Grant {
        match role {
            Role::PrimaryAdmin => self.0,
            Role::Admin => self.1,
            Role::Manager => self.2,
            Role::Marketing => self.3,
            Role::Contributor => self.4,
            Role::User => self.5,
        }
    }
}

/// B2, with B3–B11 filled in. Toggles appear in the contributor and user
/// columns only: for every other role the role decides, whatever is stored.
#[rustfmt::skip]
const fn row(section: Section) -> Row {
    use Grant::{No, Own, Per, PerView, Yes};
    match section {
        //                                   primary admin, admin, manager, marketing, contributor, user
        Section::AccountSettings => Row(Yes, Yes, Yes, Yes, No, No),
        Section::OnlinePresence => Row(Yes, Yes, Yes, Yes, No, No),
        Section::Campaigns => Row(Yes, Yes, Yes, Yes, No, No),
        Section::Staff => Row(Yes, Yes, No, No, No, No),
        Section::Subscription => Row(Yes, Yes, No, No, No, No),
        Section::PrimaryAdminCredentials => Row(Yes, No, No, No, No, No),
        Section::Activities => Row(Yes, Yes, Yes, Own, PerView, PerView),
        Section::Payments => Row(Yes, Yes, Yes, No, Per(Toggle::Payments), Per(Toggle::Payments)),
        Section::Documents => Row(Yes, Yes, Yes, Own, Per(Toggle::Documents), Per(Toggle::Documents)),
        Section::Packages => Row(Yes, Yes, Yes, Yes, Per(Toggle::Packages), Per(Toggle::Packages)),
        Section::ContactEmail => Row(Yes, Yes, Yes, Yes, Per(Toggle::EmailVisible), Per(Toggle::EmailVisible)),
        Section::ContactPhone => Row(Yes, Yes, Yes, Yes, Per(Toggle::PhoneVisible), Per(Toggle::PhoneVisible)),
        Section::BulkEdit => Row(Yes, Yes, Yes, Yes, Per(Toggle::EditRights), Per(Toggle::EditRights)),
        Section::Tags => Row(Yes, Yes, Yes, Yes, Per(Toggle::EditRights), Per(Toggle::EditRights)),
        Section::ImportExport => Row(Yes, Yes, Yes, Yes, Per(Toggle::EditRights), Per(Toggle::EditRights)),
        Section::MarketingOptIn => Row(Yes, Yes, Yes, Yes, Per(Toggle::EditRights), Per(Toggle::EditRights)),
        Section::ListAllClients => Row(Yes, Yes, Yes, Yes, Per(Toggle::ListAllClients), Per(Toggle::ListAllClients)),
        Section::WorkAs => Row(No, No, No, No, Yes, No),
    }
}

/// The reach of `section` for a role with these permissions.
const fn reach_of(role: Role, p: &Permissions, section: Section) -> Reach {
    row(section).get(role).reach(p)
}

/// The reach of `section` for `user`: nothing at all while inactive (A22).
const fn reach(user: &User, section: Section) -> Reach {
    if user.active {
        reach_of(user.role, &user.permissions, section)
    } else {
        Reach::None
    }
}

/// The reach of activities of `kind` (B4 meets B5/B6; marketing: B2).
fn activity_reach(user: &User, kind: ActivityKind) -> Reach {
    let by_kind = match kind {
        ActivityKind::Conversation | ActivityKind::Appointment => Reach::All,
        ActivityKind::Payment => reach(user, Section::Payments),
        ActivityKind::Document => reach(user, Section::Documents),
    };
    reach(user, Section::Activities).min(by_kind)
}

/// Whether `reach` covers something whose own-ness is `is_own`.
const fn covers(reach: Reach, is_own: bool) -> bool {
    match reach {
        Reach::All => true,
        Reach::Own => is_own,
        Reach::None => false,
    }
}

/// API.md `capabilities` on GET /me, computed from role + permissions (B2–B10).
/// A section is usable when its reach is more than nothing (marketing's "own
/// only" documents still give the documents section).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capabilities {
    pub account_settings: bool,
    pub online_presence: bool,
    pub campaigns: bool,
    pub staff: bool,
    pub subscription: bool,
    pub payments: bool,
    pub documents: bool,
    pub packages: bool,
    pub bulk_edit: bool,
    pub tags: bool,
    pub import_export: bool,
    pub marketing_opt_in: bool,
    pub work_as: bool,
    pub list_all_clients: bool,
}

impl Capabilities {
    /// Nothing at all: an inactive user's capabilities.
    pub const NONE: Capabilities = Capabilities {
        account_settings: false,
        online_presence: false,
        campaigns: false,
        staff: false,
        subscription: false,
        payments: false,
        documents: false,
        packages: false,
        bulk_edit: false,
        tags: false,
        import_export: false,
        marketing_opt_in: false,
        work_as: false,
        list_all_clients: false,
    };
}

/// API.md `capabilities`: the sections a role with these permissions may use
/// (B2–B10). Stored toggles count for contributors and users only (B3).
pub fn capabilities(role: Role, p: &Permissions) -> Capabilities {
    let has = |section| reach_of(role, p, section) > Reach::None;
    Capabilities {
        account_settings: has(Section::AccountSettings),
        online_presence: has(Section::OnlinePresence),
        campaigns: has(Section::Campaigns),
        staff: has(Section::Staff),
        subscription: has(Section::Subscription),
        payments: has(Section::Payments),
        documents: has(Section::Documents),
        packages: has(Section::Packages),
        bulk_edit: has(Section::BulkEdit),
        tags: has(Section::Tags),
        import_export: has(Section::ImportExport),
        marketing_opt_in: has(Section::MarketingOptIn),
        work_as: has(Section::WorkAs),
        list_all_clients: reach_of(role, p, Section::ListAllClients) == Reach::All,
    }
}

/// [`capabilities`] of one user: [`Capabilities::NONE`] while inactive (A22).
pub fn capabilities_of(user: &User) -> Capabilities {
    if user.active {
        capabilities(user.role, &user.permissions)
    } else {
        Capabilities::NONE
    }
}

/// B4/B5/B6/B11: may `viewer` see this activity (client access already
/// granted, B12)? Own means assigned to the viewer. Payment activities need
/// the payments section (never for marketing, B2), document activities the
/// documents section, even when assigned to the viewer.
pub fn may_see_activity(viewer: &User, activity: &Activity) -> bool {
    viewer.company_id == activity.company_id
        && covers(
            activity_reach(viewer, activity.kind),
            activity.assignee_id == viewer.id,
        )
}

/// B5/B6 + kinds: may `actor` create or change an activity of this kind
/// assigned to `assignee`? The same reach as seeing (API.md: who may see an
/// activity may change it): a restricted view and marketing write only
/// activities assigned to themselves. To change an activity, check its current
/// assignee and its new one.
pub fn may_write_activity(actor: &User, kind: ActivityKind, assignee: UserId) -> bool {
    covers(activity_reach(actor, kind), assignee == actor.id)
}

/// B6/B7: may `viewer` see this document (list and download)? Personal ones
/// ("My documents"): the uploader alone, admins included, and only while the
/// uploader has documents. Otherwise the documents section meets the activity
/// view: marketing and a restricted view see the documents they uploaded, a
/// shared view and admin-like roles every shared and internal document.
pub fn may_see_document(viewer: &User, doc: &Document) -> bool {
    if viewer.company_id != doc.company_id {
        return false;
    }
    let own = doc.uploaded_by == Party::Staff(viewer.id);
    let reach = activity_reach(viewer, ActivityKind::Document);
    match doc.visibility {
        DocumentVisibility::Personal => own && reach > Reach::None,
        DocumentVisibility::Shared | DocumentVisibility::Internal => covers(reach, own),
    }
}

/// B6: may `actor` upload (send) a document?
pub fn may_upload_document(actor: &User) -> bool {
    reach(actor, Section::Documents) > Reach::None
}

/// B8: may `actor` see and add packages on a client card?
pub fn may_use_packages(actor: &User) -> bool {
    reach(actor, Section::Packages) > Reach::None
}

/// B8: which of a client's contact fields are hidden from a viewer (masked in
/// the API, the UI, exports and emails).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Masking {
    pub hide_email: bool,
    pub hide_phone: bool,
}

/// B8 masking: admin-like roles and marketing never masked; contributors and
/// users per their toggles; an inactive user sees nothing.
pub fn masking(viewer: &User) -> Masking {
    Masking {
        hide_email: reach(viewer, Section::ContactEmail) == Reach::None,
        hide_phone: reach(viewer, Section::ContactPhone) == Reach::None,
    }
}

/// B9: bulk operations on clients (delete, add or remove a tag on many).
pub fn may_bulk_edit(actor: &User) -> bool {
    reach(actor, Section::BulkEdit) > Reach::None
}

/// B9: changing a client's tags.
pub fn may_edit_tags(actor: &User) -> bool {
    reach(actor, Section::Tags) > Reach::None
}

/// B9: changing a client's marketing opt-in.
pub fn may_change_marketing_opt_in(actor: &User) -> bool {
    reach(actor, Section::MarketingOptIn) > Reach::None
}

/// B2/B9: importing and exporting clients (edit rights, for contributors and users).
pub fn may_import_export(actor: &User) -> bool {
    reach(actor, Section::ImportExport) > Reach::None
}

/// B10: with "view every client" off, the client list shows only clients the
/// user worked with (an activity assigned to them) or owns. True when the
/// whole list is visible.
pub fn lists_every_client(viewer: &User) -> bool {
    reach(viewer, Section::ListAllClients) == Reach::All
}

/// B11: may `actor` work as `target`? Decision: only an active contributor,
/// for another active contributor or user of the same company, never for
/// themselves nor a higher role (marketing, manager, admins): acting as a
/// higher role would hand over that role's reach over activities, and B11
/// says work-as never gains admin rights. Settings, staff and every non-activity
/// endpoint stay refused while working as (API.md).
pub fn may_work_as(actor: &User, target: &User) -> bool {
    reach(actor, Section::WorkAs) == Reach::All
        && target.active
        && target.company_id == actor.company_id
        && target.id != actor.id
        && matches!(target.role, Role::Contributor | Role::User)
}

/// B11: the identity to decide with while `actor` works as `target`: the
/// target, with the meet of both members' toggles, so working as someone
/// never lifts the actor's own restrictions (payments, documents, masking...).
/// `None` when [`may_work_as`] refuses.
pub fn work_as_identity(actor: &User, target: &User) -> Option<User> {
    if !may_work_as(actor, target) {
        return None;
    }
    let (a, t) = (&actor.permissions, &target.permissions);
    let view = if a.view == View::Restricted || t.view == View::Restricted {
        View::Restricted
    } else {
        View::Shared
    };
    let permissions = Permissions {
        view,
        payments: a.payments && t.payments,
        documents: a.documents && t.documents,
        packages: a.packages && t.packages,
        hide_email: a.hide_email || t.hide_email,
        hide_phone: a.hide_phone || t.hide_phone,
        edit_rights: a.edit_rights && t.edit_rights,
        list_all_clients: a.list_all_clients && t.list_all_clients,
    };
    Some(User {
        permissions,
        ..target.clone()
    })
}

/// B1/B2: may `actor` change `target`'s credentials or role (staff
/// configuration)? Primary admin and admins, in their own company; the
/// primary admin's only by the primary admin. A member changing their own
/// password or email (C7) is not decided here.
pub fn may_change_credentials(actor: &User, target: &User) -> bool {
    let section = match target.role {
        Role::PrimaryAdmin => Section::PrimaryAdminCredentials,
        _ => Section::Staff,
    };
    actor.company_id == target.company_id && reach(actor, section) == Reach::All
}

/// C8, X11: may `actor` hand what `leaver` holds (the clients they own, their
/// direct shares, their groups) over to a successor? The leaver themself, and
/// whoever may change the leaver's account ([`may_change_credentials`]: admins,
/// and for the primary admin's holdings the primary admin alone, B1), in the
/// same company and while active.
pub fn may_hand_over(actor: &User, leaver: &User) -> bool {
    actor.active
        && actor.company_id == leaver.company_id
        && (actor.id == leaver.id || may_change_credentials(actor, leaver))
}

#[cfg(test)]
mod tests;
