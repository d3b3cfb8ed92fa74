//! Conformance checks of the ReviewStore: one valid rating per case and a
//! supersede that happens once, a rating written with its task and events,
//! versioned tasks, escalations once per task and step, scores counted in
//! SQL, same-day reminders once and device tokens spent once.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::json;
use tongban_domain::case::{Case, CaseNo, IntakeChannel};
use tongban_domain::clock::WorkCalendar;
use tongban_domain::ident::{Code, RegionCode};
use tongban_domain::review::{
    Channel, Dimension, Level, Rating, RectificationLimits, RectificationTask, Step, Target,
};
use tongban_store::{
    CaseStore, Created, DeviceToken, Escalation, NewCase, NewOutboxEvent, NewRating, RatingWrite,
    ReviewAudit, ReviewStore, ScoreQuery,
};

use crate::common::{Fixture, item};

fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_758_852_000, 0).unwrap() // 2025-09-26T02:00:00Z, 10:00 in Beijing
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 9, 26).unwrap()
}

/// A stored case owned by `owner`; its number.
async fn case_of(f: &Fixture, owner: &str) -> CaseNo {
    let item = item("food-licence", "食品经营许可", "350825-scjg");
    let provisional = CaseNo::new(&RegionCode::parse("350825").unwrap(), day(), 1).unwrap();
    let case = Case::for_item(
        provisional,
        &item,
        &[],
        IntakeChannel::Window,
        t0().naive_utc(),
    );
    let new = NewCase {
        case,
        day: day(),
        owner: Some(owner.into()),
        phone: None,
        at: t0(),
        audit: vec![],
        outbox: vec![],
        idempotency: None,
    };
    match f.db.create_case(new).await.unwrap() {
        Created::New(no) => no,
        other => panic!("expected a new case, got {other:?}"),
    }
}

fn rating(id: &str, case_no: &CaseNo, level: Level, at: DateTime<Utc>) -> Rating {
    Rating {
        id: id.into(),
        target: Target::Case {
            case_no: case_no.clone(),
        },
        level,
        tags: vec![],
        comment: "评价".into(),
        channel: Channel::Page,
        rater: Some("applicant:zhang".into()),
        department: Code::parse("350825-scjg").unwrap(),
        region: RegionCode::parse("350825").unwrap(),
        item: Some(Code::parse("food-licence").unwrap()),
        staff: Some("staff:clerk".into()),
        window: None,
        rated_at: at,
        supersedes: None,
        superseded_by: None,
    }
}

fn plain(rating: Rating) -> NewRating {
    NewRating {
        rating,
        task: None,
        device_token: None,
        outbox: vec![],
    }
}

fn task_of(r: &Rating) -> RectificationTask {
    let cal = WorkCalendar::national().unwrap();
    RectificationTask::open(
        format!("t-{}", r.id),
        r,
        &RectificationLimits::default(),
        &cal,
        day(),
        t0(),
    )
    .unwrap()
}

fn audit(subject: &str, action: &str) -> ReviewAudit {
    ReviewAudit {
        id: format!("a-{subject}-{action}"),
        subject: subject.into(),
        at: t0(),
        actor: "staff:ex".into(),
        action: action.into(),
        detail: json!({}),
    }
}

fn event(code: &str) -> NewOutboxEvent {
    NewOutboxEvent {
        event: code.into(),
        payload: json!({}),
    }
}

async fn events_named(f: &Fixture, code: &str) -> usize {
    let pending = f.db.pending_outbox(10_000).await.unwrap();
    pending.iter().filter(|e| e.event == code).count()
}

pub async fn a_case_has_one_valid_rating_and_a_re_rating_supersedes_it_once(f: Fixture) {
    let no = case_of(&f, "applicant:zhang").await;
    let first = rating("r1", &no, Level::Dissatisfied, t0());
    assert_eq!(
        f.db.insert_rating(&plain(first), None).await.unwrap(),
        RatingWrite::Stored
    );
    let twice = rating("r2", &no, Level::Satisfied, t0());
    assert_eq!(
        f.db.insert_rating(&plain(twice), None).await.unwrap(),
        RatingWrite::AlreadyRated
    );
    let mut again = rating("r3", &no, Level::Satisfied, t0() + Duration::days(7));
    again.supersedes = Some("r1".into());
    assert_eq!(
        f.db.insert_rating(&plain(again), None).await.unwrap(),
        RatingWrite::Stored
    );
    let mut late = rating("r4", &no, Level::Satisfied, t0() + Duration::days(8));
    late.supersedes = Some("r1".into());
    assert_eq!(
        f.db.insert_rating(&plain(late), None).await.unwrap(),
        RatingWrite::SupersededMeanwhile
    );
    let all = f.db.ratings_of_case(&no).await.unwrap();
    let ids: Vec<&str> = all.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["r1", "r3"]);
    assert_eq!(all[0].superseded_by.as_deref(), Some("r3"));
    assert!(all[1].is_valid());
    assert_eq!(all[1].supersedes.as_deref(), Some("r1"));
    let mine = f.db.ratings_by_rater("applicant:zhang", 10).await.unwrap();
    assert_eq!(mine.first().map(|r| r.id.as_str()), Some("r3"));
}

