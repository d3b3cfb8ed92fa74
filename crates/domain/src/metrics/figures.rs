//! The metrics themselves: formulas over summed rollup counters (and the
//! catalog, for online availability). docs/metrics.md gives each formula.

use serde::{Deserialize, Serialize};

use super::counter::{BUCKETS, Counter, Counters};
use crate::catalog::{OnlineDepth, ServiceItem};

/// A rate: numerator / denominator as a percentage with two decimals;
/// `percent` is `None` when there is nothing to divide by.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rate {
    pub numerator: i64,
    pub denominator: i64,
    pub percent: Option<f64>,
}

impl Rate {
    /// `numerator / denominator × 100`, two decimals.
    pub fn of(numerator: i64, denominator: i64) -> Rate {
        let percent =
            (denominator > 0).then(|| round2(numerator as f64 / denominator as f64 * 100.0));
        Rate {
            numerator,
            denominator,
            percent,
        }
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The nearest-rank 90th percentile of handling times, from the
/// histogram: `days` is the upper bound of the bucket holding the
/// ⌈0.9·n⌉-th smallest value; exact up to 30 working days, above that
/// the bucket's upper bound (40, 60, 90, 180); `None` days above 180.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Percentile {
    pub days: Option<u32>,
    /// True when `days` is the exact value (bucket of one day).
    pub exact: bool,
}

/// Items of the catalog in a slice, by online depth (网办深度).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Availability {
    pub items: i64,
    /// 三级 or 四级: application online (网上可办).
    pub online: i64,
    /// 四级: fully online (全程网办).
    pub fully_online: i64,
}

impl Availability {
    /// Counts `items`.
    pub fn of<'a>(items: impl IntoIterator<Item = &'a ServiceItem>) -> Availability {
        let mut a = Availability::default();
        for i in items {
            a.items += 1;
            a.online += i64::from(matches!(
                i.online_depth,
                OnlineDepth::PreReview | OnlineDepth::FullyOnline
            ));
            a.fully_online += i64::from(i.online_depth == OnlineDepth::FullyOnline);
        }
        a
    }
}

/// Every metric of one slice (or one row of a breakdown).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// 申报件数: whole cases submitted.
    pub cases_submitted: i64,
    /// 申报事项数: item cases (members) submitted.
    pub items_submitted: i64,
    /// 办结事项数: item cases decided.
    pub items_decided: i64,
    /// 准予事项数.
    pub items_granted: i64,
    /// 办结件数: whole cases done.
    pub cases_done: i64,
    /// 法定时限内办结率.
    pub on_time_statutory: Rate,
    /// 承诺时限内办结率 (按期办结率).
    pub on_time_promised: Rate,
    /// 平均办理工作日.
    pub average_days: Option<f64>,
    /// P90 办理工作日.
    pub p90_days: Option<Percentile>,
    /// 平均承诺时限 (working days).
    pub average_promised_days: Option<f64>,
    /// 平均法定时限 (working days).
    pub average_statutory_days: Option<f64>,
    /// 较承诺时限压减: 1 − average / average promised, percent.
    pub time_cut_vs_promised: Option<f64>,
    /// 较法定时限压减 (平均减时间): 1 − average / average statutory, percent.
    pub time_cut_vs_statutory: Option<f64>,
    /// 挂起事项数.
    pub suspended_items: i64,
    /// 挂起天数 (natural days the clock stood still).
    pub suspended_days: i64,
    /// 预警数 (yellow and red).
    pub warnings_raised: i64,
    /// 红牌数.
    pub warnings_red: i64,
    /// 已消除预警数.
    pub warnings_resolved: i64,
    /// 零跑动率.
    pub zero_trip: Rate,
    /// 最多跑一次率.
    pub at_most_one_trip: Rate,
    /// 即办件占比.
    pub immediate_share: Rate,
    /// 网上可办率 (catalog).
    pub online_available: Option<Rate>,
    /// 全程网办率 (catalog).
    pub fully_online: Option<Rate>,
    /// 预填字段数.
    pub prefilled_fields: i64,
    /// 免提交材料数.
    pub exempted_materials: i64,
    /// 电子证照用证次数.
    pub licence_uses: i64,
    /// 一件事办结件数.
    pub bundle_cases_done: i64,
    /// 减环节.
    pub saved_steps: i64,
    /// 减材料.
    pub saved_materials: i64,
    /// 减表单字段.
    pub saved_fields: i64,
    /// 减时限 (working days, two decimals).
    pub saved_days: f64,
    /// 减跑动.
    pub saved_trips: i64,
    /// 满意率: 好评 (非常满意, 满意, 基本满意) ÷ valid ratings.
    pub satisfaction: Rate,
    /// 诉求按期办结率: appeals closed by their due date ÷ closed.
    pub appeals_on_time: Rate,
    /// 诉求重办率: appeals reopened ÷ closed.
    pub appeals_reopened: Rate,
}

