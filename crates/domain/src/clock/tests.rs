//! Unit tests of the working-day calendar on the official years.

use super::*;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn cal() -> WorkCalendar {
    WorkCalendar::national().unwrap()
}

#[test]
fn the_shipped_calendar_is_official_to_2026_and_provisional_in_2027() {
    let c = cal();
    assert_eq!(c.years(), (2020, 2027));
    assert_eq!(c.provisional_years(), vec![2027]);
    assert!(!c.is_provisional(2026));
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
        .add_working_days(date("2027-12-30"), 5, &[])
        .unwrap_err();
    assert_eq!(err.code(), "calendar_out_of_range");
    assert!(err.to_string().contains("2027"));
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
    let weekday = "[[year]]\nyear=2025\nnotice=''\nholidays=[]\nworkdays=['2025-01-27']\n";
    let err = WorkCalendar::from_toml(weekday).unwrap_err();
    assert!(err.to_string().contains("不是周末"), "{err}");
    assert!(Span::new(date("2025-02-02"), date("2025-02-01")).is_err());
}
