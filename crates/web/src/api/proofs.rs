//! The JSON API of 电子证明 (e-proofs): the public proof catalog, a
//! citizen's requests, and the issuing department's worklist with issue
//! and refuse. An issued e-proof is a licence: it is verified by
//! `GET /api/v1/licences/{number}/verification` like any other.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use tongban_domain::ident::Code;
use tongban_service::proofs::{ProofRequestView, ProofTypeView, WorklistEntry};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::account::session::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery};

/// This module's documented routes (nested under `/api/v1`).
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_proof_types))
        .routes(routes!(create_request))
        .routes(routes!(my_requests))
        .routes(routes!(get_request))
        .routes(routes!(worklist))
        .routes(routes!(issue))
        .routes(routes!(refuse))
}

/// A proof request to make.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RequestBody {
    /// The proof type's code (e.g. `residence-proof`).
    pub proof_type: String,
    /// 证明用途.
    pub purpose: String,
}

/// The values the issuing officer checked.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct IssueBody {
    /// Field values by data-element code (e.g. `residence-address`); the
    /// holder's name and the purpose are filled in from the request.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub fields: BTreeMap<Code, String>,
}

/// Why a request is refused.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RefuseBody {
    /// 不予开具原因.
    pub reason: String,
}

/// Which requests the worklist shows.
#[derive(Debug, Deserialize, IntoParams)]
pub struct WorklistParams {
    /// `true` to include issued and refused requests (default: open only).
    #[serde(default)]
    pub all: bool,
}

/// The proof catalog (证明事项目录), replaced proofs included with what
/// replaced them. Public.
#[utoipa::path(
    get,
    path = "/proofs",
    tag = "proofs",
    responses(
        (status = 200, description = "证明事项目录", body = Vec<Object>),
        (status = 503, description = "服务暂不可用", body = ErrorBody),
    )
)]
pub async fn list_proof_types(
    State(state): State<AppState>,
) -> Result<Json<Vec<ProofTypeView>>, ApiError> {
    Ok(Json(state.proofs.proof_types().await?))
}

/// Requests an e-proof (applicants after 实名核验). The issuing
/// department is notified; the answer carries the due date.
#[utoipa::path(
    post,
    path = "/proof-requests",
    tag = "proofs",
    security(("session" = []), ("bearer" = [])),
    request_body = RequestBody,
    responses(
        (status = 201, description = "已提交的证明申请", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "证明事项不存在", body = ErrorBody),
        (status = 422, description = "证明已取消开具（proof_replaced）、未实名核验或用途无效", body = ErrorBody),
    )
)]
pub async fn create_request(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(body): ApiJson<RequestBody>,
) -> Result<(StatusCode, Json<ProofRequestView>), ApiError> {
    let view = state
        .proofs
        .request(&user.actor, &body.proof_type, &body.purpose)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// The caller's own proof requests, newest first.
#[utoipa::path(
    get,
    path = "/me/proof-requests",
    tag = "proofs",
    security(("session" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "我的证明申请", body = Vec<Object>),
        (status = 401, description = "未登录", body = ErrorBody),
    )
)]
pub async fn my_requests(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<ProofRequestView>>, ApiError> {
    Ok(Json(state.proofs.my_requests(&user.actor).await?))
}

/// One proof request: its requester's, or the issuing department's.
#[utoipa::path(
    get,
    path = "/proof-requests/{id}",
    tag = "proofs",
    security(("session" = []), ("bearer" = [])),
    params(("id" = String, Path, description = "证明申请编号")),
    responses(
        (status = 200, description = "证明申请", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "不存在（或不是您的）", body = ErrorBody),
    )
)]
pub async fn get_request(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<ProofRequestView>, ApiError> {
    Ok(Json(state.proofs.request_view(&user.actor, &id).await?))
}

/// The issuing department's worklist, earliest due first, late ones
/// marked `overdue`.
#[utoipa::path(
    get,
    path = "/workbench/proof-requests",
    tag = "proofs",
    security(("session" = []), ("bearer" = [])),
    params(WorklistParams),
    responses(
        (status = 200, description = "待开具证明", body = Vec<Object>),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "角色无此权限", body = ErrorBody),
        (status = 422, description = "不是开具部门的工作人员（proof_worklist_department_only）", body = ErrorBody),
    )
)]
pub async fn worklist(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiQuery(params): ApiQuery<WorklistParams>,
) -> Result<Json<Vec<WorklistEntry>>, ApiError> {
    Ok(Json(state.proofs.worklist(&user.actor, !params.all).await?))
}

/// Issues the e-proof: a signed licence of the proof type, verifiable at
/// `/verify/{number}`.
#[utoipa::path(
    post,
    path = "/proof-requests/{id}/issue",
    tag = "proofs",
    security(("session" = []), ("bearer" = [])),
    params(("id" = String, Path, description = "证明申请编号")),
    request_body = IssueBody,
    responses(
        (status = 200, description = "已开具，licence 为电子证明编号", body = Object),
        (status = 404, description = "不存在或不属于本部门", body = ErrorBody),
        (status = 409, description = "已处理", body = ErrorBody),
        (status = 422, description = "证明字段缺失或无效", body = ErrorBody),
    )
)]
pub async fn issue(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<IssueBody>,
) -> Result<Json<ProofRequestView>, ApiError> {
    Ok(Json(
        state.proofs.issue(&user.actor, &id, body.fields).await?,
    ))
}

/// Refuses the request with a reason.
#[utoipa::path(
    post,
    path = "/proof-requests/{id}/refuse",
    tag = "proofs",
    security(("session" = []), ("bearer" = [])),
    params(("id" = String, Path, description = "证明申请编号")),
    request_body = RefuseBody,
    responses(
        (status = 200, description = "已不予开具", body = Object),
        (status = 404, description = "不存在或不属于本部门", body = ErrorBody),
        (status = 409, description = "已处理", body = ErrorBody),
        (status = 422, description = "未填写原因", body = ErrorBody),
    )
)]
pub async fn refuse(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<RefuseBody>,
) -> Result<Json<ProofRequestView>, ApiError> {
    Ok(Json(
        state.proofs.refuse(&user.actor, &id, &body.reason).await?,
    ))
}
