//! Deadlines and red/yellow warnings of a case and its members on the
//! service clock's day, from the domain's deadline computation and the one
//! national working-day calendar.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::Serialize;
use tongban_domain::case::{Case, Deadlines, ItemCase, Warning, WarningPolicy};
use tongban_domain::clock::{CalendarError, WorkCalendar};
use tongban_domain::ident::Code;

use super::{CaseService, record};

/// Due dates and the warning of a case or a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Timing {
    /// 法定 and 承诺 due dates; `None` before acceptance.
    pub deadlines: Option<Deadlines>,
    /// 红黄牌 today (none unless running).
    pub warning: Warning,
}

/// One member's timing, and why the bundle's DAG holds it back, if it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberTiming {
    /// The member item.
    pub item: Code,
    /// Its due dates and warning.
    pub timing: Timing,
    /// The refusal code while a prerequisite holds it back
    /// (`prerequisite_pending`, `prerequisite_failed`).
    pub blocked: Option<&'static str>,
}

/// The timing of a whole case and of each member on `today`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Schedule {
    /// The day it was computed for (Beijing date).
    pub today: NaiveDate,
    /// The whole case.
    pub case: Timing,
    /// Every member, in the case's order.
    pub members: Vec<MemberTiming>,
    /// Why some dates are missing (the calendar does not cover them).
    pub problem: Option<String>,
}

impl Schedule {
    /// The timing of `item`'s member.
    pub fn member(&self, item: &Code) -> Option<&MemberTiming> {
        self.members.iter().find(|m| &m.item == item)
    }
}

/// The national working-day calendar, parsed once.
pub(super) fn calendar() -> Result<&'static WorkCalendar, String> {
    static CALENDAR: OnceLock<Result<WorkCalendar, String>> = OnceLock::new();
    CALENDAR
        .get_or_init(|| WorkCalendar::national().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}

impl CaseService {
    /// The deadlines and warnings of `case` today, by the default policy
    /// (yellow at 80% of the promised time). A date the calendar does not
    /// cover leaves the dates empty and says why; it is never guessed.
    pub fn schedule(&self, case: &Case) -> Schedule {
        let today = record::local(self.clock.now()).date();
        schedule_on(case, today)
    }

    /// Today's Beijing date by the service clock.
    pub(super) fn today(&self) -> NaiveDate {
        record::local(self.clock.now()).date()
    }
}

/// The schedule of `case` on `today`.
pub(super) fn schedule_on(case: &Case, today: NaiveDate) -> Schedule {
    let mut problem: Option<String> = None;
    let calendar = match calendar() {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "工作日历无法加载");
            return Schedule {
                today,
                case: empty(),
                members: case
                    .members
                    .iter()
                    .map(|m| MemberTiming {
                        item: m.item().clone(),
                        timing: empty(),
                        blocked: None,
                    })
                    .collect(),
                problem: Some(e),
            };
        }
    };
    let mut note = |r: Result<Timing, CalendarError>| match r {
        Ok(t) => t,
        Err(e) => {
            problem.get_or_insert_with(|| e.to_string());
            empty()
        }
    };
    let policy = WarningPolicy::default();
    let whole = note(case_timing(case, calendar, today, policy));
    let members = case
        .members
        .iter()
        .map(|m| MemberTiming {
            item: m.item().clone(),
            timing: note(member_timing(m, calendar, today, policy)),
            blocked: blocked(case, m),
        })
        .collect();
    Schedule {
        today,
        case: whole,
        members,
        problem,
    }
}

fn empty() -> Timing {
    Timing {
        deadlines: None,
        warning: Warning::None,
    }
}

fn case_timing(
    case: &Case,
    calendar: &WorkCalendar,
    today: NaiveDate,
    policy: WarningPolicy,
) -> Result<Timing, CalendarError> {
    Ok(Timing {
        deadlines: case.deadlines(calendar, today)?,
        warning: case.warning(calendar, today, policy)?,
    })
}

fn member_timing(
    member: &ItemCase,
    calendar: &WorkCalendar,
    today: NaiveDate,
    policy: WarningPolicy,
) -> Result<Timing, CalendarError> {
    Ok(Timing {
        deadlines: member.deadlines(calendar, today)?,
        warning: member.warning(calendar, today, policy)?,
    })
}

/// The code of what holds an accepted member back, if anything.
fn blocked(case: &Case, member: &ItemCase) -> Option<&'static str> {
    case.blocked_members()
        .into_iter()
        .find(|(item, _)| *item == member.item())
        .map(|(_, refusal)| refusal.code())
}
