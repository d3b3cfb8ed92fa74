//! Conformance checks: deadline warnings raised once, outbox claims that
//! never overlap, notifications, webhook subscriptions and deliveries,
//! and events about aggregates other than cases in the same outbox.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::json;
use tongban_domain::case::{Case, CaseNo, IntakeChannel, Warning};
use tongban_domain::ident::{Code, RegionCode};
use tongban_domain::proof::{ProofRequest, ProofRequestState};
use tongban_domain::subject::SubjectId;
use tongban_store::{
    Attempt, CaseStore, Created, DeliveryStatus, EventStore, NewCase, NewDelivery, NewNotification,
    NewOutboxEvent, NewProofEvent, NewWarning, ProofStore, Raised, Subscription, Topic,
    WARNING_RAISED,
};

use crate::common::{Fixture, item};

fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_737_680_400, 0).unwrap() // 2025-01-24T01:00:00Z
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 24).unwrap()
}

/// A stored case with `events` outbox events; its number.
async fn case_with(f: &Fixture, events: usize) -> CaseNo {
    let item = item("food-licence", "食品经营许可", "350825-scjg");
    let provisional = CaseNo::new(&RegionCode::parse("350825").unwrap(), day(), 1).unwrap();
    let case = Case::for_item(
        provisional,
        &item,
        &[],
        IntakeChannel::Window,
        t0().naive_utc(),
    );
    let outbox = (0..events)
        .map(|n| NewOutboxEvent {
            event: "case.submitted".into(),
            payload: json!({ "n": n }),
        })
        .collect();
    let new = NewCase {
        case,
        day: day(),
        owner: Some("applicant:zhang".into()),
        phone: None,
        at: t0(),
        audit: vec![],
        outbox,
        idempotency: None,
    };
    match f.db.create_case(new).await.unwrap() {
        Created::New(no) => no,
        other => panic!("expected a new case, got {other:?}"),
    }
}

fn warning(member: Option<&str>, level: Warning) -> NewWarning {
    NewWarning {
        member: member.map(|m| Code::parse(m).unwrap()),
        level,
        region: RegionCode::parse("350825").unwrap(),
        department: Code::parse("350825-scjg").unwrap(),
        name: "食品经营许可".into(),
        due: NaiveDate::from_ymd_opt(2025, 2, 7).unwrap(),
    }
}

async fn warning_events(f: &Fixture) -> usize {
    let pending = f.db.pending_outbox(10_000).await.unwrap();
    pending.iter().filter(|e| e.event == WARNING_RAISED).count()
}

pub async fn a_warning_is_raised_once_per_case_member_and_level(f: Fixture) {
    let no = case_with(&f, 0).await;
    let both = [
        warning(Some("food-licence"), Warning::Yellow),
        warning(None, Warning::Yellow),
    ];
    let first = f.db.raise_warnings(&no, 1, &both, t0()).await.unwrap();
    assert_eq!(first, Raised::Done(both.to_vec()));
    let again = f.db.raise_warnings(&no, 1, &both, t0()).await.unwrap();
    assert_eq!(again, Raised::Done(vec![]));
    let stale = f.db.raise_warnings(&no, 7, &both, t0()).await.unwrap();
    assert_eq!(stale, Raised::Stale);
    assert_eq!(warning_events(&f).await, 2);

    // Twenty racers raise the red one: exactly one of them does.
    let red = [warning(Some("food-licence"), Warning::Red)];
    let mut racers = Vec::new();
    for _ in 0..20 {
        let (db, no, red) = (f.db.clone(), no.clone(), red.clone());
        racers.push(tokio::spawn(async move {
            loop {
                match db.raise_warnings(&no, 1, &red, t0()).await.unwrap() {
                    Raised::Done(new) => return new.len(),
                    Raised::Busy => tokio::task::yield_now().await,
                    Raised::Stale => panic!("the case did not change"),
                }
            }
        }));
    }
    let mut raised = 0;
    for r in racers {
        raised += r.await.unwrap();
    }
    assert_eq!(raised, 1);
    assert_eq!(warning_events(&f).await, 3);
    let listed =
        f.db.warnings(&RegionCode::parse("350800").unwrap(), 10)
            .await
            .unwrap();
    assert_eq!(listed.len(), 3);
    assert!(listed.windows(2).all(|w| w[0].id > w[1].id));
    let elsewhere =
        f.db.warnings(&RegionCode::parse("370000").unwrap(), 10)
            .await
            .unwrap();
    assert!(elsewhere.is_empty());
}

