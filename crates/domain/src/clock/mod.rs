//! The deadline clock: the working-day calendar (工作日历, with the State
//! Council's 调休 days) and deadline arithmetic in working days, natural days
//! and hours, with suspended spans (挂起) excluded.
//!
//! Pure: `today` and start dates are always passed in. The national data is
//! `data/work-calendar.toml`, embedded at build time; a date outside its
//! years is an error, never silently treated as a plain weekday. The last
//! years may be provisional (暂定: statutory holidays only, until the State
//! Council's notice is published); [`Reckoning`] and the `*_detail` methods
//! tell a caller when an answer depends on one (docs/work-calendar.md).

mod load;
mod reckoning;

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};

pub use reckoning::Reckoning;

use crate::catalog::TimeLimit;

const NATIONAL: &str = include_str!("../../data/work-calendar.toml");

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
    /// The first provisional year; every later year is provisional too.
    provisional_from: Option<i32>,
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
}

impl WorkCalendar {
    /// The national calendar shipped with tongban.
    pub fn national() -> Result<WorkCalendar, CalendarError> {
        WorkCalendar::from_toml(NATIONAL)
    }

    /// Reads a calendar in the format of `data/work-calendar.toml`. Years
    /// must be consecutive, every listed date must lie in its year, and
    /// provisional years must be the last ones and list no 调休上班 days.
    pub fn from_toml(text: &str) -> Result<WorkCalendar, CalendarError> {
        load::parse(text)
    }

    /// Adds local rest days (a region's own holidays) to this calendar.
    pub fn with_rest_days(mut self, days: impl IntoIterator<Item = NaiveDate>) -> WorkCalendar {
        for d in days {
            self.workdays.remove(&d);
            self.holidays.insert(d);
        }
        self
    }

    /// The first and last year this calendar knows, provisional years included.
    pub fn years(&self) -> (i32, i32) {
        (self.first, self.last)
    }

    /// True when `year` is a provisional year (暂定): known from the statutory
    /// holidays only, until the State Council's notice replaces it.
    pub fn is_provisional(&self, year: i32) -> bool {
        self.provisional_from
            .is_some_and(|p| p <= year && year <= self.last)
    }

    /// The provisional years, in ascending order (empty when every year
    /// follows a published notice).
    pub fn provisional_years(&self) -> Vec<i32> {
        self.provisional_from
            .map(|p| (p..=self.last).collect())
            .unwrap_or_default()
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
        Ok(self.add_working_days_detail(start, n, suspended)?.value)
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
        Ok(self.working_days_between_detail(from, to, suspended)?.value)
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
        Ok(self.due_date_detail(start, limit, suspended)?.value)
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
mod tests;

#[cfg(test)]
mod provisional_tests;
