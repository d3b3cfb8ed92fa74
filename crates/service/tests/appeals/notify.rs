//! Appeal events through the one outbox: the dispatcher tells the filer
//! in-app when a department answers, and queues a webhook delivery for the
//! lead department's subscription.

use std::sync::Arc;

use tongban_domain::appeal::{AppealLimit, CategoryRule, ReportKind};
use tongban_domain::ident::RegionCode;
use tongban_service::events::LogNotifier;
use tongban_service::{AccountService, Clock, EventService, LogSms};
use tongban_store::{CaseStore, DeliveryStatus, EventStore, Subscription, Topic};

use crate::harness::{
    Env, LEAD, OTHER, REGION, applicant, code, env, examiner, supervisor, whistle,
};

fn events(env: &Env) -> EventService {
    let accounts = Arc::new(AccountService::new(
        Arc::new(env.db.clone()),
        Arc::new(LogSms),
        env.clock.clone(),
    ));
    EventService::new(
        Arc::new(env.db.clone()),
        Arc::new(env.db.clone()),
        Arc::new(env.db.clone()),
        accounts,
        Arc::new(LogNotifier),
        env.clock.clone(),
    )
}

#[tokio::test]
async fn an_appeal_answered_by_a_department_gives_the_filer_exactly_one_message() {
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
    let filed = env.appeals.file(&applicant("a"), whistle()).await.unwrap();
    let no = filed.appeal.no.to_string();
    let dispatcher = events(&env);
    env.db
        .insert_subscription(&Subscription {
            id: "sub-fgj".into(),
            name: "发改局诉求系统".into(),
            department: code(LEAD),
            region: RegionCode::parse(REGION).unwrap(),
            url: "http://127.0.0.1:9/hook".into(),
            secret: "s3cret".into(),
            events: vec!["appeal.answered".into()],
            created_by: "staff:admin".into(),
            created_at: env.clock.now(),
        })
        .await
        .unwrap();
    env.appeals
        .report(
            &examiner(LEAD),
            &no,
            ReportKind::Answer,
            "已联系企业，安排专场招聘会",
        )
        .await
        .unwrap();

    // Filed, dispatched and answered wait in the one outbox, without a case.
    let pending = env.db.pending_outbox(100).await.unwrap();
    assert!(pending.len() >= 3);
    assert!(pending.iter().all(|e| e.topic == Topic::Appeal
        && e.case_no.is_none()
        && e.aggregate_id.as_deref() == Some(no.as_str())));

    // Two rounds (the second finds nothing left): one message in all.
    let settled = dispatcher.dispatch_once(100).await.unwrap();
    assert_eq!(settled, pending.len());
    assert_eq!(dispatcher.dispatch_once(100).await.unwrap(), 0);
    let inbox = env.db.notifications("applicant:a", 10).await.unwrap();
    assert_eq!(inbox.len(), 1, "only the answer is told: {inbox:?}");
    assert_eq!(inbox[0].event, "appeal.answered");
    assert_eq!(inbox[0].aggregate_id.as_deref(), Some(no.as_str()));
    assert!(inbox[0].body.contains(&no), "{}", inbox[0].body);
    assert!(!inbox[0].body.contains("13800138000"));
    let queued = env
        .db
        .deliveries(DeliveryStatus::Pending, 10)
        .await
        .unwrap();
    assert_eq!(
        queued.len(),
        1,
        "the lead department's system hears the answer"
    );
    assert_eq!(queued[0].event, "appeal.answered");
    let body: serde_json::Value = serde_json::from_str(&queued[0].body).unwrap();
    assert_eq!(
        (body["topic"].as_str(), body["aggregate_id"].as_str()),
        (Some("appeal"), Some(no.as_str()))
    );
}