pub async fn two_concurrent_claimers_never_get_the_same_event(f: Fixture) {
    case_with(&f, 60).await;
    let mut claimers = Vec::new();
    for n in 0..4 {
        let db = f.db.clone();
        claimers.push(tokio::spawn(async move {
            let token = format!("claimer-{n}");
            let until = t0() + Duration::seconds(60);
            let claimed = db.claim_outbox(&token, t0(), until, 20).await.unwrap();
            claimed.into_iter().map(|c| c.event.id).collect::<Vec<_>>()
        }));
    }
    let mut seen = Vec::new();
    for c in claimers {
        seen.extend(c.await.unwrap());
    }
    let distinct: BTreeSet<i64> = seen.iter().copied().collect();
    assert_eq!(distinct.len(), seen.len(), "an event was claimed twice");
    // While the leases run, nobody else gets those events.
    let rest =
        f.db.claim_outbox("late", t0(), t0() + Duration::seconds(60), 100)
            .await
            .unwrap();
    assert!(rest.iter().all(|c| !distinct.contains(&c.event.id)));
    assert_eq!(distinct.len() + rest.len(), 60);
}

pub async fn only_the_live_claim_settles_an_event_and_it_settles_once(f: Fixture) {
    let no = case_with(&f, 1).await;
    let lease = Duration::seconds(60);
    let first =
        f.db.claim_outbox("a", t0(), t0() + lease, 10)
            .await
            .unwrap();
    assert_eq!(first.len(), 1);
    // The first claimer died; after its lease another takes over.
    let later = t0() + Duration::seconds(61);
    let second =
        f.db.claim_outbox("b", later, later + lease, 10)
            .await
            .unwrap();
    assert_eq!(second.len(), 1);
    let note = NewNotification {
        recipient: "applicant:zhang".into(),
        event: "case.submitted".into(),
        title: "已提交".into(),
        body: "您的办件已提交。".into(),
    };
    let stale =
        f.db.settle_event(&first[0], std::slice::from_ref(&note), &[], later)
            .await
            .unwrap();
    assert!(!stale);
    assert!(
        f.db.settle_event(&second[0], std::slice::from_ref(&note), &[], later)
            .await
            .unwrap()
    );
    assert!(
        !f.db
            .settle_event(&second[0], &[note], &[], later)
            .await
            .unwrap()
    );
    assert!(f.db.pending_outbox(10).await.unwrap().is_empty());
    let far = later + Duration::days(1);
    assert!(
        f.db.claim_outbox("c", far, far + lease, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let inbox = f.db.notifications("applicant:zhang", 10).await.unwrap();
    assert_eq!(inbox.len(), 1);
    assert_eq!(
        (inbox[0].case_no.as_ref(), inbox[0].topic),
        (Some(&no), Topic::Case)
    );
    assert!(
        f.db.notifications("applicant:li", 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        f.db.mark_read("applicant:li", Some(inbox[0].id), far)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        f.db.mark_read("applicant:zhang", None, far).await.unwrap(),
        1
    );
    let read = f.db.notifications("applicant:zhang", 10).await.unwrap();
    assert_eq!(read[0].read_at, Some(far));
}

pub async fn deliveries_are_claimed_once_retried_and_dead_lettered(f: Fixture) {
    case_with(&f, 1).await;
    let sub = Subscription {
        id: "sub-1".into(),
        name: "审批系统".into(),
        department: Code::parse("350825-scjg").unwrap(),
        region: RegionCode::parse("350825").unwrap(),
        url: "http://127.0.0.1:9/hook".into(),
        secret: "s3cret".into(),
        events: vec!["*".into()],
        created_by: "staff:admin".into(),
        created_at: t0(),
    };
    f.db.insert_subscription(&sub).await.unwrap();
    assert_eq!(f.db.subscriptions().await.unwrap(), vec![sub.clone()]);
    let lease = Duration::seconds(60);
    let claim = f.db.claim_outbox("a", t0(), t0() + lease, 1).await.unwrap();
    let delivery = NewDelivery {
        id: "d-1".into(),
        subscription_id: sub.id.clone(),
        event: "case.submitted".into(),
        body: "{}".into(),
    };
    assert!(
        f.db.settle_event(&claim[0], &[], &[delivery], t0())
            .await
            .unwrap()
    );

    let (a, b) = tokio::join!(
        f.db.claim_deliveries("x", t0(), t0() + lease, 10),
        f.db.claim_deliveries("y", t0(), t0() + lease, 10)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.len() + b.len(), 1, "one delivery, one claimer");
    let token = if a.is_empty() { "y" } else { "x" };
    let retry = Attempt::Retry {
        status: Some(500),
        error: "HTTP 500".into(),
        next_attempt_at: t0() + Duration::seconds(30),
    };
    assert!(
        !f.db
            .record_attempt("d-1", "other", &retry, t0())
            .await
            .unwrap()
    );
    assert!(
        f.db.record_attempt("d-1", token, &retry, t0())
            .await
            .unwrap()
    );
    let early = t0() + Duration::seconds(29);
    assert!(
        f.db.claim_deliveries("z", early, early + lease, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let due = t0() + Duration::seconds(30);
    let again =
        f.db.claim_deliveries("z", due, due + lease, 10)
            .await
            .unwrap();
    assert_eq!((again.len(), again[0].delivery.attempts), (1, 1));
    let give_up = Attempt::GiveUp {
        status: None,
        error: "连接失败".into(),
    };
    assert!(
        f.db.record_attempt("d-1", "z", &give_up, due)
            .await
            .unwrap()
    );
    let dead = f.db.deliveries(DeliveryStatus::Dead, 10).await.unwrap();
    assert_eq!((dead.len(), dead[0].attempts), (1, 2));
    assert_eq!(dead[0].last_error.as_deref(), Some("连接失败"));
    assert!(f.db.dead_delivery("d-1").await.unwrap().is_some());
    assert!(f.db.retry_delivery("d-1", due).await.unwrap());
    assert!(!f.db.retry_delivery("d-1", due).await.unwrap());
    let revived =
        f.db.claim_deliveries("w", due, due + lease, 10)
            .await
            .unwrap();
    assert_eq!((revived.len(), revived[0].delivery.attempts), (1, 0));
    let ok = Attempt::Delivered { status: 204 };
    assert!(f.db.record_attempt("d-1", "w", &ok, due).await.unwrap());
    let delivered =
        f.db.deliveries(DeliveryStatus::Delivered, 10)
            .await
            .unwrap();
    assert_eq!(delivered.len(), 1);

    // A retired subscription gets nothing new and is no longer listed.
    assert!(f.db.disable_subscription("sub-1", due).await.unwrap());
    assert!(f.db.subscriptions().await.unwrap().is_empty());
    assert!(f.db.subscription("sub-1").await.unwrap().is_none());
}

pub async fn an_event_about_another_aggregate_is_claimed_and_dispatched_once(f: Fixture) {
    let no = case_with(&f, 1).await;
    let request = ProofRequest {
        id: "pr-9".into(),
        proof_type: Code::parse("residence-proof").unwrap(),
        issuer: Code::parse("350825-gaj").unwrap(),
        subject: SubjectId::new("subj-9"),
        requester: "applicant:li".into(),
        purpose: "办理入学".into(),
        requested_at: t0(),
        due: NaiveDate::from_ymd_opt(2025, 2, 7).unwrap(),
        state: ProofRequestState::Requested,
    };
    let event = NewProofEvent {
        event: "proof.requested".into(),
        payload: json!({ "recipient": "applicant:li" }),
    };
    f.db.insert_proof_request(&request, &[event], t0())
        .await
        .unwrap();

    // Both wait in the one outbox, in write order; the proof event has
    // no case and names its request.
    let pending = f.db.pending_outbox(10).await.unwrap();
    assert_eq!(pending.len(), 2);
    assert_eq!(
        (pending[0].topic, pending[0].case_no.as_ref()),
        (Topic::Case, Some(&no))
    );
    let proof = &pending[1];
    assert_eq!(
        (
            proof.topic,
            proof.case_no.as_ref(),
            proof.aggregate_id.as_deref()
        ),
        (Topic::Proof, None, Some("pr-9"))
    );
    assert_eq!(proof.event, "proof.requested");
    assert_eq!(proof.payload["recipient"], "applicant:li");
    assert_eq!(proof.payload["department"], "350825-gaj");

    // Two dispatchers race: each event goes to exactly one.
    let lease = Duration::seconds(60);
    let (a, b) = tokio::join!(
        f.db.claim_outbox("a", t0(), t0() + lease, 10),
        f.db.claim_outbox("b", t0(), t0() + lease, 10)
    );
    let all: Vec<_> = a.unwrap().into_iter().chain(b.unwrap()).collect();
    assert_eq!(all.len(), 2);
    let claim = all.iter().find(|c| c.event.topic == Topic::Proof).unwrap();
    assert_eq!(claim.event, *proof);

    let sub = Subscription {
        id: "sub-gaj".into(),
        name: "公安户政系统".into(),
        department: Code::parse("350825-gaj").unwrap(),
        region: RegionCode::parse("350825").unwrap(),
        url: "http://127.0.0.1:9/hook".into(),
        secret: "s3cret".into(),
        events: vec!["proof.requested".into()],
        created_by: "staff:admin".into(),
        created_at: t0(),
    };
    f.db.insert_subscription(&sub).await.unwrap();
    let note = NewNotification {
        recipient: "applicant:li".into(),
        event: "proof.requested".into(),
        title: "已申请".into(),
        body: "您的证明申请已提交。".into(),
    };
    let delivery = NewDelivery {
        id: "d-proof".into(),
        subscription_id: sub.id.clone(),
        event: "proof.requested".into(),
        body: "{}".into(),
    };
    let settle = |claim| {
        f.db.settle_event(
            claim,
            std::slice::from_ref(&note),
            std::slice::from_ref(&delivery),
            t0(),
        )
    };
    assert!(settle(claim).await.unwrap());
    assert!(!settle(claim).await.unwrap(), "settled once");

    let inbox = f.db.notifications("applicant:li", 10).await.unwrap();
    assert_eq!(inbox.len(), 1);
    assert_eq!(
        (
            inbox[0].topic,
            inbox[0].case_no.as_ref(),
            inbox[0].aggregate_id.as_deref()
        ),
        (Topic::Proof, None, Some("pr-9"))
    );
    let queued =
        f.db.claim_deliveries("w", t0(), t0() + lease, 10)
            .await
            .unwrap();
    assert_eq!(queued.len(), 1);
    let d = &queued[0].delivery;
    assert_eq!(
        (d.topic, d.case_no.as_ref(), d.aggregate_id.as_deref()),
        (Topic::Proof, None, Some("pr-9"))
    );
    let left = f.db.pending_outbox(10).await.unwrap();
    assert!(left.iter().all(|e| e.topic == Topic::Case));
    assert_eq!(left.len(), 1);
}
