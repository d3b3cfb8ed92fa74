//! HTTP mode: the real router served on a local port in this process (no
//! background jobs), driven by wrk with a generated Lua script (POST
//! bodies, session cookies, a fresh Idempotency-Key per request).
//!
//! The per-IP and per-account rate limits are off (`LimitConfig::off`):
//! wrk sends everything from one address with a few accounts.
//!
//! Latency percentiles are wrk's (client side, `--latency`). Throughput is
//! counted by the server: 2xx answers of the scenario's route divided by
//! the time from the first such request to the last answer, so a scenario
//! that runs out of prepared cases before wrk's fixed duration ends is not
//! diluted by wrk's idle tail (wrk's own Requests/sec is printed too).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use tongban_web::AppState;
use tongban_web::limits::LimitConfig;

use super::setup::Bench;
use super::{LoadArgs, Report};
use crate::failure::Failure;

/// wrk threads: one leaves the second core to the server.
pub(super) const WRK_THREADS: u64 = 1;

/// What wrk sends.
#[derive(Debug, Clone)]
pub struct HttpPlan {
    /// `GET` or `POST`.
    pub(super) method: &'static str,
    /// Requests counted for throughput: this method, paths with this prefix.
    counted: String,
    /// Paths, used in turn (or once each when `consuming`).
    pub(super) paths: Vec<String>,
    /// The JSON body of every request, if any.
    pub(super) body: Option<String>,
    /// Session cookies, used in turn.
    pub(super) cookies: Vec<String>,
    /// Whether every request carries a fresh Idempotency-Key.
    pub(super) keyed: bool,
    consuming: bool,
}

impl HttpPlan {
    /// GETs of `paths` in turn.
    pub fn get(counted: &str, paths: Vec<String>) -> HttpPlan {
        HttpPlan {
            method: "GET",
            counted: counted.into(),
            paths,
            body: None,
            cookies: Vec::new(),
            keyed: false,
            consuming: false,
        }
    }

    /// POSTs of one JSON body to `paths` in turn.
    pub fn post(counted: &str, paths: Vec<String>, body: String) -> HttpPlan {
        HttpPlan {
            method: "POST",
            body: Some(body),
            ..HttpPlan::get(counted, paths)
        }
    }

    /// Sends these cookies in turn (one per request).
    pub fn with_cookies(mut self, cookies: Vec<String>) -> HttpPlan {
        self.cookies = cookies;
        self
    }

    /// Sends a fresh Idempotency-Key with every request.
    pub fn keyed(mut self) -> HttpPlan {
        self.keyed = true;
        self
    }

    /// Uses each path once; a wrk thread stops when its share is used.
    pub fn consuming(mut self) -> HttpPlan {
        self.consuming = true;
        self
    }

    /// The Lua script wrk runs.
    fn script(&self) -> String {
        format!(
            include_str!("wrk.lua"),
            method = self.method,
            paths = lua_list(&self.paths),
            cookies = lua_list(&self.cookies),
            body = lua_body(self.body.as_deref()),
            keyed = self.keyed,
            consuming = self.consuming,
            run = super::scenario::run_id(),
        )
    }
}

/// Lua long-bracket strings, comma-separated (the inside of a table).
pub(super) fn lua_list(items: &[String]) -> String {
    items
        .iter()
        .map(|p| format!("[==[{p}]==]"))
        .collect::<Vec<_>>()
        .join(",\n  ")
}

/// A request body as a Lua value: a long-bracket string, or `nil`.
pub(super) fn lua_body(body: Option<&str>) -> String {
    body.map_or("nil".to_string(), |b| format!("[==[{b}]==]"))
}

/// Answers counted by the server.
#[derive(Debug)]
struct Counter {
    base: Instant,
    ok: AtomicU64,
    failed: AtomicU64,
    first_status: AtomicU64,
    /// Nanoseconds after `base`.
    first_start: AtomicU64,
    last_end: AtomicU64,
}

