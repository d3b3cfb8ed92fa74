//! The pages of 好差评: ratings of cases, visits and online services, the bad-rating rectification workflow and scores.

use axum::Router;

use crate::AppState;

/// The page routes of this module.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
}
