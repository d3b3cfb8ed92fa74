//! The deadline clock: the working-day calendar (工作日历, with the State
//! Council's 调休 days) and deadline arithmetic in working days, natural days
//! and hours, with suspended spans (挂起) excluded.
//!
//! Pure: `today` and start dates are always passed in. The national data is
//! `data/work-calendar.toml`, embedded at build time; a date outside its
//! years is an error, never silently treated as a plain weekday.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Deserialize;

use crate::catalog::TimeLimit;

const NATIONAL: &str = include_str!("../data/work-calendar.toml");

/// Why a date computation was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error(
        "工作日历只覆盖{first}年至{last}年，无法计算{date}：请先在工作日历数据中加入该年度的节假日安排"
    )]
    OutOfRange {
        date: NaiveDate,
        first: i32,
        last: i32,
    },
    #[error("工作日历数据有误：{0}")]
    BadData(String),
    #[error("挂起区间无效：开始日期{from}晚于结束日期{to}")]
    BadSpan { from: NaiveDate, to: NaiveDate },
}

impl CalendarError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            CalendarError::OutOfRange { .. } => "calendar_out_of_range",
            CalendarError::BadData(_) => "calendar_bad_data",
            CalendarError::BadSpan { .. } => "calendar_bad_span",
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarFile {
    year: Vec<YearData>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearData {
    year: i32,
    #[allow(dead_code)]
    notice: String,
    holidays: Vec<(String, NaiveDate, NaiveDate)>,
    workdays: Vec<NaiveDate>,
}

/// A closed span of dates during which the clock is stopped (挂起).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Span {
    /// A span from `from` to `to`, both included.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Span, CalendarError> {
        if from > to {
            return Err(CalendarError::BadSpan { from, to });
        }
        Ok(Span { from, to })
    }

    fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }
}

/// 工作日历: which days are working days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkCalendar {
    first: i32,
    last: i32,
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
}

impl WorkCalendar {
    /// The national calendar shipped with tongban.
    pub fn national() -> Result<WorkCalendar, CalendarError> {
        WorkCalendar::from_toml(NATIONAL)
    }

    /// Reads a calendar in the format of `data/work-calendar.toml`. Years
    /// must be consecutive, and every listed date must lie in its year.
    pub fn from_toml(text: &str) -> Result<WorkCalendar, CalendarError> {
        let file: CalendarFile =
            toml::from_str(text).map_err(|e| CalendarError::BadData(e.to_string()))?;
        let mut years: Vec<i32> = file.year.iter().map(|y| y.year).collect();
        years.sort_unstable();
        let (Some(&first), Some(&last)) = (years.first(), years.last()) else {
            return Err(CalendarError::BadData("没有任何年度".into()));
        };
        if years.windows(2).any(|w| w[1] != w[0] + 1) {
            return Err(CalendarError::BadData("年度必须连续且不重复".into()));
        }
        let mut cal = WorkCalendar {
            first,
            last,
            holidays: BTreeSet::new(),
            workdays: BTreeSet::new(),
        };
        for y in file.year {
            for (name, from, to) in y.holidays {
                if from > to || from.year() != y.year && to.year() != y.year {
                    return Err(CalendarError::BadData(format!(
                        "{}年“{name}”的日期区间无效",
                        y.year
                    )));
                }
                let mut d = from;
                while d <= to {
                    cal.holidays.insert(d);
                    d = next(d)?;
                }
            }
            for d in y.workdays {
                if !is_weekend(d) {
                    return Err(CalendarError::BadData(format!("调休上班日{d}不是周末")));
                }
                cal.workdays.insert(d);
            }
        }
        Ok(cal)
    }

    /// Adds local rest days (a region's own holidays) to this calendar.
    pub fn with_rest_days(mut self, days: impl IntoIterator<Item = NaiveDate>) -> WorkCalendar {
        for d in days {
            self.workdays.remove(&d);
            self.holidays.insert(d);
        }
        self
    }

    /// The first and last year this calendar knows.
    pub fn years(&self) -> (i32, i32) {
        (self.first, self.last)
    }

    /// True when `d` is a working day.
    pub fn is_working_day(&self, d: NaiveDate) -> Result<bool, CalendarError> {
        if d.year() < self.first || d.year() > self.last {
            return Err(CalendarError::OutOfRange {
                date: d,
                first: self.first,
                last: self.last,
            });
        }
        Ok(self.workdays.contains(&d) || (!is_weekend(d) && !self.holidays.contains(&d)))
    }

    /// The `n`-th working day after `start` (the start day itself is not
    /// counted, as a limit starts the day after acceptance), skipping every
    /// day inside a suspended span. `n = 0` gives `start`.
    pub fn add_working_days(
        &self,
        start: NaiveDate,
        n: u32,
        suspended: &[Span],
    ) -> Result<NaiveDate, CalendarError> {
        let mut d = start;
        let mut left = n;
        while left > 0 {
            d = next(d)?;
            if self.is_working_day(d)? && !suspended.iter().any(|s| s.contains(d)) {
                left -= 1;
            }
        }
        Ok(d)
    }

