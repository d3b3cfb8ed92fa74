//! Case-number sequences on PostgreSQL, handed out in blocks per node.
//!
//! A case number holds a daily sequence per region (`case_sequences`). On
//! SQLite the one writer takes the next value inside the case's own
//! transaction: the write lock is global anyway, and the sequence stays
//! gapless. On PostgreSQL that row lock would be held from the sequence
//! statement to the commit's WAL flush, so every submission of one region
//! and day would queue behind the previous one's flush (106 submissions/s
//! against pgbench's 2,518 inserts/s on the bench machine).
//!
//! So each node reserves [`BLOCK`] numbers at a time in a short
//! transaction of its own, on a one-connection pool used for nothing else
//! (a case transaction waiting for a refill can never starve the pool it
//! holds a connection of), and hands them out from memory, smallest first.
//! A number whose case transaction failed before its commit goes back to
//! the node's free numbers. What this gives up: a node that stops loses
//! the rest of its blocks, so a region's daily sequence may skip numbers,
//! and the numbers of several nodes interleave out of time order. Numbers
//! stay unique (the reservation is atomic, and `cases.case_no` is the
//! primary key).

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

use chrono::NaiveDate;
use sqlx::AnyPool;

use crate::StoreError;
use crate::accounts::rows::day_text;

/// Numbers a node reserves at once per region and day.
pub const BLOCK: u32 = 16;

/// Reserves `$3` more numbers of a region's day; answers the last one.
const RESERVE: &str = "INSERT INTO case_sequences (region, day, last_value) \
     VALUES ($1, $2, $3) ON CONFLICT (region, day) \
     DO UPDATE SET last_value = case_sequences.last_value + $3 RETURNING last_value";

/// Days of free numbers kept: older days are dropped when a new one starts.
const DAYS_KEPT: i64 = 2;

/// Free sequences by region (six digits) and day.
type Free = HashMap<(String, NaiveDate), BTreeSet<u32>>;

/// A node's reserved, unused case sequences.
pub struct SequenceBlocks {
    pool: AnyPool,
    free: Mutex<Free>,
}

impl SequenceBlocks {
    /// Blocks reserved through `pool` (one connection, used only here).
    pub fn new(pool: AnyPool) -> SequenceBlocks {
        SequenceBlocks {
            pool,
            free: Mutex::new(HashMap::new()),
        }
    }

    /// The next free sequence of `region` (six digits) on `day`,
    /// reserving a new block when this node has none left.
    pub async fn take(&self, region: &str, day: NaiveDate) -> Result<u32, StoreError> {
        let key = (region.to_string(), day);
        loop {
            if let Some(n) = self.pop(&key)? {
                return Ok(n);
            }
            let last: i64 = sqlx::query_scalar(RESERVE)
                .bind(region.to_string())
                .bind(day_text(day))
                .bind(i64::from(BLOCK))
                .fetch_one(&self.pool)
                .await?;
            // Out of range numbers are refused by `CaseNo::new`.
            let last = u32::try_from(last).unwrap_or(u32::MAX);
            let first = last.saturating_sub(BLOCK - 1).max(1);
            self.lock()?
                .entry(key.clone())
                .or_default()
                .extend(first..=last);
        }
    }

    /// Closes the reservation connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Returns `n`, taken for a case whose transaction failed before its
    /// commit, to the free numbers.
    pub fn give_back(&self, region: &str, day: NaiveDate, n: u32) {
        if let Ok(mut free) = self.free.lock() {
            free.entry((region.to_string(), day)).or_default().insert(n);
        }
    }

    /// The smallest free number of `key`; drops days long past.
    fn pop(&self, key: &(String, NaiveDate)) -> Result<Option<u32>, StoreError> {
        let mut free = self.lock()?;
        if !free.contains_key(key) {
            free.retain(|(_, d), _| (key.1 - *d).num_days() < DAYS_KEPT);
        }
        Ok(free.get_mut(key).and_then(BTreeSet::pop_first))
    }

    /// The free numbers; a poisoned lock is a bug reported as unavailable.
    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Free>, StoreError> {
        self.free
            .lock()
            .map_err(|_| StoreError::Corrupt("流水号分配状态损坏".into()))
    }
}
