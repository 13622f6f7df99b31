//! The store's conformance suite (spicedb-style): every test is one async
//! function over a fresh `Store`, and [`conformance!`] runs each against
//! SQLite (`sqlite::<name>`, always) and PostgreSQL (`postgres::<name>`, when
//! `CASEGATE_TEST_DATABASE_URL` is set; skipped with a printed reason
//! otherwise, failing instead when `CASEGATE_REQUIRE_SERVICES=1`). Each test
//! gets its own SQLite file or PostgreSQL schema.

// The test bodies are plain async fns (called by the generated #[tokio::test]s),
// which clippy's `allow-unwrap-in-tests` does not recognise as tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation must panic"
)]

mod access;
mod accounts;
mod audit;
mod changes;
mod connect;
mod content;
mod deal;
mod fixtures;
mod outbox;
mod requests;
mod users;

/// Generates `sqlite::<test>` and `postgres::<test>` for every `module::test`.
/// The tests listed after `; guarded:` also get the store's [`TempGuard`]
/// (to reach the database behind the store's back).
///
/// [`TempGuard`]: casegate_store::testing::TempGuard
macro_rules! conformance {
    (
        $($module:ident :: $test:ident),* $(,)?
        $(; guarded: $($gmodule:ident :: $gtest:ident),* $(,)?)?
    ) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    let (store, _guard) = casegate_store::testing::sqlite_temp().await;
                    crate::$module::$test(store).await;
                }
            )*
            $($(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $gtest() {
                    let (store, guard) = casegate_store::testing::sqlite_temp().await;
                    crate::$gmodule::$gtest(store, &guard).await;
                }
            )*)?
        }

        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $test() {
                    let Some((store, _guard)) = casegate_store::testing::postgres_from_env().await
                    else {
                        return;
                    };
                    crate::$module::$test(store).await;
                }
            )*
            $($(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $gtest() {
                    let Some((store, guard)) = casegate_store::testing::postgres_from_env().await
                    else {
                        return;
                    };
                    crate::$gmodule::$gtest(store, &guard).await;
                }
            )*)?
        }
    };
}

conformance! {
    changes::revisions_strictly_increase_and_changes_round_trip,
    changes::concurrent_writers_get_distinct_ordered_revisions,
    changes::rollback_leaves_nothing,
    changes::dropping_a_transaction_rolls_it_back,
    changes::timestamps_round_trip_with_microseconds,
    changes::unicode_names_round_trip,
    users::companies_are_inserted_updated_and_counted,
    users::users_are_looked_up_and_updated,
    users::duplicate_email_is_a_conflict_whatever_the_case,
    users::users_page_orders_by_name_then_id,
    users::tokens_expire_and_are_deleted,
    users::updating_a_missing_row_is_an_error,
    users::foreign_keys_are_enforced,
    accounts::every_staff_member_has_an_account_with_their_email,
    accounts::links_are_used_once_and_replaced_links_end,
    accounts::email_changes_keep_the_account_and_refuse_a_taken_address,
    accounts::account_tokens_end_but_the_one_kept,
    access::groups_are_renamed_and_deleted_and_live_names_are_unique,
    access::memberships_are_never_deleted,
    access::clients_are_updated_and_deleted,
    access::clients_owned_by_lists_the_owner_s_live_clients_by_name,
    access::shares_are_never_deleted,
    access::duplicate_open_share_is_a_conflict,
    access::snapshot_holds_only_open_rows_and_loads_into_the_index,
    requests::requests_are_listed_newest_first_with_keyset_paging,
    requests::pending_request_is_read_inside_the_transaction,
    requests::expire_requests_expires_only_due_pending_requests,
    requests::digest_preferences_default_to_unset_then_upsert,
    outbox::outbox_claims_mark_sent_and_mark_failed,
    outbox::outbox_claim_leases_expire,
    outbox::concurrent_outbox_claims_are_exclusive,
    audit::audit_chain_verifies_per_company,
    audit::concurrent_audit_appends_never_fork_the_chain,
    content::activities_round_trip_update_and_delete,
    content::activities_are_listed_newest_first_with_keyset_paging,
    content::activities_assigned_lists_each_worked_with_client_once,
    content::documents_round_trip_and_deleted_ones_vanish,
    content::a_one_mib_document_reassembles_byte_exact_from_its_chunks,
    content::document_chunks_are_appended_in_order_within_the_company,
    content::packages_round_trip_oldest_first,
    content::client_profile_defaults_then_is_set,
    content::view_log_is_ordered_newest_first_with_keyset_paging,
    deal::entities_are_unique_by_name_per_company_and_listed_by_name,
    deal::contact_shares_keep_their_history_and_load_into_the_index,
    deal::a_contact_account_needs_a_free_email,
    deal::contact_sessions_expire_and_end_with_the_account_s_other_tokens,
    deal::desk_documents_views_team_managers_and_a_contact_s_language_round_trip;
    guarded:
    content::view_log_refuses_updates_and_deletes,
}
