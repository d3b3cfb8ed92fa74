//! 部门协查 (AssistRequest) inside an item case: asking another department,
//! replying, the reply limit in hours or working days, and silence taken
//! as consent exactly once when the item says so.

mod case_support;

use case_support::*;
use chrono::{NaiveDate, NaiveDateTime};
use tongban_domain::auth::Role;
use tongban_domain::case::*;
use tongban_domain::catalog::{AssistTerms, SilenceDefault, TimeLimit};
use tongban_domain::clock::WorkCalendar;

fn day(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

/// A single-item case under review whose item declares an opinion of the
/// civil-affairs bureau (`mzj`) with `limit` and `silence`.
fn case_with_terms(limit: TimeLimit, silence: SilenceDefault, at: NaiveDateTime) -> Case {
    let mut item = single_item();
    item.assists = vec![AssistTerms {
        department: code("mzj"),
        subject: "名称核验".into(),
        limit,
        on_silence: silence,
    }];
    let mut case = Case::for_item(case_no(1), &item, &[], IntakeChannel::Window, at);
    for (cmd, role) in [
        (Command::Submit, Role::WindowClerk),
        (
            Command::SignCommitment {
                statement: "本人承诺".into(),
            },
            Role::WindowClerk,
        ),
        (Command::Accept, Role::WindowClerk),
    ] {
        case = case.apply_to_all(&cmd, role, at).unwrap().0;
    }
    let item = case.members[0].item().clone();
    case.apply_to_member(&item, &Command::StartReview, Role::Examiner, at)
        .unwrap()
        .0
}

fn ask(case: &Case, at: NaiveDateTime) -> (Case, Vec<CaseEvent>) {
    let item = case.members[0].item().clone();
    case.apply_to_member(
        &item,
        &Command::RequestAssist {
            to: code("mzj"),
            subject: String::new(),
            question: "请核验拟用名称是否与已登记机构重名".into(),
            limit: None,
        },
        Role::Examiner,
        at,
    )
    .unwrap()
}

fn decide(case: &Case, at: NaiveDateTime) -> Result<(Case, Vec<CaseEvent>), TransitionError> {
    let item = case.members[0].item().clone();
    case.apply_to_member(
        &item,
        &Command::Decide {
            outcome: Outcome::Granted,
            reasons: vec![],
        },
        Role::DepartmentLeader,
        at,
    )
}

#[test]
fn a_member_with_an_unanswered_request_cannot_be_decided_until_the_reply() {
    let cal = WorkCalendar::national().unwrap();
    let start = day(2025, 3, 3, 9);
    let case = case_with_terms(TimeLimit::WorkingDays(5), SilenceDefault::Wait, start);
    let (asked, events) = ask(&case, start);
    assert_eq!(events[0].kind.code(), "case.assist_requested");
    let request = &asked.members[0].assists[0];
    assert_eq!((request.id, request.subject.as_str()), (1, "名称核验"));
    assert_eq!(decide(&asked, start).unwrap_err().code(), "assist_pending");
    // Silence here is only a delay: a late scan records nothing.
    assert!(
        asked
            .lapse_assists(day(2025, 4, 1, 9), &cal)
            .unwrap()
            .is_none()
    );
    let item = asked.members[0].item().clone();
    let (replied, events) = asked
        .apply_to_member(
            &item,
            &Command::ReplyAssist {
                id: 1,
                opinion: Opinion::Agree,
                text: "经核验无重名".into(),
            },
            Role::Examiner,
            day(2025, 3, 4, 10),
        )
        .unwrap();
    assert_eq!(events[0].kind.code(), "case.assist_replied");
    let r = &replied.members[0].assists[0];
    assert_eq!(
        r.answered_late(&cal, &replied.members[0]).unwrap(),
        Some(false)
    );
    assert!(decide(&replied, day(2025, 3, 4, 11)).is_ok());
}

#[test]
fn a_second_reply_and_a_reply_to_an_unknown_request_are_refused() {
    let start = day(2025, 3, 3, 9);
    let (asked, _) = ask(
        &case_with_terms(TimeLimit::Hours(4), SilenceDefault::Wait, start),
        start,
    );
    let item = asked.members[0].item().clone();
    let reply = |id, opinion, text: &str| Command::ReplyAssist {
        id,
        opinion,
        text: text.into(),
    };
    let refuse = |c: &Case, cmd| {
        c.apply_to_member(&item, &cmd, Role::Examiner, start)
            .unwrap_err()
            .code()
    };
    assert_eq!(
        refuse(&asked, reply(9, Opinion::Agree, "")),
        "assist_not_found"
    );
    assert_eq!(
        refuse(&asked, reply(1, Opinion::Disagree, " ")),
        "reasons_required"
    );
    let done = asked
        .apply_to_member(&item, &reply(1, Opinion::Agree, ""), Role::Examiner, start)
        .unwrap()
        .0;
    assert_eq!(
        refuse(&done, reply(1, Opinion::Agree, "")),
        "assist_answered"
    );
}

#[test]
fn four_hours_of_silence_count_as_consent_once_and_let_the_case_move_on() {
    let cal = WorkCalendar::national().unwrap();
    let start = day(2025, 3, 3, 9);
    let case = case_with_terms(TimeLimit::Hours(4), SilenceDefault::Consent, start);
    let (asked, _) = ask(&case, start);
    assert!(
        asked
            .lapse_assists(day(2025, 3, 3, 12), &cal)
            .unwrap()
            .is_none()
    );
    let (lapsed, events) = asked
        .lapse_assists(day(2025, 3, 3, 13), &cal)
        .unwrap()
        .expect("the limit has passed");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].role, Role::System);
    let EventKind::AssistDefaulted { id, due, .. } = &events[0].kind else {
        panic!("not a default: {:?}", events[0].kind);
    };
    assert_eq!((*id, *due), (1, day(2025, 3, 3, 13)));
    let reply = lapsed.members[0].assists[0].reply.as_ref().unwrap();
    assert!(reply.by_silence && reply.opinion == Opinion::Agree);
    // Exactly once: a later scan finds nothing more to record.
    assert!(
        lapsed
            .lapse_assists(day(2025, 3, 10, 9), &cal)
            .unwrap()
            .is_none()
    );
    assert!(decide(&lapsed, day(2025, 3, 3, 14)).is_ok());
}

