//! Creating and changing cases: one write transaction each, holding the
//! case row, its audit records, its outbox events, the licences a decision
//! issues, changes or revokes, and the idempotency key.
//!
//! On PostgreSQL an idempotency key is claimed first, with `INSERT … ON
//! CONFLICT DO NOTHING`: a concurrent claim of the same key waits for the
//! first transaction and then finds its committed row, so fifty concurrent
//! submissions under one key create one case. A new case's number comes
//! from the node's reserved block (`super::numbers`), given back when the
//! transaction fails before its commit. New cases are normally written in
//! groups (`super::grouped`) from the same statements ([`push_new_case`]).
//! A case's rows go to the database together, in one [`Batch`].

use sqlx::{AnyConnection, Row};
use tongban_domain::case::{Case, CaseNo};

use super::audit;
use super::numbers::SequenceBlocks;
use super::records::{
    CaseUpdate, Created, IdempotencyKey, IdempotencyRecord, NewCase, NewOutboxEvent, Updated,
};
use crate::accounts::rows;
use crate::batch::{Batch, Param};
use crate::{Db, StoreError};

const CLAIM: &str = "INSERT INTO idempotency_keys (scope, request_key, fingerprint, created_at) \
     VALUES ($1, $2, $3, $4) ON CONFLICT (scope, request_key) DO NOTHING";

/// New cases' keys with their answers (`super::grouped`), six
/// columns a row.
const CLAIM_ANSWERED_HEAD: &str = "INSERT INTO idempotency_keys (scope, request_key, fingerprint, \
     created_at, case_no, result)";

/// The answer kept for a new case's key.
const FIRST_VERSION: &str = r#"{"version":1}"#;

const KEY: &str = "SELECT fingerprint, case_no, result FROM idempotency_keys \
     WHERE scope = $1 AND request_key = $2";

const SETTLE: &str = "UPDATE idempotency_keys SET case_no = $3, result = $4 \
     WHERE scope = $1 AND request_key = $2";

/// New cases, eleven columns a row.
const INSERT_CASE_HEAD: &str = "INSERT INTO cases (case_no, region, lead_department, owner, \
     phone, channel, state, version, body, created_at, updated_at)";

const UPDATE_CASE: &str = "UPDATE cases SET state = $3, body = $4, version = version + 1, \
     updated_at = $5 WHERE case_no = $1 AND version = $2";

const CASE_EXISTS: &str = "SELECT version FROM cases WHERE case_no = $1";

const INSERT_OUTBOX_HEAD: &str = "INSERT INTO outbox (case_no, event, payload, created_at)";

/// PostgreSQL: stores a new case in a transaction of its own, or finds the
/// one its idempotency key created (`super::grouped` writes creations in
/// groups, and each alone when its group fails).
pub(super) async fn create_alone(
    db: &Db,
    blocks: &SequenceBlocks,
    new: NewCase,
) -> Result<Created, StoreError> {
    let mut tx = db.begin_write().await?;
    let (region, day) = (sequence_region(&new.case).to_string(), new.day);
    if let Some(key) = &new.idempotency
        && let Some(earlier) = claim(&mut tx, key, rows::secs(new.at)).await?
    {
        tx.rollback().await?;
        return Ok(Created::Existing(replay(key, earlier)?.0));
    }
    let seq = blocks.take(&region, day).await?;
    let mut batch = Batch::new();
    let written = match push_new_case(&mut batch, &new, seq, KeyWrite::Settle) {
        Ok(case_no) => batch.execute(&mut tx).await.map(|()| case_no),
        Err(e) => Err(e),
    };
    match written {
        Ok(case_no) => {
            tx.commit().await?;
            Ok(Created::New(case_no))
        }
        Err(e) => {
            // Nothing of this case was committed: its number is free again.
            blocks.give_back(&region, day, seq);
            Err(e)
        }
    }
}

/// How a new case's idempotency key is written with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum KeyWrite {
    /// The key was claimed earlier in the transaction: record the answer.
    Settle,
    /// Insert the key with its answer; a key claimed before fails the
    /// statement (and so the transaction).
    Claim,
}

