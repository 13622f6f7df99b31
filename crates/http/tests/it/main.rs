//! casegate-http's integration tests: the whole API through the router,
//! without a socket, on a temporary SQLite database. Rule tests are named
//! after the SPEC id they prove.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

/// `insta::assert_json_snapshot!` with ids, timestamps, tokens and revisions
/// redacted.
macro_rules! snap {
    ($name:expr, $value:expr) => {{
        crate::support::snapshot_settings().bind(|| {
            insta::assert_json_snapshot!($name, $value);
        });
    }};
}

mod support;

mod accounts;
mod activities;
mod auth;
mod bulk;
mod check;
mod clients;
mod company;
mod constraints;
mod deal;
mod desk;
mod documents;
mod errors;
mod groups;
mod handover;
mod headers;
mod masking;
mod openapi;
mod packages;
mod requests;
mod revision;
mod sharing;
mod users;
mod views;
mod web;
mod web_account;
mod web_admin;
mod web_client;
mod web_clients;
mod web_deal;
mod web_requests;
mod web_sharing;
mod web_words;
