//! 异议核实与纠错: a holder objects to a wrong field of one of their
//! licences; the issuing department verifies it within a deadline of
//! working days and accepts (the licence is corrected, re-signed and keeps
//! its history) or rejects it with a reason.
//!
//! Who may call: holders are applicants whose linked subject
//! (实名核验) holds the licence; a licence held by someone else answers
//! like a missing one (`licence_not_found`). The department's worklist and
//! decisions need `ExamineCase` within the issuing department (examiners
//! and department leaders), through the one gate
//! ([`AccountService::authorize`]); out of scope answers like missing.
//!
//! The deadline is counted on the national [`WorkCalendar`] and stored as
//! the due date. [`ObjectionService::overdue`] is the background job: it
//! reports each objection still pending after its due date once, with a
//! `licence.objection_overdue` outbox event.

mod decide;
mod file;
mod overdue;
mod view;

use std::sync::{Arc, OnceLock};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use tongban_domain::clock::WorkCalendar;
use tongban_domain::ident::RegionCode;
use tongban_domain::licence::objection::{
    DEFAULT_DEADLINE_WORKING_DAYS, Objection, ObjectionError,
};
use tongban_domain::licence::{Licence, LicenceType};
use tongban_store::{NewOutboxEvent, ObjectionRow, ObjectionStore};

pub use decide::DecisionRequest;
pub use file::{HeldField, HeldLicence, ObjectionRequest};
pub use view::{DecisionView, ObjectionView};

use crate::accounts::{AccountService, Clock};
use crate::error::{Refusal, ServiceError};
use crate::licences::LicenceService;
use crate::subjects::SubjectService;

/// A licence as an objection needs it: with its type (the declared
/// fields and labels), its issuing case and its department's region.
/// Made by `LicenceService::correctable`.
#[derive(Debug, Clone)]
pub(crate) struct Correctable {
    /// The licence as stored.
    pub licence: Licence,
    /// Its type.
    pub licence_type: LicenceType,
    /// The case whose grant issued it, if any.
    pub case_no: Option<String>,
    /// The issuing department's region (the objection's data scope).
    pub region: RegionCode,
}

/// The most objections one list reads.
const LIST_LIMIT: i64 = 500;

/// The objection use cases.
pub struct ObjectionService {
    store: Arc<dyn ObjectionStore>,
    licences: Arc<LicenceService>,
    subjects: Arc<SubjectService>,
    accounts: Arc<AccountService>,
    clock: Arc<dyn Clock>,
    deadline_days: u32,
    calendar: OnceLock<Result<WorkCalendar, String>>,
}

impl ObjectionService {
    /// A service over `store`, correcting licences through `licences`,
    /// finding holders through `subjects` and checking staff through the
    /// `accounts` gate. The deadline is
    /// [`DEFAULT_DEADLINE_WORKING_DAYS`] working days.
    pub fn new(
        store: Arc<dyn ObjectionStore>,
        licences: Arc<LicenceService>,
        subjects: Arc<SubjectService>,
        accounts: Arc<AccountService>,
        clock: Arc<dyn Clock>,
    ) -> ObjectionService {
        ObjectionService {
            store,
            licences,
            subjects,
            accounts,
            clock,
            deadline_days: DEFAULT_DEADLINE_WORKING_DAYS,
            calendar: OnceLock::new(),
        }
    }

    /// The same service with a verification deadline of `days` working days.
    pub fn with_deadline(mut self, days: u32) -> ObjectionService {
        self.deadline_days = days;
        self
    }

    /// The verification deadline in working days.
    pub fn deadline_days(&self) -> u32 {
        self.deadline_days
    }

    /// The national working-day calendar, read once.
    fn calendar(&self) -> Result<&WorkCalendar, ServiceError> {
        let loaded = self
            .calendar
            .get_or_init(|| WorkCalendar::national().map_err(|e| e.to_string()));
        loaded.as_ref().map_err(|e| {
            tracing::error!(error = %e, "工作日历无法读取");
            ServiceError::Unavailable("工作日历数据无法读取，无法计算核实期限".into())
        })
    }

    /// The current time, to whole seconds (what the store keeps).
    fn now(&self) -> DateTime<Utc> {
        let now = self.clock.now();
        DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now)
    }

    /// One stored objection, or `objection_not_found`.
    async fn row(&self, id: &str) -> Result<ObjectionRow, ServiceError> {
        self.store
            .objection(id)
            .await
            .map_err(ServiceError::store)?
            .ok_or_else(|| not_found(id))
    }
}

/// The Beijing date of `at`: deadlines count Beijing days.
fn local_date(at: DateTime<Utc>) -> NaiveDate {
    match FixedOffset::east_opt(8 * 3600) {
        Some(cst) => at.with_timezone(&cst).date_naive(),
        None => at.date_naive(),
    }
}

fn not_found(id: &str) -> ServiceError {
    ServiceError::refused(
        Refusal::NotFound,
        "objection_not_found",
        format!("未找到异议“{}”", id.chars().take(60).collect::<String>()),
    )
}

/// A domain refusal as a service refusal.
fn refusal(e: ObjectionError) -> ServiceError {
    let kind = match e {
        ObjectionError::AlreadyDecided { .. }
        | ObjectionError::NotAccepted { .. }
        | ObjectionError::LicenceRevoked { .. } => Refusal::Conflict,
        ObjectionError::Deadline { .. } => {
            return ServiceError::Unavailable(e.to_string());
        }
        _ => Refusal::Invalid,
    };
    ServiceError::refused(kind, e.code(), e.to_string())
}

/// The outbox event `event` about `objection` (ids and codes only: no
/// field values, which may be personal).
fn event(event: &str, objection: &Objection) -> NewOutboxEvent {
    NewOutboxEvent {
        event: event.to_string(),
        payload: serde_json::json!({
            "objection": objection.id,
            "licence": objection.licence,
            "field": objection.field,
            "department": objection.department,
            "state": objection.state.code(),
            "due_on": objection.due_on,
            "corrected_version": objection.corrected_version,
        }),
    }
}

/// A fresh objection id.
fn new_id() -> String {
    let bytes: [u8; 12] = rand::random();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("objection-{hex}")
}
