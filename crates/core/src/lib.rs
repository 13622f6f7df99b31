//! casegate's pure core: identifiers, the model, the rules of SPEC.md and the
//! access index. No IO, no async, no clock, no randomness: time and ids are
//! passed in by the caller.

pub mod accounts;
pub mod change;
pub mod content;
pub mod deal;
pub mod ids;
pub mod index;
pub mod model;
pub mod permissions;
pub mod time;

pub use change::{Change, Revision};
pub use content::*;
pub use ids::{
    AccessRequestId, AccountId, ActivityId, ClientId, CompanyId, ContactShareId, DocumentId,
    EntityId, GroupId, IdParseError, MembershipId, PackageId, ShareId, UserId, ViewId,
};
pub use index::{CompanyIndex, Index, IndexError, Snapshot};
pub use model::*;
