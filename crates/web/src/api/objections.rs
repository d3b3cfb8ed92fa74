//! The JSON API of 异议核实与纠错: a holder objects to a wrong field of one
//! of their licences (`/me/licences/{number}/objections`, `/me/objections`);
//! the issuing department's examiners list the pending objections by due
//! date (`/objections`) and accept (the licence is corrected and re-signed)
//! or reject them (`/objections/{id}/decision`). See docs/licence-objections.md.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tongban_domain::licence::objection::Verdict;
use tongban_service::objections::{DecisionRequest, ObjectionRequest, ObjectionView};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::account::session::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::ApiJson;

/// This module's documented routes (nested under `/api/v1`).
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(file_objection))
        .routes(routes!(my_objections))
        .routes(routes!(worklist))
        .routes(routes!(decide))
}

/// A holder's objection to one field.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ObjectionBody {
    /// The field's data-element code (as on the licence).
    #[schema(example = "entity-name")]
    pub field: String,
    /// The value the holder believes correct.
    pub proposed: String,
    /// Why the field is wrong.
    pub reason: String,
    /// An optional note on the evidence (a document, a registry entry).
    #[serde(default)]
    pub evidence: Option<String>,
}

/// The department's decision.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DecisionBody {
    /// `accept` (correct the licence) or `reject`.
    #[schema(example = "accept")]
    pub verdict: String,
    /// Required to reject; an optional note when accepting.
    #[serde(default)]
    pub reason: String,
    /// The corrected value, when it differs from the holder's proposal.
    #[serde(default)]
    pub value: Option<String>,
}

/// An objection: its content, state, deadline and outcome.
#[derive(Debug, Serialize, ToSchema)]
pub struct ObjectionDto {
    /// Its id.
    pub id: String,
    /// The licence number (compact).
    pub licence: String,
    /// The licence type's name.
    pub licence_name: String,
    /// The holder (a person's name masked on the department's list).
    pub holder_name: String,
    /// The field's data-element code.
    pub field: String,
    /// The field's printed label.
    pub field_label: String,
    /// The licence's value when filed.
    pub current: String,
    /// The value the holder believes correct.
    pub proposed: String,
    /// The holder's reason.
    pub reason: String,
    /// The holder's note on evidence.
    pub evidence: Option<String>,
    /// `open`, `accepted`, `rejected` or `corrected`.
    pub state: String,
    /// 待核实 / 已采纳，纠错中 / 不予采纳 / 已纠错.
    pub state_label: String,
    /// When it was filed (RFC 3339).
    pub filed_at: String,
    /// The last day of the verification deadline (`YYYY-MM-DD`).
    pub due_on: String,
    /// Still pending after the due date.
    pub overdue: bool,
    /// The department's decision, once made.
    pub decision: Option<DecisionDto>,
    /// The licence version the correction produced.
    pub corrected_version: Option<u32>,
}

/// The department's decision as shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionDto {
    /// `accept` or `reject`.
    pub verdict: String,
    /// 采纳 or 不予采纳.
    pub verdict_label: String,
    /// The value the licence was corrected to.
    pub value: Option<String>,
    /// The department's reason or note.
    pub reason: String,
    /// When it was decided (RFC 3339).
    pub decided_at: String,
}

impl From<ObjectionView> for ObjectionDto {
    fn from(v: ObjectionView) -> ObjectionDto {
        ObjectionDto {
            id: v.id,
            licence: v.licence.to_string(),
            licence_name: v.licence_name,
            holder_name: v.holder_name,
            field: v.field.to_string(),
            field_label: v.field_label,
            current: v.current,
            proposed: v.proposed,
            reason: v.reason,
            evidence: v.evidence,
            state: v.state.code().to_string(),
            state_label: v.state_label.to_string(),
            filed_at: v.filed_at.to_rfc3339(),
            due_on: v.due_on.format("%Y-%m-%d").to_string(),
            overdue: v.overdue,
            decision: v.decision.map(|d| DecisionDto {
                verdict: match d.verdict {
                    Verdict::Accept => "accept",
                    Verdict::Reject => "reject",
                }
                .to_string(),
                verdict_label: d.verdict_label.to_string(),
                value: d.value,
                reason: d.reason,
                decided_at: d.decided_at.to_rfc3339(),
            }),
            corrected_version: v.corrected_version,
        }
    }
}

