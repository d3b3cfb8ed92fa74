//! Why a proof request could not be made, issued or refused.

use crate::clock::CalendarError;

/// A refused proof operation. Messages are Chinese, for the user; `code`
/// is stable for machines.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    /// The proof type was replaced (证明事项清理): it is no longer issued.
    #[error("“{proof}”已取消开具，改为{replacement}，无需再申请该证明")]
    Replaced { proof: String, replacement: String },
    /// The purpose (证明用途) is blank.
    #[error("请填写证明用途")]
    PurposeRequired,
    /// The purpose is longer than [`super::MAX_PURPOSE_CHARS`].
    #[error("证明用途不能超过{max}个字")]
    PurposeTooLong { max: usize },
    /// A refusal without its reason.
    #[error("不予开具须填写原因")]
    ReasonRequired,
    /// The request was already issued or refused.
    #[error("该证明申请已{state}，不能再次处理")]
    Closed { state: &'static str },
    /// The requester is not the kind of subject the proof is for.
    #[error("“{proof}”只能由{expected}申请")]
    WrongHolderKind {
        proof: String,
        expected: &'static str,
    },
    /// The due date could not be computed.
    #[error("无法计算开具时限：{0}")]
    Calendar(#[from] CalendarError),
}

impl ProofError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ProofError::Replaced { .. } => "proof_replaced",
            ProofError::PurposeRequired => "proof_purpose_required",
            ProofError::PurposeTooLong { .. } => "proof_purpose_too_long",
            ProofError::ReasonRequired => "proof_reason_required",
            ProofError::Closed { .. } => "proof_request_closed",
            ProofError::WrongHolderKind { .. } => "proof_wrong_holder_kind",
            ProofError::Calendar(e) => e.code(),
        }
    }
}
