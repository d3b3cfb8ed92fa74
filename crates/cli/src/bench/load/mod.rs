//! `tongban bench <scenario>`: the load scenarios (catalog search, guidance,
//! submit of a 3- and a 12-item bundle, clerk accept, decide, status
//! lookup, licence verification), in-process through `Platform` or over
//! HTTP against the real router driven by wrk, the store's raw limits
//! (a SQLite insert loop, pgbench on PostgreSQL), and a mixed load against
//! a separate `tongban serve` process with its memory sampled (`mixed`).
//!
//! Every scenario prints its throughput and its p50/p99 latency. Setup
//! data (accounts, sessions, cases to accept or decide, licences to
//! verify) is created before the clock starts.

mod catalog;
mod drive;
mod http;
mod mixed;
mod prepare;
mod raw;
mod report;
mod scenario;
mod setup;

use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};

use crate::failure::Failure;

pub use report::Report;

/// The load scenarios.
#[derive(Debug, Clone, Subcommand)]
pub enum LoadCommand {
    /// Catalog search (items by words and pinyin initials) on the bench
    /// catalog: `CatalogService::search_items` or `GET /api/v1/items?q=`.
    CatalogSearch(LoadArgs),
    /// Guidance evaluation of the itinerant-chef bundle (CEL rules):
    /// `ApplicationService::guidance` or `POST /api/v1/guidance/{bundle}`.
    Guidance(LoadArgs),
    /// Online submission of a bundle application by signed-in applicants,
    /// each with its own Idempotency-Key: `CaseService::submit` or
    /// `POST /api/v1/cases`.
    Submit(SubmitArgs),
    /// 受理: a window clerk accepts submitted 3-item cases.
    Accept(LoadArgs),
    /// 决定: the department's leader grants the food-licence member of
    /// accepted cases under review; each grant signs and stores a licence.
    Decide(LoadArgs),
    /// The anonymous status lookup by case number and the phone's last
    /// four digits.
    Status(LoadArgs),
    /// Public licence verification (signature and status) by number.
    Verify(LoadArgs),
    /// A mixed HTTP load (search, status, guidance, verification, submit,
    /// supervisor and clerk reads, by weight) against a separate
    /// `tongban serve` process, sampling its memory (RSS).
    Mixed(MixedArgs),
    /// The store's raw limit on SQLite: one single-row INSERT per
    /// transaction through one writer, with the store's pragmas.
    SqliteInserts(RawArgs),
    /// The store's raw limit on PostgreSQL: pgbench's built-in
    /// simple-update, a one-INSERT-per-transaction script, and a script
    /// writing one 3-item submission's rows per transaction.
    Pgbench(PgbenchArgs),
}

/// How a scenario is driven.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Mode {
    /// Calls the services through `Platform` in this process.
    InProcess,
    /// Serves the real router on a local port and drives it with wrk.
    Http,
}

/// Options every load scenario takes.
#[derive(Debug, Clone, Args)]
pub struct LoadArgs {
    /// In-process service calls, or HTTP through wrk.
    #[arg(long, value_enum, default_value = "in-process")]
    pub mode: Mode,
    /// Database URL (sqlite:PATH or postgres://…); default a temporary
    /// SQLite file removed afterwards.
    #[arg(long)]
    pub database_url: Option<String>,
    /// Requests to time in-process (and cases or licences prepared for the
    /// scenarios that use one up per request).
    #[arg(long, default_value_t = 2_000)]
    pub requests: u64,
    /// Seconds to run instead of a request count (in-process), and the
    /// length of a wrk run over HTTP.
    #[arg(long)]
    pub duration: Option<u64>,
    /// Requests in flight at once (tasks in-process, connections in wrk).
    #[arg(long, default_value_t = 16)]
    pub concurrency: u64,
}

impl LoadArgs {
    /// The wrk run length: `--duration`, default 10 s.
    fn http_duration(&self) -> Duration {
        Duration::from_secs(self.duration.unwrap_or(10).max(1))
    }
}

/// Options of `tongban bench submit`.
#[derive(Debug, Clone, Args)]
pub struct SubmitArgs {
    #[command(flatten)]
    pub load: LoadArgs,
    /// Members of the bundle applied for: 3 (the demo's itinerant-chef
    /// bundle) or 12 (a generated bench bundle).
    #[arg(long, default_value_t = 3, value_parser = members_parser())]
    pub members: u8,
}

/// Accepts `--members 3` or `--members 12` only.
fn members_parser() -> impl clap::builder::TypedValueParser<Value = u8> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(["3", "12"]).map(|s| if s == "12" { 12 } else { 3 })
}

/// Options of `tongban bench mixed`.
#[derive(Debug, Clone, Args)]
pub struct MixedArgs {
    /// Database URL (sqlite:PATH or postgres://…), such as the 1M-case
    /// dataset made by `tongban gen`; default a temporary SQLite file
    /// removed afterwards.
    #[arg(long)]
    pub database_url: Option<String>,
    /// Seconds of load.
    #[arg(long, default_value_t = 300)]
    pub duration: u64,
    /// Connections wrk keeps open (requests in flight at once).
    #[arg(long, default_value_t = 32)]
    pub concurrency: u64,
    /// Milliseconds between samples of the server's memory.
    #[arg(long, default_value_t = 1_000)]
    pub sample_ms: u64,
}

/// Options of `tongban bench sqlite-inserts`.
#[derive(Debug, Clone, Args)]
pub struct RawArgs {
    /// SQLite file URL; default a temporary file.
    #[arg(long)]
    pub database_url: Option<String>,
    /// Transactions (one INSERT each).
    #[arg(long, default_value_t = 20_000)]
    pub requests: u64,
    /// Tasks queueing on the one writer connection, as the store's do.
    #[arg(long, default_value_t = 16)]
    pub concurrency: u64,
}

/// Options of `tongban bench pgbench`.
#[derive(Debug, Clone, Args)]
pub struct PgbenchArgs {
    /// PostgreSQL URL of a throw-away database (pgbench creates its tables
    /// there).
    #[arg(long)]
    pub database_url: String,
    /// Seconds per pgbench run.
    #[arg(long, default_value_t = 10)]
    pub duration: u64,
    /// Client connections (pgbench -c).
    #[arg(long, default_value_t = 16)]
    pub concurrency: u64,
}

/// Runs one load scenario and prints its report.
pub async fn run(command: &LoadCommand) -> Result<(), Failure> {
    let report = match command {
        LoadCommand::SqliteInserts(args) => raw::sqlite_inserts(args).await?,
        LoadCommand::Pgbench(args) => {
            for report in raw::pgbench(args).await? {
                println!("{report}");
            }
            return Ok(());
        }
        LoadCommand::Submit(args) => {
            scenario::run(scenario::Kind::Submit(args.members), &args.load).await?
        }
        LoadCommand::Mixed(args) => mixed::run(args).await?,
        LoadCommand::CatalogSearch(args) => scenario::run(scenario::Kind::Search, args).await?,
        LoadCommand::Guidance(args) => scenario::run(scenario::Kind::Guidance, args).await?,
        LoadCommand::Accept(args) => scenario::run(scenario::Kind::Accept, args).await?,
        LoadCommand::Decide(args) => scenario::run(scenario::Kind::Decide, args).await?,
        LoadCommand::Status(args) => scenario::run(scenario::Kind::Status, args).await?,
        LoadCommand::Verify(args) => scenario::run(scenario::Kind::Verify, args).await?,
    };
    println!("{report}");
    report.check()
}
