//! The case use cases on a temporary SQLite database with the demo
//! catalog: the itinerant-chef bundle from window submission to the one
//! hand-over, refusals that change nothing, data scopes, idempotent
//! retries and the public status lookup.

#[path = "cases/harness.rs"]
mod harness;

use std::sync::Arc;

use tongban_domain::auth::Role;
use tongban_domain::case::{CaseState, Command, DeliveryMethod, IntakeChannel, Outcome};
use tongban_domain::ident::RegionCode;
use tongban_store::{CaseFilter, CaseStore};

use harness::{
    FOOD, GTGSH, HEALTH, applicant, audit_len, chef_request, clerk, code_of, env, on, staff,
    submitted, whole,
};

#[tokio::test]
async fn a_window_bundle_runs_in_parallel_to_one_hand_over_with_a_verified_audit_chain() {
    let env = env().await;
    let view = submitted(&env).await;
    let no = view.case.case_no.to_string();
    assert_eq!(view.state, CaseState::Submitted);
    assert_eq!(&no[..12], "350825250124");
    assert_eq!(view.case.members.len(), 3);
    assert_eq!(view.phone_masked.as_deref(), Some("138****8000"));

    let accepted = env
        .cases
        .act(&clerk(), &no, whole(Command::Accept), None)
        .await
        .unwrap();
    assert_eq!(accepted.state, CaseState::Accepted);

    let scjg_examiner = staff("scjg.ex", Role::Examiner, "350825", "350825-scjg");
    let scjg_leader = staff("scjg.lead", Role::DepartmentLeader, "350825", "350825-scjg");
    let wjj_examiner = staff("wjj.ex", Role::Examiner, "350825", "350825-wjj");
    let wjj_leader = staff("wjj.lead", Role::DepartmentLeader, "350825", "350825-wjj");
    let grant = Command::Decide {
        outcome: Outcome::Granted,
        reasons: vec![],
    };
    for (item, examiner, leader) in [
        (GTGSH, &scjg_examiner, &scjg_leader),
        (FOOD, &scjg_examiner, &scjg_leader),
        (HEALTH, &wjj_examiner, &wjj_leader),
    ] {
        let steps = [
            (examiner, Command::StartReview),
            (leader, grant.clone()),
            (examiner, Command::Complete),
        ];
        for (who, command) in steps {
            env.cases
                .act(who, &no, on(item, command), None)
                .await
                .unwrap_or_else(|e| panic!("{item}: {e} ({})", e.code()));
        }
    }
    let delivered = env
        .cases
        .act(
            &clerk(),
            &no,
            whole(Command::Deliver {
                method: DeliveryMethod::Post {
                    tracking_no: "SF1234567890".into(),
                },
            }),
            None,
        )
        .await
        .unwrap();
    assert_eq!(delivered.state, CaseState::Delivered);
    // submit, accept, 3 × (review, decide, complete), deliver.
    assert_eq!(delivered.version, 12);

    let (trail, check) = env.cases.audit(&clerk(), &no).await.unwrap();
    assert!(check.ok, "{check:?}");
    let actions: Vec<&str> = trail.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(actions.first(), Some(&"case.submitted"));
    assert_eq!(actions.iter().filter(|a| **a == "case.decided").count(), 3);
    assert_eq!(
        actions
            .iter()
            .filter(|a| **a == "case.all_completed")
            .count(),
        1
    );
    assert_eq!(actions.last(), Some(&"case.all_delivered"));
    let leader_entries = trail.iter().filter(|r| r.actor == "staff:wjj.lead").count();
    assert_eq!(leader_entries, 1);

    let events = env.db.pending_outbox(1000).await.unwrap();
    assert_eq!(
        events.len(),
        trail.len(),
        "one outbox event per audit record"
    );
}

#[tokio::test]
async fn a_forbidden_transition_returns_the_domain_code_and_changes_nothing() {
    let env = env().await;
    let view = submitted(&env).await;
    let no = view.case.case_no.to_string();
    let before_audit = audit_len(&env, &no).await;
    let before_outbox = env.db.pending_outbox(1000).await.unwrap().len();

    let leader = staff("scjg.lead", Role::DepartmentLeader, "350825", "350825-scjg");
    let decide = on(
        FOOD,
        Command::Decide {
            outcome: Outcome::Granted,
            reasons: vec![],
        },
    );
    let err = env.cases.act(&leader, &no, decide, None).await.unwrap_err();
    assert_eq!(err.code(), "illegal_transition");
    assert!(err.to_string().contains("已申报"), "{err}");
    // Delivery before anything is done, and a role that may not accept.
    let deliver = whole(Command::Deliver {
        method: DeliveryMethod::Electronic,
    });
    assert_eq!(
        code_of(env.cases.act(&clerk(), &no, deliver, None).await),
        "case_not_complete"
    );
    assert_eq!(
        code_of(
            env.cases
                .act(&leader, &no, whole(Command::Accept), None)
                .await
        ),
        "role_not_permitted"
    );

    let after = env.cases.case(&clerk(), &no).await.unwrap();
    assert_eq!((after.state, after.version), (CaseState::Submitted, 1));
    assert_eq!(after.case, view.case);
    assert_eq!(audit_len(&env, &no).await, before_audit);
    assert_eq!(
        env.db.pending_outbox(1000).await.unwrap().len(),
        before_outbox
    );
}

