//! casegate's use cases. Each one checks with the core, writes in one store
//! transaction (rows + change + audit + outbox), commits, then applies the
//! change to the in-memory access index. The only place that mutates state.

mod app;
mod auth;
mod clients;
mod error;
mod groups;
mod lookups;
mod mail;
mod outbox;
mod requests;
mod settings;
mod sharing;
mod types;
mod users;
mod validate;

pub use app::{App, AppConfig, Clock, ManualClock, SystemClock};
pub use error::AppError;
pub use types::*;
