//! Claiming outbox events for one dispatcher, and settling them: the
//! event's notifications and webhook deliveries written, and the event
//! marked dispatched, in one transaction.
//!
//! A claim is a lease: a random token and a time until which no other
//! dispatcher takes the event. On PostgreSQL the claim picks its rows with
//! `FOR UPDATE SKIP LOCKED`, so two concurrent claimers never pick the
//! same row nor wait for each other; on SQLite `BEGIN IMMEDIATE`
//! serialises them. A dispatcher that dies leaves its claims to expire.
//! Settling checks the token: a claim that expired and was taken over
//! settles nothing, so every event is handled exactly once.

use chrono::{DateTime, Utc};

use super::records::{ClaimedEvent, NewDelivery, NewNotification};
use crate::accounts::rows;
use crate::cases::{EVENT_COLUMNS, decode_event};
use crate::{Backend, Db, StoreError};

const PICK: &str = "SELECT id FROM outbox WHERE dispatched_at IS NULL \
     AND (claimed_until IS NULL OR claimed_until < $1) ORDER BY id LIMIT $2";

const CLAIM: &str = "UPDATE outbox SET claim_token = $2, claimed_until = $3 WHERE id = $1";

const SETTLE: &str = "UPDATE outbox SET dispatched_at = $3, claim_token = NULL, \
     claimed_until = NULL WHERE id = $1 AND claim_token = $2 AND dispatched_at IS NULL";

const NOTIFY: &str = "INSERT INTO notifications (recipient, case_no, topic, aggregate_id, \
     outbox_id, event, title, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
     ON CONFLICT (outbox_id, recipient) DO NOTHING";

const QUEUE: &str = "INSERT INTO webhook_deliveries (id, subscription_id, outbox_id, case_no, \
     topic, aggregate_id, event, body, status, attempts, next_attempt_at, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', 0, $9, $9) \
     ON CONFLICT (subscription_id, outbox_id) DO NOTHING";

/// Claims up to `limit` pending events nobody holds at `now`, oldest
/// first, under `token` until `until`.
pub(super) async fn claim(
    db: &Db,
    token: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<ClaimedEvent>, StoreError> {
    let mut tx = db.begin_write().await?;
    let pick = match db.backend() {
        Backend::Postgres => sqlx::AssertSqlSafe(format!("{PICK} FOR UPDATE SKIP LOCKED")),
        Backend::Sqlite => sqlx::AssertSqlSafe(PICK.to_string()),
    };
    let ids: Vec<i64> = sqlx::query_scalar(pick)
        .bind(rows::secs(now))
        .bind(limit.max(0))
        .fetch_all(&mut *tx)
        .await?;
    let mut claimed = Vec::with_capacity(ids.len());
    for id in ids {
        sqlx::query(CLAIM)
            .bind(id)
            .bind(token.to_string())
            .bind(rows::secs(until))
            .execute(&mut *tx)
            .await?;
        let read = format!("SELECT {EVENT_COLUMNS} FROM outbox WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(read))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        claimed.push(ClaimedEvent {
            event: decode_event(&row)?,
            token: token.to_string(),
        });
    }
    tx.commit().await?;
    Ok(claimed)
}

/// Settles a claimed event: writes its notifications and deliveries and
/// marks it dispatched at `at`. False (and nothing written) when the
/// claim is no longer the caller's.
pub(super) async fn settle(
    db: &Db,
    claim: &ClaimedEvent,
    notifications: &[NewNotification],
    deliveries: &[NewDelivery],
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let mut tx = db.begin_write().await?;
    let id = claim.event.id;
    let marked = sqlx::query(SETTLE)
        .bind(id)
        .bind(claim.token.clone())
        .bind(rows::secs(at))
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if marked == 0 {
        tx.rollback().await?;
        return Ok(false);
    }
    let event = &claim.event;
    let case_no = event.case_no.as_ref().map(|no| no.to_string());
    let topic = event.topic.code().to_string();
    for n in notifications {
        sqlx::query(NOTIFY)
            .bind(n.recipient.clone())
            .bind(case_no.clone())
            .bind(topic.clone())
            .bind(event.aggregate_id.clone())
            .bind(id)
            .bind(n.event.clone())
            .bind(n.title.clone())
            .bind(n.body.clone())
            .bind(rows::secs(at))
            .execute(&mut *tx)
            .await?;
    }
    for d in deliveries {
        sqlx::query(QUEUE)
            .bind(d.id.clone())
            .bind(d.subscription_id.clone())
            .bind(id)
            .bind(case_no.clone())
            .bind(topic.clone())
            .bind(event.aggregate_id.clone())
            .bind(d.event.clone())
            .bind(d.body.clone())
            .bind(rows::secs(at))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(true)
}
