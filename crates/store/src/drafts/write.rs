//! Writing drafts and upload rows: one transaction each.
//!
//! Every write that depends on the draft still being edited first
//! touches the draft row with `UPDATE … WHERE status = 'editing'`. On
//! PostgreSQL that takes the row lock, so an upload racing a submission
//! waits for it and then sees the draft submitted; on SQLite
//! `BEGIN IMMEDIATE` serialises the writers anyway.

use sqlx::{Any, Row, Transaction};

use super::read::{UPLOADS, upload_of};
use super::records::{DraftChange, DraftRemoval, DraftRow, DraftWrite, UploadRow, UploadWrite};
use crate::accounts::rows;
use crate::{Db, StoreError};

const INSERT_DRAFT: &str = "INSERT INTO drafts (id, owner, status, case_no, submitted_at, \
     version, body, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

const UPDATE_DRAFT: &str = "UPDATE drafts SET body = $3, status = $4, case_no = $5, \
     submitted_at = $6, version = version + 1, updated_at = $7 \
     WHERE id = $1 AND version = $2 AND status = 'editing'";

/// Locks an editing draft (and records that it changed).
const TOUCH_EDITING: &str =
    "UPDATE drafts SET updated_at = $2 WHERE id = $1 AND status = 'editing'";

/// Locks an editing draft without changing it.
const LOCK_EDITING: &str =
    "UPDATE drafts SET updated_at = updated_at WHERE id = $1 AND status = 'editing'";

const STATUS: &str = "SELECT status FROM drafts WHERE id = $1";

/// Appends an upload, numbered after the draft's last one.
const INSERT_UPLOAD: &str = "INSERT INTO draft_uploads (id, draft_id, seq, material, file_name, \
     content_type, size, sha256, object_key, created_at) \
     SELECT $1, $2, COALESCE(MAX(seq), 0) + 1, $3, $4, $5, $6, $7, $8, $9 \
     FROM draft_uploads WHERE draft_id = $2";

/// Stores a new draft; a taken id is refused.
pub(super) async fn insert_draft(db: &Db, draft: &DraftRow) -> Result<(), StoreError> {
    let (status, case_no, at) = submitted_columns(draft.submitted.as_ref());
    let mut tx = db.begin_write().await?;
    let taken = sqlx::query(STATUS)
        .bind(draft.id.clone())
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    if taken {
        tx.rollback().await?;
        return Err(StoreError::AlreadyExists {
            what: "草稿",
            key: draft.id.clone(),
        });
    }
    sqlx::query(INSERT_DRAFT)
        .bind(draft.id.clone())
        .bind(draft.owner.clone())
        .bind(status.to_string())
        .bind(case_no)
        .bind(at)
        .bind(draft.version)
        .bind(rows::to_json(&draft.body)?)
        .bind(rows::secs(draft.created_at))
        .bind(rows::secs(draft.updated_at))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Writes a change computed from `expected_version`, if the draft is
/// still at that version and still being edited.
pub(super) async fn update_draft(db: &Db, change: &DraftChange) -> Result<DraftWrite, StoreError> {
    let (status, case_no, submitted_at) = submitted_columns(change.submitted.as_ref());
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(UPDATE_DRAFT)
        .bind(change.id.clone())
        .bind(change.expected_version)
        .bind(rows::to_json(&change.body)?)
        .bind(status.to_string())
        .bind(case_no)
        .bind(submitted_at)
        .bind(rows::secs(change.at))
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 1 {
        tx.commit().await?;
        return Ok(DraftWrite::Saved {
            version: change.expected_version + 1,
        });
    }
    let why = match status_of(&mut tx, &change.id).await? {
        None => DraftWrite::Missing,
        Some(s) if s == "editing" => DraftWrite::Stale,
        Some(_) => DraftWrite::Submitted,
    };
    tx.rollback().await?;
    Ok(why)
}

/// Deletes an editing draft with its upload rows.
pub(super) async fn delete_draft(db: &Db, id: &str) -> Result<DraftRemoval, StoreError> {
    let mut tx = db.begin_write().await?;
    let locked = sqlx::query(LOCK_EDITING)
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if locked == 0 {
        let why = match status_of(&mut tx, id).await? {
            None => DraftRemoval::Missing,
            Some(_) => DraftRemoval::Submitted,
        };
        tx.rollback().await?;
        return Ok(why);
    }
    let found = sqlx::query(UPLOADS)
        .bind(id.to_string())
        .fetch_all(&mut *tx)
        .await?;
    let uploads = found.iter().map(upload_of).collect::<Result<Vec<_>, _>>()?;
    sqlx::query("DELETE FROM draft_uploads WHERE draft_id = $1")
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM drafts WHERE id = $1")
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(DraftRemoval::Removed(uploads))
}

/// Adds an upload row to an editing draft.
pub(super) async fn insert_upload(db: &Db, upload: &UploadRow) -> Result<UploadWrite, StoreError> {
    let size = i64::try_from(upload.size)
        .map_err(|_| StoreError::Corrupt(format!("文件大小 {} 超出范围", upload.size)))?;
    let mut tx = db.begin_write().await?;
    if let Some(why) = touch_editing(&mut tx, &upload.draft, upload.created_at).await? {
        tx.rollback().await?;
        return Ok(why);
    }
    sqlx::query(INSERT_UPLOAD)
        .bind(upload.id.clone())
        .bind(upload.draft.clone())
        .bind(upload.material.as_str().to_string())
        .bind(upload.file_name.clone())
        .bind(upload.content_type.clone())
        .bind(size)
        .bind(upload.sha256.clone())
        .bind(upload.object_key.clone())
        .bind(rows::secs(upload.created_at))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(UploadWrite::Done)
}

/// Removes one upload row of an editing draft.
pub(super) async fn delete_upload(
    db: &Db,
    draft: &str,
    id: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<UploadWrite, StoreError> {
    let mut tx = db.begin_write().await?;
    if let Some(why) = touch_editing(&mut tx, draft, at).await? {
        tx.rollback().await?;
        return Ok(why);
    }
    let done = sqlx::query("DELETE FROM draft_uploads WHERE id = $1 AND draft_id = $2")
        .bind(id.to_string())
        .bind(draft.to_string())
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(UploadWrite::Missing);
    }
    tx.commit().await?;
    Ok(UploadWrite::Done)
}

/// Locks the draft if it is being edited, setting `updated_at`; otherwise
/// says why not.
async fn touch_editing(
    tx: &mut Transaction<'static, Any>,
    draft: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<Option<UploadWrite>, StoreError> {
    let touched = sqlx::query(TOUCH_EDITING)
        .bind(draft.to_string())
        .bind(rows::secs(at))
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if touched == 1 {
        return Ok(None);
    }
    Ok(Some(match status_of(tx, draft).await? {
        None => UploadWrite::Missing,
        Some(_) => UploadWrite::DraftSubmitted,
    }))
}

/// The stored status of a draft, if it exists.
async fn status_of(
    tx: &mut Transaction<'static, Any>,
    id: &str,
) -> Result<Option<String>, StoreError> {
    let row = sqlx::query(STATUS)
        .bind(id.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|r| r.try_get::<String, _>("status"))
        .transpose()
        .map_err(StoreError::from)
}

/// The status, case number and submission time columns.
fn submitted_columns(
    submitted: Option<&super::records::DraftSubmitted>,
) -> (&'static str, Option<String>, Option<i64>) {
    match submitted {
        None => ("editing", None, None),
        Some(s) => (
            "submitted",
            Some(s.case_no.to_string()),
            Some(rows::secs(s.at)),
        ),
    }
}
