//! The periodic index refresh that lets stateless app nodes sharing one
//! database pick up imports made by another node.

use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

use crate::service::CatalogService;

/// Spawns a task that calls [`CatalogService::refresh_index_if_stale`]
/// every `every` (the first check after one period). Failures are logged
/// and retried at the next tick; abort the handle to stop it. Periods
/// under one second are raised to one second.
pub fn spawn_index_refresh(service: Arc<CatalogService>, every: Duration) -> JoinHandle<()> {
    let every = every.max(Duration::from_secs(1));
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        ticks.tick().await;
        loop {
            ticks.tick().await;
            match service.refresh_index_if_stale().await {
                Ok(true) => tracing::info!("picked up a newer catalog revision"),
                Ok(false) => {}
                Err(err) => tracing::warn!(code = err.code(), %err, "index refresh failed"),
            }
        }
    })
}
