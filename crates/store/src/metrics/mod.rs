//! The metrics store: [`MetricsStore`] for [`Db`] — rollups per day ×
//! region × department × item × bundle × channel, kept by a job that
//! recounts the cases of new outbox events, and read only by summing
//! rollup rows.

mod query;
pub mod records;
mod rollup;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tongban_domain::case::CaseNo;

use crate::{Db, StoreError};
use records::{Contributor, Group, QueueStats, RollupRound, RollupRow, SliceFilter};

/// Persistence of the supervision rollups.
#[async_trait]
pub trait MetricsStore: Send + Sync {
    /// One rollup round: recounts (with `contributor`) the cases of up to
    /// `limit` outbox events not yet rolled up, adds the differences to
    /// the rollups and marks the events, in one transaction. Concurrent
    /// rounds take disjoint events; a case is never counted twice.
    async fn roll_up(
        &self,
        now: DateTime<Utc>,
        limit: i64,
        contributor: &Contributor,
    ) -> Result<RollupRound, StoreError>;
    /// Recounts up to `limit` cases after `after` (by case number), in
    /// one transaction; returns the round and the last case recounted.
    async fn recount_cases(
        &self,
        after: Option<&CaseNo>,
        limit: i64,
        now: DateTime<Utc>,
        contributor: &Contributor,
    ) -> Result<(RollupRound, Option<CaseNo>), StoreError>;
    /// Deletes every rollup row and every stored contribution.
    async fn reset_rollups(&self) -> Result<(), StoreError>;
    /// The slice's counters summed per group (one row for
    /// [`Group::Total`], even when empty).
    async fn sum_rollups(
        &self,
        filter: &SliceFilter,
        group: Group,
    ) -> Result<Vec<RollupRow>, StoreError>;
    /// The outbox backlog of the dispatcher and of the rollup job.
    async fn queue_stats(&self) -> Result<QueueStats, StoreError>;
}

#[async_trait]
impl MetricsStore for Db {
    async fn roll_up(
        &self,
        now: DateTime<Utc>,
        limit: i64,
        contributor: &Contributor,
    ) -> Result<RollupRound, StoreError> {
        rollup::round(self, now, limit, contributor).await
    }

    async fn recount_cases(
        &self,
        after: Option<&CaseNo>,
        limit: i64,
        now: DateTime<Utc>,
        contributor: &Contributor,
    ) -> Result<(RollupRound, Option<CaseNo>), StoreError> {
        rollup::recount_page(self, after, limit, now, contributor).await
    }

    async fn reset_rollups(&self) -> Result<(), StoreError> {
        rollup::reset(self).await
    }

    async fn sum_rollups(
        &self,
        filter: &SliceFilter,
        group: Group,
    ) -> Result<Vec<RollupRow>, StoreError> {
        query::sum(self, filter, group).await
    }

    async fn queue_stats(&self) -> Result<QueueStats, StoreError> {
        query::queue(self).await
    }
}
