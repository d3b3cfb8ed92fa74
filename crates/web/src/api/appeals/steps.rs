//! The steps on one appeal (`POST /appeals/{no}/…`): dispatch, reports,
//! instructions, rating and reopening, each declared once through
//! [`appeal_step!`] with its body, its answer and its own refusals.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use tongban_domain::appeal::ReportKind;
use tongban_domain::ident::Code;
use utoipa::ToSchema;

use super::enums;
use super::view::AppealViewDto;
use crate::AppState;
use crate::account::session::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath};

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
    #[schema(schema_with = enums::report_kinds)]
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

fn code(name: &str, value: &str) -> Result<Code, ApiError> {
    Code::parse(value).map_err(|_| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            format!("参数“{name}”无效：部门编码只能由字母、数字、“-”“_”“.”组成"),
        )
    })
}

/// One step on an appeal (`POST /appeals/{no}/…`): the body type, the
/// answer's description, the statuses of its own refusals, and the call
/// that turns `(state, actor, no, body)` into the appeal's new view.
macro_rules! appeal_step {
    (
        $(#[$doc:meta])*
        $name:ident, $path:tt, $body:ty, $done:tt,
        [$(($status:tt, $why:tt)),*],
        |$state:ident, $actor:ident, $no:ident, $b:ident| $call:expr
    ) => {
        $(#[$doc])*
        #[utoipa::path(post, path = $path, tag = "appeals", request_body = $body,
            params(("no" = String, Path, description = "诉求编号")),
            responses(
                (status = 200, description = $done, body = AppealViewDto),
                $((status = $status, description = $why, body = ErrorBody),)*
            ),
            security(("bearer" = []), ("session" = [])))]
        pub async fn $name(
            State($state): State<AppState>,
            ApiCaller(user): ApiCaller,
            ApiPath($no): ApiPath<String>,
            ApiJson($b): ApiJson<$body>,
        ) -> Result<Json<AppealViewDto>, ApiError> {
            let $actor = &user.actor;
            Ok(Json(AppealViewDto::from($call)))
        }
    };
}

appeal_step!(
    /// 派单: a supervisor dispatches to a lead and co-departments.
    dispatch, "/appeals/{no}/dispatch", DispatchBody, "已派单",
    [(409, "状态不允许")],
    |state, actor, no, body| {
        let lead = code("lead", &body.lead)?;
        let co = body.co.iter().map(|c| code("co", c)).collect::<Result<_, _>>()?;
        state.appeals.dispatch(actor, &no, lead, co).await?
    }
);

appeal_step!(
    /// 部门报到: the caller's department reports progress, its answer, or
    /// (the lead) the resolution.
    report, "/appeals/{no}/reports", ReportBody, "已报送",
    [(409, "状态不允许"), (422, "内容无效或非牵头部门")],
    |state, actor, no, body| state.appeals.report(actor, &no, body.kind, &body.text).await?
);

appeal_step!(
    /// 领导批阅: a supervisor or a dispatched department's leader instructs.
    instruct, "/appeals/{no}/instructions", TextBody, "已批阅",
    [(422, "批示内容无效")],
    |state, actor, no, body| state.appeals.instruct(actor, &no, &body.text).await?
);

appeal_step!(
    /// 评哨: the owner (or staff recording a revisit) rates a resolved
    /// appeal; 不满意 reopens it.
    rate, "/appeals/{no}/rating", RatingBody, "已评价",
    [(409, "尚未办结")],
    |state, actor, no, body| {
        state.appeals.rate(actor, &no, body.satisfied, &body.comment).await?
    }
);

appeal_step!(
    /// A supervisor sends a resolved or closed appeal back to its departments.
    reopen, "/appeals/{no}/reopen", TextBody, "已重新交办",
    [(409, "状态不允许")],
    |state, actor, no, body| state.appeals.reopen(actor, &no, &body.text).await?
);
