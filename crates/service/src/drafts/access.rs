//! Who may touch a draft, new ids, and turning stored rows into drafts.

use chrono::{DateTime, Utc};
use rand::Rng;
use serde::{Deserialize, Serialize};
use tongban_domain::auth::{Action, Actor, ActorKind, Denial, DenialReason, ObjectScope};
use tongban_domain::form::FormAnswers;
use tongban_domain::ident::Code;
use tongban_store::{DraftRow, StoreError, UploadRow};

use super::types::{Draft, DraftId, DraftStatus, Upload};
use crate::cases::Application;
use crate::error::{Refusal, ServiceError};

/// The stored content of a draft (`drafts.body`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Body {
    pub application: Application,
    #[serde(default)]
    pub answers: FormAnswers,
    #[serde(default)]
    pub commitments: Vec<Code>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub submission: Option<serde_json::Value>,
}

impl Body {
    /// The body as stored JSON.
    pub fn to_value(&self) -> Result<serde_json::Value, ServiceError> {
        serde_json::to_value(self).map_err(|e| {
            tracing::error!(error = %e, "draft body cannot be encoded");
            ServiceError::StoreCorrupt
        })
    }
}

/// Refuses everyone but applicants acting for themselves: drafts are
/// the applicant's own.
pub(super) fn applicant_only(actor: &Actor) -> Result<(), ServiceError> {
    let denial = Denial {
        action: Action::ReadOwnData,
        reason: DenialReason::RoleNotPermitted,
    };
    if actor.kind != ActorKind::Applicant {
        tracing::info!(actor = %actor.id, code = denial.code(), "drafts refused: not an applicant");
        return Err(ServiceError::Forbidden(denial));
    }
    tongban_domain::auth::authorize(
        actor,
        Action::ReadOwnData,
        &ObjectScope::default().owned_by(actor.id.clone()),
    )
    .map_err(|d| {
        tracing::info!(actor = %actor.id, code = d.code(), "drafts refused");
        ServiceError::Forbidden(d)
    })
}

/// Lets the owner through; anyone else is told the draft does not exist.
pub(super) fn owned(actor: &Actor, row: Option<DraftRow>) -> Result<DraftRow, ServiceError> {
    applicant_only(actor)?;
    match row {
        Some(row)
            if tongban_domain::auth::authorize(
                actor,
                Action::ReadOwnData,
                &ObjectScope::default().owned_by(row.owner.clone()),
            )
            .is_ok() =>
        {
            Ok(row)
        }
        _ => Err(draft_not_found()),
    }
}

/// The refusal for a missing (or someone else's) draft.
pub(super) fn draft_not_found() -> ServiceError {
    ServiceError::refused(Refusal::NotFound, "draft_not_found", "未找到该草稿")
}

/// The refusal for a missing (or someone else's) upload.
pub(super) fn upload_not_found() -> ServiceError {
    ServiceError::refused(Refusal::NotFound, "upload_not_found", "未找到该上传文件")
}

/// The refusal for changing a submitted draft.
pub(super) fn draft_submitted() -> ServiceError {
    ServiceError::refused(
        Refusal::Conflict,
        "draft_submitted",
        "该草稿已提交，不能再修改、上传或删除",
    )
}

/// The refusal for a save from an out-of-date version.
pub(super) fn version_conflict() -> ServiceError {
    ServiceError::refused(
        Refusal::Conflict,
        "draft_version_conflict",
        "草稿已在别处（如另一台设备）更新，请刷新后再保存",
    )
}

/// A new random id: 128 bits as 32 lowercase hex digits.
pub(super) fn new_id() -> String {
    let bytes: [u8; 16] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `now` to the whole second, as the store keeps it.
pub(super) fn whole_seconds(now: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now)
}

/// The stored body of a row.
pub(super) fn body_of(row: &DraftRow) -> Result<Body, ServiceError> {
    serde_json::from_value(row.body.clone()).map_err(|e| {
        tracing::error!(draft = %row.id, error = %e, "stored draft body cannot be decoded");
        ServiceError::StoreCorrupt
    })
}

/// A stored row as a draft.
pub(super) fn draft_of(row: DraftRow) -> Result<Draft, ServiceError> {
    let body = body_of(&row)?;
    Ok(Draft {
        id: DraftId(row.id),
        owner: row.owner,
        application: body.application,
        answers: body.answers,
        commitments: body.commitments,
        phone: body.phone,
        submission: body.submission,
        status: match row.submitted {
            None => DraftStatus::Editing,
            Some(s) => DraftStatus::Submitted {
                case_no: s.case_no,
                at: s.at,
            },
        },
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// A stored upload row as an upload.
pub(super) fn upload_of(row: UploadRow) -> Upload {
    Upload {
        id: row.id,
        draft: DraftId(row.draft),
        material: row.material,
        file_name: row.file_name,
        content_type: row.content_type,
        size: row.size,
        sha256: row.sha256,
        created_at: row.created_at,
    }
}

/// Maps a store error.
pub(super) fn store(err: StoreError) -> ServiceError {
    ServiceError::store(err)
}
