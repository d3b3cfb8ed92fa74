//! Breakdown tables (by region, department, item, bundle, channel), each
//! with links to its CSV and XLSX export (the metrics API, same slice),
//! and the charts drawn from them.

use maud::{Markup, html};
use tongban_domain::metrics::Figures;
use tongban_service::metrics::TableRow;

use super::Filters;
use super::charts::{self, Theme};
use super::data::trend;
use super::figures::Metric;
use super::format::{Shown, figure};

/// Columns every breakdown shows.
const COMMON: &[Metric] = &[
    Metric {
        name: "cases_submitted",
        label: "申报件数",
        read: |f| Shown::Count(f.cases_submitted),
    },
    Metric {
        name: "cases_done",
        label: "办结件数",
        read: |f| Shown::Count(f.cases_done),
    },
    Metric {
        name: "items_decided",
        label: "办结事项数",
        read: |f| Shown::Count(f.items_decided),
    },
    Metric {
        name: "on_time_promised",
        label: "按期办结率",
        read: |f| Shown::rate(&f.on_time_promised),
    },
    Metric {
        name: "average_days",
        label: "平均办理工作日",
        read: |f| Shown::Days(f.average_days),
    },
    Metric {
        name: "at_most_one_trip",
        label: "最多跑一次率",
        read: |f| Shown::rate(&f.at_most_one_trip),
    },
    Metric {
        name: "warnings_raised",
        label: "预警数",
        read: |f| Shown::Count(f.warnings_raised),
    },
];

/// Columns of rows that have a catalog (region, department, item).
const AVAILABILITY: &[Metric] = &[
    Metric {
        name: "online_available",
        label: "网上可办率",
        read: |f| Shown::Percent(f.online_available.and_then(|r| r.percent)),
    },
    Metric {
        name: "fully_online",
        label: "全程网办率",
        read: |f| Shown::Percent(f.fully_online.and_then(|r| r.percent)),
    },
];

/// The realised savings of bundle rows.
const SAVINGS: &[Metric] = &[
    Metric {
        name: "bundle_cases_done",
        label: "一件事办结件数",
        read: |f| Shown::Count(f.bundle_cases_done),
    },
    Metric {
        name: "saved_materials",
        label: "减材料",
        read: |f| Shown::Count(f.saved_materials),
    },
    Metric {
        name: "saved_days",
        label: "减时限（工作日）",
        read: |f| Shown::Days(Some(f.saved_days)),
    },
    Metric {
        name: "saved_steps",
        label: "减环节",
        read: |f| Shown::Count(f.saved_steps),
    },
    Metric {
        name: "saved_trips",
        label: "减跑动",
        read: |f| Shown::Count(f.saved_trips),
    },
];

/// Which breakdown, for its title, export name and columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Regions,
    Departments,
    Items,
    Bundles,
    Channels,
}

impl Kind {
    fn code(self) -> &'static str {
        match self {
            Kind::Regions => "regions",
            Kind::Departments => "departments",
            Kind::Items => "items",
            Kind::Bundles => "bundles",
            Kind::Channels => "channels",
        }
    }

    fn head(self) -> (&'static str, &'static str) {
        match self {
            Kind::Regions => ("按行政区划", "行政区划"),
            Kind::Departments => ("按部门", "部门"),
            Kind::Items => ("事项排行（申报件数前十）", "事项"),
            Kind::Bundles => ("一件事改革成效", "一件事"),
            Kind::Channels => ("按办理渠道", "办理渠道"),
        }
    }

    fn columns(self) -> Vec<&'static Metric> {
        let extra: &[Metric] = match self {
            Kind::Regions | Kind::Departments | Kind::Items => AVAILABILITY,
            Kind::Bundles => SAVINGS,
            Kind::Channels => &[],
        };
        COMMON.iter().chain(extra.iter()).collect()
    }

    /// The drill-down of a row, if this breakdown has one.
    fn drill(self, key: &str, query: &str) -> Option<String> {
        if key.is_empty() {
            return None;
        }
        match self {
            Kind::Items => Some(format!("/workbench/dashboard/items/{key}{query}")),
            Kind::Bundles => Some(format!("/workbench/dashboard/bundles/{key}{query}")),
            _ => None,
        }
    }
}

/// The CSV and XLSX links of one metric table for these filters.
pub fn exports(table: &str, filters: &Filters) -> Markup {
    let q = filters.query();
    html! {
        p.exports data-exports=(table) {
            "导出："
            a href=(format!("/api/v1/metrics/{table}.csv{q}")) download { "CSV" }
            a href=(format!("/api/v1/metrics/{table}.xlsx{q}")) download { "XLSX" }
        }
    }
}

/// One breakdown table with its exports; rows link to drill-downs.
pub fn table(kind: Kind, rows: &[TableRow], filters: &Filters) -> Markup {
    let (title, key_header) = kind.head();
    let columns = kind.columns();
    let drill_query = filters.period_and_place().query();
    html! {
        section.breakdown data-table=(kind.code()) {
            h2 { (title) }
            (exports(kind.code(), filters))
            @if rows.is_empty() {
                p.empty { "该范围内暂无数据。" }
            } @else {
                div.table-wrap { table.breakdown {
                    thead { tr {
                        th { (key_header) }
                        @for c in &columns { th.num { (c.label) } }
                    } }
                    tbody {
                        @for r in rows {
                            tr data-key=(r.key) {
                                td {
                                    @if let Some(href) = kind.drill(&r.key, &drill_query) {
                                        a href=(href) { (r.label) }
                                    } @else { (r.label) }
                                }
                                @for c in &columns { td.num { (figure(c.name, (c.read)(&r.figures))) } }
                            }
                        }
                    }
                } }
            }
        }
    }
}

/// The ten items with most cases submitted (the whole-bundle row left out).
pub fn top_items(rows: &[TableRow]) -> Vec<TableRow> {
    let mut items: Vec<TableRow> = rows.iter().filter(|r| !r.key.is_empty()).cloned().collect();
    items.sort_by(|a, b| {
        b.figures
            .cases_submitted
            .cmp(&a.figures.cases_submitted)
            .then_with(|| a.key.cmp(&b.key))
    });
    items.truncate(10);
    items
}

fn bars_of(rows: &[TableRow], read: fn(&Figures) -> i64) -> Vec<(String, f64)> {
    rows.iter()
        .map(|r| (r.label.clone(), read(&r.figures) as f64))
        .collect()
}

/// The volumes-by-channel, regions and daily-trend charts.
pub fn charts(
    channels: &[TableRow],
    regions: &[TableRow],
    days: &[TableRow],
    theme: Theme,
) -> Markup {
    let (labels, submitted, decided) = trend(days);
    html! {
        (charts::bars("channels", "申报件数（按办理渠道）", &bars_of(channels, |f| f.cases_submitted), theme))
        (charts::bars("regions", "申报件数（按行政区划）", &bars_of(regions, |f| f.cases_submitted), theme))
        (charts::lines("trend", "每日趋势", &labels, &[("申报件数", submitted), ("办结事项数", decided)], theme))
    }
}
