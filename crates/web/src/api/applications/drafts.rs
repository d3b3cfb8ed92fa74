//! `GET|POST /drafts`, `GET|DELETE /drafts/{id}`: the applicant's drafts.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use tongban_service::drafts::Draft;

use super::public::ApplicationBody;
use crate::AppState;
use crate::account::session::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath};

/// The caller's drafts (submitted ones included).
#[utoipa::path(
    get,
    path = "/drafts",
    tag = "applications",
    security(("session" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "草稿列表", body = Vec<Object>),
        (status = 401, description = "未登录", body = ErrorBody),
    )
)]
pub async fn list_drafts(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<Draft>>, ApiError> {
    Ok(Json(state.applications.drafts(&user.actor).await?))
}

/// Starts a draft for an item or a bundle with answers.
#[utoipa::path(
    post,
    path = "/drafts",
    tag = "applications",
    security(("session" = []), ("bearer" = [])),
    request_body = ApplicationBody,
    responses(
        (status = 201, description = "新草稿", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "事项或一件事不存在", body = ErrorBody),
        (status = 422, description = "回答无效或未选中任何事项", body = ErrorBody),
    )
)]
pub async fn create_draft(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(body): ApiJson<ApplicationBody>,
) -> Result<(StatusCode, Json<Draft>), ApiError> {
    let draft = state
        .applications
        .start(&user.actor, body.application)
        .await?;
    Ok((StatusCode::CREATED, Json(draft)))
}

/// One of the caller's drafts; another's answers 404 like a missing one.
#[utoipa::path(
    get,
    path = "/drafts/{id}",
    tag = "applications",
    security(("session" = []), ("bearer" = [])),
    params(("id" = String, Path, description = "草稿编号")),
    responses(
        (status = 200, description = "草稿", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "草稿不存在", body = ErrorBody),
    )
)]
pub async fn get_draft(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Draft>, ApiError> {
    Ok(Json(state.applications.load_draft(&user.actor, &id).await?))
}

/// Deletes a draft that was not submitted, with its uploads.
#[utoipa::path(
    delete,
    path = "/drafts/{id}",
    tag = "applications",
    security(("session" = []), ("bearer" = [])),
    params(("id" = String, Path, description = "草稿编号")),
    responses(
        (status = 204, description = "已删除"),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "草稿不存在", body = ErrorBody),
        (status = 409, description = "已提交的申请不能删除", body = ErrorBody),
    )
)]
pub async fn delete_draft(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    state.applications.delete_draft(&user.actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
