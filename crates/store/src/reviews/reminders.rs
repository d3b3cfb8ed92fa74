//! The same-day reminder (当日件当日评) and evaluator-device tokens.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;
use tongban_domain::case::{Case, CaseNo};

use super::records::{DeviceToken, ReviewAudit, UnratedCase};
use super::rows as review_rows;
use crate::accounts::rows;
use crate::cases::case_no_of;
use crate::{Db, NewOutboxEvent, StoreError};

const UNRATED: &str = "SELECT c.case_no, c.owner, c.body FROM cases c \
     WHERE c.state IN ('completed', 'delivered') AND c.updated_at >= $1 \
     AND c.owner IS NOT NULL \
     AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.case_no = c.case_no) \
     AND NOT EXISTS (SELECT 1 FROM review_reminders m WHERE m.case_no = c.case_no) \
     ORDER BY c.updated_at, c.case_no LIMIT $2";

const REMIND: &str = "INSERT INTO review_reminders (case_no, recipient, reminded_at) \
     VALUES ($1, $2, $3) ON CONFLICT (case_no) DO NOTHING";

const INSERT_TOKEN: &str = "INSERT INTO review_device_tokens (token_hash, case_no, window_code, \
     staff, issued_at, expires_at, used_at) VALUES ($1, $2, $3, $4, $5, $6, NULL)";

const TOKEN: &str = "SELECT token_hash, case_no, window_code, staff, issued_at, expires_at, \
     used_at FROM review_device_tokens WHERE token_hash = $1";

/// Finished, owned cases changed since `since` with no rating or reminder.
pub(super) async fn unrated(
    db: &Db,
    since: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<UnratedCase>, StoreError> {
    let found = sqlx::query(UNRATED)
        .bind(rows::secs(since))
        .bind(limit.max(0))
        .fetch_all(db.reader())
        .await?;
    found
        .iter()
        .map(|row| {
            let case: Case = rows::from_json("cases.body", &row.try_get::<String, _>("body")?)?;
            Ok(UnratedCase {
                case,
                owner: row.try_get("owner")?,
            })
        })
        .collect()
}

/// Records a case's reminder once, with its outbox events.
pub(super) async fn record(
    db: &Db,
    case_no: &CaseNo,
    recipient: &str,
    at: DateTime<Utc>,
    outbox: &[NewOutboxEvent],
) -> Result<bool, StoreError> {
    let mut tx = db.begin_write().await?;
    let inserted = sqlx::query(REMIND)
        .bind(case_no.to_string())
        .bind(recipient.to_string())
        .bind(rows::secs(at))
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if inserted == 0 {
        tx.rollback().await?;
        return Ok(false);
    }
    review_rows::outbox(&mut tx, case_no.as_str(), outbox, rows::secs(at)).await?;
    tx.commit().await?;
    Ok(true)
}

/// Stores a device token with its audit entry.
pub(super) async fn insert_token(
    db: &Db,
    token: &DeviceToken,
    audit: &ReviewAudit,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    sqlx::query(INSERT_TOKEN)
        .bind(token.token_hash.clone())
        .bind(token.case_no.to_string())
        .bind(token.window.as_ref().map(ToString::to_string))
        .bind(token.staff.clone())
        .bind(rows::secs(token.issued_at))
        .bind(rows::secs(token.expires_at))
        .execute(&mut *tx)
        .await?;
    review_rows::audit(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(())
}

/// A device token by its hash.
pub(super) async fn token(db: &Db, token_hash: &str) -> Result<Option<DeviceToken>, StoreError> {
    let row = sqlx::query(TOKEN)
        .bind(token_hash.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(decode_token).transpose()
}

fn decode_token(row: &AnyRow) -> Result<DeviceToken, StoreError> {
    let window: Option<String> = row.try_get("window_code")?;
    Ok(DeviceToken {
        token_hash: row.try_get("token_hash")?,
        case_no: case_no_of(&row.try_get::<String, _>("case_no")?)?,
        window: window
            .map(|w| rows::code("review_device_tokens.window_code", &w))
            .transpose()?,
        staff: row.try_get("staff")?,
        issued_at: rows::time("review_device_tokens.issued_at", row.try_get("issued_at")?)?,
        expires_at: rows::time(
            "review_device_tokens.expires_at",
            row.try_get("expires_at")?,
        )?,
        used_at: rows::opt_time("review_device_tokens.used_at", row.try_get("used_at")?)?,
    })
}
