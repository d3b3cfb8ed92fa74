//! Supervision metrics over a generated dataset with known answers, the
//! realised savings of completed itinerant-chef cases, data scopes and
//! exports (SQLite).

#[path = "cases/harness.rs"]
mod harness;
#[path = "metrics/known.rs"]
mod known;
#[path = "metrics/savings.rs"]
mod savings;
#[path = "metrics/support.rs"]
mod support;
