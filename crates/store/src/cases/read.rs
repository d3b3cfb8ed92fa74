//! Reading cases (one, or a worklist), idempotency keys and the outbox,
//! and marking outbox events dispatched.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;
use tongban_domain::case::{Case, CaseNo};
use tongban_domain::ident::RegionCode;

use super::records::{CaseFilter, IdempotencyRecord, OutboxEvent, StoredCase, Topic};
use super::write::{case_no_of, decode_key};
use crate::accounts::rows;
use crate::{Db, StoreError};

/// The columns of a case row, in the order [`decode_case`] reads them.
pub(super) const COLUMNS: &str = "case_no, version, owner, phone, body, created_at, updated_at";

const KEY: &str = "SELECT fingerprint, case_no, result FROM idempotency_keys \
     WHERE scope = $1 AND request_key = $2";

const PENDING: &str = "SELECT id, case_no, topic, aggregate_id, event, payload, created_at, \
     dispatched_at FROM outbox WHERE dispatched_at IS NULL ORDER BY id LIMIT $1";

const DISPATCHED: &str =
    "UPDATE outbox SET dispatched_at = $2 WHERE id = $1 AND dispatched_at IS NULL";

/// One case by number.
pub(super) async fn case(db: &Db, case_no: &CaseNo) -> Result<Option<StoredCase>, StoreError> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM cases WHERE case_no = $1"));
    let row = sqlx::query(sql)
        .bind(case_no.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(decode_case).transpose()
}

/// The cases matching `filter`, oldest first.
pub(super) async fn list(db: &Db, filter: &CaseFilter) -> Result<Vec<StoredCase>, StoreError> {
    let mut clauses: Vec<String> = Vec::new();
    let mut binds: Vec<String> = Vec::new();
    let mut add = |clause: &str, value: String| {
        binds.push(value);
        clauses.push(clause.replace('?', &format!("${}", binds.len())));
    };
    if let Some(region) = &filter.region_within {
        add("region LIKE ?", format!("{}%", subtree_prefix(region)));
    }
    if let Some(department) = &filter.department {
        add("lead_department = ?", department.to_string());
    }
    if let Some(owner) = &filter.owner {
        add("owner = ?", owner.clone());
    }
    if let Some(state) = filter.state {
        add("state = ?", state.code().to_string());
    }
    let filter_sql = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM cases{filter_sql} ORDER BY created_at, case_no LIMIT ${}",
        binds.len() + 1
    ));
    let mut query = sqlx::query(sql);
    for b in binds {
        query = query.bind(b);
    }
    let found = query
        .bind(filter.limit.max(0))
        .fetch_all(db.reader())
        .await?;
    let cases = found
        .iter()
        .map(decode_case)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(cases
        .into_iter()
        .filter(|c| {
            filter
                .region_within
                .as_ref()
                .is_none_or(|r| c.case.region.is_within(r))
        })
        .collect())
}

/// What a request under an idempotency key left, if the key was used.
pub(super) async fn key(
    db: &Db,
    scope: &str,
    key: &str,
) -> Result<Option<IdempotencyRecord>, StoreError> {
    let row = sqlx::query(KEY)
        .bind(scope.to_string())
        .bind(key.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(decode_key).transpose()
}

/// Up to `limit` undelivered events, oldest first.
pub(super) async fn pending(db: &Db, limit: i64) -> Result<Vec<OutboxEvent>, StoreError> {
    let found = sqlx::query(PENDING)
        .bind(limit.max(0))
        .fetch_all(db.reader())
        .await?;
    found.iter().map(decode_event).collect()
}

/// Marks events delivered at `at`; returns how many were still pending.
pub(super) async fn mark_dispatched(
    db: &Db,
    ids: &[i64],
    at: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let mut tx = db.begin_write().await?;
    let mut marked = 0;
    for id in ids {
        marked += sqlx::query(DISPATCHED)
            .bind(*id)
            .bind(rows::secs(at))
            .execute(&mut *tx)
            .await?
            .rows_affected();
    }
    tx.commit().await?;
    Ok(marked)
}

/// The code prefix every region inside `region` starts with, as
/// `RegionCode::is_within` reads it (a province's first two digits, a
/// city's first four, otherwise the whole code).
pub(super) fn subtree_prefix(region: &RegionCode) -> &str {
    let code = region.as_str();
    if code.len() == 6 {
        if code.ends_with("0000") {
            return &code[..2];
        }
        if code.ends_with("00") {
            return &code[..4];
        }
    }
    code
}

/// Decodes a row selected with [`COLUMNS`]; the body must hold the row's
/// own case number.
pub(super) fn decode_case(row: &AnyRow) -> Result<StoredCase, StoreError> {
    let case_no: String = row.try_get("case_no")?;
    let body: String = row.try_get("body")?;
    let case: Case = rows::from_json("cases.body", &body)?;
    if case.case_no.as_str() != case_no {
        return Err(StoreError::Corrupt(format!(
            "办件 {case_no} 的内容属于另一个流水号 {}",
            case.case_no
        )));
    }
    Ok(StoredCase {
        case,
        version: row.try_get("version")?,
        owner: row.try_get("owner")?,
        phone: row.try_get("phone")?,
        created_at: rows::time("cases.created_at", row.try_get("created_at")?)?,
        updated_at: rows::time("cases.updated_at", row.try_get("updated_at")?)?,
    })
}

/// The columns of an outbox row, in the order [`decode_event`] reads them.
pub(crate) const EVENT_COLUMNS: &str =
    "id, case_no, topic, aggregate_id, event, payload, created_at, dispatched_at";

/// Decodes an outbox row selected with [`EVENT_COLUMNS`], as [`PENDING`]
/// and the event store's claims select it.
pub(crate) fn decode_event(row: &AnyRow) -> Result<OutboxEvent, StoreError> {
    let case_no: Option<String> = row.try_get("case_no")?;
    let topic: String = row.try_get("topic")?;
    let topic = Topic::parse(&topic)
        .ok_or_else(|| StoreError::Corrupt(format!("事件箱的主题未知：{topic}")))?;
    let payload: String = row.try_get("payload")?;
    Ok(OutboxEvent {
        id: row.try_get("id")?,
        topic,
        case_no: case_no.as_deref().map(case_no_of).transpose()?,
        aggregate_id: row.try_get("aggregate_id")?,
        event: row.try_get("event")?,
        payload: rows::from_json("outbox.payload", &payload)?,
        created_at: rows::time("outbox.created_at", row.try_get("created_at")?)?,
        dispatched_at: rows::opt_time("outbox.dispatched_at", row.try_get("dispatched_at")?)?,
    })
}