impl Figures {
    /// The metrics of summed counters `c`, with the catalog's
    /// availability where the slice has one.
    pub fn of(c: &Counters, availability: Option<Availability>) -> Figures {
        let decided = c.get(Counter::ItemsDecided);
        let average = |sum: f64| (decided > 0).then(|| round2(sum / decided as f64));
        let average_days = average(c.get(Counter::WorkDays) as f64);
        let average_promised = average(c.get(Counter::PromisedDaysX100) as f64 / 100.0);
        let average_statutory = average(c.get(Counter::StatutoryDaysX100) as f64 / 100.0);
        let cut = |limit: Option<f64>| match (average_days, limit) {
            (Some(a), Some(l)) if l > 0.0 => Some(round2((1.0 - a / l) * 100.0)),
            _ => None,
        };
        let done = c.get(Counter::CasesDone);
        Figures {
            cases_submitted: c.get(Counter::CasesSubmitted),
            items_submitted: c.get(Counter::ItemsSubmitted),
            items_decided: decided,
            items_granted: c.get(Counter::ItemsGranted),
            cases_done: done,
            on_time_statutory: Rate::of(c.get(Counter::OnTimeStatutory), decided),
            on_time_promised: Rate::of(c.get(Counter::OnTimePromised), decided),
            average_days,
            p90_days: percentile(c, 90),
            average_promised_days: average_promised,
            average_statutory_days: average_statutory,
            time_cut_vs_promised: cut(average_promised),
            time_cut_vs_statutory: cut(average_statutory),
            suspended_items: c.get(Counter::SuspendedItems),
            suspended_days: c.get(Counter::SuspendedDays),
            warnings_raised: c.get(Counter::WarningsRaised),
            warnings_red: c.get(Counter::WarningsRed),
            warnings_resolved: c.get(Counter::WarningsResolved),
            zero_trip: Rate::of(c.get(Counter::CasesZeroTrip), done),
            at_most_one_trip: Rate::of(c.get(Counter::CasesAtMostOneTrip), done),
            immediate_share: Rate::of(
                c.get(Counter::ItemsImmediate),
                c.get(Counter::ItemsSubmitted),
            ),
            online_available: availability.map(|a| Rate::of(a.online, a.items)),
            fully_online: availability.map(|a| Rate::of(a.fully_online, a.items)),
            prefilled_fields: c.get(Counter::PrefilledFields),
            exempted_materials: c.get(Counter::ExemptedMaterials),
            licence_uses: c.get(Counter::LicenceUses),
            bundle_cases_done: c.get(Counter::BundleCasesDone),
            saved_steps: c.get(Counter::SavedSteps),
            saved_materials: c.get(Counter::SavedMaterials),
            saved_fields: c.get(Counter::SavedFields),
            saved_days: c.get(Counter::SavedDaysX100) as f64 / 100.0,
            saved_trips: c.get(Counter::SavedTrips),
            satisfaction: Rate::of(c.get(Counter::RatingsGood), c.get(Counter::Ratings)),
            appeals_on_time: Rate::of(
                c.get(Counter::AppealsClosedOnTime),
                c.get(Counter::AppealsClosed),
            ),
            appeals_reopened: Rate::of(
                c.get(Counter::AppealsReopened),
                c.get(Counter::AppealsClosed),
            ),
        }
    }
}

/// The nearest-rank `p`-th percentile of the histogram; `None` when no
/// item case was decided.
pub fn percentile(c: &Counters, p: u32) -> Option<Percentile> {
    let n: i64 = BUCKETS.iter().map(|(b, _)| c.get(*b)).sum();
    if n <= 0 {
        return None;
    }
    let rank = ((n * i64::from(p) + 99) / 100).max(1);
    let mut seen = 0;
    let mut previous: Option<u32> = None;
    for (bucket, upper) in BUCKETS {
        seen += c.get(*bucket);
        if seen >= rank {
            let exact = match (upper, previous) {
                (Some(u), Some(p)) => *u == p + 1,
                (Some(0), None) => true,
                _ => false,
            };
            return Some(Percentile {
                days: *upper,
                exact,
            });
        }
        previous = *upper;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::counter::bucket_of;

    fn handled(days: &[u32]) -> Counters {
        let mut c = Counters::default();
        for d in days {
            c.add(Counter::ItemsDecided, 1);
            c.add(Counter::WorkDays, i64::from(*d));
            c.add(bucket_of(*d), 1);
        }
        c
    }

    #[test]
    fn the_ninetieth_percentile_is_the_nearest_rank_value() {
        let c = handled(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(
            percentile(&c, 90),
            Some(Percentile {
                days: Some(9),
                exact: true
            })
        );
        let c = handled(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 50]);
        assert_eq!(percentile(&c, 90).unwrap().days, Some(0));
        assert_eq!(percentile(&c, 100).unwrap().days, Some(60));
        assert!(!percentile(&c, 100).unwrap().exact);
        assert_eq!(percentile(&Counters::default(), 90), None);
    }

    #[test]
    fn rates_have_two_decimals_and_none_without_a_denominator() {
        assert_eq!(Rate::of(9898, 10000).percent, Some(98.98));
        assert_eq!(Rate::of(2, 3).percent, Some(66.67));
        assert_eq!(Rate::of(0, 0).percent, None);
    }

    #[test]
    fn averages_and_time_cuts_follow_the_sums() {
        let mut c = handled(&[2, 4]);
        c.add(Counter::PromisedDaysX100, 2000);
        c.add(Counter::StatutoryDaysX100, 4000);
        let f = Figures::of(&c, None);
        assert_eq!(f.average_days, Some(3.0));
        assert_eq!(f.average_promised_days, Some(10.0));
        assert_eq!(f.time_cut_vs_promised, Some(70.0));
        assert_eq!(f.time_cut_vs_statutory, Some(85.0));
        assert_eq!(f.online_available, None);
    }
}
