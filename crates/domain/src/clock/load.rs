//! Reading and checking the calendar data (`data/work-calendar.toml`).
//!
//! Rules: years are consecutive and unique; every holiday span lies in its
//! year; a 调休上班 day is a weekend day; a provisional year (暂定) lists no
//! 调休上班 days and comes after every official year, so an official year
//! after a provisional one is refused (the data would otherwise say "we know
//! 2028 but only guess 2027").

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::{CalendarError, WorkCalendar, is_weekend, next};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarFile {
    year: Vec<YearData>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearData {
    year: i32,
    /// True for a year whose State Council notice is not yet published.
    #[serde(default)]
    provisional: bool,
    #[allow(dead_code)]
    notice: String,
    holidays: Vec<(String, NaiveDate, NaiveDate)>,
    workdays: Vec<NaiveDate>,
}

/// Parses and checks calendar data; see the module doc for the rules.
pub(super) fn parse(text: &str) -> Result<WorkCalendar, CalendarError> {
    let mut file: CalendarFile =
        toml::from_str(text).map_err(|e| CalendarError::BadData(e.to_string()))?;
    file.year.sort_by_key(|y| y.year);
    let (Some(first), Some(last)) = (file.year.first(), file.year.last()) else {
        return Err(CalendarError::BadData("没有任何年度".into()));
    };
    let (first, last) = (first.year, last.year);
    if file.year.windows(2).any(|w| w[1].year != w[0].year + 1) {
        return Err(CalendarError::BadData("年度必须连续且不重复".into()));
    }
    let provisional_from = provisional_from(&file.year)?;
    let mut cal = WorkCalendar {
        first,
        last,
        provisional_from,
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
        if y.provisional && !y.workdays.is_empty() {
            return Err(CalendarError::BadData(format!(
                "{}年为暂定年度，不能列调休上班日：调休只能来自国务院办公厅的放假通知",
                y.year
            )));
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

/// The first provisional year of sorted `years`, refusing an official year
/// that follows a provisional one.
fn provisional_from(years: &[YearData]) -> Result<Option<i32>, CalendarError> {
    let first = years.iter().find(|y| y.provisional).map(|y| y.year);
    if let Some(p) = first
        && let Some(official) = years.iter().find(|y| y.year > p && !y.provisional)
    {
        return Err(CalendarError::BadData(format!(
            "{p}年为暂定年度，其后的{}年却是正式年度：暂定年度只能排在最后，请先按通知改正{p}年",
            official.year
        )));
    }
    Ok(first)
}
