//! The store conformance suite: every check runs against SQLite and against
//! PostgreSQL, as `sqlite::<check>` and `postgres::<check>`.
//!
//! PostgreSQL comes from `TONGBAN_TEST_PG_URL` or a throw-away cluster
//! started by `tongban-testkit`; without PostgreSQL the `postgres::` tests
//! fail with instructions rather than being skipped.

#[path = "conformance/accounts.rs"]
mod accounts;
#[path = "conformance/appeals.rs"]
mod appeals;
#[path = "conformance/cases.rs"]
mod cases;
#[path = "conformance/catalog.rs"]
mod catalog;
mod common;
#[path = "conformance/concurrency.rs"]
mod concurrency;
#[path = "conformance/drafts.rs"]
mod drafts;
#[path = "conformance/events.rs"]
mod events;
#[path = "conformance/hall.rs"]
mod hall;
#[path = "conformance/licences.rs"]
mod licences;
#[path = "conformance/metrics.rs"]
mod metrics;
#[path = "conformance/objections.rs"]
mod objections;
#[path = "conformance/proofs.rs"]
mod proofs;
#[path = "conformance/reviews.rs"]
mod reviews;
#[path = "conformance/schema.rs"]
mod schema;
#[path = "conformance/sqlite_only.rs"]
mod sqlite_only;
#[path = "conformance/subjects.rs"]
mod subjects;
#[path = "conformance/wallet.rs"]
mod wallet;

/// Generates one test per check and backend: `sqlite::<check>` and
/// `postgres::<check>`, or `<group>::sqlite::<check>` … for a named group.
macro_rules! conformance {
    (group $group:ident; $($module:ident :: $check:ident),* $(,)?) => {
        mod $group {
            conformance!($($module :: $check),*);
        }
    };
    ($($module:ident :: $check:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $check() {
                    let fixture = crate::common::Fixture::sqlite().await;
                    crate::$module::$check(fixture).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $check() {
                    let fixture = crate::common::Fixture::postgres().await;
                    crate::$module::$check(fixture).await;
                }
            )*
        }
    };
}

conformance!(
    accounts::staff_accounts_round_trip_and_a_taken_username_is_refused,
    accounts::applicants_are_found_by_id_and_phone_and_a_taken_phone_is_refused,
    accounts::concurrent_wrong_passwords_are_all_counted,
    accounts::the_fifth_wrong_password_locks_until_the_lock_ends,
    accounts::wrong_passwords_older_than_the_window_start_the_count_over,
    accounts::expired_and_ended_sessions_are_not_returned,
    accounts::a_session_is_read_with_its_account_in_one_go,
    accounts::setting_a_password_ends_the_other_sessions_in_one_go,
    accounts::a_code_is_accepted_once_and_never_when_expired_or_guessed_at,
    accounts::revoked_tokens_are_not_returned,
    accounts::departments_and_regions_are_looked_up_in_the_catalog,
    cases::new_cases_get_the_next_number_of_their_region_and_day_and_round_trip,
    cases::fifty_concurrent_submissions_under_one_key_create_exactly_one_case,
    cases::a_key_reused_for_another_request_is_refused_and_writes_nothing,
    cases::an_update_from_a_stale_version_is_a_conflict_and_writes_nothing,
    cases::a_repeated_key_replays_the_first_update_without_a_second_transition,
    cases::the_audit_chain_verifies_and_a_tampered_row_is_detected,
    cases::a_failed_write_leaves_no_case_audit_outbox_or_key,
    cases::concurrent_creations_keep_their_own_failures_and_gapless_numbers,
    cases::cases_created_through_another_connection_meanwhile_take_other_numbers,
    cases::a_creation_abandoned_by_its_caller_leaves_the_store_writable,
    cases::dispatched_events_leave_the_pending_outbox_once,
    cases::worklists_filter_by_region_subtree_department_owner_and_state,
    cases::worklist_cases_filter_by_states_region_remote_intake_and_last_change,
    catalog::an_empty_store_has_no_entries_and_revision_zero,
    catalog::a_catalog_round_trips_through_import_and_load,
    catalog::items_and_bundles_are_found_by_code_and_unknown_codes_are_none,
    catalog::reimporting_a_changed_item_replaces_it_and_keeps_the_others,
    catalog::a_partial_import_may_bring_an_item_together_with_its_department,
    catalog::every_import_bumps_the_revision_by_one,
    catalog::import_is_all_or_nothing,
    catalog::a_bundle_with_a_dependency_cycle_is_refused_and_changes_nothing,
    catalog::a_file_naming_one_code_twice_is_refused,
    catalog::licence_types_are_catalog_entries_and_a_dangling_link_is_refused,
    concurrency::concurrent_imports_all_land_and_none_is_lost,
    concurrency::reads_during_concurrent_imports_never_fail,
    schema::migrating_again_changes_nothing,
    schema::a_corrupt_body_is_reported_not_a_panic,
    schema::a_body_under_the_wrong_code_is_reported_as_corrupt,
);

