//! Why an appeal command or an appeal's data was refused.

use super::{AppealState, CommandKind};

/// A refusal of the appeal rules. Messages are Chinese and name the state
/// and the command; [`AppealError::code`] is stable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppealError {
    /// The command is not allowed in the appeal's state.
    #[error("诉求处于“{}”状态，不能“{}”", .state.label(), .command.label())]
    IllegalTransition {
        /// Where the appeal stands.
        state: AppealState,
        /// What was asked.
        command: CommandKind,
    },
    /// The appeal is closed; nothing but a supervisor's reopening changes it.
    #[error("诉求已办结，不能“{}”", .0.label())]
    Closed(CommandKind),
    /// A report from a department the appeal was not dispatched to.
    #[error("部门“{0}”不是该诉求的承办部门，不能报送")]
    NotDispatchedTo(String),
    /// Only the lead department (牵头部门) reports the resolution.
    #[error("只有牵头部门“{0}”可以报送办结情况")]
    LeadOnly(String),
    /// An escalation level out of order (levels rise one at a time).
    #[error("督办层级应为第{expected}级，收到第{got}级")]
    EscalationOutOfOrder {
        /// The next level.
        expected: u32,
        /// The level asked for.
        got: u32,
    },
    /// A dispatch names its lead again among the co-departments, or twice.
    #[error("派单的牵头部门与协办部门不能重复（{0}）")]
    DuplicateDepartment(String),
    /// A required text is empty or too long.
    #[error("“{field}”{reason}")]
    BadText {
        /// The field's Chinese name.
        field: &'static str,
        /// What is wrong, in Chinese.
        reason: String,
    },
    /// A deadline could not be computed (a date outside the work calendar).
    #[error("无法计算诉求时限：{0}")]
    Calendar(String),
}

impl AppealError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            AppealError::IllegalTransition { .. } => "appeal_illegal_transition",
            AppealError::Closed(_) => "appeal_closed",
            AppealError::NotDispatchedTo(_) => "appeal_not_dispatched_to",
            AppealError::LeadOnly(_) => "appeal_lead_only",
            AppealError::EscalationOutOfOrder { .. } => "appeal_escalation_out_of_order",
            AppealError::DuplicateDepartment(_) => "appeal_duplicate_department",
            AppealError::BadText { .. } => "appeal_bad_text",
            AppealError::Calendar(_) => "appeal_calendar",
        }
    }
}

/// Checks a required text: trimmed, non-empty, at most `max` characters.
pub(super) fn text(field: &'static str, value: &str, max: usize) -> Result<String, AppealError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppealError::BadText {
            field,
            reason: "不能为空".into(),
        });
    }
    if value.chars().count() > max {
        return Err(AppealError::BadText {
            field,
            reason: format!("不能超过{max}个字"),
        });
    }
    Ok(value.to_string())
}
