//! The pages of 我的证照: the holder's licences, the holder's grants of their use (证照授权) and the use log.

use axum::Router;

use crate::AppState;

/// The page routes of this module.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
}
