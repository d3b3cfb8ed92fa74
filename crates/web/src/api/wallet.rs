//! The JSON API of 我的证照: the holder's licences and their PDFs, the
//! holder's grants of their use (证照授权 / 证照委托), and a grantee's use
//! of a licence under a grant (logged in the holder's data-use log).
//!
//! Another holder's licence answers 404 exactly like a missing one.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tongban_domain::subject::ConsentId;
use tongban_service::wallet::{
    GrantRequest, GrantScope, GrantView, GranteeRequest, UsedLicence, WalletLicence,
    WalletLicenceDetail,
};
use tongban_service::{Refusal, ServiceError};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::account::session::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath};
use crate::pages::PageContext;

/// This module's documented routes (nested under `/api/v1`).
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_licences))
        .routes(routes!(get_licence))
        .routes(routes!(get_licence_pdf))
        .routes(routes!(post_grant))
        .routes(routes!(list_grants))
        .routes(routes!(delete_grant))
        .routes(routes!(post_use))
}

/// A grant to make, flat so a plain HTML form can send it too.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct GrantBody {
    /// `department` (证照授权) or `agent` (证照委托).
    pub grantee_kind: String,
    /// The department's code (department grants).
    #[serde(default)]
    pub department: Option<String>,
    /// The agent's name (agent grants).
    #[serde(default)]
    pub agent_name: Option<String>,
    /// The agent's identity document number (agent grants).
    #[serde(default)]
    pub agent_document: Option<String>,
    /// `case` (one case) or `period`.
    pub scope: String,
    /// The case number (one-case grants).
    #[serde(default)]
    pub case_no: Option<String>,
    /// First day, `YYYY-MM-DD` (period grants).
    #[serde(default)]
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (period grants).
    #[serde(default)]
    pub to: Option<String>,
}

impl GrantBody {
    /// The service's request, or `grant_request_invalid` naming what is
    /// missing.
    pub fn request(self) -> Result<GrantRequest, ServiceError> {
        let text = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let grantee = match self.grantee_kind.trim() {
            "department" => GranteeRequest::Department {
                department: text(self.department).ok_or_else(|| invalid("请选择被授权的部门"))?,
            },
            "agent" => GranteeRequest::Agent {
                name: text(self.agent_name).ok_or_else(|| invalid("请填写受托人姓名"))?,
                document: text(self.agent_document)
                    .ok_or_else(|| invalid("请填写受托人身份证件号码"))?,
            },
            _ => return Err(invalid("请选择授权给部门还是委托给他人")),
        };
        let day = |v: Option<String>, what: &str| -> Result<NaiveDate, ServiceError> {
            text(v)
                .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
                .ok_or_else(|| invalid(&format!("请按“年-月-日”填写{what}")))
        };
        let scope = match self.scope.trim() {
            "case" => GrantScope::Case {
                case_no: text(self.case_no).ok_or_else(|| invalid("请填写办件编号"))?,
            },
            "period" => GrantScope::Period {
                from: day(self.from, "开始日期")?,
                to: day(self.to, "结束日期")?,
            },
            _ => return Err(invalid("请选择授权用于一个办件还是一段期间")),
        };
        Ok(GrantRequest { grantee, scope })
    }
}

fn invalid(message: &str) -> ServiceError {
    ServiceError::refused(Refusal::Invalid, "grant_request_invalid", message)
}

/// A licence to use under a grant.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UseBody {
    /// The licence number (printed or compact).
    pub number: String,
    /// The case it is used for; omit under a period grant.
    #[serde(default)]
    pub case_no: Option<String>,
}

/// 我的证照: every licence the caller holds (any status), newest first.
#[utoipa::path(
    get,
    path = "/me/licences",
    tag = "wallet",
    security(("session" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "我的证照", body = Vec<Object>),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 409, description = "未实名核验", body = ErrorBody),
    )
)]
pub async fn list_licences(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<WalletLicence>>, ApiError> {
    Ok(Json(state.wallet.licences(&user.actor).await?))
}

/// One of the caller's licences: fields, history, grants and uses.
#[utoipa::path(
    get,
    path = "/me/licences/{number}",
    tag = "wallet",
    security(("session" = []), ("bearer" = [])),
    params(("number" = String, Path, description = "证照编号")),
    responses(
        (status = 200, description = "证照详情", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "证照不存在（或不是本人的）", body = ErrorBody),
    )
)]
pub async fn get_licence(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(number): ApiPath<String>,
) -> Result<Json<WalletLicenceDetail>, ApiError> {
    Ok(Json(state.wallet.licence(&user.actor, &number).await?))
}

