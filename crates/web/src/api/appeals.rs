//! The JSON API of 诉求: 办不成事, 企业吹哨, 12345 work orders and 助企纾困 appeals, dispatched, escalated, answered and rated.

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

/// This module's documented routes (nested under `/api/v1`).
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}
