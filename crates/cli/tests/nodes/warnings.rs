//! The deadline warnings after a multi-node run: each raised once, each
//! with one `case.warning_raised` event, every event dispatched, and every
//! case still running past its deadline warned.

use super::ledger::{count_by_case, pool};

/// Checks the warnings and returns how many there are: each (case,
/// member, level) once, one `case.warning_raised` event per warning and
/// case, every event dispatched, and a red warning on every case still
/// running (accepted or under review).
pub async fn check_warnings(url: &str, running: &[&String]) -> i64 {
    let pool = pool(url).await;
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM warnings")
        .fetch_one(&pool)
        .await
        .unwrap();
    let keys: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT DISTINCT case_no, member, level FROM warnings) k",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(rows, keys, "a warning was raised twice");
    let per_case = count_by_case(
        &pool,
        "SELECT case_no, COUNT(*) FROM warnings GROUP BY case_no",
    )
    .await;
    let events = count_by_case(
        &pool,
        "SELECT case_no, COUNT(*) FROM outbox WHERE event = 'case.warning_raised' GROUP BY case_no",
    )
    .await;
    assert_eq!(per_case, events, "warnings and their events differ");
    let undispatched: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE event = 'case.warning_raised' AND dispatched_at IS NULL",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(undispatched, 0, "every warning event was dispatched");
    let red = count_by_case(
        &pool,
        "SELECT case_no, COUNT(*) FROM warnings WHERE level = 'red' GROUP BY case_no",
    )
    .await;
    pool.close().await;
    for no in running {
        assert_eq!(
            red.get(no.as_str()),
            Some(&1),
            "case {no} is running past its deadline"
        );
    }
    assert!(
        rows > 0,
        "no warning was raised (is {url} past the calendar?)"
    );
    rows
}
