//! The web UI in headless Chromium: the seed articles walked as a person
//! would, with a screenshot of every step under `target/ui-screenshots/`.
//! Rule walks are named after the SPEC ids they cover.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

mod harness;
mod walks;
