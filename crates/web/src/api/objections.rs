//! The JSON API of 异议核实与纠错: a holder's objection to a licence field, verified and corrected by the issuing department.

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

/// This module's documented routes (nested under `/api/v1`).
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}
