//! Conformance checks of the objection store: objections round trip, one
//! pending objection per licence field, the department's list by due date,
//! stale writes are conflicts, and an overdue objection is marked once
//! with one outbox event however many callers race.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use tongban_domain::case::{Case, CaseNo, IntakeChannel};
use tongban_domain::clock::WorkCalendar;
use tongban_domain::ident::{Code, RegionCode, ResidentId};
use tongban_domain::licence::objection::{Filing, Objection, ObjectionState};
use tongban_domain::licence::{
    HolderKind, Issuance, LicenceField, LicenceHolder, LicenceNumber, LicenceType, Validity,
};
use tongban_domain::subject::{SubjectId, SubjectKey};
use tongban_store::{
    CaseStore, Created, IssuedFor, LicenceRow, LicenceStore, NewCase, NewOutboxEvent,
    ObjectionInsert, ObjectionRow, ObjectionStore, StoreError,
};

use crate::common::{Fixture, item};

fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_759_197_600, 0).unwrap() // 2025-09-30T02:00:00Z
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn licence_type() -> LicenceType {
    let field = |element: &str, label: &str| LicenceField {
        element: code(element),
        label: label.into(),
        required: true,
        public: true,
    };
    LicenceType {
        code: code("business-licence"),
        name: "营业执照".into(),
        issuer: code("350825-scjg"),
        holder_kind: HolderKind::Person,
        number_tag: "YYZZ".into(),
        fields: vec![field("entity-name", "名称"), field("address", "经营场所")],
        validity: Validity::Permanent,
        issued_by: vec![code("gtgsh")],
        updated_by: vec![],
        cancelled_by: vec![],
    }
}

/// A stored licence numbered `seq`, issued for `case_no` when given.
async fn licence(f: &Fixture, seq: u32, case_no: Option<&CaseNo>) -> LicenceRow {
    let region = RegionCode::parse("350825").unwrap();
    let licence = licence_type()
        .issue(Issuance {
            number: LicenceNumber::new(&region, "YYZZ", 2025, seq).unwrap(),
            holder: LicenceHolder {
                subject: SubjectId::new("subject-zhang"),
                name: "张三".into(),
                identifier: SubjectKey::ResidentId(
                    ResidentId::parse("11010519491231002X").unwrap(),
                ),
            },
            issuer_name: "连城县市场监督管理局".into(),
            fields: BTreeMap::from([
                (code("entity-name"), "连城县老张流动餐厅".into()),
                (code("address"), "连城县莲峰镇".into()),
            ]),
            issued_on: day("2025-09-01"),
            by: code("gtgsh"),
            replaces: vec![],
        })
        .unwrap();
    let row = LicenceRow {
        licence,
        signature: "MEUCIQ==".into(),
        issued_for: case_no.map(|no| IssuedFor {
            case_no: no.to_string(),
            item: "gtgsh".into(),
        }),
        row_version: 1,
        created_at: t0(),
        updated_at: t0(),
    };
    f.db.insert_licence(&row).await.unwrap();
    row
}

/// An objection to `field` of `held`, filed on `filed_on`.
fn objection(id: &str, held: &LicenceRow, field: &str, filed_on: &str) -> ObjectionRow {
    let calendar = WorkCalendar::national().unwrap();
    let objection = Objection::file(
        &held.licence,
        &licence_type(),
        Filing {
            id: id.into(),
            field: code(field),
            proposed: "更正后的内容".into(),
            reason: "与登记档案不一致".into(),
            evidence: Some("营业执照正本".into()),
            filed_by: "applicant:zhang".into(),
            filed_at: t0(),
            filed_on: day(filed_on),
        },
        &calendar,
        5,
    )
    .unwrap();
    ObjectionRow {
        objection,
        case_no: held.issued_for.as_ref().map(|f| f.case_no.clone()),
        row_version: 1,
        overdue_at: None,
        created_at: t0(),
        updated_at: t0(),
    }
}

fn event(code: &str) -> NewOutboxEvent {
    NewOutboxEvent {
        event: code.into(),
        payload: json!({ "objection": true }),
    }
}

