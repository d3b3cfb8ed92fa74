//! 好差评 at the service level, on a temporary SQLite database with the demo
//! catalog and a clock the test moves (must-show 2 of issue 7): a
//! 非常不满意 rating opens a rectification task, its missed verification is
//! escalated exactly once however often the job runs, verify → rectify →
//! revisit closes it, and the department's satisfaction rate equals the
//! hand computation over the ratings given.

#[path = "cases/harness.rs"]
mod harness;
#[path = "reviews/support.rs"]
mod support;

use std::sync::Arc;

use tongban_domain::review::{Channel, Dimension, Level, Period, RatingInput, Step};
use tongban_service::reviews::ScoreFilter;
use tongban_store::CaseStore;

use harness::{applicant, code_of};
use support::{at, examiner, finished_case, input, review_env, supervisor};

#[tokio::test]
async fn a_very_dissatisfied_rating_is_escalated_once_when_late_and_closed_by_the_revisit() {
    let r = review_env().await;
    let zhang = applicant("zhang");
    let no = finished_case(&r.env, &zhang.id).await;

    // Friday 2025-01-24: verification is due on Sunday 01-26, a 调休 working day.
    let bad = r
        .reviews
        .rate(&zhang, &no, input(Level::VeryDissatisfied), Channel::Page)
        .await
        .unwrap();
    let list = r
        .reviews
        .rectification_worklist(&examiner(), false)
        .await
        .unwrap();
    assert_eq!(list.len(), 1);
    let task = &list[0].task;
    assert_eq!(task.review_id, bad.id);
    assert_eq!(task.department.as_str(), "350825-scjg");
    let verify = task.current().unwrap();
    assert_eq!(
        (verify.step, verify.due.to_string()),
        (Step::Verify, "2025-01-26".into())
    );

    // On the due day nothing is late; the next working day it is, once.
    assert_eq!(
        r.reviews
            .escalate_overdue(at("2025-01-26T18:00:00+08:00"))
            .await
            .unwrap(),
        0
    );
    let late = at("2025-01-27T09:00:00+08:00");
    assert_eq!(r.reviews.escalate_overdue(late).await.unwrap(), 1);
    assert_eq!(r.reviews.escalate_overdue(late).await.unwrap(), 0);
    let board = r.reviews.escalations(&supervisor(), 50).await.unwrap();
    assert_eq!(board.len(), 1);
    assert_eq!(
        (board[0].task_id.as_str(), board[0].step),
        (task.id.as_str(), Step::Verify)
    );
    let pending = r.env.db.pending_outbox(1000).await.unwrap();
    let named = |code: &str| pending.iter().filter(|e| e.event == code).count();
    assert_eq!(named("review.escalated"), 1);
    assert_eq!(named("review.rectification_opened"), 1);

    // A second rating waits for the rectification.
    let early = r
        .reviews
        .rate(&zhang, &no, input(Level::Satisfied), Channel::Api)
        .await;
    assert_eq!(code_of(early), "review_rectification_open");

    r.clock.set("2025-01-27T10:00:00+08:00");
    let id = task.id.clone();
    let out_of_order = r
        .reviews
        .complete_step(&examiner(), &id, Step::Revisit, "已回访")
        .await;
    assert_eq!(code_of(out_of_order), "rectification_step_out_of_order");
    for (step, note) in [
        (Step::Verify, "核实：受理后超期两日，情况属实"),
        (Step::Rectify, "整改：调整审查排班，明确时限提醒"),
        (Step::Revisit, "回访：申请人认可整改结果"),
    ] {
        r.reviews
            .complete_step(&examiner(), &id, step, note)
            .await
            .unwrap();
    }
    let closed = r.reviews.rectification(&examiner(), &id).await.unwrap();
    assert!(closed.task.is_closed());
    assert!(
        r.reviews
            .rectification_worklist(&examiner(), false)
            .await
            .unwrap()
            .is_empty()
    );
    // Later runs of the job find nothing to escalate on a closed task.
    assert_eq!(
        r.reviews
            .escalate_overdue(at("2025-02-28T09:00:00+08:00"))
            .await
            .unwrap(),
        0
    );

    // Now the applicant may rate again; the new rating supersedes the old.
    let again = r
        .reviews
        .rate(&zhang, &no, input(Level::Satisfied), Channel::Page)
        .await
        .unwrap();
    assert_eq!(again.supersedes.as_deref(), Some(bad.id.as_str()));
    let both = r.reviews.ratings_of_case(&zhang, &no).await.unwrap();
    assert_eq!(both.len(), 2);
    assert!(!both[0].is_valid() && both[1].is_valid());
}

