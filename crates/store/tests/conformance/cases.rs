//! Checks of the case store: case numbers, idempotent creation under
//! concurrency, optimistic versions, the audit chain, the outbox written in
//! the same transaction, and worklist filters.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use tongban_domain::auth::Role;
use tongban_domain::case::{Case, CaseNo, CaseState, Command, IntakeChannel};
use tongban_domain::ident::RegionCode;
use tongban_store::{
    CaseFilter, CaseStore, CaseUpdate, Created, IdempotencyKey, NewAudit, NewCase, NewOutboxEvent,
    StoreError, Updated,
};

use crate::common::{Fixture, item};

fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_737_680_400, 0).unwrap() // 2025-01-24T01:00:00Z
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 24).unwrap()
}

/// A draft window case for a county item of `department`.
fn draft(department: &str) -> Case {
    let item = item("food-licence", "食品经营许可", department);
    let provisional = CaseNo::new(&RegionCode::parse("350825").unwrap(), day(), 1).unwrap();
    Case::for_item(
        provisional,
        &item,
        &[],
        IntakeChannel::Window,
        t0().naive_utc(),
    )
}

fn audit(action: &str, from: Option<CaseState>, to: CaseState) -> NewAudit {
    NewAudit {
        at: t0(),
        actor: "staff:alice".into(),
        action: action.into(),
        from_state: from,
        to_state: Some(to),
        detail: json!({ "note": action }),
    }
}

fn event(code: &str) -> NewOutboxEvent {
    NewOutboxEvent {
        event: code.into(),
        // As the service makes them: the case number is not known yet.
        payload: json!({ "event": code, "case_no": null }),
    }
}

fn new_case(case: Case, key: Option<(&str, &str)>) -> NewCase {
    NewCase {
        case,
        day: day(),
        owner: Some("applicant:zhang".into()),
        phone: Some("13800138000".into()),
        at: t0(),
        audit: vec![audit("case.created", None, CaseState::Draft)],
        outbox: vec![event("case.created")],
        idempotency: key.map(|(key, fingerprint)| IdempotencyKey {
            scope: "staff:alice".into(),
            key: key.into(),
            fingerprint: fingerprint.into(),
        }),
    }
}

/// Submits the stored case as the window clerk: the update to write.
async fn submitted(f: &Fixture, no: &CaseNo, key: Option<&str>) -> CaseUpdate {
    let stored = f.db.load_case(no).await.unwrap().unwrap();
    let (case, _) = stored
        .case
        .apply_to_all(&Command::Submit, Role::WindowClerk, t0().naive_utc())
        .unwrap();
    CaseUpdate {
        case,
        expected_version: stored.version,
        at: t0(),
        audit: vec![audit(
            "case.submitted",
            Some(CaseState::Draft),
            CaseState::Submitted,
        )],
        outbox: vec![event("case.submitted")],
        licences: Vec::new(),
        idempotency: key.map(|k| IdempotencyKey {
            scope: "staff:alice".into(),
            key: k.into(),
            fingerprint: "fp-submit".into(),
        }),
    }
}

async fn create(f: &Fixture, case: Case) -> CaseNo {
    match f.db.create_case(new_case(case, None)).await.unwrap() {
        Created::New(no) => no,
        other => panic!("expected a new case, got {other:?}"),
    }
}

async fn outbox_of(f: &Fixture, no: &CaseNo) -> Vec<String> {
    let pending = f.db.pending_outbox(1000).await.unwrap();
    pending
        .into_iter()
        .filter(|e| e.case_no.as_ref() == Some(no))
        .map(|e| e.event)
        .collect()
}

