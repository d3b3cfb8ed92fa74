//! The known answers: what the generator counted from its own facts, per
//! (day × region × department × item × bundle × channel) like a rollup
//! row, and the figures those counts make for every table.
//!
//! The formulas are written out here again from docs/metrics.md (not
//! taken from `Figures::of`), so a wrong formula shows up as a mismatch.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use tongban_domain::catalog::{OnlineDepth, ServiceItem};
use tongban_domain::metrics::{Figures, Percentile, Rate};

use super::super::TableKind;

/// Where a count goes: the row of a rollup it must end up in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Key {
    pub day: NaiveDate,
    pub region: String,
    pub department: String,
    pub item: String,
    pub bundle: String,
    pub channel: String,
}

/// What the generator counted for one key.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Counts {
    pub cases_submitted: i64,
    pub cases_done: i64,
    pub zero_trip: i64,
    pub one_trip: i64,
    pub bundle_done: i64,
    pub saved_steps: i64,
    pub saved_materials: i64,
    pub saved_fields: i64,
    pub saved_days_x100: i64,
    pub saved_trips: i64,
    pub items_submitted: i64,
    pub items_immediate: i64,
    pub items_decided: i64,
    pub items_granted: i64,
    pub on_time_statutory: i64,
    pub on_time_promised: i64,
    /// Handling time of every decided member, working days.
    pub handling: Vec<u32>,
    pub promised_x100: i64,
    pub statutory_x100: i64,
    pub suspended_items: i64,
    pub suspended_days: i64,
    pub warnings_raised: i64,
    pub warnings_red: i64,
    pub warnings_resolved: i64,
    pub prefilled: i64,
    pub exempted: i64,
    pub licence_uses: i64,
    pub ratings: i64,
    pub ratings_good: i64,
    pub appeals_closed: i64,
    pub appeals_on_time: i64,
    pub appeals_reopened: i64,
}

impl Counts {
    fn merge(&mut self, o: &Counts) {
        self.cases_submitted += o.cases_submitted;
        self.cases_done += o.cases_done;
        self.zero_trip += o.zero_trip;
        self.one_trip += o.one_trip;
        self.bundle_done += o.bundle_done;
        self.saved_steps += o.saved_steps;
        self.saved_materials += o.saved_materials;
        self.saved_fields += o.saved_fields;
        self.saved_days_x100 += o.saved_days_x100;
        self.saved_trips += o.saved_trips;
        self.items_submitted += o.items_submitted;
        self.items_immediate += o.items_immediate;
        self.items_decided += o.items_decided;
        self.items_granted += o.items_granted;
        self.on_time_statutory += o.on_time_statutory;
        self.on_time_promised += o.on_time_promised;
        self.handling.extend_from_slice(&o.handling);
        self.promised_x100 += o.promised_x100;
        self.statutory_x100 += o.statutory_x100;
        self.suspended_items += o.suspended_items;
        self.suspended_days += o.suspended_days;
        self.warnings_raised += o.warnings_raised;
        self.warnings_red += o.warnings_red;
        self.warnings_resolved += o.warnings_resolved;
        self.prefilled += o.prefilled;
        self.exempted += o.exempted;
        self.licence_uses += o.licence_uses;
        self.ratings += o.ratings;
        self.ratings_good += o.ratings_good;
        self.appeals_closed += o.appeals_closed;
        self.appeals_on_time += o.appeals_on_time;
        self.appeals_reopened += o.appeals_reopened;
    }
}

/// A catalog item as the availability rates see it.
#[derive(Debug, Clone)]
struct ItemFacts {
    code: String,
    region: String,
    department: String,
    depth: OnlineDepth,
}

/// The figures the generated data must produce, counted independently
/// of the rollups. Figures assume a slice covering the whole generated
/// period within a region holding exactly the items of the catalog given
/// to [`super::generate`] (online availability counts those items).
#[derive(Debug, Clone, Default)]
pub struct Expected {
    rows: BTreeMap<Key, Counts>,
    items: Vec<ItemFacts>,
    /// Cases written.
    pub cases: usize,
    /// Ratings written (superseded ones included).
    pub ratings: usize,
    /// Appeals written.
    pub appeals: usize,
}

impl Expected {
    pub(super) fn new(items: &[ServiceItem]) -> Expected {
        Expected {
            items: items
                .iter()
                .map(|i| ItemFacts {
                    code: i.code.to_string(),
                    region: i.region.to_string(),
                    department: i.department.to_string(),
                    depth: i.online_depth,
                })
                .collect(),
            ..Expected::default()
        }
    }

    /// Adds to the counts of `key`.
    pub(super) fn add(&mut self, key: &Key, change: impl FnOnce(&mut Counts)) {
        change(self.rows.entry(key.clone()).or_default());
    }

    /// The last day anything was counted on.
    pub fn last_day(&self) -> Option<NaiveDate> {
        self.rows.keys().map(|k| k.day).max()
    }

    /// Every figure of the whole dataset (the dashboard's figures).
    pub fn summary(&self) -> Figures {
        let mut all = Counts::default();
        for c in self.rows.values() {
            all.merge(c);
        }
        figures(&all, Some(self.availability(|_| true)))
    }

