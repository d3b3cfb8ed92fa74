//! The pages of 诉求: 办不成事, 企业吹哨, 12345 work orders and 助企纾困 appeals, dispatched, escalated, answered and rated.

use axum::Router;

use crate::AppState;

/// The page routes of this module.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
}
