//! 诉求 (appeals) persistence: [`AppealStore`] for [`Db`] — appeals with
//! optimistic versions and daily numbers, their append-only history, the
//! departments they are dispatched to, escalations raised once per
//! (appeal, round, level), dispatch rules per category, saved import
//! mappings, and the appeal events queued in the same transaction.
//!
//! A work order imported twice is stored once: `external_key`
//! (`source:number`) is unique, and a batch skips the ones already there.

mod read;
mod records;
mod write;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use tongban_domain::appeal::{CategoryRule, ImportMapping};

pub use records::{
    AppealFilter, AppealInsert, AppealUpdate, EscalationRecord, HistoryRecord, NewAppeal,
    NewAppealEvent, NewHistory, StoredAppeal,
};

use crate::accounts::rows;
use crate::{Db, StoreError};

/// Persistence of appeals.
#[async_trait]
pub trait AppealStore: Send + Sync {
    /// Stores new appeals in one transaction, each under the next number
    /// of its filing day, with their history and events. A work order
    /// already stored (same `source:number`) is skipped and reported as
    /// `AppealInsert::Duplicate`; the answer lists one result per input,
    /// in order. Concurrent imports of one file store each order once.
    async fn create_appeals(&self, new: Vec<NewAppeal>) -> Result<Vec<AppealInsert>, StoreError>;
    /// One appeal by number.
    async fn load_appeal(&self, no: &str) -> Result<Option<StoredAppeal>, StoreError>;
    /// Writes a changed appeal with its history and events if its version
    /// is still `expected_version` (else `StoreError::Conflict`, nothing
    /// written).
    async fn update_appeal(&self, update: &AppealUpdate) -> Result<(), StoreError>;
    /// Raises escalation `level` of `round` once: when it was raised
    /// before, false and nothing written; else the escalation row and the
    /// update in one transaction (a moved version is `Conflict`, nothing
    /// written).
    async fn record_escalation(
        &self,
        update: &AppealUpdate,
        round: u32,
        level: u32,
        due: NaiveDate,
    ) -> Result<bool, StoreError>;
    /// The appeals `filter` selects, newest first.
    async fn list_appeals(&self, filter: &AppealFilter) -> Result<Vec<StoredAppeal>, StoreError>;
    /// An appeal's history, oldest first (never rewritten).
    async fn appeal_history(&self, no: &str) -> Result<Vec<HistoryRecord>, StoreError>;
    /// An appeal's raised escalations.
    async fn appeal_escalations(&self, no: &str) -> Result<Vec<EscalationRecord>, StoreError>;
    /// Stores a category's dispatch rule, replacing an earlier one.
    async fn put_appeal_rule(
        &self,
        rule: &CategoryRule,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Every dispatch rule, by category.
    async fn appeal_rules(&self) -> Result<Vec<CategoryRule>, StoreError>;
    /// Saves an import mapping under its name, replacing an earlier one.
    async fn put_import_mapping(
        &self,
        mapping: &ImportMapping,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// One import mapping by name.
    async fn import_mapping(&self, name: &str) -> Result<Option<ImportMapping>, StoreError>;
    /// Every import mapping, by name.
    async fn import_mappings(&self) -> Result<Vec<ImportMapping>, StoreError>;
}

#[async_trait]
impl AppealStore for Db {
    async fn create_appeals(&self, new: Vec<NewAppeal>) -> Result<Vec<AppealInsert>, StoreError> {
        write::create(self, new).await
    }

    async fn load_appeal(&self, no: &str) -> Result<Option<StoredAppeal>, StoreError> {
        read::load(self.reader(), no).await
    }

    async fn update_appeal(&self, update: &AppealUpdate) -> Result<(), StoreError> {
        write::update(self, update).await
    }

    async fn record_escalation(
        &self,
        update: &AppealUpdate,
        round: u32,
        level: u32,
        due: NaiveDate,
    ) -> Result<bool, StoreError> {
        write::escalate(self, update, round, level, due).await
    }

    async fn list_appeals(&self, filter: &AppealFilter) -> Result<Vec<StoredAppeal>, StoreError> {
        read::list(self.reader(), filter).await
    }

    async fn appeal_history(&self, no: &str) -> Result<Vec<HistoryRecord>, StoreError> {
        read::history(self.reader(), no).await
    }

    async fn appeal_escalations(&self, no: &str) -> Result<Vec<EscalationRecord>, StoreError> {
        read::escalations(self.reader(), no).await
    }

    async fn put_appeal_rule(
        &self,
        rule: &CategoryRule,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let body = rows::to_json(rule)?;
        write::put_named(
            self,
            "appeal_rules",
            "category",
            &rule.category,
            body,
            by,
            at,
        )
        .await
    }

    async fn appeal_rules(&self) -> Result<Vec<CategoryRule>, StoreError> {
        read::named(self.reader(), "appeal_rules", "category", None).await
    }

    async fn put_import_mapping(
        &self,
        mapping: &ImportMapping,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let body = rows::to_json(mapping)?;
        write::put_named(
            self,
            "appeal_import_mappings",
            "name",
            &mapping.name,
            body,
            by,
            at,
        )
        .await
    }

    async fn import_mapping(&self, name: &str) -> Result<Option<ImportMapping>, StoreError> {
        let found =
            read::named(self.reader(), "appeal_import_mappings", "name", Some(name)).await?;
        Ok(found.into_iter().next())
    }

    async fn import_mappings(&self) -> Result<Vec<ImportMapping>, StoreError> {
        read::named(self.reader(), "appeal_import_mappings", "name", None).await
    }
}
