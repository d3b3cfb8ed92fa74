//! The JSON API of 我的证照: the holder's licences, the holder's grants of their use (证照授权) and the use log.

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

/// This module's documented routes (nested under `/api/v1`).
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}
