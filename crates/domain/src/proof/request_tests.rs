//! Unit tests of proof requests and replaced proofs.

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::catalog::{MaterialForm, Requirement, TimeLimit};
use crate::form::{Disposition, Evidence, MaterialNeed};
use crate::licence::Validity;
use crate::proof::{ProofReplacement, apply_replacements};

fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn residence() -> ProofType {
    ProofType {
        code: code("residence-proof"),
        name: "居住证明".into(),
        issuer: code("350982-tsps"),
        deadline: TimeLimit::WorkingDays(3),
        scope: "户口迁入、入学".into(),
        material: Some(code("move-in-proof")),
        holder_kind: HolderKind::Person,
        number_tag: "JZZM".into(),
        fields: vec![],
        validity: Validity::Years(1),
        replaced_by: None,
    }
}

fn new_request(on: &str, purpose: &str) -> NewProofRequest {
    NewProofRequest {
        id: "pr-1".into(),
        subject: SubjectId::new("s-1"),
        holder_kind: HolderKind::Person,
        requester: "applicant:1".into(),
        purpose: purpose.into(),
        requested_at: Utc.with_ymd_and_hms(2025, 9, 30, 1, 0, 0).unwrap(),
        requested_on: date(on),
    }
}

fn calendar() -> WorkCalendar {
    WorkCalendar::national().unwrap()
}

#[test]
fn a_request_before_national_day_is_due_on_the_make_up_saturday_after_it() {
    // 2025-10-01..08 are holidays; 10-09, 10-10 and the 调休 Saturday
    // 10-11 are the three working days.
    let r = residence()
        .request(new_request("2025-09-30", " 办理户口迁入 "), &calendar())
        .unwrap();
    assert_eq!(r.due, date("2025-10-11"));
    assert_eq!(r.purpose, "办理户口迁入");
    assert_eq!(r.state, ProofRequestState::Requested);
    assert!(!r.is_overdue(date("2025-10-11")));
    assert!(r.is_overdue(date("2025-10-12")));
}

#[test]
fn a_request_on_an_ordinary_week_skips_the_weekend() {
    let r = residence()
        .request(new_request("2025-06-13", "入学"), &calendar())
        .unwrap();
    // Friday + 3 working days: Mon, Tue, Wed.
    assert_eq!(r.due, date("2025-06-18"));
}

#[test]
fn a_replaced_proof_cannot_be_requested_and_the_error_names_the_replacement() {
    let mut proof = residence();
    proof.replaced_by = Some(ProofReplacement::DataCheck {
        source: code("population-registry"),
    });
    let err = proof
        .request(new_request("2025-06-13", "入学"), &calendar())
        .unwrap_err();
    assert_eq!(err.code(), "proof_replaced");
    assert!(err.to_string().contains("部门数据核查"), "{err}");
    assert!(err.to_string().contains("居住证明"), "{err}");
}

#[test]
fn a_blank_or_overlong_purpose_is_refused() {
    let err = residence()
        .request(new_request("2025-06-13", "  "), &calendar())
        .unwrap_err();
    assert_eq!(err.code(), "proof_purpose_required");
    let long = "用".repeat(MAX_PURPOSE_CHARS + 1);
    let err = residence()
        .request(new_request("2025-06-13", &long), &calendar())
        .unwrap_err();
    assert_eq!(err.code(), "proof_purpose_too_long");
}

#[test]
fn an_enterprise_cannot_request_a_person_s_proof() {
    let mut new = new_request("2025-06-13", "入学");
    new.holder_kind = HolderKind::Enterprise;
    let err = residence().request(new, &calendar()).unwrap_err();
    assert_eq!(err.code(), "proof_wrong_holder_kind");
}

#[test]
fn a_date_outside_the_calendar_is_an_error_not_a_guess() {
    let err = residence()
        .request(new_request("2031-06-13", "入学"), &calendar())
        .unwrap_err();
    assert_eq!(err.code(), "calendar_out_of_range");
}

#[test]
fn an_issued_request_is_closed_and_cannot_be_refused() {
    let mut r = residence()
        .request(new_request("2025-06-13", "入学"), &calendar())
        .unwrap();
    let at = Utc.with_ymd_and_hms(2025, 6, 16, 2, 0, 0).unwrap();
    let number = crate::licence::LicenceNumber::new(
        &crate::ident::RegionCode::parse("350982").unwrap(),
        "JZZM",
        2025,
        1,
    )
    .unwrap();
    r.issue(number.clone(), "staff:officer", at).unwrap();
    assert_eq!(r.state.code(), "issued");
    assert!(!r.is_overdue(date("2026-01-01")));
    let err = r.refuse("资料不符", "staff:officer", at).unwrap_err();
    assert_eq!(err.code(), "proof_request_closed");
    assert!(matches!(r.state, ProofRequestState::Issued { ref licence, .. } if *licence == number));
}

#[test]
fn a_refusal_needs_a_reason() {
    let mut r = residence()
        .request(new_request("2025-06-13", "入学"), &calendar())
        .unwrap();
    let at = Utc.with_ymd_and_hms(2025, 6, 16, 2, 0, 0).unwrap();
    assert_eq!(
        r.refuse(" ", "staff:officer", at).unwrap_err().code(),
        "proof_reason_required"
    );
    r.refuse("未查到居住登记", "staff:officer", at).unwrap();
    assert_eq!(r.state.label(), "不予开具");
}

fn need(material: &str) -> MaterialNeed {
    MaterialNeed {
        material: code(material),
        name: "材料".into(),
        form: MaterialForm::Copy,
        requirement: Requirement::Required,
        items: vec![code("some-item")],
        disposition: Disposition::ToUpload {
            could_be_exempt: vec![],
        },
    }
}

#[test]
fn the_material_of_a_replaced_proof_is_no_longer_asked_and_says_what_replaced_it() {
    let mut replaced = residence();
    replaced.code = code("labour-termination-proof");
    replaced.material = Some(code("unemployment-proof"));
    replaced.replaced_by = Some(ProofReplacement::DataCheck {
        source: code("social-insurance"),
    });
    let proofs = vec![residence(), replaced];
    let needs = apply_replacements(
        &proofs,
        vec![need("unemployment-proof"), need("move-in-proof")],
    );
    assert_eq!(
        needs[0].disposition,
        Disposition::Exempt {
            evidence: vec![Evidence::DataSource {
                source: code("social-insurance"),
                consent: None
            }]
        }
    );
    // A proof still issued keeps its material asked as before.
    assert!(matches!(needs[1].disposition, Disposition::ToUpload { .. }));
}

#[test]
fn each_replacement_has_its_label_and_evidence() {
    let cases = [
        (
            ProofReplacement::Commitment,
            "告知承诺",
            Evidence::Commitment,
        ),
        (ProofReplacement::Abolished, "已取消", Evidence::Abolished),
        (
            ProofReplacement::Licence {
                licence_type: code("hf-ecode"),
            },
            "电子证照",
            Evidence::Licence {
                licence_type: code("hf-ecode"),
                consent: None,
                issued_by: None,
            },
        ),
    ];
    for (replacement, label, evidence) in cases {
        assert_eq!(replacement.label(), label);
        assert_eq!(replacement.evidence(), evidence);
    }
}
