//! Why a transition was refused: a stable code and a Chinese message that
//! names the state, the command and what to do instead.

use serde::{Deserialize, Serialize};

use super::{CaseState, CommandKind};
use crate::auth::Role;
use crate::ident::Code;

/// The reason a command was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum Refusal {
    /// The role may not issue this command.
    RoleNotPermitted { role: Role },
    /// The command makes no sense in this state.
    IllegalTransition,
    /// The case is finished; nothing more can happen to it.
    AlreadyFinished,
    /// The case is decided; pre-decision commands no longer apply.
    AlreadyDecided,
    /// The case is suspended; resume it first.
    CaseSuspended,
    /// A supplement notice is out; the materials must come first.
    SupplementPending,
    /// The one supplement notice (一次性告知) was already issued.
    SupplementAlreadyRequested,
    /// An online or proxy application needs pre-review before acceptance.
    PreReviewRequired,
    /// The item does not allow acceptance with gaps (容缺受理).
    GapsNotAllowed,
    /// This material may not be missing at acceptance.
    MaterialNotGapAllowed { material: Code },
    /// This material is not one the item asks for.
    MaterialUnknown { material: Code },
    /// This material was not requested and is not a gap.
    MaterialNotRequested { material: Code },
    /// A list (materials, gaps) that must not be empty was empty.
    NothingListed,
    /// Reasons are required (refusal, rejection, revocation, termination).
    ReasonsRequired,
    /// A commitment needs its text.
    StatementRequired,
    /// Gap materials are still missing; a grant must wait for them.
    GapsOutstanding { materials: Vec<Code> },
    /// Postal delivery needs the tracking number.
    TrackingNoRequired,
    /// The item does not allow 告知承诺.
    CommitmentNotAllowed,
    /// A commitment was already signed for this case.
    CommitmentAlreadySigned,
    /// No signed commitment waits for its check.
    NoPendingCommitment,
    /// Only a grant can be revoked.
    NotGranted,
    /// A prerequisite member of the bundle has no grant yet.
    PrerequisitePending { prerequisite: Code },
    /// A prerequisite member ended without a grant; this one cannot go on.
    PrerequisiteFailed { prerequisite: Code },
    /// In a case, the result is handed over once for all members.
    DeliverWholeCase,
    /// The case has members still being worked on.
    CaseNotComplete,
    /// The case has no member with a result to hand over.
    NothingToDeliver,
    /// The case has no member for this item.
    NoSuchMember { item: Code },
    /// An assist request must go to another department.
    AssistToSelf,
    /// The item declares no assist terms for this department, and no limit was given.
    AssistLimitRequired { department: Code },
    /// The question of an assist request is empty.
    QuestionRequired,
    /// No assist request has this number.
    AssistNotFound { id: u32 },
    /// The assist request was answered already.
    AssistAnswered { id: u32 },
    /// An assist request is still unanswered.
    AssistPending { department: Code },
}

