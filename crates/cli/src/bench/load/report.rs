//! What a scenario prints: throughput, p50 and p99, and the counts.

use std::fmt;
use std::time::Duration;

use crate::failure::Failure;

/// The figures of one run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// `submit (3-item bundle)`, `accept` …
    pub scenario: String,
    /// `in-process`, `http (wrk)` …
    pub mode: String,
    /// `sqlite (temporary file)`, `postgres` …
    pub database: String,
    /// What the run worked on (catalog, cases prepared …).
    pub dataset: String,
    /// Requests (or transactions) that succeeded.
    pub ok: u64,
    /// Requests that failed.
    pub failed: u64,
    /// The first failure, for the person at the terminal.
    pub first_error: Option<String>,
    /// Requests in flight at once.
    pub concurrency: u64,
    /// Wall time from the first request to the last answer.
    pub elapsed: Duration,
    /// Median latency.
    pub p50: Duration,
    /// 99th percentile latency.
    pub p99: Duration,
    /// Extra lines (`submitted cases: N`, wrk's own figures …).
    pub notes: Vec<String>,
}

impl Report {
    /// Successful requests per second.
    pub fn throughput(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.ok as f64 / secs
        } else {
            0.0
        }
    }

    /// Fills p50 and p99 from the latencies measured (sorted here).
    pub fn set_latencies(&mut self, mut latencies: Vec<Duration>) {
        latencies.sort_unstable();
        self.p50 = percentile(&latencies, 50.0);
        self.p99 = percentile(&latencies, 99.0);
    }

    /// A run with failed requests or none done is a failed benchmark.
    pub fn check(&self) -> Result<(), Failure> {
        if self.failed > 0 {
            let why = self.first_error.clone().unwrap_or_default();
            return Err(Failure::new(
                format!("基准测试有 {} 个请求失败：{why}", self.failed),
                "some benchmark requests failed",
            ));
        }
        if self.ok == 0 {
            return Err(Failure::new(
                "基准测试没有完成任何请求（可增大 --requests 或 --duration）",
                "no request completed",
            ));
        }
        Ok(())
    }
}

/// The value below which `p` per cent of the sorted samples fall
/// (nearest rank).
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Milliseconds with two decimals.
pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "scenario: {}", self.scenario)?;
        writeln!(f, "mode: {}", self.mode)?;
        writeln!(f, "database: {}", self.database)?;
        writeln!(f, "dataset: {}", self.dataset)?;
        writeln!(
            f,
            "requests: {} ok, {} failed, concurrency {}, {:.2} s",
            self.ok,
            self.failed,
            self.concurrency,
            self.elapsed.as_secs_f64()
        )?;
        if let Some(e) = &self.first_error {
            writeln!(f, "first failure: {e}")?;
        }
        writeln!(f, "throughput: {:.1} req/s", self.throughput())?;
        writeln!(f, "p50: {}", ms(self.p50))?;
        write!(f, "p99: {}", ms(self.p99))?;
        for note in &self.notes {
            write!(f, "\n{note}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let samples: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&samples, 50.0), Duration::from_millis(50));
        assert_eq!(percentile(&samples, 99.0), Duration::from_millis(99));
        assert_eq!(percentile(&[], 99.0), Duration::ZERO);
        assert_eq!(
            percentile(&[Duration::from_millis(7)], 50.0),
            Duration::from_millis(7)
        );
    }
}
