//! Public licence verification (证照核验): by number, and of a payload and
//! signature a relying party holds. No sign-in: the answers show only the
//! licence's non-sensitive fields, the holder masked.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tongban_domain::licence::PublicLicenceView;
use tongban_service::Verification;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::ApiJson;

/// This module's documented routes (nested under `/api/v1`).
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(verify_number))
        .routes(routes!(verify_payload))
}

/// The verification answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerificationDto {
    /// `valid`, `revoked`, `expired`, `invalid` or `not_found`.
    pub outcome: String,
    /// 有效 / 已撤销 / 已过期 / 无效 / 未找到.
    pub label: String,
    /// The licence's public view (holder masked); present only when its
    /// signature verified. 一业一证: a composite licence verifies as one and
    /// lists the member licences it replaces (`replaces`); a member licence
    /// names its composite (`replaced_by`).
    #[schema(value_type = Option<Object>)]
    pub licence: Option<PublicLicenceView>,
}

impl From<Verification> for VerificationDto {
    fn from(v: Verification) -> VerificationDto {
        VerificationDto {
            outcome: v.outcome.to_string(),
            label: v.label.to_string(),
            licence: v.licence,
        }
    }
}

/// A payload and signature to verify.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PayloadDto {
    /// Standard base64 of the licence's canonical bytes
    /// (docs/licence-signature.md).
    pub payload: String,
    /// Standard base64 of the DER SM2 signature.
    pub signature: String,
}

/// 404 for `not_found`, 200 for every other outcome.
fn answer(v: Verification) -> (StatusCode, Json<VerificationDto>) {
    let status = if v.outcome == "not_found" {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    (status, Json(v.into()))
}

/// Verifies the licence with this number: its signature and status today.
#[utoipa::path(
    get,
    path = "/licences/{number}/verification",
    tag = "licences",
    params(("number" = String, Path, description = "证照编号（可含连字符）")),
    responses(
        (status = 200, description = "核验结果：有效、已撤销、已过期或无效", body = VerificationDto),
        (status = 404, description = "未找到该证照（编号无效或不存在）", body = VerificationDto),
        (status = 503, description = "服务暂不可用", body = ErrorBody),
    )
)]
pub async fn verify_number(
    State(state): State<AppState>,
    Path(number): Path<String>,
) -> Result<(StatusCode, Json<VerificationDto>), ApiError> {
    Ok(answer(state.licences.verify(&number).await?))
}

/// Verifies a payload and signature: invalid unless the signature matches
/// the issuer's seal and the bytes are the registry's current licence.
#[utoipa::path(
    post,
    path = "/licences/verification",
    tag = "licences",
    request_body = PayloadDto,
    responses(
        (status = 200, description = "核验结果", body = VerificationDto),
        (status = 404, description = "载荷中的证照编号不存在", body = VerificationDto),
        (status = 400, description = "请求体无效", body = ErrorBody),
        (status = 503, description = "服务暂不可用", body = ErrorBody),
    )
)]
pub async fn verify_payload(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<PayloadDto>,
) -> Result<(StatusCode, Json<VerificationDto>), ApiError> {
    Ok(answer(
        state
            .licences
            .verify_payload(&body.payload, &body.signature)
            .await?,
    ))
}
