//! Deadlines per category: the first answer (首次答复) and the resolution
//! (办结), in working days, natural days or natural months, and the
//! configurable dispatch rule of a category (category → lead department
//! and co-departments).

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{AppealError, AppealSource, Complexity};
use crate::catalog::TimeLimit;
use crate::clock::WorkCalendar;
use crate::ident::Code;

/// A time limit of an appeal, counted from the day after it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppealLimit {
    /// 工作日, per the work calendar (调休 days count, holidays do not).
    WorkingDays(u32),
    /// 自然日.
    NaturalDays(u32),
    /// 自然月: the same day `n` months later (or the month's last day).
    Months(u32),
}

impl AppealLimit {
    /// The default first-answer limit (助企纾困: an answer within 5 working days).
    pub const DEFAULT_ANSWER: AppealLimit = AppealLimit::WorkingDays(5);
    /// The default resolution limit (a solution within one month).
    pub const DEFAULT_RESOLVE: AppealLimit = AppealLimit::Months(1);

    /// The 办不成事 limit of a complexity: 2 working days ordinary, 5 complex.
    pub fn cant_get_it_done(complexity: Complexity) -> AppealLimit {
        match complexity {
            Complexity::Ordinary => AppealLimit::WorkingDays(2),
            Complexity::Complex => AppealLimit::WorkingDays(5),
        }
    }

    /// The due date of this limit started on `start`.
    pub fn due(self, start: NaiveDate, calendar: &WorkCalendar) -> Result<NaiveDate, AppealError> {
        let calendar_error = |e: crate::clock::CalendarError| AppealError::Calendar(e.to_string());
        match self {
            AppealLimit::WorkingDays(n) => calendar
                .due_date(start, TimeLimit::WorkingDays(n), &[])
                .map_err(calendar_error),
            AppealLimit::NaturalDays(n) => calendar
                .due_date(start, TimeLimit::NaturalDays(n), &[])
                .map_err(calendar_error),
            AppealLimit::Months(n) => start
                .checked_add_months(Months::new(n))
                .ok_or_else(|| AppealError::Calendar(format!("{start}之后{n}个月超出可计算范围"))),
        }
    }

    /// Chinese wording, e.g. `5个工作日`, `1个月`.
    pub fn label(self) -> String {
        match self {
            AppealLimit::WorkingDays(n) => format!("{n}个工作日"),
            AppealLimit::NaturalDays(n) => format!("{n}个自然日"),
            AppealLimit::Months(n) => format!("{n}个月"),
        }
    }
}

/// The dispatch rule and limits of one category (诉求类别), configured by
/// supervisors: who leads, who helps, how long the answer and the
/// resolution may take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryRule {
    /// The category's name as appeals carry it (e.g. 项目审批, 用工招聘).
    pub category: String,
    /// The lead department (牵头部门).
    pub lead: Code,
    /// Co-departments (协办部门), without the lead.
    #[serde(default)]
    pub co: Vec<Code>,
    /// The first-answer limit.
    pub answer: AppealLimit,
    /// The resolution limit.
    pub resolve: AppealLimit,
}

impl CategoryRule {
    /// Checks the rule: a category name, and no department twice.
    pub fn check(&self) -> Result<(), AppealError> {
        super::error::text("诉求类别", &self.category, 50)?;
        let mut seen = vec![&self.lead];
        for d in &self.co {
            if seen.contains(&d) {
                return Err(AppealError::DuplicateDepartment(d.to_string()));
            }
            seen.push(d);
        }
        Ok(())
    }
}

/// An appeal's two due dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    /// The first answer is due on this day (inclusive).
    pub answer_by: NaiveDate,
    /// The resolution is due on this day (inclusive).
    pub resolve_by: NaiveDate,
}

/// The deadlines of an appeal of `source` and `complexity` started on
/// `start`: a 办不成事 appeal must be settled within its 2 or 5 working days
/// (answer and resolution alike, the closed loop of the window); any
/// other follows its category's rule, or the defaults (5 working days, one
/// month) when the category has none.
pub fn deadlines_for(
    source: AppealSource,
    complexity: Complexity,
    rule: Option<&CategoryRule>,
    start: NaiveDate,
    calendar: &WorkCalendar,
) -> Result<Deadlines, AppealError> {
    let (answer, resolve) = match (source, rule) {
        (AppealSource::CantGetItDone, _) => {
            let limit = AppealLimit::cant_get_it_done(complexity);
            (limit, limit)
        }
        (_, Some(rule)) => (rule.answer, rule.resolve),
        (_, None) => (AppealLimit::DEFAULT_ANSWER, AppealLimit::DEFAULT_RESOLVE),
    };
    let answer_by = answer.due(start, calendar)?;
    let resolve_by = resolve.due(start, calendar)?.max(answer_by);
    Ok(Deadlines {
        answer_by,
        resolve_by,
    })
}
