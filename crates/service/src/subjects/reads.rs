//! Reading facts and the wallet's e-licences under consent, and the data-use
//! log that records every read.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use tongban_domain::auth::Actor;
use tongban_domain::ident::Code;
use tongban_domain::licence::LicenceStatus;
use tongban_domain::subject::{
    AccessContext, ApplicationRef, Consent, ConsentId, Fact, FactSource, Purpose, SourceRef,
    Subject,
};

use super::types::DataUse;
use super::{SubjectService, applicant_only, new_id};
use crate::error::ServiceError;

/// The name a licence lookup is logged under.
pub(crate) const LICENCE_SOURCE_NAME: &str = "电子证照库";

/// China Standard Time, the zone licence dates are in.
const CST_SECS: i32 = 8 * 3600;

/// A valid e-licence in the holder's wallet that a consent opens for one
/// application: what replaces a material (免提交).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldLicence {
    /// The licence type.
    pub licence_type: Code,
    /// The licence's compact number.
    pub number: String,
    /// The licence type's name, as printed on the licence.
    pub type_name: String,
    /// The consent that opened it.
    pub consent: ConsentId,
}

/// The calendar day of `at` in China Standard Time.
pub(crate) fn cst_date(at: DateTime<Utc>) -> NaiveDate {
    match chrono::FixedOffset::east_opt(CST_SECS) {
        Some(cst) => at.with_timezone(&cst).date_naive(),
        None => at.date_naive(),
    }
}

impl SubjectService {
    /// Facts for `application` and `purpose`: reads ONLY sources an active
    /// consent (of this subject, purpose, application) opens; one data-use
    /// log entry per source read, with the elements read, written before
    /// the facts are returned. No consent → no read, no log entry.
    pub async fn read_facts(
        &self,
        actor: &Actor,
        application: &ApplicationRef,
        purpose: Purpose,
    ) -> Result<Vec<Fact>, ServiceError> {
        let subject = self.own_subject(actor).await?;
        let consents = self.open_consents(&subject, application).await?;
        let at = self.now();
        let access = AccessContext {
            subject: &subject.id,
            application,
            at,
            consents: &consents,
        };
        let mut facts = Vec::new();
        for source in &self.sources {
            let info = source.info();
            let Some(consent) = access.allowing(&info.source, purpose) else {
                continue;
            };
            let values = source.read(&subject).await?;
            let elements: Vec<Code> = values.iter().map(|(e, _)| e.clone()).collect();
            let entry = DataUse {
                id: new_id("use"),
                at,
                subject: subject.id.clone(),
                source: info.source.clone(),
                source_name: info.name.clone(),
                purpose,
                application: application.clone(),
                consent: consent.id.clone(),
                elements,
                reader: actor.id.clone(),
                licence: None,
                user: None,
            };
            self.log_use(&entry).await?;
            let provenance = FactSource {
                source: info.source.clone(),
                name: info.name.clone(),
                consent: consent.id.clone(),
            };
            facts.extend(values.into_iter().map(|(element, value)| Fact {
                subject: subject.id.clone(),
                element,
                value,
                source: provenance.clone(),
            }));
        }
        Ok(facts)
    }

