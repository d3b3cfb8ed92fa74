//! Webhook subscriptions (CRUD) and the dead-letter list with its retry,
//! for catalog administrators of the departments' regions.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use tongban_domain::ident::Code;
use tongban_service::events::{NewSubscription, SubscriptionChange};

use super::dto::{
    DeadLetterDto, NewSubscriptionDto, RetriedDto, SubscriptionChangeDto, SubscriptionCreatedDto,
    SubscriptionDto,
};
use crate::AppState;
use crate::account::session::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath};

/// The live subscriptions the caller manages.
#[utoipa::path(
    get,
    path = "/webhooks/subscriptions",
    tag = "notifications",
    responses(
        (status = 200, description = "事件订阅（不含密钥）", body = Vec<SubscriptionDto>),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "只有目录管理员可管理订阅", body = ErrorBody),
    ),
    security(("session" = []))
)]
pub async fn list_subscriptions(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<SubscriptionDto>>, ApiError> {
    let found = state.events.subscriptions(&user.actor).await?;
    Ok(Json(found.into_iter().map(SubscriptionDto::from).collect()))
}

/// Creates a subscription; the signing secret is in this answer only.
#[utoipa::path(
    post,
    path = "/webhooks/subscriptions",
    tag = "notifications",
    request_body = NewSubscriptionDto,
    responses(
        (status = 201, description = "已创建；secret 仅此一次返回", body = SubscriptionCreatedDto),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "只有目录管理员可管理订阅", body = ErrorBody),
        (status = 404, description = "部门不在您的辖区内", body = ErrorBody),
        (status = 422, description = "名称、地址、事件类型或部门无效", body = ErrorBody),
    ),
    security(("session" = []))
)]
pub async fn create_subscription(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(body): ApiJson<NewSubscriptionDto>,
) -> Result<(StatusCode, Json<SubscriptionCreatedDto>), ApiError> {
    let department = Code::parse(&body.department).map_err(|_| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_department",
            format!("部门编码“{}”无效", body.department),
        )
    })?;
    let new = NewSubscription {
        name: body.name,
        department,
        url: body.url,
        events: body.events,
    };
    let created = state.events.create_subscription(&user.actor, new).await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

/// One subscription the caller manages.
#[utoipa::path(
    get,
    path = "/webhooks/subscriptions/{id}",
    tag = "notifications",
    params(("id" = String, Path, description = "订阅编号")),
    responses(
        (status = 200, description = "事件订阅", body = SubscriptionDto),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "只有目录管理员可管理订阅", body = ErrorBody),
        (status = 404, description = "没有该订阅（或不在辖区内）", body = ErrorBody),
    ),
    security(("session" = []))
)]
pub async fn get_subscription(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<SubscriptionDto>, ApiError> {
    let found = state.events.subscription(&user.actor, &id).await?;
    Ok(Json(found.into()))
}

/// Changes a subscription's name, URL or events.
#[utoipa::path(
    patch,
    path = "/webhooks/subscriptions/{id}",
    tag = "notifications",
    params(("id" = String, Path, description = "订阅编号")),
    request_body = SubscriptionChangeDto,
    responses(
        (status = 200, description = "修改后的订阅", body = SubscriptionDto),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "只有目录管理员可管理订阅", body = ErrorBody),
        (status = 404, description = "没有该订阅（或不在辖区内）", body = ErrorBody),
        (status = 422, description = "名称、地址或事件类型无效", body = ErrorBody),
    ),
    security(("session" = []))
)]
pub async fn change_subscription(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<SubscriptionChangeDto>,
) -> Result<Json<SubscriptionDto>, ApiError> {
    let change = SubscriptionChange {
        name: body.name,
        url: body.url,
        events: body.events,
    };
    let changed = state
        .events
        .change_subscription(&user.actor, &id, change)
        .await?;
    Ok(Json(changed.into()))
}

/// Retires a subscription (no new deliveries; history kept).
#[utoipa::path(
    delete,
    path = "/webhooks/subscriptions/{id}",
    tag = "notifications",
    params(("id" = String, Path, description = "订阅编号")),
    responses(
        (status = 204, description = "已停用"),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "只有目录管理员可管理订阅", body = ErrorBody),
        (status = 404, description = "没有该订阅（或不在辖区内）", body = ErrorBody),
    ),
    security(("session" = []))
)]
pub async fn delete_subscription(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    state.events.delete_subscription(&user.actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deliveries given up after every attempt, newest first.
#[utoipa::path(
    get,
    path = "/webhooks/dead-letters",
    tag = "notifications",
    responses(
        (status = 200, description = "死信列表", body = Vec<DeadLetterDto>),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "只有目录管理员可查看", body = ErrorBody),
    ),
    security(("session" = []))
)]
pub async fn dead_letters(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<DeadLetterDto>>, ApiError> {
    let found = state.events.dead_letters(&user.actor).await?;
    Ok(Json(found.into_iter().map(DeadLetterDto::from).collect()))
}

/// Queues a dead delivery again, due now (same delivery id).
#[utoipa::path(
    post,
    path = "/webhooks/dead-letters/{id}/retry",
    tag = "notifications",
    params(("id" = String, Path, description = "投递编号")),
    responses(
        (status = 202, description = "已重新排队", body = RetriedDto),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "只有目录管理员可重试", body = ErrorBody),
        (status = 404, description = "死信列表中没有该投递", body = ErrorBody),
    ),
    security(("session" = []))
)]
pub async fn retry_dead_letter(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<(StatusCode, Json<RetriedDto>), ApiError> {
    state.events.retry_dead_letter(&user.actor, &id).await?;
    Ok((StatusCode::ACCEPTED, Json(RetriedDto { queued: true })))
}
