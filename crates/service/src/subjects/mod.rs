//! Subjects and data sources (一人一档, 数据共享): linking an applicant
//! account to its subject (实名核验), the consents (用数/用证授权) the
//! subject gives, reading facts from [`DataSource`]s under consent, and the
//! data-use log the subject can read.
//!
//! Who may call: only applicants (`ActorKind::Applicant`), each for their
//! own linked subject. Any other actor is refused with
//! `subject_applicant_only` (a `NotFound` refusal: nothing about a subject
//! is revealed); staff reads are not offered yet. Before 实名核验 the
//! consent and read calls are refused with `subject_not_linked`. A consent
//! of another subject answers like a missing one (`consent_not_found`).
//!
//! Every read of a source goes through the subject's consents
//! ([`tongban_domain::subject::AccessContext`]) and is written to the
//! data-use log *before* its facts are handed out. Log lines carry ids and
//! codes only, never a value, ID number or phone number.

mod consent;
mod demo;
mod generate;
mod identity;
mod reads;
mod sources;
mod types;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use rand::RngCore;
use tongban_domain::auth::{Actor, ActorKind};
use tongban_domain::subject::Subject;
use tongban_store::{LicenceStore, SubjectStore};

use crate::accounts::Clock;
use crate::error::{Refusal, ServiceError};

pub use generate::{DemoRecord, demo_data, demo_elderly, demo_enterprises};
pub(crate) use identity::parse_document;
pub use reads::HeldLicence;
pub(crate) use reads::{LICENCE_SOURCE_NAME, cst_date};
pub use sources::{
    DataSource, HOUSEHOLD_REGISTRY, MARKET_REGISTRY, SOCIAL_INSURANCE, StoredSource,
};
pub use types::{DataUse, DemoSubjects, SourceInfo};

/// The subject use cases. Cheap to share behind an `Arc`.
pub struct SubjectService {
    store: Arc<dyn SubjectStore>,
    /// Where the licences a subject holds are read (电子证照库).
    licences: Arc<dyn LicenceStore>,
    clock: Arc<dyn Clock>,
    sources: Vec<Arc<dyn DataSource>>,
}

impl SubjectService {
    /// A service over `store`, reading the time from `clock`, with the
    /// demo's database-backed sources registered (公安户籍信息,
    /// 市场主体登记信息, 社会保险参保信息). The licences a subject holds
    /// are read from the same store's licences (`LicenceStore`).
    pub fn new<S>(store: Arc<S>, clock: Arc<dyn Clock>) -> SubjectService
    where
        S: SubjectStore + LicenceStore + 'static,
    {
        let subjects: Arc<dyn SubjectStore> = store.clone();
        let sources = sources::demo_sources(subjects.clone());
        SubjectService {
            store: subjects,
            licences: store,
            clock,
            sources,
        }
    }

    /// Registers another source (a real registry's adapter). A source with
    /// the same [`tongban_domain::subject::SourceRef`] replaces the
    /// registered one.
    pub fn with_source(mut self, source: Arc<dyn DataSource>) -> SubjectService {
        self.sources
            .retain(|s| s.info().source != source.info().source);
        self.sources.push(source);
        self
    }

    /// The registered sources.
    pub fn sources(&self) -> Vec<SourceInfo> {
        self.sources.iter().map(|s| s.info().clone()).collect()
    }

    /// The current time, to whole seconds (what the store keeps), so a
    /// consent read back compares equal to the one granted.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        let now = self.clock.now();
        DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now)
    }

    /// The applicant's linked subject; refused for a non-applicant or
    /// before 实名核验.
    pub(crate) async fn own_subject(&self, actor: &Actor) -> Result<Subject, ServiceError> {
        applicant_only(actor)?;
        self.store
            .linked_subject(&actor.id)
            .await
            .map_err(ServiceError::store)?
            .ok_or_else(|| {
                ServiceError::refused(
                    Refusal::Conflict,
                    "subject_not_linked",
                    "请先完成实名核验（姓名与证件号码），再授权或使用您的数据",
                )
            })
    }
}

/// Refuses every actor but an applicant.
fn applicant_only(actor: &Actor) -> Result<(), ServiceError> {
    if actor.kind == ActorKind::Applicant {
        Ok(())
    } else {
        Err(ServiceError::refused(
            Refusal::NotFound,
            "subject_applicant_only",
            "只有申请人本人可以查看和授权使用自己的数据",
        ))
    }
}

/// A fresh random id with a readable prefix (`consent-…`, `use-…`).
pub(crate) fn new_id(prefix: &str) -> String {
    let mut bytes = [0u8; 12];
    rand::rng().fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}-{hex}")
}