#[tokio::test]
async fn the_departments_satisfaction_rate_matches_the_hand_computation() {
    let r = review_env().await;
    let levels = [
        Level::VerySatisfied,
        Level::Satisfied,
        Level::Satisfied,
        Level::BasicallySatisfied,
        Level::Dissatisfied,
        Level::VerySatisfied,
        Level::VeryDissatisfied,
    ];
    let mut counted = Vec::new();
    for (n, level) in levels.iter().enumerate() {
        let who = applicant(&format!("a{n}"));
        let no = finished_case(&r.env, &who.id).await;
        r.reviews
            .rate(&who, &no, input(*level), Channel::Page)
            .await
            .unwrap();
        counted.push(*level);
    }
    // One case is re-rated after its rectification: only the new rating counts.
    let who = applicant("rerated");
    let no = finished_case(&r.env, &who.id).await;
    r.reviews
        .rate(&who, &no, input(Level::Dissatisfied), Channel::Page)
        .await
        .unwrap();
    let task = r
        .reviews
        .rectification_worklist(&examiner(), false)
        .await
        .unwrap();
    let id = task
        .iter()
        .find(|t| t.task.case_no.as_ref().map(|c| c.as_str()) == Some(no.as_str()));
    let id = id.unwrap().task.id.clone();
    for step in [Step::Verify, Step::Rectify, Step::Revisit] {
        r.reviews
            .complete_step(&examiner(), &id, step, "已办理")
            .await
            .unwrap();
    }
    r.reviews
        .rate(&who, &no, input(Level::BasicallySatisfied), Channel::Page)
        .await
        .unwrap();
    counted.push(Level::BasicallySatisfied);

    let good = counted.iter().filter(|l| l.is_good()).count() as f64;
    let expected = good / counted.len() as f64;
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let filter = ScoreFilter {
        dimension: Dimension::Department,
        period: Period::new(day("2025-01-01"), day("2025-01-31")).unwrap(),
        region: None,
        department: None,
    };
    let board = r.reviews.scores(&supervisor(), &filter).await.unwrap();
    assert_eq!(board.lines.len(), 1);
    let line = &board.lines[0];
    assert_eq!(line.key, "350825-scjg");
    assert_eq!(line.total, counted.len() as u64);
    assert!(
        (line.rate.unwrap() - expected).abs() < 1e-12,
        "{:?} vs {expected}",
        line.rate
    );

    // The department's own staff see their department; the period excludes February.
    let own = ScoreFilter {
        department: Some(tongban_domain::ident::Code::parse("350825-scjg").unwrap()),
        ..filter.clone()
    };
    let mine = r.reviews.scores(&examiner(), &own).await.unwrap();
    assert_eq!(mine.total.total, counted.len() as u64);
    let february = ScoreFilter {
        period: Period::new(day("2025-02-01"), day("2025-02-28")).unwrap(),
        ..filter
    };
    assert_eq!(
        r.reviews
            .scores(&supervisor(), &february)
            .await
            .unwrap()
            .total
            .total,
        0
    );
    assert_eq!(
        code_of(r.reviews.scores(&examiner(), &february).await),
        "forbidden_role"
    );
}

