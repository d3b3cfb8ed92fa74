//! Deadlines and warnings (时限与红黄牌) of item cases and whole cases,
//! computed by the one deadline clock, [`WorkCalendar`].
//!
//! A limit starts on the day of acceptance (受理) and counts from the next
//! day, as [`WorkCalendar::add_working_days`] does. Suspended days (挂起)
//! do not count: a suspension from day A to its resumption on day B stops
//! the clock on A, A+1, …, B−1 (the day of resumption is worked); an open
//! suspension stops it up to and including `today`. Everything here is
//! pure: `today` is passed in.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Case, ItemCase};
use crate::catalog::{HOURS_PER_WORKING_DAY, TimeLimit};
use crate::clock::{CalendarError, Span, WorkCalendar};

/// The two due dates of a case: 法定办结时限 and 承诺办结时限.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    pub statutory: NaiveDate,
    pub promised: NaiveDate,
}

/// 红黄牌: how close a running case is to its promised due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Warning {
    /// Within time, or not running.
    None,
    /// 黄牌: the share of promised time used reached the policy's threshold.
    Yellow,
    /// 红牌: past the promised due date.
    Red,
}

impl Warning {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Warning::None => "none",
            Warning::Yellow => "yellow",
            Warning::Red => "red",
        }
    }

    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Warning::None => "正常",
            Warning::Yellow => "黄牌预警",
            Warning::Red => "红牌超期",
        }
    }
}

/// When a warning turns yellow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningPolicy {
    /// Yellow once this percentage of the promised time is used.
    pub yellow_percent: u32,
}

impl Default for WarningPolicy {
    /// Yellow at 80%.
    fn default() -> WarningPolicy {
        WarningPolicy { yellow_percent: 80 }
    }
}

impl ItemCase {
    /// The days this case's clock was (or, if still open, is up to
    /// `today`) stopped.
    pub fn suspended_spans(&self, today: NaiveDate) -> Vec<Span> {
        self.suspensions
            .iter()
            .filter_map(|s| {
                let from = s.since.date();
                let to = match s.until {
                    Some(until) => until.date().checked_sub_days(Days::new(1))?,
                    None => today,
                };
                Span::new(from, to).ok()
            })
            .collect()
    }

    /// The due dates, once accepted; `None` before acceptance.
    pub fn deadlines(
        &self,
        calendar: &WorkCalendar,
        today: NaiveDate,
    ) -> Result<Option<Deadlines>, CalendarError> {
        let Some(accepted) = self.accepted_at.map(|a| a.date()) else {
            return Ok(None);
        };
        let spans = self.suspended_spans(today);
        Ok(Some(Deadlines {
            statutory: calendar.due_date(accepted, self.terms.statutory_limit, &spans)?,
            promised: calendar.due_date(accepted, self.terms.promised_limit, &spans)?,
        }))
    }

    /// The warning on `today`: only a running case (accepted, not yet
    /// decided) can be late.
    pub fn warning(
        &self,
        calendar: &WorkCalendar,
        today: NaiveDate,
        policy: WarningPolicy,
    ) -> Result<Warning, CalendarError> {
        let Some(accepted) = self.accepted_at.map(|a| a.date()) else {
            return Ok(Warning::None);
        };
        if !self.state.is_running() {
            return Ok(Warning::None);
        }
        let spans = self.suspended_spans(today);
        level(
            calendar,
            accepted,
            self.terms.promised_limit,
            today,
            &spans,
            policy,
        )
    }

    /// The last day this case's clock could run: the day it was decided or
    /// ended; `None` while it runs.
    fn clock_end(&self) -> Option<NaiveDate> {
        let decided = self.decision.as_ref().map(|d| d.decided_at.date());
        let ended = self.ending.as_ref().map(|e| e.at.date());
        match (decided, ended) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// True when this case's clock runs on day `d`.
    fn runs_on(&self, d: NaiveDate, spans: &[Span]) -> bool {
        let accepted = self.accepted_at.is_some_and(|a| a.date() <= d);
        let open = self.clock_end().is_none_or(|e| d <= e);
        accepted && open && !spans.iter().any(|s| s.from <= d && d <= s.to)
    }
}

impl Case {
    /// The day the case was accepted: its first member's acceptance.
    pub fn accepted_on(&self) -> Option<NaiveDate> {
        self.members
            .iter()
            .filter_map(|m| m.accepted_at.map(|a| a.date()))
            .min()
    }

