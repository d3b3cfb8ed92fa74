//! Webhook deliveries: claiming the due ones for one worker (a lease, as
//! for outbox events; `SKIP LOCKED` on PostgreSQL), recording each
//! attempt, the dead-letter list and putting a dead delivery back.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::records::{Attempt, ClaimedDelivery, Delivery, DeliveryStatus};
use crate::accounts::rows;
use crate::{Backend, Db, StoreError};

/// The delivery's columns joined with its subscription's target.
const COLUMNS: &str = "d.id, d.subscription_id, s.department, s.region, s.url, s.secret, \
     d.outbox_id, d.case_no, d.topic, d.aggregate_id, d.event, d.body, d.status, d.attempts, d.next_attempt_at, \
     d.last_status, d.last_error, d.created_at, d.finished_at";

const FROM: &str =
    "FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id";

const PICK: &str = "SELECT id FROM webhook_deliveries WHERE status = 'pending' \
     AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until < $1) \
     AND subscription_id IN (SELECT id FROM webhook_subscriptions WHERE disabled_at IS NULL) \
     ORDER BY next_attempt_at, id LIMIT $2";

const CLAIM: &str =
    "UPDATE webhook_deliveries SET claim_token = $2, claimed_until = $3 WHERE id = $1";

const DELIVERED: &str = "UPDATE webhook_deliveries SET status = 'delivered', \
     attempts = attempts + 1, last_status = $3, last_error = NULL, finished_at = $4, \
     claim_token = NULL, claimed_until = NULL \
     WHERE id = $1 AND claim_token = $2 AND status = 'pending'";

const RETRY: &str = "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $3, \
     last_error = $4, next_attempt_at = $5, claim_token = NULL, claimed_until = NULL \
     WHERE id = $1 AND claim_token = $2 AND status = 'pending'";

const GIVE_UP: &str = "UPDATE webhook_deliveries SET status = 'dead', attempts = attempts + 1, \
     last_status = $3, last_error = $4, finished_at = $5, claim_token = NULL, \
     claimed_until = NULL WHERE id = $1 AND claim_token = $2 AND status = 'pending'";

const REVIVE: &str = "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, \
     next_attempt_at = $2, finished_at = NULL, claim_token = NULL, claimed_until = NULL \
     WHERE id = $1 AND status = 'dead'";

/// Claims up to `limit` deliveries due at `now` under `token` until
/// `until`, with their targets.
pub(super) async fn claim(
    db: &Db,
    token: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<ClaimedDelivery>, StoreError> {
    let mut tx = db.begin_write().await?;
    let pick = match db.backend() {
        Backend::Postgres => sqlx::AssertSqlSafe(format!("{PICK} FOR UPDATE SKIP LOCKED")),
        Backend::Sqlite => sqlx::AssertSqlSafe(PICK.to_string()),
    };
    let ids: Vec<String> = sqlx::query_scalar(pick)
        .bind(rows::secs(now))
        .bind(limit.max(0))
        .fetch_all(&mut *tx)
        .await?;
    let read = format!("SELECT {COLUMNS} {FROM} WHERE d.id = $1");
    let mut claimed = Vec::with_capacity(ids.len());
    for id in ids {
        sqlx::query(CLAIM)
            .bind(id.clone())
            .bind(token.to_string())
            .bind(rows::secs(until))
            .execute(&mut *tx)
            .await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(read.clone()))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        claimed.push(ClaimedDelivery {
            delivery: decode(&row)?,
            url: row.try_get("url")?,
            secret: row.try_get("secret")?,
            token: token.to_string(),
        });
    }
    tx.commit().await?;
    Ok(claimed)
}

/// Records an attempt of a claimed delivery at `at`; false (nothing
/// written) when the claim is no longer the caller's.
pub(super) async fn record(
    db: &Db,
    id: &str,
    token: &str,
    attempt: &Attempt,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let mut tx = db.begin_write().await?;
    let query = match attempt {
        Attempt::Delivered { status } => sqlx::query(DELIVERED)
            .bind(id.to_string())
            .bind(token.to_string())
            .bind(*status)
            .bind(rows::secs(at)),
        Attempt::Retry {
            status,
            error,
            next_attempt_at,
        } => sqlx::query(RETRY)
            .bind(id.to_string())
            .bind(token.to_string())
            .bind(*status)
            .bind(error.clone())
            .bind(rows::secs(*next_attempt_at)),
        Attempt::GiveUp { status, error } => sqlx::query(GIVE_UP)
            .bind(id.to_string())
            .bind(token.to_string())
            .bind(*status)
            .bind(error.clone())
            .bind(rows::secs(at)),
    };
    let done = query.execute(&mut *tx).await?.rows_affected();
    tx.commit().await?;
    Ok(done == 1)
}

/// Deliveries in `status` (newest first), or one by id when `id` is set.
pub(super) async fn list(
    db: &Db,
    status: DeliveryStatus,
    id: Option<&str>,
    limit: i64,
) -> Result<Vec<Delivery>, StoreError> {
    let by_id = if id.is_some() { " AND d.id = $3" } else { "" };
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} {FROM} WHERE d.status = $1{by_id} \
         ORDER BY d.created_at DESC, d.id LIMIT $2"
    ));
    let mut query = sqlx::query(sql)
        .bind(status.code().to_string())
        .bind(limit.max(0));
    if let Some(id) = id {
        query = query.bind(id.to_string());
    }
    let found = query.fetch_all(db.reader()).await?;
    found.iter().map(decode).collect()
}

/// Puts a dead delivery back in the queue, due at `now`, with its
/// attempts counted afresh; false when it is not on the dead-letter list.
pub(super) async fn revive(db: &Db, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(REVIVE)
        .bind(id.to_string())
        .bind(rows::secs(now))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

fn decode(row: &AnyRow) -> Result<Delivery, StoreError> {
    let status: String = row.try_get("status")?;
    let (department, region) = super::subscriptions::owner(row)?;
    Ok(Delivery {
        id: row.try_get("id")?,
        subscription_id: row.try_get("subscription_id")?,
        department,
        region,
        outbox_id: row.try_get("outbox_id")?,
        case_no: super::opt_case_no(row)?,
        topic: super::topic_of(row)?,
        aggregate_id: row.try_get("aggregate_id")?,
        event: row.try_get("event")?,
        body: row.try_get("body")?,
        status: DeliveryStatus::parse(&status).ok_or_else(|| {
            StoreError::Corrupt(format!("webhook_deliveries.status 列的取值“{status}”无效"))
        })?,
        attempts: row.try_get("attempts")?,
        next_attempt_at: rows::time(
            "webhook_deliveries.next_attempt_at",
            row.try_get("next_attempt_at")?,
        )?,
        last_status: row.try_get("last_status")?,
        last_error: row.try_get("last_error")?,
        created_at: rows::time("webhook_deliveries.created_at", row.try_get("created_at")?)?,
        finished_at: rows::opt_time(
            "webhook_deliveries.finished_at",
            row.try_get("finished_at")?,
        )?,
    })
}
