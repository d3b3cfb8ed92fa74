//! Conformance checks of the AppealStore: daily numbers and work-order
//! dedup, versioned updates with append-only history, escalations raised
//! once per (appeal, round, level), departments' and owners' listings,
//! and rules and import mappings saved by name.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use tongban_domain::appeal::{
    Appeal, AppealField, AppealLimit, AppealNo, AppealSource, AppealState, AppealSubject,
    CategoryRule, Complexity, Deadlines, Dispatch, ExternalRef, ImportMapping, SubjectKind,
};
use tongban_domain::ident::{Code, RegionCode};
use tongban_store::{
    AppealFilter, AppealInsert, AppealStore, AppealUpdate, NewAppeal, NewAppealEvent, NewHistory,
    StoreError,
};

use crate::common::Fixture;

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_758_848_400 + secs, 0).unwrap()
}

fn local(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

fn appeal(order: Option<&str>, owner: Option<&str>, lead: Option<&str>) -> Appeal {
    let filed_at = local("2025-09-26 09:00");
    Appeal {
        no: AppealNo::new(filed_at.date(), 1).unwrap(),
        source: if order.is_some() {
            AppealSource::Hotline12345
        } else {
            AppealSource::Whistle
        },
        category: "用工招聘".into(),
        complexity: Complexity::Ordinary,
        subject: AppealSubject {
            kind: SubjectKind::Enterprise,
            name: "宝鸡某机械有限公司".into(),
            key: None,
            id: Some(tongban_domain::subject::SubjectId::new("subj-1")),
        },
        title: "招工".into(),
        description: "急需招聘技术工人".into(),
        case_no: None,
        attachments: vec![],
        region: RegionCode::parse("610302").unwrap(),
        filed_at,
        filed_by: "staff:clerk".into(),
        owner: owner.map(String::from),
        external: order.map(|n| ExternalRef {
            source: AppealSource::Hotline12345,
            number: n.into(),
        }),
        state: if lead.is_some() {
            AppealState::Dispatched
        } else {
            AppealState::Filed
        },
        dispatch: lead.map(|l| Dispatch {
            lead: code(l),
            co: vec![code("bj-rsj")],
            by: "system".into(),
            at: filed_at,
        }),
        deadlines: Deadlines {
            answer_by: day("2025-10-10"),
            resolve_by: day("2025-10-26"),
        },
        answered_on: None,
        resolved_on: None,
        reports: vec![],
        instructions: vec![],
        escalation_level: 0,
        ratings: vec![],
        reopened: 0,
    }
}

fn new(appeal: Appeal) -> NewAppeal {
    NewAppeal {
        appeal,
        phone: Some("13800138000".into()),
        history: vec![NewHistory {
            at: at(0),
            actor: "staff:clerk".into(),
            action: "appeal.filed".into(),
            from_state: None,
            to_state: Some("filed".into()),
            detail: serde_json::json!({}),
        }],
        events: vec![NewAppealEvent {
            event: "appeal.filed".into(),
            payload: serde_json::json!({"source": "whistle"}),
        }],
        at: at(0),
    }
}

fn inserted(results: &[AppealInsert]) -> Vec<AppealNo> {
    results
        .iter()
        .filter_map(|r| match r {
            AppealInsert::Inserted(no) => Some(no.clone()),
            AppealInsert::Duplicate(_) => None,
        })
        .collect()
}

pub async fn appeals_get_daily_numbers_and_a_work_order_is_stored_once(f: Fixture) {
    let db = &f.db;
    let batch = |orders: &[&str]| {
        orders
            .iter()
            .map(|o| new(appeal(Some(o), None, None)))
            .collect::<Vec<_>>()
    };
    let first = db.create_appeals(batch(&["GD-1", "GD-2"])).await.unwrap();
    let numbers = inserted(&first);
    assert_eq!(
        numbers.iter().map(AppealNo::as_str).collect::<Vec<_>>(),
        ["SQ250926000001", "SQ250926000002"]
    );
    let again = db.create_appeals(batch(&["GD-2", "GD-3"])).await.unwrap();
    assert_eq!(
        again[0],
        AppealInsert::Duplicate("hotline_12345:GD-2".into())
    );
    assert_eq!(inserted(&again).len(), 1);
    let stored = db.load_appeal("SQ250926000001").await.unwrap().unwrap();
    assert_eq!(stored.appeal.no.as_str(), "SQ250926000001");
    assert_eq!(stored.phone.as_deref(), Some("13800138000"));
    assert_eq!(stored.version, 1);
    let events = appeal_events(db).await;
    assert_eq!(events.len(), 3, "one appeal.filed per stored appeal only");
    assert_eq!(events[0].payload["appeal_no"], "SQ250926000001");
    assert_eq!(events[0].aggregate_id.as_deref(), Some("SQ250926000001"));
    assert!(events.iter().all(|e| e.case_no.is_none()));
    assert!(db.load_appeal("SQ250926000009").await.unwrap().is_none());
}

pub async fn a_stale_update_is_a_conflict_and_history_only_grows(f: Fixture) {
    let db = &f.db;
    let no = inserted(
        &db.create_appeals(vec![new(appeal(None, None, None))])
            .await
            .unwrap(),
    )[0]
    .clone();
    let stored = db.load_appeal(no.as_str()).await.unwrap().unwrap();
    let mut changed = stored.appeal.clone();
    changed.state = AppealState::Dispatched;
    changed.dispatch = Some(Dispatch {
        lead: code("bj-fgw"),
        co: vec![],
        by: "staff:sup".into(),
        at: local("2025-09-26 10:00"),
    });
    let update = |expected| AppealUpdate {
        appeal: changed.clone(),
        expected_version: expected,
        history: vec![NewHistory {
            at: at(60),
            actor: "staff:sup".into(),
            action: "appeal.dispatched".into(),
            from_state: Some("filed".into()),
            to_state: Some("dispatched".into()),
            detail: serde_json::json!({"lead": "bj-fgw"}),
        }],
        events: vec![],
        at: at(60),
    };
    db.update_appeal(&update(1)).await.unwrap();
    let err = db.update_appeal(&update(1)).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    let history = db.appeal_history(no.as_str()).await.unwrap();
    assert_eq!(
        history
            .iter()
            .map(|h| (h.seq, h.action.as_str()))
            .collect::<Vec<_>>(),
        [(1, "appeal.filed"), (2, "appeal.dispatched")]
    );
    let of_department = |d: &str| AppealFilter {
        department: Some(d.into()),
        limit: 10,
        ..AppealFilter::default()
    };
    assert_eq!(
        db.list_appeals(&of_department("bj-fgw"))
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        db.list_appeals(&of_department("bj-rsj"))
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn an_escalation_is_raised_once_however_many_nodes_try(f: Fixture) {
    let db = &f.db;
    let no = inserted(
        &db.create_appeals(vec![new(appeal(None, None, Some("bj-fgw")))])
            .await
            .unwrap(),
    )[0]
    .clone();
    let stored = db.load_appeal(no.as_str()).await.unwrap().unwrap();
    let mut escalated = stored.appeal.clone();
    escalated.escalation_level = 1;
    let update = AppealUpdate {
        appeal: escalated,
        expected_version: stored.version,
        history: vec![],
        events: vec![NewAppealEvent {
            event: "appeal.escalated".into(),
            payload: serde_json::json!({"level": 1}),
        }],
        at: at(120),
    };
    let tries = (0..4).map(|_| {
        let db = db.clone();
        let update = update.clone();
        tokio::spawn(async move { db.record_escalation(&update, 0, 1, day("2025-10-10")).await })
    });
    let mut raised = 0;
    for t in tries {
        match t.await.unwrap() {
            Ok(true) => raised += 1,
            Ok(false) | Err(StoreError::Conflict(_)) => {}
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(raised, 1);
    let rows = db.appeal_escalations(no.as_str()).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].round, rows[0].level, rows[0].due),
        (0, 1, day("2025-10-10"))
    );
    let events = appeal_events(db).await;
    assert_eq!(
        events
            .iter()
            .filter(|e| e.event == "appeal.escalated")
            .count(),
        1
    );
    let after = db.load_appeal(no.as_str()).await.unwrap().unwrap();
    assert_eq!((after.version, after.appeal.escalation_level), (2, 1));
}

pub async fn owners_and_subjects_find_their_own_appeals_only(f: Fixture) {
    let db = &f.db;
    db.create_appeals(vec![
        new(appeal(None, Some("applicant:a"), None)),
        new(appeal(None, Some("applicant:b"), None)),
    ])
    .await
    .unwrap();
    let by_owner = |o: &str| AppealFilter {
        owner: Some(o.into()),
        limit: 10,
        ..AppealFilter::default()
    };
    let mine = db.list_appeals(&by_owner("applicant:a")).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].appeal.owner.as_deref(), Some("applicant:a"));
    let of_subject = AppealFilter {
        subject: Some((Some("subj-1".into()), vec![])),
        states: vec!["filed".into()],
        limit: 10,
        ..AppealFilter::default()
    };
    assert_eq!(db.list_appeals(&of_subject).await.unwrap().len(), 2);
    let nobody = AppealFilter {
        subject: Some((None, vec![])),
        limit: 10,
        ..AppealFilter::default()
    };
    assert!(db.list_appeals(&nobody).await.unwrap().is_empty());
}

