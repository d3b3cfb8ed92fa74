//! Generated cases: each one walked through the real domain lifecycle
//! (`Case::apply_to_all`, `apply_to_member`, `deliver`) to its target
//! state, so every case is a valid `Case` the service can continue, with
//! one audit entry per domain event as the case service writes them
//! (marked `"generated": true` in their detail).

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use tongban_domain::bundle::Bundle;
use tongban_domain::case::{Case, CaseNo, CaseState, IntakeChannel};
use tongban_domain::catalog::{Catalog, ServiceItem};
use tongban_domain::guidance::Selection;
use tongban_domain::ident::{Code, RegionCode};
use tongban_store::{BulkCase, NewOutboxEvent};

use super::people;
use super::rng::Rng;
use super::steps::Walk;
use crate::failure::Failure;

/// Where a generated case ends, with its share of cases in percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// 已申报 (online ones half of the time 预审通过).
    Submitted,
    /// 已受理.
    Accepted,
    /// 审查中.
    UnderReview,
    /// 挂起.
    Suspended,
    /// 已决定 (granted or refused).
    Decided,
    /// 已办结.
    Completed,
    /// 已送达.
    Delivered,
    /// 已撤回.
    Withdrawn,
    /// 不予受理.
    Rejected,
}

/// The mix of target states (percent, adding up to 100).
const MIX: [(Target, u64); 9] = [
    (Target::Submitted, 4),
    (Target::Accepted, 5),
    (Target::UnderReview, 6),
    (Target::Suspended, 2),
    (Target::Decided, 2),
    (Target::Completed, 3),
    (Target::Delivered, 72),
    (Target::Withdrawn, 3),
    (Target::Rejected, 3),
];

/// The first day of generated history and its length in days; cases
/// still open were submitted in the last [`OPEN_DAYS`].
const FIRST_DAY: (i32, u32, u32) = (2025, 1, 2);
const DAYS: u64 = 360;
const OPEN_DAYS: u64 = 20;

/// Walks cases one after another; holds only the per-day sequences.
pub struct Walker<'a> {
    items: &'a [ServiceItem],
    bundles: &'a [Bundle],
    /// Each bundle's member items, in the bundle's order.
    bundle_items: Vec<Vec<ServiceItem>>,
    remote_regions: Vec<RegionCode>,
    seed: u64,
    subjects: u64,
    first_day: NaiveDate,
    sequences: HashMap<(String, NaiveDate), u32>,
}

/// One generated case and what it needs besides.
pub struct Walked {
    /// The case with its history.
    pub case: BulkCase,
    /// The subject that applied (index), if there are subjects.
    pub subject: Option<u64>,
    /// When the last step happened (local time).
    pub last: NaiveDateTime,
}

