//! Case deadlines and warnings on the working-day clock: the 2025 Spring
//! Festival, suspensions, 80% yellow and red when over, whole bundles.

mod fixtures;

use chrono::{NaiveDate, NaiveDateTime};
use fixtures::{bundle, code, item, member, region};
use tongban_domain::auth::Role;
use tongban_domain::case::*;
use tongban_domain::catalog::TimeLimit;
use tongban_domain::clock::WorkCalendar;
use tongban_domain::guidance::Selection;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn time(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn cal() -> WorkCalendar {
    WorkCalendar::national().unwrap()
}

/// A window case for an item with the given promised limit (statutory
/// twice as long), accepted at `accepted`.
fn accepted_case(promised: TimeLimit, accepted: &str) -> ItemCase {
    let mut it = item("licence", 5, 1, 1);
    it.promised_limit = promised;
    it.statutory_limit = TimeLimit::WorkingDays(20);
    let case = ItemCase::new(
        ItemTerms::of(&it, &[]),
        IntakeChannel::Window,
        time(accepted),
    );
    let (case, _) = apply(&case, &Command::Submit, Role::WindowClerk, time(accepted)).unwrap();
    let (case, _) = apply(&case, &Command::Accept, Role::WindowClerk, time(accepted)).unwrap();
    case
}

fn run(case: &ItemCase, command: Command, when: &str) -> ItemCase {
    apply(case, &command, Role::Examiner, time(when)).unwrap().0
}

fn suspend() -> Command {
    Command::Suspend {
        reason: "现场核查".into(),
    }
}

fn promised(case: &ItemCase, today: &str) -> NaiveDate {
    case.deadlines(&cal(), day(today))
        .unwrap()
        .unwrap()
        .promised
}

#[test]
fn deadline_skips_spring_festival_and_counts_the_adjusted_sunday() {
    let case = accepted_case(TimeLimit::WorkingDays(5), "2025-01-24 10:00");
    let due = case.deadlines(&cal(), day("2025-01-24")).unwrap().unwrap();
    assert_eq!(due.promised, day("2025-02-07"));
    // Statutory 20 working days: 01-26 and 01-27 before the festival, then
    // 18 from 02-05, the adjusted Saturday 02-08 among them.
    assert_eq!(due.statutory, day("2025-02-27"));
}

#[test]
fn a_three_working_day_suspension_moves_the_due_date_by_exactly_three_working_days() {
    let case = accepted_case(TimeLimit::WorkingDays(5), "2025-01-24 10:00");
    let case = run(&case, suspend(), "2025-02-05 09:30");
    let case = run(&case, Command::Resume, "2025-02-08 09:00");
    let moved = promised(&case, "2025-02-08");
    assert_eq!(moved, day("2025-02-11"));
    assert_eq!(
        cal()
            .working_days_between(day("2025-02-07"), moved, &[])
            .unwrap(),
        3
    );
}

#[test]
fn an_open_suspension_stops_the_clock_up_to_today() {
    let case = accepted_case(TimeLimit::WorkingDays(5), "2025-03-03 09:00");
    assert_eq!(promised(&case, "2025-03-04"), day("2025-03-10"));
    let case = run(&case, suspend(), "2025-03-05 09:00");
    // Suspended since Wednesday: on Friday three working days are lost so far.
    assert_eq!(promised(&case, "2025-03-07"), day("2025-03-13"));
    assert_eq!(
        case.warning(&cal(), day("2025-03-20"), WarningPolicy::default())
            .unwrap(),
        Warning::None,
        "a stopped clock cannot run late"
    );
}

#[test]
fn the_warning_turns_yellow_at_eighty_percent_and_red_when_over() {
    let case = accepted_case(TimeLimit::WorkingDays(5), "2025-03-03 09:00");
    let w = |today: &str, percent: u32| {
        case.warning(
            &cal(),
            day(today),
            WarningPolicy {
                yellow_percent: percent,
            },
        )
        .unwrap()
    };
    assert_eq!(w("2025-03-06", 80), Warning::None, "3 of 5 days used");
    assert_eq!(w("2025-03-07", 80), Warning::Yellow, "4 of 5 days used");
    assert_eq!(
        w("2025-03-07", 90),
        Warning::None,
        "the ratio is a parameter"
    );
    assert_eq!(w("2025-03-10", 80), Warning::Yellow, "the due day itself");
    assert_eq!(w("2025-03-11", 80), Warning::Red);
}

#[test]
fn a_decided_case_carries_no_warning_however_late() {
    let case = accepted_case(TimeLimit::WorkingDays(5), "2025-03-03 09:00");
    let case = run(&case, Command::StartReview, "2025-03-04 09:00");
    let decide = Command::Decide {
        outcome: Outcome::Granted,
        reasons: vec![],
    };
    let case = apply(
        &case,
        &decide,
        Role::DepartmentLeader,
        time("2025-03-20 09:00"),
    )
    .unwrap()
    .0;
    let w = case.warning(&cal(), day("2025-04-01"), WarningPolicy::default());
    assert_eq!(w.unwrap(), Warning::None);
}

#[test]
fn natural_day_and_hour_limits_use_their_own_units() {
    let natural = accepted_case(TimeLimit::NaturalDays(10), "2025-01-24 10:00");
    assert_eq!(promised(&natural, "2025-01-24"), day("2025-02-03"));
    let w = |c: &ItemCase, today| {
        c.warning(&cal(), day(today), WarningPolicy::default())
            .unwrap()
    };
    assert_eq!(w(&natural, "2025-02-01"), Warning::Yellow, "8 of 10 days");
    assert_eq!(w(&natural, "2025-01-31"), Warning::None, "7 of 10 days");
    let hours = accepted_case(TimeLimit::Hours(4), "2025-01-24 10:00");
    assert_eq!(promised(&hours, "2025-01-24"), day("2025-01-26"));
}

#[test]
fn no_deadline_exists_before_acceptance() {
    let it = item("licence", 5, 1, 1);
    let draft = ItemCase::new(
        ItemTerms::of(&it, &[]),
        IntakeChannel::Online,
        time("2025-03-03 09:00"),
    );
    assert_eq!(draft.deadlines(&cal(), day("2025-03-03")).unwrap(), None);
}

#[test]
fn a_date_past_the_calendar_is_an_error_not_a_guess() {
    let case = accepted_case(TimeLimit::WorkingDays(5), "2027-12-30 09:00");
    let err = case.deadlines(&cal(), day("2027-12-30")).unwrap_err();
    assert_eq!(err.code(), "calendar_out_of_range");
}

/// A two-member bundle (promised 5 working days) accepted on 2025-03-03.
fn bundle_case() -> Case {
    let items = [item("a", 3, 1, 1), item("b", 3, 1, 1)];
    let selection = Selection {
        members: vec![code("a"), code("b")],
        ..Selection::default()
    };
    let b = bundle(vec![member("a", &[]), member("b", &[])]);
    let no = CaseNo::new(&region(), day("2025-03-03"), 7).unwrap();
    let case = Case::for_bundle(
        no,
        &b,
        &selection,
        &items,
        IntakeChannel::Window,
        time("2025-03-03 08:00"),
    )
    .unwrap();
    let t = time("2025-03-03 09:00");
    let case = case
        .apply_to_all(&Command::Submit, Role::WindowClerk, t)
        .unwrap()
        .0;
    case.apply_to_all(&Command::Accept, Role::WindowClerk, t)
        .unwrap()
        .0
}

fn suspend_member(case: Case, m: &str, when: &str) -> Case {
    case.apply_to_member(&code(m), &suspend(), Role::Examiner, time(when))
        .unwrap()
        .0
}

#[test]
fn a_bundle_clock_stops_only_when_no_member_is_being_worked_on() {
    let case = bundle_case();
    let due = |c: &Case, today| c.deadlines(&cal(), day(today)).unwrap().unwrap().promised;
    assert_eq!(due(&case, "2025-03-03"), day("2025-03-10"));
    let one = suspend_member(case, "a", "2025-03-04 09:00");
    assert_eq!(due(&one, "2025-03-06"), day("2025-03-10"), "b still runs");
    let both = suspend_member(one, "b", "2025-03-05 09:00");
    // Both stopped on 03-05 and 03-06 (today): two working days added.
    assert_eq!(due(&both, "2025-03-06"), day("2025-03-12"));
    assert_eq!(
        both.deadlines(&cal(), day("2025-03-06"))
            .unwrap()
            .unwrap()
            .statutory,
        day("2025-03-14"),
        "the later member statutory due date: a's 6 working days, 3 of them suspended"
    );
}
