//! Creating and changing cases: one write transaction each, holding the
//! case row, its audit records, its outbox events, the licences a decision
//! issues, changes or revokes, and the idempotency key.
//!
//! An idempotency key is claimed first, with `INSERT … ON CONFLICT DO
//! NOTHING`: on PostgreSQL a concurrent claim of the same key waits for
//! the first transaction and then finds its committed row, so fifty
//! concurrent submissions under one key create one case; on SQLite
//! `BEGIN IMMEDIATE` serialises the writers anyway.
//!
//! A new case's number is taken after the claim: on SQLite from its
//! region's sequence row inside this transaction (gapless), on PostgreSQL
//! from the node's reserved block (`super::numbers`), given back when the
//! transaction fails before its commit.

use chrono::NaiveDate;
use sqlx::{Any, Row, Transaction};
use tongban_domain::case::{Case, CaseNo};

use super::audit;
use super::records::{
    CaseUpdate, Created, IdempotencyKey, IdempotencyRecord, NewCase, NewOutboxEvent, Updated,
};
use crate::accounts::rows;
use crate::{Db, StoreError};

const CLAIM: &str = "INSERT INTO idempotency_keys (scope, request_key, fingerprint, created_at) \
     VALUES ($1, $2, $3, $4) ON CONFLICT (scope, request_key) DO NOTHING";

const KEY: &str = "SELECT fingerprint, case_no, result FROM idempotency_keys \
     WHERE scope = $1 AND request_key = $2";

const SETTLE: &str = "UPDATE idempotency_keys SET case_no = $3, result = $4 \
     WHERE scope = $1 AND request_key = $2";

/// Hands out the next sequence of a region's day, atomically.
const NEXT_SEQUENCE: &str = "INSERT INTO case_sequences (region, day, last_value) \
     VALUES ($1, $2, 1) ON CONFLICT (region, day) \
     DO UPDATE SET last_value = case_sequences.last_value + 1 RETURNING last_value";

const INSERT_CASE: &str = "INSERT INTO cases (case_no, region, lead_department, owner, phone, \
     channel, state, version, body, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $9)";

const UPDATE_CASE: &str = "UPDATE cases SET state = $3, body = $4, version = version + 1, \
     updated_at = $5 WHERE case_no = $1 AND version = $2";

const CASE_EXISTS: &str = "SELECT version FROM cases WHERE case_no = $1";

const INSERT_OUTBOX_HEAD: &str = "INSERT INTO outbox (case_no, event, payload, created_at)";

/// Stores a new case, or finds the one its idempotency key created.
pub(super) async fn create(db: &Db, new: NewCase) -> Result<Created, StoreError> {
    let mut tx = db.begin_write().await?;
    if let Some(key) = &new.idempotency
        && let Some(earlier) = claim(&mut tx, key, rows::secs(new.at)).await?
    {
        tx.rollback().await?;
        let case_no = replay(key, earlier)?.0;
        return Ok(Created::Existing(case_no));
    }
    let (region, day) = (sequence_region(&new.case).to_string(), new.day);
    let seq = match db.case_numbers() {
        Some(blocks) => blocks.take(&region, day).await?,
        None => next_sequence(&mut tx, &region, day).await?,
    };
    match insert_new(&mut tx, new, seq).await {
        Ok(case_no) => {
            tx.commit().await?;
            Ok(Created::New(case_no))
        }
        Err(e) => {
            // Nothing of this case was committed: its number is free again.
            if let Some(blocks) = db.case_numbers() {
                blocks.give_back(&region, day, seq);
            }
            Err(e)
        }
    }
}

