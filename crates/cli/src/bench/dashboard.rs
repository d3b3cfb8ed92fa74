//! `tongban bench dashboard --cases N`: builds the supervision rollups for
//! N synthetic cases and prints the latency (p50, p99) of the main
//! dashboard queries.

use clap::Args;

use crate::failure::Failure;

/// Options of `tongban bench dashboard`.
#[derive(Debug, Clone, Args)]
pub struct DashboardArgs {
    /// Synthetic cases to roll up.
    #[arg(long, default_value_t = 100_000)]
    pub cases: u64,
}

/// Runs the dashboard benchmark and prints its report.
pub async fn run(_args: &DashboardArgs) -> Result<(), Failure> {
    Err(Failure::new("尚未实现", "not implemented yet"))
}
