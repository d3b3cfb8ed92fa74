//! `GET /healthz`: 200 when the store answers, 503 when it does not.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{ApiError, ErrorDetail};

/// The health check's answer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// `ok` or `unavailable`.
    #[schema(example = "ok")]
    pub status: String,
    /// Why the node is unavailable (absent when ok).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorDetail>,
}

/// Checks that the catalog store answers.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "health",
    responses(
        (status = 200, description = "存储可用", body = Health),
        (status = 503, description = "存储不可用", body = Health),
    )
)]
pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.service.health().await {
        Ok(_) => Json(Health {
            status: "ok".into(),
            error: None,
        })
        .into_response(),
        Err(err) => {
            let api = ApiError::from(err);
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(Health {
                    status: "unavailable".into(),
                    error: Some(api.body().error),
                }),
            )
                .into_response()
        }
    }
}