impl Refusal {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::RoleNotPermitted { .. } => "role_not_permitted",
            Refusal::IllegalTransition => "illegal_transition",
            Refusal::AlreadyFinished => "already_finished",
            Refusal::AlreadyDecided => "already_decided",
            Refusal::CaseSuspended => "case_suspended",
            Refusal::SupplementPending => "supplement_pending",
            Refusal::SupplementAlreadyRequested => "supplement_already_requested",
            Refusal::PreReviewRequired => "pre_review_required",
            Refusal::GapsNotAllowed => "gaps_not_allowed",
            Refusal::MaterialNotGapAllowed { .. } => "material_not_gap_allowed",
            Refusal::MaterialUnknown { .. } => "material_unknown",
            Refusal::MaterialNotRequested { .. } => "material_not_requested",
            Refusal::NothingListed => "nothing_listed",
            Refusal::ReasonsRequired => "reasons_required",
            Refusal::StatementRequired => "statement_required",
            Refusal::GapsOutstanding { .. } => "gaps_outstanding",
            Refusal::TrackingNoRequired => "tracking_no_required",
            Refusal::CommitmentNotAllowed => "commitment_not_allowed",
            Refusal::CommitmentAlreadySigned => "commitment_already_signed",
            Refusal::NoPendingCommitment => "no_pending_commitment",
            Refusal::NotGranted => "not_granted",
            Refusal::PrerequisitePending { .. } => "prerequisite_pending",
            Refusal::PrerequisiteFailed { .. } => "prerequisite_failed",
            Refusal::DeliverWholeCase => "deliver_whole_case",
            Refusal::CaseNotComplete => "case_not_complete",
            Refusal::NothingToDeliver => "nothing_to_deliver",
            Refusal::NoSuchMember { .. } => "no_such_member",
            Refusal::AssistToSelf => "assist_to_self",
            Refusal::AssistLimitRequired { .. } => "assist_limit_required",
            Refusal::QuestionRequired => "question_required",
            Refusal::AssistNotFound { .. } => "assist_not_found",
            Refusal::AssistAnswered { .. } => "assist_answered",
            Refusal::AssistPending { .. } => "assist_pending",
        }
    }

    /// What is wrong and what to do, in Chinese.
    fn explain(&self) -> String {
        match self {
            Refusal::RoleNotPermitted { role } => format!("{}无权执行此操作", role.label()),
            Refusal::IllegalTransition => "该操作不适用于当前状态".into(),
            Refusal::AlreadyFinished => "办件已结束，不能再办理".into(),
            Refusal::AlreadyDecided => "办件已作出决定，不能再执行决定前的操作".into(),
            Refusal::CaseSuspended => "办件已挂起，请先恢复".into(),
            Refusal::SupplementPending => "补正告知尚未补齐，请先补齐材料".into(),
            Refusal::SupplementAlreadyRequested => {
                "补正须一次性告知，本办件已发出过补正告知".into()
            }
            Refusal::PreReviewRequired => "网上及帮代办申报须先通过预审".into(),
            Refusal::GapsNotAllowed => "该事项不实行容缺受理".into(),
            Refusal::MaterialNotGapAllowed { material } => {
                format!("材料“{material}”不是可容缺材料，须在受理前提交")
            }
            Refusal::MaterialUnknown { material } => {
                format!("材料“{material}”不属于本办件的申请材料")
            }
            Refusal::MaterialNotRequested { material } => {
                format!("材料“{material}”既不在补正告知中，也不是待补齐的容缺材料")
            }
            Refusal::NothingListed => "未列出任何材料".into(),
            Refusal::ReasonsRequired => "须写明理由".into(),
            Refusal::StatementRequired => "承诺内容不能为空".into(),
            Refusal::GapsOutstanding { materials } => {
                let list: Vec<&str> = materials.iter().map(Code::as_str).collect();
                format!("容缺材料尚未补齐（{}），补齐后方可准予", list.join("、"))
            }
            Refusal::TrackingNoRequired => "邮寄送达须填写邮件号".into(),
            Refusal::CommitmentNotAllowed => "该事项不实行告知承诺制".into(),
            Refusal::CommitmentAlreadySigned => "本办件已签署告知承诺".into(),
            Refusal::NoPendingCommitment => "本办件没有待核查的告知承诺".into(),
            Refusal::NotGranted => "只有准予的决定才能撤销".into(),
            Refusal::PrerequisitePending { prerequisite } => {
                format!("须待前置事项“{prerequisite}”准予后方可开始")
            }
            Refusal::PrerequisiteFailed { prerequisite } => {
                format!("前置事项“{prerequisite}”未获准予，本事项无法继续，请终止办理")
            }
            Refusal::DeliverWholeCase => "一件事的结果须在全部事项办结后统一出件".into(),
            Refusal::CaseNotComplete => "仍有事项未办结，不能统一出件".into(),
            Refusal::NothingToDeliver => "没有可送达的办理结果".into(),
            Refusal::NoSuchMember { item } => format!("本办件不含事项“{item}”"),
            Refusal::AssistToSelf => "协查须发往其他部门".into(),
            Refusal::AssistLimitRequired { department } => {
                format!("事项未约定向“{department}”协查的答复时限，请填写时限")
            }
            Refusal::QuestionRequired => "协查内容不能为空".into(),
            Refusal::AssistNotFound { id } => format!("本办件没有第 {id} 号协查"),
            Refusal::AssistAnswered { id } => format!("第 {id} 号协查已答复"),
            Refusal::AssistPending { department } => {
                format!("向“{department}”的协查尚未答复，答复（或逾期视为同意）后方可作出决定")
            }
        }
    }
}

/// A refused transition: what was tried, in which state, and why.
/// Nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}", self.message())]
pub struct TransitionError {
    /// The state the case was (and still is) in.
    pub state: CaseState,
    /// The command that was refused.
    pub command: CommandKind,
    /// Why.
    pub refusal: Refusal,
}

impl TransitionError {
    /// Stable machine-readable code, e.g. `illegal_transition`.
    pub fn code(&self) -> &'static str {
        self.refusal.code()
    }

    /// Chinese message naming the state, the command and the reason.
    pub fn message(&self) -> String {
        format!(
            "办件处于“{}”状态，不能“{}”：{}",
            self.state.label(),
            self.command.label(),
            self.refusal.explain()
        )
    }
}
