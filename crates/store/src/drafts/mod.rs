//! The draft store: [`DraftStore`] for [`Db`] — applications saved before
//! submission (草稿) and the metadata of uploaded materials.
//!
//! The store keeps a draft's content as opaque JSON and knows only what it
//! must enforce itself: the owner (to list by), the optimistic version, and
//! whether the draft is still being edited (a submitted draft and its
//! uploads never change again). File contents are not here: an upload row
//! names the object that holds them.

mod read;
mod records;
mod write;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

pub use records::{
    DraftChange, DraftRemoval, DraftRow, DraftSubmitted, DraftWrite, UploadRow, UploadWrite,
};

use crate::{Db, StoreError};

/// Persistence of drafts and upload metadata.
#[async_trait]
pub trait DraftStore: Send + Sync {
    /// Stores a new draft; a taken id is refused with
    /// `StoreError::AlreadyExists` and nothing is written.
    async fn insert_draft(&self, draft: &DraftRow) -> Result<(), StoreError>;
    /// One draft by id, whoever owns it (the caller checks the owner).
    async fn draft(&self, id: &str) -> Result<Option<DraftRow>, StoreError>;
    /// Every draft of one owner, most recently changed first.
    async fn drafts_of(&self, owner: &str) -> Result<Vec<DraftRow>, StoreError>;
    /// Writes a change if the draft is still at `expected_version` and
    /// still being edited; otherwise writes nothing and says why.
    async fn update_draft(&self, change: &DraftChange) -> Result<DraftWrite, StoreError>;
    /// Deletes an editing draft and its upload rows in one transaction,
    /// returning the rows (their objects are the caller's to delete). A
    /// submitted draft is kept.
    async fn delete_draft(&self, id: &str) -> Result<DraftRemoval, StoreError>;
    /// Adds an upload row to an editing draft (and marks the draft changed
    /// at the upload's time); nothing is written for a submitted or
    /// missing draft.
    async fn insert_upload(&self, upload: &UploadRow) -> Result<UploadWrite, StoreError>;
    /// A draft's upload rows, in the order they were uploaded.
    async fn uploads(&self, draft: &str) -> Result<Vec<UploadRow>, StoreError>;
    /// One upload row by id.
    async fn upload(&self, id: &str) -> Result<Option<UploadRow>, StoreError>;
    /// Removes one upload row of an editing draft (and marks the draft
    /// changed at `at`); nothing is written for a submitted draft.
    async fn delete_upload(
        &self,
        draft: &str,
        id: &str,
        at: DateTime<Utc>,
    ) -> Result<UploadWrite, StoreError>;
}

#[async_trait]
impl DraftStore for Db {
    async fn insert_draft(&self, draft: &DraftRow) -> Result<(), StoreError> {
        write::insert_draft(self, draft).await
    }

    async fn draft(&self, id: &str) -> Result<Option<DraftRow>, StoreError> {
        read::draft(self, id).await
    }

    async fn drafts_of(&self, owner: &str) -> Result<Vec<DraftRow>, StoreError> {
        read::drafts_of(self, owner).await
    }

    async fn update_draft(&self, change: &DraftChange) -> Result<DraftWrite, StoreError> {
        write::update_draft(self, change).await
    }

    async fn delete_draft(&self, id: &str) -> Result<DraftRemoval, StoreError> {
        write::delete_draft(self, id).await
    }

    async fn insert_upload(&self, upload: &UploadRow) -> Result<UploadWrite, StoreError> {
        write::insert_upload(self, upload).await
    }

    async fn uploads(&self, draft: &str) -> Result<Vec<UploadRow>, StoreError> {
        read::uploads(self, draft).await
    }

    async fn upload(&self, id: &str) -> Result<Option<UploadRow>, StoreError> {
        read::upload(self, id).await
    }

    async fn delete_upload(
        &self,
        draft: &str,
        id: &str,
        at: DateTime<Utc>,
    ) -> Result<UploadWrite, StoreError> {
        write::delete_upload(self, draft, id, at).await
    }
}
