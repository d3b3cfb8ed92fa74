//! Supervision metrics endpoints (效能监察与改革成效): the dashboard of a
//! slice, every metric table as JSON, CSV or XLSX (Chinese headers).
//! Supervisors only; a slice outside the caller's region answers 404.
//! Formulas: docs/metrics.md.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use tongban_service::metrics::{Dashboard, Format, Slice, Table, TableKind, export};
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

/// One metric table: `summary`, `channels`, `items`, `departments`,
/// `regions`, `bundles` or `days`; as JSON, or with `.csv` / `.xlsx`
/// appended as a file with Chinese headers.
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
    ),
    responses(
        (status = 200, description = "统计表（JSON、CSV 或 XLSX）", body = Object),
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
        return Ok(Json(table).into_response());
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