impl<'a> Walker<'a> {
    /// A walker over the catalog's items and bundles, naming applicants
    /// among `subjects` subjects.
    pub fn new(catalog: &'a Catalog, seed: u64, subjects: u64) -> Result<Walker<'a>, Failure> {
        let (y, m, d) = FIRST_DAY;
        let first_day = NaiveDate::from_ymd_opt(y, m, d)
            .ok_or_else(|| Failure::new("生成数据的起始日期无效", "bad first day"))?;
        if catalog.items.is_empty() {
            return Err(Failure::new("目录中没有事项，无法生成办件", "no items"));
        }
        let by_code: HashMap<&Code, &ServiceItem> =
            catalog.items.iter().map(|i| (&i.code, i)).collect();
        let bundle_items = catalog
            .bundles
            .iter()
            .map(|b| {
                b.members
                    .iter()
                    .filter_map(|m| by_code.get(&m.item).map(|i| (*i).clone()))
                    .collect()
            })
            .collect();
        Ok(Walker {
            items: &catalog.items,
            bundles: &catalog.bundles,
            bundle_items,
            remote_regions: catalog.regions.iter().map(|r| r.code.clone()).collect(),
            seed,
            subjects,
            first_day,
            sequences: HashMap::new(),
        })
    }

    /// The `n`-th case; cases must be asked for in order 0, 1, 2 ….
    pub fn case(&mut self, n: u64) -> Result<Walked, Failure> {
        let mut rng = Rng::new(self.seed ^ n, 0xCA5E);
        let target = target(&mut rng);
        let channel = match rng.below(10) {
            0..=3 => IntakeChannel::Window,
            4..=7 => IntakeChannel::Online,
            8 => IntakeChannel::Proxy,
            _ => IntakeChannel::Remote {
                received_in: rng
                    .pick(&self.remote_regions)
                    .cloned()
                    .ok_or_else(no_region)?,
            },
        };
        let open = target < Target::Delivered && target != Target::Completed;
        let offset = if open {
            DAYS - 1 - rng.below(OPEN_DAYS as usize) as u64
        } else {
            rng.below(DAYS as usize - 10) as u64
        };
        let day = self.first_day + Duration::days(offset as i64);
        let start = day.and_time(NaiveTime::from_hms_opt(8, 30, 0).unwrap_or_default())
            + Duration::minutes(rng.below(8 * 60) as i64);
        let bundle = (!self.bundles.is_empty() && rng.chance(10))
            .then(|| rng.below(self.bundles.len()))
            .and_then(|b| Some((self.bundles.get(b)?, self.bundle_items.get(b)?)));
        let provisional = |region: &RegionCode| {
            CaseNo::new(region, day, 1).map_err(|e| Failure::new(e.message, "bad case number"))
        };
        let mut case = match bundle {
            Some((b, members)) => {
                let selection = Selection {
                    members: b.members.iter().map(|m| m.item.clone()).collect(),
                    situations: Default::default(),
                };
                Case::for_bundle(
                    provisional(&b.region)?,
                    b,
                    &selection,
                    members,
                    channel.clone(),
                    start,
                )
                .map_err(|e| Failure::new(e.to_string(), e.code()))?
            }
            None => {
                let item = rng.pick(self.items).ok_or_else(no_region)?;
                Case::for_item(
                    provisional(&item.region)?,
                    item,
                    &[],
                    channel.clone(),
                    start,
                )
            }
        };
        let region = case
            .region
            .as_str()
            .get(..6)
            .unwrap_or(case.region.as_str())
            .to_string();
        let seq = self.sequences.entry((region, day)).or_insert(0);
        *seq += 1;
        let sequence = *seq;
        case.case_no = CaseNo::new(&case.region, day, sequence)
            .map_err(|e| Failure::new(e.message, "case numbers exhausted"))?;
        let subject = (self.subjects > 0).then(|| rng.next() % self.subjects);
        let mut walk = Walk {
            case,
            audit: Vec::new(),
            at: start,
            rng,
            subject,
            region: None,
        };
        walk.region = Some(walk.case.region.clone());
        walk.to(target)?;
        let Walk {
            case, audit, at, ..
        } = walk;
        let no = case.case_no.clone();
        let state = case.state();
        Ok(Walked {
            case: BulkCase {
                day,
                sequence,
                owner: None,
                phone: subject.map(|s| people::phone(self.seed, s)),
                created_at: utc(start),
                updated_at: utc(at),
                audit,
                outbox: vec![NewOutboxEvent {
                    event: "case.generated".into(),
                    payload: serde_json::json!({ "case_no": no, "state": state, "generated": true }),
                }],
                case,
            },
            subject,
            last: at,
        })
    }
}

/// Draws a target state from [`MIX`].
fn target(rng: &mut Rng) -> Target {
    let mut roll = rng.next() % 100;
    for (t, share) in MIX {
        if roll < share {
            return t;
        }
        roll -= share;
    }
    Target::Delivered
}

/// Beijing local time → UTC.
pub fn utc(local: NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    (local - Duration::hours(8)).and_utc()
}

pub(super) fn no_region() -> Failure {
    Failure::new("目录缺少事项或行政区划", "empty catalog")
}

/// True when the whole case ended in a state an applicant can rate.
pub fn rateable(state: CaseState) -> bool {
    state == CaseState::Delivered
}
