//! One generated case: the plan (item or bundle, channel, stage, each
//! member's handling time, outcome and suspension), the case record it
//! becomes, the warnings the scan would have raised, and what it adds to
//! the expected counts — counted from the plan, not read back.

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use tongban_domain::bundle::Bundle;
use tongban_domain::case::{
    Case, CaseNo, CaseState, Decision, IntakeChannel, Outcome, Suspension, Warning,
};
use tongban_domain::catalog::{Handling, ServiceItem};
use tongban_domain::clock::{Span, WorkCalendar};
use tongban_domain::guidance::Selection;
use tongban_domain::ident::RegionCode;
use tongban_store::NewWarning;

use super::Rng;
use super::expected::{Counts, Expected, Key};
use super::plan::{deliver, limit_days, limit_x100, savings, select, trips, warning_levels};
use crate::error::{Refusal, ServiceError};

/// What a case is for.
#[derive(Clone, Copy)]
pub(super) enum Subject<'a> {
    Item(&'a ServiceItem),
    Bundle(&'a Bundle),
}

/// A warning to raise through the event store, and when.
pub(super) struct Raise {
    pub warning: NewWarning,
    pub at: NaiveDateTime,
}

/// A generated case, ready to store.
pub(super) struct Built<'a> {
    pub case: Case,
    /// The submission day (local).
    pub day: NaiveDate,
    pub submitted_at: NaiveDateTime,
    pub selection: Selection,
    /// The selected members' items, in selection order.
    pub items: Vec<&'a ServiceItem>,
    pub warnings: Vec<Raise>,
    /// The day the whole case was done, if it was.
    pub done_on: Option<NaiveDate>,
    /// The case's own rollup row on the submission day.
    pub own: Key,
}

/// How far a case got.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    Submitted,
    Running,
    Done,
}

pub(super) fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default()
}

fn calendar_error(e: tongban_domain::clock::CalendarError) -> ServiceError {
    ServiceError::Unavailable(format!("工作日历无法计算：{e}"))
}

