//! `tongban gen`: deterministic provincial data (regions, departments,
//! items, bundles, subjects, cases in every state, reviews, appeals),
//! streamed into SQLite or PostgreSQL.

use clap::Args;

use crate::failure::Failure;

/// Options of `tongban gen`.
#[derive(Debug, Clone, Args)]
pub struct GenArgs {
    /// Random seed: the same seed gives the same data.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}

/// Generates the data set.
pub async fn run(_args: &GenArgs) -> Result<(), Failure> {
    Err(Failure::new("尚未实现", "not implemented yet"))
}