// Subjects, consents, the data-use log and the demo data sources (issue 4).
conformance!(group subjects_store;
    subjects::subjects_round_trip_by_id_and_by_each_of_their_keys,
    subjects::either_taiwan_permit_finds_the_same_subject,
    subjects::a_taken_key_is_refused_masked_and_nothing_is_written,
    subjects::an_applicant_is_linked_to_one_subject_and_relinking_replaces_it,
    subjects::consents_are_granted_revoked_and_listed_per_subject,
    subjects::the_data_use_log_lists_entries_by_subject_only_newest_first,
    subjects::source_records_are_replaced_per_source_and_licences_are_held_once,
);

// Drafts and upload metadata (issue 4).
conformance!(group drafts_store;
    drafts::drafts_round_trip_with_their_json_content_and_a_taken_id_is_refused,
    drafts::a_save_from_a_stale_version_is_refused_and_changes_nothing,
    drafts::a_submitted_draft_keeps_its_case_number_and_refuses_every_change,
    drafts::drafts_are_listed_for_their_owner_only_most_recent_first,
    drafts::upload_rows_round_trip_and_are_deleted_with_their_draft,
    drafts::an_upload_is_removed_from_its_own_draft_only,
    drafts::a_corrupt_draft_body_is_reported_not_a_panic,
);

// Warnings, notifications and webhook deliveries (issue 5).
conformance!(group events_store;
    events::a_warning_is_raised_once_per_case_member_and_level,
    events::two_concurrent_claimers_never_get_the_same_event,
    events::only_the_live_claim_settles_an_event_and_it_settles_once,
    events::deliveries_are_claimed_once_retried_and_dead_lettered,
    events::an_event_about_another_aggregate_is_claimed_and_dispatched_once,
);

// Licences, department seals and licence history (issue 6).
conformance!(group licences_store;
    licences::licences_round_trip_with_their_signature_and_issuing_case,
    licences::a_taken_number_is_refused_and_a_case_member_gets_one_licence,
    licences::revoking_keeps_the_history_and_a_stale_write_is_a_conflict,
    licences::the_current_licence_is_the_newest_of_its_type_not_revoked,
    licences::a_seal_is_stored_once_per_department_with_its_key_encrypted,
    licences::a_case_update_writes_its_licences_in_its_transaction_or_none_at_all,
);

conformance!(group reviews_suite;
    reviews::a_case_has_one_valid_rating_and_a_re_rating_supersedes_it_once,
    reviews::a_bad_rating_is_stored_with_its_task_and_events_and_tasks_are_versioned,
    reviews::an_overdue_step_is_escalated_once_per_task_and_step,
    reviews::scores_count_valid_ratings_per_group_and_level_in_the_period,
    reviews::reminders_are_recorded_once_and_device_tokens_spent_once,
);

conformance!(group appeals_suite;
    appeals::appeals_get_daily_numbers_and_a_work_order_is_stored_once,
    appeals::a_stale_update_is_a_conflict_and_history_only_grows,
    appeals::an_escalation_is_raised_once_however_many_nodes_try,
    appeals::owners_and_subjects_find_their_own_appeals_only,
    appeals::rules_and_mappings_are_saved_by_name_and_replaced,
);

conformance!(group proofs_suite;
    proofs::proof_requests_round_trip_with_their_events_and_state,
    proofs::a_stale_proof_request_write_is_a_conflict_and_writes_nothing,
    proofs::the_worklist_is_the_department_s_requests_by_due_date,
    proofs::lateness_is_reported_once_even_by_concurrent_callers,
);

conformance!(group objections_suite;
    objections::objections_round_trip_and_a_field_takes_one_pending_objection,
    objections::the_department_lists_pending_objections_by_due_date_and_stale_writes_conflict,
    objections::an_overdue_objection_is_marked_once_with_one_outbox_event,
);

conformance!(group wallet_suite;
    wallet::grants_round_trip_and_are_listed_by_holder_and_by_licence,
    wallet::a_grant_is_withdrawn_like_any_consent_and_an_ordinary_consent_is_no_grant,
);

conformance!(group metrics_suite;
    metrics::each_event_s_case_is_counted_once_and_a_rebuild_gives_the_same_sums,
    metrics::a_changed_case_adds_only_the_difference,
    metrics::concurrent_rounds_never_count_a_case_twice,
    metrics::a_period_of_whole_months_and_partial_days_sums_like_its_day_rows,
    metrics::bulk_added_rows_read_like_rows_the_job_wrote,
    metrics::a_re_rating_moves_the_satisfaction_count_instead_of_adding_one,
    metrics::the_cube_version_moves_with_every_change_of_the_cube_and_only_then,
);

conformance!(group hall_suite;
    hall::numbers_are_called_first_come_first_served_by_windows_that_serve_them,
    hall::two_concurrent_calls_never_get_the_same_number,
    hall::snapshot_figures_count_today_s_numbers_of_the_region_only,
    hall::every_change_leaves_an_audit_record_of_who_and_when,
);
