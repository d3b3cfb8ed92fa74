//! The appeal use cases on a temporary SQLite database with a fixed
//! clock: the 办不成事 deadline across the 2025 National Day holiday and its
//! one escalation, the 12345 import of 10,000 rows with 37 bad ones, the
//! unsatisfied 评哨 that reopens an appeal and shows on the supervisor's
//! board, and who sees which appeals.

#[path = "appeals/export.rs"]
mod export;
#[path = "appeals/harness.rs"]
mod harness;
#[path = "appeals/notify.rs"]
mod notify;

use std::time::Instant;

use chrono::NaiveDate;
use tongban_domain::appeal::{AppealLimit, AppealState, CategoryRule, Complexity, ReportKind};
use tongban_domain::subject::SubjectId;
use tongban_service::Clock;
use tongban_store::{AppealStore, CaseStore, Topic};

use harness::{
    ENTERPRISE, LEAD, OTHER, applicant, cant_get_it_done, clerk, code, env, examiner, leader,
    supervisor, whistle,
};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

async fn events_named(env: &harness::Env, name: &str) -> usize {
    let events = env.db.pending_outbox(100_000).await.unwrap();
    events
        .iter()
        .filter(|e| e.topic == Topic::Appeal && e.event == name)
        .count()
}

#[tokio::test]
async fn a_complex_cant_get_it_done_appeal_filed_before_national_day_is_due_on_10_october_and_escalates_once()
 {
    let env = env("2025-09-26 15:00").await;
    let filed = env
        .appeals
        .file(&clerk(), cant_get_it_done(Complexity::Complex))
        .await
        .unwrap();
    // Complex: 5 working days, counted from the day after filing (Friday
    // 2025-09-26). Sat 09-27 is a rest day; Sun 09-28 is a 调休 working day
    // (1); Mon 09-29 (2); Tue 09-30 (3); 10-01 … 10-08 is the National Day
    // and Mid-Autumn holiday; Thu 10-09 (4); Fri 10-10 (5). The 调休
    // Saturday 10-11 is not needed. Due: 2025-10-10.
    let due = day("2025-10-10");
    assert_eq!(filed.appeal.deadlines.resolve_by, due);
    assert_eq!(filed.appeal.deadlines.answer_by, due);
    assert_eq!(filed.appeal.state, AppealState::Filed);
    assert_eq!(filed.phone_masked.as_deref(), Some("138****8000"));
    let no = filed.appeal.no.to_string();
    env.appeals
        .dispatch(&supervisor(), &no, code(LEAD), vec![code(OTHER)])
        .await
        .unwrap();

    // On the due day (evening) it is not late yet.
    env.clock.set("2025-10-10 20:00");
    assert_eq!(
        env.appeals.escalate_overdue(env.clock.now()).await.unwrap(),
        0
    );

    // The 调休 Saturday 10-11 is the first day late: two nodes run the job
    // at once, then it runs again; one escalation in all.
    env.clock.set("2025-10-11 09:00");
    let now = env.clock.now();
    let (x, y) = tokio::join!(
        env.appeals.escalate_overdue(now),
        env.appeals.escalate_overdue(now)
    );
    assert_eq!(x.unwrap() + y.unwrap(), 1);
    assert_eq!(env.appeals.escalate_overdue(now).await.unwrap(), 0);
    let raised = env.db.appeal_escalations(&no).await.unwrap();
    assert_eq!(raised.len(), 1);
    assert_eq!((raised[0].level, raised[0].due), (1, due));
    assert_eq!(events_named(&env, "appeal.escalated").await, 1);
    let view = env.appeals.appeal(&supervisor(), &no).await.unwrap();
    assert_eq!(view.appeal.escalation_level, 1);
    let board = env.appeals.board(&supervisor()).await.unwrap();
    assert_eq!(board.overdue.len(), 1);
    assert_eq!(board.overdue[0].escalation_level, 1);
    assert_eq!(board.overdue[0].due, Some(due));
}

#[tokio::test]
async fn an_unsatisfied_whistle_rating_reopens_it_and_the_board_shows_the_reopened_count() {
    let env = env("2025-09-01 10:00").await;
    env.appeals
        .set_rule(
            &supervisor(),
            CategoryRule {
                category: "用工招聘".into(),
                lead: code(LEAD),
                co: vec![code(OTHER)],
                answer: AppealLimit::WorkingDays(5),
                resolve: AppealLimit::Months(1),
            },
        )
        .await
        .unwrap();
    let ent = applicant("a");
    let filed = env.appeals.file(&ent, whistle()).await.unwrap();
    assert_eq!(
        filed.appeal.state,
        AppealState::Dispatched,
        "dispatched by the category rule"
    );
    assert_eq!(filed.appeal.subject.id, Some(SubjectId::new(ENTERPRISE)));
    let no = filed.appeal.no.to_string();
    let lead = examiner(LEAD);
    env.appeals
        .instruct(&leader(LEAD), &no, "请人社局三日内对接招聘会")
        .await
        .unwrap();
    env.appeals
        .report(
            &examiner(OTHER),
            &no,
            ReportKind::Answer,
            "已联系企业，安排专场招聘会",
        )
        .await
        .unwrap();
    env.appeals
        .report(&lead, &no, ReportKind::Resolution, "专场招聘会已举办")
        .await
        .unwrap();
    let rated = env
        .appeals
        .rate(&ent, &no, false, "只招到5人")
        .await
        .unwrap();
    assert_eq!(rated.appeal.state, AppealState::Dispatched);
    assert_eq!(rated.appeal.reopened, 1);
    assert_eq!(events_named(&env, "appeal.reopened").await, 1);

    let board = env.appeals.board(&supervisor()).await.unwrap();
    assert_eq!(board.reopened.len(), 1);
    assert_eq!(
        (board.reopened[0].no.to_string(), board.reopened[0].reopened),
        (no.clone(), 1)
    );

    env.appeals
        .report(&lead, &no, ReportKind::Resolution, "第二场招聘会补足30人")
        .await
        .unwrap();
    let closed = env.appeals.rate(&ent, &no, true, "满意").await.unwrap();
    assert_eq!(closed.appeal.state, AppealState::Closed);
    let board = env.appeals.board(&supervisor()).await.unwrap();
    assert_eq!(
        board.reopened[0].reopened, 1,
        "the count is kept after closing"
    );
    let history = env.appeals.history(&supervisor(), &no).await.unwrap();
    let actions: Vec<&str> = history.iter().map(|h| h.action.as_str()).collect();
    assert!(actions.starts_with(&["appeal.filed", "appeal.dispatched", "appeal.instructed"]));
    assert!(actions.ends_with(&["appeal.rated", "appeal.closed"]));
}

