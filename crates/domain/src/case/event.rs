//! Events a transition produces: what the audit trail, the outbox and the
//! applicant's notifications are made from.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{CaseState, CommitmentFinding, DeliveryMethod, Opinion, Outcome};
use crate::auth::Role;
use crate::ident::Code;

/// Something that happened to a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseEvent {
    pub at: NaiveDateTime,
    /// The role of whoever caused it.
    pub role: Role,
    /// The member item it concerns; `None` for the whole case.
    pub item: Option<Code>,
    /// The state before and after (equal when the state did not move).
    pub from: CaseState,
    pub to: CaseState,
    pub kind: EventKind,
}

/// What happened, with what the audit needs to know about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "event")]
pub enum EventKind {
    Submitted,
    PreReviewPassed,
    SupplementRequested {
        materials: Vec<Code>,
        note: String,
    },
    MaterialsSupplied {
        materials: Vec<Code>,
        outstanding: Vec<Code>,
    },
    Accepted {
        gaps: Vec<Code>,
    },
    IntakeRejected {
        reasons: Vec<String>,
    },
    ReviewStarted,
    Decided {
        outcome: Outcome,
        reasons: Vec<String>,
    },
    Completed,
    Delivered {
        method: DeliveryMethod,
    },
    Suspended {
        reason: String,
    },
    Resumed,
    Withdrawn,
    CommitmentSigned,
    CommitmentVerified {
        finding: CommitmentFinding,
    },
    Revoked {
        reasons: Vec<String>,
    },
    Terminated {
        reasons: Vec<String>,
    },
    /// Every member of the case is done (综合窗口出件 can follow).
    CaseCompleted,
    /// The whole case's results were handed over once.
    CaseDelivered {
        method: DeliveryMethod,
    },
    /// 发起协查 to `department`.
    AssistRequested {
        id: u32,
        department: Code,
        subject: String,
    },
    /// The asked department answered.
    AssistReplied {
        id: u32,
        department: Code,
        opinion: Opinion,
    },
    /// The limit passed without a reply and the item's terms count silence
    /// as consent (视为同意): recorded once, by the system.
    AssistDefaulted {
        id: u32,
        department: Code,
        due: NaiveDateTime,
    },
}

impl EventKind {
    /// Stable event type code, for the outbox and webhooks.
    pub fn code(&self) -> &'static str {
        match self {
            EventKind::Submitted => "case.submitted",
            EventKind::PreReviewPassed => "case.pre_review_passed",
            EventKind::SupplementRequested { .. } => "case.supplement_requested",
            EventKind::MaterialsSupplied { .. } => "case.materials_supplied",
            EventKind::Accepted { .. } => "case.accepted",
            EventKind::IntakeRejected { .. } => "case.intake_rejected",
            EventKind::ReviewStarted => "case.review_started",
            EventKind::Decided { .. } => "case.decided",
            EventKind::Completed => "case.completed",
            EventKind::Delivered { .. } => "case.delivered",
            EventKind::Suspended { .. } => "case.suspended",
            EventKind::Resumed => "case.resumed",
            EventKind::Withdrawn => "case.withdrawn",
            EventKind::CommitmentSigned => "case.commitment_signed",
            EventKind::CommitmentVerified { .. } => "case.commitment_verified",
            EventKind::Revoked { .. } => "case.revoked",
            EventKind::Terminated { .. } => "case.terminated",
            EventKind::CaseCompleted => "case.all_completed",
            EventKind::CaseDelivered { .. } => "case.all_delivered",
            EventKind::AssistRequested { .. } => "case.assist_requested",
            EventKind::AssistReplied { .. } => "case.assist_replied",
            EventKind::AssistDefaulted { .. } => "case.assist_defaulted",
        }
    }

    /// True for the milestones the applicant is notified of: everything
    /// but the back office's own steps (pre-review passed, review started,
    /// commitment signed or checked, materials received).
    pub fn is_milestone(&self) -> bool {
        !matches!(
            self,
            EventKind::PreReviewPassed
                | EventKind::ReviewStarted
                | EventKind::CommitmentSigned
                | EventKind::CommitmentVerified { .. }
                | EventKind::MaterialsSupplied { .. }
        )
    }
}
