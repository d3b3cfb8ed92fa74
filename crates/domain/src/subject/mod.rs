//! Subjects (一人一档 / 一企一档): the master record of a person or an
//! enterprise, the identifiers that find it, the facts read about it from
//! data sources and the consents (用数/用证授权) that allowed each read.
//!
//! Pure data and rules: the store persists subjects and consents, the
//! service layer reads data sources; this module decides which subject an
//! identifier names ([`SubjectIndex`]) and whether a read is allowed
//! ([`consent_allows`]). It is not the applicant's login account: an
//! account points at a subject.
//!
//! `Debug` of every type here masks ID and phone numbers, so a subject
//! written to a log never carries them in full.

mod consent;
mod fact;
mod grant;
mod key;
mod phone;

use serde::{Deserialize, Serialize};

pub use consent::{AccessContext, ApplicationRef, Consent, ConsentId, Purpose, consent_allows};
pub use fact::{Fact, FactSource, SourceRef};
pub use grant::{ANY_APPLICATION, GrantPeriod, Grantee, LicenceGrant, LicenceUser, grant_allowing};
pub use key::{SubjectIndex, SubjectKey, find_subject};
pub use phone::Phone;

use crate::ident::{Passport, ResidencePermit, ResidentId, TaiwanPermit, Uscc};

/// Why a subject could not be built or linked. Messages are Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubjectError {
    /// A person needs at least one identity document.
    #[error(
        "自然人档案至少需要一种身份证件（居民身份证、台湾居民来往大陆通行证、台湾居民居住证或护照）"
    )]
    NoDocument,
    /// Two subjects claim the same identifier (one person, one profile).
    #[error("证件“{key}”已关联到另一个档案，同一主体只能有一个档案")]
    DuplicateKey {
        /// The identifier, masked.
        key: String,
    },
}

impl SubjectError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            SubjectError::NoDocument => "subject_no_document",
            SubjectError::DuplicateKey { .. } => "subject_duplicate_key",
        }
    }
}

/// The store's identifier of a subject (opaque; never an ID number).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SubjectId(pub String);

impl SubjectId {
    /// Wraps an identifier assigned by the store.
    pub fn new(id: impl Into<String>) -> SubjectId {
        SubjectId(id.into())
    }

    /// The identifier as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// 一人一档 / 一企一档: one person's or one enterprise's master record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub id: SubjectId,
    pub profile: Profile,
}

impl Subject {
    /// Every identifier that finds this subject. A Taiwan compatriot with
    /// both permits yields both keys (一人两证一档).
    pub fn keys(&self) -> Vec<SubjectKey> {
        match &self.profile {
            Profile::Person(p) => p.documents.keys(),
            Profile::Enterprise(e) => vec![SubjectKey::Uscc(e.uscc.clone())],
        }
    }

    /// The person's or enterprise's name.
    pub fn name(&self) -> &str {
        match &self.profile {
            Profile::Person(p) => &p.name,
            Profile::Enterprise(e) => &e.name,
        }
    }
}

/// A person's or an enterprise's profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    Person(Person),
    Enterprise(Enterprise),
}

/// 自然人档案.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub documents: IdentityDocuments,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<Phone>,
    /// 户籍地址 or, for those without one, the residence address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// 法人档案: an enterprise, individual business or other organisation with
/// a 统一社会信用代码.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enterprise {
    pub name: String,
    pub uscc: Uscc,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_representative: Option<LegalRepresentative>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<Phone>,
}

/// 法定代表人 (or 经营者 of an individual business).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalRepresentative {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident_id: Option<ResidentId>,
}

/// A person's identity documents: at least one, by construction.
///
/// A mainland resident holds a resident ID; a Taiwan compatriot an entry
/// permit (台胞证) and/or a residence permit (居住证), both linked to the
/// one profile; a foreigner a passport.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawDocuments", into = "RawDocuments")]
pub struct IdentityDocuments {
    resident_id: Option<ResidentId>,
    taiwan_permit: Option<TaiwanPermit>,
    residence_permit: Option<ResidencePermit>,
    passport: Option<Passport>,
}

