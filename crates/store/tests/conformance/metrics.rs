//! Checks of the metrics store: the rollup job counts every outbox
//! event's case once (again, concurrently, or rebuilt), adds only
//! differences, and slices sum rollup rows by region subtree and group.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use tongban_domain::case::{Case, CaseNo, IntakeChannel};
use tongban_domain::ident::RegionCode;
use tongban_domain::metrics::{Contribution, Counter, RollupKey};
use tongban_store::{
    CaseStore, Created, Group, MetricsStore, NewCase, NewOutboxEvent, RollupCase, SliceFilter,
};

use crate::common::{Fixture, item};

#[path = "metrics_cube.rs"]
mod cube;
pub use cube::{
    a_period_of_whole_months_and_partial_days_sums_like_its_day_rows,
    a_re_rating_moves_the_satisfaction_count_instead_of_adding_one,
    bulk_added_rows_read_like_rows_the_job_wrote,
    the_cube_version_moves_with_every_change_of_the_cube_and_only_then,
};

pub(crate) fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_737_680_400, 0).unwrap() // 2025-01-24T01:00:00Z
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 24).unwrap()
}

/// A test contributor: one submitted case and one item per member on the
/// case's creation day, plus one decided item per `decided` event seen.
fn count(input: &RollupCase) -> Result<Contribution, String> {
    let case = &input.case;
    let key = RollupKey {
        day: case.created_at.date(),
        region: case.region.to_string(),
        department: case.lead_department.to_string(),
        item: case.members[0].item().to_string(),
        bundle: String::new(),
        channel: case.channel.code().to_string(),
    };
    let mut c = Contribution::default();
    c.add(&key, Counter::CasesSubmitted, 1);
    c.add(&key, Counter::ItemsSubmitted, case.members.len() as i64);
    c.add(
        &key,
        Counter::ItemsDecided,
        i64::from(case.name.ends_with("（已决定）")),
    );
    Ok(c)
}

pub(crate) async fn create(f: &Fixture, region: &str, department: &str) -> CaseNo {
    let mut item = item("food-licence", "食品经营许可", department);
    item.region = RegionCode::parse(region).unwrap();
    let provisional = CaseNo::new(&item.region, day(), 1).unwrap();
    let case = Case::for_item(
        provisional,
        &item,
        &[],
        IntakeChannel::Online,
        t0().naive_utc(),
    );
    let new = NewCase {
        case,
        day: day(),
        owner: None,
        phone: None,
        at: t0(),
        audit: Vec::new(),
        outbox: vec![NewOutboxEvent {
            event: "case.created".into(),
            payload: json!({ "event": "case.created" }),
        }],
        idempotency: None,
    };
    match f.db.create_case(new).await.unwrap() {
        Created::New(no) => no,
        other => panic!("expected a new case, got {other:?}"),
    }
}

fn slice(region: &str) -> SliceFilter {
    SliceFilter {
        from: day(),
        to: day(),
        region_within: Some(RegionCode::parse(region).unwrap()),
        department: None,
        item: None,
        bundle: None,
        channel: None,
    }
}

async fn total(f: &Fixture, region: &str, counter: Counter) -> i64 {
    let rows =
        f.db.sum_rollups(&slice(region), Group::Total)
            .await
            .unwrap();
    assert_eq!(rows.len(), 1);
    rows[0].counters.get(counter)
}

pub async fn each_event_s_case_is_counted_once_and_a_rebuild_gives_the_same_sums(f: Fixture) {
    for _ in 0..3 {
        create(&f, "350825", "350825-scjg").await;
    }
    create(&f, "350102", "350102-scjg").await;
    let round = f.db.roll_up(t0(), 100, &count).await.unwrap();
    assert_eq!((round.events, round.cases), (4, 4));
    assert_eq!(f.db.roll_up(t0(), 100, &count).await.unwrap().events, 0);
    assert_eq!(total(&f, "350000", Counter::CasesSubmitted).await, 4);
    assert_eq!(total(&f, "350825", Counter::CasesSubmitted).await, 3);
    assert_eq!(total(&f, "350100", Counter::CasesSubmitted).await, 1);
    let stats = f.db.queue_stats().await.unwrap();
    assert_eq!(stats.pending_rollup, 0);
    assert_eq!(stats.pending_dispatch, 4);

    f.db.reset_rollups().await.unwrap();
    assert_eq!(total(&f, "350000", Counter::CasesSubmitted).await, 0);
    let (page, last) = f.db.recount_cases(None, 3, t0(), &count).await.unwrap();
    assert_eq!(page.cases, 3);
    let (rest, _) =
        f.db.recount_cases(last.as_ref(), 3, t0(), &count)
            .await
            .unwrap();
    assert_eq!(rest.cases, 1);
    assert_eq!(total(&f, "350000", Counter::CasesSubmitted).await, 4);
    // Counting the same cases again adds nothing.
    f.db.recount_cases(None, 10, t0(), &count).await.unwrap();
    assert_eq!(total(&f, "350000", Counter::ItemsSubmitted).await, 4);
    let by_region =
        f.db.sum_rollups(&slice("350000"), Group::Region)
            .await
            .unwrap();
    let groups: Vec<(String, i64)> = by_region
        .iter()
        .map(|r| (r.group.clone(), r.counters.get(Counter::CasesSubmitted)))
        .collect();
    assert_eq!(groups, vec![("350102".into(), 1), ("350825".into(), 3)]);
}

pub async fn a_changed_case_adds_only_the_difference(f: Fixture) {
    let no = create(&f, "350825", "350825-scjg").await;
    f.db.roll_up(t0(), 100, &count).await.unwrap();
    let stored = f.db.load_case(&no).await.unwrap().unwrap();
    let mut case = stored.case.clone();
    case.name = format!("{}（已决定）", case.name);
    f.db.update_case(tongban_store::CaseUpdate {
        case,
        expected_version: stored.version,
        at: t0(),
        audit: Vec::new(),
        outbox: vec![NewOutboxEvent {
            event: "case.decided".into(),
            payload: json!({ "event": "case.decided" }),
        }],
        licences: Vec::new(),
        idempotency: None,
    })
    .await
    .unwrap();
    let round = f.db.roll_up(t0(), 100, &count).await.unwrap();
    assert_eq!(round.events, 1);
    assert_eq!(total(&f, "350825", Counter::CasesSubmitted).await, 1);
    assert_eq!(total(&f, "350825", Counter::ItemsDecided).await, 1);
}

pub async fn concurrent_rounds_never_count_a_case_twice(f: Fixture) {
    for _ in 0..20 {
        create(&f, "350825", "350825-scjg").await;
    }
    let db = Arc::new(f.db.clone());
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            let mut events = 0;
            loop {
                let r = db.roll_up(t0(), 3, &count).await.unwrap();
                events += r.events;
                if r.events == 0 {
                    break events;
                }
            }
        }));
    }
    let mut events = 0;
    for t in tasks {
        events += t.await.unwrap();
    }
    assert_eq!(events, 20);
    assert_eq!(total(&f, "350825", Counter::CasesSubmitted).await, 20);
}
