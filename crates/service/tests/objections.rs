//! 异议核实与纠错 at the service layer, with the whole platform over a
//! temporary SQLite database: a holder objects to a field of their business
//! licence, the issuing department accepts it, and the licence is corrected
//! and re-signed with its history kept; a rejection changes nothing; a
//! licence of someone else answers like a missing one; the deadline skips
//! 国庆 2025; an overdue objection is reported once.

#[path = "objections/harness.rs"]
mod harness;
#[path = "support/licensed.rs"]
mod licensed;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::NaiveDate;
use tongban_domain::auth::Role;
use tongban_domain::licence::objection::{ObjectionState, Verdict};
use tongban_domain::licence::{RevisionEvent, canonical_bytes};
use tongban_seal::{SealPublicKey, Signature, verify};
use tongban_service::objections::{DecisionRequest, ObjectionRequest};
use tongban_store::{CaseStore, LicenceStore};

use harness::{
    DEPARTMENT, Env, applicant, at, code, env, examiner, issued_licence, linked_enterprise, staff,
};

fn wrong_scope() -> ObjectionRequest {
    ObjectionRequest {
        field: "business-scope".into(),
        proposed: "餐饮服务（流动厨房）；预包装食品销售".into(),
        reason: "登记时申报了预包装食品销售，证照上漏登".into(),
        evidence: Some("个体工商户登记申请书第2页".into()),
    }
}

fn accept() -> DecisionRequest {
    DecisionRequest {
        verdict: Verdict::Accept,
        reason: "经核对登记档案，异议属实".into(),
        value: None,
    }
}

async fn overdue_events(env: &Env) -> usize {
    let pending = env.db.pending_outbox(10_000).await.unwrap();
    pending
        .iter()
        .filter(|e| e.event == "licence.objection_overdue")
        .count()
}

#[tokio::test]
async fn an_accepted_objection_corrects_the_licence_re_signs_it_and_keeps_the_old_version() {
    let env = env().await;
    let holder = applicant("kejia");
    let enterprise = linked_enterprise(&env, &holder, 0).await;
    let licence = issued_licence(&env, &holder, enterprise).await;
    let number = licence.number.to_string();
    let before = env.platform.licences.signed(&number).await.unwrap();

    // Filed on 2025-09-30: 5 working days skip 10-01..08 and count the
    // make-up Saturday 10-11 → due 2025-10-14.
    let objections = &env.platform.objections;
    let filed = objections
        .file(&holder, &licence.number.grouped(), wrong_scope())
        .await
        .unwrap();
    assert_eq!(filed.due_on, NaiveDate::from_ymd_opt(2025, 10, 14).unwrap());
    assert_eq!(filed.state, ObjectionState::Open);
    assert_eq!(filed.current, "", "the window case carried no form data");

    // The department sees it on its worklist, the holder masked if a person.
    env.clock.set("2025-10-09T09:00:00+08:00");
    let list = objections.worklist(&examiner()).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, filed.id);
    assert!(!list[0].overdue);

    let decided = objections
        .decide(&examiner(), &filed.id, accept())
        .await
        .unwrap();
    assert_eq!(decided.state, ObjectionState::Corrected);
    assert_eq!(decided.corrected_version, Some(2));

    // The licence carries the corrected value as version 2 …
    let after = env.platform.licences.signed(&number).await.unwrap();
    assert_eq!(after.licence.version, 2);
    assert_eq!(
        after.licence.fields.get(&code("business-scope")).unwrap(),
        "餐饮服务（流动厨房）；预包装食品销售"
    );
    // … with both versions in its stored history.
    let history = env.db.licence_history(&number).await.unwrap();
    assert_eq!(history.len(), 2);
    assert!(matches!(history[0].event, RevisionEvent::Issued { .. }));
    assert_eq!(history[1].event, RevisionEvent::Corrected);
    assert_eq!(history[1].version, 2);
    assert_eq!(
        history[1].previous.get(&code("business-scope")).unwrap(),
        ""
    );

    // The new signature verifies with the department's published key.
    let pem = env
        .platform
        .licences
        .seal_public_key_pem(DEPARTMENT)
        .await
        .unwrap();
    let public = SealPublicKey::from_pem(&pem).unwrap();
    let signature = Signature::from_base64(&after.signature).unwrap();
    assert_eq!(
        verify(&public, &canonical_bytes(&after.licence), &signature),
        Ok(())
    );
    let verification = env.platform.licences.verify(&number).await.unwrap();
    assert_eq!(verification.outcome, "valid");
    let view = verification.licence.unwrap();
    assert_eq!(view.version, 2);
    assert!(
        view.fields
            .iter()
            .any(|f| f.value.contains("预包装食品销售"))
    );

    // The old version is still genuinely signed, but no longer current.
    let old = Signature::from_base64(&before.signature).unwrap();
    assert_eq!(verify(&public, &before.payload, &old), Ok(()));
    assert!(verify(&public, &after.payload, &old).is_err());
    let held = env
        .platform
        .licences
        .verify_payload(&STANDARD.encode(&before.payload), &before.signature)
        .await
        .unwrap();
    assert_eq!((held.outcome, held.label), ("invalid", "无效"));

    // The holder sees the outcome; the worklist is empty again.
    let mine = objections.mine(&holder).await.unwrap();
    assert_eq!(mine[0].state, ObjectionState::Corrected);
    assert_eq!(mine[0].decision.as_ref().unwrap().verdict, Verdict::Accept);
    assert!(objections.worklist(&examiner()).await.unwrap().is_empty());
    // Deciding again is refused.
    let again = objections.decide(&examiner(), &filed.id, accept()).await;
    assert_eq!(again.unwrap_err().code(), "objection_already_decided");
}