/// The serde form of [`IdentityDocuments`], checked on the way in.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocuments {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    resident_id: Option<ResidentId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    taiwan_permit: Option<TaiwanPermit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    residence_permit: Option<ResidencePermit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    passport: Option<Passport>,
}

impl TryFrom<RawDocuments> for IdentityDocuments {
    type Error = SubjectError;
    fn try_from(r: RawDocuments) -> Result<Self, SubjectError> {
        let docs = IdentityDocuments {
            resident_id: r.resident_id,
            taiwan_permit: r.taiwan_permit,
            residence_permit: r.residence_permit,
            passport: r.passport,
        };
        if docs.keys().is_empty() {
            Err(SubjectError::NoDocument)
        } else {
            Ok(docs)
        }
    }
}

impl From<IdentityDocuments> for RawDocuments {
    fn from(d: IdentityDocuments) -> RawDocuments {
        RawDocuments {
            resident_id: d.resident_id,
            taiwan_permit: d.taiwan_permit,
            residence_permit: d.residence_permit,
            passport: d.passport,
        }
    }
}

impl IdentityDocuments {
    /// A mainland resident's documents.
    pub fn resident(id: ResidentId) -> IdentityDocuments {
        IdentityDocuments {
            resident_id: Some(id),
            taiwan_permit: None,
            residence_permit: None,
            passport: None,
        }
    }

    /// A Taiwan compatriot's documents: either permit or both
    /// (一人两证一档). Refused when both are missing.
    pub fn taiwan(
        entry: Option<TaiwanPermit>,
        residence: Option<ResidencePermit>,
    ) -> Result<IdentityDocuments, SubjectError> {
        IdentityDocuments::try_from(RawDocuments {
            resident_id: None,
            taiwan_permit: entry,
            residence_permit: residence,
            passport: None,
        })
    }

    /// A foreigner's documents.
    pub fn foreign(passport: Passport) -> IdentityDocuments {
        IdentityDocuments {
            resident_id: None,
            taiwan_permit: None,
            residence_permit: None,
            passport: Some(passport),
        }
    }

    /// Links a Taiwan entry permit (e.g. a renewed one) to the profile.
    pub fn with_taiwan_permit(mut self, permit: TaiwanPermit) -> IdentityDocuments {
        self.taiwan_permit = Some(permit);
        self
    }

    /// Links a residence permit to the profile.
    pub fn with_residence_permit(mut self, permit: ResidencePermit) -> IdentityDocuments {
        self.residence_permit = Some(permit);
        self
    }

    /// Links a passport to the profile.
    pub fn with_passport(mut self, passport: Passport) -> IdentityDocuments {
        self.passport = Some(passport);
        self
    }

    /// The resident ID, if held.
    pub fn resident_id(&self) -> Option<&ResidentId> {
        self.resident_id.as_ref()
    }

    /// The Taiwan entry permit, if held.
    pub fn taiwan_permit(&self) -> Option<&TaiwanPermit> {
        self.taiwan_permit.as_ref()
    }

    /// The Taiwan residence permit, if held.
    pub fn residence_permit(&self) -> Option<&ResidencePermit> {
        self.residence_permit.as_ref()
    }

    /// The passport, if held.
    pub fn passport(&self) -> Option<&Passport> {
        self.passport.as_ref()
    }

    /// One key per document held, in a fixed order.
    pub fn keys(&self) -> Vec<SubjectKey> {
        let mut keys = Vec::new();
        if let Some(id) = &self.resident_id {
            keys.push(SubjectKey::ResidentId(id.clone()));
        }
        if let Some(p) = &self.taiwan_permit {
            keys.push(SubjectKey::TaiwanPermit(p.clone()));
        }
        if let Some(p) = &self.residence_permit {
            keys.push(SubjectKey::ResidencePermit(p.clone()));
        }
        if let Some(p) = &self.passport {
            keys.push(SubjectKey::Passport(p.clone()));
        }
        keys
    }
}
