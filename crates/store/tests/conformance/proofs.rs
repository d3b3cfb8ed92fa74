//! Conformance checks of the ProofStore: requests round trip with their
//! events, a stale write is a conflict, the worklist is ordered by due
//! date, and lateness is reported once however many callers race.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use tongban_domain::ident::{Code, RegionCode};
use tongban_domain::licence::LicenceNumber;
use tongban_domain::proof::{ProofRequest, ProofRequestState};
use tongban_domain::subject::SubjectId;
use tongban_store::{CaseStore, NewProofEvent, ProofStore, StoreError, Topic};

use crate::common::Fixture;

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn request(id: &str, issuer: &str, requester: &str, due: &str) -> ProofRequest {
    ProofRequest {
        id: id.to_string(),
        proof_type: Code::parse("residence-proof").unwrap(),
        issuer: Code::parse(issuer).unwrap(),
        subject: SubjectId::new("subj-7"),
        requester: requester.to_string(),
        purpose: "办理户口迁入".to_string(),
        requested_at: at(1_759_200_000),
        due: date(due),
        state: ProofRequestState::Requested,
    }
}

fn event(code: &str, id: &str) -> NewProofEvent {
    NewProofEvent {
        event: code.to_string(),
        payload: json!({ "request": id }),
    }
}

pub async fn proof_requests_round_trip_with_their_events_and_state(f: Fixture) {
    let r = request("pr-1", "350982-tsps", "applicant:1", "2025-10-11");
    f.db.insert_proof_request(&r, &[event("proof.requested", "pr-1")], at(100))
        .await
        .unwrap();
    let stored = f.db.proof_request("pr-1").await.unwrap().unwrap();
    assert_eq!(stored.request, r);
    assert_eq!(stored.row_version, 1);
    assert_eq!(stored.overdue_reported_at, None);

    let mut issued = r.clone();
    let number =
        LicenceNumber::new(&RegionCode::parse("350982").unwrap(), "JZZM", 2025, 1).unwrap();
    issued
        .issue(number.clone(), "staff:officer", at(200))
        .unwrap();
    f.db.update_proof_request(&issued, 1, &[event("proof.issued", "pr-1")], at(200))
        .await
        .unwrap();
    let stored = f.db.proof_request("pr-1").await.unwrap().unwrap();
    assert_eq!(stored.request, issued);
    assert_eq!(stored.row_version, 2);

    let events = f.db.proof_events("pr-1").await.unwrap();
    let codes: Vec<&str> = events.iter().map(|e| e.event.as_str()).collect();
    assert_eq!(codes, ["proof.requested", "proof.issued"]);
    assert!(events.iter().all(|e| e.issuer == "350982-tsps"));
    assert_eq!(
        events[0].payload,
        json!({ "request": "pr-1", "request_id": "pr-1", "department": "350982-tsps" })
    );
    // They wait in the one outbox, under topic proof, named by the request.
    let pending = f.db.pending_outbox(10).await.unwrap();
    let proof: Vec<_> = pending.iter().filter(|e| e.topic == Topic::Proof).collect();
    assert_eq!(proof.len(), 2);
    assert!(
        proof
            .iter()
            .all(|e| e.case_no.is_none() && e.aggregate_id.as_deref() == Some("pr-1"))
    );

    let err =
        f.db.insert_proof_request(&r, &[], at(300))
            .await
            .unwrap_err();
    assert!(matches!(err, StoreError::AlreadyExists { .. }), "{err:?}");
    assert!(f.db.proof_request("pr-missing").await.unwrap().is_none());
}

pub async fn a_stale_proof_request_write_is_a_conflict_and_writes_nothing(f: Fixture) {
    let r = request("pr-2", "350982-tsps", "applicant:1", "2025-10-11");
    f.db.insert_proof_request(&r, &[], at(100)).await.unwrap();
    let mut refused = r.clone();
    refused
        .refuse("未查到居住登记", "staff:a", at(150))
        .unwrap();
    f.db.update_proof_request(&refused, 1, &[event("proof.refused", "pr-2")], at(150))
        .await
        .unwrap();
    let mut late = r.clone();
    late.refuse("另一人的处理", "staff:b", at(160)).unwrap();
    let err =
        f.db.update_proof_request(&late, 1, &[event("proof.refused", "pr-2")], at(160))
            .await
            .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    let stored = f.db.proof_request("pr-2").await.unwrap().unwrap();
    assert_eq!(stored.request, refused);
    assert_eq!(f.db.proof_events("pr-2").await.unwrap().len(), 1);
}

pub async fn the_worklist_is_the_department_s_requests_by_due_date(f: Fixture) {
    for (id, issuer, due) in [
        ("pr-a", "350982-tsps", "2025-10-13"),
        ("pr-b", "350982-tsps", "2025-10-09"),
        ("pr-c", "350982-gaj", "2025-10-01"),
        ("pr-d", "350982-tsps", "2025-10-11"),
    ] {
        let requester = if id == "pr-d" {
            "applicant:2"
        } else {
            "applicant:1"
        };
        f.db.insert_proof_request(&request(id, issuer, requester, due), &[], at(100))
            .await
            .unwrap();
    }
    let mut done = request("pr-d", "350982-tsps", "applicant:2", "2025-10-11");
    done.refuse("材料不全", "staff:a", at(120)).unwrap();
    f.db.update_proof_request(&done, 1, &[], at(120))
        .await
        .unwrap();

    let ids = |rows: Vec<tongban_store::ProofRequestRow>| -> Vec<String> {
        rows.into_iter().map(|r| r.request.id).collect()
    };
    let all = f.db.proof_worklist("350982-tsps", false).await.unwrap();
    assert_eq!(ids(all), ["pr-b", "pr-d", "pr-a"]);
    let open = f.db.proof_worklist("350982-tsps", true).await.unwrap();
    assert_eq!(ids(open), ["pr-b", "pr-a"]);
    let mine = f.db.proof_requests_of("applicant:2").await.unwrap();
    assert_eq!(ids(mine), ["pr-d"]);
}

pub async fn lateness_is_reported_once_even_by_concurrent_callers(f: Fixture) {
    f.db.insert_proof_request(
        &request("pr-late", "350982-tsps", "applicant:1", "2025-10-09"),
        &[],
        at(100),
    )
    .await
    .unwrap();
    f.db.insert_proof_request(
        &request("pr-ontime", "350982-tsps", "applicant:1", "2025-10-10"),
        &[],
        at(100),
    )
    .await
    .unwrap();
    let today = date("2025-10-10");
    let late = f.db.unreported_overdue(today, 10).await.unwrap();
    assert_eq!(late.len(), 1);
    assert_eq!(late[0].request.id, "pr-late");

    let db = std::sync::Arc::new(f.db);
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            db.report_overdue("pr-late", &event("proof.overdue", "pr-late"), at(500))
                .await
                .unwrap()
        }));
    }
    let mut reported = 0;
    for t in tasks {
        if t.await.unwrap() {
            reported += 1;
        }
    }
    assert_eq!(reported, 1);
    let events = db.proof_events("pr-late").await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].event, "proof.overdue");
    assert!(db.unreported_overdue(today, 10).await.unwrap().is_empty());
    let row = db.proof_request("pr-late").await.unwrap().unwrap();
    assert_eq!(row.overdue_reported_at, Some(at(500)));
}
