//! Summed rows a node keeps between two changes of the cube.
//!
//! A table of a province sums hundreds of thousands of cube rows (about
//! 0.5 s on SQLite for the item table of 1M cases), and the cube changes
//! only when a rollup round, a recount, a bulk load or a reset commits —
//! each raises the store's cube version (`MetricsStore::rollup_version`).
//! Sums read after reading version `v` are kept under `v` and served while
//! `v` is still the current version; any node's round makes every node sum
//! again. What is kept is bounded by rows, not entries, so one province's
//! item table cannot push out everything else without limit, and a table
//! larger than the bound is never kept.

use std::sync::{Arc, Mutex};

use tongban_domain::metrics::Counter;
use tongban_store::{Group, RollupRow, SliceFilter};

/// Summed rows kept at most, over all tables (about 650 bytes a row: some
/// 25 MB).
const MAX_ROWS: usize = 40_000;

/// Which sums: a slice, its grouping, and for a ranking its measure and
/// length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Key {
    pub filter: SliceFilter,
    pub group: Group,
    pub top: Option<(Counter, i64)>,
}

struct Entry {
    key: Key,
    version: i64,
    rows: Arc<Vec<RollupRow>>,
}

/// The kept sums, newest last.
#[derive(Default)]
pub(super) struct Memo {
    entries: Mutex<Vec<Entry>>,
}

impl Memo {
    /// The sums of `key` kept under `version`, if any.
    pub fn get(&self, key: &Key, version: i64) -> Option<Arc<Vec<RollupRow>>> {
        let entries = self.entries.lock().ok()?;
        entries
            .iter()
            .find(|e| e.version == version && e.key == *key)
            .map(|e| Arc::clone(&e.rows))
    }

    /// Keeps `rows`, read after reading `version`, unless sums of a newer
    /// version are kept already (this caller read its version before them,
    /// then waited its turn). Sums of older versions are dropped; then the
    /// oldest entries go until the bound holds.
    pub fn put(&self, key: Key, version: i64, rows: Arc<Vec<RollupRow>>) {
        if rows.len() > MAX_ROWS {
            return;
        }
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.iter().any(|e| e.version > version) {
            return;
        }
        entries.retain(|e| e.version == version && e.key != key);
        let mut kept: usize = entries.iter().map(|e| e.rows.len()).sum();
        while kept + rows.len() > MAX_ROWS && !entries.is_empty() {
            kept -= entries.remove(0).rows.len();
        }
        entries.push(Entry { key, version, rows });
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use tongban_domain::metrics::Counters;

    use super::*;

    fn key(item: &str) -> Key {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        Key {
            filter: SliceFilter {
                from: day,
                to: day,
                region_within: None,
                department: None,
                item: Some(item.into()),
                bundle: None,
                channel: None,
            },
            group: Group::Channel,
            top: None,
        }
    }

    fn rows(n: usize) -> Arc<Vec<RollupRow>> {
        Arc::new(
            (0..n)
                .map(|i| RollupRow {
                    group: i.to_string(),
                    counters: Counters::default(),
                })
                .collect(),
        )
    }

    #[test]
    fn sums_are_served_only_under_the_version_they_were_read_at() {
        let memo = Memo::default();
        memo.put(key("a"), 7, rows(3));
        assert_eq!(memo.get(&key("a"), 7).map(|r| r.len()), Some(3));
        assert!(memo.get(&key("a"), 8).is_none(), "the cube changed");
        assert!(memo.get(&key("b"), 7).is_none(), "another slice");
        // Keeping sums of a newer version drops the stale ones.
        memo.put(key("b"), 8, rows(1));
        assert!(memo.get(&key("a"), 7).is_none());
        assert!(memo.get(&key("b"), 8).is_some());
        // A late caller that read an older version does not push them out.
        memo.put(key("a"), 7, rows(2));
        assert!(memo.get(&key("a"), 7).is_none());
        assert!(memo.get(&key("b"), 8).is_some());
    }

    #[test]
    fn the_row_bound_drops_the_oldest_tables_and_never_keeps_a_larger_one() {
        let memo = Memo::default();
        memo.put(key("a"), 1, rows(MAX_ROWS / 2));
        memo.put(key("b"), 1, rows(MAX_ROWS / 2));
        memo.put(key("c"), 1, rows(10));
        assert!(memo.get(&key("a"), 1).is_none(), "the oldest went");
        assert!(memo.get(&key("b"), 1).is_some());
        assert!(memo.get(&key("c"), 1).is_some());
        memo.put(key("d"), 1, rows(MAX_ROWS + 1));
        assert!(memo.get(&key("d"), 1).is_none());
        assert!(memo.get(&key("c"), 1).is_some(), "kept tables stay");
    }
}
