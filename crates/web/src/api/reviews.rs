//! The JSON API of 好差评: ratings of cases, visits and online services, the bad-rating rectification workflow and scores.

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

/// This module's documented routes (nested under `/api/v1`).
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}
