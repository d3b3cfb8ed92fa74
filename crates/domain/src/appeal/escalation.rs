//! 督办: when a running appeal is late, and how far it has climbed the
//! escalation ladder (窗口处置 → 部门研判 → 集体会诊 → 领导督办).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Appeal, AppealError};
use crate::clock::WorkCalendar;

/// The escalation ladder: level 1 the day after a missed deadline, one
/// more level every `step` working days it stays missed, up to `max_level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationPolicy {
    /// Working days between two levels.
    pub step: u32,
    /// The highest level.
    pub max_level: u32,
}

impl Default for EscalationPolicy {
    fn default() -> EscalationPolicy {
        EscalationPolicy {
            step: 2,
            max_level: 3,
        }
    }
}

/// A missed deadline of a running appeal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overdue {
    /// The missed due date.
    pub due: NaiveDate,
    /// True when the first answer is missing; false for the resolution.
    pub answer_missing: bool,
    /// Working days past the due date.
    pub working_days_late: u32,
    /// The level the appeal should have reached.
    pub level: u32,
}

impl EscalationPolicy {
    /// Chinese name of a level.
    pub fn level_label(level: u32) -> &'static str {
        match level {
            0 => "未督办",
            1 => "部门研判",
            2 => "集体会诊",
            _ => "领导督办",
        }
    }

    /// The missed deadline of `appeal` on `today`, if any: the first
    /// answer when none was given, else the resolution. Resolved and closed
    /// appeals are never overdue.
    pub fn overdue(
        &self,
        appeal: &Appeal,
        today: NaiveDate,
        calendar: &WorkCalendar,
    ) -> Result<Option<Overdue>, AppealError> {
        if !appeal.state.is_running() {
            return Ok(None);
        }
        let d = &appeal.deadlines;
        let (due, answer_missing) = if appeal.answered_on.is_none() && today > d.answer_by {
            (d.answer_by, true)
        } else if today > d.resolve_by {
            (d.resolve_by, false)
        } else {
            return Ok(None);
        };
        let late = calendar
            .working_days_between(due, today, &[])
            .map_err(|e| AppealError::Calendar(e.to_string()))?;
        let step = self.step.max(1);
        let level = (1 + late.saturating_sub(1) / step).min(self.max_level.max(1));
        Ok(Some(Overdue {
            due,
            answer_missing,
            working_days_late: late,
            level,
        }))
    }
}
