//! Unit tests of the appeal rules: the whole transition table, deadlines
//! across the 2025 National Day holiday, the escalation ladder, reopening
//! and the import row check.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::*;
use crate::clock::WorkCalendar;
use crate::ident::{Code, RegionCode};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

fn calendar() -> WorkCalendar {
    WorkCalendar::national().unwrap()
}

fn appeal(source: AppealSource, complexity: Complexity, filed: &str) -> Appeal {
    let filed_at = at(filed);
    Appeal {
        no: AppealNo::new(filed_at.date(), 1).unwrap(),
        source,
        category: "项目审批".into(),
        complexity,
        subject: AppealSubject {
            kind: SubjectKind::Enterprise,
            name: "宝鸡某机械有限公司".into(),
            key: None,
            id: None,
        },
        title: "用工招聘".into(),
        description: "急需招聘技术工人".into(),
        case_no: None,
        attachments: vec![],
        region: RegionCode::parse("610302").unwrap(),
        filed_at,
        filed_by: "staff:clerk".into(),
        owner: None,
        external: None,
        state: AppealState::Filed,
        dispatch: None,
        deadlines: deadlines_for(source, complexity, None, filed_at.date(), &calendar()).unwrap(),
        answered_on: None,
        resolved_on: None,
        reports: vec![],
        instructions: vec![],
        escalation_level: 0,
        ratings: vec![],
        reopened: 0,
    }
}

/// An appeal in `state`, dispatched to `lead` (and `co`) when past filing.
fn in_state(state: AppealState) -> Appeal {
    let mut a = appeal(
        AppealSource::Whistle,
        Complexity::Ordinary,
        "2025-09-01 09:00",
    );
    if state != AppealState::Filed {
        a.dispatch = Some(Dispatch {
            lead: code("lead"),
            co: vec![code("co")],
            by: "staff:sup".into(),
            at: at("2025-09-01 10:00"),
        });
    }
    a.state = state;
    a
}

fn command(kind: CommandKind) -> AppealCommand {
    let report = |kind| AppealCommand::Report {
        department: code("lead"),
        kind,
        text: "已处理".into(),
    };
    match kind {
        CommandKind::Dispatch => AppealCommand::Dispatch {
            lead: code("lead"),
            co: vec![],
        },
        CommandKind::Progress => report(ReportKind::Progress),
        CommandKind::Answer => report(ReportKind::Answer),
        CommandKind::Resolve => report(ReportKind::Resolution),
        CommandKind::Instruct => AppealCommand::Instruct {
            text: "请抓紧办理".into(),
        },
        CommandKind::Escalate => AppealCommand::Escalate { level: 1 },
        CommandKind::RateSatisfied => AppealCommand::Rate {
            satisfied: true,
            comment: String::new(),
        },
        CommandKind::RateUnsatisfied => AppealCommand::Rate {
            satisfied: false,
            comment: "没解决".into(),
        },
        CommandKind::Reopen => AppealCommand::Reopen {
            reason: "复查未解决".into(),
        },
    }
}

#[test]
fn every_state_and_command_pair_follows_the_transition_table() {
    use AppealState::*;
    // Rows: state; columns: CommandKind::ALL order (dispatch, progress,
    // answer, resolve, instruct, escalate, rate+, rate-, reopen).
    // A state is the result; "I" illegal, "C" closed.
    let table: [(AppealState, [&str; 9]); 5] = [
        (
            Filed,
            ["dispatched", "I", "I", "I", "filed", "filed", "I", "I", "I"],
        ),
        (
            Dispatched,
            [
                "dispatched",
                "dispatched",
                "answered",
                "resolved",
                "dispatched",
                "dispatched",
                "I",
                "I",
                "I",
            ],
        ),
        (
            Answered,
            [
                "I", "answered", "I", "resolved", "answered", "answered", "I", "I", "I",
            ],
        ),
        (
            Resolved,
            [
                "I",
                "I",
                "I",
                "I",
                "resolved",
                "I",
                "closed",
                "dispatched",
                "dispatched",
            ],
        ),
        (
            Closed,
            ["C", "C", "C", "C", "C", "C", "C", "C", "dispatched"],
        ),
    ];
    let cal = calendar();
    for (state, row) in table {
        for (kind, expected) in CommandKind::ALL.into_iter().zip(row) {
            let before = in_state(state);
            let result = apply(
                &before,
                command(kind),
                "staff:x",
                at("2025-09-02 10:00"),
                None,
                &cal,
            );
            match (expected, result) {
                ("I", Err(e)) => {
                    assert_eq!(e.code(), "appeal_illegal_transition", "{state:?} {kind:?}")
                }
                ("C", Err(e)) => assert_eq!(e.code(), "appeal_closed", "{state:?} {kind:?}"),
                (want, Ok((after, events))) => {
                    assert_eq!(after.state.code(), want, "{state:?} {kind:?}");
                    assert!(!events.is_empty(), "{state:?} {kind:?} raised no event");
                }
                (want, Err(e)) => panic!("{state:?} {kind:?}: expected {want}, refused {e}"),
            }
        }
    }
}

