//! The applicant's flow (一次告知, 一表申请, 一套材料): a bundle's guidance
//! questions → the one-time notice → the merged form, prefilled from
//! consented data → the deduplicated materials → submission, which hands
//! the application to [`CaseService::submit`].

use std::sync::Arc;

use crate::accounts::Clock;
use crate::cases::CaseService;
use crate::drafts::DraftService;
use crate::service::CatalogService;
use crate::subjects::SubjectService;

/// The applicant-flow use cases. Cheap to share behind an `Arc`.
#[allow(dead_code)]
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