#[tokio::test]
async fn only_the_applicant_rates_their_case_once_and_others_find_nothing() {
    let r = review_env().await;
    let zhang = applicant("zhang");
    let no = finished_case(&r.env, &zhang.id).await;
    let li = applicant("li");
    let other = r
        .reviews
        .rate(&li, &no, input(Level::Satisfied), Channel::Api)
        .await;
    assert_eq!(code_of(other), "case_not_found");
    let staff = r
        .reviews
        .rate(&examiner(), &no, input(Level::Satisfied), Channel::Api)
        .await;
    assert_eq!(code_of(staff), "case_not_found");
    let no_reason = RatingInput {
        level: Level::Dissatisfied,
        tags: vec![],
        comment: "  ".into(),
    };
    let refused = r.reviews.rate(&zhang, &no, no_reason, Channel::Api).await;
    assert_eq!(code_of(refused), "review_reason_required");
    let wrong_tag = RatingInput {
        level: Level::Satisfied,
        tags: vec!["态度不好".into()],
        comment: String::new(),
    };
    let refused = r.reviews.rate(&zhang, &no, wrong_tag, Channel::Api).await;
    assert_eq!(code_of(refused), "review_tag_unknown");
    r.reviews
        .rate(&zhang, &no, input(Level::Satisfied), Channel::Api)
        .await
        .unwrap();
    let twice = r
        .reviews
        .rate(&zhang, &no, input(Level::Satisfied), Channel::Api)
        .await;
    assert_eq!(code_of(twice), "review_already_rated");
    assert_eq!(r.reviews.my_reviews(&zhang).await.unwrap().len(), 1);
    assert!(r.reviews.my_reviews(&li).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_case_completed_today_gets_one_reminder_however_often_the_job_runs() {
    let r = review_env().await;
    let zhang = applicant("zhang");
    let unrated = finished_case(&r.env, &zhang.id).await;
    let rated = finished_case(&r.env, &zhang.id).await;
    r.reviews
        .rate(&zhang, &rated, input(Level::Satisfied), Channel::Page)
        .await
        .unwrap();
    // The cases were completed on 2025-01-24; the next day is not "today".
    assert_eq!(
        r.reviews
            .remind_unrated(at("2025-01-25T18:00:00+08:00"))
            .await
            .unwrap(),
        0
    );
    let evening = at("2025-01-24T18:00:00+08:00");
    assert_eq!(r.reviews.remind_unrated(evening).await.unwrap(), 1);
    assert_eq!(r.reviews.remind_unrated(evening).await.unwrap(), 0);
    let pending = r.env.db.pending_outbox(1000).await.unwrap();
    let reminders: Vec<_> = pending
        .iter()
        .filter(|e| e.event == "review.reminder")
        .collect();
    assert_eq!(reminders.len(), 1);
    assert_eq!(
        reminders[0].case_no.as_ref().map(|no| no.as_str()),
        Some(unrated.as_str())
    );
    // The dispatcher turns the reminder into one in-app message for the
    // applicant, naming the case.
    let events = tongban_service::EventService::new(
        Arc::new(r.env.db.clone()),
        Arc::new(r.env.db.clone()),
        Arc::new(r.env.db.clone()),
        Arc::new(tongban_service::AccountService::new(
            Arc::new(r.env.db.clone()),
            Arc::new(tongban_service::LogSms),
            r.clock.clone(),
        )),
        Arc::new(tongban_service::events::LogNotifier),
        r.clock.clone(),
    );
    while events.dispatch_once(100).await.unwrap() > 0 {}
    let inbox = events.my_notifications(&zhang, 50).await.unwrap();
    let told: Vec<_> = inbox
        .iter()
        .filter(|n| n.event == "review.reminder")
        .collect();
    assert_eq!(told.len(), 1);
    assert!(told[0].title.contains("请对本次服务进行评价"));
    assert!(told[0].body.contains(&unrated));
}

#[tokio::test]
async fn the_evaluator_device_rates_once_with_its_token_and_never_without() {
    let r = review_env().await;
    let zhang = applicant("zhang");
    let no = finished_case(&r.env, &zhang.id).await;
    let window = tongban_domain::ident::Code::parse("lc-window-03").unwrap();
    let other_dept = harness::staff(
        "far.clerk",
        tongban_domain::auth::Role::WindowClerk,
        "350821",
        "350821-scjg",
    );
    let refused = r.reviews.issue_device_link(&other_dept, &no, None).await;
    assert_eq!(code_of(refused), "case_not_found");
    let link = r
        .reviews
        .issue_device_link(&harness::clerk(), &no, Some(window.clone()))
        .await
        .unwrap();
    let token = link.path.split("?t=").nth(1).unwrap().to_string();
    let forged = "0".repeat(64);
    assert_eq!(
        code_of(r.reviews.device_case(&no, &forged).await),
        "review_device_token_invalid"
    );
    let shown = r.reviews.device_case(&no, &token).await.unwrap();
    assert_eq!(shown.window.as_ref(), Some(&window));
    let rating = r
        .reviews
        .rate_on_device(&no, &token, input(Level::VerySatisfied))
        .await
        .unwrap();
    assert_eq!(rating.channel, Channel::Device);
    assert_eq!(rating.rater.as_deref(), Some(zhang.id.as_str()));
    assert_eq!(rating.staff.as_deref(), Some(harness::clerk().id.as_str()));
    let again = r
        .reviews
        .rate_on_device(&no, &token, input(Level::VerySatisfied))
        .await;
    assert_eq!(code_of(again), "review_device_token_invalid");
}
