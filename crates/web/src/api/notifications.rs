//! Notification endpoints: the applicant's in-app messages, the warnings
//! list, webhook subscriptions and the dead-letter list.

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

/// This module's documented routes (nested under `/api/v1`).
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}
