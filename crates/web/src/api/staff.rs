//! `GET /me`, `GET /staff/{username}` and `GET /departments/{code}/staff`:
//! scoped reads, each checked by the service layer's gate.
//!
//! An object outside the caller's data scope is answered exactly like a
//! missing one (404), so callers cannot probe other regions.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tongban_domain::auth::Actor;
use tongban_service::{ServiceError, StaffView};
use utoipa::ToSchema;

use crate::AppState;
use crate::account::session::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::ApiPath;

/// The caller as the platform sees them.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MeDto {
    /// Account or token id, e.g. `staff:qihe.clerk`.
    pub id: String,
    /// `staff`, `applicant` or `token`.
    pub kind: String,
    /// Name shown on pages (a token's id for tokens).
    pub display_name: String,
    /// Role codes (docs/roles.md).
    pub roles: Vec<String>,
    /// The region whose subtree is the caller's data scope.
    pub region: Option<String>,
    /// The caller's department.
    pub department: Option<String>,
    /// For tokens: the action codes the token may take.
    pub token_scopes: Option<Vec<String>>,
}

/// A staff account, without its password or lock details.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StaffDto {
    /// Login name.
    pub username: String,
    /// Full name.
    pub display_name: String,
    /// Department code.
    pub department: String,
    /// Region code.
    pub region: String,
    /// Role codes.
    pub roles: Vec<String>,
    /// True while locked after repeated wrong passwords.
    pub locked: bool,
}

impl From<StaffView> for StaffDto {
    fn from(s: StaffView) -> StaffDto {
        StaffDto {
            username: s.username,
            display_name: s.display_name,
            department: s.department.to_string(),
            region: s.region.to_string(),
            roles: s.roles.iter().map(|r| r.code().to_string()).collect(),
            locked: s.locked,
        }
    }
}

fn me_of(actor: &Actor, display_name: &str) -> MeDto {
    MeDto {
        id: actor.id.clone(),
        kind: match actor.kind {
            tongban_domain::auth::ActorKind::Staff => "staff",
            tongban_domain::auth::ActorKind::Applicant => "applicant",
            tongban_domain::auth::ActorKind::Token => "token",
        }
        .to_string(),
        display_name: display_name.to_string(),
        roles: actor.roles.iter().map(|r| r.code().to_string()).collect(),
        region: actor.region.as_ref().map(ToString::to_string),
        department: actor.department.as_ref().map(ToString::to_string),
        token_scopes: actor
            .token_scopes
            .as_ref()
            .map(|s| s.iter().map(|a| a.code().to_string()).collect()),
    }
}

/// Who the caller is (session cookie or bearer token).
#[utoipa::path(
    get,
    path = "/me",
    tag = "accounts",
    responses(
        (status = 200, description = "当前登录者", body = MeDto),
        (status = 401, description = "未登录或令牌无效", body = ErrorBody),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn me(ApiCaller(user): ApiCaller) -> Json<MeDto> {
    Json(me_of(&user.actor, &user.display_name))
}

/// One staff account, if it is in the caller's data scope.
#[utoipa::path(
    get,
    path = "/staff/{username}",
    tag = "accounts",
    params(("username" = String, Path, description = "工作人员用户名")),
    responses(
        (status = 200, description = "工作人员账号", body = StaffDto),
        (status = 401, description = "未登录或令牌无效", body = ErrorBody),
        (status = 403, description = "角色无此权限", body = ErrorBody),
        (status = 404, description = "账号不存在或不在辖区内", body = ErrorBody),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn staff_account(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(username): ApiPath<String>,
) -> Result<Json<StaffDto>, ApiError> {
    let view = state.accounts.staff_account(&user.actor, &username).await?;
    Ok(Json(view.into()))
}

/// The staff of a department, if it is in the caller's data scope.
#[utoipa::path(
    get,
    path = "/departments/{code}/staff",
    tag = "accounts",
    params(("code" = String, Path, description = "部门编码")),
    responses(
        (status = 200, description = "部门工作人员", body = Vec<StaffDto>),
        (status = 401, description = "未登录或令牌无效", body = ErrorBody),
        (status = 403, description = "角色无此权限", body = ErrorBody),
        (status = 404, description = "部门不存在或不在辖区内", body = ErrorBody),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn department_staff(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<Vec<StaffDto>>, ApiError> {
    let missing = || {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "department_not_found",
            format!("部门“{code}”不存在或不在您的辖区范围内"),
        )
    };
    let catalog = state.service.cached_catalog();
    let dept = catalog
        .departments
        .iter()
        .find(|d| d.code.as_str() == code)
        .ok_or_else(missing)?;
    match state
        .accounts
        .department_staff(&user.actor, &dept.code, &dept.region)
        .await
    {
        Ok(staff) => Ok(Json(staff.into_iter().map(StaffDto::from).collect())),
        Err(ServiceError::Forbidden(denial)) if denial.hides_existence() => Err(missing()),
        Err(err) => Err(err.into()),
    }
}