pub async fn new_cases_get_the_next_number_of_their_region_and_day_and_round_trip(f: Fixture) {
    let first = create(&f, draft("350825-scjg")).await;
    let second = create(&f, draft("350825-scjg")).await;
    assert_eq!((first.sequence(), second.sequence()), (1, 2));
    assert_eq!(first.region(), "350825");
    assert_eq!(first.date(), day());

    let stored = f.db.load_case(&second).await.unwrap().unwrap();
    let mut expected = draft("350825-scjg");
    expected.case_no = second.clone();
    assert_eq!(stored.case, expected);
    assert_eq!(stored.version, 1);
    assert_eq!(stored.owner.as_deref(), Some("applicant:zhang"));
    assert_eq!(stored.phone.as_deref(), Some("13800138000"));
    assert!(!format!("{stored:?}").contains("13800138000"));

    let unknown = CaseNo::new(&RegionCode::parse("350825").unwrap(), day(), 99).unwrap();
    assert!(f.db.load_case(&unknown).await.unwrap().is_none());

    // Events made under the provisional number carry the one given.
    let pending = f.db.pending_outbox(100).await.unwrap();
    let of_second: Vec<_> = pending
        .iter()
        .filter(|e| e.case_no.as_ref() == Some(&second))
        .collect();
    assert!(!of_second.is_empty());
    for e in of_second {
        assert_eq!(e.payload["case_no"], second.to_string(), "{}", e.payload);
    }
}

pub async fn fifty_concurrent_submissions_under_one_key_create_exactly_one_case(f: Fixture) {
    let db = Arc::new(f.db.clone());
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let db = Arc::clone(&db);
            tokio::spawn(async move {
                db.create_case(new_case(draft("350825-scjg"), Some(("k-1", "fp-1"))))
                    .await
            })
        })
        .collect();
    let mut created = Vec::new();
    for t in tasks {
        created.push(t.await.unwrap().unwrap());
    }
    let numbers: BTreeSet<&CaseNo> = created.iter().map(Created::case_no).collect();
    assert_eq!(numbers.len(), 1, "{numbers:?}");
    let new = created
        .iter()
        .filter(|c| matches!(c, Created::New(_)))
        .count();
    assert_eq!(new, 1);

    let all = f.db.list_cases(&CaseFilter::default()).await.unwrap();
    assert_eq!(all.len(), 1);
    let no = &all[0].case.case_no;
    assert_eq!(f.db.audit_trail(no).await.unwrap().len(), 1);
    assert_eq!(outbox_of(&f, no).await, vec!["case.created"]);
    // The next case of the day takes sequence 2: no number was burnt.
    assert_eq!(create(&f, draft("350825-scjg")).await.sequence(), 2);
}

pub async fn concurrent_creations_keep_their_own_failures_and_gapless_numbers(f: Fixture) {
    // Sixty applicants at once; one request is bad (its event has no code).
    let db = Arc::new(f.db.clone());
    let tasks: Vec<_> = (0..60)
        .map(|i| {
            let db = Arc::clone(&db);
            tokio::spawn(async move {
                let key = format!("k-{i}");
                let mut new = new_case(draft("350825-scjg"), Some((&key, "fp")));
                if i == 30 {
                    new.outbox.push(event(""));
                }
                db.create_case(new).await
            })
        })
        .collect();
    let mut numbers = BTreeSet::new();
    let mut failed = Vec::new();
    for (i, t) in tasks.into_iter().enumerate() {
        match t.await.unwrap() {
            Ok(Created::New(no)) => assert!(numbers.insert(no.sequence())),
            Ok(Created::Existing(no)) => panic!("request {i} replayed {no}"),
            Err(_) => failed.push(i),
        }
    }
    assert_eq!(failed, vec![30], "only the bad request failed");
    assert_eq!(numbers.len(), 59);
    if f.db.backend() == tongban_store::Backend::Sqlite {
        assert_eq!(numbers, (1..=59).collect(), "SQLite numbers stay gapless");
    }
    let stored = f.db.list_cases(&CaseFilter::default()).await.unwrap();
    assert_eq!(stored.len(), 59);
    for case in &stored {
        let no = &case.case.case_no;
        assert_eq!(f.db.audit_trail(no).await.unwrap().len(), 1);
        assert_eq!(outbox_of(&f, no).await, vec!["case.created"]);
    }
    assert!(
        f.db.idempotency_record("staff:alice", "k-30")
            .await
            .unwrap()
            .is_none()
    );
    let good = new_case(draft("350825-scjg"), Some(("k-30", "fp")));
    assert!(matches!(
        f.db.create_case(good).await.unwrap(),
        Created::New(_)
    ));
}