/// Files the caller's objection to one field of their licence.
#[utoipa::path(
    post,
    path = "/me/licences/{number}/objections",
    tag = "licences",
    params(("number" = String, Path, description = "证照编号（可含连字符）")),
    request_body = ObjectionBody,
    responses(
        (status = 201, description = "异议已提交，待发证部门在期限内核实", body = ObjectionDto),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "未找到您持有的该证照", body = ErrorBody),
        (status = 409, description = "该字段已有待核实的异议，或证照已注销", body = ErrorBody),
        (status = 422, description = "字段、更正值或理由无效", body = ErrorBody),
    ),
    security(("session" = []))
)]
pub async fn file_objection(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(number): Path<String>,
    ApiJson(body): ApiJson<ObjectionBody>,
) -> Result<(StatusCode, Json<ObjectionDto>), ApiError> {
    let request = ObjectionRequest {
        field: body.field,
        proposed: body.proposed,
        reason: body.reason,
        evidence: body.evidence,
    };
    let filed = state.objections.file(&user.actor, &number, request).await?;
    Ok((StatusCode::CREATED, Json(filed.into())))
}

/// The caller's objections with their state and outcome, newest first.
#[utoipa::path(
    get,
    path = "/me/objections",
    tag = "licences",
    responses(
        (status = 200, description = "我的证照异议", body = Vec<ObjectionDto>),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "只有申请人本人可以查看", body = ErrorBody),
    ),
    security(("session" = []))
)]
pub async fn my_objections(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<ObjectionDto>>, ApiError> {
    let found = state.objections.mine(&user.actor).await?;
    Ok(Json(found.into_iter().map(ObjectionDto::from).collect()))
}

/// The pending objections of the caller's department, earliest due first.
#[utoipa::path(
    get,
    path = "/objections",
    tag = "licences",
    responses(
        (status = 200, description = "本部门待核实的证照异议，按期限排序，超期的标记 overdue", body = Vec<ObjectionDto>),
        (status = 401, description = "未登录或令牌无效", body = ErrorBody),
        (status = 403, description = "只有发证部门的审查人员可查看", body = ErrorBody),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn worklist(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<ObjectionDto>>, ApiError> {
    let found = state.objections.worklist(&user.actor).await?;
    Ok(Json(found.into_iter().map(ObjectionDto::from).collect()))
}

/// Accepts (corrects and re-signs the licence) or rejects an objection.
#[utoipa::path(
    post,
    path = "/objections/{id}/decision",
    tag = "licences",
    params(("id" = String, Path, description = "异议编号")),
    request_body = DecisionBody,
    responses(
        (status = 200, description = "已核实：采纳并纠错，或不予采纳", body = ObjectionDto),
        (status = 401, description = "未登录或令牌无效", body = ErrorBody),
        (status = 403, description = "无审查权限", body = ErrorBody),
        (status = 404, description = "未找到该异议（或不属于本部门）", body = ErrorBody),
        (status = 409, description = "该异议已处理，或证照已变更", body = ErrorBody),
        (status = 422, description = "结论或理由无效", body = ErrorBody),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn decide(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> Result<Json<ObjectionDto>, ApiError> {
    let verdict = parse_verdict(&body.verdict)?;
    let request = DecisionRequest {
        verdict,
        reason: body.reason,
        value: body.value,
    };
    let decided = state.objections.decide(&user.actor, &id, request).await?;
    Ok(Json(decided.into()))
}

/// `accept` or `reject`; anything else is 422 `objection_verdict_invalid`.
pub(crate) fn parse_verdict(text: &str) -> Result<Verdict, ApiError> {
    match text.trim() {
        "accept" => Ok(Verdict::Accept),
        "reject" => Ok(Verdict::Reject),
        _ => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "objection_verdict_invalid",
            "核实结论应为 accept（采纳并纠错）或 reject（不予采纳）",
        )),
    }
}
