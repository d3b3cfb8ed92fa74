//! Starting, listing and deleting the applicant's drafts, and the one place
//! this module calls the draft service for them.

use tongban_domain::auth::Actor;
use tongban_domain::form::FormAnswers;
use tongban_domain::ident::Code;

use super::ApplicationService;
use super::context::Context;
use crate::cases::Application;
use crate::drafts::{Draft, DraftId, DraftPatch};
use crate::error::ServiceError;

impl ApplicationService {
    /// Starts a draft for an item or a bundle with answers; the
    /// application is checked first (known codes, valid answers, something
    /// selected).
    pub async fn start(
        &self,
        actor: &Actor,
        application: Application,
    ) -> Result<Draft, ServiceError> {
        self.select(&application).await?;
        self.drafts.create(actor, application).await
    }

    /// The actor's drafts.
    pub async fn drafts(&self, actor: &Actor) -> Result<Vec<Draft>, ServiceError> {
        self.drafts.drafts(actor).await
    }

    /// One of the actor's drafts (another's answers like a missing one).
    pub async fn load_draft(&self, actor: &Actor, id: &str) -> Result<Draft, ServiceError> {
        self.drafts.draft(actor, &DraftId::from(id)).await
    }

    /// Deletes one of the actor's drafts (not a submitted one).
    pub async fn delete_draft(&self, actor: &Actor, id: &str) -> Result<(), ServiceError> {
        self.drafts.delete(actor, &DraftId::from(id)).await
    }

    pub(crate) async fn save_answers(
        &self,
        actor: &Actor,
        ctx: &Context,
        version: i64,
        answers: FormAnswers,
    ) -> Result<Draft, ServiceError> {
        let patch = DraftPatch {
            answers: Some(answers),
            ..DraftPatch::default()
        };
        self.drafts.save(actor, &ctx.draft.id, version, patch).await
    }

    pub(crate) async fn save_commitments(
        &self,
        actor: &Actor,
        ctx: &Context,
        version: i64,
        commitments: Vec<Code>,
    ) -> Result<Draft, ServiceError> {
        let patch = DraftPatch {
            commitments: Some(commitments),
            ..DraftPatch::default()
        };
        self.drafts.save(actor, &ctx.draft.id, version, patch).await
    }
}