pub async fn a_bad_rating_is_stored_with_its_task_and_events_and_tasks_are_versioned(f: Fixture) {
    let no = case_of(&f, "applicant:zhang").await;
    let bad = rating("r1", &no, Level::VeryDissatisfied, t0());
    let task = task_of(&bad);
    let new = NewRating {
        rating: bad.clone(),
        task: Some(task.clone()),
        device_token: None,
        outbox: vec![event("review.rated"), event("review.rectification_opened")],
    };
    assert_eq!(
        f.db.insert_rating(&new, None).await.unwrap(),
        RatingWrite::Stored
    );
    assert_eq!(f.db.rating("r1").await.unwrap(), Some(bad));
    let stored = f.db.task_of_review("r1").await.unwrap().unwrap();
    assert_eq!((stored.task.clone(), stored.version), (task.clone(), 1));
    assert_eq!(events_named(&f, "review.rectification_opened").await, 1);

    let cal = WorkCalendar::national().unwrap();
    let verified = task
        .complete(
            Step::Verify,
            "属实",
            "staff:ex",
            t0(),
            day(),
            &RectificationLimits::default(),
            &cal,
        )
        .unwrap();
    let a = audit(&task.id, "rectification.verify");
    assert!(f.db.update_task(&verified, 1, &a, &[]).await.unwrap());
    let stale = audit(&task.id, "stale");
    assert!(!f.db.update_task(&verified, 1, &stale, &[]).await.unwrap());
    let back = f.db.task(&task.id).await.unwrap().unwrap();
    assert_eq!(
        (back.version, back.task.current().map(|s| s.step)),
        (2, Some(Step::Rectify))
    );
    let trail = f.db.review_audit(&task.id).await.unwrap();
    assert_eq!(trail.len(), 1, "the refused write left no audit entry");
    let open = f.db.tasks("350825", None, false, 10).await.unwrap();
    assert_eq!(open.len(), 1);
    let elsewhere = f.db.tasks("3501", None, true, 10).await.unwrap();
    assert!(elsewhere.is_empty());
}

pub async fn an_overdue_step_is_escalated_once_per_task_and_step(f: Fixture) {
    let no = case_of(&f, "applicant:zhang").await;
    let bad = rating("r1", &no, Level::Dissatisfied, t0());
    let task = task_of(&bad);
    let new = NewRating {
        rating: bad,
        task: Some(task.clone()),
        device_token: None,
        outbox: vec![],
    };
    f.db.insert_rating(&new, None).await.unwrap();
    let due = task.current().unwrap().due;
    assert!(f.db.overdue_tasks(due, 10).await.unwrap().is_empty());
    let later = due + Duration::days(1);
    assert_eq!(f.db.overdue_tasks(later, 10).await.unwrap().len(), 1);
    let escalation = |id: &str| Escalation {
        id: id.into(),
        task_id: task.id.clone(),
        step: Step::Verify,
        due,
        case_no: Some(no.clone()),
        department: Code::parse("350825-scjg").unwrap(),
        region: RegionCode::parse("350825").unwrap(),
        escalated_at: t0(),
    };
    let a = audit(&task.id, "escalated");
    let out = [event("review.escalated")];
    assert!(f.db.escalate(&escalation("e1"), &a, &out).await.unwrap());
    let a2 = audit(&task.id, "escalated-again");
    assert!(!f.db.escalate(&escalation("e2"), &a2, &out).await.unwrap());
    assert_eq!(events_named(&f, "review.escalated").await, 1);
    assert!(f.db.overdue_tasks(later, 10).await.unwrap().is_empty());
    let board = f.db.escalations("3508", 10).await.unwrap();
    assert_eq!(board.len(), 1);
    assert_eq!((board[0].id.as_str(), board[0].step), ("e1", Step::Verify));
}