/// Builds one case of `subject` submitted on a working day in the 60
/// days from `start`, and adds its member- and case-level counts.
pub(super) fn build<'a>(
    rng: &mut Rng,
    calendar: &WorkCalendar,
    items: &[&'a ServiceItem],
    regions: &[RegionCode],
    subject: Subject<'a>,
    start: NaiveDate,
    expected: &mut Expected,
) -> Result<Built<'a>, ServiceError> {
    let mut day = start
        .checked_add_days(Days::new(rng.next(60)))
        .unwrap_or(start);
    while !calendar.is_working_day(day).map_err(calendar_error)? {
        day = day.succ_opt().unwrap_or(day);
    }
    let home = match subject {
        Subject::Item(i) => i.region.clone(),
        Subject::Bundle(b) => b.region.clone(),
    };
    let channel = match rng.next(4) {
        0 => IntakeChannel::Window,
        1 => IntakeChannel::Online,
        2 => IntakeChannel::Proxy,
        _ => IntakeChannel::Remote {
            received_in: regions
                .iter()
                .find(|r| **r != home)
                .cloned()
                .unwrap_or(home.clone()),
        },
    };
    let online = channel == IntakeChannel::Online;
    let (selection, chosen) = select(rng, items, subject, online);
    let submitted_at = day.and_time(time(9, 0));
    let no = CaseNo::new(&home, day, 1)
        .map_err(|e| ServiceError::refused(Refusal::Invalid, "case_no_invalid", e.to_string()))?;
    let mut case = match subject {
        Subject::Item(item) => Case::for_item(
            no,
            item,
            selection.situations_of(&item.code),
            channel.clone(),
            submitted_at,
        ),
        Subject::Bundle(bundle) => {
            let owned: Vec<ServiceItem> = chosen.iter().map(|i| (*i).clone()).collect();
            Case::for_bundle(
                no,
                bundle,
                &selection,
                &owned,
                channel.clone(),
                submitted_at,
            )
            .map_err(|e| ServiceError::refused(Refusal::Invalid, e.code(), e.to_string()))?
        }
    };
    let stage = match rng.next(20) {
        0 | 1 => Stage::Submitted,
        2..=4 => Stage::Running,
        _ => Stage::Done,
    };
    let accepted_on = if matches!(channel, IntakeChannel::Online | IntakeChannel::Proxy) {
        calendar
            .add_working_days(day, 1, &[])
            .map_err(calendar_error)?
    } else {
        day
    };
    let bundle_code = case
        .bundle
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let case_region = case.region.to_string();
    let lead = case.lead_department.to_string();
    let key_of = |m_item: &ServiceItem, on: NaiveDate| Key {
        day: on,
        region: m_item.region.to_string(),
        department: m_item.department.to_string(),
        item: m_item.code.to_string(),
        bundle: bundle_code.clone(),
        channel: channel.code().to_string(),
    };
    let own_on = |on: NaiveDate| Key {
        day: on,
        region: case_region.clone(),
        department: lead.clone(),
        item: match subject {
            Subject::Item(i) => i.code.to_string(),
            Subject::Bundle(_) => String::new(),
        },
        bundle: bundle_code.clone(),
        channel: channel.code().to_string(),
    };
    let own = own_on(day);
    expected.add(&own, |c| c.cases_submitted += 1);
    let mut warnings = Vec::new();
    let mut last_decision: Option<NaiveDateTime> = None;
    let mut all_decided = true;
    let mut any_granted = false;
    let mut any_suspended = false;
    for m in case.members.iter_mut() {
        let Some(item) = chosen.iter().find(|i| &i.code == m.item()).copied() else {
            continue;
        };
        m.submitted_at = Some(submitted_at);
        m.state = CaseState::Submitted;
        expected.add(&key_of(item, day), |c| {
            c.items_submitted += 1;
            c.items_immediate += i64::from(item.handling == Handling::Immediate);
        });
        if stage == Stage::Submitted {
            all_decided = false;
            continue;
        }
        m.accepted_at = Some(accepted_on.and_time(time(10, 0)));
        m.state = CaseState::UnderReview;
        let promised = limit_days(item.promised_limit).unwrap_or(0);
        let statutory = limit_days(item.statutory_limit).unwrap_or(0);
        let decide = stage == Stage::Done || (case.bundle.is_some() && rng.next(2) == 0);
        let handling = if rng.next(6) == 0 {
            rng.next(26) as u32
        } else {
            rng.next(9) as u32
        };
        // A stopped clock: from the k-th working day, for a few natural days.
        let mut spans = Vec::new();
        if handling >= 2 && rng.next(5) == 0 {
            let k = 1 + rng.next(u64::from(handling - 1)) as u32;
            let since = calendar
                .add_working_days(accepted_on, k, &[])
                .map_err(calendar_error)?;
            let days = 1 + rng.next(10);
            let until = since.checked_add_days(Days::new(days)).unwrap_or(since);
            m.suspensions.push(Suspension {
                reason: "专家评审（生成数据）".into(),
                since: since.and_time(time(11, 0)),
                until: Some(until.and_time(time(9, 0))),
                resume_to: CaseState::UnderReview,
            });
            spans
                .push(Span::new(since, until.pred_opt().unwrap_or(until)).map_err(calendar_error)?);
        }
        let due = calendar
            .add_working_days(accepted_on, promised, &spans)
            .map_err(calendar_error)?;
        // How far the clock ran: to the decision, or (still running) so far.
        let ran = if decide {
            handling
        } else {
            rng.next(u64::from(promised) + 4) as u32
        };
        let resolved_on = if decide {
            let decided = calendar
                .add_working_days(accepted_on, handling, &spans)
                .map_err(calendar_error)?;
            let decided_at = decided.and_time(time(16, 0));
            let granted = rng.next(7) != 0;
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
            last_decision = last_decision.max(Some(decided_at));
            any_granted |= granted;
            any_suspended |= !spans.is_empty();
            let suspended_days: i64 = spans.iter().map(|s| (s.to - s.from).num_days() + 1).sum();
            expected.add(&key_of(item, decided), |c: &mut Counts| {
                c.items_decided += 1;
                c.items_granted += i64::from(granted);
                c.on_time_statutory += i64::from(handling <= statutory);
                c.on_time_promised += i64::from(handling <= promised);
                c.handling.push(handling);
                c.promised_x100 += limit_x100(item.promised_limit);
                c.statutory_x100 += limit_x100(item.statutory_limit);
                c.suspended_items += i64::from(!spans.is_empty());
                c.suspended_days += suspended_days;
            });
            Some(decided)
        } else {
            all_decided = false;
            if !spans.is_empty() {
                // Still running: the suspension is not over yet.
                m.suspensions.clear();
                spans.clear();
            }
            None
        };
        for (level, after) in warning_levels(promised, ran) {
            let on = calendar
                .add_working_days(accepted_on, after, &spans)
                .map_err(calendar_error)?;
            warnings.push(Raise {
                warning: NewWarning {
                    member: Some(item.code.clone()),
                    level,
                    region: item.region.clone(),
                    department: item.department.clone(),
                    name: item.name.clone(),
                    due,
                },
                at: on.and_time(time(8, 30)),
            });
            expected.add(&key_of(item, on), |c| {
                c.warnings_raised += 1;
                c.warnings_red += i64::from(level == Warning::Red);
            });
            if let Some(resolved) = resolved_on {
                expected.add(&key_of(item, resolved), |c| c.warnings_resolved += 1);
            }
        }
    }
    let mut done_on = None;
    if stage != Stage::Submitted
        && all_decided
        && let Some(done_at) = last_decision
    {
        let done = done_at.date();
        done_on = Some(done);
        case.completed_at = Some(done_at);
        let delivery = deliver(rng, done);
        if let Some(d) = &delivery {
            for m in case.members.iter_mut() {
                m.delivery = Some(d.clone());
                m.state = CaseState::Delivered;
            }
        }
        case.delivery = delivery.clone();
        let trips = trips(&channel, delivery.as_ref(), day);
        let own_done = own_on(done);
        expected.add(&own_done, |c| {
            c.cases_done += 1;
            c.zero_trip += i64::from(trips == 0);
            c.one_trip += i64::from(trips <= 1);
        });
        if let Subject::Bundle(bundle) = subject {
            if any_granted {
                savings(bundle, &selection, &chosen, &own_done, expected)?;
            }
            // The whole case past the bundle's promised time (checked only
            // when no member's clock stopped, as the case clock would).
            let limit = limit_days(bundle.promised_limit).unwrap_or(0);
            let late = calendar
                .add_working_days(accepted_on, limit, &[])
                .map_err(calendar_error)?;
            if !any_suspended && done > late {
                let on = calendar
                    .add_working_days(accepted_on, limit + 1, &[])
                    .map_err(calendar_error)?;
                warnings.push(Raise {
                    warning: NewWarning {
                        member: None,
                        level: Warning::Red,
                        region: bundle.region.clone(),
                        department: bundle.lead_department.clone(),
                        name: bundle.name.clone(),
                        due: late,
                    },
                    at: on.and_time(time(8, 30)),
                });
                expected.add(&own_on(on), |c| {
                    c.warnings_raised += 1;
                    c.warnings_red += 1;
                });
                expected.add(&own_done, |c| c.warnings_resolved += 1);
            }
        }
    }
    Ok(Built {
        case,
        day,
        submitted_at,
        selection,
        items: chosen,
        warnings,
        done_on,
        own,
    })
}
