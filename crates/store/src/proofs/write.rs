//! Writing proof requests and their events: one transaction each.

use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};
use tongban_domain::proof::{ProofRequest, ProofRequestState};

use super::records::NewProofEvent;
use crate::accounts::rows::{self, day_text};
use crate::{Db, StoreError, Topic};

const INSERT: &str = "INSERT INTO proof_requests (id, proof_type, issuer, subject_id, requester, \
     purpose, requested_at, due, state, licence_number, refusal_reason, decided_by, decided_at, \
     overdue_reported_at, row_version) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, NULL, 1)";

const UPDATE: &str = "UPDATE proof_requests SET state = $3, licence_number = $4, \
     refusal_reason = $5, decided_by = $6, decided_at = $7, row_version = row_version + 1 \
     WHERE id = $1 AND row_version = $2";

const REPORT_OVERDUE: &str = "UPDATE proof_requests SET overdue_reported_at = $2, \
     row_version = row_version + 1 \
     WHERE id = $1 AND state = 'requested' AND overdue_reported_at IS NULL";

/// Proof events go to the shared outbox under topic `proof`, named by the
/// request id; `case_no` stays NULL.
const INSERT_EVENT: &str = "INSERT INTO outbox (topic, aggregate_id, event, payload, created_at) \
     VALUES ($1, $2, $3, $4, $5)";

/// The state columns of a request: state, licence number, refusal reason,
/// decided by, decided at.
type StateColumns = (
    &'static str,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
);

fn state_columns(state: &ProofRequestState) -> StateColumns {
    match state {
        ProofRequestState::Requested => ("requested", None, None, None, None),
        ProofRequestState::Issued { licence, by, at } => (
            "issued",
            Some(licence.as_str().to_string()),
            None,
            Some(by.clone()),
            Some(rows::secs(*at)),
        ),
        ProofRequestState::Refused { reason, by, at } => (
            "refused",
            None,
            Some(reason.clone()),
            Some(by.clone()),
            Some(rows::secs(*at)),
        ),
    }
}

/// Stores a new request and its events.
pub(super) async fn insert(
    db: &Db,
    request: &ProofRequest,
    events: &[NewProofEvent],
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let taken = sqlx::query("SELECT id FROM proof_requests WHERE id = $1")
        .bind(request.id.clone())
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    if taken {
        tx.rollback().await?;
        return Err(StoreError::AlreadyExists {
            what: "证明申请",
            key: request.id.clone(),
        });
    }
    let (state, licence, reason, by, decided_at) = state_columns(&request.state);
    sqlx::query(INSERT)
        .bind(request.id.clone())
        .bind(request.proof_type.to_string())
        .bind(request.issuer.to_string())
        .bind(request.subject.as_str().to_string())
        .bind(request.requester.clone())
        .bind(request.purpose.clone())
        .bind(rows::secs(request.requested_at))
        .bind(day_text(request.due))
        .bind(state)
        .bind(licence)
        .bind(reason)
        .bind(by)
        .bind(decided_at)
        .execute(&mut *tx)
        .await?;
    insert_events(&mut tx, request, events, at).await?;
    tx.commit().await?;
    Ok(())
}

/// Writes a changed request if its row version is still `expected`.
pub(super) async fn update(
    db: &Db,
    request: &ProofRequest,
    expected: i64,
    events: &[NewProofEvent],
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let (state, licence, reason, by, decided_at) = state_columns(&request.state);
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(UPDATE)
        .bind(request.id.clone())
        .bind(expected)
        .bind(state)
        .bind(licence)
        .bind(reason)
        .bind(by)
        .bind(decided_at)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if done != 1 {
        tx.rollback().await?;
        return Err(StoreError::Conflict(request.id.clone()));
    }
    insert_events(&mut tx, request, events, at).await?;
    tx.commit().await?;
    Ok(())
}

/// Marks an open request reported late, once, with its event.
pub(super) async fn report_overdue(
    db: &Db,
    id: &str,
    event: &NewProofEvent,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(REPORT_OVERDUE)
        .bind(id.to_string())
        .bind(rows::secs(at))
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if done != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    let issuer: String = sqlx::query_scalar("SELECT issuer FROM proof_requests WHERE id = $1")
        .bind(id.to_string())
        .fetch_one(&mut *tx)
        .await?;
    write_event(&mut tx, id, &issuer, event, at).await?;
    tx.commit().await?;
    Ok(true)
}

async fn insert_events(
    tx: &mut Transaction<'static, Any>,
    request: &ProofRequest,
    events: &[NewProofEvent],
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    for event in events {
        write_event(tx, &request.id, request.issuer.as_str(), event, at).await?;
    }
    Ok(())
}

async fn write_event(
    tx: &mut Transaction<'static, Any>,
    request_id: &str,
    issuer: &str,
    event: &NewProofEvent,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    if event.event.trim().is_empty() {
        return Err(StoreError::Corrupt("证明事件编码不能为空".into()));
    }
    // The issuing department is who the event is for (its webhook
    // subscriptions); the dispatcher reads it from the payload.
    let mut payload = event.payload.clone();
    if let Some(map) = payload.as_object_mut() {
        map.insert("request_id".into(), serde_json::json!(request_id));
        map.insert("department".into(), serde_json::json!(issuer));
    }
    sqlx::query(INSERT_EVENT)
        .bind(Topic::Proof.code())
        .bind(request_id.to_string())
        .bind(event.event.clone())
        .bind(payload.to_string())
        .bind(rows::secs(at))
        .execute(&mut **tx)
        .await?;
    Ok(())
}
