//! The deadline-warning scan and the supervisors' warnings list.
//!
//! The scan pages through every case that is not done, computes each
//! running member's warning (and, for a case of several members, the
//! whole case's) with the domain's rule on the Beijing date of `now`, and
//! asks the store to raise them. Only the current level is raised: a
//! case found already past its due date gets its red warning, not a late
//! yellow one. The store makes each (case, member, level) happen once.

use chrono::{DateTime, NaiveDate, Utc};
use tongban_domain::auth::{self, Action, Actor, ObjectScope};
use tongban_domain::case::{Case, CaseNo, Warning};
use tongban_domain::clock::{CalendarError, WorkCalendar};
use tongban_store::{NewWarning, Raised, StoredCase};

use super::{EventService, WarningView, local_date};
use crate::error::ServiceError;

/// The most warnings one list shows.
const MAX_LIST: i64 = 500;

impl EventService {
    /// Raises every deadline warning due at `now` that was not raised
    /// before; returns how many this call raised. Safe to run on several
    /// nodes at once: each warning is raised by exactly one of them.
    pub async fn scan_warnings(&self, now: DateTime<Utc>) -> Result<usize, ServiceError> {
        let calendar = self.calendar()?;
        let today = local_date(now);
        let mut after: Option<CaseNo> = None;
        let mut raised = 0;
        loop {
            let page = self
                .store
                .open_cases(after.as_ref(), self.settings.batch)
                .await
                .map_err(ServiceError::store)?;
            let full = page.len() as i64 >= self.settings.batch;
            for stored in &page {
                raised += self.raise_for(stored, calendar, today, now).await?;
            }
            match page.last() {
                Some(last) if full => after = Some(last.case.case_no.clone()),
                _ => break,
            }
        }
        if raised > 0 {
            tracing::info!(raised, "时限预警已发出");
        }
        Ok(raised)
    }

    /// Raises one case's due warnings; 0 when it has none, another node
    /// holds it, or it changed meanwhile (the next scan looks again).
    async fn raise_for(
        &self,
        stored: &StoredCase,
        calendar: &WorkCalendar,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<usize, ServiceError> {
        let case_no = &stored.case.case_no;
        let due = match due_warnings(&stored.case, calendar, today, self.settings.policy) {
            Ok(due) => due,
            Err(e) => {
                // A date the calendar does not cover: say so, go on.
                tracing::error!(case_no = %case_no, code = e.code(), error = %e, "无法计算办件时限");
                return Ok(0);
            }
        };
        if due.is_empty() {
            return Ok(0);
        }
        let outcome = self
            .store
            .raise_warnings(case_no, stored.version, &due, now)
            .await
            .map_err(ServiceError::store)?;
        Ok(match outcome {
            Raised::Done(new) => {
                for w in &new {
                    tracing::info!(case_no = %case_no, item = ?w.member.as_ref().map(ToString::to_string), level = w.level.code(), "{}", w.level.label());
                }
                new.len()
            }
            Raised::Busy | Raised::Stale => 0,
        })
    }

    /// The newest warnings within the supervisor's region (their data
    /// scope, through the gate). Anyone without the supervise role is
    /// refused.
    pub async fn warnings(
        &self,
        actor: &Actor,
        limit: i64,
    ) -> Result<Vec<WarningView>, ServiceError> {
        let Some(region) = actor.region.clone() else {
            return Err(self
                .accounts
                .authorize(actor, Action::Supervise, &ObjectScope::default())
                .err()
                .unwrap_or_else(|| {
                    ServiceError::refused(
                        crate::Refusal::Invalid,
                        "actor_without_region",
                        "当前账号未设置所属行政区划，无法查看预警",
                    )
                }));
        };
        self.accounts.authorize(
            actor,
            Action::Supervise,
            &ObjectScope::region(region.clone()),
        )?;
        let found = self
            .store
            .warnings(&region, limit.clamp(1, MAX_LIST))
            .await
            .map_err(ServiceError::store)?;
        Ok(found
            .into_iter()
            .filter(|w| {
                let scope = ObjectScope::department(w.department.clone(), w.region.clone());
                auth::authorize(actor, Action::Supervise, &scope).is_ok()
            })
            .map(WarningView::from)
            .collect())
    }
}

/// The warnings `case` is due on `today`: one per running member that
/// is yellow or red, and the whole case's when it has several members
/// (a single-item case's whole warning would repeat its member's).
pub(super) fn due_warnings(
    case: &Case,
    calendar: &WorkCalendar,
    today: NaiveDate,
    policy: tongban_domain::case::WarningPolicy,
) -> Result<Vec<NewWarning>, CalendarError> {
    let mut due = Vec::new();
    for m in &case.members {
        let level = m.warning(calendar, today, policy)?;
        if level == Warning::None {
            continue;
        }
        let Some(deadlines) = m.deadlines(calendar, today)? else {
            continue;
        };
        due.push(NewWarning {
            member: Some(m.terms.item.clone()),
            level,
            region: m.terms.region.clone(),
            department: m.terms.department.clone(),
            name: m.terms.name.clone(),
            due: deadlines.promised,
        });
    }
    if case.members.len() > 1 {
        let level = case.warning(calendar, today, policy)?;
        if level != Warning::None
            && let Some(deadlines) = case.deadlines(calendar, today)?
        {
            due.push(NewWarning {
                member: None,
                level,
                region: case.region.clone(),
                department: case.lead_department.clone(),
                name: case.name.clone(),
                due: deadlines.promised,
            });
        }
    }
    Ok(due)
}
