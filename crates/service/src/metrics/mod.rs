//! Supervision metrics (效能监察与改革成效): the rollup job, dashboards
//! and tables over a slice, and their CSV/XLSX exports.
//!
//! [`MetricsService::refresh`] is the job step every node runs: it counts
//! the cases of new outbox events into the rollups (the store makes each
//! count happen once). [`MetricsService::dashboard`] and
//! [`MetricsService::table`] sum rollup rows of a slice (never the cases)
//! within the supervisor's region, and apply the formulas of
//! `tongban_domain::metrics` (docs/metrics.md).

mod catalog;
mod export;
pub mod generate;
mod memo;
mod slice;
mod tables;

use std::sync::{Arc, OnceLock};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use tongban_domain::clock::WorkCalendar;
use tongban_domain::metrics::{
    CaseFacts, CatalogFacts, Contribution, SubmissionFacts, WarningFact, add_rating, contribution,
};
use tongban_store::{MetricsStore, QueueStats, RollupCase};

use crate::accounts::{AccountService, Clock};
use crate::error::ServiceError;
use crate::service::CatalogService;

pub use export::{Format, export};
pub use generate::{Expected, Generated, generate};
pub use slice::Slice;
pub use tables::{Dashboard, MetricRow, Table, TableKind, TableRow};

/// Events counted per rollup transaction.
const BATCH: i64 = 200;

/// Metric tables summed at once on one node. A table of a province over
/// its whole history sums hundreds of thousands of cube rows and holds
/// one row per item in memory; more at once would only take every reader
/// connection from the other requests and multiply the memory (a
/// five-minute mixed load on 1M generated cases had about 19 dashboard
/// requests in flight and peaked at 341 MiB before this bound). Callers
/// beyond it wait their turn, holding nothing.
const TABLES_AT_ONCE: usize = 2;

/// The supervision metrics use cases. Cheap to share behind an `Arc`.
pub struct MetricsService {
    store: Arc<dyn MetricsStore>,
    catalog: Arc<CatalogService>,
    accounts: Arc<AccountService>,
    clock: Arc<dyn Clock>,
    calendar: OnceLock<Result<WorkCalendar, String>>,
    views: catalog::CatalogCache,
    /// Permits for summing a table ([`TABLES_AT_ONCE`]).
    tables_at_once: tokio::sync::Semaphore,
    /// Summed rows kept while the cube is unchanged.
    memo: memo::Memo,
}

impl MetricsService {
    /// A service over `store`, reading items and bundles from `catalog`
    /// and gating every read through `accounts`.
    pub fn new(
        store: Arc<dyn MetricsStore>,
        catalog: Arc<CatalogService>,
        accounts: Arc<AccountService>,
        clock: Arc<dyn Clock>,
    ) -> MetricsService {
        MetricsService {
            store,
            catalog,
            accounts,
            clock,
            calendar: OnceLock::new(),
            views: catalog::CatalogCache::default(),
            tables_at_once: tokio::sync::Semaphore::new(TABLES_AT_ONCE),
            memo: memo::Memo::default(),
        }
    }

    /// The rollup job step: counts the cases of every outbox event not
    /// counted yet; returns how many events it counted. Idempotent and
    /// safe on several nodes; call it every minute (and after a batch of
    /// case changes, for fresh figures).
    pub async fn refresh(&self, now: DateTime<Utc>) -> Result<usize, ServiceError> {
        let count = self.contributor().await?;
        let mut total = 0;
        loop {
            let round = self
                .store
                .roll_up(now, BATCH, &*count)
                .await
                .map_err(ServiceError::store)?;
            report_failures(&round.failed);
            total += round.events;
            if (round.events as i64) < BATCH {
                break;
            }
        }
        Ok(total)
    }

    /// Rebuilds the rollups from scratch: forgets every count, then
    /// recounts every case and appeal; returns how many cases. Rounds running
    /// meanwhile stay consistent (a case recounted twice adds nothing).
    pub async fn rebuild(&self, now: DateTime<Utc>) -> Result<usize, ServiceError> {
        let count = self.contributor().await?;
        self.store
            .reset_rollups()
            .await
            .map_err(ServiceError::store)?;
        let mut after = None;
        let mut total = 0;
        loop {
            let (round, last) = self
                .store
                .recount_cases(after.as_ref(), BATCH, now, &*count)
                .await
                .map_err(ServiceError::store)?;
            report_failures(&round.failed);
            total += round.cases;
            match last {
                Some(last) if round.cases as i64 >= BATCH => after = Some(last),
                _ => break,
            }
        }
        let mut after: Option<String> = None;
        let mut appeals = 0;
        loop {
            let (n, last) = self
                .store
                .recount_appeals(after.as_deref(), BATCH, now)
                .await
                .map_err(ServiceError::store)?;
            appeals += n;
            match last {
                Some(last) if n as i64 >= BATCH => after = Some(last),
                _ => break,
            }
        }
        tracing::info!(cases = total, appeals, "统计汇总已重建");
        Ok(total)
    }

    /// The outbox backlog (for `/metrics`).
    pub async fn queue_stats(&self) -> Result<QueueStats, ServiceError> {
        self.store.queue_stats().await.map_err(ServiceError::store)
    }

    /// The current catalog revision, prepared for the tables (cached per
    /// revision).
    async fn catalog_view(&self) -> Result<Arc<catalog::CatalogView>, ServiceError> {
        self.views.view(&self.catalog).await
    }

    /// The contribution function over the current catalog.
    async fn contributor(&self) -> Result<Box<tongban_store::Contributor>, ServiceError> {
        let view = self.catalog_view().await?;
        let catalog: CatalogFacts = view.facts.clone();
        let calendar = self.calendar()?.clone();
        Ok(Box::new(move |input: &RollupCase| {
            contribute(input, &catalog, &calendar)
        }))
    }

    /// The national working-day calendar, read once.
    fn calendar(&self) -> Result<&WorkCalendar, ServiceError> {
        self.calendar
            .get_or_init(|| WorkCalendar::national().map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| ServiceError::Unavailable(format!("工作日历无法读取：{e}")))
    }

    /// Today in Beijing.
    fn today(&self) -> NaiveDate {
        local_date(self.clock.now())
    }
}

/// One case's contribution, from what the store read.
fn contribute(
    input: &RollupCase,
    catalog: &CatalogFacts,
    calendar: &WorkCalendar,
) -> Result<Contribution, String> {
    let warnings: Vec<WarningFact> = input
        .warnings
        .iter()
        .map(|w| WarningFact {
            member: w
                .member
                .as_deref()
                .and_then(|m| tongban_domain::ident::Code::parse(m).ok()),
            red: w.red,
            raised_on: local_date(w.raised_at),
        })
        .collect();
    let submission = input.submission.as_ref().map(SubmissionFacts::from_record);
    let facts = CaseFacts {
        case: &input.case,
        warnings: &warnings,
        submission: submission.as_ref(),
    };
    let mut out = contribution(facts, catalog, calendar).map_err(|e| e.to_string())?;
    if let Some(rating) = &input.rating {
        add_rating(&mut out, &input.case, rating);
    }
    Ok(out)
}

fn report_failures(failed: &[(String, String)]) {
    for (case_no, reason) in failed {
        tracing::error!(case_no = %case_no, reason = %reason, "办件无法计入统计");
    }
}

/// The Beijing (UTC+8) date of `at`.
pub(crate) fn local_date(at: DateTime<Utc>) -> NaiveDate {
    match FixedOffset::east_opt(8 * 3600) {
        Some(cst) => at.with_timezone(&cst).date_naive(),
        None => at.date_naive(),
    }
}
