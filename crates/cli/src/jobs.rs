//! The background jobs every `tongban serve` node runs beside the web
//! server — the deadline-warning scan, the outbox dispatcher and the
//! webhook worker — and `tongban work`, which runs them without serving.
//! They are safe to run on several nodes sharing one database: the store
//! makes each warning, event and delivery attempt happen once.

use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::task::JoinHandle;
use tongban_service::{
    Clock, LogSms, Platform, PlatformConfig, ServiceError, SystemClock, UploadLimits,
};

use crate::args::WorkArgs;
use crate::failure::Failure;

/// Seconds between warning scans.
const SCAN_EVERY: Duration = Duration::from_secs(60);
/// Seconds between outbox dispatch rounds.
const DISPATCH_EVERY: Duration = Duration::from_secs(1);
/// Seconds between webhook delivery rounds.
const DELIVER_EVERY: Duration = Duration::from_secs(3);
/// Outbox events dispatched per round.
const DISPATCH_BATCH: i64 = 100;

/// Starts the background jobs; abort the handles to stop them.
pub fn spawn(platform: &Platform) -> Vec<JoinHandle<()>> {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let scan = platform.events.clone();
    let scan_clock = clock.clone();
    let lapse = platform.cases.clone();
    let lapse_clock = clock.clone();
    let dispatch = platform.events.clone();
    let deliver = platform.events.clone();
    vec![
        every("时限预警扫描", SCAN_EVERY, move || {
            let (events, clock) = (scan.clone(), scan_clock.clone());
            async move { events.scan_warnings(clock.now()).await }
        }),
        every("协查逾期视为同意", SCAN_EVERY, move || {
            let (cases, clock) = (lapse.clone(), lapse_clock.clone());
            async move { cases.lapse_assists(clock.now()).await }
        }),
        every("事件分发", DISPATCH_EVERY, move || {
            let events = dispatch.clone();
            async move { events.dispatch_once(DISPATCH_BATCH).await }
        }),
        every("事件推送", DELIVER_EVERY, move || {
            let (events, clock) = (deliver.clone(), clock.clone());
            async move { events.deliver_webhooks_once(clock.now()).await }
        }),
    ]
}

/// Runs `round` every `period`, logging failures; never panics or stops.
fn every<F, Fut>(job: &'static str, period: Duration, round: F) -> JoinHandle<()>
where
    F: Fn() -> Fut + Send + 'static,
    Fut: Future<Output = Result<usize, ServiceError>> + Send + 'static,
{
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            // A panic in one round must not end the loop: run it as a task.
            match tokio::spawn(round()).await {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => tracing::warn!(job, code = e.code(), error = %e, "后台任务本轮失败"),
                Err(e) => tracing::error!(job, error = %e, "后台任务本轮异常中止"),
            }
        }
    })
}

/// A clock standing still at one moment (`tongban work --at`).
struct FixedClock(DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// `tongban work`: the background jobs without the web server. With
/// `--once`, one round of each job (scan, dispatch until the outbox is
/// empty, one delivery round), printing what was done; otherwise the
/// loops run until Ctrl-C. `--at` fixes the time the jobs see.
pub async fn work(args: &WorkArgs) -> Result<(), Failure> {
    let url = crate::db::url_of(&args.db)?;
    let store = Arc::new(crate::db::open(&url).await?);
    let clock: Arc<dyn Clock> = match &args.at {
        Some(at) => Arc::new(FixedClock(parse_at(at)?)),
        None => Arc::new(SystemClock),
    };
    let config = PlatformConfig {
        uploads_dir: args
            .uploads_dir
            .clone()
            .unwrap_or_else(|| Path::new(crate::config::DEFAULT_UPLOADS_DIR).to_path_buf()),
        upload_limits: UploadLimits::default(),
        sms: Arc::new(LogSms),
        clock: clock.clone(),
        licence_key: crate::server::licence_key(
            std::env::var("TONGBAN_LICENCE_KEY").ok().as_deref(),
        )?,
    };
    let platform = Platform::open(store, config).await?;
    if !args.once {
        let jobs = spawn(&platform);
        tokio::signal::ctrl_c().await.map_err(|e| {
            Failure::new(format!("无法监听 Ctrl-C：{e}"), "cannot listen for Ctrl-C")
        })?;
        for job in jobs {
            job.abort();
        }
        return Ok(());
    }
    let events = &platform.events;
    let defaulted = platform.cases.lapse_assists(clock.now()).await?;
    let raised = events.scan_warnings(clock.now()).await?;
    let mut dispatched = 0;
    loop {
        let n = events.dispatch_once(DISPATCH_BATCH).await?;
        if n == 0 {
            break;
        }
        dispatched += n;
    }
    let attempts = events.deliver_webhooks_once(clock.now()).await?;
    println!(
        "raised={raised} dispatched={dispatched} delivery_attempts={attempts} assists_defaulted={defaulted}"
    );
    Ok(())
}

/// An RFC 3339 time such as 2025-02-10T09:00:00+08:00.
fn parse_at(text: &str) -> Result<DateTime<Utc>, Failure> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.to_utc())
        .map_err(|e| {
            Failure::new(
                format!("时间“{text}”无效：{e}（应形如 2025-02-10T09:00:00+08:00）"),
                "invalid --at time (use RFC 3339)",
            )
        })
}