#[tokio::test]
async fn an_applicant_sees_only_their_own_appeals_and_a_department_only_those_dispatched_to_it() {
    let env = env("2025-09-01 10:00").await;
    let a = applicant("a");
    let no = env
        .appeals
        .file(&a, whistle())
        .await
        .unwrap()
        .appeal
        .no
        .to_string();
    let b = applicant("b");
    let err = env.appeals.appeal(&b, &no).await.unwrap_err();
    assert_eq!(err.code(), "appeal_not_found");
    assert!(env.appeals.mine(&b).await.unwrap().is_empty());
    assert_eq!(env.appeals.mine(&a).await.unwrap().len(), 1);
    let err = env.appeals.rate(&b, &no, false, "").await.unwrap_err();
    assert_eq!(err.code(), "appeal_not_found");

    // Not dispatched yet: no department sees it.
    assert_eq!(
        env.appeals
            .appeal(&examiner(LEAD), &no)
            .await
            .unwrap_err()
            .code(),
        "appeal_not_found"
    );
    env.appeals
        .dispatch(&supervisor(), &no, code(LEAD), vec![])
        .await
        .unwrap();
    assert_eq!(
        env.appeals
            .department_worklist(&examiner(LEAD), true)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        env.appeals
            .department_worklist(&examiner(OTHER), false)
            .await
            .unwrap()
            .is_empty()
    );
    let err = env.appeals.appeal(&examiner(OTHER), &no).await.unwrap_err();
    assert_eq!(err.code(), "appeal_not_found");
    let err = env
        .appeals
        .report(&examiner(OTHER), &no, ReportKind::Answer, "不归我们管")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "appeal_not_found");

    // The enterprise's file lists it for the enterprise, not for another applicant.
    let file = env
        .appeals
        .subject_file(&a, &SubjectId::new(ENTERPRISE))
        .await
        .unwrap();
    assert_eq!(file.appeals.len(), 1);
    let uscc = tongban_domain::ident::Uscc::complete("91350825MA31X0001").unwrap();
    assert_eq!(
        file.keys_masked,
        [uscc.to_string()],
        "a credit code is public"
    );
    let err = env
        .appeals
        .subject_file(&b, &SubjectId::new(ENTERPRISE))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "appeal_not_found");
}

async fn import_twice(format: &str) {
    let env = env("2025-10-15 09:00").await;
    env.appeals
        .save_mapping(&supervisor(), export::mapping())
        .await
        .unwrap();
    let generated = export::generate(10_000, 37);
    let bytes = if format == "xlsx" {
        generated.xlsx()
    } else {
        generated.csv()
    };
    let started = Instant::now();
    let report = env
        .appeals
        .import(&supervisor(), "12345-连城", &bytes)
        .await
        .unwrap();
    let took = started.elapsed();
    eprintln!("{format}: 10,000 rows imported in {took:?}");
    assert_eq!(report.rows, 10_000);
    assert_eq!(report.imported, 9_963);
    assert_eq!(report.already_imported, 0);
    let listed: Vec<(usize, &str)> = report
        .problems
        .iter()
        .map(|p| (p.row, p.code.as_str()))
        .collect();
    let expected: Vec<(usize, &str)> = generated.bad.iter().map(|(r, c)| (*r, *c)).collect();
    assert_eq!(listed, expected);
    assert!(report.problems.iter().all(|p| !p.reason.is_empty()));
    assert!(took.as_secs() < 60, "import took {took:?}");

    let again = env
        .appeals
        .import(&supervisor(), "12345-连城", &bytes)
        .await
        .unwrap();
    assert_eq!(again.imported, 0);
    assert_eq!(again.already_imported, 9_963);
    assert_eq!(again.problems.len(), 37);
    assert_eq!(events_named(&env, "appeal.filed").await, 9_963);
}

#[tokio::test]
async fn a_12345_xlsx_export_of_10000_rows_imports_9963_lists_the_37_bad_rows_and_imports_once() {
    import_twice("xlsx").await;
}

#[tokio::test]
async fn the_same_export_as_csv_imports_the_same_rows_once() {
    import_twice("csv").await;
}
