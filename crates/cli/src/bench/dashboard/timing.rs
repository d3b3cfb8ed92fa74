//! Timing the main dashboard queries through `MetricsService` (the API's
//! code path) and printing p50, p99 and max, after checking that the
//! rollups hold every synthetic case once.

use std::time::Instant;

use chrono::NaiveDate;
use tongban_domain::auth::{Actor, ActorKind, Role};
use tongban_domain::ident::{Code, RegionCode};
use tongban_domain::metrics::Counter;
use tongban_service::metrics::{Slice, TableKind};
use tongban_service::{MetricsService, ServiceError};

use super::DashboardArgs;
use super::synth::{PROVINCE, county};
use crate::failure::Failure;

/// One query of the report.
enum Query {
    Table(TableKind),
    Top(TableKind, u32),
    Dashboard,
}

fn failed(e: ServiceError) -> Failure {
    Failure::new(format!("统计查询失败：{e}"), "metrics query failed")
}

fn parse<T>(r: Result<T, impl std::fmt::Display>) -> Result<T, Failure> {
    r.map_err(|e| Failure::new(format!("基准参数无效：{e}"), "bad bench parameter"))
}

/// Checks the totals, then times every query `args.queries` times.
pub async fn report(metrics: &MetricsService, args: &DashboardArgs) -> Result<(), Failure> {
    let actor = Actor {
        id: "bench.supervisor".into(),
        kind: ActorKind::Staff,
        roles: vec![Role::Supervisor],
        region: Some(parse(RegionCode::parse(PROVINCE))?),
        department: None,
        token_scopes: None,
    };
    let year = |from: NaiveDate, to: NaiveDate| Slice {
        from: Some(from),
        to: Some(to),
        ..Slice::default()
    };
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
    let whole = year(d(2025, 1, 1), d(2025, 12, 31));
    let everything = year(d(2025, 1, 1), d(2026, 12, 31));
    let total = metrics
        .table(&actor, TableKind::Summary, &everything)
        .await
        .map_err(failed)?;
    let submitted = total.rows.first().map_or(0, |r| r.figures.cases_submitted);
    let status = if submitted == args.cases as i64 {
        "OK"
    } else {
        "MISMATCH"
    };
    println!(
        "check: rollup cases_submitted = {submitted}, cases generated = {} {status}",
        args.cases
    );
    if status != "OK" {
        return Err(Failure::new(
            "统计汇总的申报件数与生成的办件数不符",
            "rollup totals differ from the generated cases",
        ));
    }
    let top_item = Some(parse(Code::parse("it00000"))?);
    let one_county = Some(parse(RegionCode::parse(&county(0)))?);
    let rolling = year(d(2025, 1, 16), d(2026, 1, 15));
    let queries: Vec<(&str, Query, Slice)> = vec![
        (
            "province summary, 2025",
            Query::Table(TableKind::Summary),
            whole.clone(),
        ),
        (
            "province by channel, 2025",
            Query::Table(TableKind::Channels),
            whole.clone(),
        ),
        (
            "province by region, 2025",
            Query::Table(TableKind::Regions),
            whole.clone(),
        ),
        (
            "province top 20 items, 2025",
            Query::Top(TableKind::Items, 20),
            whole.clone(),
        ),
        (
            "one item by channel, 2025",
            Query::Table(TableKind::Channels),
            Slice {
                item: top_item,
                ..whole.clone()
            },
        ),
        (
            "one county summary, 2025",
            Query::Table(TableKind::Summary),
            Slice {
                region: one_county,
                ..whole.clone()
            },
        ),
        (
            "province dashboard (summary + channels), 2025",
            Query::Dashboard,
            whole.clone(),
        ),
        (
            "province summary, 2025-01-16..2026-01-15",
            Query::Table(TableKind::Summary),
            rolling,
        ),
    ];
    println!(
        "queries: {} runs each, through MetricsService",
        args.queries
    );
    for (name, query, slice) in &queries {
        let mut times = Vec::with_capacity(args.queries as usize);
        for _ in 0..args.queries {
            let started = Instant::now();
            match query {
                Query::Table(kind) => {
                    drop(metrics.table(&actor, *kind, slice).await.map_err(failed)?)
                }
                Query::Top(kind, n) => drop(
                    metrics
                        .top(&actor, *kind, slice, Counter::ItemsSubmitted, *n)
                        .await
                        .map_err(failed)?,
                ),
                Query::Dashboard => drop(metrics.dashboard(&actor, slice).await.map_err(failed)?),
            }
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        let at = |p: usize| times[((times.len() * p).div_ceil(100)).max(1) - 1];
        println!(
            "{name:<48} p50 {:>8.2} ms  p99 {:>8.2} ms  max {:>8.2} ms",
            at(50),
            at(99),
            times.last().copied().unwrap_or_default()
        );
    }
    Ok(())
}
