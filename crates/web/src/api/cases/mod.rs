//! Case endpoints: submission, commands, reading, audit, worklists and the
//! public status lookup. Every handler passes the caller to the case
//! service, whose gate decides; refusals leave as `ApiError`s (a forbidden
//! transition is 409 with the domain's code, and nothing changed).

pub mod dto;
mod handlers;
mod worklists;

use axum::http::{HeaderMap, StatusCode};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::error::ApiError;

pub use handlers::{audit, command, get_case, public_status, submit};
pub use worklists::worklist;

/// The request header that makes a submission or a command safe to retry.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// This module's documented routes (nested under `/api/v1`).
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(handlers::submit))
        .routes(routes!(handlers::get_case))
        .routes(routes!(handlers::command))
        .routes(routes!(handlers::audit))
        .routes(routes!(handlers::public_status))
        .routes(routes!(worklists::worklist))
}

/// The `Idempotency-Key` header, if sent; one that is not text is refused.
pub fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    match headers.get(IDEMPOTENCY_KEY) {
        None => Ok(None),
        Some(value) => value.to_str().map(|s| Some(s.to_string())).map_err(|_| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_parameter",
                "Idempotency-Key 请求头应为可见的 ASCII 字符",
            )
        }),
    }
}
