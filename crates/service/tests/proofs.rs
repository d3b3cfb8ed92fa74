//! E-proofs (电子证明) at the service layer, on a temporary SQLite platform
//! with the demo catalog: 张三 requests a 居住证明, the police station is
//! told (`proof.requested`), issues it within the deadline as a signed
//! licence that verifies with the station's public key (and not with one
//! byte flipped); the due date skips the 2025 国庆 holiday; a replaced
//! proof is neither requestable nor asked as a material; nobody else sees
//! the request.

#[path = "proofs/harness.rs"]
mod harness;

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::NaiveDate;
use tongban_domain::auth::Role;
use tongban_domain::form::{Disposition, Evidence};
use tongban_seal::{SealPublicKey, Signature, verify};
use tongban_service::Application;

use harness::{STATION, at, code, env, officer, staff};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[tokio::test]
async fn a_residence_proof_is_requested_notified_issued_and_verifies_with_the_station_s_seal() {
    let env = env().await;
    let zhang = env.zhang_san().await;
    let proofs = &env.p.proofs;
    let request = proofs
        .request(&zhang, "residence-proof", "办理户口迁入")
        .await
        .unwrap();
    assert_eq!(request.state, "requested");
    assert_eq!(request.issuer.as_str(), STATION);

    // The issuer is told, and sees the request on the worklist.
    let officer = officer();
    let events = proofs.events(&officer, &request.id).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].event, "proof.requested");
    assert_eq!(events[0].issuer, STATION);
    assert_eq!(events[0].payload["proof_name"], "居住证明");
    let work = proofs.worklist(&officer, true).await.unwrap();
    assert_eq!(work.len(), 1);
    assert_eq!(work[0].holder_name, "张三");
    assert!(!work[0].holder_id.contains("11010519491231002X"));

    env.clock.set("2025-10-09T09:30:00+08:00");
    let fields = BTreeMap::from([(
        code("residence-address"),
        "福建省福鼎市桐山街道太平路1号".to_string(),
    )]);
    let issued = proofs.issue(&officer, &request.id, fields).await.unwrap();
    assert_eq!(issued.state, "issued");
    assert!(!issued.overdue);
    let number = issued.licence.clone().unwrap();
    // Issuing again answers the same e-proof.
    let again = proofs
        .issue(&officer, &request.id, BTreeMap::new())
        .await
        .unwrap();
    assert_eq!(again.licence.as_deref(), Some(number.as_str()));
    let codes: Vec<String> = proofs
        .events(&zhang, &request.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    assert_eq!(codes, ["proof.requested", "proof.issued"]);
    // The dispatcher tells 张三 in-app once; the request itself tells no one.
    env.p.events.dispatch_once(100).await.unwrap();
    env.p.events.dispatch_once(100).await.unwrap();
    let inbox = env.p.events.my_notifications(&zhang, 20).await.unwrap();
    let told: Vec<_> = inbox.iter().filter(|n| n.topic == "proof").collect();
    assert_eq!(told.len(), 1, "{inbox:?}");
    assert_eq!(
        (told[0].event.as_str(), told[0].reference.as_str()),
        ("proof.issued", request.id.as_str())
    );
    assert!(
        told[0].body.contains("居住证明") && told[0].body.contains(&number),
        "{} / {number}",
        told[0].body
    );
    assert!(!told[0].body.contains("11010519491231002X"));

    // The e-proof is a licence: stored, signed, verified like one.
    let licences = &env.p.licences;
    let verification = licences.verify(&number).await.unwrap();
    assert_eq!(
        (verification.outcome, verification.label),
        ("valid", "有效")
    );
    let signed = licences.signed(&number).await.unwrap();
    assert_eq!(signed.licence.type_name, "居住证明");
    assert_eq!(signed.licence.issuer.name, "福鼎市公安局桐山派出所");
    assert_eq!(
        signed
            .licence
            .fields
            .get(&code("proof-purpose"))
            .map(String::as_str),
        Some("办理户口迁入")
    );
    let pem = licences.seal_public_key_pem(STATION).await.unwrap();
    let public = SealPublicKey::from_pem(&pem).unwrap();
    let signature = Signature::from_base64(&signed.signature).unwrap();
    verify(&public, &signed.payload, &signature).unwrap();
    let mut flipped = signed.payload.clone();
    flipped[20] ^= 0x01;
    assert!(verify(&public, &flipped, &signature).is_err());
    let tampered = licences
        .verify_payload(&STANDARD.encode(&flipped), &signed.signature)
        .await
        .unwrap();
    assert_eq!(tampered.outcome, "invalid");
    let genuine = licences
        .verify_payload(&STANDARD.encode(&signed.payload), &signed.signature)
        .await
        .unwrap();
    assert_eq!(genuine.outcome, "valid");
}

#[tokio::test]
async fn a_request_before_national_day_is_due_after_it_and_lateness_is_reported_once() {
    let env = env().await;
    let zhang = env.zhang_san().await;
    let proofs = &env.p.proofs;
    // Tue 2025-09-30 + 3 working days: 10-01..08 are holidays, so 10-09,
    // 10-10 and the 调休 Saturday 10-11.
    let request = proofs
        .request(&zhang, "residence-proof", "子女入学")
        .await
        .unwrap();
    assert_eq!(request.due, date("2025-10-11"));

    assert_eq!(
        proofs
            .overdue(at("2025-10-11T23:00:00+08:00"))
            .await
            .unwrap(),
        0
    );
    env.clock.set("2025-10-13T09:00:00+08:00");
    assert_eq!(
        proofs
            .overdue(at("2025-10-13T09:00:00+08:00"))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        proofs
            .overdue(at("2025-10-13T09:05:00+08:00"))
            .await
            .unwrap(),
        0
    );
    let work = proofs.worklist(&officer(), true).await.unwrap();
    assert!(work[0].request.overdue);
    assert_eq!(work[0].days_left, Some(-1));
    let events = proofs.events(&officer(), &request.id).await.unwrap();
    assert_eq!(events.last().unwrap().event, "proof.overdue");
}

