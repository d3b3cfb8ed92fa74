//! The data-use log (用数记录): append-only, listed per subject.

use chrono::{DateTime, Utc};
use sqlx::Row;
use tongban_domain::subject::{ConsentId, SubjectId};

use super::codec;
use crate::{Db, StoreError};

const APPEND: &str = "INSERT INTO data_use_log (id, subject_id, at, consent_id, body) \
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING";

const OF_SUBJECT: &str = "SELECT body FROM data_use_log WHERE subject_id = $1 \
     ORDER BY at DESC, seq DESC";

/// One entry to append.
pub(super) struct Entry<'a> {
    pub id: &'a str,
    pub subject: &'a SubjectId,
    pub at: DateTime<Utc>,
    pub consent: &'a ConsentId,
    pub body: &'a serde_json::Value,
}

/// Appends an entry; a taken id is refused.
pub(super) async fn append(db: &Db, entry: &Entry<'_>) -> Result<(), StoreError> {
    let body = codec::to_json(entry.body)?;
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(APPEND)
        .bind(entry.id.to_string())
        .bind(entry.subject.0.clone())
        .bind(codec::secs(entry.at))
        .bind(entry.consent.0.clone())
        .bind(body)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::AlreadyExists {
            what: "用数记录编号",
            key: entry.id.to_string(),
        });
    }
    Ok(())
}

/// A subject's entries, newest first.
pub(super) async fn of_subject(
    db: &Db,
    subject: &SubjectId,
) -> Result<Vec<serde_json::Value>, StoreError> {
    let rows = sqlx::query(OF_SUBJECT)
        .bind(subject.0.clone())
        .fetch_all(db.reader())
        .await?;
    rows.iter()
        .map(|r| codec::from_json("data_use_log.body", &r.try_get::<String, _>("body")?))
        .collect()
}