/// Writes a new case under the `seq`-th number of its region's day, with
/// its audit records, its events and its idempotency key's answer.
async fn insert_new(
    tx: &mut Transaction<'static, Any>,
    new: NewCase,
    seq: u32,
) -> Result<CaseNo, StoreError> {
    let NewCase {
        mut case,
        day,
        owner,
        phone,
        at,
        audit: entries,
        outbox,
        idempotency,
    } = new;
    case.case_no = CaseNo::new(&case.region, day, seq).map_err(|e| StoreError::CaseNumbers {
        code: e.code,
        message: e.message,
    })?;
    sqlx::query(INSERT_CASE)
        .bind(case.case_no.to_string())
        .bind(case.region.to_string())
        .bind(case.lead_department.to_string())
        .bind(owner)
        .bind(phone)
        .bind(case.channel.code().to_string())
        .bind(case.state().code().to_string())
        .bind(body(&case)?)
        .bind(rows::secs(at))
        .execute(&mut **tx)
        .await?;
    audit::append_first(tx, &case.case_no, &entries).await?;
    insert_outbox(tx, &case.case_no, &outbox, rows::secs(at)).await?;
    if let Some(key) = &idempotency {
        settle(tx, key, &case.case_no, serde_json::json!({ "version": 1 })).await?;
    }
    Ok(case.case_no)
}

/// Writes a change computed from `expected_version`, or replays the
/// answer its idempotency key got the first time.
pub(super) async fn update(db: &Db, update: CaseUpdate) -> Result<Updated, StoreError> {
    let CaseUpdate {
        case,
        expected_version,
        at,
        audit: entries,
        outbox,
        licences,
        idempotency,
    } = update;
    let mut tx = db.begin_write().await?;
    if let Some(key) = &idempotency
        && let Some(earlier) = claim(&mut tx, key, rows::secs(at)).await?
    {
        tx.rollback().await?;
        let (case_no, result) = replay(key, earlier)?;
        if case_no != case.case_no {
            return Err(StoreError::IdempotencyMismatch);
        }
        let version = result
            .as_ref()
            .and_then(|r| r.get("version"))
            .and_then(serde_json::Value::as_i64)
            .ok_or_else(|| StoreError::Corrupt("idempotency_keys.result 缺少版本号".into()))?;
        return Ok(Updated::Replayed { version });
    }
    let done = sqlx::query(UPDATE_CASE)
        .bind(case.case_no.to_string())
        .bind(expected_version)
        .bind(case.state().code().to_string())
        .bind(body(&case)?)
        .bind(rows::secs(at))
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        let exists = sqlx::query(CASE_EXISTS)
            .bind(case.case_no.to_string())
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
        tx.rollback().await?;
        return Err(if exists {
            StoreError::Conflict(case.case_no.to_string())
        } else {
            StoreError::CaseNotFound(case.case_no.to_string())
        });
    }
    let version = expected_version + 1;
    audit::append(&mut tx, &case.case_no, &entries).await?;
    insert_outbox(&mut tx, &case.case_no, &outbox, rows::secs(at)).await?;
    // An error here drops `tx` uncommitted: the case change, its audit and
    // its events go with the licence writes, or nothing is written.
    crate::licences::write::write_all(&mut tx, &licences).await?;
    if let Some(key) = &idempotency {
        settle(
            &mut tx,
            key,
            &case.case_no,
            serde_json::json!({ "version": version }),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Updated::Applied { version })
}

/// Claims `key` for this transaction. `Some` when it was claimed before
/// (by a committed transaction): what that request left behind.
async fn claim(
    tx: &mut Transaction<'static, Any>,
    key: &IdempotencyKey,
    at: i64,
) -> Result<Option<IdempotencyRecord>, StoreError> {
    let done = sqlx::query(CLAIM)
        .bind(key.scope.clone())
        .bind(key.key.clone())
        .bind(key.fingerprint.clone())
        .bind(at)
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() == 1 {
        return Ok(None);
    }
    let row = sqlx::query(KEY)
        .bind(key.scope.clone())
        .bind(key.key.clone())
        .fetch_one(&mut **tx)
        .await?;
    decode_key(&row).map(Some)
}