    /// The days the whole case's clock stood still: the days on which no
    /// member's clock ran (all suspended, or waiting is over), from
    /// acceptance up to `today` (or to completion, if earlier).
    pub fn suspended_spans(&self, today: NaiveDate) -> Vec<Span> {
        let Some(start) = self.accepted_on() else {
            return Vec::new();
        };
        let end = match self.completed_at {
            Some(done) if done.date() < today => done.date(),
            _ => today,
        };
        let member_spans: Vec<Vec<Span>> = self
            .members
            .iter()
            .map(|m| m.suspended_spans(today))
            .collect();
        let mut spans = Vec::new();
        let mut run: Option<Span> = None;
        let mut d = start;
        while d < end {
            let Some(next) = d.checked_add_days(Days::new(1)) else {
                break;
            };
            d = next;
            let stopped = !self
                .members
                .iter()
                .zip(&member_spans)
                .any(|(m, s)| m.runs_on(d, s));
            match (&mut run, stopped) {
                (Some(r), true) => r.to = d,
                (None, true) => run = Some(Span { from: d, to: d }),
                (Some(_), false) => spans.extend(run.take()),
                (None, false) => {}
            }
        }
        spans.extend(run);
        spans
    }

    /// The due dates of the whole case: promised by the case's own limit
    /// (the bundle's), statutory the latest of its members'.
    pub fn deadlines(
        &self,
        calendar: &WorkCalendar,
        today: NaiveDate,
    ) -> Result<Option<Deadlines>, CalendarError> {
        let Some(accepted) = self.accepted_on() else {
            return Ok(None);
        };
        let spans = self.suspended_spans(today);
        let promised = calendar.due_date(accepted, self.promised_limit, &spans)?;
        let mut statutory = promised;
        for m in &self.members {
            if let Some(d) = m.deadlines(calendar, today)? {
                statutory = statutory.max(d.statutory);
            }
        }
        Ok(Some(Deadlines {
            statutory,
            promised,
        }))
    }

    /// The warning of the whole case on `today` (none once complete).
    pub fn warning(
        &self,
        calendar: &WorkCalendar,
        today: NaiveDate,
        policy: WarningPolicy,
    ) -> Result<Warning, CalendarError> {
        let Some(accepted) = self.accepted_on() else {
            return Ok(Warning::None);
        };
        if self.is_complete() {
            return Ok(Warning::None);
        }
        let spans = self.suspended_spans(today);
        level(
            calendar,
            accepted,
            self.promised_limit,
            today,
            &spans,
            policy,
        )
    }
}

/// Red past the due date; yellow once `yellow_percent` of the limit is
/// used; none otherwise.
fn level(
    calendar: &WorkCalendar,
    accepted: NaiveDate,
    limit: TimeLimit,
    today: NaiveDate,
    spans: &[Span],
    policy: WarningPolicy,
) -> Result<Warning, CalendarError> {
    let due = calendar.due_date(accepted, limit, spans)?;
    if today > due {
        return Ok(Warning::Red);
    }
    let (used, total) = match limit {
        TimeLimit::WorkingDays(n) => (calendar.working_days_between(accepted, today, spans)?, n),
        TimeLimit::Hours(h) => (
            calendar.working_days_between(accepted, today, spans)?,
            h.div_ceil(HOURS_PER_WORKING_DAY),
        ),
        TimeLimit::NaturalDays(n) => (natural_days_between(accepted, today, spans), n),
    };
    let reached = u64::from(used) * 100 >= u64::from(policy.yellow_percent) * u64::from(total);
    Ok(if reached {
        Warning::Yellow
    } else {
        Warning::None
    })
}

/// Natural days in `(from, to]` outside the suspended spans.
fn natural_days_between(from: NaiveDate, to: NaiveDate, spans: &[Span]) -> u32 {
    from.iter_days()
        .skip(1)
        .take_while(|d| *d <= to)
        .filter(|d| !spans.iter().any(|s| s.from <= *d && *d <= s.to))
        .fold(0u32, |n, _| n.saturating_add(1))
}
