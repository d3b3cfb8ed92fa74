//! In-app messages (站内消息): an applicant's own, newest first, and
//! marking them read.

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::records::Notification;
use crate::accounts::rows;
use crate::{Db, StoreError};

const LIST: &str = "SELECT id, recipient, case_no, topic, aggregate_id, event, title, body, \
     created_at, read_at \
     FROM notifications WHERE recipient = $1 ORDER BY id DESC LIMIT $2";

const READ_ONE: &str = "UPDATE notifications SET read_at = $3 \
     WHERE recipient = $1 AND id = $2 AND read_at IS NULL";

const READ_ALL: &str =
    "UPDATE notifications SET read_at = $2 WHERE recipient = $1 AND read_at IS NULL";

/// The recipient's newest `limit` messages.
pub(super) async fn list(
    db: &Db,
    recipient: &str,
    limit: i64,
) -> Result<Vec<Notification>, StoreError> {
    let found = sqlx::query(LIST)
        .bind(recipient.to_string())
        .bind(limit.max(0))
        .fetch_all(db.reader())
        .await?;
    found.iter().map(decode).collect()
}

/// Marks the recipient's message `id` (or, with `None`, every unread
/// one) read at `at`; returns how many were unread. Another recipient's
/// message is never touched.
pub(super) async fn mark_read(
    db: &Db,
    recipient: &str,
    id: Option<i64>,
    at: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let mut tx = db.begin_write().await?;
    let done = match id {
        Some(id) => {
            sqlx::query(READ_ONE)
                .bind(recipient.to_string())
                .bind(id)
                .bind(rows::secs(at))
                .execute(&mut *tx)
                .await?
        }
        None => {
            sqlx::query(READ_ALL)
                .bind(recipient.to_string())
                .bind(rows::secs(at))
                .execute(&mut *tx)
                .await?
        }
    };
    tx.commit().await?;
    Ok(done.rows_affected())
}

fn decode(row: &AnyRow) -> Result<Notification, StoreError> {
    Ok(Notification {
        id: row.try_get("id")?,
        recipient: row.try_get("recipient")?,
        case_no: super::opt_case_no(row)?,
        topic: super::topic_of(row)?,
        aggregate_id: row.try_get("aggregate_id")?,
        event: row.try_get("event")?,
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        created_at: rows::time("notifications.created_at", row.try_get("created_at")?)?,
        read_at: rows::opt_time("notifications.read_at", row.try_get("read_at")?)?,
    })
}
