//! The dashboard and the metric tables: rollup sums of a slice turned
//! into figures, as a whole and broken down by channel, item, department,
//! region, bundle or day.

use std::sync::Arc;

use serde::Serialize;
use tongban_domain::auth::Actor;
use tongban_domain::metrics::{Counter, Figures};
use tongban_store::{Group, RollupRow, SliceFilter};

use super::slice::Slice;
use super::{MetricsService, memo};
use crate::error::{Refusal, ServiceError};

/// Which breakdown a table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// 总体: the whole slice, one row.
    Summary,
    /// 按渠道.
    Channels,
    /// 按事项.
    Items,
    /// 按部门.
    Departments,
    /// 按区划.
    Regions,
    /// 按一件事.
    Bundles,
    /// 按日.
    Days,
}

impl TableKind {
    /// Every table.
    pub const ALL: [TableKind; 7] = [
        TableKind::Summary,
        TableKind::Channels,
        TableKind::Items,
        TableKind::Departments,
        TableKind::Regions,
        TableKind::Bundles,
        TableKind::Days,
    ];

    /// Stable code (the API path segment).
    pub fn code(self) -> &'static str {
        match self {
            TableKind::Summary => "summary",
            TableKind::Channels => "channels",
            TableKind::Items => "items",
            TableKind::Departments => "departments",
            TableKind::Regions => "regions",
            TableKind::Bundles => "bundles",
            TableKind::Days => "days",
        }
    }

    /// The table named by `code`.
    pub fn parse(code: &str) -> Result<TableKind, ServiceError> {
        TableKind::ALL
            .into_iter()
            .find(|k| k.code() == code)
            .ok_or_else(|| {
                ServiceError::refused(
                    Refusal::NotFound,
                    "metric_table_not_found",
                    format!("统计表“{code}”不存在"),
                )
            })
    }

    /// Chinese title.
    pub fn title(self) -> &'static str {
        match self {
            TableKind::Summary => "总体指标",
            TableKind::Channels => "按办理渠道",
            TableKind::Items => "按事项",
            TableKind::Departments => "按部门",
            TableKind::Regions => "按行政区划",
            TableKind::Bundles => "按一件事",
            TableKind::Days => "按日",
        }
    }

    /// The header of the first column.
    pub fn key_header(self) -> &'static str {
        match self {
            TableKind::Summary => "范围",
            TableKind::Channels => "办理渠道",
            TableKind::Items => "事项",
            TableKind::Departments => "部门",
            TableKind::Regions => "行政区划",
            TableKind::Bundles => "一件事",
            TableKind::Days => "日期",
        }
    }

    pub(super) fn group(self) -> Group {
        match self {
            TableKind::Summary => Group::Total,
            TableKind::Channels => Group::Channel,
            TableKind::Items => Group::Item,
            TableKind::Departments => Group::Department,
            TableKind::Regions => Group::Region,
            TableKind::Bundles => Group::Bundle,
            TableKind::Days => Group::Day,
        }
    }
}

/// One row of a table: its key, a Chinese label and every figure.
#[derive(Debug, Clone, Serialize)]
pub struct TableRow {
    pub key: String,
    pub label: String,
    pub figures: Figures,
}

/// A metric table over a slice.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub kind: TableKind,
    pub title: &'static str,
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub region: String,
    pub rows: Vec<TableRow>,
}

/// One headline metric with its value, for the dashboard.
#[derive(Debug, Clone, Serialize)]
pub struct MetricRow {
    pub code: &'static str,
    pub label: &'static str,
    pub value: Option<f64>,
}

/// The supervisor dashboard of a slice.
#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub region: String,
    /// Every figure of the whole slice.
    pub figures: Figures,
    /// Volumes and rates by channel.
    pub channels: Vec<TableRow>,
}

