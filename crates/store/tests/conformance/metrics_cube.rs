//! Checks of the rollup cube: a period mixing whole months and partial
//! days sums to exactly what the day rows hold, at item and at region
//! level, and bulk-added rows read like rows the job wrote.

use chrono::{Days, NaiveDate};
use tongban_domain::metrics::{Cell, Contribution, Counter, Counters, Cube, RollupKey};
use tongban_store::{Group, MetricsStore, RollupCase, SliceFilter};

use super::{create, t0};
use crate::common::Fixture;

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
}

/// Ten counts per case spread over 200 days from 2025-01-01 (so over
/// seven months), on two channels.
fn spread(input: &RollupCase) -> Result<Contribution, String> {
    let case = &input.case;
    let seed: u64 = case.case_no.as_str().bytes().map(u64::from).sum();
    let mut c = Contribution::default();
    for k in 0..10u64 {
        let key = RollupKey {
            day: start() + Days::new((k * 37 + seed * 11) % 200),
            region: case.region.to_string(),
            department: case.lead_department.to_string(),
            item: case.members[0].item().to_string(),
            bundle: String::new(),
            channel: if k % 3 == 0 { "window" } else { "online" }.into(),
        };
        c.add(&key, Counter::ItemsSubmitted, 1 + (k % 4) as i64);
        c.add(&key, Counter::WorkDays, k as i64);
    }
    Ok(c)
}

fn period(from: NaiveDate, to: NaiveDate, item: Option<&str>) -> SliceFilter {
    SliceFilter {
        from,
        to,
        region_within: Some(tongban_domain::ident::RegionCode::parse("350000").unwrap()),
        department: None,
        item: item.map(ToString::to_string),
        bundle: None,
        channel: None,
    }
}

/// The sum of the day rows (grouped by day, so read at day grain only).
async fn by_days(f: &Fixture, filter: &SliceFilter, counter: Counter) -> i64 {
    let rows = f.db.sum_rollups(filter, Group::Day).await.unwrap();
    rows.iter().map(|r| r.counters.get(counter)).sum()
}

async fn sliced(f: &Fixture, filter: &SliceFilter, group: Group, counter: Counter) -> i64 {
    let rows = f.db.sum_rollups(filter, group).await.unwrap();
    rows.iter().map(|r| r.counters.get(counter)).sum()
}

pub async fn a_period_of_whole_months_and_partial_days_sums_like_its_day_rows(f: Fixture) {
    for region in ["350825", "350825", "350102", "350825", "350102"] {
        create(&f, region, &format!("{region}-scjg")).await;
    }
    f.db.roll_up(t0(), 100, &spread).await.unwrap();
    let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
    let everything = by_days(
        &f,
        &period(d(1, 1), d(12, 31), None),
        Counter::ItemsSubmitted,
    )
    .await;
    assert!(everything > 0);
    for (from, to) in [
        (d(1, 15), d(5, 10)),
        (d(1, 1), d(7, 31)),
        (d(2, 3), d(2, 27)),
        (d(1, 31), d(3, 1)),
        (d(3, 1), d(6, 30)),
    ] {
        for item in [None, Some("food-licence")] {
            let filter = period(from, to, item);
            for counter in [Counter::ItemsSubmitted, Counter::WorkDays] {
                let days = by_days(&f, &filter, counter).await;
                for group in [Group::Total, Group::Channel, Group::Region, Group::Item] {
                    assert_eq!(
                        sliced(&f, &filter, group, counter).await,
                        days,
                        "{from}..{to} {item:?} {group:?} {counter:?}"
                    );
                }
            }
        }
    }
    // The whole year read from month rows holds every count.
    let year = period(d(1, 1), d(12, 31), None);
    assert_eq!(
        sliced(&f, &year, Group::Total, Counter::ItemsSubmitted).await,
        everything
    );
}

/// The cube rows (every level and grain) of `n` items submitted on `day`
/// through `channel`, for loading with `bulk_add`.
fn cube_rows(day: NaiveDate, channel: &str, n: i64) -> Vec<(Cell, Counters)> {
    let key = RollupKey {
        day,
        region: "350825".into(),
        department: "350825-scjg".into(),
        item: "food-licence".into(),
        bundle: String::new(),
        channel: channel.into(),
    };
    let mut c = Contribution::default();
    c.add(&key, Counter::ItemsSubmitted, n);
    let mut cube = Cube::default();
    cube.add(&c);
    cube.rows.into_iter().collect()
}

pub async fn bulk_added_rows_read_like_rows_the_job_wrote(f: Fixture) {
    for region in ["350825", "350102"] {
        create(&f, region, &format!("{region}-scjg")).await;
    }
    f.db.roll_up(t0(), 100, &spread).await.unwrap();
    let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
    let filter = period(d(1, 20), d(6, 10), None);
    let before = sliced(&f, &filter, Group::Region, Counter::ItemsSubmitted).await;
    let rows = cube_rows(d(3, 14), "proxy", 7);
    f.db.bulk_add(&rows).await.unwrap();
    f.db.bulk_add(&rows).await.unwrap();
    assert_eq!(
        sliced(&f, &filter, Group::Region, Counter::ItemsSubmitted).await,
        before + 14
    );
    assert_eq!(
        by_days(&f, &filter, Counter::ItemsSubmitted).await,
        before + 14
    );
    let top =
        f.db.top_rollups(&filter, Group::Channel, Counter::ItemsSubmitted, 1)
            .await
            .unwrap();
    assert_eq!(top.len(), 1);
    assert_eq!(top[0].group, "online");
    let counts = f.db.cube_counts().await.unwrap();
    assert_eq!(counts.len(), 4);
}

