//! A dataset with known answers (must-show 1): [`generate`] writes
//! single-item cases across channels, items, regions and outcomes
//! through the case store, and computes the figures the dashboard must
//! show from its own generated facts — never from the rollups.

use chrono::{Days, NaiveDate, NaiveTime};
use serde::Serialize;
use tongban_domain::case::{
    Case, CaseNo, CaseState, Decision, Delivery, DeliveryMethod, IntakeChannel, Outcome,
};
use tongban_domain::catalog::{Catalog, Handling, ServiceItem, TimeLimit};
use tongban_domain::clock::WorkCalendar;
use tongban_store::{CaseStore, NewCase, NewOutboxEvent};

use super::local_date;
use crate::error::{Refusal, ServiceError};

/// The figures the generated cases must produce, counted independently.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Expected {
    pub cases_submitted: i64,
    pub items_submitted: i64,
    pub items_immediate: i64,
    pub items_decided: i64,
    pub items_granted: i64,
    pub cases_done: i64,
    pub on_time_statutory: i64,
    pub on_time_promised: i64,
    /// Handling time of every decided case, in working days.
    pub handling_days: Vec<u32>,
    pub promised_days: i64,
    pub zero_trip: i64,
    pub at_most_one_trip: i64,
    /// Cases by channel code.
    pub by_channel: std::collections::BTreeMap<String, i64>,
}

impl Expected {
    /// The nearest-rank 90th percentile of the handling times.
    pub fn p90(&self) -> Option<u32> {
        let mut d = self.handling_days.clone();
        d.sort_unstable();
        let rank = (d.len() * 90).div_ceil(100).max(1);
        d.get(rank - 1).copied()
    }

    /// The average handling time, two decimals.
    pub fn average(&self) -> Option<f64> {
        let n = self.handling_days.len();
        (n > 0).then(|| {
            let sum: u32 = self.handling_days.iter().sum();
            (f64::from(sum) / n as f64 * 100.0).round() / 100.0
        })
    }
}

/// What [`generate`] wrote.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The first and last submission days.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub expected: Expected,
}

/// A small deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % below.max(1)
    }
}

/// Writes `n` cases of the catalog's items with working-day limits,
/// submitted from `start` over 60 days, and returns the expected figures.
pub async fn generate(
    store: &dyn CaseStore,
    catalog: &Catalog,
    seed: u64,
    n: usize,
    start: NaiveDate,
) -> Result<Generated, ServiceError> {
    let calendar = WorkCalendar::national()
        .map_err(|e| ServiceError::Unavailable(format!("工作日历无法读取：{e}")))?;
    let items: Vec<&ServiceItem> = catalog
        .items
        .iter()
        .filter(|i| {
            matches!(i.promised_limit, TimeLimit::WorkingDays(_))
                && matches!(i.statutory_limit, TimeLimit::WorkingDays(_))
        })
        .collect();
    if items.is_empty() {
        return Err(ServiceError::refused(
            Refusal::Invalid,
            "no_items_to_generate",
            "目录中没有以工作日计时限的事项，无法生成统计数据",
        ));
    }
    let mut rng = Rng(seed);
    let mut expected = Expected::default();
    let mut last = start;
    for _ in 0..n {
        let item = items[rng.next(items.len() as u64) as usize];
        let channel = match rng.next(4) {
            0 => IntakeChannel::Window,
            1 => IntakeChannel::Online,
            2 => IntakeChannel::Proxy,
            _ => IntakeChannel::Remote {
                received_in: item.region.clone(),
            },
        };
        let day = start
            .checked_add_days(Days::new(rng.next(60)))
            .unwrap_or(start);
        last = last.max(day);
        let at = day.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default());
        let no = CaseNo::new(&item.region, day, 1).map_err(|e| {
            ServiceError::refused(Refusal::Invalid, "case_no_invalid", e.to_string())
        })?;
        let mut case = Case::for_item(no, item, &[], channel.clone(), at);
        let walk = rng.next(5);
        let handling = rng.next(12) as u32;
        let granted = rng.next(7) != 0;
        let delivery = match rng.next(3) {
            0 => DeliveryMethod::Window,
            1 => DeliveryMethod::Electronic,
            _ => DeliveryMethod::Post {
                tracking_no: format!("SF{}", rng.next(1_000_000)),
            },
        };
        let later = rng.next(2);
        expected.cases_submitted += 1;
        expected.items_submitted += 1;
        expected.items_immediate += i64::from(item.handling == Handling::Immediate);
        *expected
            .by_channel
            .entry(channel.code().to_string())
            .or_default() += 1;
        let m = &mut case.members[0];
        m.submitted_at = Some(at);
        m.state = CaseState::Submitted;
        if walk > 0 {
            m.accepted_at = Some(at);
            m.state = CaseState::UnderReview;
        }
        if walk > 1 {
            let decided = calendar
                .add_working_days(day, handling, &[])
                .map_err(|e| ServiceError::Unavailable(e.to_string()))?;
            let decided_at =
                decided.and_time(NaiveTime::from_hms_opt(16, 0, 0).unwrap_or_default());
            m.decision = Some(Decision {
                outcome: if granted {
                    Outcome::Granted
                } else {
                    Outcome::Refused
                },
                reasons: vec!["生成数据".into()],
                decided_at,
            });
            m.completed_at = Some(decided_at);
            m.state = CaseState::Completed;
            case.completed_at = Some(decided_at);
            let handed = decided
                .checked_add_days(Days::new(later))
                .unwrap_or(decided);
            let handed_at = handed.and_time(NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default());
            case.delivery = Some(Delivery {
                method: delivery.clone(),
                delivered_at: handed_at,
            });
            let m = &mut case.members[0];
            m.delivery = case.delivery.clone();
            m.state = CaseState::Delivered;
            let limit = |l: TimeLimit| match l {
                TimeLimit::WorkingDays(d) => d,
                _ => 0,
            };
            expected.items_decided += 1;
            expected.items_granted += i64::from(granted);
            expected.cases_done += 1;
            expected.on_time_promised += i64::from(handling <= limit(item.promised_limit));
            expected.on_time_statutory += i64::from(handling <= limit(item.statutory_limit));
            expected.handling_days.push(handling);
            expected.promised_days += i64::from(limit(item.promised_limit));
            let on_site = matches!(
                channel,
                IntakeChannel::Window | IntakeChannel::Remote { .. }
            );
            let pickup = delivery == DeliveryMethod::Window && !(on_site && handed == day);
            let trips = u32::from(on_site) + u32::from(pickup);
            expected.zero_trip += i64::from(trips == 0);
            expected.at_most_one_trip += i64::from(trips <= 1);
        }
        let stamp = (at - chrono::Duration::hours(8)).and_utc();
        debug_assert_eq!(local_date(stamp), day);
        store
            .create_case(NewCase {
                case,
                day,
                owner: None,
                phone: None,
                at: stamp,
                audit: Vec::new(),
                outbox: vec![NewOutboxEvent {
                    event: "case.generated".into(),
                    payload: serde_json::json!({ "generated": true }),
                }],
                idempotency: None,
            })
            .await
            .map_err(ServiceError::store)?;
    }
    Ok(Generated {
        from: start,
        to: last,
        expected,
    })
}
