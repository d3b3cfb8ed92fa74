//! GB/T 2260 administrative-division codes, and the history of county-level
//! codes that resident ID numbers are checked against.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use super::{IdentError, refuse};

/// A GB/T 2260 region code: 6 digits (province/city/county), 9 (town) or 12
/// (village).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode(pub(super) String);

impl RegionCode {
    /// Parses a region code.
    pub fn parse(s: &str) -> Result<RegionCode, IdentError> {
        let digits = s.bytes().all(|b| b.is_ascii_digit());
        if digits && matches!(s.len(), 6 | 9 | 12) && !s.starts_with("00") {
            Ok(RegionCode(s.to_string()))
        } else {
            Err(refuse(
                "invalid_region_code",
                format!("行政区划代码“{s}”无效：应为6位（省市县）、9位（乡镇）或12位（村）数字"),
            ))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The level implied by the code: `xx0000` province, `xxxx00` city,
    /// other 6-digit county, 9-digit town, 12-digit village.
    pub fn level(&self) -> crate::catalog::Level {
        use crate::catalog::Level;
        match self.0.len() {
            9 => Level::Town,
            12 => Level::Village,
            _ if self.0.ends_with("0000") => Level::Province,
            _ if self.0.ends_with("00") => Level::City,
            _ => Level::County,
        }
    }

    /// True when `self` is `other` or lies inside it (a county inside its
    /// city and province, a town inside its county, ...).
    pub fn is_within(&self, other: &RegionCode) -> bool {
        let prefix = match other.level() {
            crate::catalog::Level::Province => &other.0[..2],
            crate::catalog::Level::City => &other.0[..4],
            _ => other.0.as_str(),
        };
        self.0.starts_with(prefix)
    }
}

/// When a 6-digit code was in force: `Always`, or a list of year windows
/// (inclusive; `None` is open-ended).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum InForce {
    /// In force in every year the table knows.
    Always,
    /// In force in these `(first year, last year)` windows.
    Windows(Vec<(Option<i32>, Option<i32>)>),
}

impl InForce {
    /// True when the code was in force in `year` or in some later year, so a
    /// number assigned on or after a birth in `year` can carry it.
    pub(super) fn on_or_after(&self, year: i32) -> bool {
        match self {
            InForce::Always => true,
            InForce::Windows(w) => w.iter().any(|(_, end)| end.is_none_or(|e| e >= year)),
        }
    }
}

/// The embedded table; see the file's header for its source and format.
const HISTORY: &str = include_str!("gb2260_history.txt");

/// The table, parsed once. Lines that do not parse are left out; a unit test
/// checks that none are.
static COUNTIES: LazyLock<HashMap<&'static str, InForce>> =
    LazyLock::new(|| HISTORY.lines().filter_map(history_line).collect());

/// Parses one line of the history table.
fn history_line(line: &'static str) -> Option<(&'static str, InForce)> {
    if line.starts_with('#') || line.trim().is_empty() {
        return None;
    }
    let mut parts = line.split_whitespace();
    let code = parts.next().filter(|c| c.len() == 6)?;
    let mut windows = Vec::new();
    for w in parts {
        let (start, end) = w.split_once('-')?;
        let year = |y: &str| -> Option<Option<i32>> {
            if y.is_empty() {
                Some(None)
            } else {
                y.parse().ok().map(Some)
            }
        };
        windows.push((year(start)?, year(end)?));
    }
    let in_force = if windows.is_empty() {
        InForce::Always
    } else {
        InForce::Windows(windows)
    };
    Some((code, in_force))
}

/// When the 6-digit county-level `code` was in force, or `None` when GB/T
/// 2260 never assigned it.
pub(super) fn county_in_force(code: &str) -> Option<&'static InForce> {
    COUNTIES.get(code)
}

/// Every county-level code the table knows, for generating test data.
#[cfg(test)]
pub(super) fn known_counties() -> impl Iterator<Item = &'static str> {
    COUNTIES.keys().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_county_history_parses() {
        let data_lines = HISTORY
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        assert!(data_lines > 3000, "the table holds the county-level codes");
        assert_eq!(COUNTIES.len(), data_lines);
    }

    #[test]
    fn a_renamed_county_code_is_in_force_after_its_rename_but_an_abolished_one_is_not() {
        // 110103 崇文区 was merged into 东城区 in 2010.
        let chongwen = county_in_force("110103").unwrap();
        assert!(chongwen.on_or_after(2010));
        assert!(!chongwen.on_or_after(2011));
        assert!(county_in_force("110101").unwrap().on_or_after(2100));
        assert!(county_in_force("119999").is_none());
    }

    #[test]
    fn region_levels_follow_the_code_shape() {
        use crate::catalog::Level;
        let cases = [
            ("350000", Level::Province),
            ("350800", Level::City),
            ("350825", Level::County),
            ("350825100", Level::Town),
            ("350825100201", Level::Village),
        ];
        for (code, level) in cases {
            assert_eq!(RegionCode::parse(code).unwrap().level(), level, "{code}");
        }
        assert!(RegionCode::parse("35082").is_err());
        assert!(RegionCode::parse("35x825").is_err());
    }

    #[test]
    fn a_county_is_within_its_city_and_province_but_not_a_neighbour() {
        let county = RegionCode::parse("350825").unwrap();
        assert!(county.is_within(&RegionCode::parse("350800").unwrap()));
        assert!(county.is_within(&RegionCode::parse("350000").unwrap()));
        assert!(!county.is_within(&RegionCode::parse("350821").unwrap()));
        assert!(!county.is_within(&RegionCode::parse("370000").unwrap()));
    }
}
