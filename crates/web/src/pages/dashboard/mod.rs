//! Supervision pages (效能监察): the dashboard with server-rendered SVG
//! charts, the warnings board, item and bundle drill-downs, the "hall now"
//! panel and the big-screen mode (一张图).
//!
//! Every figure comes from `MetricsService` (rollup sums of the slice,
//! within the supervisor's region, through the `supervise` gate); the
//! pages only lay them out, write numbers one way ([`format`]) and mark
//! each with `data-metric`. docs/dashboards.md describes the pages.

mod breakdown;
mod charts;
mod data;
mod drill;
mod figures;
mod format;
mod hall;
mod page;
mod screen;
mod warnings;

use axum::Router;
use axum::response::Response;
use axum::routing::get;
use chrono::NaiveDate;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;
use tongban_domain::ident::{Code, RegionCode};
use tongban_service::ServiceError;
use tongban_service::metrics::Slice;

use super::PageContext;
use crate::AppState;

/// The supervision pages.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/workbench/dashboard", get(page::dashboard_page))
        .route("/workbench/dashboard/warnings", get(warnings::board_page))
        .route("/workbench/dashboard/screen", get(screen::screen_page))
        .route("/workbench/dashboard/items/{code}", get(drill::item_page))
        .route(
            "/workbench/dashboard/bundles/{code}",
            get(drill::bundle_page),
        )
}

/// What a query value keeps unescaped: letters, digits and `-_.`
/// (dates and codes stay readable).
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.');

/// The filter form's fields, as typed (an empty field means "any").
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Filters {
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    department: Option<String>,
    #[serde(default)]
    item: Option<String>,
    #[serde(default)]
    bundle: Option<String>,
    #[serde(default)]
    channel: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn invalid(name: &str, reason: &str) -> ServiceError {
    ServiceError::InvalidParameter {
        name: name.into(),
        reason: reason.into(),
    }
}

impl Filters {
    /// The slice these filters ask for; a malformed field is refused
    /// with its name.
    pub(crate) fn slice(&self) -> Result<Slice, ServiceError> {
        let date = |name: &str, v: &Option<String>| {
            given(v)
                .map(|d| {
                    NaiveDate::parse_from_str(d, "%Y-%m-%d")
                        .map_err(|_| invalid(name, "日期应为 YYYY-MM-DD"))
                })
                .transpose()
        };
        let code = |name: &str, v: &Option<String>| {
            given(v)
                .map(|c| Code::parse(c).map_err(|_| invalid(name, "编码无效")))
                .transpose()
        };
        Ok(Slice {
            from: date("from", &self.from)?,
            to: date("to", &self.to)?,
            region: given(&self.region)
                .map(|r| RegionCode::parse(r).map_err(|_| invalid("region", "行政区划代码无效")))
                .transpose()?,
            department: code("department", &self.department)?,
            item: code("item", &self.item)?,
            bundle: code("bundle", &self.bundle)?,
            channel: given(&self.channel).map(str::to_string),
        })
    }

    /// The same filters without item and bundle (what a drill-down keeps).
    pub(crate) fn period_and_place(&self) -> Filters {
        Filters {
            item: None,
            bundle: None,
            ..self.clone()
        }
    }

    /// The filters as a query string (`from=…&to=…`), empty fields left
    /// out; starts with `?` unless empty.
    pub(crate) fn query(&self) -> String {
        let pairs = [
            ("from", &self.from),
            ("to", &self.to),
            ("region", &self.region),
            ("department", &self.department),
            ("item", &self.item),
            ("bundle", &self.bundle),
            ("channel", &self.channel),
        ];
        let joined: Vec<String> = pairs
            .iter()
            .filter_map(|(k, v)| {
                given(v).map(|v| format!("{k}={}", utf8_percent_encode(v, QUERY_VALUE)))
            })
            .collect();
        if joined.is_empty() {
            String::new()
        } else {
            format!("?{}", joined.join("&"))
        }
    }

    /// One field's value as typed (for the form).
    fn field(&self, name: &str) -> &str {
        let v = match name {
            "from" => &self.from,
            "to" => &self.to,
            "region" => &self.region,
            "department" => &self.department,
            "item" => &self.item,
            "bundle" => &self.bundle,
            _ => &self.channel,
        };
        given(v).unwrap_or_default()
    }
}

/// A refused or failed use case as a page: 403 for a role without the
/// `supervise` action, 404 for a region outside the supervisor's, 400
/// for a malformed filter.
fn failure(ctx: &PageContext, title: &str, err: &ServiceError) -> Response {
    super::reviews::refused(ctx, title, err)
}

/// The styles of the supervision pages (the big screen has its own).
const STYLE: &str = r#"
main { max-width: 78rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(10.5rem, 1fr)); gap: .6rem; margin: .6rem 0; }
.card { background: #fff; border: 1px solid var(--line); border-top: 3px solid var(--brand); padding: .5rem .7rem; }
.card .label { color: var(--muted); font-size: .9rem; }
.card .value { font-size: 1.6rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.card.pending { border-top-color: var(--line); }
.card .more { font-size: .85rem; }
.figure-group h3 { margin: 1rem 0 .2rem; font-size: 1.05rem; }
form.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; background: #fff; border: 1px solid var(--line); padding: .6rem .8rem; }
form.filters label { display: flex; flex-direction: column; font-size: .9rem; }
form.filters input, form.filters select { font: inherit; min-height: 2.2rem; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(30rem, 1fr)); gap: 1rem; }
figure.chart { margin: 0; background: #fff; border: 1px solid var(--line); padding: .5rem; }
figure.chart figcaption { font-weight: 600; }
figure.chart svg { width: 100%; height: auto; display: block; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.exports a { margin-right: .8rem; }
nav.dashboard-nav a { margin-right: 1rem; }
.level-red { color: #b3261e; font-weight: 600; }
.level-yellow { color: #7a4b00; font-weight: 600; }
.table-wrap { overflow-x: auto; }
"#;
