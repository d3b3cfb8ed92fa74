//! What the review store takes and gives back.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use tongban_domain::case::{Case, CaseNo};
use tongban_domain::ident::{Code, RegionCode};
use tongban_domain::review::{Level, Rating, RectificationTask, Step};

use crate::NewOutboxEvent;

/// A rating to store, with what comes with it in the same transaction.
#[derive(Debug, Clone)]
pub struct NewRating {
    /// The rating.
    pub rating: Rating,
    /// The rectification task a bad rating opens.
    pub task: Option<RectificationTask>,
    /// The hash of the evaluator-device token it spends, if rated on one.
    pub device_token: Option<String>,
    /// Outbox events (written only for a rating of a case).
    pub outbox: Vec<NewOutboxEvent>,
}

/// What storing a rating did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RatingWrite {
    /// Stored, with its task and events.
    Stored,
    /// The case already has a valid rating; nothing was written.
    AlreadyRated,
    /// The rating it would supersede was superseded meanwhile; nothing
    /// was written.
    SupersededMeanwhile,
    /// The device token is unknown, used or expired; nothing was written.
    TokenSpent,
}

/// A stored rectification task with its optimistic version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTask {
    /// The task.
    pub task: RectificationTask,
    /// The version to name when writing it back.
    pub version: i64,
}

/// One entry of the review audit (what staff and jobs did).
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewAudit {
    /// Its id.
    pub id: String,
    /// What it is about: a rating id or a task id.
    pub subject: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Who (an actor id, or `system`).
    pub actor: String,
    /// What, e.g. `rectification.verify`.
    pub action: String,
    /// Details as JSON.
    pub detail: Value,
}

/// An overdue step escalated to the supervisors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalation {
    /// Its id.
    pub id: String,
    /// The task.
    pub task_id: String,
    /// The overdue step.
    pub step: Step,
    /// Its due date.
    pub due: NaiveDate,
    /// The rated case, if any.
    pub case_no: Option<CaseNo>,
    /// The responsible department.
    pub department: Code,
    /// The task's region.
    pub region: RegionCode,
    /// When it was escalated.
    pub escalated_at: DateTime<Utc>,
}

/// What the score query groups and filters by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreQuery {
    /// The column grouped by.
    pub dimension: tongban_domain::review::Dimension,
    /// Ratings at or after this instant …
    pub from: DateTime<Utc>,
    /// … and before this one.
    pub until: DateTime<Utc>,
    /// Only ratings of regions starting with this prefix (a subtree).
    pub region_prefix: String,
    /// Only ratings of this department.
    pub department: Option<Code>,
}

/// One group of the score query: its key and the valid ratings per level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreRow {
    /// The staff id, window, department, item or region.
    pub key: String,
    /// The level.
    pub level: Level,
    /// How many valid ratings.
    pub count: u64,
}

/// A finished case whose applicant has neither rated nor been reminded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnratedCase {
    /// The case.
    pub case: Case,
    /// Its owner (the applicant account).
    pub owner: String,
}

/// An evaluator-device token as stored (hash only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceToken {
    /// SHA-256 of the token, hex.
    pub token_hash: String,
    /// The case it lets the applicant rate.
    pub case_no: CaseNo,
    /// The window the device stands at.
    pub window: Option<Code>,
    /// The clerk who issued it (an actor id).
    pub staff: String,
    /// When it was issued.
    pub issued_at: DateTime<Utc>,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
    /// When it was used.
    pub used_at: Option<DateTime<Utc>>,
}
