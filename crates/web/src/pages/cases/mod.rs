//! Case pages: the window intake, the worklists, a case with its actions and audit, and the public status lookup.

use axum::Router;

use crate::AppState;

/// This module's page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
}
