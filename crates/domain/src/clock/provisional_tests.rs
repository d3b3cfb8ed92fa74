//! Unit tests of provisional years (暂定日历): the 2027 data, the flag on
//! computed answers and the rules `from_toml` enforces.

use super::*;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn cal() -> WorkCalendar {
    WorkCalendar::national().unwrap()
}

fn year(y: i32, provisional: bool, workdays: &str) -> String {
    format!(
        "[[year]]\nyear={y}\nprovisional={provisional}\nnotice=''\nholidays=[]\nworkdays=[{workdays}]\n"
    )
}

#[test]
fn a_december_deadline_runs_into_2027_and_says_it_is_provisional() {
    // Wed 2026-12-30 + 5: Thu 12-31 is day 1, 2027-01-01 (元旦) and the weekend
    // rest, then Mon 01-04 .. Thu 01-07.
    let c = cal();
    let due = c
        .add_working_days_detail(date("2026-12-30"), 5, &[])
        .unwrap();
    assert_eq!(due.value, date("2027-01-07"));
    assert_eq!(due.provisional_years, vec![2027]);
    assert!(due.is_provisional());
    assert_eq!(
        c.add_working_days(date("2026-12-30"), 5, &[]).unwrap(),
        due.value
    );
}

#[test]
fn an_answer_inside_official_years_is_not_provisional() {
    let c = cal();
    let due = c
        .add_working_days_detail(date("2025-01-24"), 5, &[])
        .unwrap();
    assert_eq!(due.value, date("2025-02-07"));
    assert!(!due.is_provisional());
    // Ending on the last official day reads nothing of 2027.
    let n = c
        .working_days_between_detail(date("2026-12-01"), date("2026-12-31"), &[])
        .unwrap();
    assert_eq!(n.value, 22);
    assert!(!n.is_provisional());
    let zero = c
        .add_working_days_detail(date("2026-12-31"), 0, &[])
        .unwrap();
    assert!(!zero.is_provisional());
}

#[test]
fn counting_into_2027_is_flagged_and_agrees_with_adding() {
    let n = cal()
        .working_days_between_detail(date("2026-12-30"), date("2027-01-07"), &[])
        .unwrap();
    assert_eq!(n.value, 5);
    assert_eq!(n.provisional_years, vec![2027]);
}

#[test]
fn spring_festival_2027_rests_from_new_year_s_eve_to_the_third_day_only() {
    let c = cal();
    // 除夕 Fri 02-05 .. 初三 Mon 02-08 rest; Thu 02-04 and Tue 02-09 are worked.
    assert!(!c.is_working_day(date("2027-02-05")).unwrap());
    assert!(!c.is_working_day(date("2027-02-08")).unwrap());
    assert!(c.is_working_day(date("2027-02-04")).unwrap());
    assert!(c.is_working_day(date("2027-02-09")).unwrap());
    // 清明 Mon 04-05, 端午 Wed 06-09 and 中秋 Wed 09-15 are single rest days.
    for d in ["2027-04-05", "2027-06-09", "2027-09-15"] {
        assert!(!c.is_working_day(date(d)).unwrap(), "{d}");
    }
}

#[test]
fn a_provisional_year_gives_no_rest_day_in_lieu_and_no_adjusted_weekend() {
    let c = cal();
    // 劳动节 05-01/02 and 国庆 10-02/03 fall on weekends: no 补休 on the Monday.
    assert!(c.is_working_day(date("2027-05-03")).unwrap());
    assert!(c.is_working_day(date("2027-10-04")).unwrap());
    // No weekend day of 2027 is a working day: 调休 comes only from a notice.
    let mut d = date("2027-01-01");
    while d.year() == 2027 {
        if is_weekend(d) {
            assert!(!c.is_working_day(d).unwrap(), "{d}");
        }
        d = next(d).unwrap();
    }
}

#[test]
fn natural_days_into_2027_do_not_depend_on_the_provisional_year() {
    let due = cal()
        .due_date_detail(date("2026-12-20"), TimeLimit::NaturalDays(30), &[])
        .unwrap();
    assert_eq!(due.value, date("2027-01-19"));
    assert!(!due.is_provisional());
    let hours = cal()
        .due_date_detail(date("2026-12-30"), TimeLimit::Hours(40), &[])
        .unwrap();
    assert_eq!(hours.value, date("2027-01-07"));
    assert!(hours.is_provisional());
}

#[test]
fn an_official_year_after_a_provisional_one_is_refused() {
    let text = year(2026, false, "") + &year(2027, true, "") + &year(2028, false, "");
    let err = WorkCalendar::from_toml(&text).unwrap_err();
    assert_eq!(err.code(), "calendar_bad_data");
    assert!(err.to_string().contains("2028"), "{err}");
}

#[test]
fn a_provisional_year_may_not_list_adjusted_working_days() {
    let text = year(2026, false, "") + &year(2027, true, "'2027-02-13'");
    let err = WorkCalendar::from_toml(&text).unwrap_err();
    assert_eq!(err.code(), "calendar_bad_data");
    assert!(err.to_string().contains("调休"), "{err}");
}

#[test]
fn several_provisional_years_at_the_end_are_all_named() {
    let text = year(2026, false, "") + &year(2027, true, "") + &year(2028, true, "");
    let c = WorkCalendar::from_toml(&text).unwrap();
    assert_eq!(c.provisional_years(), vec![2027, 2028]);
    assert!(!c.is_provisional(2026) && c.is_provisional(2028) && !c.is_provisional(2029));
    let across = c
        .add_working_days_detail(date("2026-12-31"), 300, &[])
        .unwrap();
    assert_eq!(across.provisional_years, vec![2027, 2028]);
    let within = c
        .add_working_days_detail(date("2028-01-03"), 2, &[])
        .unwrap();
    assert_eq!(within.provisional_years, vec![2028]);
}

#[test]
fn a_file_without_provisional_years_has_none() {
    let c = WorkCalendar::from_toml(&year(2026, false, "")).unwrap();
    assert!(c.provisional_years().is_empty());
    assert!(!c.is_provisional(2026));
}
