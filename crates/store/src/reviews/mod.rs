//! 好差评: ratings of cases, visits and online services, the bad-rating
//! rectification workflow and scores — persistence.
//!
//! What the store itself guarantees: a case has at most one valid rating
//! (a partial unique index, so several nodes cannot both rate it); a
//! re-rating supersedes the earlier one in the same transaction, and only
//! once; a rating, its task, its outbox events and the device token it
//! spends are written together; tasks carry optimistic versions; an
//! overdue step is escalated once (unique per task and step); a case gets
//! one same-day reminder. Scores are counted with `GROUP BY` in SQL.

mod audit;
mod ratings;
mod records;
mod reminders;
mod rows;
mod scores;
mod tasks;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use tongban_domain::case::CaseNo;
use tongban_domain::ident::Code;
use tongban_domain::review::{Rating, RectificationTask};

pub use records::{
    DeviceToken, Escalation, NewRating, RatingWrite, ReviewAudit, ScoreQuery, ScoreRow, StoredTask,
    UnratedCase,
};

use crate::{Db, NewOutboxEvent, StoreError};

/// Persistence of reviews.
#[async_trait]
pub trait ReviewStore: Send + Sync {
    /// Stores a rating with its task, outbox events (for a case) and the
    /// device token it spends; when it supersedes an earlier rating, marks
    /// that one superseded in the same transaction. Refusals write nothing.
    async fn insert_rating(
        &self,
        new: &NewRating,
        audit: Option<&ReviewAudit>,
    ) -> Result<RatingWrite, StoreError>;
    /// One rating by id.
    async fn rating(&self, id: &str) -> Result<Option<Rating>, StoreError>;
    /// Every rating of a case, valid or superseded, oldest first.
    async fn ratings_of_case(&self, case_no: &CaseNo) -> Result<Vec<Rating>, StoreError>;
    /// The ratings an applicant account gave, newest first.
    async fn ratings_by_rater(&self, rater: &str, limit: i64) -> Result<Vec<Rating>, StoreError>;
    /// One task by id.
    async fn task(&self, id: &str) -> Result<Option<StoredTask>, StoreError>;
    /// The task a rating opened.
    async fn task_of_review(&self, review_id: &str) -> Result<Option<StoredTask>, StoreError>;
    /// Writes a changed task if it is still at `expected_version`, with
    /// its audit entry and outbox events; false (nothing written) when it
    /// moved meanwhile.
    async fn update_task(
        &self,
        task: &RectificationTask,
        expected_version: i64,
        audit: &ReviewAudit,
        outbox: &[NewOutboxEvent],
    ) -> Result<bool, StoreError>;
    /// Tasks of regions starting with `region_prefix` (and of
    /// `department`, when given), open ones only unless `with_closed`,
    /// oldest first.
    async fn tasks(
        &self,
        region_prefix: &str,
        department: Option<&Code>,
        with_closed: bool,
        limit: i64,
    ) -> Result<Vec<StoredTask>, StoreError>;
    /// Open tasks whose current step was due before `today` and has not
    /// been escalated yet, oldest due first.
    async fn overdue_tasks(
        &self,
        today: NaiveDate,
        limit: i64,
    ) -> Result<Vec<StoredTask>, StoreError>;
    /// Records an escalation unless its (task, step) was escalated
    /// already; only a new one gets its audit entry and outbox events.
    /// True when it was new.
    async fn escalate(
        &self,
        escalation: &Escalation,
        audit: &ReviewAudit,
        outbox: &[NewOutboxEvent],
    ) -> Result<bool, StoreError>;
    /// Escalations of regions starting with `region_prefix`, newest first.
    async fn escalations(
        &self,
        region_prefix: &str,
        limit: i64,
    ) -> Result<Vec<Escalation>, StoreError>;
    /// Valid ratings per group and level over the query's period.
    async fn score_rows(&self, query: &ScoreQuery) -> Result<Vec<ScoreRow>, StoreError>;
    /// Finished cases changed at or after `since` that have an owner, no
    /// rating and no reminder yet, oldest change first.
    async fn unrated_cases(
        &self,
        since: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<UnratedCase>, StoreError>;
    /// Records the same-day reminder of a case with its outbox event,
    /// unless it was reminded already; true when it was new.
    async fn record_reminder(
        &self,
        case_no: &CaseNo,
        recipient: &str,
        at: DateTime<Utc>,
        outbox: &[NewOutboxEvent],
    ) -> Result<bool, StoreError>;
    /// Stores an evaluator-device token with its audit entry.
    async fn insert_device_token(
        &self,
        token: &DeviceToken,
        audit: &ReviewAudit,
    ) -> Result<(), StoreError>;
    /// A device token by hash, used or not.
    async fn device_token(&self, token_hash: &str) -> Result<Option<DeviceToken>, StoreError>;
    /// The audit entries about a rating or task, oldest first.
    async fn review_audit(&self, subject: &str) -> Result<Vec<ReviewAudit>, StoreError>;
}

#[async_trait]
impl ReviewStore for Db {
    async fn insert_rating(
        &self,
        new: &NewRating,
        audit: Option<&ReviewAudit>,
    ) -> Result<RatingWrite, StoreError> {
        ratings::insert(self, new, audit).await
    }
    async fn rating(&self, id: &str) -> Result<Option<Rating>, StoreError> {
        ratings::one(self, id).await
    }
    async fn ratings_of_case(&self, case_no: &CaseNo) -> Result<Vec<Rating>, StoreError> {
        ratings::of_case(self, case_no).await
    }
    async fn ratings_by_rater(&self, rater: &str, limit: i64) -> Result<Vec<Rating>, StoreError> {
        ratings::by_rater(self, rater, limit).await
    }
    async fn task(&self, id: &str) -> Result<Option<StoredTask>, StoreError> {
        tasks::one(self, "id", id).await
    }
    async fn task_of_review(&self, review_id: &str) -> Result<Option<StoredTask>, StoreError> {
        tasks::one(self, "review_id", review_id).await
    }
    async fn update_task(
        &self,
        task: &RectificationTask,
        expected_version: i64,
        audit: &ReviewAudit,
        outbox: &[NewOutboxEvent],
    ) -> Result<bool, StoreError> {
        tasks::update(self, task, expected_version, audit, outbox).await
    }
    async fn tasks(
        &self,
        region_prefix: &str,
        department: Option<&Code>,
        with_closed: bool,
        limit: i64,
    ) -> Result<Vec<StoredTask>, StoreError> {
        tasks::list(self, region_prefix, department, with_closed, limit).await
    }
    async fn overdue_tasks(
        &self,
        today: NaiveDate,
        limit: i64,
    ) -> Result<Vec<StoredTask>, StoreError> {
        tasks::overdue(self, today, limit).await
    }
    async fn escalate(
        &self,
        escalation: &Escalation,
        audit: &ReviewAudit,
        outbox: &[NewOutboxEvent],
    ) -> Result<bool, StoreError> {
        tasks::escalate(self, escalation, audit, outbox).await
    }
    async fn escalations(
        &self,
        region_prefix: &str,
        limit: i64,
    ) -> Result<Vec<Escalation>, StoreError> {
        tasks::escalations(self, region_prefix, limit).await
    }
    async fn score_rows(&self, query: &ScoreQuery) -> Result<Vec<ScoreRow>, StoreError> {
        scores::rows(self, query).await
    }
    async fn unrated_cases(
        &self,
        since: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<UnratedCase>, StoreError> {
        reminders::unrated(self, since, limit).await
    }
    async fn record_reminder(
        &self,
        case_no: &CaseNo,
        recipient: &str,
        at: DateTime<Utc>,
        outbox: &[NewOutboxEvent],
    ) -> Result<bool, StoreError> {
        reminders::record(self, case_no, recipient, at, outbox).await
    }
    async fn insert_device_token(
        &self,
        token: &DeviceToken,
        audit: &ReviewAudit,
    ) -> Result<(), StoreError> {
        reminders::insert_token(self, token, audit).await
    }
    async fn device_token(&self, token_hash: &str) -> Result<Option<DeviceToken>, StoreError> {
        reminders::token(self, token_hash).await
    }
    async fn review_audit(&self, subject: &str) -> Result<Vec<ReviewAudit>, StoreError> {
        audit::of(self, subject).await
    }
}
