//! Background jobs: escalating overdue rectification steps and the
//! same-day rating reminder (当日件、当日评). Both are idempotent and safe
//! on several nodes: the store's unique keys make each happen once.

use chrono::{DateTime, Utc};
use serde_json::json;
use tongban_domain::review::RectificationTask;
use tongban_store::{Escalation, NewOutboxEvent};

use super::{ReviewService, beijing_date, beijing_midnight, new_id};
use crate::error::ServiceError;

/// Tasks or cases read per round.
const BATCH: i64 = 200;
/// Rounds per call at most (a bound, not a page cursor).
const MAX_ROUNDS: usize = 50;

impl ReviewService {
    /// Escalates every open rectification step past its due date on the
    /// Beijing date of `now` to the supervisors of its region: one
    /// escalation per task and step (recorded, audited, `review.escalated`
    /// in the outbox), however often and on however many nodes this runs.
    /// Returns how many this call recorded. Run it every few minutes.
    pub async fn escalate_overdue(&self, now: DateTime<Utc>) -> Result<usize, ServiceError> {
        let today = beijing_date(now);
        let mut raised = 0;
        for _ in 0..MAX_ROUNDS {
            let found = self
                .store
                .overdue_tasks(today, BATCH)
                .await
                .map_err(ServiceError::store)?;
            let mut progressed = false;
            for stored in &found {
                let Some(step) = stored.task.overdue(today) else {
                    continue;
                };
                let escalation = Escalation {
                    id: new_id("re"),
                    task_id: stored.task.id.clone(),
                    step: step.step,
                    due: step.due,
                    case_no: stored.task.case_no.clone(),
                    department: stored.task.department.clone(),
                    region: stored.task.region.clone(),
                    escalated_at: now,
                };
                let audit = Self::audit(
                    "system",
                    &stored.task.id,
                    "rectification.escalated",
                    now,
                    json!({ "step": step.step, "due": step.due }),
                );
                let outbox = [escalated_event(&stored.task, &escalation)];
                // Another node may have recorded it meanwhile: then false.
                if self
                    .store
                    .escalate(&escalation, &audit, &outbox)
                    .await
                    .map_err(ServiceError::store)?
                {
                    raised += 1;
                    progressed = true;
                }
            }
            if (found.len() as i64) < BATCH || !progressed {
                break;
            }
        }
        Ok(raised)
    }

    /// Reminds the applicant of each case completed on the Beijing date of
    /// `now` who has not rated it to rate it: one `review.reminder` outbox
    /// event per case, ever. Returns how many this call sent. Run it
    /// every few minutes during the day.
    pub async fn remind_unrated(&self, now: DateTime<Utc>) -> Result<usize, ServiceError> {
        let today = beijing_date(now);
        let found = self
            .store
            .unrated_cases(beijing_midnight(today), BATCH * 5)
            .await
            .map_err(ServiceError::store)?;
        let mut sent = 0;
        for unrated in &found {
            let case = &unrated.case;
            let completed_today = case.completed_at.is_some_and(|at| at.date() == today);
            if !completed_today {
                continue;
            }
            let event = NewOutboxEvent {
                event: "review.reminder".into(),
                payload: json!({
                    "case_no": case.case_no,
                    "milestone": true,
                    "message": {
                        "title": format!("{}：请对本次服务进行评价", case.name),
                        "body": format!(
                            "您的办件 {}（{}）已办结。欢迎对本次服务进行“好差评”，您的评价将用于改进政务服务。",
                            case.case_no, case.name
                        ),
                        "link": format!("/reviews/cases/{}", case.case_no),
                    },
                }),
            };
            if self
                .store
                .record_reminder(&case.case_no, &unrated.owner, now, &[event])
                .await
                .map_err(ServiceError::store)?
            {
                sent += 1;
            }
        }
        Ok(sent)
    }
}

/// The `review.escalated` event of an escalation.
fn escalated_event(task: &RectificationTask, e: &Escalation) -> NewOutboxEvent {
    NewOutboxEvent {
        event: "review.escalated".into(),
        payload: json!({
            "case_no": e.case_no,
            "task_id": task.id,
            "review_id": task.review_id,
            "step": e.step,
            "due": e.due,
            "department": e.department,
            "region": e.region,
            "milestone": false,
        }),
    }
}