pub async fn cases_created_through_another_connection_meanwhile_take_other_numbers(f: Fixture) {
    // Another node (PostgreSQL) or process (SQLite) on the same database.
    let other = tongban_store::Db::connect(&f.url).await.unwrap();
    let first = create(&f, draft("350825-scjg")).await;
    let second = other
        .create_case(new_case(draft("350825-scjg"), None))
        .await
        .unwrap();
    let third = create(&f, draft("350825-scjg")).await;
    let numbers = [
        first.sequence(),
        second.case_no().sequence(),
        third.sequence(),
    ];
    let distinct: BTreeSet<u32> = numbers.iter().copied().collect();
    assert_eq!(distinct.len(), 3, "{numbers:?}");
    if f.db.backend() == tongban_store::Backend::Sqlite {
        assert_eq!(numbers, [1, 2, 3]);
    }
    other.close().await;
}

pub async fn a_key_reused_for_another_request_is_refused_and_writes_nothing(f: Fixture) {
    let first =
        f.db.create_case(new_case(draft("350825-scjg"), Some(("k-1", "fp-1"))))
            .await
            .unwrap();
    let err =
        f.db.create_case(new_case(draft("350825-wsjk"), Some(("k-1", "fp-other"))))
            .await
            .unwrap_err();
    assert!(matches!(err, StoreError::IdempotencyMismatch), "{err:?}");
    assert_eq!(err.code(), "idempotency_key_reused");
    assert_eq!(
        f.db.list_cases(&CaseFilter::default()).await.unwrap().len(),
        1
    );
    // The same request again is answered with the first case.
    let again =
        f.db.create_case(new_case(draft("350825-scjg"), Some(("k-1", "fp-1"))))
            .await
            .unwrap();
    assert_eq!(again, Created::Existing(first.case_no().clone()));
}

pub async fn an_update_from_a_stale_version_is_a_conflict_and_writes_nothing(f: Fixture) {
    let no = create(&f, draft("350825-scjg")).await;
    let update = submitted(&f, &no, None).await;
    let stale = update.clone();
    assert_eq!(
        f.db.update_case(update).await.unwrap(),
        Updated::Applied { version: 2 }
    );
    let err = f.db.update_case(stale).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    assert_eq!(err.code(), "case_conflict");

    let stored = f.db.load_case(&no).await.unwrap().unwrap();
    assert_eq!(stored.version, 2);
    assert_eq!(stored.case.state(), CaseState::Submitted);
    assert_eq!(f.db.audit_trail(&no).await.unwrap().len(), 2);
    assert_eq!(
        outbox_of(&f, &no).await,
        vec!["case.created", "case.submitted"]
    );
}

pub async fn a_repeated_key_replays_the_first_update_without_a_second_transition(f: Fixture) {
    let no = create(&f, draft("350825-scjg")).await;
    let update = submitted(&f, &no, Some("act-1")).await;
    assert_eq!(
        f.db.update_case(update.clone()).await.unwrap(),
        Updated::Applied { version: 2 }
    );
    let record =
        f.db.idempotency_record("staff:alice", "act-1")
            .await
            .unwrap()
            .unwrap();
    assert_eq!(record.case_no, Some(no.clone()));
    assert_eq!(record.fingerprint, "fp-submit");
    // The retry still names version 1: it is replayed, not a conflict.
    assert_eq!(
        f.db.update_case(update).await.unwrap(),
        Updated::Replayed { version: 2 }
    );
    assert_eq!(f.db.load_case(&no).await.unwrap().unwrap().version, 2);
    assert_eq!(f.db.audit_trail(&no).await.unwrap().len(), 2);
    assert_eq!(outbox_of(&f, &no).await.len(), 2);
}

pub async fn the_audit_chain_verifies_and_a_tampered_row_is_detected(f: Fixture) {
    let no = create(&f, draft("350825-scjg")).await;
    f.db.update_case(submitted(&f, &no, None).await)
        .await
        .unwrap();
    let trail = f.db.audit_trail(&no).await.unwrap();
    assert_eq!(trail.iter().map(|r| r.seq).collect::<Vec<_>>(), vec![1, 2]);
    assert_eq!(trail[1].prev_hash, trail[0].hash);
    assert_eq!(trail[1].to_state.as_deref(), Some("submitted"));
    let check = f.db.verify_audit_chain(&no).await.unwrap();
    assert!(check.ok, "{check:?}");
    assert_eq!((check.records, check.broken_at), (2, None));

    let changed = f
        .execute_raw(
            "UPDATE case_audit SET detail = '{\"note\":\"改过\"}' WHERE case_no = $1 AND seq = 2",
            &[no.as_str()],
        )
        .await;
    assert_eq!(changed, 1);
    let check = f.db.verify_audit_chain(&no).await.unwrap();
    assert!(!check.ok);
    assert_eq!(check.broken_at, Some(2));
}

