//! What the draft store takes and hands back.

use chrono::{DateTime, Utc};
use serde_json::Value;
use tongban_domain::case::CaseNo;
use tongban_domain::ident::Code;

/// A stored draft. The store keeps its content as an opaque JSON `body`;
/// the service layer gives it a shape.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftRow {
    /// Random, unguessable id.
    pub id: String,
    /// The applicant account that owns it (an actor id).
    pub owner: String,
    /// The draft's content.
    pub body: Value,
    /// Set once the draft became a case.
    pub submitted: Option<DraftSubmitted>,
    /// Bumped by every save; a save must name the version it read.
    pub version: i64,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it, or one of its uploads, last changed.
    pub updated_at: DateTime<Utc>,
}

/// When and as which case a draft was submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftSubmitted {
    /// The case the submission created.
    pub case_no: CaseNo,
    /// When it was submitted.
    pub at: DateTime<Utc>,
}

/// A change to a stored draft, computed from `expected_version`.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftChange {
    /// The draft's id.
    pub id: String,
    /// The version the change was computed from.
    pub expected_version: i64,
    /// The new content.
    pub body: Value,
    /// Set to submit the draft with this change; it can then no longer
    /// change.
    pub submitted: Option<DraftSubmitted>,
    /// When the change happens.
    pub at: DateTime<Utc>,
}

/// What became of a [`DraftChange`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftWrite {
    /// Written; the draft's new version.
    Saved {
        /// The version to name in the next change.
        version: i64,
    },
    /// The draft changed since `expected_version`; nothing was written.
    Stale,
    /// The draft was already submitted; nothing was written.
    Submitted,
    /// No draft has this id.
    Missing,
}

/// What became of deleting a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftRemoval {
    /// The draft and these upload rows are gone (their objects are the
    /// caller's to delete).
    Removed(Vec<UploadRow>),
    /// The draft was submitted and is kept; nothing was deleted.
    Submitted,
    /// No draft has this id.
    Missing,
}

/// The metadata of one uploaded file. The content is in the object store
/// under `object_key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadRow {
    /// Random, unguessable id.
    pub id: String,
    /// The draft it belongs to.
    pub draft: String,
    /// The catalog material it is for.
    pub material: Code,
    /// The user's file name, sanitised, for display only.
    pub file_name: String,
    /// MIME type sniffed from the content.
    pub content_type: String,
    /// Size in bytes (more than zero).
    pub size: u64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
    /// Where the content is in the object store (derived from ids).
    pub object_key: String,
    /// When it was uploaded.
    pub created_at: DateTime<Utc>,
}

/// What became of adding or removing an upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadWrite {
    /// Written (added or removed).
    Done,
    /// The draft was submitted; its uploads no longer change. Nothing was
    /// written.
    DraftSubmitted,
    /// No such draft (or, for a removal, no such upload of the draft).
    Missing,
}
