//! The pages of 异议核实与纠错: a holder's objection to a licence field, verified and corrected by the issuing department.

use axum::Router;

use crate::AppState;

/// The page routes of this module.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
}
