//! What the review use cases take and hand back.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use tongban_domain::case::{CaseNo, CaseState};
use tongban_domain::ident::{Code, RegionCode};
use tongban_domain::review::{Dimension, Period, Rating, RectificationTask, ScoreCounts};

/// A rectification task as staff see it, with the rating it answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskView {
    /// The task with its steps.
    pub task: RectificationTask,
    /// The bad rating.
    pub rating: Rating,
    /// True when the current step is past its due date today.
    pub overdue: bool,
    /// The version to expect when acting on it.
    pub version: i64,
}

/// The one-time link a window clerk shows on the evaluator device.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct DeviceLink {
    /// The case to rate.
    pub case_no: CaseNo,
    /// The page path with its token (`/reviews/device/{case_no}?t=…`).
    pub path: String,
    /// When the link stops working.
    pub expires_at: DateTime<Utc>,
}

impl std::fmt::Debug for DeviceLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceLink")
            .field("case_no", &self.case_no)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// What the evaluator device shows before the rating: no personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceCase {
    /// The case number.
    pub case_no: CaseNo,
    /// The bundle's or item's name.
    pub name: String,
    /// Where the case stands.
    pub state: CaseState,
    /// The window the device stands at.
    pub window: Option<Code>,
}

/// Which scores to compute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreFilter {
    /// Grouped by what.
    pub dimension: Dimension,
    /// Over which days (Beijing dates, both included).
    pub period: Period,
    /// The region subtree (the viewer's own region when `None`).
    pub region: Option<RegionCode>,
    /// Only this department's ratings.
    pub department: Option<Code>,
}

/// One group's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreLine {
    /// The staff id, window, department, item or region code; `*` for
    /// the total.
    pub key: String,
    /// Valid ratings per level.
    pub counts: ScoreCounts,
    /// 好评 count.
    pub good: u64,
    /// 差评 count.
    pub bad: u64,
    /// All valid ratings.
    pub total: u64,
    /// 满意率 = good / total; `None` without ratings.
    pub rate: Option<f64>,
}

impl ScoreLine {
    /// The line of `counts` under `key`.
    pub fn of(key: String, counts: ScoreCounts) -> ScoreLine {
        ScoreLine {
            key,
            good: counts.good(),
            bad: counts.bad(),
            total: counts.total(),
            rate: counts.satisfaction_rate(),
            counts,
        }
    }
}

/// Scores of one dimension over a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreBoard {
    /// Grouped by.
    pub dimension: Dimension,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// The region subtree.
    pub region: RegionCode,
    /// One line per group, by key.
    pub lines: Vec<ScoreLine>,
    /// Every valid rating of the filter with a value for the dimension.
    pub total: ScoreLine,
}
