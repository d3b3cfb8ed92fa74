//! The applicant's endpoints: guidance, the one-time notice, the merged form, materials, drafts, uploads, consents and the data-use log.

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

/// This module's documented routes (nested under `/api/v1`).
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}
