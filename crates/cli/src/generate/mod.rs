//! `tongban gen`: deterministic provincial data (regions, departments,
//! items, bundles, subjects, cases in every state, reviews, appeals),
//! streamed into SQLite or PostgreSQL.
//!
//! The catalog goes through the normal import (`CatalogService::import`,
//! validated as a whole). Subjects and cases are made on a generator
//! thread, batch by batch, and written by the async side through
//! `BulkStore` (multi-row inserts, one transaction per batch); a channel
//! of two batches keeps memory bounded whatever the sizes. Appeals go
//! through `AppealStore::create_appeals`, which numbers them.
//!
//! The history is written as already processed (outbox rows dispatched
//! and rolled up), and the metrics cube is rebuilt from it at the end
//! (`MetricsService::rebuild`): a node started on the data set sends no
//! notifications about it and shows complete dashboards at once.

mod catalog;
mod cube;
mod extras;
mod people;
mod pipeline;
mod province;
mod rng;
mod steps;
mod walk;

use std::sync::Arc;
use std::time::Instant;

use clap::Args;
use tongban_catalog_io::{Parsed, SourceMap};
use tongban_service::CatalogService;
use tongban_store::BulkStore;

use crate::args::DbArgs;
use crate::db;
use crate::failure::Failure;
use cube::Rebuilt;
use pipeline::Totals;

/// Options of `tongban gen`.
#[derive(Debug, Clone, Args)]
pub struct GenArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Random seed: the same seed and sizes give the same data.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// County-level regions of 福建省 to include (with their cities and
    /// the province); at most 84.
    #[arg(long, default_value_t = 84)]
    pub regions: usize,
    /// Service items (事项).
    #[arg(long, default_value_t = 10_000)]
    pub items: usize,
    /// Bundles (一件事); default one per hundred items.
    #[arg(long)]
    pub bundles: Option<usize>,
    /// Subjects (persons and enterprises, one in five an enterprise).
    #[arg(long, default_value_t = 1_000_000)]
    pub subjects: u64,
    /// Cases (办件), across every state.
    #[arg(long, default_value_t = 1_000_000)]
    pub cases: u64,
    /// Rows per transaction.
    #[arg(long, default_value_t = 2_000)]
    pub batch: usize,
}

/// Generates the data set into the database `args.db` names.
pub async fn run(args: &GenArgs) -> Result<(), Failure> {
    if args.regions == 0 || args.items == 0 || args.batch == 0 {
        return Err(Failure::new(
            "--regions、--items 和 --batch 须大于 0",
            "--regions, --items and --batch must be positive",
        ));
    }
    let url = db::url_of(&args.db)?;
    let db = db::open(&url).await?;
    let before = db
        .row_counts()
        .await
        .map_err(|e| Failure::store(&url, &e))?;
    if before.cases > 0 || before.subjects > 0 || before.appeals > 0 {
        return Err(Failure::new(
            format!(
                "数据库“{}”中已有办件、主体档案或诉求：生成数据需要一个空库",
                crate::failure::redact(&url)
            ),
            "the database already holds cases, subjects or appeals; use an empty one",
        ));
    }
    let started = Instant::now();
    let bundles = args.bundles.unwrap_or(args.items / 100);
    let catalog = catalog::catalog(args.regions, args.items, bundles, args.seed)
        .map_err(|e| Failure::new(format!("生成目录失败：{e}"), "catalog generation failed"))?;
    let service = Arc::new(CatalogService::new(Arc::new(db.clone())));
    let summary = service
        .import(Parsed {
            catalog: catalog.clone(),
            sources: SourceMap::default(),
        })
        .await?;
    println!(
        "目录 catalog: {} 个区划 regions, {} 个部门 departments, {} 个事项 items, {} 个一件事 bundles（{:.1} s）",
        summary.regions,
        summary.departments,
        summary.items,
        summary.bundles,
        started.elapsed().as_secs_f64()
    );
    let totals = pipeline::generate(&db, catalog, args).await?;
    let rebuilt = cube::rebuild(&db, service, totals.cases).await?;
    finish(&totals, &rebuilt, started);
    Ok(())
}

/// Prints what was written.
fn finish(t: &Totals, m: &Rebuilt, started: Instant) {
    let seconds = started.elapsed().as_secs_f64().max(1e-9);
    println!("完成 done in {seconds:.1} s");
    println!("  主体 subjects      {:>12}", t.subjects);
    println!("  办件 cases         {:>12}", t.cases);
    println!("  审计 audit records {:>12}", t.audit);
    println!("  事件 outbox rows   {:>12}", t.outbox);
    println!("  评价 reviews       {:>12}", t.reviews);
    println!("  诉求 appeals       {:>12}", t.appeals);
    println!(
        "  速度 cases/s       {:>12.0}  (all rows/s {:.0})",
        t.cases as f64 / t.case_seconds.max(1e-9),
        t.rows() as f64 / seconds
    );
    println!("  统计 metrics cases {:>12}", m.cases);
    println!(
        "  统计 cases/s       {:>12.0}  (rebuild {:.1} s)",
        m.cases as f64 / m.seconds.max(1e-9),
        m.seconds
    );
}
