//! End-to-end tests: the real `casegate` binary on a temporary SQLite file,
//! driven through its command line and its HTTP API over a socket.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test helpers fail loudly"
)]

mod binary;
mod import;
mod serve;