/// The job's own rule for ratings: the stored valid rating on its day.
fn rated(input: &RollupCase) -> Result<Contribution, String> {
    let mut c = Contribution::default();
    if let Some(r) = &input.rating {
        tongban_domain::metrics::add_rating(&mut c, &input.case, r);
    }
    Ok(c)
}

fn rating(
    id: &str,
    case_no: &tongban_domain::case::CaseNo,
    level: tongban_domain::review::Level,
    at: chrono::DateTime<chrono::Utc>,
    supersedes: Option<&str>,
) -> tongban_store::NewRating {
    use tongban_domain::review::{Channel, Rating, Target};
    tongban_store::NewRating {
        rating: Rating {
            id: id.into(),
            target: Target::Case {
                case_no: case_no.clone(),
            },
            level,
            tags: Vec::new(),
            comment: "评价".into(),
            channel: Channel::Page,
            rater: None,
            department: tongban_domain::ident::Code::parse("350825-scjg").unwrap(),
            region: tongban_domain::ident::RegionCode::parse("350825").unwrap(),
            item: None,
            staff: None,
            window: None,
            rated_at: at,
            supersedes: supersedes.map(ToString::to_string),
            superseded_by: None,
        },
        task: None,
        device_token: None,
        outbox: vec![tongban_store::NewOutboxEvent {
            event: "review.rated".into(),
            payload: serde_json::json!({ "event": "review.rated" }),
        }],
    }
}

pub async fn a_re_rating_moves_the_satisfaction_count_instead_of_adding_one(f: Fixture) {
    use tongban_domain::review::Level;
    use tongban_store::ReviewStore;
    let no = create(&f, "350825", "350825-scjg").await;
    let first_at = t0();
    let later = t0() + chrono::Duration::days(40);
    let bad = rating("r1", &no, Level::Dissatisfied, first_at, None);
    f.db.insert_rating(&bad, None).await.unwrap();
    f.db.roll_up(t0(), 100, &rated).await.unwrap();
    let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
    let year = period(d(1, 1), d(12, 31), None);
    let count = |c| sliced(&f, &year, Group::Total, c);
    assert_eq!(
        (
            count(Counter::Ratings).await,
            count(Counter::RatingsGood).await
        ),
        (1, 0)
    );
    let good = rating("r2", &no, Level::Satisfied, later, Some("r1"));
    f.db.insert_rating(&good, None).await.unwrap();
    f.db.roll_up(later, 100, &rated).await.unwrap();
    assert_eq!(
        (
            count(Counter::Ratings).await,
            count(Counter::RatingsGood).await
        ),
        (1, 1)
    );
    // The count moved from January to March (day rows and month rows alike).
    let january = period(d(1, 1), d(1, 31), None);
    assert_eq!(
        sliced(&f, &january, Group::Total, Counter::Ratings).await,
        0
    );
    let march = period(d(3, 1), d(3, 31), None);
    assert_eq!(by_days(&f, &march, Counter::RatingsGood).await, 1);
    assert_eq!(
        sliced(&f, &march, Group::Channel, Counter::RatingsGood).await,
        1
    );
}

/// A node keeps summed tables while the cube's version is unchanged, so
/// the version must move with every change of the cube — a round that
/// counted something, a recount, a bulk load, a reset — and stay put when
/// nothing changed, or a dashboard would show stale figures or never be
/// kept at all.
pub async fn the_cube_version_moves_with_every_change_of_the_cube_and_only_then(f: Fixture) {
    let v0 = f.db.rollup_version().await.unwrap();
    // Nothing to count: the cube and its version stay as they are.
    assert_eq!(f.db.roll_up(t0(), 100, &spread).await.unwrap().events, 0);
    assert_eq!(f.db.rollup_version().await.unwrap(), v0);

    create(&f, "350825", "350825-scjg").await;
    f.db.roll_up(t0(), 100, &spread).await.unwrap();
    let v1 = f.db.rollup_version().await.unwrap();
    assert!(v1 > v0, "a counted round raises the version: {v0} → {v1}");
    // Reading sums changes nothing.
    let filter = period(start(), start() + Days::new(199), None);
    sliced(&f, &filter, Group::Item, Counter::ItemsSubmitted).await;
    assert_eq!(f.db.rollup_version().await.unwrap(), v1);

    f.db.reset_rollups().await.unwrap();
    let v2 = f.db.rollup_version().await.unwrap();
    assert!(v2 > v1, "a reset raises the version");

    f.db.recount_cases(None, 10, t0(), &spread).await.unwrap();
    let v3 = f.db.rollup_version().await.unwrap();
    assert!(v3 > v2, "a recount that counted a case raises the version");

    f.db.bulk_add(&cube_rows(start(), "window", 1))
        .await
        .unwrap();
    assert!(
        f.db.rollup_version().await.unwrap() > v3,
        "a bulk load raises the version"
    );
}
