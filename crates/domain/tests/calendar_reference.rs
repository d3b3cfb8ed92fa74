//! Every day of every year the calendar knows agrees with PyPI's
//! `chinese-calendar` (the reference implementation of the State Council
//! notices). scripts/test.sh installs it; without it this test fails and
//! says how to install it.

use std::process::Command;

use chrono::{Days, NaiveDate};
use tongban_domain::clock::WorkCalendar;

const SCRIPT: &str = r#"
import sys, datetime as dt
import chinese_calendar as cc
d = dt.date(int(sys.argv[1]), 1, 1)
end = dt.date(int(sys.argv[2]), 12, 31)
out = []
while d <= end:
    out.append(d.isoformat() + (" 1" if cc.is_workday(d) else " 0"))
    d += dt.timedelta(days=1)
print("\n".join(out))
"#;

#[test]
fn every_day_agrees_with_pypi_chinese_calendar() {
    let cal = WorkCalendar::national().unwrap();
    let (first, last) = cal.years();
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let out = Command::new(&python)
        .args(["-c", SCRIPT, &first.to_string(), &last.to_string()])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}; install Python 3"));
    assert!(
        out.status.success(),
        "chinese-calendar failed: {}\ninstall it with: pip install chinese-calendar==1.11.0",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut checked = 0;
    let mut mismatches = vec![];
    for line in text.lines() {
        let (day, flag) = line.split_once(' ').unwrap();
        let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
        let reference = flag == "1";
        if cal.is_working_day(day).unwrap() != reference {
            mismatches.push(format!("{day}: chinese-calendar says working={reference}"));
        }
        checked += 1;
    }
    let expected_days = {
        let start = NaiveDate::from_ymd_opt(first, 1, 1).unwrap();
        let end = NaiveDate::from_ymd_opt(last, 12, 31).unwrap();
        (end - start).num_days() + 1
    };
    assert_eq!(checked, expected_days, "the reference must cover every day");
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    println!("calendar: {checked} days {first}–{last} agree with chinese-calendar");
    // The day after the last known year is refused rather than guessed.
    let after = NaiveDate::from_ymd_opt(last, 12, 31)
        .unwrap()
        .checked_add_days(Days::new(1))
        .unwrap();
    assert!(cal.is_working_day(after).is_err());
}
