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
use std::pin::Pin;
use tokio::task::JoinHandle;
use tongban_service::{
    Clock, LogSms, Platform, PlatformConfig, ServiceError, SystemClock, UploadLimits,
};

use crate::args::WorkArgs;
use crate::failure::Failure;

/// Seconds between scans for deadlines (warnings, escalations, reminders).
const SCAN_EVERY: Duration = Duration::from_secs(60);
/// Seconds between outbox dispatch rounds.
const DISPATCH_EVERY: Duration = Duration::from_secs(1);
/// Seconds between webhook delivery rounds.
const DELIVER_EVERY: Duration = Duration::from_secs(3);
/// Seconds between rounds of the metrics rollup.
const ROLLUP_EVERY: Duration = Duration::from_secs(30);
/// Outbox events dispatched per round.
const DISPATCH_BATCH: i64 = 100;

/// One round of a job: what it did (a count), given the platform and now.
type Round = fn(
    Platform,
    DateTime<Utc>,
) -> Pin<Box<dyn Future<Output = Result<usize, ServiceError>> + Send>>;

/// One background job: its name (for logs and `tongban work --once`), how
/// often it runs, and one round of it.
struct Job {
    name: &'static str,
    label: &'static str,
    every: Duration,
    /// Repeated until a round does nothing: by `tongban work --once`
    /// without limit, and by a serving node for at most one period (so a
    /// burst of submissions does not leave the outbox growing by more than
    /// one batch a second).
    drain: bool,
    round: Round,
}

/// Every background job, in the order `tongban work --once` runs them: the
/// deadline scans first, then the outbox dispatcher, the webhook worker and
/// the metrics rollup (which read what the scans wrote).
const JOBS: &[Job] = &[
    Job {
        name: "assists_defaulted",
        label: "协查逾期视为同意",
        every: SCAN_EVERY,
        drain: false,
        round: |p, now| Box::pin(async move { p.cases.lapse_assists(now).await }),
    },
    Job {
        name: "raised",
        label: "时限预警扫描",
        every: SCAN_EVERY,
        drain: false,
        round: |p, now| Box::pin(async move { p.events.scan_warnings(now).await }),
    },
    Job {
        name: "review_escalations",
        label: "差评整改超期督办",
        every: SCAN_EVERY,
        drain: false,
        round: |p, now| Box::pin(async move { p.reviews.escalate_overdue(now).await }),
    },
    Job {
        name: "review_reminders",
        label: "当日件当日评提醒",
        every: SCAN_EVERY,
        drain: false,
        round: |p, now| Box::pin(async move { p.reviews.remind_unrated(now).await }),
    },
    Job {
        name: "appeal_escalations",
        label: "诉求超期督办",
        every: SCAN_EVERY,
        drain: false,
        round: |p, now| Box::pin(async move { p.appeals.escalate_overdue(now).await }),
    },
    Job {
        name: "proofs_overdue",
        label: "证明开具超期",
        every: SCAN_EVERY,
        drain: false,
        round: |p, now| Box::pin(async move { p.proofs.overdue(now).await }),
    },
    Job {
        name: "objections_overdue",
        label: "证照异议核实超期",
        every: SCAN_EVERY,
        drain: false,
        round: |p, now| Box::pin(async move { Ok(p.objections.overdue(now).await?.len()) }),
    },
    Job {
        name: "dispatched",
        label: "事件分发",
        every: DISPATCH_EVERY,
        drain: true,
        round: |p, _| Box::pin(async move { p.events.dispatch_once(DISPATCH_BATCH).await }),
    },
    Job {
        name: "delivery_attempts",
        label: "事件推送",
        every: DELIVER_EVERY,
        drain: false,
        round: |p, now| Box::pin(async move { p.events.deliver_webhooks_once(now).await }),
    },
    Job {
        name: "rolled_up",
        label: "统计汇总",
        every: ROLLUP_EVERY,
        drain: true,
        round: |p, now| Box::pin(async move { p.metrics.refresh(now).await }),
    },
];

/// Starts the background jobs; abort the handles to stop them.
pub fn spawn(platform: &Platform) -> Vec<JoinHandle<()>> {
    JOBS.iter()
        .map(|job| {
            let platform = platform.clone();
            let (round, drain, budget) = (job.round, job.drain, job.every);
            every(job.label, job.every, move || {
                let platform = platform.clone();
                async move {
                    let started = std::time::Instant::now();
                    let mut total = 0;
                    loop {
                        let n = round(platform.clone(), SystemClock.now()).await?;
                        total += n;
                        if !drain || n == 0 || started.elapsed() >= budget {
                            return Ok(total);
                        }
                    }
                }
            })
        })
        .collect()
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
    // One round of each job; the dispatcher and the rollup run until they
    // have nothing left, so what the scans wrote is dispatched and counted.
    let mut done = Vec::new();
    for job in JOBS {
        let mut total = 0;
        loop {
            let n = (job.round)(platform.clone(), clock.now()).await?;
            total += n;
            if n == 0 || !job.drain {
                break;
            }
        }
        done.push(format!("{}={total}", job.name));
    }
    println!("{}", done.join(" "));
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
