//! The JSON API of 好差评: rating a case (its applicant, once; again only
//! after rectification), the evaluator-device link, the department's
//! rectification worklist and step actions, the supervisors' escalations
//! and satisfaction scores by period and dimension (docs/reviews.md).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use tongban_domain::ident::{Code, RegionCode};
use tongban_domain::review::{Channel, Dimension, Period, Step};
use tongban_service::reviews::ScoreFilter;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::account::session::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery};

/// This module's documented routes (nested under `/api/v1`).
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(rate_case, case_reviews))
        .routes(routes!(device_link))
        .routes(routes!(my_reviews))
        .routes(routes!(rectifications))
        .routes(routes!(rectification))
        .routes(routes!(complete_step))
        .routes(routes!(escalations))
        .routes(routes!(scores))
}

mod dto;

pub use dto::*;

fn bad_parameter(name: &str, reason: &str) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
        format!("参数“{name}”无效：{reason}"),
    )
}

/// The applicant rates their finished case (once; again only after the
/// rectification of a 差评 is closed). Others get 404 as for a missing case.
#[utoipa::path(post, path = "/cases/{case_no}/reviews", tag = "reviews",
    params(("case_no" = String, Path, description = "申办流水号")),
    request_body = RateBody,
    responses(
        (status = 201, description = "评价已提交", body = RatingDto),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "办件不存在或不是您的办件（case_not_found）", body = ErrorBody),
        (status = 409, description = "已评价（review_already_rated）、整改未办结（review_rectification_open）或办件未办结（review_case_not_finished）", body = ErrorBody),
        (status = 422, description = "等级、标签或内容无效", body = ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])))]
pub async fn rate_case(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(case_no): ApiPath<String>,
    ApiJson(body): ApiJson<RateBody>,
) -> Result<(StatusCode, Json<RatingDto>), ApiError> {
    let rating = state
        .reviews
        .rate(&user.actor, &case_no, body.input()?, Channel::Api)
        .await?;
    Ok((StatusCode::CREATED, Json(rating.into())))
}

/// Every rating of the applicant's case, valid or superseded, oldest first.
#[utoipa::path(get, path = "/cases/{case_no}/reviews", tag = "reviews",
    params(("case_no" = String, Path, description = "申办流水号")),
    responses(
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 200, description = "该办件的评价", body = Vec<RatingDto>),
        (status = 404, description = "办件不存在或不是您的办件", body = ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])))]
pub async fn case_reviews(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(case_no): ApiPath<String>,
) -> Result<Json<Vec<RatingDto>>, ApiError> {
    let found = state.reviews.ratings_of_case(&user.actor, &case_no).await?;
    Ok(Json(found.into_iter().map(Into::into).collect()))
}

/// A window clerk issues the one-time evaluator-device link of a finished case.
#[utoipa::path(post, path = "/cases/{case_no}/reviews/device-links", tag = "reviews",
    params(("case_no" = String, Path, description = "申办流水号")),
    request_body = DeviceBody,
    responses(
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 201, description = "评价器链接（一次有效）", body = DeviceLinkDto),
        (status = 403, description = "角色无此权限", body = ErrorBody),
        (status = 404, description = "办件不存在或不在您的范围内", body = ErrorBody),
        (status = 409, description = "办件尚未办结", body = ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])))]
pub async fn device_link(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(case_no): ApiPath<String>,
    ApiJson(body): ApiJson<DeviceBody>,
) -> Result<(StatusCode, Json<DeviceLinkDto>), ApiError> {
    let window = body
        .window
        .map(|w| Code::parse(&w).map_err(|_| bad_parameter("window", "窗口编码格式不正确")))
        .transpose()?;
    let link = state
        .reviews
        .issue_device_link(&user.actor, &case_no, window)
        .await?;
    let dto = DeviceLinkDto {
        case_no: link.case_no.to_string(),
        path: link.path,
        expires_at: link.expires_at.to_rfc3339(),
    };
    Ok((StatusCode::CREATED, Json(dto)))
}

/// The applicant's own ratings, newest first.
#[utoipa::path(get, path = "/me/reviews", tag = "reviews",
    responses(
        (status = 200, description = "我的评价", body = Vec<RatingDto>),
        (status = 401, description = "未登录", body = ErrorBody),
    ),
    security(("session" = [])))]
pub async fn my_reviews(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<RatingDto>>, ApiError> {
    let found = state.reviews.my_reviews(&user.actor).await?;
    Ok(Json(found.into_iter().map(Into::into).collect()))
}

/// The department's rectification worklist (supervisors: their region's).
#[utoipa::path(get, path = "/reviews/rectifications", tag = "reviews",
    params(TaskParams),
    responses(
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 200, description = "整改任务", body = Vec<TaskDto>),
        (status = 403, description = "角色无此权限", body = ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])))]
