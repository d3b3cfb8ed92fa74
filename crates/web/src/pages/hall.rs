//! Hall queue pages: the number kiosk (取号) and the window's call screen
//! (叫号).

use axum::Router;

use crate::AppState;

/// The hall pages.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
}
