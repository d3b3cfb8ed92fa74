//! The states of an item case (办件状态), with their Chinese labels.

use serde::{Deserialize, Serialize};

/// Where one item case stands in its lifecycle.
///
/// The state is deliberately plain: what happened on the way (the
/// supplement notice, the gaps, the commitment, the decision, the delivery,
/// the suspensions) is kept on [`super::ItemCase`], because it stays true
/// after the state moves on (a grant is still a grant once delivered).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    /// 草稿: the applicant is still filling in.
    Draft,
    /// 已申报: received, waiting for pre-review or for the window.
    Submitted,
    /// 预审通过: the online application passed pre-review.
    PreReviewed,
    /// 待补正: one supplement notice (一次性告知) is out.
    SupplementRequested,
    /// 不予受理: refused at intake, with reasons. Final.
    Rejected,
    /// 已受理: formally accepted; the time-limit clock runs.
    Accepted,
    /// 审查中: a department examines it.
    UnderReview,
    /// 挂起: the clock is stopped (expert review, hearing, survey).
    Suspended,
    /// 已决定: granted or refused, with reasons.
    Decided,
    /// 已办结: closed; the result is ready to hand over.
    Completed,
    /// 已送达: the result was handed over. Final.
    Delivered,
    /// 已撤回: the applicant withdrew it. Final.
    Withdrawn,
    /// 已终止: the procedure ended without a decision. Final.
    Terminated,
    /// 已撤销: a grant was revoked (e.g. a broken commitment). Final.
    Revoked,
}

impl CaseState {
    /// Every state, in lifecycle order.
    pub const ALL: [CaseState; 14] = [
        CaseState::Draft,
        CaseState::Submitted,
        CaseState::PreReviewed,
        CaseState::SupplementRequested,
        CaseState::Rejected,
        CaseState::Accepted,
        CaseState::UnderReview,
        CaseState::Suspended,
        CaseState::Decided,
        CaseState::Completed,
        CaseState::Delivered,
        CaseState::Withdrawn,
        CaseState::Terminated,
        CaseState::Revoked,
    ];

    /// Stable code, as stored and as used in the API.
    pub fn code(self) -> &'static str {
        match self {
            CaseState::Draft => "draft",
            CaseState::Submitted => "submitted",
            CaseState::PreReviewed => "pre_reviewed",
            CaseState::SupplementRequested => "supplement_requested",
            CaseState::Rejected => "rejected",
            CaseState::Accepted => "accepted",
            CaseState::UnderReview => "under_review",
            CaseState::Suspended => "suspended",
            CaseState::Decided => "decided",
            CaseState::Completed => "completed",
            CaseState::Delivered => "delivered",
            CaseState::Withdrawn => "withdrawn",
            CaseState::Terminated => "terminated",
            CaseState::Revoked => "revoked",
        }
    }

    /// The state named by `code`, if any.
    pub fn parse(code: &str) -> Option<CaseState> {
        CaseState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Chinese name shown on pages and in refusal messages.
    pub fn label(self) -> &'static str {
        match self {
            CaseState::Draft => "草稿",
            CaseState::Submitted => "已申报",
            CaseState::PreReviewed => "预审通过",
            CaseState::SupplementRequested => "待补正",
            CaseState::Rejected => "不予受理",
            CaseState::Accepted => "已受理",
            CaseState::UnderReview => "审查中",
            CaseState::Suspended => "挂起",
            CaseState::Decided => "已决定",
            CaseState::Completed => "已办结",
            CaseState::Delivered => "已送达",
            CaseState::Withdrawn => "已撤回",
            CaseState::Terminated => "已终止",
            CaseState::Revoked => "已撤销",
        }
    }

    /// True for the states nothing leads out of (except the after-care of
    /// a delivered grant: commitment verification and revocation).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            CaseState::Rejected
                | CaseState::Delivered
                | CaseState::Withdrawn
                | CaseState::Terminated
                | CaseState::Revoked
        )
    }

    /// True once the case is no longer in anyone's hands to work on: it was
    /// finished one way or another. Completed counts: only the hand-over
    /// is left, and for a bundle that happens once for all members.
    pub fn is_done(self) -> bool {
        self.is_final() || self == CaseState::Completed
    }

    /// True while the time-limit clock applies: accepted and not decided.
    /// A suspended case is running, but its clock is stopped.
    pub fn is_running(self) -> bool {
        matches!(
            self,
            CaseState::Accepted | CaseState::UnderReview | CaseState::Suspended
        )
    }

    /// True before formal acceptance (受理).
    pub fn is_before_acceptance(self) -> bool {
        matches!(
            self,
            CaseState::Draft
                | CaseState::Submitted
                | CaseState::PreReviewed
                | CaseState::SupplementRequested
        )
    }
}

impl std::fmt::Display for CaseState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}
