//! Supervision pages (效能监察): the dashboard with server-rendered SVG
//! charts, the warnings board, item and bundle drill-downs, the "hall now"
//! panel and the big-screen mode (一张图).

use axum::Router;

use crate::AppState;

/// The supervision pages.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
}
