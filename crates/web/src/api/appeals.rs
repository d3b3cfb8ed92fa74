//! The JSON API of 诉求 (appeals): filing (企业吹哨, the online form, 办不成事,
//! field visits), the applicant's list, a department's worklist, answers
//! and reports, leader instructions, dispatch, rating (评哨), reopening,
//! the supervisor's board, the subject's file, dispatch rules, import
//! mappings and the 12345 import. Every rule lives in
//! `tongban_service::appeals::AppealService`; these handlers only translate.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tongban_domain::appeal::{CategoryRule, ImportMapping, ReportKind};
use tongban_domain::ident::Code;
use tongban_domain::subject::SubjectId;
use tongban_service::appeals::{
    AppealView, Board, FileRequest, HistoryRecord, ImportReport, SubjectFile,
};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::account::session::ApiCaller;
use crate::api::applications::UPLOAD_BODY_LIMIT;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery};

/// This module's documented routes (nested under `/api/v1`).
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(file))
        .routes(routes!(mine))
        .routes(routes!(worklist))
        .routes(routes!(board))
        .routes(routes!(get_appeal))
        .routes(routes!(history))
        .routes(routes!(dispatch))
        .routes(routes!(report))
        .routes(routes!(instruct))
        .routes(routes!(rate))
        .routes(routes!(reopen))
        .routes(routes!(subject_file))
        .routes(routes!(rules, put_rule))
        .routes(routes!(mappings))
        .routes(routes!(put_mapping))
        .routes(routes!(import))
}

/// 派单 body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DispatchBody {
    /// 牵头部门编码.
    pub lead: String,
    /// 协办部门编码.
    #[serde(default)]
    pub co: Vec<String>,
}

/// 部门报到 body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReportBody {
    /// `progress`（进展）, `answer`（答复） or `resolution`（办结，牵头部门）.
    #[schema(value_type = String)]
    pub kind: ReportKind,
    /// 报送内容.
    pub text: String,
}

/// 领导批阅 / 重新交办 body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TextBody {
    /// 批示内容或理由.
    pub text: String,
}

/// 评哨 body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RatingBody {
    /// 满意 (true) or 不满意 (false, reopens the appeal).
    pub satisfied: bool,
    /// 评价意见.
    #[serde(default)]
    pub comment: String,
}

/// Worklist query.
#[derive(Debug, Deserialize, IntoParams)]
pub struct WorklistParams {
    /// Only appeals still running (default true).
    pub open: Option<bool>,
}

/// Import query.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ImportParams {
    /// The saved mapping's name.
    pub mapping: String,
}

fn code(name: &str, value: &str) -> Result<Code, ApiError> {
    Code::parse(value).map_err(|_| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            format!("参数“{name}”无效：部门编码只能由字母、数字、“-”“_”“.”组成"),
        )
    })
}

/// Files an appeal. An applicant files `whistle` (企业吹哨) or `online_form`
/// for themselves and names the `region`; staff of a region file
/// `cant_get_it_done` (办不成事, `complexity` ordinary = 2 / complex = 5
/// working days) and `field_visit`, naming the `subject`. A category with
/// a dispatch rule is dispatched at once.
#[utoipa::path(post, path = "/appeals", tag = "appeals",
    request_body(content = Object, description = "FileRequest：source、category、complexity、title、description、subject{name,key}、case_no、attachments、phone、region", content_type = "application/json"),
    responses(
        (status = 201, description = "已登记的诉求（AppealView）", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "角色无此权限", body = ErrorBody),
        (status = 422, description = "内容无效", body = ErrorBody),
    ),
    security(("bearer" = []), ("session" = [])))]
pub async fn file(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(request): ApiJson<FileRequest>,
) -> Result<Response, ApiError> {
    let view = state.appeals.file(&user.actor, request).await?;
    let location = format!("/api/v1/appeals/{}", view.appeal.no);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(view),
    )
        .into_response())
}

