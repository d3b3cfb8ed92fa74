//! `GET /me/data-use` (用数记录) and `GET|POST /me/identity` (实名核验).

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use tongban_service::subjects::DataUse;
use utoipa::ToSchema;

use crate::AppState;
use crate::account::session::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::ApiJson;

/// A verified identity as the applicant sees it (number masked).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IdentityDto {
    /// Whether the account is linked to a subject.
    pub verified: bool,
    /// The subject's name.
    pub name: Option<String>,
    /// The identity document, masked.
    pub document_masked: Option<String>,
}

/// 实名核验: a name and an identity document number.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IdentityBody {
    /// The name on the document.
    pub name: String,
    /// Resident ID, 台胞证, 居住证, passport or USCC.
    pub document: String,
}

/// Every read of the caller's data (source, purpose, application,
/// consent, elements), newest first. Only the caller's own.
#[utoipa::path(
    get,
    path = "/me/data-use",
    tag = "applications",
    security(("session" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "用数记录", body = Vec<Object>),
        (status = 401, description = "未登录", body = ErrorBody),
    )
)]
pub async fn data_use(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<DataUse>>, ApiError> {
    Ok(Json(state.subjects.data_use_log(&user.actor).await?))
}

/// Whether the caller's account is linked to a verified subject.
#[utoipa::path(
    get,
    path = "/me/identity",
    tag = "applications",
    security(("session" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "实名核验状态", body = IdentityDto),
        (status = 401, description = "未登录", body = ErrorBody),
    )
)]
pub async fn get_identity(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<IdentityDto>, ApiError> {
    let subject = state.subjects.subject_of(&user.actor).await?;
    Ok(Json(identity(subject.as_ref())))
}

/// 实名核验: links the caller's account to the subject the document
/// names, when the name matches.
#[utoipa::path(
    post,
    path = "/me/identity",
    tag = "applications",
    security(("session" = []), ("bearer" = [])),
    request_body = IdentityBody,
    responses(
        (status = 200, description = "已核验", body = IdentityDto),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "核验未通过", body = ErrorBody),
        (status = 422, description = "证件号码无效", body = ErrorBody),
    )
)]
pub async fn verify_identity(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(body): ApiJson<IdentityBody>,
) -> Result<Json<IdentityDto>, ApiError> {
    let subject = state
        .subjects
        .verify_identity(&user.actor, body.name.trim(), body.document.trim())
        .await?;
    Ok(Json(identity(Some(&subject))))
}

/// The masked view of a subject.
pub(crate) fn identity(subject: Option<&tongban_domain::subject::Subject>) -> IdentityDto {
    IdentityDto {
        verified: subject.is_some(),
        name: subject.map(|s| s.name().to_string()),
        document_masked: subject.and_then(|s| s.keys().first().map(|k| k.masked())),
    }
}
