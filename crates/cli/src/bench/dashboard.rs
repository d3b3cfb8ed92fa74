//! `tongban bench dashboard --cases N`: builds the supervision rollups for
//! N synthetic cases and prints the latency (p50, p99, max) of the main
//! dashboard queries, asked through `MetricsService` as the API asks.
//!
//! The cases are never stored: each is counted in-process with the rollup
//! job's own domain code, the summed cube rows are bulk-written
//! (multi-row upserts), and the queries then read only the cube.

mod synth;
mod timing;

use std::sync::Arc;
use std::time::Instant;

use chrono::{Days, NaiveDate};
use clap::Args;
use tongban_domain::metrics::{Cell, Counters, Cube};
use tongban_service::{AccountService, CatalogService, LogSms, MetricsService, SystemClock};
use tongban_store::{Db, MetricsStore};

use crate::failure::Failure;
use synth::{Rng, World};

/// Options of `tongban bench dashboard`.
#[derive(Debug, Clone, Args)]
pub struct DashboardArgs {
    /// Synthetic cases to roll up.
    #[arg(long, default_value_t = 100_000)]
    pub cases: u64,
    /// A throw-away database (its rollups must be empty); default a
    /// temporary SQLite file.
    #[arg(long)]
    pub database_url: Option<String>,
    /// Seed of the synthetic data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Times each query is asked.
    #[arg(long, default_value_t = 100)]
    pub queries: u32,
    /// Only time the queries, on rollups an earlier run with the same
    /// --cases built in --database-url (the total is still checked).
    #[arg(long, requires = "database_url")]
    pub reuse: bool,
}

/// Cube rows per bulk write.
const FLUSH: usize = 20_000;

/// Runs the dashboard benchmark and prints its report.
pub async fn run(args: &DashboardArgs) -> Result<(), Failure> {
    if args.cases == 0 || args.queries == 0 {
        return Err(Failure::new(
            "--cases 与 --queries 应为正整数",
            "--cases and --queries must be positive",
        ));
    }
    let temp = tempfile::tempdir()
        .map_err(|e| Failure::new(format!("无法创建临时目录：{e}"), "cannot create a temp dir"))?;
    let url = match &args.database_url {
        Some(url) => url.clone(),
        None => format!("sqlite:{}", temp.path().join("bench.db").display()),
    };
    let db = Arc::new(crate::db::open(&url).await?);
    let failed = |e: tongban_store::StoreError| Failure::store(&url, &e);
    let built = !db.cube_counts().await.map_err(failed)?.is_empty();
    if built && !args.reuse {
        return Err(Failure::new(
            "该数据库已有统计汇总；基准测试需要一个空的临时数据库",
            "the database already holds rollups; use an empty throw-away database",
        ));
    }
    println!(
        "dashboard benchmark: {} cases, seed {}, {} ({} counties, {} departments, {} items, 365 days)",
        args.cases,
        args.seed,
        crate::failure::redact(&url),
        synth::COUNTIES,
        synth::DEPARTMENTS,
        synth::ITEMS
    );
    if args.reuse && built {
        println!("build: reused the rollups already in the database");
    } else {
        let started = Instant::now();
        build(&db, args).await.map_err(|e| match e {
            Built::Store(e) => failed(e),
            Built::Other(f) => f,
        })?;
        println!("build: {:.1} s", started.elapsed().as_secs_f64());
    }
    let started = Instant::now();
    db.settle_rollups().await.map_err(failed)?;
    println!(
        "settle (ANALYZE; VACUUM on PostgreSQL): {:.1} s",
        started.elapsed().as_secs_f64()
    );
    for (level, grain, rows) in db.cube_counts().await.map_err(failed)? {
        println!("rows: level {level:<6} grain {grain:<5} {rows}");
    }
    let catalog = Arc::new(CatalogService::new(db.clone()));
    let clock = Arc::new(SystemClock);
    let accounts = Arc::new(AccountService::new(
        db.clone(),
        Arc::new(LogSms),
        clock.clone(),
    ));
    let metrics = MetricsService::new(db.clone(), catalog, accounts, clock);
    timing::report(&metrics, args).await
}

/// Why the build stopped.
enum Built {
    Store(tongban_store::StoreError),
    Other(Failure),
}

/// The first day of the synthetic year.
pub(crate) fn year_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default()
}

/// Counts every synthetic case day by day, writing the day rows no later
/// case can reach as it goes, and the month rows at the end.
async fn build(db: &Db, args: &DashboardArgs) -> Result<(), Built> {
    let world = World::new().map_err(Built::Other)?;
    let mut rng = Rng(args.seed);
    let mut cube = Cube::default();
    let mut pending: Vec<(Cell, Counters)> = Vec::new();
    let per_day = args.cases / 365;
    let extra = args.cases % 365;
    for d in 0..365u64 {
        let day = year_start()
            .checked_add_days(Days::new(d))
            .unwrap_or_default();
        let n = per_day + u64::from(d < extra);
        for _ in 0..n {
            let c = world.case(&mut rng, day).map_err(Built::Other)?;
            cube.add(&c);
        }
        let next = day.succ_opt().unwrap_or(day);
        pending.extend(cube.drain_days_before(next));
        if pending.len() >= FLUSH {
            db.bulk_add(&pending).await.map_err(Built::Store)?;
            pending.clear();
        }
    }
    pending.extend(cube.rows);
    for chunk in pending.chunks(FLUSH) {
        db.bulk_add(chunk).await.map_err(Built::Store)?;
    }
    Ok(())
}
