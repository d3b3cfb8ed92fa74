//! The applicant's pages, phone-first: bundle → questions → one-time notice → form → materials → review → submit; drafts, consents and the data-use log.

use axum::Router;

use crate::AppState;

/// This module's page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
}
