//! The JSON API of 诉求 (appeals): filing (企业吹哨, the online form, 办不成事,
//! field visits), the applicant's list, a department's worklist, answers
//! and reports, leader instructions, dispatch, rating (评哨), reopening,
//! the supervisor's board, the subject's file, dispatch rules, import
//! mappings and the 12345 import. Every rule lives in
//! `tongban_service::appeals::AppealService`; these handlers only translate.
//!
//! Every answer has a typed schema (the DTOs in [`view`], [`board`] and
//! [`config`]); the error answers every operation shares (400, 401, 403,
//! 404, 413, 415, 422, 503) are added once by
//! [`crate::api::standard_errors`], so each handler documents only its
//! own outcomes.

mod board;
mod config;
mod enums;
mod steps;
mod view;

pub use board::{BoardDto, BoardLineDto, DepartmentRateDto, SubjectFileDto};
pub use config::{
    FileBody, HistoryDto, ImportReportDto, LimitDto, MappingDto, RowProblemDto, RuleDto,
    SubjectBody,
};
pub use steps::{
    DispatchBody, RatingBody, ReportBody, TextBody, dispatch, instruct, rate, reopen, report,
};
pub use view::{
    AppealDto, AppealViewDto, DeadlinesDto, DispatchDto, ExternalDto, InstructionDto, OverdueDto,
    RatingDto, ReportDto, SubjectDto,
};

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tongban_domain::subject::SubjectId;
use utoipa::IntoParams;
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
        .routes(routes!(steps::dispatch))
        .routes(routes!(steps::report))
        .routes(routes!(steps::instruct))
        .routes(routes!(steps::rate))
        .routes(routes!(steps::reopen))
        .routes(routes!(subject_file))
        .routes(routes!(rules, put_rule))
        .routes(routes!(mappings))
        .routes(routes!(put_mapping))
        .routes(routes!(import))
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

/// Files an appeal. An applicant files `whistle` (企业吹哨) or `online_form`
/// for themselves and names the `region`; staff of a region file
/// `cant_get_it_done` (办不成事, `complexity` ordinary = 2 / complex = 5
/// working days) and `field_visit`, naming the `subject`. A category with
/// a dispatch rule is dispatched at once.
#[utoipa::path(post, path = "/appeals", tag = "appeals", request_body = FileBody,
    responses((status = 201, description = "已登记的诉求", body = AppealViewDto)),
    security(("bearer" = []), ("session" = [])))]
pub async fn file(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(body): ApiJson<FileBody>,
) -> Result<Response, ApiError> {
    let view = state.appeals.file(&user.actor, body.into()).await?;
    let location = format!("/api/v1/appeals/{}", view.appeal.no);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(AppealViewDto::from(view)),
    )
        .into_response())
}

fn views(list: Vec<tongban_service::appeals::AppealView>) -> Json<Vec<AppealViewDto>> {
    Json(list.into_iter().map(AppealViewDto::from).collect())
}

/// The applicant's own appeals, newest first.
#[utoipa::path(get, path = "/appeals/mine", tag = "appeals",
    responses((status = 200, description = "我的诉求", body = Vec<AppealViewDto>)),
    security(("bearer" = []), ("session" = [])))]
pub async fn mine(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<AppealViewDto>>, ApiError> {
    Ok(views(state.appeals.mine(&user.actor).await?))
}

/// The caller's department's worklist: appeals dispatched to it, running
/// ones first by due date.
#[utoipa::path(get, path = "/appeals/worklist", tag = "appeals", params(WorklistParams),
    responses((status = 200, description = "部门诉求工作台", body = Vec<AppealViewDto>)),
    security(("bearer" = []), ("session" = [])))]
pub async fn worklist(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiQuery(params): ApiQuery<WorklistParams>,
) -> Result<Json<Vec<AppealViewDto>>, ApiError> {
    let open = params.open.unwrap_or(true);
    Ok(views(
        state.appeals.department_worklist(&user.actor, open).await?,
    ))
}

/// The supervisor's board (督办看板): overdue appeals with their escalation
/// levels, reopened counts, and on-time rates per lead department.
#[utoipa::path(get, path = "/appeals/board", tag = "appeals",
    responses((status = 200, description = "督办看板", body = BoardDto)),
    security(("bearer" = []), ("session" = [])))]
pub async fn board(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<BoardDto>, ApiError> {
    Ok(Json(state.appeals.board(&user.actor).await?.into()))
}

/// One appeal, for its owner, its departments and the region's staff
/// (others get 404, as for a missing one).
#[utoipa::path(get, path = "/appeals/{no}", tag = "appeals",
    params(("no" = String, Path, description = "诉求编号")),
    responses((status = 200, description = "诉求", body = AppealViewDto)),
    security(("bearer" = []), ("session" = [])))]
