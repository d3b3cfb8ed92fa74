//! The key of a rollup row (day × region × department × item × bundle ×
//! channel) and a case's contribution: the counters it adds to each row.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::counter::{Counter, Counters};

/// Which rollup row a count goes to. `item` is empty on a bundle case's
/// own row (the case-level counters); `bundle` is empty for a single-item
/// case. `department` is the item's department (the lead department on a
/// bundle case's own row).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RollupKey {
    /// The local (Beijing) day the counted thing happened.
    pub day: NaiveDate,
    /// The handling region code.
    pub region: String,
    /// The department code.
    pub department: String,
    /// The item code, or empty.
    pub item: String,
    /// The bundle code, or empty.
    pub bundle: String,
    /// The intake channel code (`window`, `online`, `proxy`, `remote`).
    pub channel: String,
}

/// What one case adds to the rollups: counters per row. The rollup job
/// stores it with the case, so a later change of the case adds only the
/// difference ([`Contribution::minus`]) and nothing is counted twice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contribution {
    /// Non-zero counters by row.
    pub rows: BTreeMap<RollupKey, Counters>,
}

impl Contribution {
    /// Adds `n` to `counter` of the row `key` (nothing when `n` is 0).
    pub fn add(&mut self, key: &RollupKey, counter: Counter, n: i64) {
        if n == 0 {
            return;
        }
        self.rows.entry(key.clone()).or_default().add(counter, n);
    }

    /// `self − earlier`, row by row; rows whose difference is zero are
    /// left out.
    pub fn minus(&self, earlier: &Contribution) -> Contribution {
        let mut rows: BTreeMap<RollupKey, Counters> = self.rows.clone();
        for (key, old) in &earlier.rows {
            *rows.entry(key.clone()).or_default() -= old;
        }
        rows.retain(|_, c| !c.is_zero());
        Contribution { rows }
    }

    /// The sum of every row (used by tests and the generator's checks).
    pub fn total(&self) -> Counters {
        let mut sum = Counters::default();
        for c in self.rows.values() {
            sum += c;
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(day: u32) -> RollupKey {
        RollupKey {
            day: NaiveDate::from_ymd_opt(2025, 3, day).unwrap(),
            region: "350825".into(),
            department: "d".into(),
            item: "i".into(),
            bundle: String::new(),
            channel: "online".into(),
        }
    }

    #[test]
    fn the_difference_of_two_contributions_keeps_only_what_changed() {
        let mut before = Contribution::default();
        before.add(&key(3), Counter::ItemsSubmitted, 1);
        let mut after = before.clone();
        after.add(&key(5), Counter::ItemsDecided, 1);
        let delta = after.minus(&before);
        assert_eq!(delta.rows.len(), 1);
        assert_eq!(delta.rows[&key(5)].get(Counter::ItemsDecided), 1);
        assert!(after.minus(&after).rows.is_empty());
        let undo = Contribution::default().minus(&before);
        assert_eq!(undo.rows[&key(3)].get(Counter::ItemsSubmitted), -1);
    }
}
