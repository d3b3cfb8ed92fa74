//! Supervision metrics over a generated dataset with known answers (on
//! SQLite and PostgreSQL), the realised savings of completed
//! itinerant-chef cases, data scopes and exports.

#[path = "metrics/backend.rs"]
mod backend;
#[path = "metrics/compare.rs"]
mod compare;
#[path = "cases/harness.rs"]
mod harness;
#[path = "metrics/known.rs"]
mod known;
#[path = "metrics/nodes.rs"]
mod nodes;
#[path = "metrics/savings.rs"]
mod savings;
#[path = "metrics/support.rs"]
mod support;
