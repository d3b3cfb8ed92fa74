//! The rectification task (整改) a bad rating opens: verify (核实) →
//! rectify (整改) → revisit (回访), each step due a number of working days
//! after it started.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{Rating, ReviewError};
use crate::case::CaseNo;
use crate::clock::WorkCalendar;
use crate::ident::{Code, RegionCode};

/// The longest step note, in characters.
const MAX_NOTE_CHARS: usize = 1000;

/// One step of a rectification task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// 核实: check what the rating says.
    Verify,
    /// 整改: fix what was found.
    Rectify,
    /// 回访: call the applicant back.
    Revisit,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 3] = [Step::Verify, Step::Rectify, Step::Revisit];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Step::Verify => "verify",
            Step::Rectify => "rectify",
            Step::Revisit => "revisit",
        }
    }

    /// The step named by `code`.
    pub fn parse(code: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Step::Verify => "核实",
            Step::Rectify => "整改",
            Step::Revisit => "回访",
        }
    }

    /// The step after this one, if any.
    pub fn next(self) -> Option<Step> {
        match self {
            Step::Verify => Some(Step::Rectify),
            Step::Rectify => Some(Step::Revisit),
            Step::Revisit => None,
        }
    }
}

/// Working days allowed for each step (configurable; the defaults are
/// verify 1, rectify 5, revisit 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RectificationLimits {
    /// 核实 within this many working days.
    pub verify: u32,
    /// 整改 within this many working days after verification.
    pub rectify: u32,
    /// 回访 within this many working days after rectification.
    pub revisit: u32,
}

impl Default for RectificationLimits {
    fn default() -> RectificationLimits {
        RectificationLimits {
            verify: 1,
            rectify: 5,
            revisit: 2,
        }
    }
}

impl RectificationLimits {
    /// The working days allowed for `step`.
    pub fn of(&self, step: Step) -> u32 {
        match step {
            Step::Verify => self.verify,
            Step::Rectify => self.rectify,
            Step::Revisit => self.revisit,
        }
    }
}

/// One step as it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRecord {
    /// Which step.
    pub step: Step,
    /// The (Beijing) day it started.
    pub started_on: NaiveDate,
    /// The last working day it may be done on.
    pub due: NaiveDate,
    /// When it was done.
    pub done_at: Option<DateTime<Utc>>,
    /// Who did it (an actor id).
    pub done_by: Option<String>,
    /// What was found, done or heard.
    pub note: String,
}

/// A rectification task (整改任务) of one bad rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RectificationTask {
    /// Its id.
    pub id: String,
    /// The bad rating it answers.
    pub review_id: String,
    /// The rated case, if the rating was of a case.
    pub case_no: Option<CaseNo>,
    /// The responsible department.
    pub department: Code,
    /// The department's region for this task (the rating's region).
    pub region: RegionCode,
    /// When it was opened.
    pub opened_at: DateTime<Utc>,
    /// The steps started so far, in order; the last is the current one
    /// while the task is open.
    pub steps: Vec<StepRecord>,
    /// When the revisit closed it.
    pub closed_at: Option<DateTime<Utc>>,
}

impl RectificationTask {
    /// Opens the task of a bad `rating` on `today` (Beijing date of `at`):
    /// verification is due `limits.verify` working days later.
    pub fn open(
        id: String,
        rating: &Rating,
        limits: &RectificationLimits,
        calendar: &WorkCalendar,
        today: NaiveDate,
        at: DateTime<Utc>,
    ) -> Result<RectificationTask, ReviewError> {
        let first = start(Step::Verify, limits, calendar, today)?;
        Ok(RectificationTask {
            id,
            review_id: rating.id.clone(),
            case_no: rating.target.case_no().cloned(),
            department: rating.department.clone(),
            region: rating.region.clone(),
            opened_at: at,
            steps: vec![first],
            closed_at: None,
        })
    }

    /// True once the revisit is done.
    pub fn is_closed(&self) -> bool {
        self.closed_at.is_some()
    }

    /// The step waiting to be done, if the task is open.
    pub fn current(&self) -> Option<&StepRecord> {
        if self.is_closed() {
            return None;
        }
        self.steps.last().filter(|s| s.done_at.is_none())
    }

    /// The current step when it is past its due date on `today`: the step
    /// to escalate to the supervisor.
    pub fn overdue(&self, today: NaiveDate) -> Option<&StepRecord> {
        self.current().filter(|s| s.due < today)
    }

