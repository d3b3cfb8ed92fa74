//! `tongban bench …`: benchmarks that print figures (throughput, p50 and
//! p99 latency). Speed targets live here and in docs/benchmarks.md, never
//! in timed unit tests.

pub mod dashboard;
pub mod load;
mod search;

pub use search::search;
