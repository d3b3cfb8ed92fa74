//! 诉求 (appeals): 办不成事, 企业吹哨, 12345 work orders and 助企纾困 appeals —
//! filed, dispatched (派单), answered by departments (部门报到), instructed
//! by leaders (领导批阅), escalated when late (督办), rated (评哨) and
//! reopened; imported from 12345 exports; shown on the supervisor's board
//! and in the subject's file (一企一档 / 一人一档).
//!
//! Every change goes: gate (`AccountService::authorize` with the appeal's
//! scopes) → the pure `tongban_domain::appeal::apply` → one store
//! transaction holding the new appeal, its history entries (the audit of
//! who did what) and its outbox events (`appeal.filed`,
//! `appeal.dispatched`, `appeal.escalated`, `appeal.reopened`, …). A
//! concurrent change makes the store refuse (the version moved) and the
//! command is recomputed on the fresh appeal, a few times at most.

mod act;
mod board;
mod config;
mod dossier;
mod escalate;
mod file;
mod gate;
mod import;
mod record;
mod types;

use std::sync::{Arc, OnceLock};

use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use tongban_domain::appeal::CategoryRule;
use tongban_domain::clock::WorkCalendar;
use tongban_store::{AppealStore, StoreError, StoredAppeal, SubjectStore};

use crate::accounts::{AccountService, Clock};
use crate::error::{Refusal, ServiceError};

pub use import::{ImportFormat, ImportReport};
/// The outbox events of appeal events, as every appeal use case writes
/// them (also used by `tongban gen`).
pub use record::outbox as outbox_events;
pub use tongban_store::HistoryRecord;
pub use types::{
    AppealView, Board, BoardLine, DepartmentRate, FileRequest, SubjectFile, SubjectInput,
};

/// The actor id recorded for dispatch by category rules.
pub const RULES_ACTOR: &str = "system:dispatch-rules";
/// The actor id recorded for escalations by the background job.
pub const ESCALATION_ACTOR: &str = "system:escalation";

/// The appeal use cases. Cheap to share behind an `Arc`; every method
/// takes `&self`.
pub struct AppealService {
    store: Arc<dyn AppealStore>,
    subjects: Arc<dyn SubjectStore>,
    accounts: Arc<AccountService>,
    clock: Arc<dyn Clock>,
}

impl AppealService {
    /// A service over `store`, finding applicants' subjects in `subjects`,
    /// authorising through `accounts` and reading the time from `clock`.
    pub fn new(
        store: Arc<dyn AppealStore>,
        subjects: Arc<dyn SubjectStore>,
        accounts: Arc<AccountService>,
        clock: Arc<dyn Clock>,
    ) -> AppealService {
        AppealService {
            store,
            subjects,
            accounts,
            clock,
        }
    }

    /// The dispatch rule of `category`, if one is configured.
    async fn rule_for(&self, category: &str) -> Result<Option<CategoryRule>, ServiceError> {
        let rules = self.store.appeal_rules().await.map_err(store_error)?;
        Ok(rules.into_iter().find(|r| r.category == category))
    }

    /// Loads an appeal; a missing one is `appeal_not_found`.
    async fn load(&self, no: &str) -> Result<StoredAppeal, ServiceError> {
        let no = tongban_domain::appeal::AppealNo::parse(no).ok_or_else(not_found)?;
        self.store
            .load_appeal(no.as_str())
            .await
            .map_err(store_error)?
            .ok_or_else(not_found)
    }
}

/// The answer for a missing appeal, or one outside the reader's scope.
pub(crate) fn not_found() -> ServiceError {
    ServiceError::refused(Refusal::NotFound, "appeal_not_found", "未找到该诉求")
}

/// The national work calendar, read once.
fn calendar() -> Result<&'static WorkCalendar, ServiceError> {
    static CALENDAR: OnceLock<Result<WorkCalendar, String>> = OnceLock::new();
    CALENDAR
        .get_or_init(|| WorkCalendar::national().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| {
            tracing::error!(error = %e, "work calendar cannot be read");
            ServiceError::Unavailable("工作日历无法读取，请联系管理员".into())
        })
}

/// `at` in Beijing time (UTC+8), as the domain reads dates.
fn local(at: DateTime<Utc>) -> NaiveDateTime {
    match FixedOffset::east_opt(8 * 3600) {
        Some(cst) => at.with_timezone(&cst).naive_local(),
        None => at.naive_utc(),
    }
}

/// Maps a store error; a moved version is `appeal_busy`.
fn store_error(err: StoreError) -> ServiceError {
    match err {
        StoreError::Conflict(_) => ServiceError::refused(
            Refusal::Conflict,
            "appeal_busy",
            "诉求正被他人同时办理，请刷新后重试",
        ),
        StoreError::CaseNumbers { code, message } => {
            tracing::error!(code, %message, "no appeal number can be given");
            ServiceError::Unavailable(message)
        }
        other => ServiceError::store(other),
    }
}

/// Maps a refusal of the appeal rules (409: the state does not allow it;
/// 422: the input breaks a rule).
fn refused(err: tongban_domain::appeal::AppealError) -> ServiceError {
    use tongban_domain::appeal::AppealError as E;
    let kind = match &err {
        E::IllegalTransition { .. } | E::Closed(_) | E::EscalationOutOfOrder { .. } => {
            Refusal::Conflict
        }
        E::Calendar(_) => {
            tracing::error!(error = %err, "appeal deadline cannot be computed");
            Refusal::Invalid
        }
        _ => Refusal::Invalid,
    };
    ServiceError::refused(kind, err.code(), err.to_string())
}