/// Serves the platform, runs wrk against it and reports.
pub async fn run(bench: &Bench, plan: &HttpPlan, args: &LoadArgs) -> Result<Report, Failure> {
    let counter = Arc::new(Counter {
        base: Instant::now(),
        ok: AtomicU64::new(0),
        failed: AtomicU64::new(0),
        first_status: AtomicU64::new(0),
        first_start: AtomicU64::new(u64::MAX),
        last_end: AtomicU64::new(0),
    });
    let (listener, local) = crate::server::bind("127.0.0.1:0").await?;
    let counting = Arc::clone(&counter);
    let (method, prefix) = (plan.method, plan.counted.clone());
    // One address and a few accounts make every request here: the per-IP
    // and per-account rate limits would measure themselves, so they are off.
    let state = AppState::new(&bench.platform).with_limits(LimitConfig::off());
    let app = tongban_web::router(state).layer(middleware::from_fn(
        move |request: Request, next: Next| {
            let counter = Arc::clone(&counting);
            let counted =
                request.method().as_str() == method && request.uri().path().starts_with(&prefix);
            async move { count(counter, counted, request, next).await }
        },
    ));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    let output = wrk(
        &plan.script(),
        &format!("http://{local}"),
        args.concurrency,
        args.http_duration(),
    )
    .await;
    let _ = stop.send(());
    let _ = server.await;
    let text = output?;
    report(&counter, &text)
}

/// Runs wrk (one thread, `connections` connections, `--latency`) with the
/// Lua `script` against `url` for `duration`; answers its standard output.
pub(super) async fn wrk(
    script: &str,
    url: &str,
    connections: u64,
    duration: Duration,
) -> Result<String, Failure> {
    let file = tempfile::Builder::new()
        .suffix(".lua")
        .tempfile()
        .map_err(|e| io_failure("无法创建 wrk 脚本", &e))?;
    std::fs::write(file.path(), script).map_err(|e| io_failure("无法写入 wrk 脚本", &e))?;
    let output = tokio::process::Command::new("wrk")
        .arg(format!("-t{WRK_THREADS}"))
        .arg(format!("-c{}", connections.max(WRK_THREADS)))
        .arg(format!("-d{}s", duration.as_secs().max(1)))
        .args(["--timeout", "30s", "--latency", "-s"])
        .arg(file.path())
        .arg(url)
        .arg("--")
        .arg(WRK_THREADS.to_string())
        .output()
        .await
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Failure::new(
                "找不到 wrk：HTTP 模式需要它，请安装（Debian/Ubuntu：apt-get install -y wrk）",
                "wrk not found: install it with `apt-get install -y wrk`",
            ),
            _ => io_failure("无法运行 wrk", &e),
        })?;
    let text = String::from_utf8_lossy(&output.stdout).to_string();
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        return Err(Failure::new(
            format!("wrk 运行失败：{err}{text}"),
            "wrk failed",
        ));
    }
    Ok(text)
}

/// Counts one request of the scenario's route.
async fn count(counter: Arc<Counter>, counted: bool, request: Request, next: Next) -> Response {
    if !counted {
        return next.run(request).await;
    }
    let since = |c: &Counter| u64::try_from(c.base.elapsed().as_nanos()).unwrap_or(u64::MAX);
    counter
        .first_start
        .fetch_min(since(&counter), Ordering::Relaxed);
    let response = next.run(request).await;
    if response.status().is_success() {
        counter.ok.fetch_add(1, Ordering::Relaxed);
    } else {
        counter.failed.fetch_add(1, Ordering::Relaxed);
        let _ = counter.first_status.compare_exchange(
            0,
            u64::from(response.status().as_u16()),
            Ordering::Relaxed,
            Ordering::Relaxed,
        );
    }
    counter
        .last_end
        .fetch_max(since(&counter), Ordering::Relaxed);
    response
}

