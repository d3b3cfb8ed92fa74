//! 异议核实与纠错 — persistence: holders' objections to a licence field,
//! with the outbox events of their filing, decision and lateness.
//!
//! The store enforces what it must itself: one pending (open or accepted)
//! objection per licence field (a partial unique index), optimistic row
//! versions, and an overdue objection reported once however many nodes
//! look (a conditional update, committed with its outbox event).

mod records;
mod sql;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

pub use records::{ObjectionInsert, ObjectionRow};

use crate::{Db, NewOutboxEvent, StoreError};

/// Makes the outbox event of an objection found overdue.
pub type OverdueEvent = fn(&ObjectionRow) -> NewOutboxEvent;

/// Persistence of licence objections.
#[async_trait]
pub trait ObjectionStore: Send + Sync {
    /// Stores a new objection and, when `row.case_no` names the licence's
    /// issuing case, `event` in that case's outbox, in one transaction.
    /// When the same licence field already has a pending objection,
    /// returns it and writes nothing; a taken id is
    /// `StoreError::AlreadyExists`.
    async fn insert_objection(
        &self,
        row: &ObjectionRow,
        event: &NewOutboxEvent,
    ) -> Result<ObjectionInsert, StoreError>;
    /// One objection by id.
    async fn objection(&self, id: &str) -> Result<Option<ObjectionRow>, StoreError>;
    /// The objections to licences the subject holds, newest first.
    async fn objections_of_holder(
        &self,
        subject: &str,
        limit: i64,
    ) -> Result<Vec<ObjectionRow>, StoreError>;
    /// The department's pending (open or accepted) objections, by due
    /// date (earliest first), then filing time.
    async fn pending_objections(
        &self,
        department: &str,
        limit: i64,
    ) -> Result<Vec<ObjectionRow>, StoreError>;
    /// Writes a changed objection if its row is still at
    /// `expected_row_version` (else `StoreError::Conflict`), with `event`
    /// in the issuing case's outbox when there is one.
    async fn update_objection(
        &self,
        row: &ObjectionRow,
        expected_row_version: i64,
        event: Option<&NewOutboxEvent>,
    ) -> Result<(), StoreError>;
    /// Marks pending objections due before `today` and not reported yet as
    /// overdue at `at`, each with the outbox event `event(row)` when it has
    /// an issuing case; returns those this call marked (at most `limit`).
    /// Each objection is marked by exactly one caller, once.
    async fn mark_overdue(
        &self,
        today: NaiveDate,
        at: DateTime<Utc>,
        limit: i64,
        event: OverdueEvent,
    ) -> Result<Vec<ObjectionRow>, StoreError>;
}

#[async_trait]
impl ObjectionStore for Db {
    async fn insert_objection(
        &self,
        row: &ObjectionRow,
        event: &NewOutboxEvent,
    ) -> Result<ObjectionInsert, StoreError> {
        sql::insert(self, row, event).await
    }

    async fn objection(&self, id: &str) -> Result<Option<ObjectionRow>, StoreError> {
        sql::by_id(self, id).await
    }

    async fn objections_of_holder(
        &self,
        subject: &str,
        limit: i64,
    ) -> Result<Vec<ObjectionRow>, StoreError> {
        sql::of_holder(self, subject, limit).await
    }

    async fn pending_objections(
        &self,
        department: &str,
        limit: i64,
    ) -> Result<Vec<ObjectionRow>, StoreError> {
        sql::pending(self, department, limit).await
    }

    async fn update_objection(
        &self,
        row: &ObjectionRow,
        expected_row_version: i64,
        event: Option<&NewOutboxEvent>,
    ) -> Result<(), StoreError> {
        sql::update(self, row, expected_row_version, event).await
    }

    async fn mark_overdue(
        &self,
        today: NaiveDate,
        at: DateTime<Utc>,
        limit: i64,
        event: OverdueEvent,
    ) -> Result<Vec<ObjectionRow>, StoreError> {
        sql::mark_overdue(self, today, at, limit, event).await
    }
}
