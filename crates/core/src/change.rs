//! The change log's vocabulary. Every committed write appends one `Change`;
//! its position in the log is the new revision. The access index is kept
//! current by applying changes in revision order, here and on every replica.

use serde::{Deserialize, Serialize};

use crate::deal::{ContactRevocation, ContactShare, Entity, Participation, TeamManager};
use crate::ids::{
    AccountId, ClientId, CompanyId, ContactShareId, EntityId, GroupId, ShareId, UserId,
};
use crate::model::{Client, Company, Group, Membership, Revocation, Settings, Share, User};

/// The position of a change in the change log. Strictly increasing.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Revision(pub u64);

/// One committed change to what the access index knows. A use case that
/// changes several things at once (A2, A20) appends a `Batch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// A company and its first primary admin came to be.
    CompanyCreated { company: Company },
    /// A company's name, language or timezone changed.
    CompanyUpdated { company: Company },
    /// A1–A5 changed.
    SettingsChanged {
        company_id: CompanyId,
        settings: Settings,
    },
    /// A user was created or any of its fields changed (role, active, A7, ...).
    UserSaved { user: User },
    /// A group was created or renamed.
    GroupSaved { group: Group },
    /// A20: a group was deleted (its shares and memberships end with it; they
    /// are revoked by the `ShareRevoked`/`MemberRemoved` changes of the same batch).
    GroupDeleted {
        company_id: CompanyId,
        group_id: GroupId,
    },
    /// A user joined a group.
    MemberAdded { membership: Membership },
    /// A21: a user left a group.
    MemberRemoved {
        company_id: CompanyId,
        group_id: GroupId,
        user_id: UserId,
        removed: Revocation,
    },
    /// A client was created or its name, owner or restriction changed.
    ClientSaved { client: Client },
    /// A client was deleted.
    ClientDeleted {
        company_id: CompanyId,
        client_id: ClientId,
    },
    /// A share was granted.
    ShareGranted { share: Share },
    /// A share was revoked.
    ShareRevoked {
        company_id: CompanyId,
        client_id: ClientId,
        share_id: ShareId,
        revoked: Revocation,
    },
    /// C1: an entity was recorded or its name, kind, C3 or C9 settings changed.
    EntitySaved { entity: Entity },
    /// C1: an entity began to take part in a file (or its role there changed).
    ParticipationSaved { participation: Participation },
    /// An entity stopped taking part in a file (its contact shares there are
    /// revoked by `ContactShareRevoked` changes of the same batch).
    ParticipationEnded {
        company_id: CompanyId,
        client_id: ClientId,
        entity_id: EntityId,
    },
    /// C3: a team manager was named.
    TeamManagerAdded { team_manager: TeamManager },
    /// C3: a team manager was removed.
    TeamManagerRemoved {
        company_id: CompanyId,
        entity_id: EntityId,
        account_id: AccountId,
    },
    /// C2: a contact was given a file through an entity.
    ContactShareGranted { share: ContactShare },
    /// C5, C10: a contact share was revoked.
    ContactShareRevoked {
        company_id: CompanyId,
        client_id: ClientId,
        share_id: ContactShareId,
        revoked: ContactRevocation,
    },
    /// Several changes committed in one transaction, applied in order.
    Batch { changes: Vec<Change> },
}

impl Change {
    /// The company the change belongs to (the first one for a batch).
    pub fn company_id(&self) -> Option<CompanyId> {
        match self {
            Change::CompanyCreated { company } | Change::CompanyUpdated { company } => {
                Some(company.id)
            }
            Change::SettingsChanged { company_id, .. }
            | Change::GroupDeleted { company_id, .. }
            | Change::MemberRemoved { company_id, .. }
            | Change::ClientDeleted { company_id, .. }
            | Change::ShareRevoked { company_id, .. }
            | Change::ParticipationEnded { company_id, .. }
            | Change::TeamManagerRemoved { company_id, .. }
            | Change::ContactShareRevoked { company_id, .. } => Some(*company_id),
            Change::EntitySaved { entity } => Some(entity.company_id),
            Change::ParticipationSaved { participation } => Some(participation.company_id),
            Change::TeamManagerAdded { team_manager } => Some(team_manager.company_id),
            Change::ContactShareGranted { share: contact } => Some(contact.company_id),
            Change::UserSaved { user } => Some(user.company_id),
            Change::GroupSaved { group } => Some(group.company_id),
            Change::MemberAdded { membership } => Some(membership.company_id),
            Change::ClientSaved { client } => Some(client.company_id),
            Change::ShareGranted { share } => Some(share.company_id),
            Change::Batch { changes } => changes.iter().find_map(Change::company_id),
        }
    }
}
