//! The pages of 电子证明: requests for e-proofs and their issuance within the proof type's deadline.

use axum::Router;

use crate::AppState;

/// The page routes of this module.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
}
