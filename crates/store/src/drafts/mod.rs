//! The draft store: [`DraftStore`] for [`Db`] — applications saved before
//! submission (草稿) and the metadata of uploaded materials.

use async_trait::async_trait;

use crate::Db;

/// Persistence of drafts and upload metadata.
#[async_trait]
pub trait DraftStore: Send + Sync {}

#[async_trait]
impl DraftStore for Db {}