pub async fn scores_count_valid_ratings_per_group_and_level_in_the_period(f: Fixture) {
    let levels = [
        Level::VerySatisfied,
        Level::Satisfied,
        Level::Satisfied,
        Level::Dissatisfied,
    ];
    for (n, level) in levels.iter().enumerate() {
        let no = case_of(&f, "applicant:zhang").await;
        let r = rating(&format!("r{n}"), &no, *level, t0());
        f.db.insert_rating(&plain(r), None).await.unwrap();
    }
    // Superseded, and outside the period: neither counts.
    let no = case_of(&f, "applicant:zhang").await;
    f.db.insert_rating(
        &plain(rating("old", &no, Level::VeryDissatisfied, t0())),
        None,
    )
    .await
    .unwrap();
    let mut new = rating("new", &no, Level::BasicallySatisfied, t0());
    new.supersedes = Some("old".into());
    f.db.insert_rating(&plain(new), None).await.unwrap();
    let no = case_of(&f, "applicant:zhang").await;
    let outside = rating(
        "outside",
        &no,
        Level::VeryDissatisfied,
        t0() + Duration::days(40),
    );
    f.db.insert_rating(&plain(outside), None).await.unwrap();

    let query = ScoreQuery {
        dimension: Dimension::Department,
        from: t0() - Duration::days(1),
        until: t0() + Duration::days(1),
        region_prefix: "3508".into(),
        department: None,
    };
    let rows = f.db.score_rows(&query).await.unwrap();
    let count = |l: Level| rows.iter().find(|r| r.level == l).map_or(0, |r| r.count);
    assert!(rows.iter().all(|r| r.key == "350825-scjg"));
    assert_eq!(count(Level::Satisfied), 2);
    assert_eq!(count(Level::BasicallySatisfied), 1);
    assert_eq!(count(Level::VeryDissatisfied), 0);
    assert_eq!(rows.iter().map(|r| r.count).sum::<u64>(), 5);
    let elsewhere = ScoreQuery {
        region_prefix: "3501".into(),
        ..query.clone()
    };
    assert!(f.db.score_rows(&elsewhere).await.unwrap().is_empty());
    let by_window = ScoreQuery {
        dimension: Dimension::Window,
        ..query
    };
    assert!(
        f.db.score_rows(&by_window).await.unwrap().is_empty(),
        "no window was named"
    );
}

pub async fn reminders_are_recorded_once_and_device_tokens_spent_once(f: Fixture) {
    let no = case_of(&f, "applicant:zhang").await;
    let out = [event("review.reminder")];
    assert!(
        f.db.record_reminder(&no, "applicant:zhang", t0(), &out)
            .await
            .unwrap()
    );
    assert!(
        !f.db
            .record_reminder(&no, "applicant:zhang", t0(), &out)
            .await
            .unwrap()
    );
    assert_eq!(events_named(&f, "review.reminder").await, 1);

    let token = DeviceToken {
        token_hash: "h".repeat(64),
        case_no: no.clone(),
        window: Some(Code::parse("lc-window-3").unwrap()),
        staff: "staff:clerk".into(),
        issued_at: t0(),
        expires_at: t0() + Duration::hours(2),
        used_at: None,
    };
    f.db.insert_device_token(&token, &audit(no.as_str(), "issued"))
        .await
        .unwrap();
    assert_eq!(
        f.db.device_token(&token.token_hash).await.unwrap(),
        Some(token.clone())
    );
    let on_device = |id: &str| NewRating {
        rating: Rating {
            channel: Channel::Device,
            ..rating(id, &no, Level::Satisfied, t0() + Duration::minutes(5))
        },
        task: None,
        device_token: Some(token.token_hash.clone()),
        outbox: vec![],
    };
    assert_eq!(
        f.db.insert_rating(&on_device("d1"), None).await.unwrap(),
        RatingWrite::Stored
    );
    assert_eq!(
        f.db.insert_rating(&on_device("d2"), None).await.unwrap(),
        RatingWrite::TokenSpent
    );
    let used = f.db.device_token(&token.token_hash).await.unwrap().unwrap();
    assert!(used.used_at.is_some());
    assert_eq!(f.db.ratings_of_case(&no).await.unwrap().len(), 1);
}