/// The PDF of one of the caller's licences, with a QR code to its public
/// verification page.
#[utoipa::path(
    get,
    path = "/me/licences/{number}/pdf",
    tag = "wallet",
    security(("session" = []), ("bearer" = [])),
    params(("number" = String, Path, description = "证照编号")),
    responses(
        (status = 200, description = "证照 PDF", content_type = "application/pdf"),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "证照不存在（或不是本人的）", body = ErrorBody),
    )
)]
pub async fn get_licence_pdf(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    page: PageContext,
    ApiPath(number): ApiPath<String>,
) -> Result<Response, ApiError> {
    pdf_response(&state, &user.actor, &page, &number).await
}

/// The PDF response of a licence (shared with the wallet page's link).
pub(crate) async fn pdf_response(
    state: &AppState,
    actor: &tongban_domain::auth::Actor,
    page: &PageContext,
    number: &str,
) -> Result<Response, ApiError> {
    let detail = state.wallet.licence(actor, number).await?;
    let compact = detail.licence.number;
    let verify = format!("{}/verify/{compact}", page.origin.as_deref().unwrap_or(""));
    let bytes = state.wallet.licence_pdf(actor, number, &verify).await?;
    let disposition = format!("inline; filename=\"licence-{compact}.pdf\"");
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

/// 证照授权 / 证照委托: lets a department or an agent use this licence for
/// one case or for a period.
#[utoipa::path(
    post,
    path = "/me/licences/{number}/grants",
    tag = "wallet",
    security(("session" = []), ("bearer" = [])),
    params(("number" = String, Path, description = "证照编号")),
    request_body = GrantBody,
    responses(
        (status = 201, description = "授权", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "证照或部门不存在", body = ErrorBody),
        (status = 409, description = "证照已注销或过期", body = ErrorBody),
        (status = 422, description = "授权内容无效", body = ErrorBody),
    )
)]
pub async fn post_grant(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(number): ApiPath<String>,
    ApiJson(body): ApiJson<GrantBody>,
) -> Result<(StatusCode, Json<GrantView>), ApiError> {
    let grant = state
        .wallet
        .grant(&user.actor, &number, body.request()?)
        .await?;
    Ok((StatusCode::CREATED, Json(grant)))
}

/// The caller's licence grants, newest first (withdrawn ones included).
#[utoipa::path(
    get,
    path = "/me/licence-grants",
    tag = "wallet",
    security(("session" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "证照授权", body = Vec<Object>),
        (status = 401, description = "未登录", body = ErrorBody),
    )
)]
pub async fn list_grants(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<GrantView>>, ApiError> {
    Ok(Json(state.wallet.grants(&user.actor).await?))
}

/// Withdraws one of the caller's licence grants.
#[utoipa::path(
    delete,
    path = "/me/licence-grants/{consent}",
    tag = "wallet",
    security(("session" = []), ("bearer" = [])),
    params(("consent" = String, Path, description = "授权编号")),
    responses(
        (status = 200, description = "已撤回的授权", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "授权不存在", body = ErrorBody),
    )
)]
pub async fn delete_grant(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(consent): ApiPath<String>,
) -> Result<Json<GrantView>, ApiError> {
    Ok(Json(
        state
            .wallet
            .withdraw(&user.actor, &ConsentId(consent))
            .await?,
    ))
}

/// Uses a licence under its holder's grant (staff of the granted
/// department, or the granted agent signed in and verified). The use is
/// logged in the holder's data-use log; without a grant, 404.
#[utoipa::path(
    post,
    path = "/licence-uses",
    tag = "wallet",
    security(("session" = []), ("bearer" = [])),
    request_body = UseBody,
    responses(
        (status = 200, description = "证照内容", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "证照不存在或未获授权", body = ErrorBody),
    )
)]
pub async fn post_use(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(body): ApiJson<UseBody>,
) -> Result<Json<UsedLicence>, ApiError> {
    Ok(Json(
        state
            .wallet
            .use_licence(&user.actor, &body.number, body.case_no.as_deref())
            .await?,
    ))
}
