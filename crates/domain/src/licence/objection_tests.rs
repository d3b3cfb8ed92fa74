//! Unit tests of the objection rules.

use super::*;
use crate::ident::ResidentId;
use crate::licence::{Issuance, LicenceField, RevisionRequest, Validity};
use crate::subject::SubjectKey;

fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

fn kind() -> LicenceType {
    LicenceType {
        code: code("business-licence"),
        name: "营业执照".into(),
        issuer: code("350825-scjg"),
        holder_kind: HolderKind::Person,
        number_tag: "YYZZ".into(),
        fields: vec![LicenceField {
            element: code("entity-name"),
            label: "名称".into(),
            required: true,
            public: true,
        }],
        validity: Validity::Permanent,
        issued_by: vec![code("gtgsh")],
        updated_by: vec![],
        cancelled_by: vec![],
    }
}

fn licence() -> Licence {
    let region = crate::ident::RegionCode::parse("350825").unwrap();
    kind()
        .issue(Issuance {
            number: LicenceNumber::new(&region, "YYZZ", 2025, 1).unwrap(),
            holder: super::super::LicenceHolder {
                subject: SubjectId::new("subject-zhang"),
                name: "张三".into(),
                identifier: SubjectKey::ResidentId(
                    ResidentId::parse("11010519491231002X").unwrap(),
                ),
            },
            issuer_name: "连城县市场监督管理局".into(),
            fields: BTreeMap::from([(code("entity-name"), "连城县老张流动餐厅".into())]),
            issued_on: date("2025-09-01"),
            by: code("gtgsh"),
            replaces: vec![],
        })
        .unwrap()
}

fn filing(field: &str, proposed: &str, filed_on: &str) -> Filing {
    Filing {
        id: "objection-1".into(),
        field: code(field),
        proposed: proposed.into(),
        reason: "名称中“餐厅”应为“餐饮服务部”".into(),
        evidence: Some("  ".into()),
        filed_by: "applicant:zhang".into(),
        filed_at: at("2025-09-30T10:00:00+08:00"),
        filed_on: date(filed_on),
    }
}

fn file(f: Filing) -> Result<Objection, ObjectionError> {
    let calendar = WorkCalendar::national().unwrap();
    Objection::file(
        &licence(),
        &kind(),
        f,
        &calendar,
        DEFAULT_DEADLINE_WORKING_DAYS,
    )
}

#[test]
fn an_objection_filed_before_national_day_is_due_after_the_holiday_and_its_makeup_saturday() {
    // 2025-10-01..08 are holidays; Saturday 10-11 is a working day:
    // 10-09, 10-10, 10-11, 10-13, 10-14.
    let o = file(filing(
        "entity-name",
        " 连城县老张流动餐饮服务部 ",
        "2025-09-30",
    ))
    .unwrap();
    assert_eq!(o.due_on, date("2025-10-14"));
    assert_eq!(o.state, ObjectionState::Open);
    assert_eq!(o.current, "连城县老张流动餐厅");
    assert_eq!(o.proposed, "连城县老张流动餐饮服务部");
    assert_eq!(o.field_label, "名称");
    assert_eq!(o.evidence, None);
    assert!(!o.is_overdue(date("2025-10-14")));
    assert!(o.is_overdue(date("2025-10-15")));
}

#[test]
fn unknown_fields_unchanged_or_blank_values_and_missing_reasons_are_refused() {
    let refused = |f: Filing| file(f).unwrap_err().code();
    assert_eq!(
        refused(filing("address", "某地", "2025-09-30")),
        "objection_field_unknown"
    );
    assert_eq!(
        refused(filing("entity-name", "连城县老张流动餐厅", "2025-09-30")),
        "objection_value_unchanged"
    );
    assert_eq!(
        refused(filing("entity-name", "  ", "2025-09-30")),
        "objection_value_required"
    );
    let mut no_reason = filing("entity-name", "新名称", "2025-09-30");
    no_reason.reason = " ".into();
    assert_eq!(refused(no_reason), "objection_reason_required");
    let mut long = filing("entity-name", "新名称", "2025-09-30");
    long.evidence = Some("证".repeat(MAX_TEXT_CHARS + 1));
    assert_eq!(refused(long), "objection_text_too_long");
    assert_eq!(
        refused(filing("entity-name", "新名称", "2031-01-05")),
        "objection_deadline_unavailable"
    );
}

