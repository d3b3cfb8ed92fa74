//! Notification endpoints: the applicant's in-app messages, the
//! supervisors' warnings list, webhook subscriptions and the dead-letter
//! list (catalog administrators; see docs/events.md).

pub mod dto;
mod webhooks;

use axum::Json;
use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::account::session::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiQuery};
use dto::{ListParams, MarkReadDto, MarkedDto, NotificationDto, WarningDto};

/// How many entries a list shows unless `?limit=` says otherwise.
const DEFAULT_LIMIT: i64 = 50;

/// This module's documented routes (nested under `/api/v1`).
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_notifications))
        .routes(routes!(mark_read))
        .routes(routes!(warnings))
        .routes(routes!(
            webhooks::list_subscriptions,
            webhooks::create_subscription
        ))
        .routes(routes!(
            webhooks::get_subscription,
            webhooks::change_subscription,
            webhooks::delete_subscription
        ))
        .routes(routes!(webhooks::dead_letters))
        .routes(routes!(webhooks::retry_dead_letter))
}

/// The caller's own in-app messages (applicants), newest first.
#[utoipa::path(
    get,
    path = "/me/notifications",
    tag = "notifications",
    params(ListParams),
    responses(
        (status = 200, description = "我的消息，最新的在前", body = Vec<NotificationDto>),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "只有申请人有站内消息", body = ErrorBody),
    ),
    security(("session" = []))
)]
pub async fn my_notifications(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<Vec<NotificationDto>>, ApiError> {
    let limit = params.limit.unwrap_or(DEFAULT_LIMIT);
    let found = state.events.my_notifications(&user.actor, limit).await?;
    Ok(Json(found.into_iter().map(NotificationDto::from).collect()))
}

/// Marks one of the caller's messages read, or (without `id`) all.
#[utoipa::path(
    post,
    path = "/me/notifications/read",
    tag = "notifications",
    request_body = MarkReadDto,
    responses(
        (status = 200, description = "已标记为已读的条数", body = MarkedDto),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "只有申请人有站内消息", body = ErrorBody),
        (status = 404, description = "没有这条消息（或不是您的）", body = ErrorBody),
    ),
    security(("session" = []))
)]
pub async fn mark_read(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(body): ApiJson<MarkReadDto>,
) -> Result<Json<MarkedDto>, ApiError> {
    let marked = state.events.mark_read(&user.actor, body.id).await?;
    Ok(Json(MarkedDto { marked }))
}

/// Deadline warnings (红黄牌) within the supervisor's region, newest first.
#[utoipa::path(
    get,
    path = "/warnings",
    tag = "notifications",
    params(ListParams),
    responses(
        (status = 200, description = "辖区内的时限预警", body = Vec<WarningDto>),
        (status = 401, description = "未登录或令牌无效", body = ErrorBody),
        (status = 403, description = "只有效能监察人员可查看", body = ErrorBody),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn warnings(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<Vec<WarningDto>>, ApiError> {
    let limit = params.limit.unwrap_or(DEFAULT_LIMIT);
    let found = state.events.warnings(&user.actor, limit).await?;
    Ok(Json(found.into_iter().map(WarningDto::from).collect()))
}
