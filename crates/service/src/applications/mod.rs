//! The applicant's flow (一次告知, 一表申请, 一套材料): a bundle's guidance
//! questions → the one-time notice → the merged form, prefilled from
//! consented data → the deduplicated materials → submission, which hands
//! the application to [`CaseService::submit`].
//!
//! This module composes the other use cases and owns no data: drafts and
//! uploads live in [`DraftService`], subjects, consents and the data-use
//! log in [`SubjectService`], cases in [`CaseService`]. The consents of a
//! draft name the application `draft:<draft id>` ([`draft_ref`]).

mod consent;
mod context;
mod drafts;
mod form;
mod guidance;
mod materials;
mod notice;
mod selected;
mod submit;
mod views;

use std::sync::Arc;

use tongban_domain::subject::ApplicationRef;

use crate::accounts::Clock;
use crate::cases::CaseService;
use crate::drafts::DraftService;
use crate::service::CatalogService;
use crate::subjects::SubjectService;

pub use consent::{ConsentView, SourceOption};
pub use form::{FormField, FormView, PrefillView, display_value, report_text};
pub use guidance::{GuidanceView, QuestionView};
pub use materials::{MaterialLine, MaterialsView};
pub use notice::{Notice, NoticeMember};
pub use submit::{Review, Submitted};
pub use views::{ElementRef, NamedCode};

/// The applicant-flow use cases. Cheap to share behind an `Arc`.
pub struct ApplicationService {
    catalog: Arc<CatalogService>,
    subjects: Arc<SubjectService>,
    drafts: Arc<DraftService>,
    cases: Arc<CaseService>,
    clock: Arc<dyn Clock>,
}

impl ApplicationService {
    /// A service over the other use cases it composes.
    pub fn new(
        catalog: Arc<CatalogService>,
        subjects: Arc<SubjectService>,
        drafts: Arc<DraftService>,
        cases: Arc<CaseService>,
        clock: Arc<dyn Clock>,
    ) -> ApplicationService {
        ApplicationService {
            catalog,
            subjects,
            drafts,
            cases,
            clock,
        }
    }
}

/// The application a draft's consents are given for: `draft:<draft id>`.
pub fn draft_ref(draft_id: &str) -> ApplicationRef {
    ApplicationRef(format!("draft:{draft_id}"))
}
