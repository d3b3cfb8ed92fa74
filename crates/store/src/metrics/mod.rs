//! The metrics store: [`MetricsStore`] for [`Db`] — the rollup cube
//! (counters per day and per month × region × department × item × bundle
//! × channel, and per region × channel), kept by a job that recounts the
//! cases and appeals of new outbox events, and read only by summing cube
//! rows.

mod cube;
mod query;
pub mod records;
mod recount;
mod rollup;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tongban_domain::case::CaseNo;
use tongban_domain::metrics::{Cell, Counter, Counters};

use crate::{Db, StoreError};
use records::{Contributor, Group, QueueStats, RollupRound, RollupRow, SliceFilter};

/// Persistence of the supervision rollups.
#[async_trait]
pub trait MetricsStore: Send + Sync {
    /// One rollup round: recounts (with `contributor`) the cases, and the
    /// appeals, of up to `limit` outbox events not yet rolled up, adds the
    /// differences to the cube and marks the events, in one transaction.
    /// Concurrent rounds take disjoint events; nothing is counted twice.
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
    /// Recounts up to `limit` appeals after `after` (by appeal number), in
    /// one transaction; returns how many and the last one.
    async fn recount_appeals(
        &self,
        after: Option<&str>,
        limit: i64,
        now: DateTime<Utc>,
    ) -> Result<(usize, Option<String>), StoreError>;
    /// Deletes every cube row and every stored contribution.
    async fn reset_rollups(&self) -> Result<(), StoreError>;
    /// Adds summed counters to cube rows in bulk (multi-row statements,
    /// one transaction): for loading precomputed rollups (the benchmark).
    async fn bulk_add(&self, rows: &[(Cell, Counters)]) -> Result<(), StoreError>;
    /// The slice's counters summed per group (one row for
    /// [`Group::Total`], even when empty).
    async fn sum_rollups(
        &self,
        filter: &SliceFilter,
        group: Group,
    ) -> Result<Vec<RollupRow>, StoreError>;
    /// The `limit` groups of the slice with the largest sum of `by`, each
    /// with every counter summed, largest first.
    async fn top_rollups(
        &self,
        filter: &SliceFilter,
        group: Group,
        by: Counter,
        limit: i64,
    ) -> Result<Vec<RollupRow>, StoreError>;
    /// The cube's version: it changes in every transaction that changes
    /// the cube, on any node, so sums read after reading version `v` hold
    /// at least what version `v` held.
    async fn rollup_version(&self) -> Result<i64, StoreError>;
    /// Refreshes the planner's statistics of the cube (and on PostgreSQL
    /// its visibility map), as autovacuum would, after a bulk load.
    async fn settle_rollups(&self) -> Result<(), StoreError>;
    /// Cube rows per detail level and grain: `(level, grain, rows)`.
    async fn cube_counts(&self) -> Result<Vec<(String, String, i64)>, StoreError>;
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

    async fn recount_appeals(
        &self,
        after: Option<&str>,
        limit: i64,
        now: DateTime<Utc>,
    ) -> Result<(usize, Option<String>), StoreError> {
        rollup::recount_appeals(self, after, limit, now).await
    }

    async fn reset_rollups(&self) -> Result<(), StoreError> {
        rollup::reset(self).await
    }

    async fn bulk_add(&self, rows: &[(Cell, Counters)]) -> Result<(), StoreError> {
        cube::bulk_add(self, rows).await
    }

    async fn sum_rollups(
        &self,
        filter: &SliceFilter,
        group: Group,
    ) -> Result<Vec<RollupRow>, StoreError> {
        query::sum(self, filter, group, None).await
    }

    async fn top_rollups(
        &self,
        filter: &SliceFilter,
        group: Group,
        by: Counter,
        limit: i64,
    ) -> Result<Vec<RollupRow>, StoreError> {
        let keys = query::top(self, filter, group, by, limit).await?;
        let mut rows = query::sum(self, filter, group, Some(&keys)).await?;
        rows.sort_by_key(|r| keys.iter().position(|k| *k == r.group));
        Ok(rows)
    }

    async fn rollup_version(&self) -> Result<i64, StoreError> {
        cube::version(self).await
    }

    async fn settle_rollups(&self) -> Result<(), StoreError> {
        cube::settle(self).await
    }

    async fn cube_counts(&self) -> Result<Vec<(String, String, i64)>, StoreError> {
        query::cube_counts(self).await
    }

    async fn queue_stats(&self) -> Result<QueueStats, StoreError> {
        query::queue(self).await
    }
}