pub async fn get_appeal(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(no): ApiPath<String>,
) -> Result<Json<AppealViewDto>, ApiError> {
    Ok(Json(state.appeals.appeal(&user.actor, &no).await?.into()))
}

/// An appeal's history: who did what, oldest first.
#[utoipa::path(get, path = "/appeals/{no}/history", tag = "appeals",
    params(("no" = String, Path, description = "诉求编号")),
    responses((status = 200, description = "处理记录", body = Vec<HistoryDto>)),
    security(("bearer" = []), ("session" = [])))]
pub async fn history(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(no): ApiPath<String>,
) -> Result<Json<Vec<HistoryDto>>, ApiError> {
    let records = state.appeals.history(&user.actor, &no).await?;
    Ok(Json(records.into_iter().map(HistoryDto::from).collect()))
}

/// A subject's file (一企一档 / 一人一档): its appeals the caller may see.
#[utoipa::path(get, path = "/appeals/subjects/{subject}", tag = "appeals",
    params(("subject" = String, Path, description = "档案编号（subject id）")),
    responses((status = 200, description = "档案中的诉求", body = SubjectFileDto)),
    security(("bearer" = []), ("session" = [])))]
pub async fn subject_file(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(subject): ApiPath<String>,
) -> Result<Json<SubjectFileDto>, ApiError> {
    let id = SubjectId::new(subject);
    Ok(Json(
        state.appeals.subject_file(&user.actor, &id).await?.into(),
    ))
}

/// The dispatch rules per category.
#[utoipa::path(get, path = "/appeals/rules", tag = "appeals",
    responses((status = 200, description = "派单规则", body = Vec<RuleDto>)),
    security(("bearer" = []), ("session" = [])))]
pub async fn rules(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<RuleDto>>, ApiError> {
    let rules = state.appeals.rules(&user.actor).await?;
    Ok(Json(rules.into_iter().map(RuleDto::from).collect()))
}

/// Saves a category's rule: lead, co-departments, answer and resolution
/// limits (`{"working_days":5}`, `{"natural_days":3}`, `{"months":1}`).
#[utoipa::path(put, path = "/appeals/rules", tag = "appeals", request_body = RuleDto,
    responses((status = 204, description = "已保存")),
    security(("bearer" = []), ("session" = [])))]
pub async fn put_rule(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(rule): ApiJson<RuleDto>,
) -> Result<StatusCode, ApiError> {
    state.appeals.set_rule(&user.actor, rule.into()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every saved import mapping.
#[utoipa::path(get, path = "/appeals/mappings", tag = "appeals",
    responses((status = 200, description = "导入映射", body = Vec<MappingDto>)),
    security(("bearer" = []), ("session" = [])))]
pub async fn mappings(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<MappingDto>>, ApiError> {
    let mappings = state.appeals.mappings(&user.actor).await?;
    Ok(Json(mappings.into_iter().map(MappingDto::from).collect()))
}

/// Saves an import mapping (field → the export's column header) under its
/// name.
#[utoipa::path(put, path = "/appeals/mappings/{name}", tag = "appeals",
    params(("name" = String, Path, description = "映射名称")),
    request_body = MappingDto,
    responses((status = 204, description = "已保存")),
    security(("bearer" = []), ("session" = [])))]
pub async fn put_mapping(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(name): ApiPath<String>,
    ApiJson(mut mapping): ApiJson<MappingDto>,
) -> Result<StatusCode, ApiError> {
    mapping.name = name;
    state
        .appeals
        .save_mapping(&user.actor, mapping.into())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Imports a 12345 export (CSV or XLSX, sent as the raw body) with a saved
/// mapping: the report lists every bad row by number with a code and a
/// reason; re-importing the same file adds nothing.
#[utoipa::path(post, path = "/appeals/imports", tag = "appeals", params(ImportParams),
    request_body(content = Vec<u8>, description = "导出文件（CSV 或 XLSX）", content_type = "application/octet-stream"),
    responses(
        (status = 200, description = "导入报告", body = ImportReportDto),
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
) -> Result<Json<ImportReportDto>, ApiError> {
    let bytes = axum::body::to_bytes(body, UPLOAD_BODY_LIMIT)
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "appeal_import_too_large",
                "导入文件过大，请分批导入",
            )
        })?;
    let report = state
        .appeals
        .import(&user.actor, &params.mapping, &bytes)
        .await?;
    Ok(Json(report.into()))
}
