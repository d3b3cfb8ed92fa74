//! The in-process driver: `concurrency` tasks take request numbers from
//! one counter until the count or the time is used up, timing each call.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// What the tasks measured.
#[derive(Debug, Default)]
pub struct Measured {
    /// Latency of every finished call, successful or not.
    pub latencies: Vec<Duration>,
    /// Calls that succeeded.
    pub ok: u64,
    /// Calls that failed.
    pub failed: u64,
    /// The first failure's message.
    pub first_error: Option<String>,
    /// From the first call to the last answer.
    pub elapsed: Duration,
}

/// Runs `op(n)` for n = 0, 1, 2 … on `concurrency` tasks, until `limit`
/// calls were started or `deadline` passed (whichever is set first).
pub async fn drive<F, Fut>(
    limit: u64,
    duration: Option<Duration>,
    concurrency: u64,
    op: F,
) -> Measured
where
    F: Fn(u64) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), String>> + Send + 'static,
{
    let op = Arc::new(op);
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = duration.map(|d| started + d);
    let mut tasks = Vec::new();
    for _ in 0..concurrency.max(1) {
        let op = Arc::clone(&op);
        let next = Arc::clone(&next);
        tasks.push(tokio::spawn(async move {
            let mut mine = Measured::default();
            loop {
                if deadline.is_some_and(|d| Instant::now() >= d) {
                    break;
                }
                let n = next.fetch_add(1, Ordering::Relaxed);
                if deadline.is_none() && n >= limit {
                    break;
                }
                let t0 = Instant::now();
                let outcome = op(n).await;
                mine.latencies.push(t0.elapsed());
                match outcome {
                    Ok(()) => mine.ok += 1,
                    Err(e) => {
                        mine.failed += 1;
                        mine.first_error.get_or_insert(e);
                    }
                }
            }
            mine
        }));
    }
    let mut all = Measured::default();
    for task in tasks {
        match task.await {
            Ok(m) => {
                all.latencies.extend(m.latencies);
                all.ok += m.ok;
                all.failed += m.failed;
                if all.first_error.is_none() {
                    all.first_error = m.first_error;
                }
            }
            Err(e) => {
                all.failed += 1;
                all.first_error.get_or_insert(format!("task aborted: {e}"));
            }
        }
    }
    all.elapsed = started.elapsed();
    all
}
