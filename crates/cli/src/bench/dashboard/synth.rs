//! Synthetic cases for the dashboard benchmark: ~100 counties of one
//! province, 40 departments, a few thousand items with Zipf-skewed
//! popularity, 365 days of 2025, four channels — deterministic from a
//! seed. Each case is counted with the rollup job's own domain code
//! (`metrics::contribution`, `metrics::add_rating`, `Cube::add`).

use chrono::{Days, NaiveDate, NaiveTime};
use tongban_domain::case::{
    Case, CaseNo, CaseState, Decision, Delivery, DeliveryMethod, IntakeChannel, Outcome,
};
use tongban_domain::catalog::{Catalog, ServiceItem};
use tongban_domain::clock::WorkCalendar;
use tongban_domain::ident::RegionCode;
use tongban_domain::metrics::{
    CaseFacts, CatalogFacts, Contribution, RatingFact, add_rating, contribution,
};

use crate::failure::Failure;

/// Counties in the province.
pub const COUNTIES: usize = 100;
/// Departments.
pub const DEPARTMENTS: usize = 40;
/// Items.
pub const ITEMS: usize = 3000;
/// The province of the synthetic data.
pub const PROVINCE: &str = "370000";

/// A small deterministic generator (splitmix64).
pub struct Rng(pub u64);

impl Rng {
    /// A number in `0..below`.
    pub fn below(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % below.max(1)
    }
}

/// The code of county `i`: 16 cities of 6 or 7 counties.
pub fn county(i: usize) -> String {
    format!("37{:02}{:02}", i % 16 + 1, i / 16 + 2)
}

/// The synthetic catalog and the items' popularity.
pub struct World {
    pub items: Vec<ServiceItem>,
    /// Cumulative Zipf weights (item `i` has weight 1/(i+1)).
    cumulative: Vec<f64>,
    pub facts: CatalogFacts,
    pub calendar: WorkCalendar,
}

impl World {
    /// Builds the items.
    pub fn new() -> Result<World, Failure> {
        let bad = |e: String| Failure::new(format!("无法生成基准数据：{e}"), "bench data failed");
        let mut items = Vec::with_capacity(ITEMS);
        let limits = [1u32, 3, 5, 10, 15, 20];
        for i in 0..ITEMS {
            let promised = limits[i % limits.len()];
            let item: ServiceItem = serde_json::from_value(serde_json::json!({
                "code": format!("it{i:05}"), "name": format!("事项{i}"), "kind": "licensing",
                "department": format!("dep{:02}", i % DEPARTMENTS),
                "region": county((i * 7) % COUNTIES), "level": "county",
                "handling": if i % 10 == 0 { "immediate" } else { "promised" },
                "statutory_limit": { "working_days": promised * 2 },
                "promised_limit": { "working_days": promised },
                "visits": 1, "online_depth": if i % 3 == 0 { "fully_online" } else { "pre_review" },
                "result": { "document": { "name": "决定书" } }
            }))
            .map_err(|e| bad(e.to_string()))?;
            items.push(item);
        }
        let mut cumulative = Vec::with_capacity(ITEMS);
        let mut sum = 0.0;
        for i in 0..ITEMS {
            sum += 1.0 / (i as f64 + 1.0);
            cumulative.push(sum);
        }
        let catalog = Catalog {
            items: items.clone(),
            ..Catalog::default()
        };
        Ok(World {
            facts: CatalogFacts::new(&catalog),
            items,
            cumulative,
            calendar: WorkCalendar::national().map_err(|e| bad(e.to_string()))?,
        })
    }

    /// An item drawn by popularity.
    pub fn pick(&self, rng: &mut Rng) -> &ServiceItem {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let x = rng.below(1 << 40) as f64 / (1u64 << 40) as f64 * total;
        let i = self.cumulative.partition_point(|c| *c < x).min(ITEMS - 1);
        &self.items[i]
    }

    /// One synthetic case submitted on `day`, counted: its contribution.
    pub fn case(&self, rng: &mut Rng, day: NaiveDate) -> Result<Contribution, Failure> {
        let bad = |e: String| Failure::new(format!("无法生成基准办件：{e}"), "bench case failed");
        let item = self.pick(rng);
        let channel = match rng.below(20) {
            0..=6 => IntakeChannel::Window,
            7..=15 => IntakeChannel::Online,
            16..=17 => IntakeChannel::Proxy,
            _ => IntakeChannel::Remote {
                received_in: RegionCode::parse(&county(rng.below(COUNTIES as u64) as usize))
                    .map_err(|e| bad(e.to_string()))?,
            },
        };
        let hour = 9 + rng.below(8) as u32;
        let at = day.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default());
        let no = CaseNo::new(&item.region, day, 1).map_err(|e| bad(e.to_string()))?;
        let mut case = Case::for_item(no, item, &[], channel, at);
        let walk = rng.below(20);
        let promised = match item.promised_limit {
            tongban_domain::catalog::TimeLimit::WorkingDays(d) => d,
            _ => 5,
        };
        let handling = rng.below(u64::from(promised) * 13 / 10 + 1) as u32;
        let granted = rng.below(20) != 0;
        let m = &mut case.members[0];
        m.submitted_at = Some(at);
        m.state = CaseState::Submitted;
        if walk > 0 {
            m.accepted_at = Some(at);
            m.state = CaseState::UnderReview;
        }
        let mut rating = None;
        if walk > 1 {
            let decided = self
                .calendar
                .add_working_days(day, handling, &[])
                .map_err(|e| bad(e.to_string()))?;
            let decided_at =
                decided.and_time(NaiveTime::from_hms_opt(16, 0, 0).unwrap_or_default());
            m.decision = Some(Decision {
                outcome: if granted {
                    Outcome::Granted
                } else {
                    Outcome::Refused
                },
                reasons: vec!["基准数据".into()],
                decided_at,
            });
            m.completed_at = Some(decided_at);
            m.state = CaseState::Delivered;
            let method = match rng.below(3) {
                0 => DeliveryMethod::Window,
                1 => DeliveryMethod::Electronic,
                _ => DeliveryMethod::Post {
                    tracking_no: "SF0".into(),
                },
            };
            let handed = decided
                .checked_add_days(Days::new(rng.below(2)))
                .unwrap_or(decided);
            let delivery = Delivery {
                method,
                delivered_at: handed
                    .and_time(NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default()),
            };
            m.delivery = Some(delivery.clone());
            case.delivery = Some(delivery);
            case.completed_at = Some(decided_at);
            if rng.below(5) < 3 {
                rating = Some(RatingFact {
                    rated_on: decided,
                    good: rng.below(100) < 98,
                    region: item.region.to_string(),
                    department: item.department.to_string(),
                    item: Some(item.code.to_string()),
                });
            }
        }
        let facts = CaseFacts {
            case: &case,
            warnings: &[],
            submission: None,
        };
        let mut out =
            contribution(facts, &self.facts, &self.calendar).map_err(|e| bad(e.to_string()))?;
        if let Some(r) = &rating {
            add_rating(&mut out, &case, r);
        }
        Ok(out)
    }
}
