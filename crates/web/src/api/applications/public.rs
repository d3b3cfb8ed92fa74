//! `GET|POST /guidance/{bundle}` and `POST /notice`: no login needed.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use tongban_domain::guidance::Answers;
use tongban_service::Application;
use tongban_service::applications::{GuidanceView, Notice};
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath};

/// Answers to a bundle's guidance questions.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct AnswersBody {
    /// Answers by question code: `true`/`false`, an option value, or a
    /// list of option values.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub answers: Answers,
}

/// An item or a bundle to apply for.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApplicationBody {
    /// `{"kind":"bundle","bundle":…,"answers":{…}}` or
    /// `{"kind":"item","item":…,"situations":[…]}`.
    #[schema(value_type = Object)]
    pub application: Application,
}

/// The questions of a bundle before any answer.
#[utoipa::path(
    get,
    path = "/guidance/{bundle}",
    tag = "applications",
    params(("bundle" = String, Path, description = "一件事编码")),
    responses(
        (status = 200, description = "应显示的问题与选中的事项", body = Object),
        (status = 404, description = "一件事不存在", body = ErrorBody),
    )
)]
pub async fn get_guidance(
    State(state): State<AppState>,
    ApiPath(bundle): ApiPath<String>,
) -> Result<Json<GuidanceView>, ApiError> {
    Ok(Json(
        state
            .applications
            .guidance(&bundle, &Answers::default())
            .await?,
    ))
}

/// The questions to show for the answers so far (a question whose
/// condition does not hold is left out) and the members they select.
#[utoipa::path(
    post,
    path = "/guidance/{bundle}",
    tag = "applications",
    params(("bundle" = String, Path, description = "一件事编码")),
    request_body = AnswersBody,
    responses(
        (status = 200, description = "应显示的问题与选中的事项", body = Object),
        (status = 404, description = "一件事不存在", body = ErrorBody),
        (status = 422, description = "回答无效", body = ErrorBody),
    )
)]
pub async fn post_guidance(
    State(state): State<AppState>,
    ApiPath(bundle): ApiPath<String>,
    ApiJson(body): ApiJson<AnswersBody>,
) -> Result<Json<GuidanceView>, ApiError> {
    Ok(Json(
        state.applications.guidance(&bundle, &body.answers).await?,
    ))
}

/// 一次性告知单: members, situations, the one set of materials (and how
/// some could be exempt), the one form's field count against the separate
/// forms', time limits, fees, visits and where to go.
#[utoipa::path(
    post,
    path = "/notice",
    tag = "applications",
    request_body = ApplicationBody,
    responses(
        (status = 200, description = "一次性告知单", body = Object),
        (status = 404, description = "事项或一件事不存在", body = ErrorBody),
        (status = 422, description = "回答或情形无效", body = ErrorBody),
    )
)]
pub async fn post_notice(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<ApplicationBody>,
) -> Result<Json<Notice>, ApiError> {
    Ok(Json(state.applications.notice(&body.application).await?))
}
