//! Consents (用数/用证授权): granted, withdrawn and listed by the subject.

use tongban_domain::auth::Actor;
use tongban_domain::subject::{ApplicationRef, Consent, ConsentId, Purpose, SourceRef};

use super::{SubjectService, new_id};
use crate::error::{Refusal, ServiceError};

/// The longest application reference a consent accepts.
const MAX_APPLICATION_LEN: usize = 128;

impl SubjectService {
    /// Records the applicant's subject's consent to read `sources` for
    /// `purpose` and `application`. Each source must be a registered data
    /// source or an e-licence type (`consent_unknown_source` otherwise);
    /// duplicates are dropped; at least one is needed
    /// (`consent_no_sources`).
    pub async fn grant_consent(
        &self,
        actor: &Actor,
        purpose: Purpose,
        application: &ApplicationRef,
        sources: Vec<SourceRef>,
    ) -> Result<Consent, ServiceError> {
        let subject = self.own_subject(actor).await?;
        check_application(application)?;
        let mut opened: Vec<SourceRef> = Vec::new();
        for source in sources {
            if let SourceRef::DataSource { source: code } = &source
                && !self.sources.iter().any(|s| s.info().source == source)
            {
                return Err(ServiceError::refused(
                    Refusal::Invalid,
                    "consent_unknown_source",
                    format!("未知的数据来源“{}”，无法授权", code.as_str()),
                ));
            }
            if !opened.contains(&source) {
                opened.push(source);
            }
        }
        if opened.is_empty() {
            return Err(ServiceError::refused(
                Refusal::Invalid,
                "consent_no_sources",
                "请至少选择一个授权使用的数据来源或电子证照",
            ));
        }
        let consent = Consent {
            id: ConsentId(new_id("consent")),
            subject: subject.id,
            purpose,
            application: application.clone(),
            sources: opened,
            granted_at: self.now(),
            revoked_at: None,
        };
        self.store
            .insert_consent(&consent)
            .await
            .map_err(ServiceError::store)?;
        tracing::info!(
            actor = %actor.id,
            consent = %consent.id.0,
            application = %application.0,
            purpose = ?purpose,
            sources = consent.sources.len(),
            "授权已记录"
        );
        Ok(consent)
    }

    /// Withdraws one of the subject's own consents (an earlier withdrawal
    /// stands); another subject's, or an unknown id, answers
    /// `consent_not_found`. Reads from this moment on are refused.
    pub async fn revoke_consent(
        &self,
        actor: &Actor,
        id: &ConsentId,
    ) -> Result<Consent, ServiceError> {
        let subject = self.own_subject(actor).await?;
        let revoked = self
            .store
            .revoke_consent(&subject.id, id, self.now())
            .await
            .map_err(ServiceError::store)?;
        match revoked {
            Some(consent) => {
                tracing::info!(actor = %actor.id, consent = %id.0, "授权已撤回");
                Ok(consent)
            }
            None => Err(ServiceError::refused(
                Refusal::NotFound,
                "consent_not_found",
                "未找到该授权",
            )),
        }
    }

    /// The subject's consents, newest first, optionally only those of one
    /// application; withdrawn ones included (with `revoked_at`).
    pub async fn consents(
        &self,
        actor: &Actor,
        application: Option<&ApplicationRef>,
    ) -> Result<Vec<Consent>, ServiceError> {
        let subject = self.own_subject(actor).await?;
        self.store
            .consents_of(&subject.id, application)
            .await
            .map_err(ServiceError::store)
    }
}

/// An application reference must be present and short.
fn check_application(application: &ApplicationRef) -> Result<(), ServiceError> {
    let text = application.0.trim();
    if text.is_empty() || application.0.chars().count() > MAX_APPLICATION_LEN {
        return Err(ServiceError::refused(
            Refusal::Invalid,
            "consent_application_invalid",
            format!("授权须指明申请（草稿或办件）编号，且不超过{MAX_APPLICATION_LEN}个字符"),
        ));
    }
    Ok(())
}
