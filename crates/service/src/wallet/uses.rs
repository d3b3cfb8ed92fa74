//! Using a licence under a grant: a department's staff or the agent reads
//! the licence, and the use is logged in the holder's data-use log first.

use serde::Serialize;
use tongban_domain::auth::{Action, Actor, ActorKind, ObjectScope};
use tongban_domain::licence::LicenceNumber;
use tongban_domain::subject::{
    ANY_APPLICATION, ApplicationRef, ConsentId, LicenceUser, SubjectKey, grant_allowing,
};

use super::grants::CASE_PREFIX;
use super::views::{WalletField, WalletLicence, fields_of};
use super::{WalletService, not_found};
use crate::error::ServiceError;
use crate::subjects::{DataUse, LICENCE_SOURCE_NAME, new_id};

/// A licence as a grantee receives it.
#[derive(Debug, Clone, Serialize)]
pub struct UsedLicence {
    /// The licence (holder's document masked).
    pub licence: WalletLicence,
    /// Its fields.
    pub fields: Vec<WalletField>,
    /// The holder's consent the use was made under.
    pub consent: ConsentId,
    /// The data-use log entry that records the use.
    pub logged_as: String,
}

impl WalletService {
    /// Uses licence `number` for case `case_no` (or, under a period grant,
    /// for no case in particular): allowed only when a grant of the holder
    /// names the caller — staff of the granted department, or the applicant
    /// verified as the granted agent — this licence, and this case or a
    /// period holding now. The use is written to the holder's data-use log
    /// (which licence, which application, which consent, who) before the
    /// licence is returned. Without such a grant the answer is
    /// `licence_not_found`, as for a missing licence.
    pub async fn use_licence(
        &self,
        actor: &Actor,
        number: &str,
        case_no: Option<&str>,
    ) -> Result<UsedLicence, ServiceError> {
        let parsed = LicenceNumber::parse(number).map_err(|_| not_found())?;
        let keys = self.gate(actor).await?;
        let user = match (&actor.kind, &actor.department) {
            (ActorKind::Staff, Some(department)) => LicenceUser::Department(department),
            (ActorKind::Applicant, _) if !keys.is_empty() => LicenceUser::Person(&keys),
            _ => return Err(not_found()),
        };
        let row = self
            .store
            .licence(parsed.as_str())
            .await
            .map_err(ServiceError::store)?
            .ok_or_else(not_found)?;
        let licence = &row.licence;
        let application = ApplicationRef(match case_no.map(str::trim) {
            Some(c) if !c.is_empty() => format!("{CASE_PREFIX}{c}"),
            _ => ANY_APPLICATION.to_string(),
        });
        let grants = self
            .store
            .grants_of_licence(parsed.as_str())
            .await
            .map_err(ServiceError::store)?;
        let at = self.subjects.now();
        let grant = grant_allowing(
            &grants,
            user,
            parsed.as_str(),
            &licence.type_code,
            &application,
            at,
        )
        .filter(|g| g.consent.subject == licence.holder.subject)
        .ok_or_else(not_found)?;
        let entry = DataUse {
            id: new_id("use"),
            at,
            subject: licence.holder.subject.clone(),
            source: grant.consent.sources.first().cloned().unwrap_or(
                tongban_domain::subject::SourceRef::Licence {
                    licence_type: licence.type_code.clone(),
                },
            ),
            source_name: format!("{LICENCE_SOURCE_NAME}：{}", licence.type_name),
            purpose: grant.consent.purpose,
            application: if application.0 == ANY_APPLICATION {
                grant.consent.application.clone()
            } else {
                application
            },
            consent: grant.consent.id.clone(),
            elements: licence.fields.keys().cloned().collect(),
            reader: actor.id.clone(),
            licence: Some(parsed.as_str().to_string()),
            user: Some(grant.grantee.label()),
        };
        self.subjects.log_use(&entry).await?;
        let licence_type = self.licence_type(licence.type_code.as_str()).await?;
        Ok(UsedLicence {
            licence: WalletLicence::of(licence, self.today()),
            fields: fields_of(licence, licence_type.as_ref()),
            consent: grant.consent.id.clone(),
            logged_as: entry.id,
        })
    }
}

impl WalletService {
    /// The gate a use passes before any grant is looked at, through
    /// [`crate::accounts::AccountService::authorize`]: staff must be
    /// allowed to examine cases (审查) of their own department, an
    /// applicant to read data given to their own account (so a token
    /// without `read_own_data` cannot use a grant). Answers the caller's
    /// verified identifiers (none for staff). A refusal, or a caller who is
    /// neither, answers `licence_not_found` like a missing licence.
    async fn gate(&self, actor: &Actor) -> Result<Vec<SubjectKey>, ServiceError> {
        let scope = match (&actor.kind, &actor.department) {
            (ActorKind::Staff, Some(department)) => {
                let found = self
                    .catalog
                    .departments()
                    .await?
                    .into_iter()
                    .find(|d| d.code == *department)
                    .ok_or_else(not_found)?;
                (
                    Action::ExamineCase,
                    ObjectScope::department(found.code, found.region),
                )
            }
            (ActorKind::Applicant, _) => (
                Action::ReadOwnData,
                ObjectScope::default().owned_by(actor.id.clone()),
            ),
            _ => return Err(not_found()),
        };
        match self.accounts.authorize(actor, scope.0, &scope.1) {
            Ok(()) => {}
            Err(ServiceError::Forbidden(_)) => return Err(not_found()),
            Err(other) => return Err(other),
        }
        if actor.kind != ActorKind::Applicant {
            return Ok(Vec::new());
        }
        Ok(self
            .subjects
            .subject_of(actor)
            .await?
            .map(|s| s.keys())
            .unwrap_or_default())
    }
}
