//! The search benchmark behind `tongban bench search`: builds the index
//! over a synthetic catalog and times a mix of Chinese, pinyin-initials and
//! filtered queries.

mod synthetic;

use std::fmt;
use std::time::{Duration, Instant};

use tongban_domain::catalog::{Level, TongbanScope};

pub use synthetic::synthetic_catalog;
use synthetic::{ACTIONS, OBJECTS, REGIONS, Rng};

use crate::{SearchError, SearchIndex, SearchQuery, initials};

/// Timings of one benchmark run.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchBenchReport {
    /// Items in the synthetic catalog.
    pub items: usize,
    /// Bundles in the synthetic catalog.
    pub bundles: usize,
    /// Time to build the index (one commit).
    pub build: Duration,
    /// Queries run.
    pub queries: usize,
    /// Median query latency.
    pub p50: Duration,
    /// 99th-percentile query latency.
    pub p99: Duration,
    /// Slowest query.
    pub max: Duration,
    /// Queries per second, run one after another on one thread.
    pub queries_per_second: f64,
    /// Mean number of matches per query.
    pub mean_total: f64,
}

/// Builds the index over `synthetic_catalog(items, seed)` and runs
/// `queries` queries (a fixed mix, the same for the same seed).
pub fn run(items: usize, queries: usize, seed: u64) -> Result<SearchBenchReport, SearchError> {
    let catalog = synthetic_catalog(items, seed);
    let started = Instant::now();
    let index = SearchIndex::build(&catalog)?;
    let build = started.elapsed();

    let mut rng = Rng::new(seed ^ 0x5EA2_C4B3);
    let mut latencies = Vec::with_capacity(queries);
    let mut totals = 0usize;
    let all_started = Instant::now();
    for n in 0..queries {
        let query = sample_query(&mut rng, n);
        let started = Instant::now();
        let hits = index.search(&query)?;
        latencies.push(started.elapsed());
        totals += hits.total;
    }
    let elapsed = all_started.elapsed();
    latencies.sort();
    let at = |q: f64| -> Duration {
        if latencies.is_empty() {
            return Duration::ZERO;
        }
        let i = ((latencies.len() as f64 * q).ceil() as usize).clamp(1, latencies.len()) - 1;
        latencies[i]
    };
    let seconds = elapsed.as_secs_f64();
    Ok(SearchBenchReport {
        items: catalog.items.len(),
        bundles: catalog.bundles.len(),
        build,
        queries,
        p50: at(0.50),
        p99: at(0.99),
        max: latencies.last().copied().unwrap_or_default(),
        queries_per_second: if seconds > 0.0 {
            queries as f64 / seconds
        } else {
            0.0
        },
        mean_total: if queries > 0 {
            totals as f64 / queries as f64
        } else {
            0.0
        },
    })
}

/// The n-th query of the mix: Chinese words, their pinyin initials, a
/// Chinese query with spaces, filtered variants, and a filtered listing.
fn sample_query(rng: &mut Rng, n: usize) -> SearchQuery {
    let (object, _) = *rng.pick(&OBJECTS);
    let action = *rng.pick(&ACTIONS);
    let (region, _) = *rng.pick(&REGIONS);
    let mut query = match n % 6 {
        0 => SearchQuery::items(object),
        1 => SearchQuery::items(&format!("{object}{action}")),
        2 => SearchQuery::items(&initials(object)),
        3 => SearchQuery::items(&format!("{object} {action}")),
        4 => {
            let mut q = SearchQuery::items(&initials(&format!("{object}{action}")));
            q.region = Some(region.to_string());
            q
        }
        _ => {
            let mut q = SearchQuery::items(if n % 12 == 5 { "" } else { object });
            q.region = Some(region.to_string());
            q.level = Some(Level::County);
            q.scope = Some(TongbanScope::Province);
            q
        }
    };
    if n % 10 == 9 {
        query = SearchQuery {
            target: crate::Target::Bundles,
            ..query
        };
    }
    query
}

impl fmt::Display for SearchBenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = |d: Duration| format!("{:.3} ms", d.as_secs_f64() * 1000.0);
        let rows = [
            ("事项 items", self.items.to_string()),
            ("一件事 bundles", self.bundles.to_string()),
            ("建索引 build", format!("{:.2} s", self.build.as_secs_f64())),
            ("查询 queries", self.queries.to_string()),
            ("p50", ms(self.p50)),
            ("p99", ms(self.p99)),
            ("最慢 max", ms(self.max)),
            ("吞吐 queries/s", format!("{:.0}", self.queries_per_second)),
            ("平均命中 mean total", format!("{:.0}", self.mean_total)),
        ];
        writeln!(f, "搜索基准 search benchmark")?;
        for (label, value) in rows {
            // Chinese characters take two columns; pad by display width.
            let width: usize = label
                .chars()
                .map(|c| if c.is_ascii() { 1 } else { 2 })
                .sum();
            let pad = 22usize.saturating_sub(width);
            writeln!(f, "  {label}{:pad$} {value:>12}", "")?;
        }
        Ok(())
    }
}
