//! Date arithmetic that also says whether its answer rests on a provisional
//! year (暂定日历): the `*_detail` methods behind the plain ones.

use chrono::{Datelike, Days, NaiveDate};

use super::{CalendarError, Span, WorkCalendar, next};
use crate::catalog::TimeLimit;

/// A computed date or count, with the provisional years it depends on.
///
/// Empty `provisional_years` means the answer follows published State
/// Council notices only; otherwise it may change when those years' notices
/// replace the provisional data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reckoning<T> {
    /// The answer itself (a due date or a number of working days).
    pub value: T,
    /// The provisional years whose days the answer read, in ascending order.
    pub provisional_years: Vec<i32>,
}

impl<T> Reckoning<T> {
    /// True when the answer depends on at least one provisional year.
    pub fn is_provisional(&self) -> bool {
        !self.provisional_years.is_empty()
    }
}

impl WorkCalendar {
    /// [`WorkCalendar::add_working_days`], also naming the provisional years
    /// the count went through.
    pub fn add_working_days_detail(
        &self,
        start: NaiveDate,
        n: u32,
        suspended: &[Span],
    ) -> Result<Reckoning<NaiveDate>, CalendarError> {
        let mut d = start;
        let mut left = n;
        while left > 0 {
            d = next(d)?;
            if self.is_working_day(d)? && !suspended.iter().any(|s| s.contains(d)) {
                left -= 1;
            }
        }
        Ok(self.reckon(d, start, d))
    }

    /// [`WorkCalendar::working_days_between`], also naming the provisional
    /// years the count went through.
    pub fn working_days_between_detail(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        suspended: &[Span],
    ) -> Result<Reckoning<u32>, CalendarError> {
        let mut count = 0;
        let mut d = from;
        while d < to {
            d = next(d)?;
            if self.is_working_day(d)? && !suspended.iter().any(|s| s.contains(d)) {
                count += 1;
            }
        }
        Ok(self.reckon(count, from, to))
    }

    /// [`WorkCalendar::due_date`], also naming the provisional years the
    /// due date depends on. Natural days never read the calendar's holidays,
    /// so a natural-day due date depends on no provisional year.
    pub fn due_date_detail(
        &self,
        start: NaiveDate,
        limit: TimeLimit,
        suspended: &[Span],
    ) -> Result<Reckoning<NaiveDate>, CalendarError> {
        match limit {
            TimeLimit::WorkingDays(n) => self.add_working_days_detail(start, n, suspended),
            TimeLimit::Hours(h) => {
                let days = h.div_ceil(crate::catalog::HOURS_PER_WORKING_DAY);
                self.add_working_days_detail(start, days, suspended)
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
                Ok(Reckoning {
                    value: d,
                    provisional_years: Vec::new(),
                })
            }
        }
    }

    /// Wraps `value`, computed by reading the days in `(after, through]`.
    fn reckon<T>(&self, value: T, after: NaiveDate, through: NaiveDate) -> Reckoning<T> {
        let provisional_years = match (self.provisional_from, after.checked_add_days(Days::new(1)))
        {
            (Some(p), Some(first_read)) if through > after => {
                (first_read.year().max(p)..=through.year()).collect()
            }
            _ => Vec::new(),
        };
        Reckoning {
            value,
            provisional_years,
        }
    }
}