pub async fn rectifications(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiQuery(params): ApiQuery<TaskParams>,
) -> Result<Json<Vec<TaskDto>>, ApiError> {
    let with_closed = params.closed.unwrap_or(false);
    let found = state
        .reviews
        .rectification_worklist(&user.actor, with_closed)
        .await?;
    Ok(Json(found.into_iter().map(Into::into).collect()))
}

/// One rectification task.
#[utoipa::path(get, path = "/reviews/rectifications/{id}", tag = "reviews",
    params(("id" = String, Path, description = "整改任务编号")),
    responses(
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 200, description = "整改任务", body = TaskDto),
        (status = 404, description = "不存在或不在您的范围内（rectification_not_found）", body = ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])))]
pub async fn rectification(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<TaskDto>, ApiError> {
    Ok(Json(
        state.reviews.rectification(&user.actor, &id).await?.into(),
    ))
}

/// Completes the task's current step: verify → rectify → revisit.
#[utoipa::path(post, path = "/reviews/rectifications/{id}/steps", tag = "reviews",
    params(("id" = String, Path, description = "整改任务编号")),
    request_body = StepBody,
    responses(
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 200, description = "办理后的整改任务", body = TaskDto),
        (status = 404, description = "不存在或不在您的范围内", body = ErrorBody),
        (status = 409, description = "不是当前环节（rectification_step_out_of_order）或已被他人更新", body = ErrorBody),
        (status = 422, description = "未填写办理情况", body = ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])))]
pub async fn complete_step(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<StepBody>,
) -> Result<Json<TaskDto>, ApiError> {
    let step = Step::parse(&body.step)
        .ok_or_else(|| bad_parameter("step", "应为 verify、rectify 或 revisit"))?;
    let view = state
        .reviews
        .complete_step(&user.actor, &id, step, &body.note)
        .await?;
    Ok(Json(view.into()))
}

/// Escalated (overdue) rectification steps in the supervisor's region.
#[utoipa::path(get, path = "/reviews/escalations", tag = "reviews",
    params(LimitParams),
    responses(
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 200, description = "超期督办", body = Vec<EscalationDto>),
        (status = 403, description = "只有效能监察人员可查看", body = ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])))]
pub async fn escalations(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiQuery(params): ApiQuery<LimitParams>,
) -> Result<Json<Vec<EscalationDto>>, ApiError> {
    let found = state
        .reviews
        .escalations(&user.actor, params.limit.unwrap_or(100))
        .await?;
    Ok(Json(found.into_iter().map(Into::into).collect()))
}

/// Satisfaction scores by staff, window, department, item or region over a period.
#[utoipa::path(get, path = "/reviews/scores", tag = "reviews",
    params(ScoreParams),
    responses(
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 200, description = "满意率统计", body = ScoreBoardDto),
        (status = 400, description = "参数无效", body = ErrorBody),
        (status = 403, description = "角色无此权限", body = ErrorBody),
    ),
    security(("session" = []), ("bearer" = [])))]
pub async fn scores(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiQuery(params): ApiQuery<ScoreParams>,
) -> Result<Json<ScoreBoardDto>, ApiError> {
    let filter = score_filter(params)?;
    Ok(Json(
        state.reviews.scores(&user.actor, &filter).await?.into(),
    ))
}

/// The service's filter from query parameters.
pub fn score_filter(p: ScoreParams) -> Result<ScoreFilter, ApiError> {
    let dimension = Dimension::parse(&p.dimension).ok_or_else(|| {
        bad_parameter(
            "dimension",
            "应为 staff、window、department、item 或 region",
        )
    })?;
    let date = |name: &str, text: &str| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| bad_parameter(name, "日期应为 YYYY-MM-DD"))
    };
    let period = Period::new(date("from", &p.from)?, date("to", &p.to)?)
        .ok_or_else(|| bad_parameter("from", "开始日期晚于结束日期"))?;
    let region = p
        .region
        .filter(|r| !r.is_empty())
        .map(|r| RegionCode::parse(&r).map_err(|_| bad_parameter("region", "行政区划代码无效")))
        .transpose()?;
    let department = p
        .department
        .filter(|d| !d.is_empty())
        .map(|d| Code::parse(&d).map_err(|_| bad_parameter("department", "部门编码无效")))
        .transpose()?;
    Ok(ScoreFilter {
        dimension,
        period,
        region,
        department,
    })
}
