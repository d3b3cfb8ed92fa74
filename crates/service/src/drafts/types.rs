//! What the draft and upload use cases take and hand back.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tongban_domain::case::CaseNo;
use tongban_domain::form::FormAnswers;
use tongban_domain::ident::Code;
use tongban_domain::mask;

use crate::cases::Application;

/// A draft's id: random and unguessable (128 bits, lowercase hex).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DraftId(pub String);

impl DraftId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DraftId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for DraftId {
    fn from(id: &str) -> DraftId {
        DraftId(id.to_string())
    }
}

/// Where a draft stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum DraftStatus {
    /// Still being filled in; it can be saved, uploaded to and deleted.
    Editing,
    /// Submitted as a case; it no longer changes.
    Submitted {
        /// The case the submission created.
        case_no: CaseNo,
        /// When it was submitted.
        at: DateTime<Utc>,
    },
}

/// An application saved before submission (草稿). It lives in the
/// database under its owner, so it can be continued on another device.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// Its id.
    pub id: DraftId,
    /// The applicant account that owns it (an actor id).
    pub owner: String,
    /// The item or bundle applied for, with the guidance answers.
    pub application: Application,
    /// The applicant's typed form values, by data-element code.
    pub answers: FormAnswers,
    /// Materials the applicant signs a commitment for (告知承诺).
    pub commitments: Vec<Code>,
    /// The contact phone.
    pub phone: Option<String>,
    /// The record frozen at submission (form, materials with evidence,
    /// report), as the applicant flow wrote it.
    pub submission: Option<serde_json::Value>,
    /// Editing or submitted.
    pub status: DraftStatus,
    /// The version to name in the next save.
    pub version: i64,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it, or one of its uploads, last changed.
    pub updated_at: DateTime<Utc>,
}

impl Draft {
    /// True while the draft can still change.
    pub fn is_editing(&self) -> bool {
        self.status == DraftStatus::Editing
    }
}

impl fmt::Debug for Draft {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Draft")
            .field("id", &self.id)
            .field("owner", &self.owner)
            .field("application", &self.application)
            .field("answers", &self.answers.len())
            .field("commitments", &self.commitments)
            .field("phone", &self.phone.as_deref().map(mask::phone))
            .field("status", &self.status)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

/// What a save changes; `None` keeps the stored value.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DraftPatch {
    /// A new item or bundle, or new guidance answers.
    #[serde(default)]
    pub application: Option<Application>,
    /// The whole new set of form values (replaces the stored set).
    #[serde(default)]
    pub answers: Option<FormAnswers>,
    /// The whole new list of commitments.
    #[serde(default)]
    pub commitments: Option<Vec<Code>>,
    /// A new contact phone (an 11-digit mobile number).
    #[serde(default)]
    pub phone: Option<String>,
}

impl fmt::Debug for DraftPatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DraftPatch")
            .field("application", &self.application)
            .field("answers", &self.answers.as_ref().map(|a| a.len()))
            .field("commitments", &self.commitments)
            .field("phone", &self.phone.as_deref().map(mask::phone))
            .finish()
    }
}

/// One uploaded file of a draft. The content is in the object store; its
/// type was sniffed from the content, never taken from the file name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upload {
    /// Random, unguessable id.
    pub id: String,
    /// The draft it belongs to.
    pub draft: DraftId,
    /// The catalog material it is for.
    pub material: Code,
    /// The user's file name, sanitised (no path, length-limited), for
    /// display only.
    pub file_name: String,
    /// MIME type sniffed from the content (`application/pdf`,
    /// `image/jpeg`, `image/png`).
    pub content_type: String,
    /// Size in bytes.
    pub size: u64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
    /// When it was uploaded.
    pub created_at: DateTime<Utc>,
}
