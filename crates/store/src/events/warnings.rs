//! Deadline warnings: the open cases a scan looks at, raising a case's
//! warnings exactly once, and the supervisors' list.
//!
//! Raising is one write transaction per case. On PostgreSQL it first
//! locks the case row with `FOR UPDATE SKIP LOCKED`: when another node is
//! raising the same case's warnings (or a clerk is changing the case) it
//! moves on instead of waiting. Under the lock the case's version must
//! still be the one the warnings were computed from. Each warning is then
//! `INSERT … ON CONFLICT DO NOTHING` under its unique key (case, member,
//! level), and only a row that was really inserted gets its outbox event.
//! The unique key alone already makes the raise exactly-once; the lock
//! keeps nodes from doing the same work. On SQLite `BEGIN IMMEDIATE`
//! serialises writers.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;
use tongban_domain::case::{Case, CaseNo, CaseState, Warning};

use super::records::{NewWarning, Raised, WarningRecord};
use crate::accounts::rows::{self, day_text, parse_day};
use crate::cases::case_no_of;
use crate::{Backend, Db, StoreError, StoredCase};

/// The name of the event a raised warning puts in the outbox.
pub const WARNING_RAISED: &str = "case.warning_raised";

const LOCK_PG: &str = "SELECT version FROM cases WHERE case_no = $1 FOR UPDATE SKIP LOCKED";
const LOCK_SQLITE: &str = "SELECT version FROM cases WHERE case_no = $1";

const INSERT: &str = "INSERT INTO warnings (case_no, member, level, region, department, name, \
     due, raised_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
     ON CONFLICT (case_no, member, level) DO NOTHING";

const OUTBOX: &str =
    "INSERT INTO outbox (case_no, event, payload, created_at) VALUES ($1, $2, $3, $4)";

const LIST: &str = "SELECT id, case_no, member, level, region, department, name, due, raised_at \
     FROM warnings WHERE region LIKE $1 ORDER BY id DESC LIMIT $2";

/// `state NOT IN (…)` of the states that are done: the predicate of the
/// partial index `cases_open` (migration 0019), which both planners use
/// only for a query that repeats it word for word.
fn open_predicate() -> String {
    let done: Vec<String> = CaseState::ALL
        .into_iter()
        .filter(|s| s.is_done())
        .map(|s| format!("'{}'", s.code()))
        .collect();
    format!("state NOT IN ({})", done.join(", "))
}

/// Up to `limit` cases that are not done yet, by case number after
/// `after` (a scan pages through them).
pub(super) async fn open_cases(
    db: &Db,
    after: Option<&CaseNo>,
    limit: i64,
) -> Result<Vec<StoredCase>, StoreError> {
    // The state codes are the domain's constants, not input.
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT case_no, version, owner, phone, body, created_at, updated_at FROM cases \
         WHERE case_no > $1 AND {} ORDER BY case_no LIMIT $2",
        open_predicate()
    ));
    let found = sqlx::query(sql)
        .bind(after.map(ToString::to_string).unwrap_or_default())
        .bind(limit.max(0))
        .fetch_all(db.reader())
        .await?;
    found.iter().map(decode_case).collect()
}