#[tokio::test]
async fn staff_and_applicants_outside_the_case_get_not_found_like_a_missing_case() {
    let env = env().await;
    let view = submitted(&env).await;
    let no = view.case.case_no.to_string();

    let far_clerk = staff("qh.clerk", Role::WindowClerk, "371425", "350825-scjg");
    // A well-formed number no case has.
    let missing = tongban_domain::case::CaseNo::new(
        &RegionCode::parse("350825").unwrap(),
        chrono::NaiveDate::from_ymd_opt(2025, 1, 24).unwrap(),
        99,
    )
    .unwrap()
    .to_string();
    assert_eq!(
        code_of(env.cases.case(&far_clerk, &no).await),
        "case_not_found"
    );
    assert_eq!(
        code_of(env.cases.case(&far_clerk, &missing).await),
        "case_not_found"
    );
    assert_eq!(
        code_of(
            env.cases
                .act(&far_clerk, &no, whole(Command::Accept), None)
                .await
        ),
        "case_not_found"
    );
    assert_eq!(
        code_of(env.cases.case(&applicant("li"), &no).await),
        "case_not_found"
    );
    // The owner, and a member department's examiner, may read it.
    assert!(env.cases.case(&applicant("zhang"), &no).await.is_ok());
    let wjj_examiner = staff("wjj.ex", Role::Examiner, "350825", "350825-wjj");
    assert!(env.cases.case(&wjj_examiner, &no).await.is_ok());
    // … but not work on another department's member.
    env.cases
        .act(&clerk(), &no, whole(Command::Accept), None)
        .await
        .unwrap();
    assert_eq!(
        code_of(
            env.cases
                .act(&wjj_examiner, &no, on(FOOD, Command::StartReview), None)
                .await
        ),
        "forbidden_department"
    );
    let unchanged = env.cases.case(&clerk(), &no).await.unwrap();
    assert_eq!(unchanged.version, 2);
}

#[tokio::test]
async fn retrying_with_the_same_key_neither_creates_nor_applies_twice() {
    let env = env().await;
    let first = env
        .cases
        .submit(&clerk(), chef_request(IntakeChannel::Window), Some("sub-1"))
        .await
        .unwrap();
    let again = env
        .cases
        .submit(&clerk(), chef_request(IntakeChannel::Window), Some("sub-1"))
        .await
        .unwrap();
    assert_eq!(first.case.case_no, again.case.case_no);
    let all = env.db.list_cases(&CaseFilter::default()).await.unwrap();
    assert_eq!(all.len(), 1);
    let mut other = chef_request(IntakeChannel::Window);
    other.phone = Some("13900000000".into());
    assert_eq!(
        code_of(env.cases.submit(&clerk(), other, Some("sub-1")).await),
        "idempotency_key_reused"
    );

    let no = first.case.case_no.to_string();
    let accepted = env
        .cases
        .act(&clerk(), &no, whole(Command::Accept), Some("acc-1"))
        .await
        .unwrap();
    let audit = audit_len(&env, &no).await;
    let retried = env
        .cases
        .act(&clerk(), &no, whole(Command::Accept), Some("acc-1"))
        .await
        .unwrap();
    assert_eq!(retried.version, accepted.version);
    assert_eq!(retried.state, CaseState::Accepted);
    assert_eq!(audit_len(&env, &no).await, audit);
    // Without the key, the same command is a second (refused) transition.
    assert_eq!(
        code_of(
            env.cases
                .act(&clerk(), &no, whole(Command::Accept), None)
                .await
        ),
        "illegal_transition"
    );
    assert_eq!(
        code_of(
            env.cases
                .act(&clerk(), &no, whole(Command::Withdraw), Some("acc-1"))
                .await
        ),
        "idempotency_key_reused"
    );
}

