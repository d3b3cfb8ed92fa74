//! `tongban bench mixed`: a mixed HTTP load — catalog search, status
//! lookups, guidance, licence verification, submissions, supervisor and
//! clerk reads, by weight — against a separate `tongban serve` process on
//! the same database, sampling that process's memory (RSS).
//!
//! Sessions, cases and licences are prepared in this process through the
//! bench platform before the server starts; sessions are database rows,
//! so the server honours them. Each kind's answers are counted by the
//! server's own `/metrics`; latency percentiles are wrk's.

mod child;
mod generated;
mod mix;
mod rss;
mod tally;

use std::time::Duration;

use super::http::{self, WRK_THREADS};
use super::setup::Bench;
use super::{MixedArgs, Report};
use crate::failure::Failure;
use rss::mib;

/// Prepares, starts the server, runs the load and reports. Ctrl-C ends
/// the run with the server killed (its guard is dropped), not orphaned.
pub async fn run(args: &MixedArgs) -> Result<Report, Failure> {
    tokio::select! {
        report = measure(args) => report,
        _ = tokio::signal::ctrl_c() => Err(Failure::new(
            "混合压测被中断，服务进程已结束",
            "the mixed load was interrupted; the server was killed",
        )),
    }
}

/// The run itself.
async fn measure(args: &MixedArgs) -> Result<Report, Failure> {
    let bench = Bench::open(args.database_url.as_deref()).await?;
    let prepared = mix::prepare(&bench, args).await?;
    let dataset = format!("{}; {}", bench.dataset().await?, prepared.dataset);
    let stored_before = super::prepare::count_cases(&bench.url).await?;
    // Declared after the bench, so dropped (killed) before the bench's
    // temporary database goes.
    let server = child::Server::start(&bench.url).await?;
    preflight(&server, &prepared.kinds).await?;
    let first = metrics(&server).await?;
    let before = tally::Counts::parse(&first);
    let pid = server.pid;
    let start = rss::read(pid)?;
    let sampler = rss::Sampler::spawn(pid, Duration::from_millis(args.sample_ms));
    let output = http::wrk(
        &mix::script(&prepared.kinds),
        &format!("http://{}", server.addr),
        args.concurrency,
        Duration::from_secs(args.duration.max(1)),
    )
    .await;
    let samples = sampler.finish().await?;
    let last = metrics(&server).await?;
    let counts = tally::Counts::parse(&last).since(&before);
    server.stop().await;
    let wrk = output?;
    let mut report = Report {
        scenario: "mixed load (7 kinds by weight)".into(),
        mode: format!(
            "http (wrk, {WRK_THREADS} thread) against a separate `tongban serve` process \
             (background jobs on, rate limits off)"
        ),
        database: bench.database.clone(),
        dataset,
        concurrency: args.concurrency,
        elapsed: wrk_elapsed(&wrk).unwrap_or(Duration::from_secs(args.duration.max(1))),
        p50: http::latency_line(&wrk, "50%")?,
        p99: http::latency_line(&wrk, "99%")?,
        ..Report::default()
    };
    let mix = prepared
        .kinds
        .iter()
        .map(|k| format!("{} {} %", k.label, k.weight))
        .collect::<Vec<_>>();
    report.notes.push(format!("mix: {}", mix.join(", ")));
    for kind in &prepared.kinds {
        let a = counts.of(kind.routes);
        report.ok += a.ok;
        report.failed += a.failed;
        if let (None, Some(status)) = (&report.first_error, a.failure) {
            report.first_error = Some(format!("{}: HTTP {status}", kind.label));
        }
        report.notes.push(format!(
            "kind {}: {} 2xx, {} non-2xx, server mean {:.2} ms",
            kind.label,
            a.ok,
            a.failed,
            a.mean_ms()
        ));
    }
    // Answers wrk saw fail that no kind's route counted (shed before
    // routing, say) fail the run too.
    let unrouted = wrk_non2xx(&wrk).saturating_sub(report.failed);
    if unrouted > 0 {
        report.failed += unrouted;
        report
            .first_error
            .get_or_insert_with(|| format!("{unrouted} non-2xx answers outside the mix's routes"));
    }
    let stored_after = super::prepare::count_cases(&bench.url).await?;
    report.notes.push(format!(
        "cases in the database: {stored_before} before, {stored_after} after"
    ));
    report.notes.extend([
        format!(
            "server: pid {pid}, memory sampled every {} ms ({} samples), in MiB (1,048,576 bytes)",
            args.sample_ms, samples.count
        ),
        format!(
            "server outbox backlog (events its jobs have yet to handle): {} at start, {} at end",
            tally::backlog(&first),
            tally::backlog(&last)
        ),
        format!("server rss at start: {}", mib(start.rss_kib)),
        format!("server rss peak during load: {}", mib(samples.peak_rss_kib)),
        format!("server rss at end: {}", mib(samples.last.rss_kib)),
        format!(
            "server VmHWM: {}",
            mib(samples.last.hwm_kib.max(samples.peak_rss_kib))
        ),
    ]);
    report.notes.extend(http::wrk_notes(&wrk));
    Ok(report)
}

/// One GET of every GET kind before the clock, through the server: a
/// session made in this process must be valid there, and every prepared
/// path must answer 2xx.
async fn preflight(server: &child::Server, kinds: &[mix::Kind]) -> Result<(), Failure> {
    for kind in kinds.iter().filter(|k| k.plan.method == "GET") {
        let Some(path) = kind.plan.paths.first() else {
            continue;
        };
        let (status, _) = server
            .get(path, kind.plan.cookies.first().map(String::as_str))
            .await?;
        if !(200..300).contains(&status) {
            let hint = if status == 401 {
                "（本进程创建的会话在服务进程中无效）"
            } else {
                ""
            };
            return Err(Failure::new(
                format!("压测预检失败：{} 返回 HTTP {status}{hint}", kind.label),
                "the preflight request of a kind failed",
            ));
        }
    }
    Ok(())
}

/// The server's Prometheus text.
async fn metrics(server: &child::Server) -> Result<String, Failure> {
    match server.get("/metrics", None).await? {
        (200, body) => Ok(body),
        (status, _) => Err(Failure::new(
            format!("无法读取服务进程的 /metrics：HTTP {status}"),
            "cannot read the server's /metrics",
        )),
    }
}

/// wrk's measured time (`1234 requests in 30.00s, 5.00MB read`).
fn wrk_elapsed(wrk: &str) -> Option<Duration> {
    wrk.lines().find_map(|line| {
        let (_, after) = line.split_once(" requests in ")?;
        http::parse_wrk_duration(after.split(',').next()?.trim())
    })
}

/// wrk's count of non-2xx answers (`Non-2xx or 3xx responses: 12`).
fn wrk_non2xx(wrk: &str) -> u64 {
    wrk.lines()
        .find_map(|line| {
            line.trim()
                .strip_prefix("Non-2xx or 3xx responses:")?
                .trim()
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WRK: &str = "Running 5s test @ http://127.0.0.1:1\n  1 threads and 4 connections\n\
        \x20 Latency Distribution\n     50%    1.20ms\n     99%    9.00ms\n\
        \x20 1234 requests in 5.01s, 2.00MB read\n  Non-2xx or 3xx responses: 7\n\
        Requests/sec:    246.3\n";

    #[test]
    fn wrk_time_and_failed_answers_are_read_from_its_summary() {
        assert_eq!(wrk_elapsed(WRK), Some(Duration::from_millis(5010)));
        assert_eq!(wrk_non2xx(WRK), 7);
        assert_eq!(wrk_non2xx("Requests/sec: 1"), 0);
    }
}