/// Adds the statements that write a new case under the `seq`-th number of
/// its region's day, with its audit records, its events and its
/// idempotency key; answers that number.
pub(super) fn push_new_case(
    batch: &mut Batch,
    new: &NewCase,
    seq: u32,
    key_write: KeyWrite,
) -> Result<CaseNo, StoreError> {
    let mut case = new.case.clone();
    case.case_no =
        CaseNo::new(&case.region, new.day, seq).map_err(|e| StoreError::CaseNumbers {
            code: e.code,
            message: e.message,
        })?;
    let at = rows::secs(new.at);
    if let Some(key) = &new.idempotency
        && key_write == KeyWrite::Claim
    {
        batch.push_rows(
            CLAIM_ANSWERED_HEAD,
            6,
            vec![
                key.scope.as_str().into(),
                key.key.as_str().into(),
                key.fingerprint.as_str().into(),
                at.into(),
                case.case_no.to_string().into(),
                FIRST_VERSION.into(),
            ],
        )?;
    }
    batch.push_rows(
        INSERT_CASE_HEAD,
        11,
        vec![
            case.case_no.to_string().into(),
            case.region.to_string().into(),
            case.lead_department.to_string().into(),
            new.owner.clone().into(),
            new.phone.clone().into(),
            case.channel.code().into(),
            case.state().code().into(),
            1i64.into(),
            body(&case)?.into(),
            at.into(),
            at.into(),
        ],
    )?;
    audit::append_first(batch, &case.case_no, &new.audit)?;
    push_outbox(batch, &case.case_no, &new.outbox, at)?;
    if let Some(key) = &new.idempotency
        && key_write == KeyWrite::Settle
    {
        push_settle(batch, key, &case.case_no, FIRST_VERSION.to_string())?;
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
    let mut batch = Batch::new();
    audit::append(&mut tx, &mut batch, &case.case_no, &entries).await?;
    push_outbox(&mut batch, &case.case_no, &outbox, rows::secs(at))?;
    if let Some(key) = &idempotency {
        let result = serde_json::json!({ "version": version }).to_string();
        push_settle(&mut batch, key, &case.case_no, result)?;
    }
    batch.execute(&mut tx).await?;
    // An error here drops `tx` uncommitted: the case change, its audit and
    // its events go with the licence writes, or nothing is written.
    crate::licences::write::write_all(&mut tx, &licences).await?;
    tx.commit().await?;
    Ok(Updated::Applied { version })
}

/// Claims `key` for this transaction. `Some` when it was claimed before
/// (by a committed transaction): what that request left behind.
async fn claim(
    conn: &mut AnyConnection,
    key: &IdempotencyKey,
    at: i64,
) -> Result<Option<IdempotencyRecord>, StoreError> {
    let done = sqlx::query(CLAIM)
        .bind(key.scope.clone())
        .bind(key.key.clone())
        .bind(key.fingerprint.clone())
        .bind(at)
        .execute(&mut *conn)
        .await?;
    if done.rows_affected() == 1 {
        return Ok(None);
    }
    earlier_claim(conn, key).await.map(Some)
}

/// What the committed claim of `key` left behind.
pub(super) async fn earlier_claim(
    conn: &mut AnyConnection,
    key: &IdempotencyKey,
) -> Result<IdempotencyRecord, StoreError> {
    let row = sqlx::query(KEY)
        .bind(key.scope.clone())
        .bind(key.key.clone())
        .fetch_one(&mut *conn)
        .await?;
    decode_key(&row)
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
pub(super) fn replay(
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

/// Records what the request under `key` produced, as a statement of
/// `batch`.
fn push_settle(
    batch: &mut Batch,
    key: &IdempotencyKey,
    case_no: &CaseNo,
    result: String,
) -> Result<(), StoreError> {
    batch.push(
        SETTLE,
        vec![
            key.scope.as_str().into(),
            key.key.as_str().into(),
            case_no.to_string().into(),
            result.into(),
        ],
    )
}

/// The first six digits of the case's region, as in its case number: the
/// key of its daily sequence.
pub(super) fn sequence_region(case: &Case) -> &str {
    let region = case.region.as_str();
    region.get(..6).unwrap_or(region)
}

/// The events in order, as rows of `batch`. A payload's `case_no` is set
/// to the number the store gave (a new case's events were made under a
/// provisional one).
fn push_outbox(
    batch: &mut Batch,
    case_no: &CaseNo,
    events: &[NewOutboxEvent],
    at: i64,
) -> Result<(), StoreError> {
    let mut params: Vec<Param> = Vec::with_capacity(events.len() * 4);
    for event in events {
        let mut payload = event.payload.clone();
        if let Some(fields) = payload.as_object_mut()
            && fields.contains_key("case_no")
        {
            fields.insert("case_no".into(), serde_json::json!(case_no));
        }
        params.extend([
            Param::from(case_no.to_string()),
            event.event.as_str().into(),
            payload.to_string().into(),
            at.into(),
        ]);
    }
    batch.push_rows(INSERT_OUTBOX_HEAD, 4, params)
}

/// The stored JSON of a case.
fn body(case: &Case) -> Result<String, StoreError> {
    serde_json::to_string(case).map_err(|e| StoreError::Corrupt(format!("办件无法编码：{e}")))
}

/// A stored case number.
pub(crate) fn case_no_of(text: &str) -> Result<CaseNo, StoreError> {
    CaseNo::parse(text).map_err(|e| StoreError::Corrupt(format!("流水号列：{}", e.message)))
}
