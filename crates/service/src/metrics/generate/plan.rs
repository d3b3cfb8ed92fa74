//! The random choices of a generated case that need no clock: the
//! selection, the hand-over, limits in working days, and the realised
//! savings of a done bundle case.

use chrono::{Days, NaiveDate};
use tongban_domain::bundle::Bundle;
use tongban_domain::case::{Delivery, DeliveryMethod, IntakeChannel, Warning};
use tongban_domain::catalog::{ServiceItem, TimeLimit};
use tongban_domain::guidance::Selection;
use tongban_domain::ident::Code;
use tongban_domain::stats::reform_metrics;

use super::Rng;
use super::cases::{Subject, time};
use super::expected::{Expected, Key};
use crate::error::{Refusal, ServiceError};

/// A limit in whole working days as the deadline clock counts it
/// (hours round up to days of 8 hours); `None` for natural days.
pub(super) fn limit_days(limit: TimeLimit) -> Option<u32> {
    match limit {
        TimeLimit::WorkingDays(n) => Some(n),
        TimeLimit::Hours(h) => Some(h.div_ceil(8)),
        TimeLimit::NaturalDays(_) => None,
    }
}

/// A limit in hundredths of a working day (hours / 8).
pub(super) fn limit_x100(limit: TimeLimit) -> i64 {
    match limit {
        TimeLimit::WorkingDays(n) => i64::from(n) * 100,
        TimeLimit::Hours(h) => (f64::from(h) * 100.0 / 8.0).round() as i64,
        TimeLimit::NaturalDays(n) => (f64::from(n) * 500.0 / 7.0).round() as i64,
    }
}

/// The selection: the item (or the bundle's required members and, one
/// time in two, each optional one) with default situations, or for an
/// online application one situation picked at random.
pub(super) fn select<'a>(
    rng: &mut Rng,
    items: &[&'a ServiceItem],
    subject: Subject<'a>,
    online: bool,
) -> (Selection, Vec<&'a ServiceItem>) {
    let chosen: Vec<&'a ServiceItem> = match subject {
        Subject::Item(i) => vec![i],
        Subject::Bundle(b) => b
            .members
            .iter()
            .filter(|m| !m.optional || rng.next(2) == 0)
            .filter_map(|m| items.iter().find(|i| i.code == m.item).copied())
            .collect(),
    };
    let mut selection = Selection {
        members: chosen.iter().map(|i| i.code.clone()).collect(),
        ..Selection::default()
    };
    for item in &chosen {
        let situations: Vec<Code> = if online && !item.situations.is_empty() {
            let pick = rng.next(item.situations.len() as u64) as usize;
            vec![item.situations[pick].code.clone()]
        } else {
            item.situations
                .iter()
                .filter(|s| s.default)
                .map(|s| s.code.clone())
                .collect()
        };
        if !situations.is_empty() {
            selection.situations.insert(item.code.clone(), situations);
        }
    }
    (selection, chosen)
}

/// How the result is handed over (four cases in five): at a window, on
/// the day or up to two days later; by post; electronically.
pub(super) fn deliver(rng: &mut Rng, done: NaiveDate) -> Option<Delivery> {
    if rng.next(5) == 0 {
        return None;
    }
    let (method, later) = match rng.next(3) {
        0 => (DeliveryMethod::Window, rng.next(3)),
        1 => (
            DeliveryMethod::Post {
                tracking_no: format!("SF{:08}", rng.next(100_000_000)),
            },
            0,
        ),
        _ => (DeliveryMethod::Electronic, 0),
    };
    let on = done.checked_add_days(Days::new(later)).unwrap_or(done);
    Some(Delivery {
        method,
        delivered_at: on.and_time(time(17, 0)),
    })
}

/// A done bundle case with a grant realises the bundle's reform metrics
/// for its selection (`stats::reform_metrics`, the catalog's figures).
pub(super) fn savings(
    bundle: &Bundle,
    selection: &Selection,
    chosen: &[&ServiceItem],
    key: &Key,
    expected: &mut Expected,
) -> Result<(), ServiceError> {
    let items: Vec<ServiceItem> = chosen.iter().map(|i| (*i).clone()).collect();
    let m = reform_metrics(bundle, selection, &items).map_err(|e| {
        ServiceError::refused(Refusal::Invalid, "reform_metrics_failed", e.to_string())
    })?;
    let diff = |before: u32, after: u32| i64::from(before) - i64::from(after);
    let x100 = |d: f64| (d * 100.0).round() as i64;
    expected.add(key, |c| {
        c.bundle_done += 1;
        c.saved_steps += diff(m.steps.before, m.steps.after);
        c.saved_materials += diff(m.materials.before, m.materials.after);
        c.saved_fields += diff(m.fields.before, m.fields.after);
        c.saved_days_x100 += x100(m.days.before) - x100(m.days.after);
        c.saved_trips += diff(m.trips.before, m.trips.after);
    });
    Ok(())
}

/// The warnings the scan raises for a member whose clock ran `ran`
/// working days against a `promised` limit, with the working day each
/// is raised on: yellow once 80 % of the time is used (before the
/// decision), red the day after the due date.
pub(super) fn warning_levels(promised: u32, ran: u32) -> Vec<(Warning, u32)> {
    let yellow_at = (promised * 4).div_ceil(5);
    let mut levels = Vec::new();
    if promised >= 1 && yellow_at < ran.max(1) && yellow_at <= promised {
        levels.push((Warning::Yellow, yellow_at));
    }
    if ran > promised {
        levels.push((Warning::Red, promised + 1));
    }
    levels
}

/// On-site trips: one for a window (or 跨域) intake, one for a window
/// pickup unless it was on the intake day.
pub(super) fn trips(
    channel: &IntakeChannel,
    delivery: Option<&Delivery>,
    intake: NaiveDate,
) -> u32 {
    let on_site = matches!(
        channel,
        IntakeChannel::Window | IntakeChannel::Remote { .. }
    );
    let pickup = delivery.is_some_and(|d| {
        d.method == DeliveryMethod::Window && !(on_site && d.delivered_at.date() == intake)
    });
    u32::from(on_site) + u32::from(pickup)
}