    /// Completes `step` (which must be the current one) with `note`, by
    /// `by` at `at` (Beijing date `today`), and starts the next step, due
    /// its limit in working days from today; the revisit closes the task.
    #[allow(clippy::too_many_arguments)]
    pub fn complete(
        &self,
        step: Step,
        note: &str,
        by: &str,
        at: DateTime<Utc>,
        today: NaiveDate,
        limits: &RectificationLimits,
        calendar: &WorkCalendar,
    ) -> Result<RectificationTask, ReviewError> {
        let current = self.current().map(|s| s.step);
        if current != Some(step) {
            return Err(ReviewError::StepOutOfOrder {
                expected: current.map(Step::label).unwrap_or("已办结"),
                given: step.label(),
            });
        }
        let note = note.trim();
        if note.is_empty() {
            return Err(ReviewError::NoteRequired(step.label()));
        }
        if note.chars().count() > MAX_NOTE_CHARS {
            return Err(ReviewError::NoteTooLong(MAX_NOTE_CHARS));
        }
        let mut next = self.clone();
        if let Some(last) = next.steps.last_mut() {
            last.done_at = Some(at);
            last.done_by = Some(by.to_string());
            last.note = note.to_string();
        }
        match step.next() {
            Some(following) => next.steps.push(start(following, limits, calendar, today)?),
            None => next.closed_at = Some(at),
        }
        Ok(next)
    }
}

/// A step starting on `today`.
fn start(
    step: Step,
    limits: &RectificationLimits,
    calendar: &WorkCalendar,
    today: NaiveDate,
) -> Result<StepRecord, ReviewError> {
    Ok(StepRecord {
        step,
        started_on: today,
        due: calendar.add_working_days(today, limits.of(step), &[])?,
        done_at: None,
        done_by: None,
        note: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{Channel, Level, Target};

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn bad_rating() -> Rating {
        Rating {
            id: "r1".into(),
            target: Target::Case {
                case_no: CaseNo::new(&RegionCode::parse("350825").unwrap(), date("2025-09-26"), 1)
                    .unwrap(),
            },
            level: Level::VeryDissatisfied,
            tags: vec!["多次跑动".into()],
            comment: String::new(),
            channel: Channel::Page,
            rater: Some("applicant:zhang".into()),
            department: Code::parse("350825-scjg").unwrap(),
            region: RegionCode::parse("350825").unwrap(),
            item: None,
            staff: None,
            window: None,
            rated_at: at("2025-09-26T10:00:00+08:00"),
            supersedes: None,
            superseded_by: None,
        }
    }

    fn opened() -> RectificationTask {
        let cal = WorkCalendar::national().unwrap();
        RectificationTask::open(
            "t1".into(),
            &bad_rating(),
            &RectificationLimits::default(),
            &cal,
            date("2025-09-26"),
            at("2025-09-26T10:00:00+08:00"),
        )
        .unwrap()
    }

    #[test]
    fn verification_of_a_friday_rating_is_due_on_the_adjusted_sunday() {
        // 2025-09-28 (Sunday) is a 调休 working day before National Day.
        let task = opened();
        assert_eq!(task.current().unwrap().step, Step::Verify);
        assert_eq!(task.current().unwrap().due, date("2025-09-28"));
        assert!(task.overdue(date("2025-09-28")).is_none());
        assert_eq!(task.overdue(date("2025-09-29")).unwrap().step, Step::Verify);
    }

    #[test]
    fn the_three_steps_in_order_close_the_task_and_each_gets_its_own_deadline() {
        let cal = WorkCalendar::national().unwrap();
        let limits = RectificationLimits::default();
        let t = opened();
        let when = at("2025-09-29T09:00:00+08:00");
        let t = t
            .complete(
                Step::Verify,
                "情况属实",
                "staff:a",
                when,
                date("2025-09-29"),
                &limits,
                &cal,
            )
            .unwrap();
        // Rectify: 5 working days from Monday 09-29: 09-30, 10-09, 10-10, 10-11 (调休), 10-13.
        assert_eq!(t.current().unwrap().step, Step::Rectify);
        assert_eq!(t.current().unwrap().due, date("2025-10-13"));
        let t = t
            .complete(
                Step::Rectify,
                "已整改",
                "staff:a",
                when,
                date("2025-09-29"),
                &limits,
                &cal,
            )
            .unwrap();
        assert!(!t.is_closed());
        let t = t
            .complete(
                Step::Revisit,
                "申请人认可",
                "staff:b",
                when,
                date("2025-09-29"),
                &limits,
                &cal,
            )
            .unwrap();
        assert!(t.is_closed());
        assert!(t.current().is_none());
        assert!(t.overdue(date("2026-01-01")).is_none());
        assert_eq!(t.steps.len(), 3);
        assert_eq!(t.steps[2].done_by.as_deref(), Some("staff:b"));
    }

    #[test]
    fn a_step_out_of_order_or_without_a_note_is_refused() {
        let cal = WorkCalendar::national().unwrap();
        let limits = RectificationLimits::default();
        let t = opened();
        let when = at("2025-09-29T09:00:00+08:00");
        let err = t
            .complete(
                Step::Revisit,
                "x",
                "staff:a",
                when,
                date("2025-09-29"),
                &limits,
                &cal,
            )
            .unwrap_err();
        assert_eq!(err.code(), "rectification_step_out_of_order");
        assert!(err.to_string().contains("核实"));
        let err = t
            .complete(
                Step::Verify,
                "  ",
                "staff:a",
                when,
                date("2025-09-29"),
                &limits,
                &cal,
            )
            .unwrap_err();
        assert_eq!(err.code(), "rectification_note_required");
    }
}