#[test]
fn five_working_days_of_silence_follow_the_work_calendar_across_the_spring_festival() {
    let cal = WorkCalendar::national().unwrap();
    // Asked on Friday 2025-01-24: the 调休 Sunday 01-26 and Monday 01-27
    // are working days 1 and 2, 01-28..02-04 are the holiday, 02-05..02-07
    // are days 3 to 5.
    let start = day(2025, 1, 24, 10);
    let case = case_with_terms(TimeLimit::WorkingDays(5), SilenceDefault::Consent, start);
    let (asked, _) = ask(&case, start);
    let due = asked.members[0].assists[0]
        .due(&cal, &asked.members[0])
        .unwrap();
    let expected = cal.add_working_days(start.date(), 5, &[]).unwrap();
    assert_eq!(due, expected.and_hms_opt(10, 0, 0).unwrap());
    assert_eq!(expected, NaiveDate::from_ymd_opt(2025, 2, 7).unwrap());
    assert!(
        asked
            .lapse_assists(day(2025, 2, 7, 9), &cal)
            .unwrap()
            .is_none()
    );
    assert!(
        asked
            .lapse_assists(day(2025, 2, 7, 10), &cal)
            .unwrap()
            .is_some()
    );
}

#[test]
fn an_undeclared_department_needs_a_limit_and_no_department_asks_itself() {
    let start = day(2025, 3, 3, 9);
    let case = case_with_terms(TimeLimit::Hours(4), SilenceDefault::Wait, start);
    let item = case.members[0].item().clone();
    let own = case.members[0].terms.department.clone();
    let ask_to = |to: &str, limit| Command::RequestAssist {
        to: code(to),
        subject: "核验".into(),
        question: "请核验".into(),
        limit,
    };
    let refuse = |cmd| {
        case.apply_to_member(&item, &cmd, Role::Examiner, start)
            .unwrap_err()
            .code()
    };
    assert_eq!(refuse(ask_to("gaj", None)), "assist_limit_required");
    assert_eq!(
        refuse(ask_to(own.as_str(), Some(TimeLimit::Hours(2)))),
        "assist_to_self"
    );
    let (asked, _) = case
        .apply_to_member(
            &item,
            &ask_to("gaj", Some(TimeLimit::Hours(2))),
            Role::Examiner,
            start,
        )
        .unwrap();
    assert_eq!(asked.members[0].assists[0].on_silence, SilenceDefault::Wait);
    assert_eq!(
        case.apply_to_member(
            &item,
            &ask_to("gaj", Some(TimeLimit::Hours(2))),
            Role::WindowClerk,
            start
        )
        .unwrap_err()
        .code(),
        "role_not_permitted"
    );
}
