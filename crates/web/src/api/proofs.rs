//! The JSON API of 电子证明: requests for e-proofs and their issuance within the proof type's deadline.

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

/// This module's documented routes (nested under `/api/v1`).
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}
