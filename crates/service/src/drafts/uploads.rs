//! Uploading materials to a draft, listing, removing and opening them.
//!
//! An upload is checked whole before anything is written (owner, draft
//! still being edited, size, type sniffed from the content). Then the
//! object is written, then its row; when the row cannot be written the
//! object is deleted again, so a refused upload leaves neither.

use object_store::PutPayload;
use object_store::path::Path;
use sha2::{Digest, Sha256};
use tongban_domain::auth::Actor;
use tongban_domain::ident::Code;
use tongban_store::{UploadRow, UploadWrite};

use super::DraftService;
use super::access::{self, draft_not_found, draft_submitted, store, upload_not_found, upload_of};
use super::sniff;
use super::types::{DraftId, Upload};
use crate::error::{Refusal, ServiceError};

impl DraftService {
    /// Adds a file for `material` to one of the actor's editing drafts.
    /// Refused, leaving nothing stored: an empty file (`upload_empty`), one
    /// over the size limit (`upload_too_large`), content that is not a
    /// PDF, JPEG or PNG whatever its name (`upload_type_refused`), a draft
    /// that is full (`upload_too_many`) or submitted (`draft_submitted`).
    pub async fn upload(
        &self,
        actor: &Actor,
        id: &DraftId,
        material: &Code,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> Result<Upload, ServiceError> {
        let draft = self.owned_row(actor, id).await?;
        if draft.submitted.is_some() {
            return Err(draft_submitted());
        }
        let size = bytes.len() as u64;
        if size == 0 {
            return Err(ServiceError::refused(
                Refusal::Invalid,
                "upload_empty",
                "文件为空，请重新选择",
            ));
        }
        if size > self.limits.max_bytes {
            return Err(ServiceError::refused(
                Refusal::TooLarge,
                "upload_too_large",
                format!(
                    "文件超过大小上限 {} MB，请压缩后再上传",
                    sniff::megabytes(self.limits.max_bytes)
                ),
            ));
        }
        let content_type = sniff::content_type(&bytes)?;
        let existing = self.store.uploads(&draft.id).await.map_err(store)?;
        if existing.len() >= self.limits.max_files_per_draft {
            return Err(ServiceError::refused(
                Refusal::Conflict,
                "upload_too_many",
                format!(
                    "每份草稿最多上传 {} 个文件，请先删除不需要的文件",
                    self.limits.max_files_per_draft
                ),
            ));
        }
        let upload_id = access::new_id();
        let row = UploadRow {
            object_key: format!("drafts/{}/{upload_id}", draft.id),
            id: upload_id,
            draft: draft.id.clone(),
            material: material.clone(),
            file_name: sniff::display_name(file_name),
            content_type: content_type.to_string(),
            size,
            sha256: hex(&Sha256::digest(&bytes)),
            created_at: access::whole_seconds(self.clock.now()),
        };
        let path = object_path(&row.object_key)?;
        self.objects
            .put(&path, PutPayload::from(bytes))
            .await
            .map_err(|e| storage_failed("write", &row.object_key, &e))?;
        let written = self.store.insert_upload(&row).await;
        match written {
            Ok(UploadWrite::Done) => Ok(upload_of(row)),
            other => {
                self.delete_object(&row.object_key).await;
                match other {
                    Ok(UploadWrite::DraftSubmitted) => Err(draft_submitted()),
                    Ok(_) => Err(draft_not_found()),
                    Err(e) => Err(store(e)),
                }
            }
        }
    }

    /// The files uploaded to one of the actor's drafts, in upload order.
    pub async fn uploads(&self, actor: &Actor, id: &DraftId) -> Result<Vec<Upload>, ServiceError> {
        let draft = self.owned_row(actor, id).await?;
        let rows = self.store.uploads(&draft.id).await.map_err(store)?;
        Ok(rows.into_iter().map(upload_of).collect())
    }

    /// Removes a file from one of the actor's editing drafts (its row,
    /// then its content).
    pub async fn remove_upload(
        &self,
        actor: &Actor,
        id: &DraftId,
        upload: &str,
    ) -> Result<(), ServiceError> {
        let draft = self.owned_row(actor, id).await?;
        let row = match self.store.upload(upload).await.map_err(store)? {
            Some(row) if row.draft == draft.id => row,
            _ => return Err(upload_not_found()),
        };
        if draft.submitted.is_some() {
            return Err(draft_submitted());
        }
        let at = access::whole_seconds(self.clock.now());
        match self
            .store
            .delete_upload(&draft.id, &row.id, at)
            .await
            .map_err(store)?
        {
            UploadWrite::Done => {
                self.delete_object(&row.object_key).await;
                Ok(())
            }
            UploadWrite::DraftSubmitted => Err(draft_submitted()),
            UploadWrite::Missing => Err(upload_not_found()),
        }
    }

    /// One uploaded file and its content, for the owner of its draft
    /// (anyone else gets `upload_not_found`). The content is checked
    /// against its recorded SHA-256.
    pub async fn open_upload(
        &self,
        actor: &Actor,
        upload: &str,
    ) -> Result<(Upload, Vec<u8>), ServiceError> {
        access::applicant_only(actor)?;
        let Some(row) = self.store.upload(upload).await.map_err(store)? else {
            return Err(upload_not_found());
        };
        let draft = self.store.draft(&row.draft).await.map_err(store)?;
        access::owned(actor, draft).map_err(|_| upload_not_found())?;
        let path = object_path(&row.object_key)?;
        let found = self
            .objects
            .get(&path)
            .await
            .map_err(|e| storage_failed("read", &row.object_key, &e))?;
        let bytes = found
            .bytes()
            .await
            .map_err(|e| storage_failed("read", &row.object_key, &e))?;
        if hex(&Sha256::digest(&bytes)) != row.sha256 {
            tracing::error!(upload = %row.id, "stored file does not match its recorded SHA-256");
            return Err(ServiceError::Unavailable(
                "文件内容校验失败（与上传时的摘要不符），请重新上传".to_string(),
            ));
        }
        Ok((upload_of(row), bytes.to_vec()))
    }

    /// Deletes a stored object; a failure is logged (the row is already
    /// gone, so the object is only an orphan).
    pub(super) async fn delete_object(&self, key: &str) {
        let Ok(path) = Path::parse(key) else {
            tracing::error!(key, "object key cannot be parsed; object not deleted");
            return;
        };
        match self.objects.delete(&path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
            Err(e) => tracing::warn!(key, error = %e, "uploaded object could not be deleted"),
        }
    }
}

/// The object-store path of a stored key.
fn object_path(key: &str) -> Result<Path, ServiceError> {
    Path::parse(key).map_err(|e| {
        tracing::error!(key, error = %e, "object key cannot be parsed");
        ServiceError::Unavailable("文件存储暂时不可用，请稍后再试".to_string())
    })
}

/// Logs a storage failure and hands back the message users see.
fn storage_failed(what: &str, key: &str, err: &object_store::Error) -> ServiceError {
    tracing::error!(key, error = %err, "object store failed to {what}");
    ServiceError::Unavailable("文件存储暂时不可用，请稍后再试".to_string())
}

/// Lowercase hex of a digest.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