    /// The rows `kind` must show: key → figures, every group the data
    /// touches (the summary: one row with key "").
    pub fn table(&self, kind: TableKind) -> BTreeMap<String, Figures> {
        if kind == TableKind::Summary {
            return BTreeMap::from([(String::new(), self.summary())]);
        }
        let mut groups: BTreeMap<String, Counts> = BTreeMap::new();
        for (key, counts) in &self.rows {
            let group = match kind {
                TableKind::Channels => key.channel.clone(),
                TableKind::Items => key.item.clone(),
                TableKind::Departments => key.department.clone(),
                TableKind::Regions => key.region.clone(),
                TableKind::Bundles => key.bundle.clone(),
                TableKind::Days | TableKind::Summary => key.day.format("%Y-%m-%d").to_string(),
            };
            groups.entry(group).or_default().merge(counts);
        }
        groups
            .into_iter()
            .map(|(group, counts)| {
                let availability = match kind {
                    TableKind::Items if !group.is_empty() => {
                        Some(self.availability(|i| i.code == group))
                    }
                    TableKind::Departments => Some(self.availability(|i| i.department == group)),
                    TableKind::Regions => Some(self.availability(|i| i.region == group)),
                    _ => None,
                };
                let f = figures(&counts, availability);
                (group, f)
            })
            .collect()
    }

    /// Catalog items (of the generator's catalog) passing `filter`, by depth.
    fn availability(&self, filter: impl Fn(&ItemFacts) -> bool) -> (i64, i64, i64) {
        let mut out = (0, 0, 0);
        for i in self.items.iter().filter(|i| filter(i)) {
            out.0 += 1;
            out.1 += i64::from(matches!(
                i.depth,
                OnlineDepth::PreReview | OnlineDepth::FullyOnline
            ));
            out.2 += i64::from(i.depth == OnlineDepth::FullyOnline);
        }
        out
    }
}

/// The figures of `c` by the formulas of docs/metrics.md.
fn figures(c: &Counts, availability: Option<(i64, i64, i64)>) -> Figures {
    let decided = c.items_decided;
    let average = |sum: f64| (decided > 0).then(|| round2(sum / decided as f64));
    let average_days = average(c.handling.iter().map(|d| f64::from(*d)).sum());
    let average_promised = average(c.promised_x100 as f64 / 100.0);
    let average_statutory = average(c.statutory_x100 as f64 / 100.0);
    let cut = |limit: Option<f64>| match (average_days, limit) {
        (Some(a), Some(l)) if l > 0.0 => Some(round2((1.0 - a / l) * 100.0)),
        _ => None,
    };
    Figures {
        cases_submitted: c.cases_submitted,
        items_submitted: c.items_submitted,
        items_decided: decided,
        items_granted: c.items_granted,
        cases_done: c.cases_done,
        on_time_statutory: rate(c.on_time_statutory, decided),
        on_time_promised: rate(c.on_time_promised, decided),
        average_days,
        p90_days: p90(&c.handling),
        average_promised_days: average_promised,
        average_statutory_days: average_statutory,
        time_cut_vs_promised: cut(average_promised),
        time_cut_vs_statutory: cut(average_statutory),
        suspended_items: c.suspended_items,
        suspended_days: c.suspended_days,
        warnings_raised: c.warnings_raised,
        warnings_red: c.warnings_red,
        warnings_resolved: c.warnings_resolved,
        zero_trip: rate(c.zero_trip, c.cases_done),
        at_most_one_trip: rate(c.one_trip, c.cases_done),
        immediate_share: rate(c.items_immediate, c.items_submitted),
        online_available: availability.map(|(n, online, _)| rate(online, n)),
        fully_online: availability.map(|(n, _, fully)| rate(fully, n)),
        prefilled_fields: c.prefilled,
        exempted_materials: c.exempted,
        licence_uses: c.licence_uses,
        bundle_cases_done: c.bundle_done,
        saved_steps: c.saved_steps,
        saved_materials: c.saved_materials,
        saved_fields: c.saved_fields,
        saved_days: c.saved_days_x100 as f64 / 100.0,
        saved_trips: c.saved_trips,
        satisfaction: rate(c.ratings_good, c.ratings),
        appeals_on_time: rate(c.appeals_on_time, c.appeals_closed),
        appeals_reopened: rate(c.appeals_reopened, c.appeals_closed),
    }
}

fn rate(numerator: i64, denominator: i64) -> Rate {
    Rate {
        numerator,
        denominator,
        percent: (denominator > 0).then(|| round2(numerator as f64 / denominator as f64 * 100.0)),
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The nearest-rank 90th percentile, as the bounded histogram reports
/// it: exact up to 30 working days, then the bucket's upper bound.
fn p90(days: &[u32]) -> Option<Percentile> {
    let mut sorted = days.to_vec();
    sorted.sort_unstable();
    let rank = (sorted.len() * 90).div_ceil(100).max(1);
    let value = *sorted.get(rank - 1)?;
    Some(match value {
        0..=30 => Percentile {
            days: Some(value),
            exact: true,
        },
        31..=40 => bound(40),
        41..=60 => bound(60),
        61..=90 => bound(90),
        91..=180 => bound(180),
        _ => Percentile {
            days: None,
            exact: false,
        },
    })
}

fn bound(days: u32) -> Percentile {
    Percentile {
        days: Some(days),
        exact: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_percentile_is_the_nearest_rank_and_bounded_above_thirty_days() {
        let exact = p90(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).unwrap();
        assert_eq!(exact.days, Some(9));
        assert!(exact.exact);
        let bounded = p90(&[35; 3]).unwrap();
        assert_eq!(bounded.days, Some(40));
        assert!(!bounded.exact);
        assert_eq!(p90(&[]), None);
    }

    #[test]
    fn rates_round_to_two_decimals_and_have_no_percent_without_a_denominator() {
        assert_eq!(rate(2, 3).percent, Some(66.67));
        assert_eq!(rate(0, 0).percent, None);
    }
}
