//! Hall queue API: take a number, call the next one, serve it, and the
//! hall-now snapshot.

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

/// The hall API routes.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}