/// Raises the warnings of one case computed from its `version`.
pub(super) async fn raise(
    db: &Db,
    case_no: &CaseNo,
    version: i64,
    warnings: &[NewWarning],
    at: DateTime<Utc>,
) -> Result<Raised, StoreError> {
    let mut tx = db.begin_write().await?;
    let lock = match db.backend() {
        Backend::Postgres => LOCK_PG,
        Backend::Sqlite => LOCK_SQLITE,
    };
    let held: Option<i64> = sqlx::query_scalar(lock)
        .bind(case_no.to_string())
        .fetch_optional(&mut *tx)
        .await?;
    let outcome = match held {
        None => Some(Raised::Busy),
        Some(v) if v != version => Some(Raised::Stale),
        Some(_) => None,
    };
    if let Some(outcome) = outcome {
        tx.rollback().await?;
        return Ok(outcome);
    }
    let mut raised = Vec::new();
    for w in warnings.iter().filter(|w| w.level != Warning::None) {
        let member = w
            .member
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let inserted = sqlx::query(INSERT)
            .bind(case_no.to_string())
            .bind(member)
            .bind(w.level.code().to_string())
            .bind(w.region.to_string())
            .bind(w.department.to_string())
            .bind(w.name.clone())
            .bind(day_text(w.due))
            .bind(rows::secs(at))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if inserted == 0 {
            continue;
        }
        let payload = serde_json::json!({
            "case_no": case_no,
            "item": w.member,
            "level": w.level,
            "label": w.level.label(),
            "department": w.department,
            "region": w.region,
            "name": w.name,
            "due": w.due,
            "milestone": false,
        });
        sqlx::query(OUTBOX)
            .bind(case_no.to_string())
            .bind(WARNING_RAISED)
            .bind(payload.to_string())
            .bind(rows::secs(at))
            .execute(&mut *tx)
            .await?;
        raised.push(w.clone());
    }
    tx.commit().await?;
    Ok(Raised::Done(raised))
}

/// The newest `limit` warnings of cases handled in `region_prefix…`.
pub(super) async fn list(
    db: &Db,
    region_prefix: &str,
    limit: i64,
) -> Result<Vec<WarningRecord>, StoreError> {
    let found = sqlx::query(LIST)
        .bind(format!("{region_prefix}%"))
        .bind(limit.max(0))
        .fetch_all(db.reader())
        .await?;
    found.iter().map(decode_warning).collect()
}

fn decode_warning(row: &AnyRow) -> Result<WarningRecord, StoreError> {
    let member: String = row.try_get("member")?;
    let level: String = row.try_get("level")?;
    let due: String = row.try_get("due")?;
    Ok(WarningRecord {
        id: row.try_get("id")?,
        case_no: case_no_of(&row.try_get::<String, _>("case_no")?)?,
        member: if member.is_empty() {
            None
        } else {
            Some(rows::code("warnings.member", &member)?)
        },
        level: match level.as_str() {
            "yellow" => Warning::Yellow,
            "red" => Warning::Red,
            other => {
                return Err(StoreError::Corrupt(format!(
                    "warnings.level 列的取值“{other}”无效"
                )));
            }
        },
        region: rows::region("warnings.region", &row.try_get::<String, _>("region")?)?,
        department: rows::code(
            "warnings.department",
            &row.try_get::<String, _>("department")?,
        )?,
        name: row.try_get("name")?,
        due: parse_day("warnings.due", &due)?,
        raised_at: rows::time("warnings.raised_at", row.try_get("raised_at")?)?,
    })
}

/// Decodes a case row (the columns of [`open_cases`]).
fn decode_case(row: &AnyRow) -> Result<StoredCase, StoreError> {
    let body: String = row.try_get("body")?;
    let case: Case = rows::from_json("cases.body", &body)?;
    Ok(StoredCase {
        case,
        version: row.try_get("version")?,
        owner: row.try_get("owner")?,
        phone: row.try_get("phone")?,
        created_at: rows::time("cases.created_at", row.try_get("created_at")?)?,
        updated_at: rows::time("cases.updated_at", row.try_get("updated_at")?)?,
    })
}

#[cfg(test)]
mod tests {
    use super::open_predicate;

    #[test]
    fn the_open_case_scan_repeats_the_partial_index_predicate_word_for_word() {
        for migration in [
            include_str!("../../migrations/sqlite/0019_scan_indexes.sql"),
            include_str!("../../migrations/postgres/0019_scan_indexes.sql"),
        ] {
            assert!(
                migration.contains(&open_predicate()),
                "the scan's predicate {} is not the index's:\n{migration}",
                open_predicate()
            );
        }
    }
}
