//! The metrics store's records: a case as the rollup job sees it, a
//! round's outcome, a slice to sum and its summed rows, queue figures.

use chrono::{DateTime, NaiveDate, Utc};
use tongban_domain::case::Case;
use tongban_domain::ident::RegionCode;
use tongban_domain::metrics::{Contribution, Counters, RatingFact};

/// A warning raised for a case, as the warnings table holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollupWarning {
    /// The member item code, or `None` for the whole case.
    pub member: Option<String>,
    /// Red rather than yellow.
    pub red: bool,
    /// When it was raised.
    pub raised_at: DateTime<Utc>,
}

/// Everything the rollup job reads about one case, inside the
/// transaction that updates its counters.
#[derive(Debug, Clone)]
pub struct RollupCase {
    /// The case as stored now.
    pub case: Case,
    /// Its warnings.
    pub warnings: Vec<RollupWarning>,
    /// The submission record frozen into its draft, if it has one.
    pub submission: Option<serde_json::Value>,
    /// Its valid (not superseded) rating, if rated.
    pub rating: Option<RatingFact>,
}

/// Computes a case's contribution; an `Err` (a Chinese reason) leaves
/// the case counted nowhere, and the round reports it.
pub type Contributor = dyn Fn(&RollupCase) -> Result<Contribution, String> + Send + Sync;

/// What one rollup round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RollupRound {
    /// Outbox events counted (marked rolled up).
    pub events: usize,
    /// Distinct cases recounted.
    pub cases: usize,
    /// Distinct appeals recounted.
    pub appeals: usize,
    /// Cases whose contribution could not be computed, with the reason.
    pub failed: Vec<(String, String)>,
}

/// How summed rows are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    /// One row: the whole slice.
    Total,
    /// By intake channel code.
    Channel,
    /// By item code ('' for bundle cases' own rows).
    Item,
    /// By department code.
    Department,
    /// By handling region code.
    Region,
    /// By bundle code ('' for single items).
    Bundle,
    /// By day (YYYY-MM-DD).
    Day,
}

impl Group {
    /// The rollup column grouped by, if any.
    pub fn column(self) -> Option<&'static str> {
        match self {
            Group::Total => None,
            Group::Channel => Some("channel"),
            Group::Item => Some("item"),
            Group::Department => Some("department"),
            Group::Region => Some("region"),
            Group::Bundle => Some("bundle"),
            Group::Day => Some("day"),
        }
    }
}

/// The rollup rows to sum: days `from ..= to`, optionally within a
/// region subtree and of one department, item, bundle or channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SliceFilter {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub region_within: Option<RegionCode>,
    pub department: Option<String>,
    pub item: Option<String>,
    pub bundle: Option<String>,
    pub channel: Option<String>,
}

/// Summed counters of one group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollupRow {
    /// The group's value ('' for [`Group::Total`]).
    pub group: String,
    pub counters: Counters,
}

/// The outbox's backlog, for monitoring.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueStats {
    /// Events not yet dispatched (notifications, webhooks).
    pub pending_dispatch: i64,
    /// When the oldest of them was written.
    pub oldest_dispatch: Option<DateTime<Utc>>,
    /// Events not yet counted by the rollup job.
    pub pending_rollup: i64,
    /// When the oldest of them was written.
    pub oldest_rollup: Option<DateTime<Utc>>,
}
