//! Deadline warnings: the domain's rule on the working-day calendar,
//! raised once however often and however concurrently the scan runs.

use std::collections::BTreeSet;

use tongban_domain::auth::Role;
use tongban_domain::case::Warning;
use tongban_store::{CaseStore, WARNING_RAISED};

use crate::harness::{FOOD, GTGSH, HEALTH, accepted_chef_case, at, env, staff};

fn supervisor(region: &str) -> tongban_domain::auth::Actor {
    staff("sup", Role::Supervisor, region, "350825-scjg")
}

/// Warning events still in the outbox.
async fn raised_events(env: &crate::harness::Env) -> usize {
    let pending = env.db.pending_outbox(10_000).await.unwrap();
    pending.iter().filter(|e| e.event == WARNING_RAISED).count()
}

#[tokio::test]
async fn nothing_is_raised_while_less_than_80_percent_of_the_time_is_used() {
    let env = env().await;
    accepted_chef_case(&env).await;
    // Accepted on Friday 2025-01-24; Sunday 01-26 is a 调休 working day,
    // so on Saturday 01-25 no working day has been used.
    let raised = env
        .events
        .scan_warnings(at("2025-01-25T09:00:00+08:00"))
        .await;
    assert_eq!(raised.unwrap(), 0);
    assert_eq!(raised_events(&env).await, 0);
}

#[tokio::test]
async fn each_member_and_the_whole_case_get_their_level_once() {
    let env = env().await;
    let no = accepted_chef_case(&env).await;
    // 2025-02-06: working days used since 01-24 are 01-26, 01-27 (the
    // Spring Festival rest follows), 02-05 and 02-06 — four.
    // 工商户登记 (promised 1 day) and 健康证明 (3 days) are over: red;
    // 食品经营许可 (5 days) and the whole case (5 days) used 80%: yellow.
    let now = at("2025-02-06T09:00:00+08:00");
    let scans = futures_join(&env, now).await;
    assert_eq!(
        scans, 4,
        "three concurrent scans raise four warnings in all"
    );
    assert_eq!(env.events.scan_warnings(now).await.unwrap(), 0);
    assert_eq!(raised_events(&env).await, 4);

    let seen = env
        .events
        .warnings(&supervisor("350800"), 100)
        .await
        .unwrap();
    let got: BTreeSet<(Option<String>, Warning)> = seen
        .iter()
        .map(|w| (w.item.as_ref().map(ToString::to_string), w.level))
        .collect();
    let want: BTreeSet<(Option<String>, Warning)> = [
        (Some(GTGSH.to_string()), Warning::Red),
        (Some(HEALTH.to_string()), Warning::Red),
        (Some(FOOD.to_string()), Warning::Yellow),
        (None, Warning::Yellow),
    ]
    .into_iter()
    .collect();
    assert_eq!(got, want);
    assert!(seen.iter().all(|w| w.case_no.to_string() == no));
    let food = seen
        .iter()
        .find(|w| w.item.as_ref().is_some_and(|i| i.as_str() == FOOD));
    assert_eq!(food.unwrap().due.to_string(), "2025-02-07");

    // A day later the whole case and the food licence turn red: only
    // those two are new.
    assert_eq!(
        env.events
            .scan_warnings(at("2025-02-08T09:00:00+08:00"))
            .await
            .unwrap(),
        2
    );
    assert_eq!(raised_events(&env).await, 6);
}

#[tokio::test]
async fn warnings_are_for_supervisors_of_the_region_only() {
    let env = env().await;
    accepted_chef_case(&env).await;
    env.events
        .scan_warnings(at("2025-02-06T09:00:00+08:00"))
        .await
        .unwrap();
    assert_eq!(
        env.events
            .warnings(&supervisor("350825"), 100)
            .await
            .unwrap()
            .len(),
        4
    );
    let elsewhere = staff("sup2", Role::Supervisor, "370000", "350825-scjg");
    assert!(
        env.events
            .warnings(&elsewhere, 100)
            .await
            .unwrap()
            .is_empty()
    );
    let examiner = staff("ex", Role::Examiner, "350825", "350825-scjg");
    let refused = env.events.warnings(&examiner, 100).await.unwrap_err();
    assert_eq!(refused.code(), "forbidden_role");
}

/// Three scans at once; the sum of what each raised.
async fn futures_join(env: &crate::harness::Env, now: chrono::DateTime<chrono::Utc>) -> usize {
    let (a, b, c) = tokio::join!(
        env.events.scan_warnings(now),
        env.events.scan_warnings(now),
        env.events.scan_warnings(now)
    );
    a.unwrap() + b.unwrap() + c.unwrap()
}
