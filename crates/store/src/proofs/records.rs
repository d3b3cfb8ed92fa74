//! The rows of the proof store.

use chrono::{DateTime, Utc};
use tongban_domain::proof::ProofRequest;

/// A stored proof request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofRequestRow {
    /// The request.
    pub request: ProofRequest,
    /// The row's version: 1 when stored, +1 at every write.
    pub row_version: i64,
    /// When the overdue job reported it late, if it did.
    pub overdue_reported_at: Option<DateTime<Utc>>,
}

/// An event to write with a change of a request.
#[derive(Debug, Clone, PartialEq)]
pub struct NewProofEvent {
    /// Stable event code (`proof.requested`, `proof.issued`, …).
    pub event: String,
    /// The event's body (JSON); no personal numbers.
    pub payload: serde_json::Value,
}

/// A stored event of a proof request.
#[derive(Debug, Clone, PartialEq)]
pub struct ProofEvent {
    /// Its id, increasing.
    pub id: i64,
    /// The request.
    pub request_id: String,
    /// The issuing department, whose officers are told.
    pub issuer: String,
    /// The event code.
    pub event: String,
    /// The body.
    pub payload: serde_json::Value,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// When it was delivered, if it was.
    pub dispatched_at: Option<DateTime<Utc>>,
}
