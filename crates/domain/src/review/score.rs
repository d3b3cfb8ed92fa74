//! Scores: counts of valid ratings per level and the satisfaction rate
//! over a period, by staff member, window, department, item or region.

use chrono::{DateTime, Days, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use super::Level;

/// What the scores are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// 工作人员: the staff member who served.
    Staff,
    /// 窗口.
    Window,
    /// 部门: the responsible department.
    Department,
    /// 事项: the item (or bundle) rated.
    Item,
    /// 区划: the region; a region's score covers its subtree.
    Region,
}

impl Dimension {
    /// Every dimension.
    pub const ALL: [Dimension; 5] = [
        Dimension::Staff,
        Dimension::Window,
        Dimension::Department,
        Dimension::Item,
        Dimension::Region,
    ];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Dimension::Staff => "staff",
            Dimension::Window => "window",
            Dimension::Department => "department",
            Dimension::Item => "item",
            Dimension::Region => "region",
        }
    }

    /// The dimension named by `code`.
    pub fn parse(code: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.code() == code)
    }

    /// Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Dimension::Staff => "工作人员",
            Dimension::Window => "窗口",
            Dimension::Department => "部门",
            Dimension::Item => "事项",
            Dimension::Region => "区划",
        }
    }
}

/// A closed period of Beijing dates, `from` and `to` included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

impl Period {
    /// The period, or `None` when `from` is after `to`.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Option<Period> {
        (from <= to).then_some(Period { from, to })
    }

    /// The instants it covers: `[from 00:00, to + 1 00:00)` Beijing time,
    /// as UTC.
    pub fn bounds(&self) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let cst = FixedOffset::east_opt(8 * 3600)?;
        let start = |d: NaiveDate| {
            cst.from_local_datetime(&d.and_time(NaiveTime::MIN))
                .single()
                .map(|t| t.to_utc())
        };
        Some((
            start(self.from)?,
            start(self.to.checked_add_days(Days::new(1))?)?,
        ))
    }
}

/// Valid ratings per level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreCounts {
    /// 非常满意.
    pub very_satisfied: u64,
    /// 满意.
    pub satisfied: u64,
    /// 基本满意.
    pub basically_satisfied: u64,
    /// 不满意.
    pub dissatisfied: u64,
    /// 非常不满意.
    pub very_dissatisfied: u64,
}

impl ScoreCounts {
    /// The counts of a list of levels.
    pub fn of(levels: impl IntoIterator<Item = Level>) -> ScoreCounts {
        let mut counts = ScoreCounts::default();
        for level in levels {
            counts.add(level, 1);
        }
        counts
    }

    /// Adds `n` ratings of `level`.
    pub fn add(&mut self, level: Level, n: u64) {
        let slot = match level {
            Level::VerySatisfied => &mut self.very_satisfied,
            Level::Satisfied => &mut self.satisfied,
            Level::BasicallySatisfied => &mut self.basically_satisfied,
            Level::Dissatisfied => &mut self.dissatisfied,
            Level::VeryDissatisfied => &mut self.very_dissatisfied,
        };
        *slot = slot.saturating_add(n);
    }

    /// Adds another set of counts.
    pub fn merge(&mut self, other: &ScoreCounts) {
        for level in Level::ALL {
            self.add(level, other.count(level));
        }
    }

    /// The count of one level.
    pub fn count(&self, level: Level) -> u64 {
        match level {
            Level::VerySatisfied => self.very_satisfied,
            Level::Satisfied => self.satisfied,
            Level::BasicallySatisfied => self.basically_satisfied,
            Level::Dissatisfied => self.dissatisfied,
            Level::VeryDissatisfied => self.very_dissatisfied,
        }
    }

    /// All valid ratings.
    pub fn total(&self) -> u64 {
        Level::ALL.into_iter().map(|l| self.count(l)).sum()
    }

    /// 好评: 非常满意 + 满意 + 基本满意.
    pub fn good(&self) -> u64 {
        self.very_satisfied + self.satisfied + self.basically_satisfied
    }

    /// 差评: 不满意 + 非常不满意.
    pub fn bad(&self) -> u64 {
        self.dissatisfied + self.very_dissatisfied
    }

    /// 满意率 = 好评 / all valid ratings; `None` without ratings.
    pub fn satisfaction_rate(&self) -> Option<f64> {
        let total = self.total();
        (total > 0).then(|| self.good() as f64 / total as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rate_is_good_ratings_over_all_valid_ones() {
        use Level::*;
        let c = ScoreCounts::of([
            VerySatisfied,
            Satisfied,
            BasicallySatisfied,
            Dissatisfied,
            VeryDissatisfied,
            Satisfied,
            Satisfied,
            VerySatisfied,
        ]);
        assert_eq!((c.total(), c.good(), c.bad()), (8, 6, 2));
        assert_eq!(c.satisfaction_rate(), Some(0.75));
        assert_eq!(ScoreCounts::default().satisfaction_rate(), None);
    }

    #[test]
    fn a_period_covers_whole_beijing_days() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let p = Period::new(d("2025-09-01"), d("2025-09-30")).unwrap();
        let (from, to) = p.bounds().unwrap();
        assert_eq!(from.to_rfc3339(), "2025-08-31T16:00:00+00:00");
        assert_eq!(to.to_rfc3339(), "2025-09-30T16:00:00+00:00");
        assert!(Period::new(d("2025-09-02"), d("2025-09-01")).is_none());
    }
}