pub async fn rules_and_mappings_are_saved_by_name_and_replaced(f: Fixture) {
    let db = &f.db;
    let mut rule = CategoryRule {
        category: "融资".into(),
        lead: code("bj-jrb"),
        co: vec![code("bj-rsj")],
        answer: AppealLimit::WorkingDays(5),
        resolve: AppealLimit::Months(1),
    };
    db.put_appeal_rule(&rule, "staff:sup", at(0)).await.unwrap();
    rule.resolve = AppealLimit::NaturalDays(20);
    db.put_appeal_rule(&rule, "staff:sup", at(1)).await.unwrap();
    assert_eq!(db.appeal_rules().await.unwrap(), vec![rule]);
    let mapping = ImportMapping {
        name: "12345-宝鸡".into(),
        source: AppealSource::Hotline12345,
        columns: BTreeMap::from([(AppealField::WorkOrderNo, "工单编号".to_string())]),
    };
    db.put_import_mapping(&mapping, "staff:sup", at(0))
        .await
        .unwrap();
    assert_eq!(
        db.import_mapping("12345-宝鸡").await.unwrap(),
        Some(mapping.clone())
    );
    assert_eq!(db.import_mapping("other").await.unwrap(), None);
    assert_eq!(db.import_mappings().await.unwrap(), vec![mapping]);
}

/// The pending events of the one outbox about appeals, oldest first.
async fn appeal_events(db: &tongban_store::Db) -> Vec<tongban_store::OutboxEvent> {
    use tongban_store::CaseStore;
    let pending = db.pending_outbox(1000).await.unwrap();
    pending
        .into_iter()
        .filter(|e| e.topic == tongban_store::Topic::Appeal)
        .collect()
}