#[test]
fn a_complex_cant_get_it_done_appeal_filed_before_national_day_is_due_on_the_tenth_of_october() {
    // 5 working days from Friday 2025-09-26: Sun 09-28 (调休) 1, Mon 09-29 2,
    // Tue 09-30 3, 10-01…10-08 holiday, Thu 10-09 4, Fri 10-10 5.
    let a = appeal(
        AppealSource::CantGetItDone,
        Complexity::Complex,
        "2025-09-26 15:00",
    );
    assert_eq!(a.deadlines.resolve_by, day("2025-10-10"));
    // An ordinary one: Sun 09-28 and Mon 09-29.
    let o = appeal(
        AppealSource::CantGetItDone,
        Complexity::Ordinary,
        "2025-09-26 15:00",
    );
    assert_eq!(o.deadlines.resolve_by, day("2025-09-29"));
}

#[test]
fn other_appeals_follow_their_category_rule_or_five_working_days_and_one_month() {
    let cal = calendar();
    let d = deadlines_for(
        AppealSource::Whistle,
        Complexity::Ordinary,
        None,
        day("2025-09-26"),
        &cal,
    )
    .unwrap();
    assert_eq!(d.answer_by, day("2025-10-10"));
    assert_eq!(d.resolve_by, day("2025-10-26"));
    let rule = CategoryRule {
        category: "融资".into(),
        lead: code("jrb"),
        co: vec![],
        answer: AppealLimit::NaturalDays(3),
        resolve: AppealLimit::WorkingDays(10),
    };
    let d = deadlines_for(
        AppealSource::OnlineForm,
        Complexity::Complex,
        Some(&rule),
        day("2025-09-26"),
        &cal,
    )
    .unwrap();
    assert_eq!(d.answer_by, day("2025-09-29"));
    assert_eq!(d.resolve_by, day("2025-10-16"));
}

#[test]
fn escalation_starts_the_day_after_the_deadline_and_climbs_every_two_working_days() {
    let cal = calendar();
    let policy = EscalationPolicy::default();
    let mut a = appeal(
        AppealSource::CantGetItDone,
        Complexity::Complex,
        "2025-09-26 15:00",
    );
    a.state = AppealState::Dispatched;
    assert_eq!(policy.overdue(&a, day("2025-10-10"), &cal).unwrap(), None);
    let level = |d| policy.overdue(&a, day(d), &cal).unwrap().unwrap().level;
    assert_eq!(level("2025-10-11"), 1); // the 调休 Saturday
    assert_eq!(level("2025-10-13"), 1);
    assert_eq!(level("2025-10-14"), 2);
    assert_eq!(level("2025-10-16"), 3);
    assert_eq!(level("2025-12-31"), 3);
    a.state = AppealState::Resolved;
    assert_eq!(policy.overdue(&a, day("2025-12-31"), &cal).unwrap(), None);
}

#[test]
fn escalation_levels_rise_one_at_a_time() {
    let a = in_state(AppealState::Dispatched);
    let cal = calendar();
    let err = apply(
        &a,
        AppealCommand::Escalate { level: 2 },
        "system",
        at("2025-09-20 08:00"),
        None,
        &cal,
    )
    .unwrap_err();
    assert_eq!(err.code(), "appeal_escalation_out_of_order");
}

#[test]
fn an_unsatisfied_rating_reopens_with_fresh_deadlines_and_counts() {
    let cal = calendar();
    let mut a = in_state(AppealState::Resolved);
    a.answered_on = Some(day("2025-09-02"));
    a.resolved_on = Some(day("2025-09-03"));
    a.escalation_level = 1;
    let (after, events) = apply(
        &a,
        command(CommandKind::RateUnsatisfied),
        "applicant:e",
        at("2025-09-26 10:00"),
        None,
        &cal,
    )
    .unwrap();
    assert_eq!(after.state, AppealState::Dispatched);
    assert_eq!(after.reopened, 1);
    assert_eq!(after.escalation_level, 0);
    assert_eq!(after.answered_on, None);
    assert_eq!(after.deadlines.answer_by, day("2025-10-10"));
    let codes: Vec<&str> = events.iter().map(|e| e.kind.code()).collect();
    assert_eq!(codes, ["appeal.rated", "appeal.reopened"]);
}

