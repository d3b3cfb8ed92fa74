//! Who holds the licences a case issues, and what they carry: the
//! applicant's subject (一人一档 / 一企一档) and the case's form data.
//!
//! A case records its owner (the applicant account); the account is linked
//! to a subject (实名核验). An online application's form answers are frozen
//! into the draft submitted as the case. For a licence type of the
//! applicant's own kind the applicant holds it; for an enterprise licence
//! applied for by a person (a legal representative), the enterprise named
//! by the form's 统一社会信用代码 holds it. When neither fits, the holder is
//! unknown and the decision records `licence.deferred` instead of a
//! licence (docs/licences.md).

use std::collections::BTreeMap;

use tongban_domain::catalog::{Catalog, ElementKind};
use tongban_domain::form::FormAnswers;
use tongban_domain::ident::{Code, Uscc};
use tongban_domain::licence::{HolderKind, LicenceHolder, LicenceType};
use tongban_domain::subject::{Profile, Subject, SubjectKey};
use tongban_store::StoredCase;

use super::LicenceService;
use crate::error::ServiceError;

/// The applicant's subject and the case's form answers.
#[derive(Debug, Clone, Default)]
pub(crate) struct CaseData {
    /// The subject linked to the case's owner account, if any.
    pub subject: Option<Subject>,
    /// The form answers by data-element code (empty for a case that came
    /// in at a window without a draft).
    pub answers: FormAnswers,
}

impl CaseData {
    /// The values of the fields `licence_type` declares, from the answers
    /// (blank answers left out).
    pub fn fields_for(&self, licence_type: &LicenceType) -> BTreeMap<Code, String> {
        licence_type
            .fields
            .iter()
            .filter_map(|f| {
                let value = self.answers.get(f.element.as_str())?.trim();
                (!value.is_empty()).then(|| (f.element.clone(), value.to_string()))
            })
            .collect()
    }
}

impl LicenceService {
    /// The case's applicant subject and form answers.
    pub(crate) async fn case_data(&self, stored: &StoredCase) -> Result<CaseData, ServiceError> {
        let Some(owner) = &stored.owner else {
            return Ok(CaseData::default());
        };
        let subject = self
            .subjects
            .linked_subject(owner)
            .await
            .map_err(ServiceError::store)?;
        let drafts = self
            .drafts
            .drafts_of(owner)
            .await
            .map_err(ServiceError::store)?;
        let answers = drafts
            .iter()
            .find(|d| {
                d.submitted
                    .as_ref()
                    .is_some_and(|s| s.case_no == stored.case.case_no)
            })
            .map(|d| answers_of(&d.body))
            .unwrap_or_default();
        Ok(CaseData { subject, answers })
    }

    /// The holder of a licence of `licence_type` issued on this case, or
    /// `None` when it cannot be told.
    pub(crate) async fn holder_for(
        &self,
        data: &CaseData,
        licence_type: &LicenceType,
        catalog: &Catalog,
    ) -> Result<Option<LicenceHolder>, ServiceError> {
        if let Some(subject) = &data.subject
            && kind_of(subject) == licence_type.holder_kind
        {
            return Ok(holder_of(subject));
        }
        if licence_type.holder_kind != HolderKind::Enterprise {
            return Ok(None);
        }
        let uscc = catalog
            .data_elements
            .iter()
            .filter(|e| e.kind == ElementKind::Uscc)
            .filter_map(|e| data.answers.get(e.code.as_str()))
            .find_map(|v| Uscc::parse(v).ok());
        let Some(uscc) = uscc else {
            return Ok(None);
        };
        let found = self
            .subjects
            .subject_by_key(&SubjectKey::Uscc(uscc))
            .await
            .map_err(ServiceError::store)?;
        Ok(found.as_ref().and_then(holder_of))
    }
}

/// The answers frozen at submission (prefilled values included), else the
/// typed ones.
fn answers_of(body: &serde_json::Value) -> FormAnswers {
    let frozen = body
        .get("submission")
        .and_then(|s| s.get("form"))
        .and_then(|f| f.get("answers"));
    [frozen, body.get("answers")]
        .into_iter()
        .flatten()
        .find_map(|v| serde_json::from_value::<FormAnswers>(v.clone()).ok())
        .unwrap_or_default()
}

fn kind_of(subject: &Subject) -> HolderKind {
    match subject.profile {
        Profile::Person(_) => HolderKind::Person,
        Profile::Enterprise(_) => HolderKind::Enterprise,
    }
}

/// The subject as a licence holder, under its first identifier.
fn holder_of(subject: &Subject) -> Option<LicenceHolder> {
    let identifier = subject.keys().into_iter().next()?;
    Some(LicenceHolder {
        subject: subject.id.clone(),
        name: subject.name().to_string(),
        identifier,
    })
}
