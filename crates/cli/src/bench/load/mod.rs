//! `tongban bench <scenario>`: the load scenarios (guidance, submit,
//! accept, decide, status, verification …), in-process or over HTTP.

use clap::Subcommand;

use crate::failure::Failure;

/// The load scenarios.
#[derive(Debug, Clone, Subcommand)]
pub enum LoadCommand {
    /// Guidance evaluation (in-process).
    Guidance,
}

/// Runs one load scenario and prints its report.
pub async fn run(_command: &LoadCommand) -> Result<(), Failure> {
    Err(Failure::new("尚未实现", "not implemented yet"))
}
