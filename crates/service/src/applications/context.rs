//! One draft read together with everything the later steps need: its
//! selection and merged form, the applicant's subject and this draft's
//! consents. Facts and held licences are read (and logged) only by the
//! steps that use them.

use chrono::{DateTime, Utc};
use tongban_domain::auth::Actor;
use tongban_domain::form::{FilledForm, MaterialNeed, MergedForm, one_time_materials, prefill};
use tongban_domain::ident::Code;
use tongban_domain::subject::{
    AccessContext, ApplicationRef, Consent, Purpose, Subject, SubjectId,
};

use super::selected::{Selected, form_error};
use super::{ApplicationService, draft_ref};
use crate::drafts::{Draft, DraftStatus};
use crate::error::{Refusal, ServiceError};
use crate::subjects::HeldLicence;

/// A draft with its selection, merged form, subject and consents.
pub(crate) struct Context {
    pub draft: Draft,
    pub draft_id: String,
    pub selected: Selected,
    pub merged: MergedForm,
    /// The applicant's subject; `None` before 实名核验.
    pub subject: Option<Subject>,
    /// This draft's consents (active and withdrawn).
    pub consents: Vec<Consent>,
    pub application: ApplicationRef,
    pub at: DateTime<Utc>,
}

/// Who no subject is: consents never match it.
fn nobody() -> SubjectId {
    SubjectId::new("")
}

impl Context {
    /// True once the draft has become a case.
    pub fn submitted(&self) -> bool {
        matches!(self.draft.status, DraftStatus::Submitted { .. })
    }

    /// Refuses a change to a submitted draft.
    pub fn editable(&self) -> Result<(), ServiceError> {
        if self.submitted() {
            return Err(ServiceError::refused(
                Refusal::Conflict,
                "draft_already_submitted",
                "该申请已提交，不能再修改",
            ));
        }
        Ok(())
    }

    /// The active consents of this draft now.
    pub fn active_consents(&self) -> Vec<&Consent> {
        self.consents
            .iter()
            .filter(|c| c.revoked_at.is_none_or(|r| self.at < r) && c.granted_at <= self.at)
            .collect()
    }
}

impl ApplicationService {
    /// Loads the actor's draft `id` (another's answers like a missing one)
    /// with its selection, subject and consents.
    pub(crate) async fn context(&self, actor: &Actor, id: &str) -> Result<Context, ServiceError> {
        let draft = self.load_draft(actor, id).await?;
        let selected = self.select(&draft.application).await?;
        let merged = selected.merged()?;
        let subject = self.subjects.subject_of(actor).await?;
        let application = draft_ref(id);
        let consents = match &subject {
            Some(_) => self.subjects.consents(actor, Some(&application)).await?,
            None => Vec::new(),
        };
        Ok(Context {
            draft_id: id.to_string(),
            draft,
            selected,
            merged,
            subject,
            consents,
            application,
            at: self.clock.now(),
        })
    }

    /// The merged form prefilled from the facts this draft's consents open
    /// (each read is logged by the subject service).
    pub(crate) async fn filled(
        &self,
        actor: &Actor,
        ctx: &Context,
    ) -> Result<FilledForm, ServiceError> {
        let facts = match &ctx.subject {
            Some(_) if !ctx.submitted() => {
                self.subjects
                    .read_facts(actor, &ctx.application, Purpose::Prefill)
                    .await?
            }
            _ => Vec::new(),
        };
        let subject = ctx.subject.as_ref().map_or_else(nobody, |s| s.id.clone());
        let access = AccessContext {
            subject: &subject,
            application: &ctx.application,
            at: ctx.at,
            consents: &ctx.consents,
        };
        Ok(prefill(&ctx.merged, &facts, &access))
    }

    /// The draft's deduplicated materials with its consents and the valid
    /// wallet licences they open (each lookup logged), and those licences.
    pub(crate) async fn needs(
        &self,
        actor: &Actor,
        ctx: &Context,
    ) -> Result<(Vec<MaterialNeed>, Vec<HeldLicence>), ServiceError> {
        let held: Vec<HeldLicence> = match &ctx.subject {
            Some(_) if !ctx.submitted() => {
                self.subjects
                    .licences_held(actor, &ctx.application, Purpose::MaterialExemption)
                    .await?
            }
            _ => Vec::new(),
        };
        let types: Vec<Code> = held.iter().map(|h| h.licence_type.clone()).collect();
        let subject = ctx.subject.as_ref().map_or_else(nobody, |s| s.id.clone());
        let access = AccessContext {
            subject: &subject,
            application: &ctx.application,
            at: ctx.at,
            consents: &ctx.consents,
        };
        let needs = one_time_materials(
            &ctx.selected.catalog,
            &ctx.selected.selection,
            &access,
            &types,
        )
        .map_err(form_error)?;
        Ok((needs, held))
    }
}
