//! Drafts and uploads: applications saved before submission (草稿), on any
//! device, and the materials uploaded for them (content-sniffed, size
//! limited, SHA-256 recorded, stored through `object_store`).
//!
//! A draft belongs to the applicant who created it; anyone else is told
//! it does not exist. Saves name the version they were computed from, so
//! two devices cannot silently overwrite each other. Once submitted, a
//! draft and its uploads no longer change.

mod access;
mod check;
mod sniff;
mod types;
mod uploads;

use std::sync::Arc;

use object_store::ObjectStore;
use tongban_domain::auth::Actor;
use tongban_domain::case::CaseNo;
use tongban_store::{DraftChange, DraftRemoval, DraftRow, DraftStore, DraftSubmitted, DraftWrite};

use crate::accounts::Clock;
use crate::cases::Application;
use crate::error::ServiceError;

use access::{Body, draft_not_found, draft_of, draft_submitted, store, version_conflict};
pub use types::{Draft, DraftId, DraftPatch, DraftStatus, Upload};

/// Upload limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadLimits {
    /// The largest file accepted, in bytes.
    pub max_bytes: u64,
    /// The most files one draft may hold.
    pub max_files_per_draft: usize,
}

impl Default for UploadLimits {
    /// 10 MiB, 50 files per draft.
    fn default() -> UploadLimits {
        UploadLimits {
            max_bytes: 10 * 1024 * 1024,
            max_files_per_draft: 50,
        }
    }
}

/// How often marking a draft submitted retries when a save lands between
/// its read and its write.
const SUBMIT_ATTEMPTS: usize = 5;

/// The draft and upload use cases. Cheap to share behind an `Arc`.
pub struct DraftService {
    store: Arc<dyn DraftStore>,
    objects: Arc<dyn ObjectStore>,
    limits: UploadLimits,
    clock: Arc<dyn Clock>,
}

impl DraftService {
    /// A service keeping drafts in `store` and file contents in `objects`.
    pub fn new(
        store: Arc<dyn DraftStore>,
        objects: Arc<dyn ObjectStore>,
        limits: UploadLimits,
        clock: Arc<dyn Clock>,
    ) -> DraftService {
        DraftService {
            store,
            objects,
            limits,
            clock,
        }
    }

    /// The limits uploads are checked against.
    pub fn limits(&self) -> UploadLimits {
        self.limits
    }

    /// Starts a new draft of `application` for the acting applicant.
    pub async fn create(
        &self,
        actor: &Actor,
        application: Application,
    ) -> Result<Draft, ServiceError> {
        access::applicant_only(actor)?;
        let body = Body {
            application,
            answers: Default::default(),
            commitments: Vec::new(),
            phone: None,
            submission: None,
        };
        check::body(&body)?;
        let now = access::whole_seconds(self.clock.now());
        let row = DraftRow {
            id: access::new_id(),
            owner: actor.id.clone(),
            body: body.to_value()?,
            submitted: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        self.store.insert_draft(&row).await.map_err(store)?;
        draft_of(row)
    }

    /// One of the actor's drafts. Someone else's draft is `draft_not_found`,
    /// exactly as a missing one.
    pub async fn draft(&self, actor: &Actor, id: &DraftId) -> Result<Draft, ServiceError> {
        draft_of(self.owned_row(actor, id).await?)
    }

    /// The actor's own drafts, most recently changed first.
    pub async fn drafts(&self, actor: &Actor) -> Result<Vec<Draft>, ServiceError> {
        access::applicant_only(actor)?;
        let rows = self.store.drafts_of(&actor.id).await.map_err(store)?;
        rows.into_iter().map(draft_of).collect()
    }

    /// Saves changes made from `expected_version`. A stale version is
    /// `draft_version_conflict` and a submitted draft `draft_submitted`;
    /// either way nothing changes.
    pub async fn save(
        &self,
        actor: &Actor,
        id: &DraftId,
        expected_version: i64,
        patch: DraftPatch,
    ) -> Result<Draft, ServiceError> {
        let row = self.owned_row(actor, id).await?;
        if row.submitted.is_some() {
            return Err(draft_submitted());
        }
        if row.version != expected_version {
            return Err(version_conflict());
        }
        let mut body = access::body_of(&row)?;
        if let Some(application) = patch.application {
            body.application = application;
        }
        if let Some(answers) = patch.answers {
            body.answers = answers;
        }
        if let Some(commitments) = patch.commitments {
            body.commitments = commitments;
        }
        if let Some(phone) = patch.phone {
            body.phone = Some(phone);
        }
        check::body(&body)?;
        self.write(row, body, None).await
    }

    /// Marks the draft submitted as `case_no`, freezing `submission` (the
    /// record the applicant flow built). From then on it refuses saves,
    /// uploads and deletion.
    pub async fn mark_submitted(
        &self,
        actor: &Actor,
        id: &DraftId,
        case_no: CaseNo,
        submission: serde_json::Value,
    ) -> Result<Draft, ServiceError> {
        for _ in 0..SUBMIT_ATTEMPTS {
            let row = self.owned_row(actor, id).await?;
            if row.submitted.is_some() {
                return Err(draft_submitted());
            }
            let mut body = access::body_of(&row)?;
            body.submission = Some(submission.clone());
            let at = access::whole_seconds(self.clock.now());
            let submitted = DraftSubmitted {
                case_no: case_no.clone(),
                at,
            };
            match self.write(row, body, Some(submitted)).await {
                Err(e) if e.code() == "draft_version_conflict" => continue,
                other => return other,
            }
        }
        Err(version_conflict())
    }

    /// Deletes an editing draft with its uploads (rows first, then their
    /// files). A submitted draft is kept: `draft_submitted`.
    pub async fn delete(&self, actor: &Actor, id: &DraftId) -> Result<(), ServiceError> {
        self.owned_row(actor, id).await?;
        match self.store.delete_draft(id.as_str()).await.map_err(store)? {
            DraftRemoval::Removed(uploads) => {
                for upload in uploads {
                    self.delete_object(&upload.object_key).await;
                }
                Ok(())
            }
            DraftRemoval::Submitted => Err(draft_submitted()),
            DraftRemoval::Missing => Err(draft_not_found()),
        }
    }

    /// The draft row, if the actor owns it.
    async fn owned_row(&self, actor: &Actor, id: &DraftId) -> Result<DraftRow, ServiceError> {
        access::applicant_only(actor)?;
        let row = self.store.draft(id.as_str()).await.map_err(store)?;
        access::owned(actor, row)
    }

    /// Writes `body` (and the submission) over `row`'s version.
    async fn write(
        &self,
        row: DraftRow,
        body: Body,
        submitted: Option<DraftSubmitted>,
    ) -> Result<Draft, ServiceError> {
        let at = access::whole_seconds(self.clock.now());
        let change = DraftChange {
            id: row.id.clone(),
            expected_version: row.version,
            body: body.to_value()?,
            submitted,
            at,
        };
        match self.store.update_draft(&change).await.map_err(store)? {
            DraftWrite::Saved { version } => draft_of(DraftRow {
                body: change.body,
                submitted: change.submitted,
                version,
                updated_at: at,
                ..row
            }),
            DraftWrite::Stale => Err(version_conflict()),
            DraftWrite::Submitted => Err(draft_submitted()),
            DraftWrite::Missing => Err(draft_not_found()),
        }
    }
}
