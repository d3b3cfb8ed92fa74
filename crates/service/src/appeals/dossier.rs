//! The joins of a subject's file (一企一档 / 一人一档) beyond its appeals:
//! which applicant accounts act for the subject, and which cases its
//! appeals name (the caller reads those accounts' cases and ratings);
//! and the appeals waiting for dispatch on the supervisor's board.

use tongban_domain::appeal::AppealState;
use tongban_domain::auth::{self, Action, Actor, ActorKind, ObjectScope};
use tongban_domain::case::CaseNo;
use tongban_store::AppealFilter;

use super::types::{AppealView, SubjectFile};
use super::{AppealService, gate, not_found, store_error};
use crate::error::ServiceError;

impl AppealService {
    /// The applicant's own file (一企一档 for an enterprise account, 一人一档
    /// for a person): the file of the profile their 实名核验 linked, or
    /// `appeal_not_found` when they have not verified an identity yet.
    pub async fn my_file(&self, actor: &Actor) -> Result<SubjectFile, ServiceError> {
        let linked = self
            .subjects
            .linked_subject(&actor.id)
            .await
            .map_err(store_error)?;
        let Some(subject) = linked else {
            return Err(not_found());
        };
        self.subject_file(actor, &subject.id).await
    }

    /// The applicant accounts that act for the file's subject: the owners
    /// of its appeals whose verified profile is this subject, and the
    /// reader when they are such an applicant. Sorted, without repeats.
    pub async fn file_accounts(
        &self,
        actor: &Actor,
        file: &SubjectFile,
    ) -> Result<Vec<String>, ServiceError> {
        let mut owners: Vec<String> = file
            .appeals
            .iter()
            .filter_map(|v| v.appeal.owner.clone())
            .collect();
        if actor.kind == ActorKind::Applicant {
            owners.push(actor.id.clone());
        }
        owners.sort();
        owners.dedup();
        let mut accounts = Vec::new();
        for owner in owners {
            let linked = self
                .subjects
                .linked_subject(&owner)
                .await
                .map_err(store_error)?;
            if linked.is_some_and(|s| s.id == file.subject) {
                accounts.push(owner);
            }
        }
        Ok(accounts)
    }

    /// The case numbers the file's appeals name, without repeats.
    pub fn linked_cases(file: &SubjectFile) -> Vec<CaseNo> {
        let mut cases: Vec<CaseNo> = file
            .appeals
            .iter()
            .filter_map(|v| v.appeal.case_no.clone())
            .collect();
        cases.sort();
        cases.dedup();
        cases
    }

    /// The appeals of the supervisor's region still waiting for 派单
    /// (filed, no category rule dispatched them), oldest first.
    pub async fn undispatched(&self, actor: &Actor) -> Result<Vec<AppealView>, ServiceError> {
        let region = actor.region.clone().ok_or_else(not_found)?;
        gate::supervise(&self.accounts, actor, &region)?;
        let filter = AppealFilter {
            states: vec![AppealState::Filed.code().to_string()],
            limit: 1_000,
            ..AppealFilter::default()
        };
        let mut found: Vec<_> = self
            .store
            .list_appeals(&filter)
            .await
            .map_err(store_error)?
            .into_iter()
            .filter(|s| {
                auth::authorize(
                    actor,
                    Action::Supervise,
                    &ObjectScope::region(s.appeal.region.clone()),
                )
                .is_ok()
            })
            .collect();
        found.reverse();
        found.into_iter().map(|s| self.view(s)).collect()
    }
}