#[test]
fn only_dispatched_departments_report_and_only_the_lead_resolves() {
    let cal = calendar();
    let a = in_state(AppealState::Dispatched);
    let report = |d: &str, kind| AppealCommand::Report {
        department: code(d),
        kind,
        text: "说明".into(),
    };
    let now = at("2025-09-02 10:00");
    let err = apply(
        &a,
        report("other", ReportKind::Answer),
        "s",
        now,
        None,
        &cal,
    )
    .unwrap_err();
    assert_eq!(err.code(), "appeal_not_dispatched_to");
    let err = apply(
        &a,
        report("co", ReportKind::Resolution),
        "s",
        now,
        None,
        &cal,
    )
    .unwrap_err();
    assert_eq!(err.code(), "appeal_lead_only");
    let (after, _) = apply(&a, report("co", ReportKind::Answer), "s", now, None, &cal).unwrap();
    assert_eq!(after.answered_on, Some(day("2025-09-02")));
}

#[test]
fn appeal_numbers_round_trip_and_reject_bad_dates() {
    let no = AppealNo::new(day("2025-09-26"), 42).unwrap();
    assert_eq!(no.as_str(), "SQ250926000042");
    assert_eq!(AppealNo::parse("sq250926000042"), Some(no));
    assert_eq!(AppealNo::parse("SQ250231000001"), None);
    assert_eq!(AppealNo::new(day("2025-09-26"), 0), None);
}

fn mapping() -> ImportMapping {
    let mut columns = BTreeMap::new();
    columns.insert(AppealField::WorkOrderNo, "工单编号".to_string());
    columns.insert(AppealField::ReceivedAt, "受理时间".to_string());
    columns.insert(AppealField::Category, "问题分类".to_string());
    columns.insert(AppealField::Description, "来电内容".to_string());
    columns.insert(AppealField::Phone, "来电号码".to_string());
    columns.insert(AppealField::Uscc, "企业信用代码".to_string());
    ImportMapping {
        name: "12345".into(),
        source: AppealSource::Hotline12345,
        columns,
    }
}

#[test]
fn import_rows_are_checked_field_by_field_with_stable_codes() {
    let m = mapping();
    m.check().unwrap();
    let headers: Vec<String> = [
        "来电内容",
        "工单编号",
        "问题分类",
        "受理时间",
        "来电号码",
        "企业信用代码",
    ]
    .map(String::from)
    .to_vec();
    let cols = m.locate(&headers).unwrap();
    let row = |cells: [&str; 6]| parse_row(&m, &cols, 7, &cells.map(String::from));
    let good = row([
        "路灯不亮",
        "GD-1",
        "市政",
        "2025/9/26 09:30",
        "138 0013 8000",
        "",
    ])
    .unwrap();
    assert_eq!(good.external.key(), "hotline_12345:GD-1");
    assert_eq!(good.phone.as_deref(), Some("13800138000"));
    assert_eq!(good.received_at, at("2025-09-26 09:30"));
    let cases = [
        (
            ["路灯", "", "市政", "2025-09-26", "", ""],
            "missing_work_order_no",
        ),
        (
            ["路灯", "GD 1", "市政", "2025-09-26", "", ""],
            "bad_work_order_no",
        ),
        (["路灯", "GD-2", "市政", "昨天", "", ""], "bad_received_at"),
        (
            ["路灯", "GD-2", "", "2025-09-26", "", ""],
            "missing_category",
        ),
        (
            ["", "GD-2", "市政", "2025-09-26", "", ""],
            "missing_description",
        ),
        (
            ["路灯", "GD-2", "市政", "2025-09-26", "12345", ""],
            "bad_phone",
        ),
        (
            [
                "路灯",
                "GD-2",
                "市政",
                "2025-09-26",
                "",
                "91350100M000100Y4X",
            ],
            "bad_uscc",
        ),
    ];
    for (cells, code) in cases {
        let problem = row(cells).unwrap_err();
        assert_eq!(problem.code, code);
        assert_eq!(problem.row, 7);
    }
    let missing = m.locate(&headers[..3]).unwrap_err();
    assert_eq!(missing.code, "missing_column");
}

#[test]
fn every_source_serialises_as_its_code() {
    for source in AppealSource::ALL {
        let json = serde_json::to_value(source).unwrap();
        assert_eq!(json, source.code());
        assert_eq!(AppealSource::parse(source.code()), Some(source));
    }
}