    /// The subject's VALID e-licences (from the licence store: revoked and
    /// expired ones do not count) of the types an active consent
    /// (`SourceRef::Licence`, `purpose`, `application`) opens, one per type
    /// (the newest). Each consented type looked up is logged like
    /// [`SubjectService::read_facts`]: its `elements` name the type and
    /// `licence` the number when held; both are empty when not.
    pub async fn licences_held(
        &self,
        actor: &Actor,
        application: &ApplicationRef,
        purpose: Purpose,
    ) -> Result<Vec<HeldLicence>, ServiceError> {
        let subject = self.own_subject(actor).await?;
        let consents = self.open_consents(&subject, application).await?;
        let at = self.now();
        let access = AccessContext {
            subject: &subject.id,
            application,
            at,
            consents: &consents,
        };
        let mut asked: Vec<(Code, &Consent)> = Vec::new();
        for consent in &consents {
            for source in &consent.sources {
                if let SourceRef::Licence { licence_type } = source
                    && !asked.iter().any(|(t, _)| t == licence_type)
                    && let Some(allowing) = access.allowing(source, purpose)
                {
                    asked.push((licence_type.clone(), allowing));
                }
            }
        }
        if asked.is_empty() {
            return Ok(Vec::new());
        }
        let today = cst_date(at);
        let wallet = self
            .licences
            .licences_held_by(subject.id.as_str())
            .await
            .map_err(ServiceError::store)?;
        let mut found = Vec::new();
        for (licence_type, consent) in asked {
            let held = wallet.iter().map(|row| &row.licence).find(|l| {
                l.type_code == licence_type && l.status_on(today) == LicenceStatus::Valid
            });
            let entry = DataUse {
                id: new_id("use"),
                at,
                subject: subject.id.clone(),
                source: SourceRef::Licence {
                    licence_type: licence_type.clone(),
                },
                source_name: held.map_or_else(
                    || LICENCE_SOURCE_NAME.to_string(),
                    |l| format!("{LICENCE_SOURCE_NAME}：{}", l.type_name),
                ),
                purpose,
                application: application.clone(),
                consent: consent.id.clone(),
                elements: held.map(|_| licence_type.clone()).into_iter().collect(),
                reader: actor.id.clone(),
                licence: held.map(|l| l.number.as_str().to_string()),
                user: None,
            };
            self.log_use(&entry).await?;
            if let Some(l) = held {
                found.push(HeldLicence {
                    licence_type,
                    number: l.number.as_str().to_string(),
                    type_name: l.type_name.clone(),
                    consent: consent.id.clone(),
                });
            }
        }
        Ok(found)
    }

    /// The subject's own data-use log, newest first. An applicant sees
    /// only their own subject's entries; before 实名核验 the log is empty.
    pub async fn data_use_log(&self, actor: &Actor) -> Result<Vec<DataUse>, ServiceError> {
        applicant_only(actor)?;
        let Some(subject) = self
            .store
            .linked_subject(&actor.id)
            .await
            .map_err(ServiceError::store)?
        else {
            return Ok(Vec::new());
        };
        let bodies = self
            .store
            .data_uses_of(&subject.id)
            .await
            .map_err(ServiceError::store)?;
        bodies
            .into_iter()
            .map(|body| {
                serde_json::from_value::<DataUse>(body).map_err(|e| {
                    tracing::error!("data_use_log entry cannot be read: {e}");
                    ServiceError::StoreCorrupt
                })
            })
            .filter(|entry| !matches!(entry, Ok(e) if e.subject != subject.id))
            .collect()
    }

    /// The subject's consents for `application` (the store's filter; each
    /// is checked again against purpose, source and time by the domain).
    async fn open_consents(
        &self,
        subject: &Subject,
        application: &ApplicationRef,
    ) -> Result<Vec<Consent>, ServiceError> {
        self.store
            .consents_of(&subject.id, Some(application))
            .await
            .map_err(ServiceError::store)
    }

    /// Appends one entry to the data-use log (the wallet logs the uses of
    /// licence grants here too).
    pub(crate) async fn log_use(&self, entry: &DataUse) -> Result<(), ServiceError> {
        let body = serde_json::to_value(entry).map_err(|e| {
            tracing::error!("data_use_log entry cannot be written: {e}");
            ServiceError::StoreCorrupt
        })?;
        self.store
            .append_data_use(&entry.id, &entry.subject, entry.at, &entry.consent, &body)
            .await
            .map_err(ServiceError::store)?;
        tracing::info!(
            reader = %entry.reader,
            subject = %entry.subject.0,
            consent = %entry.consent.0,
            source = %entry.source_name,
            elements = entry.elements.len(),
            "用数记录已登记"
        );
        Ok(())
    }
}