/// The applicant's own appeals, newest first.
#[utoipa::path(get, path = "/appeals/mine", tag = "appeals",
    responses((status = 200, description = "我的诉求", body = Object), (status = 401, description = "未登录", body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn mine(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<AppealView>>, ApiError> {
    Ok(Json(state.appeals.mine(&user.actor).await?))
}

/// The caller's department's worklist: appeals dispatched to it, running
/// ones first by due date.
#[utoipa::path(get, path = "/appeals/worklist", tag = "appeals", params(WorklistParams),
    responses(
        (status = 401, description = "未登录", body = ErrorBody),(status = 200, description = "部门诉求工作台", body = Object), (status = 403, description = "角色无此权限", body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn worklist(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiQuery(params): ApiQuery<WorklistParams>,
) -> Result<Json<Vec<AppealView>>, ApiError> {
    let open = params.open.unwrap_or(true);
    Ok(Json(
        state.appeals.department_worklist(&user.actor, open).await?,
    ))
}

/// The supervisor's board (督办看板): overdue appeals with their escalation
/// levels, reopened counts, and on-time rates per lead department.
#[utoipa::path(get, path = "/appeals/board", tag = "appeals",
    responses(
        (status = 401, description = "未登录", body = ErrorBody),(status = 200, description = "督办看板（Board）", body = Object), (status = 403, description = "角色无此权限", body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn board(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Board>, ApiError> {
    Ok(Json(state.appeals.board(&user.actor).await?))
}

/// One appeal, for its owner, its departments and the region's staff
/// (others get 404, as for a missing one).
#[utoipa::path(get, path = "/appeals/{no}", tag = "appeals",
    params(("no" = String, Path, description = "诉求编号")),
    responses(
        (status = 401, description = "未登录", body = ErrorBody),(status = 200, description = "诉求", body = Object), (status = 404, description = "诉求不存在或不在您的范围内", body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn get_appeal(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(no): ApiPath<String>,
) -> Result<Json<AppealView>, ApiError> {
    Ok(Json(state.appeals.appeal(&user.actor, &no).await?))
}

/// An appeal's history: who did what, oldest first.
#[utoipa::path(get, path = "/appeals/{no}/history", tag = "appeals",
    params(("no" = String, Path, description = "诉求编号")),
    responses(
        (status = 401, description = "未登录", body = ErrorBody),(status = 200, description = "处理记录", body = Object), (status = 404, description = "诉求不存在", body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn history(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(no): ApiPath<String>,
) -> Result<Json<Vec<serde_json::Value>>, ApiError> {
    let records = state.appeals.history(&user.actor, &no).await?;
    Ok(Json(records.iter().map(history_json).collect()))
}

fn history_json(h: &HistoryRecord) -> serde_json::Value {
    serde_json::json!({
        "seq": h.seq, "at": h.at, "actor": h.actor, "action": h.action,
        "from": h.from_state, "to": h.to_state, "detail": h.detail,
    })
}

/// 派单: a supervisor dispatches to a lead and co-departments.
#[utoipa::path(post, path = "/appeals/{no}/dispatch", tag = "appeals", request_body = DispatchBody,
    params(("no" = String, Path, description = "诉求编号")),
    responses(
        (status = 401, description = "未登录", body = ErrorBody),(status = 200, description = "已派单", body = Object), (status = 404, description = "诉求不存在", body = ErrorBody), (status = 409, description = "状态不允许", body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn dispatch(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(no): ApiPath<String>,
    ApiJson(body): ApiJson<DispatchBody>,
) -> Result<Json<AppealView>, ApiError> {
    let lead = code("lead", &body.lead)?;
    let co = body
        .co
        .iter()
        .map(|c| code("co", c))
        .collect::<Result<_, _>>()?;
    Ok(Json(
        state.appeals.dispatch(&user.actor, &no, lead, co).await?,
    ))
}

/// 部门报到: the caller's department reports progress, its answer, or (the
/// lead) the resolution.
#[utoipa::path(post, path = "/appeals/{no}/reports", tag = "appeals", request_body = ReportBody,
    params(("no" = String, Path, description = "诉求编号")),
    responses(
        (status = 401, description = "未登录", body = ErrorBody),(status = 200, description = "已报送", body = Object), (status = 404, description = "诉求不存在或未派给本部门", body = ErrorBody), (status = 409, description = "状态不允许", body = ErrorBody), (status = 422, description = "内容无效或非牵头部门", body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn report(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(no): ApiPath<String>,
    ApiJson(body): ApiJson<ReportBody>,
) -> Result<Json<AppealView>, ApiError> {
    Ok(Json(
        state
            .appeals
            .report(&user.actor, &no, body.kind, &body.text)
            .await?,
    ))
}

/// 领导批阅: a supervisor or a dispatched department's leader instructs.
#[utoipa::path(post, path = "/appeals/{no}/instructions", tag = "appeals", request_body = TextBody,
    params(("no" = String, Path, description = "诉求编号")),
    responses(
        (status = 401, description = "未登录", body = ErrorBody),(status = 200, description = "已批阅", body = Object), (status = 404, description = "诉求不存在", body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn instruct(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(no): ApiPath<String>,
    ApiJson(body): ApiJson<TextBody>,
) -> Result<Json<AppealView>, ApiError> {
    Ok(Json(
        state.appeals.instruct(&user.actor, &no, &body.text).await?,
    ))
}

/// 评哨: the owner (or staff recording a revisit) rates a resolved appeal;
/// 不满意 reopens it.
#[utoipa::path(post, path = "/appeals/{no}/rating", tag = "appeals", request_body = RatingBody,
    params(("no" = String, Path, description = "诉求编号")),
    responses(
        (status = 401, description = "未登录", body = ErrorBody),(status = 200, description = "已评价", body = Object), (status = 404, description = "诉求不存在", body = ErrorBody), (status = 409, description = "尚未办结", body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn rate(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(no): ApiPath<String>,
    ApiJson(body): ApiJson<RatingBody>,
) -> Result<Json<AppealView>, ApiError> {
    let view = state
        .appeals
        .rate(&user.actor, &no, body.satisfied, &body.comment)
        .await?;
    Ok(Json(view))
}

/// A supervisor sends a resolved or closed appeal back to its departments.
#[utoipa::path(post, path = "/appeals/{no}/reopen", tag = "appeals", request_body = TextBody,
    params(("no" = String, Path, description = "诉求编号")),
    responses(
        (status = 401, description = "未登录", body = ErrorBody),(status = 200, description = "已重新交办", body = Object), (status = 409, description = "状态不允许", body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn reopen(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(no): ApiPath<String>,
    ApiJson(body): ApiJson<TextBody>,
) -> Result<Json<AppealView>, ApiError> {
    Ok(Json(
        state.appeals.reopen(&user.actor, &no, &body.text).await?,
    ))
}

/// A subject's file (一企一档 / 一人一档): its appeals the caller may see.
#[utoipa::path(get, path = "/appeals/subjects/{subject}", tag = "appeals",
    params(("subject" = String, Path, description = "档案编号（subject id）")),
    responses(
        (status = 401, description = "未登录", body = ErrorBody),(status = 200, description = "档案中的诉求（SubjectFile）", body = Object), (status = 404, description = "档案不存在或不是您的", body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn subject_file(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(subject): ApiPath<String>,
) -> Result<Json<SubjectFile>, ApiError> {
    let id = SubjectId::new(subject);
    Ok(Json(state.appeals.subject_file(&user.actor, &id).await?))
}

/// The dispatch rules per category.
#[utoipa::path(get, path = "/appeals/rules", tag = "appeals",
    responses(
        (status = 401, description = "未登录", body = ErrorBody),(status = 200, description = "派单规则（CategoryRule 列表）", body = Object), (status = 403, description = "角色无此权限", body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn rules(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<CategoryRule>>, ApiError> {
    Ok(Json(state.appeals.rules(&user.actor).await?))
}

/// Saves a category's rule: lead, co-departments, answer and resolution
/// limits (`{"working_days":5}`, `{"natural_days":3}`, `{"months":1}`).
#[utoipa::path(put, path = "/appeals/rules", tag = "appeals",
    request_body(content = Object, description = "CategoryRule：category、lead、co、answer、resolve", content_type = "application/json"),
    responses(
        (status = 401, description = "未登录", body = ErrorBody),(status = 204, description = "已保存"), (status = 403, description = "角色无此权限", body = ErrorBody), (status = 422, description = "规则无效", body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn put_rule(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(rule): ApiJson<CategoryRule>,
) -> Result<StatusCode, ApiError> {
    state.appeals.set_rule(&user.actor, rule).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every saved import mapping.
#[utoipa::path(get, path = "/appeals/mappings", tag = "appeals",
    responses(
        (status = 401, description = "未登录", body = ErrorBody),(status = 200, description = "导入映射", body = Object), (status = 403, description = "角色无此权限", body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn mappings(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<ImportMapping>>, ApiError> {
    Ok(Json(state.appeals.mappings(&user.actor).await?))
}

/// Saves an import mapping (field → the export's column header) under its
/// name.
#[utoipa::path(put, path = "/appeals/mappings/{name}", tag = "appeals",
    params(("name" = String, Path, description = "映射名称")),
    request_body(content = Object, description = "ImportMapping：source、columns{work_order_no,received_at,category,description,…: 列名}", content_type = "application/json"),
    responses(
        (status = 401, description = "未登录", body = ErrorBody),(status = 204, description = "已保存"), (status = 422, description = "映射无效", body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn put_mapping(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(name): ApiPath<String>,
    ApiJson(mut mapping): ApiJson<ImportMapping>,
) -> Result<StatusCode, ApiError> {
    mapping.name = name;
    state.appeals.save_mapping(&user.actor, mapping).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Imports a 12345 export (CSV or XLSX, sent as the raw body) with a saved
/// mapping: the report lists every bad row by number with a code and a
/// reason; re-importing the same file adds nothing.
#[utoipa::path(post, path = "/appeals/imports", tag = "appeals", params(ImportParams),
    request_body(content = Vec<u8>, description = "导出文件（CSV 或 XLSX）", content_type = "application/octet-stream"),
    responses(
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 200, description = "导入报告（ImportReport）", body = Object),
        (status = 404, description = "映射不存在", body = ErrorBody),
        (status = 413, description = "文件过大", body = ErrorBody),
        (status = 422, description = "文件无法读取或缺少映射的列", body = ErrorBody),
    ),
    security(("bearer" = []), ("session" = [])))]
pub async fn import(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiQuery(params): ApiQuery<ImportParams>,
    body: Body,
) -> Result<Json<ImportReport>, ApiError> {
    let bytes = axum::body::to_bytes(body, UPLOAD_BODY_LIMIT)
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "appeal_import_too_large",
                "导入文件过大，请分批导入",
            )
        })?;
    Ok(Json(
        state
            .appeals
            .import(&user.actor, &params.mapping, &bytes)
            .await?,
    ))
}
