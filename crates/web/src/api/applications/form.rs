//! The merged form of a draft (`GET|PUT /drafts/{id}/form`) and its
//! consents (`GET|POST /drafts/{id}/consents`, `DELETE …/{consent}`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tongban_domain::form::FormAnswers;
use tongban_domain::subject::{Consent, ConsentId, Purpose, SourceRef};
use tongban_service::applications::{ConsentView, FormView};
use utoipa::ToSchema;

use crate::AppState;
use crate::account::session::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath};

/// The applicant's typed answers.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FormBody {
    /// The draft version the answers were computed from.
    pub version: i64,
    /// Values by data-element code; replaces the stored set (prefilled
    /// fields need no value; a typed one corrects the prefilled value).
    #[schema(value_type = Object)]
    pub answers: FormAnswers,
}

/// A consent to give for this draft.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ConsentBody {
    /// `prefill` (预填申请表) or `material_exemption` (免提交材料).
    #[schema(value_type = String, example = "prefill")]
    pub purpose: Purpose,
    /// Sources to open: `{"data_source":{"source":…}}` or
    /// `{"licence":{"licence_type":…}}`.
    #[schema(value_type = Vec<Object>)]
    pub sources: Vec<SourceRef>,
}

/// The draft's merged form: prefilled fields with their source, the
/// fields still to fill and “本次申请需填写 N 项，分别办理需填写 M 项”.
#[utoipa::path(
    get,
    path = "/drafts/{id}/form",
    tag = "applications",
    security(("session" = []), ("bearer" = [])),
    params(("id" = String, Path, description = "草稿编号")),
    responses(
        (status = 200, description = "一表申请", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "草稿不存在", body = ErrorBody),
    )
)]
pub async fn get_form(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<FormView>, ApiError> {
    Ok(Json(state.applications.form(&user.actor, &id).await?))
}

/// Saves the typed answers; each value is checked against its data
/// element and a bad one is refused (422 `form_invalid`, naming it).
#[utoipa::path(
    put,
    path = "/drafts/{id}/form",
    tag = "applications",
    security(("session" = []), ("bearer" = [])),
    params(("id" = String, Path, description = "草稿编号")),
    request_body = FormBody,
    responses(
        (status = 200, description = "保存后的一表申请", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "草稿不存在", body = ErrorBody),
        (status = 409, description = "草稿已被修改或已提交", body = ErrorBody),
        (status = 422, description = "填写有误", body = ErrorBody),
    )
)]
pub async fn put_form(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<FormBody>,
) -> Result<Json<FormView>, ApiError> {
    Ok(Json(
        state
            .applications
            .save_form(&user.actor, &id, body.version, body.answers)
            .await?,
    ))
}

/// Which sources could prefill which fields or replace which materials,
/// and this draft's consents.
#[utoipa::path(
    get,
    path = "/drafts/{id}/consents",
    tag = "applications",
    security(("session" = []), ("bearer" = [])),
    params(("id" = String, Path, description = "草稿编号")),
    responses(
        (status = 200, description = "可授权的数据来源与已给出的授权", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "草稿不存在", body = ErrorBody),
    )
)]
pub async fn list_consents(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<ConsentView>, ApiError> {
    Ok(Json(
        state.applications.consent_view(&user.actor, &id).await?,
    ))
}

/// Gives a consent (用数/用证授权) for this draft.
#[utoipa::path(
    post,
    path = "/drafts/{id}/consents",
    tag = "applications",
    security(("session" = []), ("bearer" = [])),
    params(("id" = String, Path, description = "草稿编号")),
    request_body = ConsentBody,
    responses(
        (status = 201, description = "授权", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "草稿不存在", body = ErrorBody),
        (status = 422, description = "来源不适用或未实名核验", body = ErrorBody),
    )
)]
pub async fn grant_consent(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ConsentBody>,
) -> Result<(StatusCode, Json<Consent>), ApiError> {
    let consent = state
        .applications
        .grant(&user.actor, &id, body.purpose, body.sources)
        .await?;
    Ok((StatusCode::CREATED, Json(consent)))
}

/// Withdraws one of this draft's consents.
#[utoipa::path(
    delete,
    path = "/drafts/{id}/consents/{consent}",
    tag = "applications",
    security(("session" = []), ("bearer" = [])),
    params(
        ("id" = String, Path, description = "草稿编号"),
        ("consent" = String, Path, description = "授权编号"),
    ),
    responses(
        (status = 200, description = "已撤回的授权", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "草稿或授权不存在", body = ErrorBody),
    )
)]
pub async fn revoke_consent(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath((id, consent)): ApiPath<(String, String)>,
) -> Result<Json<Consent>, ApiError> {
    Ok(Json(
        state
            .applications
            .revoke(&user.actor, &id, &ConsentId(consent))
            .await?,
    ))
}