async fn a_case(f: &Fixture) -> CaseNo {
    let item = item("gtgsh", "个体工商户登记", "350825-scjg");
    let provisional =
        CaseNo::new(&RegionCode::parse("350825").unwrap(), day("2025-09-01"), 1).unwrap();
    let case = Case::for_item(
        provisional,
        &item,
        &[],
        IntakeChannel::Window,
        t0().naive_utc(),
    );
    let new = NewCase {
        case,
        day: day("2025-09-01"),
        owner: Some("applicant:zhang".into()),
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

async fn outbox_events(f: &Fixture, code: &str) -> usize {
    let pending = f.db.pending_outbox(10_000).await.unwrap();
    pending.iter().filter(|e| e.event == code).count()
}

pub async fn objections_round_trip_and_a_field_takes_one_pending_objection(f: Fixture) {
    let held = licence(&f, 1, None).await;
    let first = objection("objection-1", &held, "entity-name", "2025-09-30");
    let filed = event("licence.objection_filed");
    assert_eq!(
        f.db.insert_objection(&first, &filed).await.unwrap(),
        ObjectionInsert::Inserted
    );
    assert_eq!(
        f.db.objection("objection-1").await.unwrap(),
        Some(first.clone())
    );
    assert_eq!(f.db.objection("objection-x").await.unwrap(), None);
    assert_eq!(first.objection.due_on, day("2025-10-14"));

    // The same field again: the pending one comes back, nothing written.
    let again = objection("objection-2", &held, "entity-name", "2025-10-09");
    assert_eq!(
        f.db.insert_objection(&again, &filed).await.unwrap(),
        ObjectionInsert::Pending(Box::new(first.clone()))
    );
    assert_eq!(f.db.objection("objection-2").await.unwrap(), None);
    // Another field is free; a taken id is refused.
    let address = objection("objection-3", &held, "address", "2025-10-09");
    f.db.insert_objection(&address, &filed).await.unwrap();
    let other = licence(&f, 2, None).await;
    let taken = objection("objection-3", &other, "entity-name", "2025-10-09");
    match f.db.insert_objection(&taken, &filed).await {
        Err(StoreError::AlreadyExists { key, .. }) => assert_eq!(key, "objection-3"),
        other => panic!("a taken id was accepted: {other:?}"),
    }
    // Once decided, the field takes a new objection.
    let mut decided = first.clone();
    decided
        .objection
        .reject("staff:ex", "登记档案无误", t0())
        .unwrap();
    f.db.update_objection(&decided, 1, None).await.unwrap();
    assert_eq!(
        f.db.insert_objection(&again, &filed).await.unwrap(),
        ObjectionInsert::Inserted
    );
    let mine =
        f.db.objections_of_holder("subject-zhang", 10)
            .await
            .unwrap();
    assert_eq!(mine.len(), 3);
    assert_eq!(mine[0].objection.holder, SubjectId::new("subject-zhang"));
    assert!(
        f.db.objections_of_holder("subject-li", 10)
            .await
            .unwrap()
            .is_empty()
    );
    // A licence without an issuing case writes no outbox event.
    assert_eq!(outbox_events(&f, "licence.objection_filed").await, 0);
}

pub async fn the_department_lists_pending_objections_by_due_date_and_stale_writes_conflict(
    f: Fixture,
) {
    let held = licence(&f, 1, None).await;
    let late = objection("objection-late", &held, "entity-name", "2025-10-09");
    let early = objection("objection-early", &held, "address", "2025-09-30");
    f.db.insert_objection(&late, &event("filed")).await.unwrap();
    f.db.insert_objection(&early, &event("filed"))
        .await
        .unwrap();
    let listed = f.db.pending_objections("350825-scjg", 10).await.unwrap();
    let ids: Vec<&str> = listed.iter().map(|r| r.objection.id.as_str()).collect();
    assert_eq!(ids, ["objection-early", "objection-late"]);
    assert!(
        f.db.pending_objections("350825-wjj", 10)
            .await
            .unwrap()
            .is_empty()
    );

    let mut accepted = early.clone();
    accepted
        .objection
        .accept("staff:ex", None, "属实", t0())
        .unwrap();
    f.db.update_objection(&accepted, 1, None).await.unwrap();
    let read = f.db.objection("objection-early").await.unwrap().unwrap();
    assert_eq!(read.objection.state, ObjectionState::Accepted);
    assert_eq!(read.row_version, 2);
    // Accepted is still pending work; a stale write changes nothing.
    assert_eq!(
        f.db.pending_objections("350825-scjg", 10)
            .await
            .unwrap()
            .len(),
        2
    );
    let mut stale = early.clone();
    stale
        .objection
        .reject("staff:other", "不予采纳", t0())
        .unwrap();
    match f.db.update_objection(&stale, 1, None).await {
        Err(StoreError::Conflict(id)) => assert_eq!(id, "objection-early"),
        other => panic!("a stale write was accepted: {other:?}"),
    }
    let after = f.db.objection("objection-early").await.unwrap().unwrap();
    assert_eq!(after.objection.state, ObjectionState::Accepted);
}

pub async fn an_overdue_objection_is_marked_once_with_one_outbox_event(f: Fixture) {
    let case_no = a_case(&f).await;
    let held = licence(&f, 1, Some(&case_no)).await;
    let due = objection("objection-due", &held, "entity-name", "2025-09-30");
    let fresh = objection("objection-fresh", &held, "address", "2025-10-13");
    f.db.insert_objection(&due, &event("licence.objection_filed"))
        .await
        .unwrap();
    f.db.insert_objection(&fresh, &event("licence.objection_filed"))
        .await
        .unwrap();
    assert_eq!(outbox_events(&f, "licence.objection_filed").await, 2);

    let make: fn(&ObjectionRow) -> NewOutboxEvent = |_| event("licence.objection_overdue");
    // On the due date nothing is overdue yet.
    let none =
        f.db.mark_overdue(day("2025-10-14"), t0(), 50, make)
            .await
            .unwrap();
    assert!(none.is_empty());
    // The day after, two racing callers mark it once between them.
    let later = DateTime::from_timestamp(1_760_500_000, 0).unwrap();
    let (a, b) = tokio::join!(
        f.db.mark_overdue(day("2025-10-15"), later, 50, make),
        f.db.mark_overdue(day("2025-10-15"), later, 50, make),
    );
    let marked: Vec<String> = a
        .unwrap()
        .into_iter()
        .chain(b.unwrap())
        .map(|r| r.objection.id)
        .collect();
    assert_eq!(marked, ["objection-due"]);
    assert_eq!(outbox_events(&f, "licence.objection_overdue").await, 1);
    let stored = f.db.objection("objection-due").await.unwrap().unwrap();
    assert_eq!(stored.overdue_at, Some(later));
    // Asking again reports nothing new.
    let again =
        f.db.mark_overdue(day("2025-10-16"), later, 50, make)
            .await
            .unwrap();
    assert!(again.is_empty());
    assert_eq!(outbox_events(&f, "licence.objection_overdue").await, 1);
}
