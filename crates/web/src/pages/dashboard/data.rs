//! What the supervision pages read: the dashboard of a slice and its
//! breakdown tables, all from `MetricsService` (one gate, one scope).

use chrono::{Days, NaiveDate};
use tongban_domain::auth::Actor;
use tongban_service::ServiceError;
use tongban_service::metrics::{Dashboard, Slice, Table, TableKind, TableRow};

use crate::AppState;

/// The figures of a slice and the breakdowns a page shows.
pub struct Overview {
    /// Figures of the whole slice, by channel, and the pending metrics.
    pub dashboard: Dashboard,
    /// 按行政区划.
    pub regions: Vec<TableRow>,
    /// 按日 (only days with counts; see [`trend`]).
    pub days: Vec<TableRow>,
    /// 按部门 (when asked for).
    pub departments: Vec<TableRow>,
    /// 按事项 (when asked for).
    pub items: Vec<TableRow>,
    /// 按一件事 (when asked for).
    pub bundles: Vec<TableRow>,
}

/// Which breakdowns besides regions and days.
#[derive(Debug, Clone, Copy, Default)]
pub struct Wanted {
    pub departments: bool,
    pub items: bool,
    pub bundles: bool,
}

impl Overview {
    /// Reads the dashboard and the wanted tables of `slice` as `actor`.
    pub async fn load(
        state: &AppState,
        actor: &Actor,
        slice: &Slice,
        wanted: Wanted,
    ) -> Result<Overview, ServiceError> {
        let metrics = &state.metrics;
        let dashboard = metrics.dashboard(actor, slice).await?;
        let table = |kind: TableKind, on: bool| async move {
            if on {
                metrics
                    .table(actor, kind, slice)
                    .await
                    .map(|t: Table| t.rows)
            } else {
                Ok(Vec::new())
            }
        };
        let (regions, days, departments, items, bundles) = tokio::join!(
            table(TableKind::Regions, true),
            table(TableKind::Days, true),
            table(TableKind::Departments, wanted.departments),
            table(TableKind::Items, wanted.items),
            table(TableKind::Bundles, wanted.bundles),
        );
        Ok(Overview {
            dashboard,
            regions: regions?,
            days: days?,
            departments: departments?,
            items: items?,
            bundles: bundles?,
        })
    }
}

/// The daily trend: every day from the first to the last day with
/// counts (gaps filled with zeros, at most a year of days), as
/// (`MM-DD` labels, cases submitted, items decided).
pub fn trend(days: &[TableRow]) -> (Vec<String>, Vec<f64>, Vec<f64>) {
    let dated: Vec<(NaiveDate, &TableRow)> = days
        .iter()
        .filter_map(|r| {
            NaiveDate::parse_from_str(&r.key, "%Y-%m-%d")
                .ok()
                .map(|d| (d, r))
        })
        .collect();
    let (Some(first), Some(last)) = (
        dated.iter().map(|(d, _)| *d).min(),
        dated.iter().map(|(d, _)| *d).max(),
    ) else {
        return (Vec::new(), Vec::new(), Vec::new());
    };
    let first = first.max(last.checked_sub_days(Days::new(365)).unwrap_or(first));
    let mut labels = Vec::new();
    let mut submitted = Vec::new();
    let mut decided = Vec::new();
    let mut day = first;
    while day <= last {
        let row = dated.iter().find(|(d, _)| *d == day).map(|(_, r)| *r);
        labels.push(day.format("%m-%d").to_string());
        submitted.push(row.map_or(0.0, |r| r.figures.cases_submitted as f64));
        decided.push(row.map_or(0.0, |r| r.figures.items_decided as f64));
        match day.checked_add_days(Days::new(1)) {
            Some(next) => day = next,
            None => break,
        }
    }
    (labels, submitted, decided)
}
