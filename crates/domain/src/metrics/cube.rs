//! The rollup cube: every counted row kept at two time grains (day,
//! month) and two levels of detail (item: the whole key; region: region ×
//! channel), and the plan that sums a period from whole months and
//! partial-month days (docs/metrics.md, "Scale").

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::counter::Counters;
use super::key::{Contribution, RollupKey};

/// How long a period one cube row covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Grain {
    /// One local day.
    Day,
    /// One calendar month (the row's day is the 1st).
    Month,
}

impl Grain {
    /// Stable code, as stored.
    pub fn code(self) -> &'static str {
        match self {
            Grain::Day => "day",
            Grain::Month => "month",
        }
    }
}

/// Which key columns a cube row keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Detail {
    /// Every column: region × department × item × bundle × channel.
    Item,
    /// Region × channel only (department, item and bundle are empty).
    Region,
}

impl Detail {
    /// Stable code, as stored.
    pub fn code(self) -> &'static str {
        match self {
            Detail::Item => "item",
            Detail::Region => "region",
        }
    }
}

/// One row of the cube: a detail level, a grain and a key whose `day` is
/// the period's first day.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cell {
    pub detail: Detail,
    pub grain: Grain,
    pub key: RollupKey,
}

impl Cell {
    /// The four rows a count on `key` goes to: its day and its month, at
    /// item and at region level.
    pub fn of(key: &RollupKey) -> [Cell; 4] {
        let month = first_of_month(key.day);
        let region = RollupKey {
            day: key.day,
            region: key.region.clone(),
            department: String::new(),
            item: String::new(),
            bundle: String::new(),
            channel: key.channel.clone(),
        };
        let at = |detail, grain, k: &RollupKey, day| Cell {
            detail,
            grain,
            key: RollupKey { day, ..k.clone() },
        };
        [
            at(Detail::Item, Grain::Day, key, key.day),
            at(Detail::Item, Grain::Month, key, month),
            at(Detail::Region, Grain::Day, &region, key.day),
            at(Detail::Region, Grain::Month, &region, month),
        ]
    }
}

/// Counters summed per cube row: what a batch of contributions adds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cube {
    /// Non-zero counters by row, in row order (the order writes lock in).
    pub rows: BTreeMap<Cell, Counters>,
}

impl Cube {
    /// Adds every row of `c` to its four cube rows.
    pub fn add(&mut self, c: &Contribution) {
        for (key, counters) in &c.rows {
            for cell in Cell::of(key) {
                *self.rows.entry(cell).or_default() += counters;
            }
        }
    }

    /// Takes out the rows that [`Cell::of`] puts before `day`
    /// at day grain (rows no later count can reach once every count is
    /// on `day` or after); month rows stay.
    pub fn drain_days_before(&mut self, day: NaiveDate) -> Vec<(Cell, Counters)> {
        let done: Vec<Cell> = self
            .rows
            .keys()
            .filter(|c| c.grain == Grain::Day && c.key.day < day)
            .cloned()
            .collect();
        done.into_iter()
            .filter_map(|c| self.rows.remove_entry(&c))
            .collect()
    }
}

/// A run of periods of one grain whose first days lie in `from ..= to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub grain: Grain,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The cube rows that sum exactly the days `from ..= to`: month rows for
/// the whole months inside, day rows for the days before the first and
/// after the last whole month (or only day rows when no whole month fits).
pub fn spans(from: NaiveDate, to: NaiveDate) -> Vec<Span> {
    let day = |from, to| Span {
        grain: Grain::Day,
        from,
        to,
    };
    if from > to {
        return Vec::new();
    }
    let first = if from.day() == 1 {
        Some(from)
    } else {
        next_month(from)
    };
    let after = to.checked_add_days(Days::new(1));
    let end = after.map(first_of_month);
    match (first, end) {
        (Some(first), Some(end)) if first < end => {
            let mut out = Vec::new();
            if from < first {
                out.push(day(from, first.pred_opt().unwrap_or(first)));
            }
            let last_month = first_of_month(end.pred_opt().unwrap_or(end));
            out.push(Span {
                grain: Grain::Month,
                from: first,
                to: last_month,
            });
            if end <= to {
                out.push(day(end, to));
            }
            out
        }
        _ => vec![day(from, to)],
    }
}

/// The first day of `day`'s month.
pub fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

fn next_month(day: NaiveDate) -> Option<NaiveDate> {
    let (y, m) = if day.month() == 12 {
        (day.year() + 1, 1)
    } else {
        (day.year(), day.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap()
    }

    fn covered(spans: &[Span]) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        for s in spans {
            let mut at = s.from;
            while at <= s.to {
                match s.grain {
                    Grain::Day => {
                        out.push(at);
                        at = at.succ_opt().unwrap();
                    }
                    Grain::Month => {
                        let next = next_month(at).unwrap();
                        let mut x = at;
                        while x < next {
                            out.push(x);
                            x = x.succ_opt().unwrap();
                        }
                        at = next;
                    }
                }
            }
        }
        out
    }

    #[test]
    fn a_period_is_whole_months_with_partial_edges_of_days() {
        let s = spans(d(1, 15), d(4, 10));
        assert_eq!(s.len(), 3);
        assert_eq!(
            (s[0].grain, s[0].from, s[0].to),
            (Grain::Day, d(1, 15), d(1, 31))
        );
        assert_eq!(
            (s[1].grain, s[1].from, s[1].to),
            (Grain::Month, d(2, 1), d(3, 1))
        );
        assert_eq!(
            (s[2].grain, s[2].from, s[2].to),
            (Grain::Day, d(4, 1), d(4, 10))
        );
        let whole_year = spans(d(1, 1), d(12, 31));
        assert_eq!(whole_year.len(), 1);
        assert_eq!(whole_year[0].grain, Grain::Month);
        assert_eq!(spans(d(3, 3), d(3, 20))[0].grain, Grain::Day);
    }

    #[test]
    fn every_day_of_any_period_is_covered_exactly_once() {
        for (a, b) in [
            ((1, 1), (1, 31)),
            ((1, 2), (12, 30)),
            ((2, 28), (3, 1)),
            ((6, 1), (6, 1)),
        ] {
            let (from, to) = (d(a.0, a.1), d(b.0, b.1));
            let days = covered(&spans(from, to));
            let expected: Vec<NaiveDate> = from.iter_days().take_while(|x| *x <= to).collect();
            assert_eq!(days, expected, "{from}..{to}");
        }
    }

    #[test]
    fn a_count_goes_to_its_day_and_month_at_both_levels() {
        let key = RollupKey {
            day: d(3, 14),
            region: "371425".into(),
            department: "dep".into(),
            item: "item".into(),
            bundle: String::new(),
            channel: "online".into(),
        };
        let cells = Cell::of(&key);
        assert_eq!(cells[1].key.day, d(3, 1));
        assert_eq!(cells[3].key.item, "");
        assert_eq!(cells[3].key.region, "371425");
        let mut c = Contribution::default();
        c.add(&key, super::super::Counter::ItemsSubmitted, 2);
        let mut cube = Cube::default();
        cube.add(&c);
        assert_eq!(cube.rows.len(), 4);
        assert_eq!(cube.drain_days_before(d(3, 15)).len(), 2);
        assert_eq!(cube.rows.len(), 2);
    }
}