impl MetricsService {
    /// The dashboard of `slice`, within `actor`'s region.
    pub async fn dashboard(&self, actor: &Actor, slice: &Slice) -> Result<Dashboard, ServiceError> {
        let summary = self.table(actor, TableKind::Summary, slice).await?;
        let channels = self.table(actor, TableKind::Channels, slice).await?;
        let figures = summary
            .rows
            .into_iter()
            .next()
            .map(|r| r.figures)
            .ok_or_else(|| ServiceError::Unavailable("统计汇总缺少总体一行".into()))?;
        Ok(Dashboard {
            from: summary.from,
            to: summary.to,
            region: summary.region,
            figures,
            channels: channels.rows,
        })
    }

    /// One metric table of `slice`, within `actor`'s region.
    pub async fn table(
        &self,
        actor: &Actor,
        kind: TableKind,
        slice: &Slice,
    ) -> Result<Table, ServiceError> {
        let filter = self.filter(actor, slice)?;
        let sums = self.sums(&filter, kind.group(), None).await?;
        self.rows_of(kind, filter, &sums).await
    }

    /// The `limit` rows of a breakdown with the most `by` (e.g. the items
    /// with the most submissions), largest first, within `actor`'s region.
    pub async fn top(
        &self,
        actor: &Actor,
        kind: TableKind,
        slice: &Slice,
        by: Counter,
        limit: u32,
    ) -> Result<Table, ServiceError> {
        let filter = self.filter(actor, slice)?;
        let sums = self
            .sums(&filter, kind.group(), Some((by, i64::from(limit))))
            .await?;
        self.rows_of(kind, filter, &sums).await
    }

    /// The summed rows of a slice (ranked, with `top`): kept ones while the
    /// cube is unchanged (`memo`), else summed now, by at most
    /// `TABLES_AT_ONCE` callers at a time.
    async fn sums(
        &self,
        filter: &SliceFilter,
        group: Group,
        top: Option<(Counter, i64)>,
    ) -> Result<Arc<Vec<RollupRow>>, ServiceError> {
        let version = self
            .store
            .rollup_version()
            .await
            .map_err(ServiceError::store)?;
        let key = memo::Key {
            filter: filter.clone(),
            group,
            top,
        };
        if let Some(rows) = self.memo.get(&key, version) {
            return Ok(rows);
        }
        let _turn = self
            .tables_at_once
            .acquire()
            .await
            .map_err(|_| ServiceError::Unavailable("统计服务正在停止".into()))?;
        // Another caller may have summed it while this one waited.
        if let Some(rows) = self.memo.get(&key, version) {
            return Ok(rows);
        }
        let rows = match top {
            None => self.store.sum_rollups(filter, group).await,
            Some((by, limit)) => self.store.top_rollups(filter, group, by, limit).await,
        }
        .map_err(ServiceError::store)?;
        let rows = Arc::new(rows);
        self.memo.put(key, version, Arc::clone(&rows));
        Ok(rows)
    }

    /// Summed rows turned into a table: labels and figures.
    async fn rows_of(
        &self,
        kind: TableKind,
        filter: SliceFilter,
        sums: &[RollupRow],
    ) -> Result<Table, ServiceError> {
        let view = self.catalog_view().await?;
        let available = view.availability(&filter, kind);
        let rows = sums
            .iter()
            .map(|r| {
                let availability = match kind {
                    TableKind::Summary | TableKind::Departments | TableKind::Regions => {
                        Some(available.get(&r.group).copied().unwrap_or_default())
                    }
                    TableKind::Items if !r.group.is_empty() => {
                        Some(available.get(&r.group).copied().unwrap_or_default())
                    }
                    _ => None,
                };
                TableRow {
                    label: view.label(kind, &r.group),
                    figures: Figures::of(&r.counters, availability),
                    key: r.group.clone(),
                }
            })
            .collect();
        Ok(Table {
            kind,
            title: kind.title(),
            from: filter.from,
            to: filter.to,
            region: filter
                .region_within
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            rows,
        })
    }
}
