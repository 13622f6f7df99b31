//! casegate's use cases. Each one checks with the core, writes in one store
//! transaction (rows + change + audit + outbox), commits, then applies the
//! change to the in-memory access index. The only place that mutates state.

mod accounts;
mod activities;
mod app;
mod auth;
mod browse;
mod bulk;
mod clients;
mod company;
mod contacts;
mod csv_io;
mod deal;
mod desk;
mod documents;
mod error;
mod groups;
mod handover;
mod lookups;
mod mail;
mod message;
mod outbox;
mod packages;
mod profile;
mod requests;
mod settings;
mod sharing;
mod throttle;
mod types;
mod users;
mod validate;
mod views;

pub use accounts::{InvitationInfo, Session};
pub use activities::{Acting, ActivityPage, ActivityPatch, NewActivity};
pub use app::{App, AppConfig, Clock, ManualClock, SystemClock};
pub use browse::{ClientActions, ClientRow, ClientRows};
pub use bulk::{BulkAction, BulkPreview, MAX_BULK_IDS};
pub use company::{CompanyPatch, Handover};
pub use contacts::{TeamManagerLine, TeamManagerNamed};
pub use csv_io::{
    EXPORT_COLUMNS, IMPORT_COLUMNS, ImportLineError, ImportOutcome, ImportProgress, ImportStep,
    MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, NoProgress, TAG_SEPARATOR,
};
pub use deal::{
    ContactAdded, ContactLine, ContactStatus, EntityDetail, EntityPatch, EntityPerson, FileEntity,
    MAX_DOMAINS, NewEntity, PartyName,
};
pub use desk::{ContactActor, DeskEntity, DeskEntityFile, DeskFile, Principal, SignedIn};
pub use documents::{
    DEFAULT_CONTENT_TYPE, DocumentContent, DocumentUpload, MAX_DOCUMENT_BYTES, NewDocument,
    file_name,
};
pub use error::AppError;
pub use message::{Message, MessageArg};
pub use packages::NewPackage;
pub use profile::{ClientCard, ProfilePatch, mask};
pub use types::*;
pub use views::{ViewLine, ViewPage, ViewWay};