#[tokio::test]
async fn a_rejection_needs_a_reason_and_leaves_the_licence_as_it_was() {
    let env = env().await;
    let holder = applicant("kejia");
    let enterprise = linked_enterprise(&env, &holder, 0).await;
    let licence = issued_licence(&env, &holder, enterprise).await;
    let number = licence.number.to_string();
    let before = env.platform.licences.signed(&number).await.unwrap();
    let objections = &env.platform.objections;
    let filed = objections
        .file(&holder, &number, wrong_scope())
        .await
        .unwrap();

    let no_reason = DecisionRequest {
        verdict: Verdict::Reject,
        reason: " ".into(),
        value: None,
    };
    let refused = objections.decide(&examiner(), &filed.id, no_reason).await;
    assert_eq!(refused.unwrap_err().code(), "objection_reason_required");
    let reject = DecisionRequest {
        verdict: Verdict::Reject,
        reason: "登记档案中经营范围无预包装食品销售".into(),
        value: None,
    };
    let decided = objections
        .decide(&examiner(), &filed.id, reject)
        .await
        .unwrap();
    assert_eq!(decided.state, ObjectionState::Rejected);

    let after = env.platform.licences.signed(&number).await.unwrap();
    assert_eq!(after, before);
    assert_eq!(env.db.licence_history(&number).await.unwrap().len(), 1);
    let mine = objections.mine(&holder).await.unwrap();
    assert_eq!(
        mine[0].decision.as_ref().unwrap().reason,
        "登记档案中经营范围无预包装食品销售"
    );
    // Decided, the field takes a new objection.
    objections
        .file(&holder, &number, wrong_scope())
        .await
        .unwrap();
}

#[tokio::test]
async fn nobody_else_can_object_to_or_decide_on_a_licence_and_a_field_takes_one_pending_objection()
{
    let env = env().await;
    let holder = applicant("kejia");
    let enterprise = linked_enterprise(&env, &holder, 0).await;
    let licence = issued_licence(&env, &holder, enterprise).await;
    let number = licence.number.to_string();
    let objections = &env.platform.objections;

    // Another applicant (with a subject of their own), one without any,
    // and a number nobody holds get the same answer.
    let other = applicant("other");
    linked_enterprise(&env, &other, 1).await;
    let stranger = objections.file(&other, &number, wrong_scope()).await;
    assert_eq!(stranger.unwrap_err().code(), "licence_not_found");
    let unlinked = objections
        .file(&applicant("nobody"), &number, wrong_scope())
        .await;
    assert_eq!(unlinked.unwrap_err().code(), "licence_not_found");
    let missing = objections
        .file(&holder, "350825YYZZ2025999999", wrong_scope())
        .await;
    assert_eq!(missing.unwrap_err().code(), "licence_not_found");
    assert!(objections.mine(&other).await.unwrap().is_empty());

    let filed = objections
        .file(&holder, &number, wrong_scope())
        .await
        .unwrap();
    let twice = objections.file(&holder, &number, wrong_scope()).await;
    assert_eq!(twice.unwrap_err().code(), "objection_already_pending");
    let unknown = ObjectionRequest {
        field: "capital-amount-x".into(),
        ..wrong_scope()
    };
    let refused = objections.file(&holder, &number, unknown).await;
    assert_eq!(refused.unwrap_err().code(), "objection_field_unknown");

    // Another department's examiner sees nothing and cannot decide.
    let outsider = staff("wjj.ex", Role::Examiner, "350825-wjj");
    assert!(objections.worklist(&outsider).await.unwrap().is_empty());
    let err = objections
        .decide(&outsider, &filed.id, accept())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "forbidden_department");
    // The holder cannot decide their own objection.
    let err = objections
        .decide(&holder, &filed.id, accept())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "forbidden_role");
    assert_eq!(
        objections.mine(&holder).await.unwrap()[0].state,
        ObjectionState::Open
    );
}

#[tokio::test]
async fn an_overdue_objection_is_marked_on_the_worklist_and_reported_once() {
    let env = env().await;
    let holder = applicant("kejia");
    let enterprise = linked_enterprise(&env, &holder, 0).await;
    let licence = issued_licence(&env, &holder, enterprise).await;
    let objections = &env.platform.objections;
    let filed = objections
        .file(&holder, licence.number.as_str(), wrong_scope())
        .await
        .unwrap();

    // The due day itself is not late.
    let on_due_day = at("2025-10-14T23:00:00+08:00");
    assert!(objections.overdue(on_due_day).await.unwrap().is_empty());
    let late = at("2025-10-15T08:00:00+08:00");
    let reported = objections.overdue(late).await.unwrap();
    assert_eq!(reported.len(), 1);
    assert_eq!(reported[0].id, filed.id);
    assert!(reported[0].overdue);
    assert_eq!(overdue_events(&env).await, 1);
    // Running the job again reports nothing new.
    assert!(objections.overdue(late).await.unwrap().is_empty());
    assert!(
        objections
            .overdue(at("2025-10-20T08:00:00+08:00"))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(overdue_events(&env).await, 1);

    env.clock.set("2025-10-15T09:00:00+08:00");
    let list = objections.worklist(&examiner()).await.unwrap();
    assert!(list[0].overdue);
    // A late decision still corrects the licence.
    let decided = objections
        .decide(&examiner(), &filed.id, accept())
        .await
        .unwrap();
    assert_eq!(decided.state, ObjectionState::Corrected);
    assert!(!decided.overdue);
}
