//! `GET /bundles` (search), `GET /bundles/{code}` and the reform metrics.

use axum::Json;
use axum::extract::State;
use tongban_service::Answers;

use super::dto::{BundleDto, MetricsDto, MetricsRequest, SearchResponse};
use super::params::SearchParams;
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery};

/// Searches bundles (一件事; empty `q` lists them), ranked, with filters.
#[utoipa::path(
    get,
    path = "/bundles",
    tag = "bundles",
    params(SearchParams),
    responses(
        (status = 200, description = "按相关度排序的一件事", body = SearchResponse),
        (status = 400, description = "参数无效", body = ErrorBody),
        (status = 503, description = "服务暂不可用", body = ErrorBody),
    )
)]
pub async fn list_bundles(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<Json<SearchResponse>, ApiError> {
    let request = params.to_request();
    let page = state.service.search_bundles(&request).await?;
    Ok(Json(SearchResponse::new(
        page,
        request.limit as u32,
        request.offset as u32,
    )))
}

/// One bundle in its catalog form.
#[utoipa::path(
    get,
    path = "/bundles/{code}",
    tag = "bundles",
    params(("code" = String, Path, description = "一件事编码")),
    responses(
        (status = 200, description = "一件事", body = BundleDto),
        (status = 400, description = "参数无效", body = ErrorBody),
        (status = 404, description = "一件事不存在", body = ErrorBody),
        (status = 503, description = "服务暂不可用", body = ErrorBody),
    )
)]
pub async fn get_bundle(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<BundleDto>, ApiError> {
    Ok(Json(BundleDto(state.service.bundle(&code).await?)))
}

/// The bundle's reform metrics for the default answers (nothing answered).
#[utoipa::path(
    get,
    path = "/bundles/{code}/metrics",
    tag = "bundles",
    params(("code" = String, Path, description = "一件事编码")),
    responses(
        (status = 200, description = "改革成效（默认情形）", body = MetricsDto),
        (status = 400, description = "参数无效", body = ErrorBody),
        (status = 404, description = "一件事不存在", body = ErrorBody),
        (status = 503, description = "服务暂不可用", body = ErrorBody),
    )
)]
pub async fn get_metrics(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<MetricsDto>, ApiError> {
    let metrics = state.service.bundle_metrics(&code, &Answers::new()).await?;
    Ok(Json(metrics.into()))
}

/// The bundle's reform metrics for the given guidance answers.
#[utoipa::path(
    post,
    path = "/bundles/{code}/metrics",
    tag = "bundles",
    params(("code" = String, Path, description = "一件事编码")),
    request_body = MetricsRequest,
    responses(
        (status = 200, description = "改革成效（按回答选定的情形）", body = MetricsDto),
        (status = 400, description = "请求无效", body = ErrorBody),
        (status = 404, description = "一件事不存在", body = ErrorBody),
        (status = 413, description = "请求体过大", body = ErrorBody),
        (status = 415, description = "请求体不是 JSON", body = ErrorBody),
        (status = 422, description = "回答与问卷不符", body = ErrorBody),
        (status = 503, description = "服务暂不可用", body = ErrorBody),
    )
)]
pub async fn post_metrics(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
    ApiJson(body): ApiJson<MetricsRequest>,
) -> Result<Json<MetricsDto>, ApiError> {
    let answers = body.into_answers();
    let metrics = state.service.bundle_metrics(&code, &answers).await?;
    Ok(Json(metrics.into()))
}
