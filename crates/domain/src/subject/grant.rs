//! 证照授权 / 证照委托: a consent of the holder that lets someone else — a
//! department, or an agent — use one of the holder's e-licences, for one
//! application or for a period.
//!
//! A grant is not a second consent mechanism: it IS a [`Consent`] (same
//! id, same withdrawal, the same data-use log entries name it), with three
//! terms added: the one licence it opens, who may use it (the grantee) and,
//! for a period grant, the time window. A period grant names the
//! application [`ANY_APPLICATION`], which no application flow ever asks
//! for, so [`Consent::allows`] never lets the holder's own flow read
//! through it by accident; [`LicenceGrant::allows`] is its rule.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{ApplicationRef, Consent, SourceRef, SubjectKey};
use crate::ident::Code;

/// The application a period grant names: any application within its period.
pub const ANY_APPLICATION: &str = "*";

/// Who may use the licence under a grant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Grantee {
    /// A department (its staff), e.g. the one reviewing the holder's case.
    Department {
        /// The department's code.
        department: Code,
        /// Its name when the grant was made.
        name: String,
    },
    /// 证照委托: an agent acting for the holder, named by name and identity
    /// document. The agent uses the grant from their own applicant account
    /// once it is verified (实名核验) as that person.
    Agent {
        /// The agent's name.
        name: String,
        /// The agent's identity document.
        identifier: SubjectKey,
    },
}

impl Grantee {
    /// The grantee for pages and the data-use log: a department's name, or
    /// the agent's name with the document masked.
    pub fn label(&self) -> String {
        match self {
            Grantee::Department { name, .. } => name.clone(),
            Grantee::Agent { name, identifier } => {
                format!("受托人 {name}（{}）", identifier.masked())
            }
        }
    }
}

/// Who is asking to use a licence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LicenceUser<'a> {
    /// Staff of this department.
    Department(&'a Code),
    /// A person whose verified subject has these identifiers.
    Person(&'a [SubjectKey]),
}

impl Grantee {
    /// True when `user` is this grantee.
    pub fn is(&self, user: LicenceUser<'_>) -> bool {
        match (self, user) {
            (Grantee::Department { department, .. }, LicenceUser::Department(d)) => department == d,
            (Grantee::Agent { identifier, .. }, LicenceUser::Person(keys)) => {
                keys.iter().any(|k| k.same_holder(identifier))
            }
            _ => false,
        }
    }
}

/// A period grant's window: from `from` (inclusive) to `until` (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantPeriod {
    pub from: DateTime<Utc>,
    pub until: DateTime<Utc>,
}

impl GrantPeriod {
    /// True when `at` falls in the window.
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.from <= at && at < self.until
    }
}

/// A consent that opens one licence to a grantee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenceGrant {
    /// The consent itself: subject, purpose, application (or
    /// [`ANY_APPLICATION`]), the licence's type as its one source, when
    /// granted and withdrawn.
    pub consent: Consent,
    /// The compact number of the one licence it opens.
    pub licence: String,
    /// Who may use it.
    pub grantee: Grantee,
    /// For a period grant, the window; `None` for a one-application grant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<GrantPeriod>,
}

impl LicenceGrant {
    /// True when this grant lets `user` use licence `number` of
    /// `licence_type` for `application` at `at`: the grantee matches, the
    /// licence is the one granted, the consent names its type, was granted
    /// by then and not withdrawn, and either the application is the one
    /// granted or the grant is a period grant whose window holds `at`.
    pub fn allows(
        &self,
        user: LicenceUser<'_>,
        number: &str,
        licence_type: &Code,
        application: &ApplicationRef,
        at: DateTime<Utc>,
    ) -> bool {
        let c = &self.consent;
        let source = SourceRef::Licence {
            licence_type: licence_type.clone(),
        };
        let scope = match &self.period {
            Some(period) => c.application.0 == ANY_APPLICATION && period.contains(at),
            None => c.application == *application && application.0 != ANY_APPLICATION,
        };
        self.grantee.is(user)
            && self.licence == number
            && c.sources.contains(&source)
            && c.granted_at <= at
            && c.revoked_at.is_none_or(|r| at < r)
            && scope
    }

    /// True when the grant is in force at `at` for some use: granted, not
    /// withdrawn and, for a period grant, not past its window.
    pub fn active_at(&self, at: DateTime<Utc>) -> bool {
        let c = &self.consent;
        c.granted_at <= at
            && c.revoked_at.is_none_or(|r| at < r)
            && self.period.is_none_or(|p| at < p.until)
    }
}

/// The first grant among `grants` that lets `user` use the licence, if any.
pub fn grant_allowing<'g>(
    grants: &'g [LicenceGrant],
    user: LicenceUser<'_>,
    number: &str,
    licence_type: &Code,
    application: &ApplicationRef,
    at: DateTime<Utc>,
) -> Option<&'g LicenceGrant> {
    grants
        .iter()
        .find(|g| g.allows(user, number, licence_type, application, at))
}
