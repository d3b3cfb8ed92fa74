//! The rows of the objection store.

use chrono::{DateTime, Utc};
use tongban_domain::licence::objection::Objection;

/// A stored objection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectionRow {
    /// The objection.
    pub objection: Objection,
    /// The case whose grant issued the licence; its outbox carries the
    /// objection's events. `None` for a licence issued otherwise.
    pub case_no: Option<String>,
    /// The row's version: every write bumps it by one.
    pub row_version: i64,
    /// When the overdue job reported it, if it did.
    pub overdue_at: Option<DateTime<Utc>>,
    /// When it was stored.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// What inserting an objection did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ObjectionInsert {
    /// Stored.
    Inserted,
    /// The licence field already has a pending objection: this one;
    /// nothing written.
    Pending(Box<ObjectionRow>),
}
