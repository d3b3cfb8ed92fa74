//! The department's side: the worklist of pending objections by due date
//! (overdue ones marked), and the decision: accept, which corrects and
//! re-signs the licence, or reject with a reason.

use serde::Deserialize;
use tongban_domain::auth::{self, Action, Actor, ObjectScope};
use tongban_domain::ident::{Code, RegionCode};
use tongban_domain::licence::objection::{ObjectionState, Verdict};
use tongban_store::{ObjectionRow, StoreError};

use super::{LIST_LIMIT, ObjectionService, ObjectionView, event, local_date, not_found, refusal};
use crate::error::{Refusal, ServiceError};

/// The department's decision on an objection.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DecisionRequest {
    /// `accept` or `reject`.
    pub verdict: Verdict,
    /// The reason: required to reject; a note when accepting.
    #[serde(default)]
    pub reason: String,
    /// The corrected value when it differs from the holder's proposal
    /// (accept only).
    #[serde(default)]
    pub value: Option<String>,
}

impl ObjectionService {
    /// The pending objections of the caller's department, earliest due
    /// first, each marked `overdue` when past its due date today. Needs
    /// `ExamineCase` in the caller's own department.
    pub async fn worklist(&self, actor: &Actor) -> Result<Vec<ObjectionView>, ServiceError> {
        let own = ObjectScope {
            region: actor.region.clone(),
            department: actor.department.clone(),
            owner: None,
        };
        self.accounts.authorize(actor, Action::ExamineCase, &own)?;
        let Some(department) = &actor.department else {
            return Ok(Vec::new());
        };
        let rows = self
            .store
            .pending_objections(department.as_str(), LIST_LIMIT)
            .await
            .map_err(ServiceError::store)?;
        let today = local_date(self.now());
        // Every row is of the caller's department: its region is read once.
        let mut region: Option<RegionCode> = None;
        let mut lines = Vec::with_capacity(rows.len());
        for row in &rows {
            let region = match &region {
                Some(r) => r.clone(),
                None => match self.scope_of(row).await {
                    Ok(scope) => region.insert(scope.1).clone(),
                    Err(_) => continue,
                },
            };
            let scope = ObjectScope::department(row.objection.department.clone(), region);
            if auth::authorize(actor, Action::ExamineCase, &scope).is_ok() {
                lines.push(ObjectionView::of(&row.objection, today, true));
            }
        }
        Ok(lines)
    }

    /// Decides objection `id`. Accepting corrects the licence (a new
    /// version, re-signed with the department's seal, the old values kept
    /// in its history) and leaves the objection `corrected`; if the
    /// correction fails it stays `accepted` and accepting again retries
    /// it. Rejecting needs a reason and leaves the licence unchanged.
    pub async fn decide(
        &self,
        actor: &Actor,
        id: &str,
        request: DecisionRequest,
    ) -> Result<ObjectionView, ServiceError> {
        let mut row = self.row(id).await?;
        self.staff_scope(actor, &row).await?;
        let now = self.now();
        let retry =
            row.objection.state == ObjectionState::Accepted && request.verdict == Verdict::Accept;
        if !retry {
            match request.verdict {
                Verdict::Accept => {
                    row.objection
                        .accept(&actor.id, request.value.as_deref(), &request.reason, now)
                        .map_err(refusal)?;
                }
                Verdict::Reject => {
                    row.objection
                        .reject(&actor.id, &request.reason, now)
                        .map_err(refusal)?;
                }
            }
            self.write(&mut row, "licence.objection_decided").await?;
            tracing::info!(
                objection = %row.objection.id,
                actor = %actor.id,
                state = row.objection.state.code(),
                "证照异议已核实"
            );
        }
        if row.objection.state == ObjectionState::Accepted {
            self.finish_correction(&mut row).await?;
        }
        Ok(ObjectionView::of(&row.objection, local_date(now), true))
    }

    /// Corrects the licence of an accepted objection (unless a previous
    /// attempt already did: its history names the objection) and marks
    /// the objection corrected with the new version.
    async fn finish_correction(&self, row: &mut ObjectionRow) -> Result<(), ServiceError> {
        let number = row.objection.licence.to_string();
        let current = self.licences.correctable(&number).await?;
        let version = match row.objection.applied_in(&current.licence) {
            Some(version) => version,
            None => {
                let fields = row.objection.correction().unwrap_or_default();
                let note = row.objection.correction_note();
                self.licences
                    .correct(&number, fields, &note, self.now())
                    .await?
                    .version
            }
        };
        row.objection.mark_corrected(version).map_err(refusal)?;
        self.write(row, "licence.objection_corrected").await
    }

    /// Stores the changed objection with its outbox event.
    async fn write(&self, row: &mut ObjectionRow, code: &str) -> Result<(), ServiceError> {
        let expected = row.row_version;
        row.updated_at = self.now();
        let done = event(code, &row.objection);
        match self
            .store
            .update_objection(row, expected, Some(&done))
            .await
        {
            Ok(()) => {
                row.row_version += 1;
                Ok(())
            }
            Err(StoreError::Conflict(_)) => Err(ServiceError::refused(
                Refusal::Conflict,
                "objection_changed",
                "该异议刚被他人处理，请刷新后查看",
            )),
            Err(e) => Err(ServiceError::store(e)),
        }
    }

    /// The gate for staff: `ExamineCase` on the objection's department in
    /// its region. An objection out of scope is refused like a missing one
    /// at the edges.
    async fn staff_scope(&self, actor: &Actor, row: &ObjectionRow) -> Result<(), ServiceError> {
        let (department, region) = self.scope_of(row).await?;
        let scope = ObjectScope::department(department, region);
        self.accounts.authorize(actor, Action::ExamineCase, &scope)
    }

    /// The objection's department and that department's region (from the
    /// licence's issuing department in the catalog).
    async fn scope_of(&self, row: &ObjectionRow) -> Result<(Code, RegionCode), ServiceError> {
        let number = row.objection.licence.to_string();
        match self.licences.correctable(&number).await {
            Ok(held) => Ok((row.objection.department.clone(), held.region)),
            Err(e) if e.code() == "licence_not_found" => Err(not_found(&row.objection.id)),
            Err(e) => Err(e),
        }
    }
}
