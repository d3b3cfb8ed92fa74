//! `tongban calendar`: answers staff questions about working days with the
//! same clock every deadline uses (`tongban_domain::clock::WorkCalendar`).
//!
//! When an answer reads a provisional year (暂定: statutory holidays only,
//! the State Council notice not yet published), a second line says so in
//! Chinese and English; the first line is always the answer itself.

use chrono::NaiveDate;
use tongban_domain::clock::{Reckoning, WorkCalendar};

use crate::args::CalendarCommand;
use crate::failure::Failure;

/// Runs a calendar question and returns the text to print: the answer, then
/// a notice line when the answer depends on a provisional year.
pub fn answer(command: &CalendarCommand) -> Result<String, Failure> {
    let cal =
        WorkCalendar::national().map_err(|e| Failure::new(e.to_string(), "bad calendar data"))?;
    let refuse = |e: tongban_domain::clock::CalendarError| {
        Failure::new(
            e.to_string(),
            format!("date outside the calendar [{}]", e.code()),
        )
    };
    match command {
        CalendarCommand::Add { start, days } => {
            let start = parse_date(start)?;
            let due = cal
                .add_working_days_detail(start, *days, &[])
                .map_err(refuse)?;
            let line = format!(
                "{}（{start} 起第 {days} 个工作日 / working day {days} after {start}）",
                due.value
            );
            Ok(with_notice(line, &due))
        }
        CalendarCommand::Between { from, to } => {
            let (from, to) = (parse_date(from)?, parse_date(to)?);
            let n = cal
                .working_days_between_detail(from, to, &[])
                .map_err(refuse)?;
            let line = format!(
                "{}（{from} 之后至 {to}（含）的工作日数 / working days after {from} up to and including {to}）",
                n.value
            );
            Ok(with_notice(line, &n))
        }
    }
}

/// Appends the provisional-calendar notice to `line` when `reckoning` needs it.
fn with_notice<T>(line: String, reckoning: &Reckoning<T>) -> String {
    if !reckoning.is_provisional() {
        return line;
    }
    let years = &reckoning.provisional_years;
    let zh = years
        .iter()
        .map(|y| format!("{y}年"))
        .collect::<Vec<_>>()
        .join("、");
    let en = years
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let (verb, noun) = if years.len() == 1 {
        ("is", "a provisional calendar")
    } else {
        ("are", "provisional calendars")
    };
    format!(
        "{line}\n注意：{zh}为暂定日历（国务院放假通知未发布，只含法定节假日，未含调休和补休），结果可能变化 / \
         Note: {en} {verb} {noun} (the State Council holiday notice is not yet published: \
         statutory holidays only, no adjusted working days or rest days in lieu); the result may change"
    )
}

fn parse_date(text: &str) -> Result<NaiveDate, Failure> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        Failure::new(
            format!("日期“{text}”无效：应写成 YYYY-MM-DD，例如 2025-01-24"),
            "invalid date, use YYYY-MM-DD",
        )
    })
}
