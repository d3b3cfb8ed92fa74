//! The dashboard and the metric tables: rollup sums of a slice turned
//! into figures, as a whole and broken down by channel, item, department,
//! region, bundle or day.

use std::collections::BTreeMap;

use serde::Serialize;
use tongban_domain::auth::Actor;
use tongban_domain::catalog::{Catalog, ServiceItem};
use tongban_domain::metrics::{Availability, Figures};
use tongban_store::{Group, SliceFilter};

use super::MetricsService;
use super::slice::{Slice, channel_label};
use crate::error::{Refusal, ServiceError};

/// Metrics whose data comes from modules not wired in yet: the API
/// lists them as pending instead of showing zeros.
pub const PENDING: &[(&str, &str, &str)] = &[
    (
        "satisfaction_rate",
        "满意率",
        "待好差评（reviews）提供按区划、事项和期间的汇总后接入",
    ),
    (
        "appeal_on_time_rate",
        "诉求按期办结率",
        "待诉求（appeals）提供按区划和期间的汇总后接入",
    ),
    (
        "appeal_reopen_rate",
        "诉求重办率",
        "待诉求（appeals）提供按区划和期间的汇总后接入",
    ),
];

/// A metric not available yet, and why.
#[derive(Debug, Clone, Serialize)]
pub struct PendingMetric {
    pub code: &'static str,
    pub label: &'static str,
    pub status: &'static str,
    pub reason: &'static str,
}

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

    fn group(self) -> Group {
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
    /// Metrics not available yet.
    pub pending: Vec<PendingMetric>,
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
            pending: PENDING
                .iter()
                .map(|(code, label, reason)| PendingMetric {
                    code,
                    label,
                    status: "pending",
                    reason,
                })
                .collect(),
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
        let sums = self
            .store
            .sum_rollups(&filter, kind.group())
            .await
            .map_err(ServiceError::store)?;
        let catalog = self.catalog.load_catalog().await?;
        let names = Names::of(&catalog);
        let rows = sums
            .into_iter()
            .map(|r| {
                let availability = availability(&catalog, &filter, kind, &r.group);
                TableRow {
                    label: names.label(kind, &r.group),
                    figures: Figures::of(&r.counters, availability),
                    key: r.group,
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

/// Catalog items in the slice (and in the row's group, for item,
/// department and region rows); `None` where online depth means nothing
/// (channel, bundle and day rows).
fn availability(
    catalog: &Catalog,
    filter: &SliceFilter,
    kind: TableKind,
    group: &str,
) -> Option<Availability> {
    let bundle_members: Option<Vec<String>> = filter.bundle.as_ref().map(|b| {
        catalog
            .bundles
            .iter()
            .filter(|x| x.code.as_str() == b)
            .flat_map(|x| x.members.iter().map(|m| m.item.to_string()))
            .collect()
    });
    let in_slice = |i: &&ServiceItem| {
        filter
            .region_within
            .as_ref()
            .is_none_or(|r| i.region.is_within(r))
            && filter
                .department
                .as_deref()
                .is_none_or(|d| i.department.as_str() == d)
            && filter.item.as_deref().is_none_or(|c| i.code.as_str() == c)
            && bundle_members
                .as_ref()
                .is_none_or(|m| m.iter().any(|c| c == i.code.as_str()))
    };
    let items = catalog.items.iter().filter(in_slice);
    match kind {
        TableKind::Summary => Some(Availability::of(items)),
        TableKind::Items if !group.is_empty() => {
            Some(Availability::of(items.filter(|i| i.code.as_str() == group)))
        }
        TableKind::Departments => Some(Availability::of(
            items.filter(|i| i.department.as_str() == group),
        )),
        TableKind::Regions => Some(Availability::of(
            items.filter(|i| i.region.as_str() == group),
        )),
        _ => None,
    }
}

/// Chinese names of codes, for row labels.
struct Names {
    by_code: BTreeMap<String, String>,
}

impl Names {
    fn of(catalog: &Catalog) -> Names {
        let mut by_code = BTreeMap::new();
        for r in &catalog.regions {
            by_code.insert(format!("region:{}", r.code), r.name.clone());
        }
        for d in &catalog.departments {
            by_code.insert(format!("department:{}", d.code), d.name.clone());
        }
        for i in &catalog.items {
            by_code.insert(format!("item:{}", i.code), i.name.clone());
        }
        for b in &catalog.bundles {
            by_code.insert(format!("bundle:{}", b.code), b.name.clone());
        }
        Names { by_code }
    }

    fn label(&self, kind: TableKind, key: &str) -> String {
        let named = |prefix: &str, empty: &str| {
            if key.is_empty() {
                return empty.to_string();
            }
            self.by_code
                .get(&format!("{prefix}:{key}"))
                .cloned()
                .unwrap_or_else(|| key.to_string())
        };
        match kind {
            TableKind::Summary => "全部".to_string(),
            TableKind::Channels => channel_label(key).to_string(),
            TableKind::Items => named("item", "一件事整体"),
            TableKind::Departments => named("department", "未知部门"),
            TableKind::Regions => named("region", "未知区划"),
            TableKind::Bundles => named("bundle", "单事项"),
            TableKind::Days => key.to_string(),
        }
    }
}
