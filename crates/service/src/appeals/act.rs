//! Acting on an appeal (dispatch, department reports, leader instructions,
//! rating, reopening) and reading one with its history.

use tongban_domain::appeal::{self, AppealCommand, EscalationPolicy, ReportKind};
use tongban_domain::auth::{Action, Actor};
use tongban_domain::ident::Code;
use tongban_store::{AppealUpdate, HistoryRecord, StoreError, StoredAppeal};

use super::types::AppealView;
use super::{AppealService, calendar, gate, local, record, refused, store_error};
use crate::error::ServiceError;

/// How many times a command is recomputed when the appeal changed under it.
const ATTEMPTS: usize = 3;

impl AppealService {
    /// One appeal, for whoever may read it (its owner, the departments it
    /// is dispatched to, the region's clerks and supervisors); anyone else
    /// gets `appeal_not_found`.
    pub async fn appeal(&self, actor: &Actor, no: &str) -> Result<AppealView, ServiceError> {
        let stored = self.load(no).await?;
        gate::read(&self.accounts, actor, &stored.appeal)?;
        self.view(stored)
    }

    /// An appeal's history (who did what, oldest first), for its readers.
    pub async fn history(
        &self,
        actor: &Actor,
        no: &str,
    ) -> Result<Vec<HistoryRecord>, ServiceError> {
        let stored = self.load(no).await?;
        gate::read(&self.accounts, actor, &stored.appeal)?;
        self.store
            .appeal_history(stored.appeal.no.as_str())
            .await
            .map_err(store_error)
    }

    /// 派单: a supervisor of the region dispatches the appeal to a lead
    /// department and co-departments (again, until the first answer).
    pub async fn dispatch(
        &self,
        actor: &Actor,
        no: &str,
        lead: Code,
        co: Vec<Code>,
    ) -> Result<AppealView, ServiceError> {
        self.run(actor, no, |stored| {
            gate::read(&self.accounts, actor, &stored.appeal)?;
            gate::supervise(&self.accounts, actor, &stored.appeal.region)?;
            Ok(AppealCommand::Dispatch {
                lead: lead.clone(),
                co: co.clone(),
            })
        })
        .await
    }

    /// 部门报到: the actor's department, one the appeal is dispatched to,
    /// reports progress, its answer, or (the lead only) the resolution.
    pub async fn report(
        &self,
        actor: &Actor,
        no: &str,
        kind: ReportKind,
        text: &str,
    ) -> Result<AppealView, ServiceError> {
        self.run(actor, no, |stored| {
            gate::read(&self.accounts, actor, &stored.appeal)?;
            let department = gate::reporting_department(&self.accounts, actor, &stored.appeal)?;
            Ok(AppealCommand::Report {
                department,
                kind,
                text: text.to_string(),
            })
        })
        .await
    }

    /// 领导批阅: a supervisor of the region, or the leader of a department
    /// the appeal is dispatched to, writes an instruction on it.
    pub async fn instruct(
        &self,
        actor: &Actor,
        no: &str,
        text: &str,
    ) -> Result<AppealView, ServiceError> {
        self.run(actor, no, |stored| {
            gate::read(&self.accounts, actor, &stored.appeal)?;
            gate::instructing(&self.accounts, actor, &stored.appeal)?;
            Ok(AppealCommand::Instruct {
                text: text.to_string(),
            })
        })
        .await
    }

    /// 评哨 / 回访: the owner rates a resolved appeal, or staff of the
    /// region record the rating given on a revisit (phone, on site). An
    /// unsatisfied rating reopens it (`appeal.reopened`).
    pub async fn rate(
        &self,
        actor: &Actor,
        no: &str,
        satisfied: bool,
        comment: &str,
    ) -> Result<AppealView, ServiceError> {
        self.run(actor, no, |stored| {
            let a = &stored.appeal;
            gate::read(&self.accounts, actor, a)?;
            let owner = a.owner.as_deref().is_some_and(|o| o == actor.id);
            if !owner {
                gate::staff_of_region(&self.accounts, actor, &a.region)?;
            }
            Ok(AppealCommand::Rate {
                satisfied,
                comment: comment.to_string(),
            })
        })
        .await
    }

    /// A supervisor sends a resolved or closed appeal back to its
    /// departments (`appeal.reopened`), with fresh deadlines.
    pub async fn reopen(
        &self,
        actor: &Actor,
        no: &str,
        reason: &str,
    ) -> Result<AppealView, ServiceError> {
        self.run(actor, no, |stored| {
            gate::read(&self.accounts, actor, &stored.appeal)?;
            gate::supervise(&self.accounts, actor, &stored.appeal.region)?;
            Ok(AppealCommand::Reopen {
                reason: reason.to_string(),
            })
        })
        .await
    }

    /// Loads the appeal, asks `prepare` (the gate) for the command, applies
    /// it and writes the result; recomputed when the version moved.
    async fn run<F>(&self, actor: &Actor, no: &str, prepare: F) -> Result<AppealView, ServiceError>
    where
        F: Fn(&StoredAppeal) -> Result<AppealCommand, ServiceError>,
    {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let stored = self.load(no).await?;
            let command = prepare(&stored)?;
            let now = self.clock.now();
            let rule = self.rule_for(&stored.appeal.category).await?;
            let (next, events) = appeal::apply(
                &stored.appeal,
                command,
                &actor.id,
                local(now),
                rule.as_ref(),
                calendar()?,
            )
            .map_err(refused)?;
            let update = AppealUpdate {
                history: record::history(&events, &actor.id, now),
                events: record::outbox(&next, &events),
                appeal: next,
                expected_version: stored.version,
                at: now,
            };
            match self.store.update_appeal(&update).await {
                Ok(()) => {
                    tracing::info!(actor = %actor.id, appeal = %update.appeal.no, "诉求已更新");
                    return self.view(self.load(no).await?);
                }
                Err(StoreError::Conflict(_)) if attempt < ATTEMPTS => continue,
                Err(e) => return Err(store_error(e)),
            }
        }
    }

    /// The reader's view of a stored appeal today.
    pub(super) fn view(&self, stored: StoredAppeal) -> Result<AppealView, ServiceError> {
        let today = local(self.clock.now()).date();
        let overdue = EscalationPolicy::default()
            .overdue(&stored.appeal, today, calendar()?)
            .map_err(refused)?;
        Ok(AppealView::of(stored, overdue))
    }
}

/// The action the department worklist needs.
pub(super) const DEPARTMENT_WORK: Action = Action::ExamineCase;