pub async fn a_failed_write_leaves_no_case_audit_outbox_or_key(f: Fixture) {
    let mut bad = new_case(draft("350825-scjg"), Some(("k-bad", "fp-bad")));
    // The outbox refuses an empty event code: the last statement fails.
    bad.outbox.push(event(""));
    assert!(f.db.create_case(bad).await.is_err());
    assert!(
        f.db.list_cases(&CaseFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(f.db.pending_outbox(100).await.unwrap().is_empty());
    assert!(
        f.db.idempotency_record("staff:alice", "k-bad")
            .await
            .unwrap()
            .is_none()
    );
    let no = create(&f, draft("350825-scjg")).await;
    assert_eq!(no.sequence(), 1, "the failed write burnt no number");
    assert_eq!(f.db.audit_trail(&no).await.unwrap().len(), 1);

    let mut update = submitted(&f, &no, Some("act-bad")).await;
    update.outbox.push(event(""));
    assert!(f.db.update_case(update).await.is_err());
    let stored = f.db.load_case(&no).await.unwrap().unwrap();
    assert_eq!((stored.version, stored.case.state()), (1, CaseState::Draft));
    assert_eq!(f.db.audit_trail(&no).await.unwrap().len(), 1);
    assert_eq!(outbox_of(&f, &no).await, vec!["case.created"]);
}

pub async fn a_creation_abandoned_by_its_caller_leaves_the_store_writable(f: Fixture) {
    // A client that hangs up drops the request's future wherever it is:
    // each abandoned creation either commits whole or leaves nothing, and
    // the store takes the next one. The abandonments land at different
    // points of the creation, from before it starts to after it ends.
    let mut next = None;
    for i in 0..40u64 {
        let key = format!("k-gone-{i}");
        let abandoned = new_case(draft("350825-scjg"), Some((&key, "fp-gone")));
        let wait = std::time::Duration::from_micros(i * 100);
        let _ = tokio::time::timeout(wait, f.db.create_case(abandoned)).await;
        next = Some(create(&f, draft("350825-scjg")).await);
    }
    let next = next.unwrap();
    let stored = f.db.list_cases(&CaseFilter::default()).await.unwrap();
    let numbers: BTreeSet<u32> = stored.iter().map(|c| c.case.case_no.sequence()).collect();
    assert_eq!(numbers.len(), stored.len(), "no number was given twice");
    if f.db.backend() == tongban_store::Backend::Sqlite {
        let gapless: BTreeSet<u32> = (1..=next.sequence()).collect();
        assert_eq!(numbers, gapless, "SQLite numbers stay gapless");
    }
    for case in &stored {
        assert!(
            f.db.verify_audit_chain(&case.case.case_no)
                .await
                .unwrap()
                .ok
        );
    }
}

pub async fn dispatched_events_leave_the_pending_outbox_once(f: Fixture) {
    let a = create(&f, draft("350825-scjg")).await;
    f.db.update_case(submitted(&f, &a, None).await)
        .await
        .unwrap();
    let pending = f.db.pending_outbox(10).await.unwrap();
    assert_eq!(pending.len(), 2);
    assert!(pending[0].id < pending[1].id);
    assert_eq!(
        pending[1].payload,
        json!({ "event": "case.submitted", "case_no": a.to_string() })
    );
    assert_eq!(f.db.pending_outbox(1).await.unwrap().len(), 1);

    let marked = f.db.mark_dispatched(&[pending[0].id], t0()).await.unwrap();
    assert_eq!(marked, 1);
    let again = f.db.mark_dispatched(&[pending[0].id], t0()).await.unwrap();
    assert_eq!(again, 0);
    let left = f.db.pending_outbox(10).await.unwrap();
    assert_eq!(
        left.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![pending[1].id]
    );
}

pub async fn worklists_filter_by_region_subtree_department_owner_and_state(f: Fixture) {
    let scjg = create(&f, draft("350825-scjg")).await;
    let wsjk = create(&f, draft("350825-wsjk")).await;
    f.db.update_case(submitted(&f, &wsjk, None).await)
        .await
        .unwrap();
    let numbers = |cases: Vec<tongban_store::StoredCase>| -> Vec<CaseNo> {
        cases.into_iter().map(|c| c.case.case_no).collect()
    };
    let region = |code: &str| Some(RegionCode::parse(code).unwrap());
    let list = |filter: CaseFilter| {
        let db = f.db.clone();
        async move { db.list_cases(&filter).await.unwrap() }
    };
    for inside in ["350000", "350800", "350825"] {
        let found = list(CaseFilter {
            region_within: region(inside),
            ..CaseFilter::default()
        })
        .await;
        assert_eq!(numbers(found), vec![scjg.clone(), wsjk.clone()], "{inside}");
    }
    let elsewhere = list(CaseFilter {
        region_within: region("350100"),
        ..CaseFilter::default()
    })
    .await;
    assert!(elsewhere.is_empty());
    let by_department = list(CaseFilter {
        department: Some(tongban_domain::ident::Code::parse("350825-wsjk").unwrap()),
        ..CaseFilter::default()
    })
    .await;
    assert_eq!(numbers(by_department), vec![wsjk.clone()]);
    let by_state = list(CaseFilter {
        state: Some(CaseState::Draft),
        ..CaseFilter::default()
    })
    .await;
    assert_eq!(numbers(by_state), vec![scjg.clone()]);
    let by_owner = list(CaseFilter {
        owner: Some("applicant:li".into()),
        ..CaseFilter::default()
    })
    .await;
    assert!(by_owner.is_empty());
    let limited = list(CaseFilter {
        limit: 1,
        ..CaseFilter::default()
    })
    .await;
    assert_eq!(numbers(limited), vec![scjg]);
}

pub async fn worklist_cases_filter_by_states_region_remote_intake_and_last_change(f: Fixture) {
    let draft_case = create(&f, draft("350825-scjg")).await;
    let submitted_case = create(&f, draft("350825-scjg")).await;
    f.db.update_case(submitted(&f, &submitted_case, None).await)
        .await
        .unwrap();
    let mut remote = draft("350825-scjg");
    remote.channel = IntakeChannel::Remote {
        received_in: RegionCode::parse("371425").unwrap(),
    };
    for m in &mut remote.members {
        m.channel = remote.channel.clone();
    }
    let remote_case = create(&f, remote).await;
    let numbers = |cases: Vec<tongban_store::StoredCase>| -> Vec<CaseNo> {
        cases.into_iter().map(|c| c.case.case_no).collect()
    };
    let city = RegionCode::parse("350800").unwrap();
    let elsewhere = RegionCode::parse("371425").unwrap();

    let all =
        f.db.worklist_cases(None, false, &[], None, 100)
            .await
            .unwrap();
    assert_eq!(numbers(all).len(), 3);
    let by_state =
        f.db.worklist_cases(Some(&city), false, &[CaseState::Submitted], None, 100)
            .await
            .unwrap();
    assert_eq!(numbers(by_state), vec![submitted_case.clone()]);
    let several =
        f.db.worklist_cases(
            Some(&city),
            false,
            &[CaseState::Draft, CaseState::Submitted],
            None,
            100,
        )
        .await
        .unwrap();
    assert_eq!(numbers(several).len(), 3);
    // Another province sees only the case received remotely there, and
    // only when asking for remote intake.
    let far =
        f.db.worklist_cases(Some(&elsewhere), false, &[], None, 100)
            .await
            .unwrap();
    assert!(far.is_empty());
    let far_remote =
        f.db.worklist_cases(Some(&elsewhere), true, &[], None, 100)
            .await
            .unwrap();
    assert_eq!(numbers(far_remote), vec![remote_case]);
    // Changed since: the future holds nothing; the past holds all.
    let later = t0() + chrono::Duration::hours(1);
    let none =
        f.db.worklist_cases(None, false, &[], Some(later), 100)
            .await
            .unwrap();
    assert!(none.is_empty());
    let since =
        f.db.worklist_cases(None, false, &[], Some(t0()), 2)
            .await
            .unwrap();
    assert_eq!(numbers(since), vec![draft_case, submitted_case]);
}