#[tokio::test]
async fn a_replaced_proof_cannot_be_requested_and_its_material_is_no_longer_asked() {
    let env = env().await;
    let zhang = env.zhang_san().await;
    let err = env
        .p
        .proofs
        .request(&zhang, "labour-termination-proof", "申领失业保险金")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "proof_replaced");
    assert!(err.to_string().contains("部门数据核查"), "{err}");

    let listed = env.p.proofs.proof_types().await.unwrap();
    let replaced = listed
        .iter()
        .find(|p| p.code.as_str() == "labour-termination-proof")
        .unwrap();
    assert!(!replaced.requestable);
    assert_eq!(replaced.replacement_label.as_deref(), Some("数据核查"));

    let notice = env
        .p
        .applications
        .notice(&Application::Item {
            item: "liancheng.unemployment-benefit".into(),
            situations: vec![],
        })
        .await
        .unwrap();
    let line = notice
        .materials
        .iter()
        .find(|m| m.material.as_str() == "unemployment-proof")
        .unwrap();
    assert_eq!(
        line.disposition,
        Disposition::Exempt {
            evidence: vec![Evidence::DataSource {
                source: code("social-insurance"),
                consent: None
            }]
        }
    );
}

#[tokio::test]
async fn nobody_but_the_requester_and_the_issuing_station_sees_or_handles_a_request() {
    let env = env().await;
    let zhang = env.zhang_san().await;
    let proofs = &env.p.proofs;
    let request = proofs
        .request(&zhang, "residence-proof", "办理居住证")
        .await
        .unwrap();
    let stranger = env.applicant("13900139000").await;
    let err = proofs
        .request_view(&stranger, &request.id)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "proof_request_not_found");
    let missing = proofs
        .request_view(&stranger, "pr-nothing")
        .await
        .unwrap_err();
    assert_eq!(missing.code(), err.code());
    assert!(proofs.my_requests(&stranger).await.unwrap().is_empty());

    let elsewhere = staff("lc.examiner", "350825-scjg", "350825", Role::Examiner);
    let err = proofs
        .issue(&elsewhere, &request.id, BTreeMap::new())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "proof_request_not_found");

    let refused = proofs
        .refuse(&officer(), &request.id, "系统中未查到居住登记")
        .await
        .unwrap();
    assert_eq!(refused.state, "refused");
    let mine = proofs.request_view(&zhang, &request.id).await.unwrap();
    assert_eq!(mine.refusal_reason.as_deref(), Some("系统中未查到居住登记"));
    let late = proofs
        .issue(&officer(), &request.id, BTreeMap::new())
        .await
        .unwrap_err();
    assert_eq!(late.code(), "proof_request_closed");
}

#[tokio::test]
async fn a_request_needs_identity_verification_first() {
    let env = env().await;
    let unverified = env.applicant("13700137000").await;
    let err = env
        .p
        .proofs
        .request(&unverified, "residence-proof", "入学")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "identity_required");
}

#[tokio::test]
async fn a_held_residence_proof_replaces_the_move_in_proof_upload_with_consent() {
    let env = env().await;
    let zhang = env.zhang_san().await;
    let proofs = &env.p.proofs;
    let request = proofs
        .request(&zhang, "residence-proof", "办理户口迁入")
        .await
        .unwrap();
    let fields = BTreeMap::from([(
        code("residence-address"),
        "福建省福鼎市桐山街道太平路1号".to_string(),
    )]);
    proofs.issue(&officer(), &request.id, fields).await.unwrap();

    let app = &env.p.applications;
    let draft = app
        .start(
            &zhang,
            Application::Item {
                item: "liancheng.hukou-move-in".into(),
                situations: vec![],
            },
        )
        .await
        .unwrap();
    let id = draft.id.to_string();
    let asked = |view: &tongban_service::applications::MaterialsView| {
        view.lines
            .iter()
            .find(|l| l.need.material.as_str() == "move-in-proof")
            .map(|l| l.need.disposition.clone())
            .unwrap()
    };
    // Without consent the proof must be uploaded.
    let before = app.materials(&zhang, &id).await.unwrap();
    assert!(matches!(asked(&before), Disposition::ToUpload { .. }));

    let offered = app.consent_view(&zhang, &id).await.unwrap();
    let source = offered
        .exemption
        .iter()
        .find(|o| {
            matches!(&o.source, tongban_domain::subject::SourceRef::Licence { licence_type }
                if licence_type.as_str() == "residence-proof")
        })
        .expect("the e-proof is offered for 免提交")
        .source
        .clone();
    app.grant(
        &zhang,
        &id,
        tongban_domain::subject::Purpose::MaterialExemption,
        vec![source],
    )
    .await
    .unwrap();
    let after = app.materials(&zhang, &id).await.unwrap();
    match asked(&after) {
        Disposition::Exempt { evidence } => assert!(matches!(
            &evidence[0],
            Evidence::Licence { licence_type, consent: Some(_), .. }
                if licence_type.as_str() == "residence-proof"
        )),
        other => panic!("still asked: {other:?}"),
    }
}