#[tokio::test]
async fn the_public_lookup_needs_the_phones_last_four_digits_and_shows_only_states() {
    let env = env().await;
    let view = submitted(&env).await;
    let spoken = view.case.case_no.spoken();
    let status = env.cases.public_status(&spoken, "8000").await.unwrap();
    assert_eq!(status.case_no, view.case.case_no);
    assert_eq!(status.state, CaseState::Submitted);
    assert_eq!(status.members.len(), 3);
    for wrong in ["8001", "0000", "800", ""] {
        assert_eq!(
            code_of(env.cases.public_status(&spoken, wrong).await),
            "case_not_found",
            "{wrong}"
        );
    }
    assert_eq!(
        code_of(env.cases.public_status("123", "8000").await),
        "case_not_found"
    );
}

#[tokio::test]
async fn applicants_submit_online_for_themselves_and_staff_do_not_submit_online() {
    let env = env().await;
    let mut request = chef_request(IntakeChannel::Online);
    request.owner = Some("applicant:someone-else".into());
    let view = env
        .cases
        .submit(&applicant("zhang"), request.clone(), None)
        .await
        .unwrap();
    assert_eq!(view.owner.as_deref(), Some("applicant:zhang"));
    assert_eq!(view.case.channel, IntakeChannel::Online);
    assert_eq!(
        code_of(env.cases.submit(&clerk(), request, None).await),
        "invalid_parameter"
    );
    // Online cases need pre-review before acceptance.
    let no = view.case.case_no.to_string();
    assert_eq!(
        code_of(
            env.cases
                .act(&clerk(), &no, whole(Command::Accept), None)
                .await
        ),
        "pre_review_required"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_work_on_different_members_is_all_applied_after_retries() {
    let env = env().await;
    let no = submitted(&env).await.case.case_no.to_string();
    env.cases
        .act(&clerk(), &no, whole(Command::Accept), None)
        .await
        .unwrap();
    let scjg = staff("scjg.ex", Role::Examiner, "350825", "350825-scjg");
    let wjj = staff("wjj.ex", Role::Examiner, "350825", "350825-wjj");
    let tasks: Vec<_> = [(GTGSH, scjg.clone()), (FOOD, scjg), (HEALTH, wjj)]
        .into_iter()
        .map(|(item, who)| {
            let (cases, no) = (Arc::clone(&env.cases), no.clone());
            tokio::spawn(async move {
                cases
                    .act(&who, &no, on(item, Command::StartReview), None)
                    .await
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let after = env.cases.case(&clerk(), &no).await.unwrap();
    assert_eq!(after.version, 5);
    assert!(
        after
            .case
            .members
            .iter()
            .all(|m| m.state == CaseState::UnderReview)
    );
    let (trail, check) = env.cases.audit(&clerk(), &no).await.unwrap();
    assert!(check.ok);
    let reviews = trail
        .iter()
        .filter(|r| r.action == "case.review_started")
        .count();
    assert_eq!(reviews, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_proxy_agent_submits_only_under_a_signed_authorisation_in_force_and_the_audit_keeps_it() {
    let env = env().await;
    let agent = staff("lc.proxy", Role::ProxyAgent, "350825", "350825-scjg");
    let mut request = chef_request(IntakeChannel::Proxy);
    assert_eq!(
        code_of(env.cases.submit(&agent, request.clone(), None).await),
        "proxy_authorisation_required"
    );
    let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    let mut paper = tongban_service::ProxyAuthorisation {
        principal: "张三".into(),
        scope: "代为申报游厨登记一件事".into(),
        reference: "LC-DB-2025-0007".into(),
        signed_on: day("2025-01-01"),
        valid_until: day("2025-01-10"),
    };
    request.authorisation = Some(paper.clone());
    assert_eq!(
        code_of(env.cases.submit(&agent, request.clone(), None).await),
        "proxy_authorisation_expired",
        "the clock says 2025-01-24"
    );
    paper.valid_until = day("2025-06-30");
    request.authorisation = Some(paper);
    let view = env.cases.submit(&agent, request, None).await.unwrap();
    assert_eq!(view.case.channel, IntakeChannel::Proxy);
    let (trail, _) = env
        .cases
        .audit(&agent, view.case.case_no.as_str())
        .await
        .unwrap();
    let detail: serde_json::Value = serde_json::from_str(&trail[0].detail).unwrap();
    assert_eq!(detail["authorisation"]["reference"], "LC-DB-2025-0007");
    let mut window = chef_request(IntakeChannel::Window);
    window.authorisation = Some(serde_json::from_value(detail["authorisation"].clone()).unwrap());
    assert_eq!(
        code_of(env.cases.submit(&clerk(), window, None).await),
        "proxy_authorisation_unexpected"
    );
}
