//! The rows the appeal store reads and writes.

use chrono::{DateTime, NaiveDate, Utc};
use tongban_domain::appeal::{Appeal, AppealNo};

/// An appeal as stored: the domain record, its contact phone (kept out of
/// the body so it is never serialised into pages by accident), its
/// optimistic version and when it was written.
#[derive(Clone, PartialEq)]
pub struct StoredAppeal {
    /// The appeal.
    pub appeal: Appeal,
    /// The contact phone, if any (mask it before showing).
    pub phone: Option<String>,
    /// Bumped by every write.
    pub version: i64,
    /// When it was stored first.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl std::fmt::Debug for StoredAppeal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredAppeal")
            .field("no", &self.appeal.no)
            .field("state", &self.appeal.state)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

/// One history entry to append (who did what, from which state to which).
#[derive(Debug, Clone, PartialEq)]
pub struct NewHistory {
    /// When.
    pub at: DateTime<Utc>,
    /// The actor id (or `system:…`).
    pub actor: String,
    /// The event code (`appeal.dispatched`, …).
    pub action: String,
    /// The state before, if any.
    pub from_state: Option<String>,
    /// The state after, if any.
    pub to_state: Option<String>,
    /// Details (JSON).
    pub detail: serde_json::Value,
}

/// One event about an appeal for the shared outbox (topic `appeal`,
/// aggregate id the appeal number); the store adds `appeal_no` to the
/// payload.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAppealEvent {
    /// The event code.
    pub event: String,
    /// The payload (JSON object).
    pub payload: serde_json::Value,
}

/// A new appeal to store. Its number is given by the store (the daily
/// sequence of `appeal.filed_at`'s date), replacing `appeal.no`.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAppeal {
    /// The appeal (state, deadlines, dispatch as filed).
    pub appeal: Appeal,
    /// The contact phone.
    pub phone: Option<String>,
    /// Its first history entries.
    pub history: Vec<NewHistory>,
    /// Its first events.
    pub events: Vec<NewAppealEvent>,
    /// When it is stored.
    pub at: DateTime<Utc>,
}

/// What became of one [`NewAppeal`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppealInsert {
    /// Stored under this number.
    Inserted(AppealNo),
    /// Its work order (`source:number`) was stored before; nothing written.
    Duplicate(String),
}

/// A changed appeal to write if its version is still `expected_version`.
#[derive(Debug, Clone, PartialEq)]
pub struct AppealUpdate {
    /// The changed appeal.
    pub appeal: Appeal,
    /// The version it was read at.
    pub expected_version: i64,
    /// History entries to append.
    pub history: Vec<NewHistory>,
    /// Events to queue.
    pub events: Vec<NewAppealEvent>,
    /// When.
    pub at: DateTime<Utc>,
}

/// One stored history entry.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRecord {
    /// 1, 2, … per appeal.
    pub seq: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: String,
    /// The event code.
    pub action: String,
    /// The state before.
    pub from_state: Option<String>,
    /// The state after.
    pub to_state: Option<String>,
    /// Details.
    pub detail: serde_json::Value,
}

/// One raised escalation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationRecord {
    /// The round (the appeal's reopened count when raised).
    pub round: u32,
    /// The level.
    pub level: u32,
    /// The missed due date.
    pub due: NaiveDate,
    /// When raised.
    pub raised_at: DateTime<Utc>,
}

/// Which appeals a listing returns (every filter is optional; all given
/// must hold).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppealFilter {
    /// Owned by this applicant account.
    pub owner: Option<String>,
    /// Dispatched to this department.
    pub department: Option<String>,
    /// Of this subject profile, or with one of these identifiers (`kind:value`).
    pub subject: Option<(Option<String>, Vec<String>)>,
    /// In one of these states (any when empty).
    pub states: Vec<String>,
    /// At most this many, newest first.
    pub limit: i64,
}