#[test]
fn a_revoked_licence_takes_no_objection() {
    let mut revoked = licence();
    revoked
        .revoke(&kind(), None, date("2025-09-10"), "注销")
        .unwrap();
    let calendar = WorkCalendar::national().unwrap();
    let err = Objection::file(
        &revoked,
        &kind(),
        filing("entity-name", "新名称", "2025-09-30"),
        &calendar,
        5,
    )
    .unwrap_err();
    assert_eq!(err.code(), "objection_licence_revoked");
}

#[test]
fn an_accepted_objection_corrects_the_field_and_is_recognised_once_applied() {
    let mut o = file(filing(
        "entity-name",
        "连城县老张流动餐饮服务部",
        "2025-09-30",
    ))
    .unwrap();
    let decided = at("2025-10-09T09:00:00+08:00");
    let fields = o
        .accept("staff:scjg.ex", None, "核对登记档案属实", decided)
        .unwrap();
    assert_eq!(o.state, ObjectionState::Accepted);
    assert_eq!(
        fields.get(&code("entity-name")).map(String::as_str),
        Some("连城县老张流动餐饮服务部")
    );
    let mut corrected = licence();
    assert_eq!(o.applied_in(&corrected), None);
    corrected
        .revise(
            &kind(),
            RevisionRequest::Correction { fields },
            date("2025-10-09"),
            &o.correction_note(),
        )
        .unwrap();
    assert_eq!(o.applied_in(&corrected), Some(2));
    o.mark_corrected(2).unwrap();
    assert_eq!(
        (o.state, o.corrected_version),
        (ObjectionState::Corrected, Some(2))
    );
    assert!(!o.is_overdue(date("2026-01-05")));
    // Decided objections are not decided again.
    let again = o.reject("staff:scjg.ex", "重复", decided).unwrap_err();
    assert_eq!(again.code(), "objection_already_decided");
}

#[test]
fn the_examiner_may_accept_with_another_value_but_not_the_current_one() {
    let mut o = file(filing("entity-name", "连城县老张餐饮部", "2025-09-30")).unwrap();
    let t = at("2025-10-09T09:00:00+08:00");
    let err = o
        .accept("staff:x", Some("连城县老张流动餐厅"), "", t)
        .unwrap_err();
    assert_eq!(err.code(), "objection_value_unchanged");
    assert_eq!(o.state, ObjectionState::Open);
    let fields = o
        .accept("staff:x", Some("连城县老张流动餐饮服务部"), "", t)
        .unwrap();
    assert_eq!(
        fields.get(&code("entity-name")).map(String::as_str),
        Some("连城县老张流动餐饮服务部")
    );
}

#[test]
fn a_rejection_needs_a_reason_and_leaves_nothing_to_correct() {
    let mut o = file(filing("entity-name", "新名称", "2025-09-30")).unwrap();
    let t = at("2025-10-09T09:00:00+08:00");
    assert_eq!(
        o.reject("staff:x", " ", t).unwrap_err().code(),
        "objection_reason_required"
    );
    o.reject("staff:x", "登记档案记载无误", t).unwrap();
    assert_eq!(o.state, ObjectionState::Rejected);
    assert_eq!(o.correction(), None);
    assert_eq!(
        o.mark_corrected(2).unwrap_err().code(),
        "objection_not_accepted"
    );
    assert!(!o.is_overdue(date("2026-01-05")));
}

#[test]
fn state_codes_round_trip() {
    for s in ObjectionState::ALL {
        assert_eq!(ObjectionState::parse(s.code()), Some(s));
    }
    assert_eq!(ObjectionState::parse("closed"), None);
}
