//! `GET /regions` and `GET /departments`: the catalog's reference lists.

use axum::Json;
use axum::extract::State;

use super::dto::{DepartmentDto, RegionDto};
use crate::AppState;
use crate::error::{ApiError, ErrorBody};

/// Every region of the catalog, by code.
#[utoipa::path(
    get,
    path = "/regions",
    tag = "catalog",
    responses(
        (status = 200, description = "行政区划", body = Vec<RegionDto>),
        (status = 503, description = "服务暂不可用", body = ErrorBody),
    )
)]
pub async fn regions(State(state): State<AppState>) -> Result<Json<Vec<RegionDto>>, ApiError> {
    let regions = state.service.regions().await?;
    Ok(Json(regions.into_iter().map(RegionDto::from).collect()))
}

/// Every department of the catalog, by code.
#[utoipa::path(
    get,
    path = "/departments",
    tag = "catalog",
    responses(
        (status = 200, description = "实施机关", body = Vec<DepartmentDto>),
        (status = 503, description = "服务暂不可用", body = ErrorBody),
    )
)]
pub async fn departments(
    State(state): State<AppState>,
) -> Result<Json<Vec<DepartmentDto>>, ApiError> {
    let departments = state.service.departments().await?;
    Ok(Json(
        departments.into_iter().map(DepartmentDto::from).collect(),
    ))
}
