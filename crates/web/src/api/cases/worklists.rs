//! `GET /worklists/{list}`: the caller's worklist, scoped by the service.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use tongban_service::cases::Worklist;

use super::dto::{WorkItemDto, WorklistDto};
use crate::AppState;
use crate::account::session::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::ApiPath;

/// A worklist: `intake` and `today` (window clerk), `inbox` (department
/// examiner, by deadline), `bundles` (lead department), `warnings`
/// (supervisor). Only cases in the caller's data scope are listed; a role
/// without the list's work gets 403.
#[utoipa::path(
    get,
    path = "/worklists/{list}",
    tag = "cases",
    params(("list" = String, Path, description = "intake | today | inbox | bundles | warnings | assists")),
    responses(
        (status = 200, description = "工作台列表", body = WorklistDto),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "角色无此权限", body = ErrorBody),
        (status = 404, description = "没有这个列表", body = ErrorBody),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn worklist(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(list): ApiPath<String>,
) -> Result<Json<WorklistDto>, ApiError> {
    let Some(which) = Worklist::parse(&list) else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "worklist_not_found",
            format!(
                "没有名为“{list}”的工作台列表：可选 intake、today、inbox、bundles、warnings、assists"
            ),
        ));
    };
    let lines = state.cases.worklist(&user.actor, which).await?;
    Ok(Json(WorklistDto {
        list: which.code().to_string(),
        title: which.label().to_string(),
        entries: lines.into_iter().map(WorkItemDto::from).collect(),
    }))
}
