//! Reading drafts and upload rows.

use sqlx::Row;
use sqlx::any::AnyRow;
use tongban_domain::case::CaseNo;

use super::records::{DraftRow, DraftSubmitted, UploadRow};
use crate::accounts::rows;
use crate::{Db, StoreError};

const DRAFT: &str = "SELECT id, owner, status, case_no, submitted_at, version, body, \
     created_at, updated_at FROM drafts WHERE id = $1";

const DRAFTS_OF: &str = "SELECT id, owner, status, case_no, submitted_at, version, body, \
     created_at, updated_at FROM drafts WHERE owner = $1 \
     ORDER BY updated_at DESC, created_at DESC, id DESC";

/// The upload rows of a draft, in upload order.
pub(super) const UPLOADS: &str = "SELECT id, draft_id, material, file_name, content_type, \
     size, sha256, object_key, created_at FROM draft_uploads WHERE draft_id = $1 ORDER BY seq";

const UPLOAD: &str = "SELECT id, draft_id, material, file_name, content_type, \
     size, sha256, object_key, created_at FROM draft_uploads WHERE id = $1";

/// One draft by id.
pub(super) async fn draft(db: &Db, id: &str) -> Result<Option<DraftRow>, StoreError> {
    let row = sqlx::query(DRAFT)
        .bind(id.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(draft_of).transpose()
}

/// An owner's drafts, most recently changed first.
pub(super) async fn drafts_of(db: &Db, owner: &str) -> Result<Vec<DraftRow>, StoreError> {
    let found = sqlx::query(DRAFTS_OF)
        .bind(owner.to_string())
        .fetch_all(db.reader())
        .await?;
    found.iter().map(draft_of).collect()
}

/// A draft's uploads, in upload order.
pub(super) async fn uploads(db: &Db, draft: &str) -> Result<Vec<UploadRow>, StoreError> {
    let found = sqlx::query(UPLOADS)
        .bind(draft.to_string())
        .fetch_all(db.reader())
        .await?;
    found.iter().map(upload_of).collect()
}

/// One upload row by id.
pub(super) async fn upload(db: &Db, id: &str) -> Result<Option<UploadRow>, StoreError> {
    let row = sqlx::query(UPLOAD)
        .bind(id.to_string())
        .fetch_optional(db.reader())
        .await?;
    row.as_ref().map(upload_of).transpose()
}

/// Decodes a row selected by this module's queries.
pub(super) fn draft_of(row: &AnyRow) -> Result<DraftRow, StoreError> {
    let id: String = row.try_get("id")?;
    let status: String = row.try_get("status")?;
    let case_no: Option<String> = row.try_get("case_no")?;
    let submitted_at: Option<i64> = row.try_get("submitted_at")?;
    let submitted = match (status.as_str(), case_no, submitted_at) {
        ("editing", None, None) => None,
        ("submitted", Some(no), Some(at)) => Some(DraftSubmitted {
            case_no: CaseNo::parse(&no)
                .map_err(|e| StoreError::Corrupt(format!("drafts.case_no（草稿 {id}）：{e}")))?,
            at: rows::time("drafts.submitted_at", at)?,
        }),
        _ => {
            return Err(StoreError::Corrupt(format!(
                "草稿 {id} 的状态“{status}”与办件编号、提交时间不一致"
            )));
        }
    };
    let body: String = row.try_get("body")?;
    Ok(DraftRow {
        owner: row.try_get("owner")?,
        body: rows::from_json("drafts.body", &body)?,
        submitted,
        version: row.try_get("version")?,
        created_at: rows::time("drafts.created_at", row.try_get("created_at")?)?,
        updated_at: rows::time("drafts.updated_at", row.try_get("updated_at")?)?,
        id,
    })
}

/// Decodes a row selected by [`UPLOADS`].
pub(super) fn upload_of(row: &AnyRow) -> Result<UploadRow, StoreError> {
    let material: String = row.try_get("material")?;
    let size: i64 = row.try_get("size")?;
    Ok(UploadRow {
        id: row.try_get("id")?,
        draft: row.try_get("draft_id")?,
        material: rows::code("draft_uploads.material", &material)?,
        file_name: row.try_get("file_name")?,
        content_type: row.try_get("content_type")?,
        size: u64::try_from(size).map_err(|_| {
            StoreError::Corrupt(format!("draft_uploads.size 的取值 {size} 不是文件大小"))
        })?,
        sha256: row.try_get("sha256")?,
        object_key: row.try_get("object_key")?,
        created_at: rows::time("draft_uploads.created_at", row.try_get("created_at")?)?,
    })
}
