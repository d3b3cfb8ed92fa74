//! Why a review rule refused something: a stable code and a Chinese message.

use crate::clock::CalendarError;

/// A refusal of the review rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    /// The level code is not one of the five.
    #[error("评价等级“{0}”无效：应为非常满意、满意、基本满意、不满意或非常不满意")]
    UnknownLevel(String),
    /// A tag outside the vocabulary, or one of the other polarity.
    #[error("评价标签“{0}”不适用于该评价等级")]
    UnknownTag(String),
    /// Too many tags.
    #[error("评价标签最多选择 {0} 个")]
    TooManyTags(usize),
    /// The comment is too long.
    #[error("评价内容最多 {0} 个字")]
    CommentTooLong(usize),
    /// A 差评 without any reason.
    #[error("差评请至少选择一个标签或填写评价内容，以便核实整改")]
    ReasonRequired,
    /// The case already has a valid rating.
    #[error("该办件已评价，不能重复评价")]
    AlreadyRated,
    /// The case's bad rating is still being rectified.
    #[error("该办件的差评整改尚未办结，整改办结后方可重新评价")]
    RectificationOpen,
    /// The step is not the task's current step.
    #[error("整改任务当前应办理“{expected}”，不能办理“{given}”")]
    StepOutOfOrder {
        /// The current step's label (or 已办结).
        expected: &'static str,
        /// The requested step's label.
        given: &'static str,
    },
    /// A step was completed without saying what was done.
    #[error("请填写“{0}”的办理情况")]
    NoteRequired(&'static str),
    /// The step note is too long.
    #[error("办理情况最多 {0} 个字")]
    NoteTooLong(usize),
    /// A deadline could not be computed.
    #[error("{0}")]
    Calendar(#[from] CalendarError),
}

impl ReviewError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ReviewError::UnknownLevel(_) => "review_level_unknown",
            ReviewError::UnknownTag(_) => "review_tag_unknown",
            ReviewError::TooManyTags(_) => "review_too_many_tags",
            ReviewError::CommentTooLong(_) => "review_comment_too_long",
            ReviewError::ReasonRequired => "review_reason_required",
            ReviewError::AlreadyRated => "review_already_rated",
            ReviewError::RectificationOpen => "review_rectification_open",
            ReviewError::StepOutOfOrder { .. } => "rectification_step_out_of_order",
            ReviewError::NoteRequired(_) => "rectification_note_required",
            ReviewError::NoteTooLong(_) => "rectification_note_too_long",
            ReviewError::Calendar(e) => e.code(),
        }
    }
}
