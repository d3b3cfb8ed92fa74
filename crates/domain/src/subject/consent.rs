//! 用数/用证授权: the subject's consent to read a source for one purpose and
//! one application, and the rule that decides whether a read is allowed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{SourceRef, SubjectId};

/// The store's identifier of a consent.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ConsentId(pub String);

/// The application (draft or case) a consent was given for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ApplicationRef(pub String);

/// What a read is for. A consent covers exactly one purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// 预填申请表: prefill the merged form.
    Prefill,
    /// 免提交材料: replace a material by data or an e-licence.
    MaterialExemption,
    /// 审查核验: the department checks a condition during review.
    Review,
}

impl Purpose {
    /// Chinese label, as shown in the applicant's data-use log.
    pub fn label(self) -> &'static str {
        match self {
            Purpose::Prefill => "预填申请表",
            Purpose::MaterialExemption => "免提交材料",
            Purpose::Review => "审查核验",
        }
    }
}

/// One consent (授权) given by a subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub id: ConsentId,
    pub subject: SubjectId,
    pub purpose: Purpose,
    pub application: ApplicationRef,
    /// The sources the consent opens; nothing else may be read under it.
    pub sources: Vec<SourceRef>,
    pub granted_at: DateTime<Utc>,
    /// When the subject withdrew it; reads at or after this instant are refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<DateTime<Utc>>,
}

impl Consent {
    /// True when this consent allows reading `source` for `purpose` and
    /// `application` at instant `at`.
    pub fn allows(
        &self,
        subject: &SubjectId,
        source: &SourceRef,
        purpose: Purpose,
        application: &ApplicationRef,
        at: DateTime<Utc>,
    ) -> bool {
        self.subject == *subject
            && self.purpose == purpose
            && self.application == *application
            && self.sources.contains(source)
            && self.granted_at <= at
            && self.revoked_at.is_none_or(|r| at < r)
    }

    /// The consent withdrawn at `at` (an earlier withdrawal stands).
    pub fn revoked(mut self, at: DateTime<Utc>) -> Consent {
        self.revoked_at = Some(self.revoked_at.map_or(at, |r| r.min(at)));
        self
    }
}

/// True when some consent of `subject` allows reading `source` for
/// `purpose` and `application` at `at`: granted by then, not yet revoked,
/// naming that source.
pub fn consent_allows(
    consents: &[Consent],
    subject: &SubjectId,
    source: &SourceRef,
    purpose: Purpose,
    application: &ApplicationRef,
    at: DateTime<Utc>,
) -> bool {
    consents
        .iter()
        .any(|c| c.allows(subject, source, purpose, application, at))
}

/// Who is applying, for which application, and when: what every consent
/// check is made against. `at` is passed in; the domain reads no clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessContext<'a> {
    pub subject: &'a SubjectId,
    pub application: &'a ApplicationRef,
    pub at: DateTime<Utc>,
    pub consents: &'a [Consent],
}

impl AccessContext<'_> {
    /// The consent that allows reading `source` for `purpose`, if any.
    pub fn allowing(&self, source: &SourceRef, purpose: Purpose) -> Option<&Consent> {
        self.consents
            .iter()
            .find(|c| c.allows(self.subject, source, purpose, self.application, self.at))
    }
}
