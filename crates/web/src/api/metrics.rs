//! Supervision metrics endpoints (效能监察与改革成效): the dashboard of a
//! slice, every metric table as JSON (one page of rows at a time), CSV or
//! XLSX (the whole table, Chinese headers). Supervisors only; a slice
//! outside the caller's region answers 404. Formulas: docs/metrics.md.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tongban_service::metrics::{Dashboard, Format, Slice, Table, TableKind, TableRow, export};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::account::session::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiPath, ApiQuery};

/// This module's documented routes (nested under `/api/v1`).
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(dashboard))
        .routes(routes!(table))
}

/// The dashboard of a slice: every figure of the whole slice, volumes by
/// channel, and the metrics still pending.
#[utoipa::path(
    get,
    path = "/metrics/dashboard",
    tag = "metrics",
    params(
        ("from" = Option<String>, Query, description = "开始日期 YYYY-MM-DD（默认一年前）"),
        ("to" = Option<String>, Query, description = "结束日期 YYYY-MM-DD（默认今天）"),
        ("region" = Option<String>, Query, description = "行政区划（含下级，默认本人辖区）"),
        ("department" = Option<String>, Query, description = "部门编码"),
        ("item" = Option<String>, Query, description = "事项编码"),
        ("bundle" = Option<String>, Query, description = "一件事编码"),
        ("channel" = Option<String>, Query, description = "办理渠道：window、online、proxy、remote"),
    ),
    responses(
        (status = 200, description = "统计看板", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "只有效能监察人员可以查看", body = ErrorBody),
        (status = 404, description = "区划不在您的辖区范围内", body = ErrorBody),
    ),
    security(("session" = []), ("bearer" = []))
)]
pub async fn dashboard(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiQuery(slice): ApiQuery<Slice>,
) -> Result<Json<Dashboard>, ApiError> {
    Ok(Json(state.metrics.dashboard(&user.actor, &slice).await?))
}

/// Rows of a JSON table page when the request names no `limit`.
const DEFAULT_ROWS: usize = 500;
/// The largest `limit` of a JSON table page.
const MAX_ROWS: usize = 1000;

/// Which rows of a table a JSON answer holds.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
pub struct Page {
    /// Rows per page, 1 to 1000 (default 500).
    pub limit: Option<usize>,
    /// Rows to skip (default 0).
    pub offset: Option<usize>,
}

/// One page of a metric table: the table's heading, how many rows it has
/// in all, and the rows from `offset` on.
#[derive(Debug, Serialize)]
struct TablePage<'a> {
    kind: TableKind,
    title: &'static str,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    region: &'a str,
    total_rows: usize,
    offset: usize,
    limit: usize,
    rows: &'a [TableRow],
}

impl Page {
    /// The page of `table` these parameters ask for; a `limit` out of
    /// range is refused (`invalid_page`).
    fn of<'a>(&self, table: &'a Table) -> Result<TablePage<'a>, ApiError> {
        let limit = self.limit.unwrap_or(DEFAULT_ROWS);
        if !(1..=MAX_ROWS).contains(&limit) {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_page",
                format!("每页行数 limit 应在 1 到 {MAX_ROWS} 之间"),
            ));
        }
        let offset = self.offset.unwrap_or(0);
        let start = offset.min(table.rows.len());
        let end = start.saturating_add(limit).min(table.rows.len());
        Ok(TablePage {
            kind: table.kind,
            title: table.title,
            from: table.from,
            to: table.to,
            region: &table.region,
            total_rows: table.rows.len(),
            offset,
            limit,
            rows: &table.rows[start..end],
        })
    }
}

/// One metric table: `summary`, `channels`, `items`, `departments`,
/// `regions`, `bundles` or `days`. As JSON one page of rows at a time
/// (`limit`, `offset`; `total_rows` says how many there are); with `.csv`
/// or `.xlsx` appended, the whole table as a file with Chinese headers.
#[utoipa::path(
    get,
    path = "/metrics/{table}",
    tag = "metrics",
    params(
        ("table" = String, Path, description = "统计表，如 items、items.csv、items.xlsx"),
        ("from" = Option<String>, Query, description = "开始日期 YYYY-MM-DD"),
        ("to" = Option<String>, Query, description = "结束日期 YYYY-MM-DD"),
        ("region" = Option<String>, Query, description = "行政区划（含下级）"),
        ("department" = Option<String>, Query, description = "部门编码"),
        ("item" = Option<String>, Query, description = "事项编码"),
        ("bundle" = Option<String>, Query, description = "一件事编码"),
        ("channel" = Option<String>, Query, description = "办理渠道"),
        ("limit" = Option<usize>, Query, minimum = 1, maximum = 1000, description = "JSON 每页行数（默认 500，最多 1000；CSV、XLSX 为整表）"),
        ("offset" = Option<usize>, Query, minimum = 0, description = "JSON 跳过的行数（默认 0）"),
    ),
    responses(
        (status = 200, description = "统计表（JSON 为一页，含 total_rows；CSV、XLSX 为整表）", body = Object),
        (status = 400, description = "每页行数超出范围（invalid_page）", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "只有效能监察人员可以查看", body = ErrorBody),
        (status = 404, description = "没有这张统计表，或区划不在您的辖区范围内", body = ErrorBody),
    ),
    security(("session" = []), ("bearer" = []))
)]
pub async fn table(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(name): ApiPath<String>,
    ApiQuery(slice): ApiQuery<Slice>,
    ApiQuery(page): ApiQuery<Page>,
) -> Result<Response, ApiError> {
    let (code, format) = match name.rsplit_once('.') {
        Some((code, ext)) => match Format::of_extension(ext) {
            Some(f) => (code, Some(f)),
            None => (name.as_str(), None),
        },
        None => (name.as_str(), None),
    };
    let kind = TableKind::parse(code)?;
    let table: Table = state.metrics.table(&user.actor, kind, &slice).await?;
    let Some(format) = format else {
        return Ok(Json(page.of(&table)?).into_response());
    };
    let bytes = export(&table, format)?;
    let file = format!(
        "attachment; filename=\"metrics-{}.{}\"",
        kind.code(),
        match format {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    );
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (header::CONTENT_DISPOSITION, file),
        ],
        bytes,
    )
        .into_response())
}