/// The report from the server's counts and wrk's output.
fn report(counter: &Counter, wrk: &str) -> Result<Report, Failure> {
    let first = counter.first_start.load(Ordering::Relaxed);
    let last = counter.last_end.load(Ordering::Relaxed);
    let failed = counter.failed.load(Ordering::Relaxed);
    let status = counter.first_status.load(Ordering::Relaxed);
    let mut report = Report {
        mode: format!("http (wrk, {WRK_THREADS} thread, in-process axum server)"),
        ok: counter.ok.load(Ordering::Relaxed),
        failed,
        first_error: (failed > 0).then(|| format!("HTTP {status}")),
        elapsed: Duration::from_nanos(last.saturating_sub(first)),
        p50: latency_line(wrk, "50%")?,
        p99: latency_line(wrk, "99%")?,
        ..Report::default()
    };
    report.notes.extend(wrk_notes(wrk));
    Ok(report)
}

/// wrk's own summary lines (requests/s, totals, non-2xx, socket errors),
/// as report notes.
pub(super) fn wrk_notes(wrk: &str) -> Vec<String> {
    wrk.lines()
        .map(str::trim)
        .filter(|line| {
            line.starts_with("Requests/sec")
                || line.contains("requests in")
                || line.starts_with("Non-2xx")
                || line.starts_with("Socket errors")
        })
        .map(|line| format!("wrk: {line}"))
        .collect()
}

/// A percentile of wrk's latency distribution (`50%  1.23ms`).
pub(super) fn latency_line(wrk: &str, label: &str) -> Result<Duration, Failure> {
    wrk.lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix(label))
        .and_then(|v| parse_wrk_duration(v.trim()))
        .ok_or_else(|| {
            Failure::new(
                format!("无法读取 wrk 的 {label} 延迟：\n{wrk}"),
                "cannot read wrk's latency",
            )
        })
}

/// `850.00us`, `1.23ms`, `2.00s`, `1.50m` as a duration.
pub fn parse_wrk_duration(text: &str) -> Option<Duration> {
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = text.split_at(split);
    let value: f64 = number.parse().ok()?;
    let secs = match unit {
        "us" => value / 1e6,
        "ms" => value / 1e3,
        "s" => value,
        "m" => value * 60.0,
        _ => return None,
    };
    Some(Duration::from_secs_f64(secs))
}

/// Percent-encodes a query value (UTF-8 bytes; unreserved kept).
pub fn encode_query(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// An I/O failure around wrk.
fn io_failure(zh: &str, e: &std::io::Error) -> Failure {
    Failure::new(format!("{zh}：{e}"), "wrk I/O failed")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrk_durations_read_in_every_unit() {
        assert_eq!(
            parse_wrk_duration("850.00us"),
            Some(Duration::from_micros(850))
        );
        assert_eq!(
            parse_wrk_duration("1.50ms"),
            Some(Duration::from_micros(1500))
        );
        assert_eq!(parse_wrk_duration("2.00s"), Some(Duration::from_secs(2)));
        assert_eq!(parse_wrk_duration("oops"), None);
    }

    #[test]
    fn queries_are_percent_encoded_as_utf8() {
        assert_eq!(encode_query("yyzz"), "yyzz");
        assert_eq!(encode_query("药品"), "%E8%8D%AF%E5%93%81");
    }

    #[test]
    fn the_script_lists_every_path_and_sends_keys_when_asked() {
        let plan = HttpPlan::post("/api/v1/cases", vec!["/api/v1/cases".into()], "{}".into())
            .with_cookies(vec!["tb_session=x".into()])
            .keyed();
        let script = plan.script();
        assert!(script.contains("[==[/api/v1/cases]==]"), "{script}");
        assert!(script.contains("local keyed = true"), "{script}");
        assert!(script.contains("local consuming = false"), "{script}");
    }
}
