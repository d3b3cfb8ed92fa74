//! 好差评: ratings of cases, visits and online services, the bad-rating
//! rectification workflow and scores.
//!
//! - [`ReviewService::rate`]: the applicant of a finished case rates it
//!   once (page or API); anyone else gets `case_not_found` as for a
//!   missing case. [`ReviewService::issue_device_link`] gives the window's
//!   evaluator device (评价器) a one-time QR link for
//!   [`ReviewService::rate_on_device`].
//! - A 差评 opens a rectification task for the case's lead department:
//!   verify → rectify → revisit ([`ReviewService::complete_step`]), each
//!   due in working days ([`RectificationLimits`], `WorkCalendar`).
//! - Jobs (idempotent, safe on several nodes):
//!   [`ReviewService::escalate_overdue`] and [`ReviewService::remind_unrated`].
//! - [`ReviewService::scores`]: satisfaction rates per staff member,
//!   window, department, item or region over a period (docs/reviews.md).
//!
//! Outbox events (cases only; the outbox is keyed by case): `review.rated`,
//! `review.rectification_opened`, `review.rectification_closed`,
//! `review.escalated`, `review.reminder`.

mod device;
mod jobs;
mod rate;
mod rectify;
mod scores;
mod types;

use std::sync::{Arc, OnceLock};

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use tongban_domain::auth::Actor;
use tongban_domain::clock::WorkCalendar;
use tongban_domain::ident::RegionCode;
use tongban_domain::review::{RectificationLimits, ReviewError};
use tongban_store::{CaseStore, ReviewAudit, ReviewStore};

use crate::accounts::{AccountService, Clock};
use crate::error::{Refusal, ServiceError};

pub use tongban_store::Escalation;
pub use types::{DeviceCase, DeviceLink, ScoreBoard, ScoreFilter, ScoreLine, TaskView};

/// The reviews use cases and jobs. Cheap to share behind an `Arc`.
pub struct ReviewService {
    store: Arc<dyn ReviewStore>,
    cases: Arc<dyn CaseStore>,
    accounts: Arc<AccountService>,
    clock: Arc<dyn Clock>,
    limits: RectificationLimits,
    calendar: OnceLock<Result<WorkCalendar, String>>,
}

impl ReviewService {
    /// A service over the review and case stores, authorising through
    /// `accounts`, with the default step limits (verify 1, rectify 5,
    /// revisit 2 working days).
    pub fn new(
        store: Arc<dyn ReviewStore>,
        cases: Arc<dyn CaseStore>,
        accounts: Arc<AccountService>,
        clock: Arc<dyn Clock>,
    ) -> ReviewService {
        ReviewService {
            store,
            cases,
            accounts,
            clock,
            limits: RectificationLimits::default(),
            calendar: OnceLock::new(),
        }
    }

    /// The same service with other rectification step limits.
    pub fn with_limits(mut self, limits: RectificationLimits) -> ReviewService {
        self.limits = limits;
        self
    }

    /// The step limits in force.
    pub fn limits(&self) -> RectificationLimits {
        self.limits
    }

    /// The national working-day calendar, read once.
    fn calendar(&self) -> Result<&WorkCalendar, ServiceError> {
        self.calendar
            .get_or_init(|| WorkCalendar::national().map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| ServiceError::Unavailable(format!("工作日历不可用：{e}")))
    }

    /// An audit entry by `actor` about `subject`.
    fn audit(
        actor: &str,
        subject: &str,
        action: &str,
        at: DateTime<Utc>,
        detail: serde_json::Value,
    ) -> ReviewAudit {
        ReviewAudit {
            id: new_id("ra"),
            subject: subject.to_string(),
            at,
            actor: actor.to_string(),
            action: action.to_string(),
            detail,
        }
    }
}

/// China Standard Time.
fn cst() -> Option<FixedOffset> {
    FixedOffset::east_opt(8 * 3600)
}

/// The Beijing date of `at`.
fn beijing_date(at: DateTime<Utc>) -> NaiveDate {
    match cst() {
        Some(tz) => at.with_timezone(&tz).date_naive(),
        None => at.date_naive(),
    }
}

/// Midnight (Beijing) at the start of `day`, as UTC.
fn beijing_midnight(day: NaiveDate) -> DateTime<Utc> {
    cst()
        .and_then(|tz| {
            tz.from_local_datetime(&day.and_time(NaiveTime::MIN))
                .single()
        })
        .map(|t| t.to_utc())
        .unwrap_or_else(|| day.and_time(NaiveTime::MIN).and_utc())
}

/// A new random id with a short prefix.
fn new_id(prefix: &str) -> String {
    let bytes: [u8; 12] = rand::random();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}_{hex}")
}

/// The code prefix of every region inside `region` (a province's first
/// two digits, a city's first four, otherwise the whole code).
fn subtree_prefix(region: &RegionCode) -> &str {
    let code = region.as_str();
    if code.len() == 6 {
        if code.ends_with("0000") {
            return &code[..2];
        }
        if code.ends_with("00") {
            return &code[..4];
        }
    }
    code
}

/// A review rule's refusal as a service error.
fn refusal(err: ReviewError) -> ServiceError {
    let kind = match &err {
        ReviewError::AlreadyRated
        | ReviewError::RectificationOpen
        | ReviewError::StepOutOfOrder { .. } => Refusal::Conflict,
        ReviewError::Calendar(e) => {
            return ServiceError::Unavailable(e.to_string());
        }
        _ => Refusal::Invalid,
    };
    ServiceError::refused(kind, err.code(), err.to_string())
}

/// The region the actor works in, or a refusal.
fn own_region(actor: &Actor) -> Result<&RegionCode, ServiceError> {
    actor.region.as_ref().ok_or_else(|| {
        ServiceError::refused(
            Refusal::NotFound,
            "not_found",
            "您的账号未设置辖区，无法查看",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beijing_dates_turn_at_sixteen_hundred_utc() {
        let late = DateTime::parse_from_rfc3339("2025-09-26T15:59:59Z")
            .unwrap()
            .to_utc();
        let next = DateTime::parse_from_rfc3339("2025-09-26T16:00:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(beijing_date(late).to_string(), "2025-09-26");
        assert_eq!(beijing_date(next).to_string(), "2025-09-27");
        assert_eq!(beijing_midnight(beijing_date(next)), next);
    }

    #[test]
    fn a_city_covers_its_counties_and_a_county_only_itself() {
        let city = RegionCode::parse("350800").unwrap();
        let county = RegionCode::parse("350825").unwrap();
        assert_eq!(subtree_prefix(&city), "3508");
        assert_eq!(subtree_prefix(&county), "350825");
    }
}
