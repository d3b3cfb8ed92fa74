//! The command line, declared with clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// 通办 (tongban): 政务服务事项目录、一件事与改革成效。
#[derive(Debug, Parser)]
#[command(name = "tongban", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the demo catalog on SQLite: creates the database in DIR and
    /// loads the embedded demo catalog on first run.
    Demo {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Data directory holding tongban.db.
        #[arg(long, default_value = "./tongban-data")]
        data: PathBuf,
    },
    /// Serve for production (SQLite or PostgreSQL). Applies pending
    /// migrations on start and refreshes the search index periodically, so
    /// several nodes can share one database.
    Serve(ServeArgs),
    /// Apply pending database migrations.
    Migrate {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Import catalog files (.yaml/.yml/.xlsx), all or nothing. Exit code 2
    /// when the files are invalid, with every error as file:line: field: reason.
    Import {
        #[command(flatten)]
        db: DbArgs,
        /// Files to import, merged in the order given.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Export the stored catalog.
    Export {
        #[command(flatten)]
        db: DbArgs,
        /// Output format.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// File to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Working-day questions: `calendar add 2025-01-24 5` prints the due
    /// date, `calendar between 2025-01-24 2025-02-10` the working days used.
    Calendar {
        #[command(subcommand)]
        question: CalendarCommand,
    },
    /// Staff accounts: `user add --username U --name N --department D
    /// --region R --role ROLE [--role ROLE..]`; the password comes from
    /// TONGBAN_PASSWORD or standard input.
    User {
        #[command(subcommand)]
        what: UserCommand,
    },
    /// Run the background jobs (deadline-warning scan, outbox dispatch,
    /// webhook delivery) without serving. `--once` runs one round of each
    /// and prints what it did; `--at` fixes the time the jobs see.
    Work(WorkArgs),
    /// Deterministic provincial data for benchmarks and load tests.
    Gen(crate::generate::GenArgs),
    /// Benchmarks.
    Bench {
        #[command(subcommand)]
        what: BenchCommand,
    },
}

/// Where the database is: a URL, or a data directory for SQLite
/// (default ./tongban-data). Pending migrations are applied on open.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// Database URL (sqlite:PATH or postgres://...).
    #[arg(long, conflicts_with = "data")]
    pub database_url: Option<String>,
    /// Data directory holding tongban.db (SQLite).
    #[arg(long)]
    pub data: Option<PathBuf>,
}

/// Options of `tongban work`.
#[derive(Debug, Clone, Args)]
pub struct WorkArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// One round of each job, then exit.
    #[arg(long)]
    pub once: bool,
    /// The time the jobs see (RFC 3339, e.g. 2025-02-10T09:00:00+08:00);
    /// default now.
    #[arg(long)]
    pub at: Option<String>,
    /// Where uploads are kept (default ./tongban-uploads).
    #[arg(long)]
    pub uploads_dir: Option<PathBuf>,
}

/// What to do with accounts.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a staff account.
    Add(UserAddArgs),
}

/// Options of `tongban user add`.
#[derive(Debug, Clone, Args)]
pub struct UserAddArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Login name (lower-case letters, digits, `.`, `_`, `-`).
    #[arg(long)]
    pub username: String,
    /// Name shown on pages.
    #[arg(long)]
    pub name: String,
    /// Department code from the catalog, e.g. 371425-xzsp.
    #[arg(long)]
    pub department: String,
    /// Region code from the catalog, e.g. 371425.
    #[arg(long)]
    pub region: String,
    /// Role code: catalog_admin, window_clerk, examiner, department_leader,
    /// supervisor or proxy_agent. Repeat for several roles.
    #[arg(long = "role", required = true)]
    pub roles: Vec<String>,
}

/// Options of `tongban serve`: flags and environment variables override
/// the config file.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// TOML file with database_url, addr and index_refresh_seconds.
    #[arg(long, env = "TONGBAN_CONFIG")]
    pub config: Option<PathBuf>,
    /// Database URL (sqlite:PATH or postgres://...).
    #[arg(long, env = "TONGBAN_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Address to listen on (default 127.0.0.1:8080).
    #[arg(long, env = "TONGBAN_ADDR")]
    pub addr: Option<String>,
    /// Seconds between checks for catalog imports by other nodes (default 30).
    #[arg(long, env = "TONGBAN_INDEX_REFRESH_SECONDS")]
    pub index_refresh_seconds: Option<u64>,
    /// Per-IP and per-account rate limits on login and submission
    /// (default true; false only for load benchmarks).
    #[arg(long, env = "TONGBAN_RATE_LIMITS")]
    pub rate_limits: Option<bool>,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The documented YAML format.
    Yaml,
    /// An Excel workbook.
    Xlsx,
}

/// What to benchmark.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Generate a synthetic catalog, index it and time queries (p50/p99).
    Search {
        /// Items to generate.
        #[arg(long, default_value_t = 100_000)]
        items: usize,
        /// Queries to time.
        #[arg(long, default_value_t = 2_000)]
        queries: usize,
        /// Random seed, for repeatable runs.
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Build the supervision rollups for N synthetic cases and time the
    /// main dashboard queries (p50/p99).
    Dashboard(crate::bench::dashboard::DashboardArgs),
    /// The load scenarios.
    #[command(flatten)]
    Load(crate::bench::load::LoadCommand),
}

/// Questions about working days (工作日).
#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// The N-th working day after START (the start day is not counted).
    Add {
        /// Start date, YYYY-MM-DD (e.g. the acceptance day).
        start: String,
        /// Working days to add.
        days: u32,
    },
    /// Working days after FROM up to and including TO.
    Between {
        /// First date, YYYY-MM-DD (not counted).
        from: String,
        /// Last date, YYYY-MM-DD (counted).
        to: String,
    },
}
