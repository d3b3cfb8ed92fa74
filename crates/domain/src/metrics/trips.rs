//! On-site trips (跑动次数) a case needed, as far as the case records them.

use crate::case::{Case, DeliveryMethod, IntakeChannel};

/// The trips a finished case took the applicant:
/// - one for intake at a window (窗口受理, 跨域通办 at the receiving
///   window); none online or through a proxy agent (帮代办);
/// - one for collecting the result at a window (窗口领取), unless it was
///   handed over on the day of a window intake (the same visit, e.g. a
///   即办件); none by post or electronically.
///
/// Supplements (补正) brought in person are not recorded by the case and
/// are not counted.
pub fn trips(case: &Case) -> u32 {
    let intake_day = match case.channel {
        IntakeChannel::Window | IntakeChannel::Remote { .. } => case
            .members
            .iter()
            .filter_map(|m| m.submitted_at.map(|a| a.date()))
            .min(),
        IntakeChannel::Online | IntakeChannel::Proxy => None,
    };
    let pickup = case
        .delivery
        .as_ref()
        .filter(|d| d.method == DeliveryMethod::Window)
        .map(|d| d.delivered_at.date());
    let intake = u32::from(intake_day.is_some());
    let collect = match (pickup, intake_day) {
        (Some(p), Some(i)) if p == i => 0,
        (Some(_), _) => 1,
        (None, _) => 0,
    };
    intake + collect
}