/// Decodes a row selected with [`KEY`].
pub(super) fn decode_key(row: &sqlx::any::AnyRow) -> Result<IdempotencyRecord, StoreError> {
    let case_no: Option<String> = row.try_get("case_no")?;
    let result: Option<String> = row.try_get("result")?;
    Ok(IdempotencyRecord {
        fingerprint: row.try_get("fingerprint")?,
        case_no: case_no.map(|c| case_no_of(&c)).transpose()?,
        result: result
            .map(|r| rows::from_json("idempotency_keys.result", &r))
            .transpose()?,
    })
}

/// What an earlier request under the same key left: its case and result,
/// or a mismatch when the key came with another request.
fn replay(
    key: &IdempotencyKey,
    earlier: IdempotencyRecord,
) -> Result<(CaseNo, Option<serde_json::Value>), StoreError> {
    if earlier.fingerprint != key.fingerprint {
        return Err(StoreError::IdempotencyMismatch);
    }
    let case_no = earlier
        .case_no
        .ok_or_else(|| StoreError::Corrupt("idempotency_keys.case_no 为空".into()))?;
    Ok((case_no, earlier.result))
}

/// Records what the request under `key` produced.
async fn settle(
    tx: &mut Transaction<'static, Any>,
    key: &IdempotencyKey,
    case_no: &CaseNo,
    result: serde_json::Value,
) -> Result<(), StoreError> {
    sqlx::query(SETTLE)
        .bind(key.scope.clone())
        .bind(key.key.clone())
        .bind(case_no.to_string())
        .bind(result.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The first six digits of the case's region, as in its case number: the
/// key of its daily sequence.
fn sequence_region(case: &Case) -> &str {
    let region = case.region.as_str();
    region.get(..6).unwrap_or(region)
}

/// The next daily sequence of `region` on `day`, inside the case's own
/// transaction (SQLite: gapless, as the one writer serialises anyway).
async fn next_sequence(
    tx: &mut Transaction<'static, Any>,
    region: &str,
    day: NaiveDate,
) -> Result<u32, StoreError> {
    let value: i64 = sqlx::query_scalar(NEXT_SEQUENCE)
        .bind(region.to_string())
        .bind(day.format("%Y-%m-%d").to_string())
        .fetch_one(&mut **tx)
        .await?;
    // Out of range is refused by `CaseNo::new` with a clear code.
    Ok(u32::try_from(value).unwrap_or(u32::MAX))
}

/// Writes the events in order, with one multi-row INSERT per
/// [`audit::ROWS_PER_INSERT`]. A payload's `case_no` is set to the number
/// the store gave (a new case's events were made under a provisional one).
async fn insert_outbox(
    tx: &mut Transaction<'static, Any>,
    case_no: &CaseNo,
    events: &[NewOutboxEvent],
    at: i64,
) -> Result<(), StoreError> {
    for chunk in events.chunks(audit::ROWS_PER_INSERT) {
        let sql = sqlx::AssertSqlSafe(audit::multi_row_insert(INSERT_OUTBOX_HEAD, 4, chunk.len()));
        let mut query = sqlx::query(sql);
        for event in chunk {
            let mut payload = event.payload.clone();
            if let Some(fields) = payload.as_object_mut()
                && fields.contains_key("case_no")
            {
                fields.insert("case_no".into(), serde_json::json!(case_no));
            }
            query = query
                .bind(case_no.to_string())
                .bind(event.event.clone())
                .bind(payload.to_string())
                .bind(at);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// The stored JSON of a case.
fn body(case: &Case) -> Result<String, StoreError> {
    serde_json::to_string(case).map_err(|e| StoreError::Corrupt(format!("办件无法编码：{e}")))
}

/// A stored case number.
pub(crate) fn case_no_of(text: &str) -> Result<CaseNo, StoreError> {
    CaseNo::parse(text).map_err(|e| StoreError::Corrupt(format!("流水号列：{}", e.message)))
}
