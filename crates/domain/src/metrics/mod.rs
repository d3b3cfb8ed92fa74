//! Supervision metrics (效能监察与改革成效): the one definition of every
//! figure the dashboards show, as pure functions.
//!
//! A case's [`contribution`] says which counters it adds to which rollup
//! rows (day × region × department × item × bundle × channel); the
//! rollup job stores the counters, a dashboard sums the rows of a slice,
//! and [`Figures::of`] turns the sums into rates, averages, the p90 from
//! the bounded histogram ([`BUCKETS`]) and realised savings. Formulas are
//! listed in docs/metrics.md.

mod counter;
mod cube;
mod facts;
mod feedback;
mod figures;
mod key;
mod savings;
mod trips;

pub use counter::{BUCKETS, COUNTERS, Counter, Counters, bucket_of};
pub use cube::{Cell, Cube, Detail, Grain, Span, first_of_month, spans};
pub use facts::{CaseFacts, CatalogFacts, SubmissionFacts, WarningFact, contribution};
pub use feedback::{RatingFact, add_rating, appeal_contribution};
pub use figures::{Availability, Figures, Percentile, Rate, percentile};
pub use key::{Contribution, RollupKey};
pub use savings::{Savings, case_savings, selection_of};
pub use trips::trips;
