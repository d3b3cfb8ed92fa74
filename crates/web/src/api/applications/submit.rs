//! `GET /drafts/{id}/review` and `POST /drafts/{id}/submit`.

use axum::Json;
use axum::extract::State;
use tongban_service::applications::{Review, Submitted};

use crate::AppState;
use crate::account::session::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::ApiPath;

/// Everything about the draft on one screen (ID and phone masked) and
/// what still stops submission.
#[utoipa::path(
    get,
    path = "/drafts/{id}/review",
    tag = "applications",
    security(("session" = []), ("bearer" = [])),
    params(("id" = String, Path, description = "草稿编号")),
    responses(
        (status = 200, description = "申请确认", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "草稿不存在", body = ErrorBody),
    )
)]
pub async fn get_review(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Review>, ApiError> {
    Ok(Json(state.applications.review(&user.actor, &id).await?))
}

/// Submits the draft: the case engine takes it over and the case number
/// comes back. Repeating it answers the same case.
#[utoipa::path(
    post,
    path = "/drafts/{id}/submit",
    tag = "applications",
    security(("session" = []), ("bearer" = [])),
    params(("id" = String, Path, description = "草稿编号")),
    responses(
        (status = 200, description = "已提交，含办件流水号", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "草稿不存在", body = ErrorBody),
        (status = 422, description = "申请尚不完整", body = ErrorBody),
        (status = 429, description = "提交过于频繁（rate_limited），按 Retry-After 稍后再试", body = ErrorBody),
    )
)]
pub async fn post_submit(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Submitted>, ApiError> {
    Ok(Json(state.applications.submit(&user.actor, &id).await?))
}
