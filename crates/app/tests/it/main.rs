//! casegate-app's integration tests: one test per Part A rule (named after
//! its SPEC id), sign-in and administration, handovers and leavers (C8,
//! X11), email delivery, and property tests over random sequences of
//! operations.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a broken expectation must stop the test at once"
)]

mod access_rules;
mod accounts;
mod auth;
mod client_pages;
mod deal_rules;
mod desk_props;
mod desk_rules;
mod leaver_rules;
mod mail;
mod part_b_activities;
mod part_b_bulk;
mod part_b_contents;
mod probes;
mod props;
mod removal_rules;
mod replicas;
mod request_rules;
mod sharing_rules;
mod support;
