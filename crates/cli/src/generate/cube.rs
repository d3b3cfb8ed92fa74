//! The last step of `tongban gen`: the supervision metrics cube, filled
//! by the one way the platform counts — `MetricsService::rebuild`, which
//! recounts every case and appeal, a page of 200 per transaction (memory
//! stays bounded whatever the size). The generated outbox rows are written
//! as rolled up, so a node started on the data set has nothing to catch up
//! on and shows complete dashboards at once.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tongban_service::{AccountService, CatalogService, LogSms, MetricsService, SystemClock};
use tongban_store::{BulkStore, Db, MetricsStore};

use super::pipeline::Progress;
use crate::failure::Failure;

/// How often the rebuild's progress is read (a `COUNT(*)` of the
/// contributions stored so far).
const WATCH_EVERY: Duration = Duration::from_secs(5);

/// What the rebuild counted, and how long it took.
#[derive(Debug, Clone, Copy, Default)]
pub struct Rebuilt {
    /// Cases recounted.
    pub cases: u64,
    /// Seconds the rebuild took (cases and appeals).
    pub seconds: f64,
}

/// Rebuilds the metrics cube from every case and appeal in `db`
/// (`expected` cases, for the progress lines), then refreshes the
/// planner's statistics of the cube.
pub async fn rebuild(
    db: &Db,
    catalog: Arc<CatalogService>,
    expected: u64,
) -> Result<Rebuilt, Failure> {
    let store = Arc::new(db.clone());
    let clock = Arc::new(SystemClock);
    let accounts = Arc::new(AccountService::new(
        store.clone(),
        Arc::new(LogSms),
        clock.clone(),
    ));
    let metrics = MetricsService::new(store, catalog, accounts, clock);
    let started = Instant::now();
    let progress = Progress::new("统计 metrics", expected);
    let watcher = tokio::spawn(watch(db.clone(), expected));
    let rebuilt = metrics.rebuild(chrono::Utc::now()).await;
    watcher.abort();
    let cases = rebuilt? as u64;
    let seconds = started.elapsed().as_secs_f64();
    progress.done(cases);
    db.settle_rollups()
        .await
        .map_err(|e| Failure::new(format!("统计汇总整理失败：{e}"), e.code()))?;
    Ok(Rebuilt { cases, seconds })
}

/// Prints the rebuild's progress until aborted.
async fn watch(db: Db, expected: u64) {
    let mut progress = Progress::new("统计 metrics", expected);
    loop {
        tokio::time::sleep(WATCH_EVERY).await;
        if let Ok(n) = db.counted_cases().await {
            progress.show(u64::try_from(n).unwrap_or_default());
        }
    }
}
