//! Reading the review audit.

use sqlx::Row;

use super::records::ReviewAudit;
use crate::accounts::rows;
use crate::{Db, StoreError};

const OF: &str = "SELECT id, subject, at, actor, action, detail FROM review_audit \
     WHERE subject = $1 ORDER BY at, id";

/// The entries about `subject`, oldest first.
pub(super) async fn of(db: &Db, subject: &str) -> Result<Vec<ReviewAudit>, StoreError> {
    let found = sqlx::query(OF)
        .bind(subject.to_string())
        .fetch_all(db.reader())
        .await?;
    found
        .iter()
        .map(|row| {
            Ok(ReviewAudit {
                id: row.try_get("id")?,
                subject: row.try_get("subject")?,
                at: rows::time("review_audit.at", row.try_get("at")?)?,
                actor: row.try_get("actor")?,
                action: row.try_get("action")?,
                detail: rows::from_json(
                    "review_audit.detail",
                    &row.try_get::<String, _>("detail")?,
                )?,
            })
        })
        .collect()
}
