//! The rectification workflow for department staff: the worklist, one
//! task, and completing its steps (verify → rectify → revisit).

use serde_json::json;
use tongban_domain::auth::{self, Action, Actor, ObjectScope};
use tongban_domain::review::{RectificationTask, Step};
use tongban_store::{NewOutboxEvent, StoredTask};

use super::{ReviewService, TaskView, beijing_date, own_region, refusal, subtree_prefix};
use crate::error::{Refusal, ServiceError};

/// The most tasks a worklist reads.
const LIMIT: i64 = 500;

/// What a task outside the viewer's scope (or a missing one) answers.
fn task_not_found() -> ServiceError {
    ServiceError::refused(
        Refusal::NotFound,
        "rectification_not_found",
        "未找到该整改任务",
    )
}

/// The data scope of a task: its department in its region.
fn scope(task: &RectificationTask) -> ObjectScope {
    ObjectScope::department(task.department.clone(), task.region.clone())
}

impl ReviewService {
    /// The rectification tasks `actor` may work on or read (department
    /// staff: their department's; supervisors: their region's), open ones
    /// unless `with_closed`, oldest first.
    pub async fn rectification_worklist(
        &self,
        actor: &Actor,
        with_closed: bool,
    ) -> Result<Vec<TaskView>, ServiceError> {
        let own = ObjectScope {
            region: actor.region.clone(),
            department: actor.department.clone(),
            owner: None,
        };
        self.accounts
            .authorize(actor, Action::ReadDepartmentWork, &own)?;
        let region = own_region(actor)?;
        let found = self
            .store
            .tasks(subtree_prefix(region), None, with_closed, LIMIT)
            .await
            .map_err(ServiceError::store)?;
        let mut views = Vec::new();
        for stored in found {
            if auth::authorize(actor, Action::ReadDepartmentWork, &scope(&stored.task)).is_ok() {
                views.push(self.view(stored).await?);
            }
        }
        Ok(views)
    }

    /// One task, for whoever may read its department's work.
    pub async fn rectification(&self, actor: &Actor, id: &str) -> Result<TaskView, ServiceError> {
        let stored = self
            .gated_task(actor, id, Action::ReadDepartmentWork)
            .await?;
        self.view(stored).await
    }

    /// Completes the task's current `step` with what was done (`note`);
    /// department staff who may examine its department's cases only. The
    /// revisit closes the task (the applicant may then rate again).
    pub async fn complete_step(
        &self,
        actor: &Actor,
        id: &str,
        step: Step,
        note: &str,
    ) -> Result<TaskView, ServiceError> {
        let stored = self.gated_task(actor, id, Action::ExamineCase).await?;
        let now = self.clock.now();
        let today = beijing_date(now);
        let next = stored
            .task
            .complete(
                step,
                note,
                &actor.id,
                now,
                today,
                &self.limits,
                self.calendar()?,
            )
            .map_err(refusal)?;
        let audit = Self::audit(
            &actor.id,
            &next.id,
            &format!("rectification.{}", step.code()),
            now,
            json!({ "step": step, "note": note.trim(), "case_no": next.case_no }),
        );
        let outbox = if next.is_closed() {
            vec![NewOutboxEvent {
                event: "review.rectification_closed".into(),
                payload: json!({
                    "case_no": next.case_no,
                    "task_id": next.id,
                    "review_id": next.review_id,
                    "department": next.department,
                    "milestone": false,
                }),
            }]
        } else {
            Vec::new()
        };
        let written = self
            .store
            .update_task(&next, stored.version, &audit, &outbox)
            .await
            .map_err(ServiceError::store)?;
        if !written {
            return Err(ServiceError::refused(
                Refusal::Conflict,
                "rectification_busy",
                "整改任务已被他人更新，请刷新后重试",
            ));
        }
        self.view(StoredTask {
            task: next,
            version: stored.version + 1,
        })
        .await
    }

    /// Loads a task and passes `action` on its scope; out of scope
    /// answers like missing.
    async fn gated_task(
        &self,
        actor: &Actor,
        id: &str,
        action: Action,
    ) -> Result<StoredTask, ServiceError> {
        let stored = self
            .store
            .task(id)
            .await
            .map_err(ServiceError::store)?
            .ok_or_else(task_not_found)?;
        match self.accounts.authorize(actor, action, &scope(&stored.task)) {
            Err(ServiceError::Forbidden(d)) if d.hides_existence() => Err(task_not_found()),
            Err(other) => Err(other),
            Ok(()) => Ok(stored),
        }
    }

    /// A task with its rating and whether it is overdue today.
    async fn view(&self, stored: StoredTask) -> Result<TaskView, ServiceError> {
        let rating = self
            .store
            .rating(&stored.task.review_id)
            .await
            .map_err(ServiceError::store)?
            .ok_or_else(|| {
                tracing::error!(task = %stored.task.id, "rectification task without its rating");
                ServiceError::StoreCorrupt
            })?;
        let today = beijing_date(self.clock.now());
        Ok(TaskView {
            overdue: stored.task.overdue(today).is_some(),
            task: stored.task,
            rating,
            version: stored.version,
        })
    }
}