    /// Working days in `(from, to]`, excluding suspended spans: the number
    /// of working days used between acceptance on `from` and the day `to`.
    /// Zero when `to <= from`.
    pub fn working_days_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        suspended: &[Span],
    ) -> Result<u32, CalendarError> {
        let mut count = 0;
        let mut d = from;
        while d < to {
            d = next(d)?;
            if self.is_working_day(d)? && !suspended.iter().any(|s| s.contains(d)) {
                count += 1;
            }
        }
        Ok(count)
    }

    /// The due date of a limit started on `start`. Working days follow the
    /// calendar; natural days are added as they are (the law counts them
    /// plainly) and move past suspended days; hours round up to whole
    /// working days of 8 hours (the hour-level clock is the case engine's).
    pub fn due_date(
        &self,
        start: NaiveDate,
        limit: TimeLimit,
        suspended: &[Span],
    ) -> Result<NaiveDate, CalendarError> {
        match limit {
            TimeLimit::WorkingDays(n) => self.add_working_days(start, n, suspended),
            TimeLimit::Hours(h) => {
                let days = h.div_ceil(crate::catalog::HOURS_PER_WORKING_DAY);
                self.add_working_days(start, days, suspended)
            }
            TimeLimit::NaturalDays(n) => {
                let mut d = start;
                let mut left = n;
                while left > 0 {
                    d = next(d)?;
                    if !suspended.iter().any(|s| s.contains(d)) {
                        left -= 1;
                    }
                }
                Ok(d)
            }
        }
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn next(d: NaiveDate) -> Result<NaiveDate, CalendarError> {
    d.checked_add_days(Days::new(1))
        .ok_or_else(|| CalendarError::BadData(format!("日期{d}之后无法再计算")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn cal() -> WorkCalendar {
        WorkCalendar::national().unwrap()
    }

    #[test]
    fn the_shipped_calendar_covers_2020_to_2026() {
        assert_eq!(cal().years(), (2020, 2026));
    }

    #[test]
    fn deadline_skips_spring_festival_and_counts_the_adjusted_sunday() {
        // Accepted Friday 2025-01-24: Sun 01-26 (调休) is day 1, Mon 01-27 day 2,
        // 01-28..02-04 are holidays, then 02-05, 02-06, 02-07.
        assert_eq!(
            cal().add_working_days(date("2025-01-24"), 5, &[]).unwrap(),
            date("2025-02-07")
        );
    }

    #[test]
    fn a_three_day_suspension_moves_the_deadline_by_three_working_days() {
        // Suspended Mon 01-27 .. Wed 02-05: working days inside are 01-27 and 02-05
        // (the festival is not working time anyway), so two working days are lost.
        let s = Span::new(date("2025-01-27"), date("2025-02-05")).unwrap();
        assert_eq!(
            cal().add_working_days(date("2025-01-24"), 5, &[s]).unwrap(),
            date("2025-02-10")
        );
        // Three working days suspended (02-05..02-07) move the due date three working
        // days on: 02-07 → 02-08 (adjusted Saturday), 02-10, 02-11.
        let s = Span::new(date("2025-02-05"), date("2025-02-07")).unwrap();
        assert_eq!(
            cal().add_working_days(date("2025-01-24"), 5, &[s]).unwrap(),
            date("2025-02-11")
        );
    }

    #[test]
    fn counting_between_is_the_inverse_of_adding() {
        let c = cal();
        assert_eq!(
            c.working_days_between(date("2025-01-24"), date("2025-02-10"), &[])
                .unwrap(),
            7
        );
        let due = c.add_working_days(date("2025-01-24"), 7, &[]).unwrap();
        assert_eq!(due, date("2025-02-10"));
        assert_eq!(
            c.working_days_between(date("2025-02-10"), date("2025-01-24"), &[])
                .unwrap(),
            0
        );
    }

    #[test]
    fn national_day_2025_is_bridged_by_the_two_adjusted_saturdays() {
        let c = cal();
        assert!(c.is_working_day(date("2025-09-28")).unwrap());
        assert!(c.is_working_day(date("2025-10-11")).unwrap());
        assert!(!c.is_working_day(date("2025-10-08")).unwrap());
        // Filed Fri 09-26, 5 working days: 09-28, 09-29, 09-30, 10-09, 10-10.
        assert_eq!(
            c.add_working_days(date("2025-09-26"), 5, &[]).unwrap(),
            date("2025-10-10")
        );
    }

    #[test]
    fn a_year_beyond_the_data_is_refused_not_guessed() {
        let err = cal()
            .add_working_days(date("2026-12-30"), 5, &[])
            .unwrap_err();
        assert_eq!(err.code(), "calendar_out_of_range");
        assert!(err.to_string().contains("2026"));
        assert!(cal().is_working_day(date("2019-12-31")).is_err());
    }

    #[test]
    fn local_rest_days_are_not_working_days() {
        let c = cal().with_rest_days([date("2025-03-03")]);
        assert!(!c.is_working_day(date("2025-03-03")).unwrap());
    }

    #[test]
    fn hours_round_up_to_working_days_and_natural_days_ignore_holidays() {
        let c = cal();
        assert_eq!(
            c.due_date(date("2025-01-24"), TimeLimit::Hours(4), &[])
                .unwrap(),
            date("2025-01-26")
        );
        assert_eq!(
            c.due_date(date("2025-01-24"), TimeLimit::NaturalDays(10), &[])
                .unwrap(),
            date("2025-02-03")
        );
    }

    #[test]
    fn bad_calendar_data_is_refused_with_a_reason() {
        let gap = "[[year]]\nyear=2020\nnotice=''\nholidays=[]\nworkdays=[]\n\
                   [[year]]\nyear=2022\nnotice=''\nholidays=[]\nworkdays=[]\n";
        assert_eq!(
            WorkCalendar::from_toml(gap).unwrap_err().code(),
            "calendar_bad_data"
        );
        let weekday = "[[year]]\nyear=2025\nnotice=''\nholidays=[]\nworkdays=[2025-01-27]\n";
        assert!(WorkCalendar::from_toml(weekday).is_err());
        assert!(Span::new(date("2025-02-02"), date("2025-02-01")).is_err());
    }
}
