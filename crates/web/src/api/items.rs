//! `GET /items` (search) and `GET /items/{code}`.

use axum::Json;
use axum::extract::State;

use super::dto::{ItemDto, SearchResponse};
use super::params::SearchParams;
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiPath, ApiQuery};

/// Searches service items (empty `q` lists them), ranked, with filters.
#[utoipa::path(
    get,
    path = "/items",
    tag = "items",
    params(SearchParams),
    responses(
        (status = 200, description = "按相关度排序的事项", body = SearchResponse),
        (status = 400, description = "参数无效", body = ErrorBody),
        (status = 503, description = "服务暂不可用", body = ErrorBody),
    )
)]
pub async fn list_items(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<Json<SearchResponse>, ApiError> {
    let request = params.to_request();
    let page = state.service.search_items(&request).await?;
    Ok(Json(SearchResponse::new(
        page,
        request.limit as u32,
        request.offset as u32,
    )))
}

/// One service item in its catalog form.
#[utoipa::path(
    get,
    path = "/items/{code}",
    tag = "items",
    params(("code" = String, Path, description = "事项编码")),
    responses(
        (status = 200, description = "事项", body = ItemDto),
        (status = 400, description = "参数无效", body = ErrorBody),
        (status = 404, description = "事项不存在", body = ErrorBody),
        (status = 503, description = "服务暂不可用", body = ErrorBody),
    )
)]
pub async fn get_item(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<ItemDto>, ApiError> {
    Ok(Json(ItemDto(state.service.item(&code).await?)))
}
