//! The issuer's worklist, refusals, the request's events and the overdue
//! report.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use tongban_domain::auth::{Action, Actor, ObjectScope};
use tongban_domain::mask;
use tongban_domain::proof::ProofRequestState;
use tongban_store::{NewProofEvent, ProofEvent, StoreError};

use super::{
    PROOF_OVERDUE, PROOF_REFUSED, ProofRequestView, ProofService, WorklistEntry, department,
    local_date, proof_refusal,
};
use crate::error::{Refusal, ServiceError};

/// Requests read per round of the overdue report.
const OVERDUE_BATCH: i64 = 100;

impl ProofService {
    /// The actor's department's requests (待开具证明), earliest due first,
    /// late ones marked; with `open_only`, only those still waiting.
    pub async fn worklist(
        &self,
        actor: &Actor,
        open_only: bool,
    ) -> Result<Vec<WorklistEntry>, ServiceError> {
        let catalog = self.catalog().await?;
        let Some(code) = actor.department.as_ref() else {
            return Err(ServiceError::refused(
                Refusal::Invalid,
                "proof_worklist_department_only",
                "证明开具工作台仅对开具部门的工作人员开放",
            ));
        };
        let dept = department(&catalog, code.as_str())?;
        self.accounts.authorize(
            actor,
            Action::ReadDepartmentWork,
            &ObjectScope::department(dept.code.clone(), dept.region.clone()),
        )?;
        let rows = self
            .store
            .proof_worklist(dept.code.as_str(), open_only)
            .await
            .map_err(ServiceError::store)?;
        let today = local_date(self.now());
        let calendar = self.calendar()?;
        let mut entries = Vec::with_capacity(rows.len());
        for row in rows {
            let subject = self
                .subjects
                .subject(&row.request.subject)
                .await
                .map_err(ServiceError::store)?;
            let (holder_name, holder_id) = match &subject {
                Some(s) => (
                    s.name().to_string(),
                    s.keys().first().map(|k| k.masked()).unwrap_or_default(),
                ),
                None => (String::new(), String::new()),
            };
            let due = row.request.due;
            let days_left = if due >= today {
                calendar
                    .working_days_between(today, due, &[])
                    .ok()
                    .map(i64::from)
            } else {
                calendar
                    .working_days_between(due, today, &[])
                    .ok()
                    .map(|d| -i64::from(d))
            };
            entries.push(WorklistEntry {
                request: ProofRequestView::of(&row.request, &catalog, today),
                holder_name,
                holder_id: mask_if_needed(holder_id),
                days_left,
            });
        }
        Ok(entries)
    }

    /// Refuses request `id` for `reason` (staff of the issuing department
    /// in scope); the requester is told through `proof.refused`.
    pub async fn refuse(
        &self,
        actor: &Actor,
        id: &str,
        reason: &str,
    ) -> Result<ProofRequestView, ServiceError> {
        let (row, _) = self.visible(actor, id, Action::ExamineCase).await?;
        let catalog = self.catalog().await?;
        let now = self.now();
        let mut request = row.request.clone();
        request
            .refuse(reason, &actor.id, now)
            .map_err(proof_refusal)?;
        let event = NewProofEvent {
            event: PROOF_REFUSED.to_string(),
            payload: json!({
                "request": request.id,
                "proof_type": request.proof_type,
                "issuer": request.issuer,
                "requester": request.requester,
                // The requester is told in-app (the dispatcher's contract);
                // the reason is on the request page, not in the message.
                "recipient": request.requester,
                "message": {
                    "title": "证明申请未获出具",
                    "body": format!(
                        "您申请的“{}”未获出具，原因请在“我的证明”中查看。",
                        catalog
                            .proof(request.proof_type.as_str())
                            .map(|p| p.name.as_str())
                            .unwrap_or("证明")
                    ),
                },
            }),
        };
        match self
            .store
            .update_proof_request(&request, row.row_version, &[event], now)
            .await
        {
            Ok(()) => Ok(ProofRequestView::of(&request, &catalog, local_date(now))),
            Err(StoreError::Conflict(_)) => Err(ServiceError::refused(
                Refusal::Conflict,
                "proof_request_changed",
                "该证明申请已被他人处理，请刷新后查看",
            )),
            Err(e) => Err(ServiceError::store(e)),
        }
    }

    /// The events of request `id` (its requester, or staff of the issuing
    /// department), oldest first: requested, issued or refused, overdue.
    pub async fn events(&self, actor: &Actor, id: &str) -> Result<Vec<ProofEvent>, ServiceError> {
        let action = if actor.department.is_some() {
            Action::ReadDepartmentWork
        } else {
            Action::ReadOwnData
        };
        self.visible(actor, id, action).await?;
        self.store
            .proof_events(id)
            .await
            .map_err(ServiceError::store)
    }

    /// The overdue report (a background job; call every few minutes on
    /// any number of nodes): every open request past its due date on
    /// `now`'s local day is reported once, with a `proof.overdue` event.
    /// Returns how many this call reported.
    pub async fn overdue(&self, now: DateTime<Utc>) -> Result<usize, ServiceError> {
        let today: NaiveDate = local_date(now);
        let mut reported = 0;
        loop {
            let rows = self
                .store
                .unreported_overdue(today, OVERDUE_BATCH)
                .await
                .map_err(ServiceError::store)?;
            let batch = rows.len();
            let mut progressed = false;
            for row in rows {
                let r = &row.request;
                if !matches!(r.state, ProofRequestState::Requested) {
                    continue;
                }
                let event = NewProofEvent {
                    event: PROOF_OVERDUE.to_string(),
                    payload: json!({
                        "request": r.id,
                        "proof_type": r.proof_type,
                        "issuer": r.issuer,
                        "due": r.due,
                    }),
                };
                if self
                    .store
                    .report_overdue(&r.id, &event, now)
                    .await
                    .map_err(ServiceError::store)?
                {
                    reported += 1;
                    progressed = true;
                    tracing::info!(request = %r.id, due = %r.due, "证明申请已超期");
                }
            }
            if i64::try_from(batch).unwrap_or(i64::MAX) < OVERDUE_BATCH || !progressed {
                return Ok(reported);
            }
        }
    }
}

/// An identifier shown to staff: already masked by the key; masked again
/// as an ID number when it still looks like one (defence in depth).
fn mask_if_needed(value: String) -> String {
    if value.len() == 18 && value.chars().all(|c| c.is_ascii_alphanumeric()) {
        mask::id_number(&value)
    } else {
        value
    }
}
