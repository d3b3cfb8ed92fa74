//! `tongban calendar`: answers staff questions about working days with the
//! same clock every deadline uses (`tongban_domain::clock::WorkCalendar`).

use chrono::NaiveDate;
use tongban_domain::clock::WorkCalendar;

use crate::args::CalendarCommand;
use crate::failure::Failure;

/// Runs a calendar question and returns the line to print.
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
            let due = cal.add_working_days(start, *days, &[]).map_err(refuse)?;
            Ok(format!(
                "{due}（{start} 起第 {days} 个工作日 / working day {days} after {start}）"
            ))
        }
        CalendarCommand::Between { from, to } => {
            let (from, to) = (parse_date(from)?, parse_date(to)?);
            let n = cal.working_days_between(from, to, &[]).map_err(refuse)?;
            Ok(format!(
                "{n}（{from} 之后至 {to}（含）的工作日数 / working days after {from} up to and including {to}）"
            ))
        }
    }
}

fn parse_date(text: &str) -> Result<NaiveDate, Failure> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        Failure::new(
            format!("日期“{text}”无效：应写成 YYYY-MM-DD，例如 2025-01-24"),
            "invalid date, use YYYY-MM-DD",
        )
    })
}
