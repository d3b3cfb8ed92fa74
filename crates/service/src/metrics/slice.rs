//! A slice of the figures (region subtree, department, item, bundle,
//! channel, period) and the data-scope gate that bounds it.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use tongban_domain::auth::{Action, Actor, ObjectScope};
use tongban_domain::case::IntakeChannel;
use tongban_domain::ident::{Code, RegionCode};
use tongban_store::SliceFilter;

use super::MetricsService;
use crate::error::{Refusal, ServiceError};

/// The longest period one query may cover (days).
const MAX_DAYS: u64 = 3660;
/// The period when none is given: the last 365 days up to today.
const DEFAULT_DAYS: u64 = 364;

/// What a supervisor asks to see. Every part is optional: the region
/// defaults to the supervisor's own, the period to the last year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slice {
    /// First day (local), inclusive.
    #[serde(default)]
    pub from: Option<NaiveDate>,
    /// Last day (local), inclusive.
    #[serde(default)]
    pub to: Option<NaiveDate>,
    /// A region subtree; must lie within the supervisor's region.
    #[serde(default)]
    pub region: Option<RegionCode>,
    /// One department.
    #[serde(default)]
    pub department: Option<Code>,
    /// One item.
    #[serde(default)]
    pub item: Option<Code>,
    /// One bundle (一件事).
    #[serde(default)]
    pub bundle: Option<Code>,
    /// One intake channel code: window, online, proxy, remote.
    #[serde(default)]
    pub channel: Option<String>,
}

const CHANNELS: [&str; 4] = ["window", "online", "proxy", "remote"];

impl MetricsService {
    /// The store filter of `slice` for `actor`: a supervisor's region
    /// bounds it; a region outside it is refused like a missing one.
    pub(super) fn filter(&self, actor: &Actor, slice: &Slice) -> Result<SliceFilter, ServiceError> {
        let Some(own) = actor.region.clone() else {
            return Err(self
                .accounts
                .authorize(actor, Action::Supervise, &ObjectScope::default())
                .err()
                .unwrap_or_else(|| {
                    ServiceError::refused(
                        Refusal::Invalid,
                        "actor_without_region",
                        "当前账号未设置所属行政区划，无法查看统计",
                    )
                }));
        };
        let region = slice.region.clone().unwrap_or(own);
        self.accounts.authorize(
            actor,
            Action::Supervise,
            &ObjectScope::region(region.clone()),
        )?;
        let to = slice.to.unwrap_or_else(|| self.today());
        let from = match slice.from {
            Some(f) => f,
            None => to.checked_sub_days(Days::new(DEFAULT_DAYS)).unwrap_or(to),
        };
        if from > to {
            return Err(ServiceError::refused(
                Refusal::Invalid,
                "period_reversed",
                "统计期间的开始日期晚于结束日期",
            ));
        }
        if (to - from).num_days() as u64 > MAX_DAYS {
            return Err(ServiceError::refused(
                Refusal::Invalid,
                "period_too_long",
                "统计期间不能超过十年",
            ));
        }
        if let Some(c) = &slice.channel
            && !CHANNELS.contains(&c.as_str())
        {
            return Err(ServiceError::refused(
                Refusal::Invalid,
                "unknown_channel",
                format!("办理渠道“{c}”不存在，应为 window、online、proxy 或 remote"),
            ));
        }
        Ok(SliceFilter {
            from,
            to,
            region_within: Some(region),
            department: slice.department.as_ref().map(ToString::to_string),
            item: slice.item.as_ref().map(ToString::to_string),
            bundle: slice.bundle.as_ref().map(ToString::to_string),
            channel: slice.channel.clone(),
        })
    }
}

/// The Chinese label of a channel code.
pub(super) fn channel_label(code: &str) -> &'static str {
    match code {
        "window" => IntakeChannel::Window.label(),
        "online" => IntakeChannel::Online.label(),
        "proxy" => IntakeChannel::Proxy.label(),
        "remote" => "跨域通办",
        _ => "其他",
    }
}
