//! The applicant's endpoints: guidance, the one-time notice, the merged
//! form, materials, drafts, uploads, consents and the data-use log.
//!
//! Guidance and the notice are public; everything else needs a signed-in
//! applicant (session cookie) or a bearer token, and answers another
//! applicant's draft like a missing one (404).

mod drafts;
mod form;
mod materials;
mod me;
pub(crate) mod multipart;
mod public;
mod submit;

use axum::extract::DefaultBodyLimit;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

/// The most an upload request may carry: the service's file limit (10 MiB
/// by default, enforced there) plus room for the multipart envelope.
pub const UPLOAD_BODY_LIMIT: usize = 10 * 1024 * 1024 + 64 * 1024;

/// This module's documented routes (nested under `/api/v1`).
pub(super) fn routes() -> OpenApiRouter<AppState> {
    let uploads = OpenApiRouter::new()
        .routes(routes!(materials::list_uploads, materials::post_upload))
        .layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT));
    OpenApiRouter::new()
        .routes(routes!(public::get_guidance, public::post_guidance))
        .routes(routes!(public::post_notice))
        .routes(routes!(drafts::list_drafts, drafts::create_draft))
        .routes(routes!(drafts::get_draft, drafts::delete_draft))
        .routes(routes!(form::get_form, form::put_form))
        .routes(routes!(form::list_consents, form::grant_consent))
        .routes(routes!(form::revoke_consent))
        .routes(routes!(materials::get_materials))
        .routes(routes!(materials::put_commitments))
        .routes(routes!(materials::delete_upload))
        .routes(routes!(submit::get_review))
        .routes(routes!(submit::post_submit))
        .routes(routes!(me::data_use))
        .routes(routes!(me::get_identity, me::verify_identity))
        .merge(uploads)
}
