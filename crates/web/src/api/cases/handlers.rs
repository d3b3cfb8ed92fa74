//! `POST /cases`, `GET /cases/{case_no}`, `POST /cases/{case_no}/commands`,
//! `GET /cases/{case_no}/audit` and the public `GET /status`.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tongban_service::SubmitRequest;

use super::dto::{
    AuditDto, AuditResponse, CaseDto, ChainDto, CommandBody, StatusDto, StatusParams,
};
use super::idempotency_key;
use crate::AppState;
use crate::account::session::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery};

/// Submits an application (an item, or a bundle with guidance answers).
/// An applicant submits online for themselves; a window clerk on the
/// applicant's behalf (`window`, `remote`); a proxy agent by `proxy`.
/// Retrying with the same `Idempotency-Key` and body answers the same case
/// without creating another; the same key with another body is 422
/// `idempotency_key_reused`.
#[utoipa::path(
    post,
    path = "/cases",
    tag = "cases",
    params(("Idempotency-Key" = Option<String>, Header, description = "重试安全键：同键同请求只办一次")),
    request_body(content = Object, description = "SubmitRequest：application（kind=item|bundle）、channel、owner、phone", content_type = "application/json"),
    responses(
        (status = 201, description = "已申报的办件", body = CaseDto),
        (status = 400, description = "参数无效", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "角色无此权限", body = ErrorBody),
        (status = 404, description = "事项或一件事不存在", body = ErrorBody),
        (status = 422, description = "申请内容无效或幂等键已用于另一请求", body = ErrorBody),
        (status = 429, description = "申报过于频繁（rate_limited），按 Retry-After 稍后再试", body = ErrorBody),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn submit(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    headers: HeaderMap,
    ApiJson(request): ApiJson<SubmitRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    let view = state
        .cases
        .submit(&user.actor, request, key.as_deref())
        .await?;
    let dto = CaseDto::new(&view, &state.cases.schedule(&view.case));
    let location = format!("/api/v1/cases/{}", dto.case_no);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(dto),
    )
        .into_response())
}

/// One case with its members, states, due dates and warnings, for whoever
/// may read it (others get 404, as for a missing case).
#[utoipa::path(
    get,
    path = "/cases/{case_no}",
    tag = "cases",
    params(("case_no" = String, Path, description = "申办流水号")),
    responses(
        (status = 200, description = "办件", body = CaseDto),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "办件不存在或不在您的范围内", body = ErrorBody),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn get_case(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(case_no): ApiPath<String>,
) -> Result<Json<CaseDto>, ApiError> {
    let view = state.cases.case(&user.actor, &case_no).await?;
    Ok(Json(CaseDto::new(&view, &state.cases.schedule(&view.case))))
}

/// Issues a command on a case (受理, 容缺受理, 补正, 审查, 决定, 办结, 送达,
/// 挂起, 恢复, 撤回 …). A transition the domain forbids is 409 with its
/// stable code (`illegal_transition`, `already_finished`, …) and changes
/// nothing. Retrying with the same `Idempotency-Key` and body answers the
/// case without a second transition.
#[utoipa::path(
    post,
    path = "/cases/{case_no}/commands",
    tag = "cases",
    params(
        ("case_no" = String, Path, description = "申办流水号"),
        ("Idempotency-Key" = Option<String>, Header, description = "重试安全键：同键同请求只办一次"),
    ),
    request_body(content = CommandBody, content_type = "application/json"),
    responses(
        (status = 200, description = "办理后的办件", body = CaseDto),
        (status = 400, description = "参数无效", body = ErrorBody),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "办件不存在或不在您的范围内", body = ErrorBody),
        (status = 409, description = "当前状态或角色不允许此操作（领域错误码），办件未变", body = ErrorBody),
        (status = 422, description = "请求体无效或幂等键已用于另一请求", body = ErrorBody),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn command(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(case_no): ApiPath<String>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<CommandBody>,
) -> Result<Json<CaseDto>, ApiError> {
    let key = idempotency_key(&headers)?;
    let view = state
        .cases
        .act(&user.actor, &case_no, body.into(), key.as_deref())
        .await?;
    Ok(Json(CaseDto::new(&view, &state.cases.schedule(&view.case))))
}

/// A case's audit trail, oldest first, and whether its hash chain holds.
#[utoipa::path(
    get,
    path = "/cases/{case_no}/audit",
    tag = "cases",
    params(("case_no" = String, Path, description = "申办流水号")),
    responses(
        (status = 200, description = "审计记录与链校验", body = AuditResponse),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "办件不存在或不在您的范围内", body = ErrorBody),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn audit(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(case_no): ApiPath<String>,
) -> Result<Json<AuditResponse>, ApiError> {
    let (trail, check) = state.cases.audit(&user.actor, &case_no).await?;
    let records = trail
        .into_iter()
        .map(|r| AuditDto {
            seq: r.seq,
            at: r.at,
            actor: r.actor,
            action: r.action,
            from_state: r.from_state,
            to_state: r.to_state,
            detail: serde_json::from_str(&r.detail).unwrap_or(serde_json::Value::String(r.detail)),
            prev_hash: r.prev_hash,
            hash: r.hash,
        })
        .collect();
    Ok(Json(AuditResponse {
        case_no: case_no.chars().filter(char::is_ascii_digit).collect(),
        records,
        chain: ChainDto {
            ok: check.ok,
            records: check.records,
            broken_at: check.broken_at,
        },
    }))
}

/// The public status lookup: the case number and the last four digits of
/// the phone given at application. Any mismatch answers 404 alike.
#[utoipa::path(
    get,
    path = "/status",
    tag = "cases",
    params(StatusParams),
    responses(
        (status = 200, description = "办件进度", body = StatusDto),
        (status = 400, description = "参数缺失", body = ErrorBody),
        (status = 404, description = "流水号或手机号后四位不符", body = ErrorBody),
    )
)]
pub async fn public_status(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<StatusParams>,
) -> Result<Json<StatusDto>, ApiError> {
    let status = state
        .cases
        .public_status(&params.case_no, &params.phone_last4)
        .await?;
    Ok(Json(status.into()))
}
