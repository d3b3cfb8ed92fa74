//! Reading proof requests and their events.

use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};
use tongban_domain::licence::LicenceNumber;
use tongban_domain::proof::{ProofRequest, ProofRequestState};
use tongban_domain::subject::SubjectId;

use super::records::{ProofEvent, ProofRequestRow};
use crate::StoreError;
use crate::accounts::rows::{self, day_text, parse_day};

/// The columns every request query selects, in [`request_of`]'s order.
pub(super) const COLUMNS: &str = "id, proof_type, issuer, subject_id, requester, purpose, \
     requested_at, due, state, licence_number, refusal_reason, decided_by, decided_at, \
     overdue_reported_at, row_version";

const EVENT_COLUMNS: &str = "id, aggregate_id, event, payload, created_at, dispatched_at";

/// One request by id.
pub(super) async fn by_id(pool: &AnyPool, id: &str) -> Result<Option<ProofRequestRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM proof_requests WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.to_string())
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(request_of).transpose()
}

/// An applicant's requests, newest first.
pub(super) async fn of_requester(
    pool: &AnyPool,
    requester: &str,
) -> Result<Vec<ProofRequestRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM proof_requests WHERE requester = $1 \
         ORDER BY requested_at DESC, id DESC"
    );
    let found = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(requester.to_string())
        .fetch_all(pool)
        .await?;
    found.iter().map(request_of).collect()
}

/// A department's requests, earliest due first.
pub(super) async fn worklist(
    pool: &AnyPool,
    issuer: &str,
    open_only: bool,
) -> Result<Vec<ProofRequestRow>, StoreError> {
    let filter = if open_only {
        " AND state = 'requested'"
    } else {
        ""
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM proof_requests WHERE issuer = $1{filter} \
         ORDER BY due, requested_at, id"
    );
    let found = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(issuer.to_string())
        .fetch_all(pool)
        .await?;
    found.iter().map(request_of).collect()
}

/// Open requests due before `today`, not reported yet.
pub(super) async fn unreported_overdue(
    pool: &AnyPool,
    today: NaiveDate,
    limit: i64,
) -> Result<Vec<ProofRequestRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM proof_requests WHERE state = 'requested' AND due < $1 \
         AND overdue_reported_at IS NULL ORDER BY due, id LIMIT $2"
    );
    let found = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(day_text(today))
        .bind(limit)
        .fetch_all(pool)
        .await?;
    found.iter().map(request_of).collect()
}

/// One request's events, oldest first.
pub(super) async fn events(
    pool: &AnyPool,
    request_id: &str,
) -> Result<Vec<ProofEvent>, StoreError> {
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM outbox WHERE topic = 'proof' AND aggregate_id = $1 ORDER BY id"
    );
    let found = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(request_id.to_string())
        .fetch_all(pool)
        .await?;
    found.iter().map(event_of).collect()
}

/// Decodes a request row selected with [`COLUMNS`].
pub(super) fn request_of(row: &AnyRow) -> Result<ProofRequestRow, StoreError> {
    let text = |c: &str| -> Result<String, StoreError> { Ok(row.try_get::<String, _>(c)?) };
    let opt_text = |c: &str| -> Result<Option<String>, StoreError> {
        Ok(row.try_get::<Option<String>, _>(c)?)
    };
    let due = parse_day("proof_requests.due", &text("due")?)?;
    let decided_at = rows::opt_time("proof_requests.decided_at", row.try_get("decided_at")?)?;
    let decided_by = opt_text("decided_by")?;
    let state = match text("state")?.as_str() {
        "requested" => ProofRequestState::Requested,
        "issued" => {
            let number = opt_text("licence_number")?.unwrap_or_default();
            ProofRequestState::Issued {
                licence: LicenceNumber::parse(&number).map_err(|e| {
                    StoreError::Corrupt(format!("proof_requests.licence_number：{}", e.message))
                })?,
                by: decided_by.unwrap_or_default(),
                at: decided_at.ok_or_else(|| missing("decided_at"))?,
            }
        }
        "refused" => ProofRequestState::Refused {
            reason: opt_text("refusal_reason")?.unwrap_or_default(),
            by: decided_by.unwrap_or_default(),
            at: decided_at.ok_or_else(|| missing("decided_at"))?,
        },
        other => {
            return Err(StoreError::Corrupt(format!(
                "proof_requests.state 的取值“{other}”无效"
            )));
        }
    };
    Ok(ProofRequestRow {
        request: ProofRequest {
            id: text("id")?,
            proof_type: rows::code("proof_requests.proof_type", &text("proof_type")?)?,
            issuer: rows::code("proof_requests.issuer", &text("issuer")?)?,
            subject: SubjectId::new(text("subject_id")?),
            requester: text("requester")?,
            purpose: text("purpose")?,
            requested_at: rows::time("proof_requests.requested_at", row.try_get("requested_at")?)?,
            due,
            state,
        },
        row_version: row.try_get("row_version")?,
        overdue_reported_at: rows::opt_time(
            "proof_requests.overdue_reported_at",
            row.try_get("overdue_reported_at")?,
        )?,
    })
}

fn event_of(row: &AnyRow) -> Result<ProofEvent, StoreError> {
    let payload: String = row.try_get("payload")?;
    let payload: serde_json::Value = rows::from_json("outbox.payload", &payload)?;
    let issuer = payload
        .get("department")
        .and_then(|d| d.as_str())
        .ok_or_else(|| StoreError::Corrupt("证明事件缺少出具部门".into()))?
        .to_string();
    Ok(ProofEvent {
        id: row.try_get("id")?,
        request_id: row
            .try_get::<Option<String>, _>("aggregate_id")?
            .unwrap_or_default(),
        issuer,
        event: row.try_get("event")?,
        payload,
        created_at: rows::time("outbox.created_at", row.try_get("created_at")?)?,
        dispatched_at: rows::opt_time("outbox.dispatched_at", row.try_get("dispatched_at")?)?,
    })
}

fn missing(column: &str) -> StoreError {
    StoreError::Corrupt(format!("已办结的证明申请缺少 proof_requests.{column}"))
}
