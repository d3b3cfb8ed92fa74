//! `/workbench/appeals/import`: a supervisor or window clerk uploads a
//! 12345 export (CSV or XLSX) with a saved column mapping; the page shows
//! how many appeals were imported and every bad row by its row number
//! with the reason. Re-importing the same file adds nothing.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use tongban_service::ServiceError;
use tongban_service::appeals::{ImportFormat, ImportReport};

use super::failure;
use crate::AppState;
use crate::account::csrf::CSRF_FIELD;
use crate::account::session::SignedInPage;
use crate::api::applications::UPLOAD_BODY_LIMIT;
use crate::pages::{PageContext, layout};

const TITLE: &str = "导入12345工单";

/// `GET /workbench/appeals/import`: the upload form.
pub(super) async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
) -> Response {
    let mappings = match state.appeals.mappings(&user.actor).await {
        Ok(m) => m,
        Err(err) => return failure(&ctx, TITLE, &err),
    };
    let csrf = user.csrf_token.clone().unwrap_or_default();
    let body = html! {
        h1 { (TITLE) }
        p { "上传12345热线导出的工单（CSV 或 XLSX，首行为表头），按已保存的列映射导入。同一工单编号只导入一次。" }
        @if mappings.is_empty() {
            p.empty data-code="appeal_no_mapping" { "尚未保存导入映射，请先通过接口 PUT /api/v1/appeals/mappings/{名称} 保存。" }
        } @else {
            form #import-form method="post" enctype="multipart/form-data" action="/workbench/appeals/import" {
                input type="hidden" name=(CSRF_FIELD) value=(csrf);
                label { "列映射"
                    select name="mapping" required {
                        @for m in &mappings { option value=(m.name) { (m.name) "（" (m.source.label()) "）" } }
                    }
                }
                label { "导出文件" input type="file" name="file" accept=".csv,.xlsx" required; }
                button type="submit" { "导入" }
            }
        }
        p { a href="/workbench/appeals/board" { "← 诉求督办看板" } }
    };
    layout(&ctx, TITLE, body).into_response()
}

/// The upload: the mapping's name, the file, the CSRF field.
struct Upload {
    mapping: String,
    bytes: Vec<u8>,
    csrf: String,
}

/// Reads the multipart form; `Err` carries the status and the reason.
async fn read(headers: &HeaderMap, body: Body) -> Result<Upload, (StatusCode, &'static str)> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let boundary = multer::parse_boundary(content_type).map_err(|_| {
        (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "请通过上传表单提交导出文件",
        )
    })?;
    let limits = multer::Constraints::new()
        .size_limit(multer::SizeLimit::new().whole_stream(UPLOAD_BODY_LIMIT as u64));
    let mut form = multer::Multipart::with_constraints(body.into_data_stream(), boundary, limits);
    let (mut mapping, mut bytes, mut csrf) = (String::new(), None, String::new());
    let broken = |e: multer::Error| match e {
        multer::Error::StreamSizeExceeded { .. } | multer::Error::FieldSizeExceeded { .. } => {
            (StatusCode::PAYLOAD_TOO_LARGE, "导入文件过大，请分批导入")
        }
        _ => (StatusCode::BAD_REQUEST, "上传内容无法读取，请重新选择文件"),
    };
    while let Some(field) = form.next_field().await.map_err(broken)? {
        match field.name().unwrap_or_default() {
            "mapping" => mapping = field.text().await.map_err(broken)?,
            CSRF_FIELD => csrf = field.text().await.map_err(broken)?,
            "file" => bytes = Some(field.bytes().await.map_err(broken)?.to_vec()),
            _ => {}
        }
    }
    let bytes = bytes
        .filter(|b| !b.is_empty())
        .ok_or((StatusCode::BAD_REQUEST, "请选择要导入的文件"))?;
    Ok(Upload {
        mapping,
        bytes,
        csrf,
    })
}

/// `POST /workbench/appeals/import` (multipart/form-data).
pub(super) async fn upload(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let upload = match read(&headers, body).await {
        Ok(u) => u,
        Err((status, message)) => {
            let body = html! { h1 { (TITLE) } p.error role="alert" { (message) } };
            return (status, layout(&ctx, TITLE, body)).into_response();
        }
    };
    let expected = user.csrf_token.clone().unwrap_or_default();
    if expected.is_empty() || !same(expected.as_bytes(), upload.csrf.as_bytes()) {
        tracing::info!(code = "csrf_rejected", "导入表单 CSRF 校验未通过，已拒绝");
        let body = html! { h1 { "请求被拒绝" } p data-code="csrf_rejected" { "表单已失效（安全校验未通过），请返回上一页刷新后重新提交" } };
        return (StatusCode::FORBIDDEN, layout(&ctx, "请求被拒绝", body)).into_response();
    }
    if upload.mapping.trim().is_empty() {
        let err = ServiceError::InvalidParameter {
            name: "mapping".into(),
            reason: "请选择列映射".into(),
        };
        return failure(&ctx, TITLE, &err);
    }
    match state
        .appeals
        .import(&user.actor, upload.mapping.trim(), &upload.bytes)
        .await
    {
        Ok(report) => layout(&ctx, TITLE, report_markup(&report)).into_response(),
        Err(err) => failure(&ctx, TITLE, &err),
    }
}

fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn report_markup(r: &ImportReport) -> Markup {
    let format = match r.format {
        ImportFormat::Csv => "CSV",
        ImportFormat::Xlsx => "XLSX",
    };
    html! {
        h1 { (TITLE) "：导入结果" }
        dl.facts #import-report {
            dt { "列映射" } dd { (r.mapping) }
            dt { "文件格式" } dd { (format) }
            dt { "数据行" } dd #rows { (r.rows) }
            dt { "新导入" } dd #imported { (r.imported) }
            dt { "此前已导入" } dd #already { (r.already_imported) }
            dt { "问题行" } dd #bad { (r.problems.len()) }
        }
        @if !r.problems.is_empty() {
            table #problems {
                thead { tr { th { "行号" } th { "代码" } th { "原因" } } }
                tbody {
                    @for p in &r.problems {
                        tr data-row=(p.row) { td { (p.row) } td { code { (p.code) } } td { (p.reason) } }
                    }
                }
            }
        }
        p { a href="/workbench/appeals/import" { "继续导入" } " · " a href="/workbench/appeals/board" { "诉求督办看板" } }
    }
}
