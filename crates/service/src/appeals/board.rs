//! Listings: the applicant's own appeals, a department's worklist, the
//! supervisor's board (overdue, escalation levels, reopened counts,
//! on-time rates) and a subject's file.

use std::collections::BTreeMap;

use tongban_domain::appeal::{Appeal, EscalationPolicy, Overdue};
use tongban_domain::auth::{self, Action, Actor, ActorKind, ObjectScope};
use tongban_domain::ident::Code;
use tongban_domain::subject::SubjectId;
use tongban_store::{AppealFilter, StoredAppeal};

use super::act::DEPARTMENT_WORK;
use super::types::{AppealView, Board, BoardLine, DepartmentRate, SubjectFile};
use super::{AppealService, calendar, gate, local, not_found, refused, store_error};
use crate::error::ServiceError;

/// The most appeals a listing reads.
const LIMIT: i64 = 5_000;

impl AppealService {
    /// The applicant's own appeals, newest first.
    pub async fn mine(&self, actor: &Actor) -> Result<Vec<AppealView>, ServiceError> {
        self.accounts
            .authorize(actor, Action::ReadOwnData, &gate::owned(&actor.id))?;
        let filter = AppealFilter {
            owner: Some(actor.id.clone()),
            limit: LIMIT,
            ..AppealFilter::default()
        };
        self.views(
            self.store
                .list_appeals(&filter)
                .await
                .map_err(store_error)?,
        )
    }

    /// The actor's department's worklist: appeals dispatched to it, the
    /// running ones first by due date (with `open_only`, only those).
    pub async fn department_worklist(
        &self,
        actor: &Actor,
        open_only: bool,
    ) -> Result<Vec<AppealView>, ServiceError> {
        let own = ObjectScope {
            region: actor.region.clone(),
            department: actor.department.clone(),
            owner: None,
        };
        self.accounts.authorize(actor, DEPARTMENT_WORK, &own)?;
        let Some(department) = &actor.department else {
            return Ok(Vec::new());
        };
        let filter = AppealFilter {
            department: Some(department.as_str().to_string()),
            limit: LIMIT,
            ..AppealFilter::default()
        };
        let found = self
            .store
            .list_appeals(&filter)
            .await
            .map_err(store_error)?;
        let mut mine: Vec<StoredAppeal> = found
            .into_iter()
            .filter(|s| gate::may_read(actor, &s.appeal))
            .filter(|s| !open_only || s.appeal.state.is_running())
            .collect();
        mine.sort_by_key(|s| (!s.appeal.state.is_running(), s.appeal.deadlines.resolve_by));
        self.views(mine)
    }

    /// The supervisor's board for the actor's region today.
    pub async fn board(&self, actor: &Actor) -> Result<Board, ServiceError> {
        let region = actor.region.clone().ok_or_else(not_found)?;
        gate::supervise(&self.accounts, actor, &region)?;
        let filter = AppealFilter {
            limit: LIMIT,
            ..AppealFilter::default()
        };
        let all: Vec<Appeal> = self
            .store
            .list_appeals(&filter)
            .await
            .map_err(store_error)?
            .into_iter()
            .map(|s| s.appeal)
            .filter(|a| {
                auth::authorize(
                    actor,
                    Action::Supervise,
                    &ObjectScope::region(a.region.clone()),
                )
                .is_ok()
            })
            .collect();
        let today = local(self.clock.now()).date();
        let calendar = calendar()?;
        let policy = EscalationPolicy::default();
        let mut overdue = Vec::new();
        let mut reopened = Vec::new();
        let mut rates: BTreeMap<Code, (u32, u32)> = BTreeMap::new();
        for a in &all {
            let late = policy.overdue(a, today, calendar).map_err(refused)?;
            if let Some(o) = late {
                overdue.push(line(a, Some(o)));
            }
            if a.reopened > 0 {
                reopened.push(line(a, late));
            }
            if let Some(lead) = a.lead() {
                let counted = a.resolved_on.is_some() || today > a.deadlines.resolve_by;
                if counted {
                    let entry = rates.entry(lead.clone()).or_default();
                    entry.0 += 1;
                    entry.1 += u32::from(a.resolved_on_time() == Some(true));
                }
            }
        }
        overdue.sort_by(|x, y| {
            y.working_days_late
                .cmp(&x.working_days_late)
                .then(x.no.cmp(&y.no))
        });
        reopened.sort_by(|x, y| y.reopened.cmp(&x.reopened).then(x.no.cmp(&y.no)));
        let departments = rates
            .into_iter()
            .map(|(department, (counted, on_time))| DepartmentRate {
                department,
                counted,
                on_time,
                rate_percent: (counted > 0)
                    .then(|| (f64::from(on_time) * 1000.0 / f64::from(counted)).round() / 10.0),
            })
            .collect();
        Ok(Board {
            today,
            overdue,
            reopened,
            departments,
        })
    }

    /// A subject's file (一企一档 / 一人一档): its appeals the reader may
    /// see. An applicant sees only their own verified profile's file.
    pub async fn subject_file(
        &self,
        actor: &Actor,
        subject: &SubjectId,
    ) -> Result<SubjectFile, ServiceError> {
        if actor.kind == ActorKind::Applicant {
            let linked = self
                .subjects
                .linked_subject(&actor.id)
                .await
                .map_err(store_error)?;
            if linked.map(|s| s.id) != Some(subject.clone()) {
                return Err(not_found());
            }
        }
        let found = self
            .subjects
            .subject(subject)
            .await
            .map_err(store_error)?
            .ok_or_else(not_found)?;
        let keys = found.keys();
        let filter = AppealFilter {
            subject: Some((
                Some(subject.as_str().to_string()),
                keys.iter()
                    .map(|k| format!("{}:{}", k.kind(), k.lookup_value()))
                    .collect(),
            )),
            limit: LIMIT,
            ..AppealFilter::default()
        };
        let appeals = self
            .store
            .list_appeals(&filter)
            .await
            .map_err(store_error)?;
        let visible: Vec<StoredAppeal> = appeals
            .into_iter()
            .filter(|s| gate::may_read(actor, &s.appeal))
            .collect();
        if actor.kind != ActorKind::Applicant
            && visible.is_empty()
            && auth::authorize(actor, Action::ReadCase, &ObjectScope::default())
                .is_err_and(|d| d.reason == auth::DenialReason::RoleNotPermitted)
        {
            return Err(not_found());
        }
        Ok(SubjectFile {
            subject: found.id.clone(),
            name: found.name().to_string(),
            keys_masked: keys.iter().map(|k| k.masked()).collect(),
            appeals: self.views(visible)?,
        })
    }

    fn views(&self, stored: Vec<StoredAppeal>) -> Result<Vec<AppealView>, ServiceError> {
        stored.into_iter().map(|s| self.view(s)).collect()
    }
}

fn line(a: &Appeal, overdue: Option<Overdue>) -> BoardLine {
    BoardLine {
        no: a.no.clone(),
        title: a.title.clone(),
        category: a.category.clone(),
        source: a.source,
        state: a.state,
        lead: a.lead().cloned(),
        due: overdue.map(|o| o.due),
        working_days_late: overdue.map_or(0, |o| o.working_days_late),
        answer_missing: overdue.is_some_and(|o| o.answer_missing),
        escalation_level: a.escalation_level,
        reopened: a.reopened,
    }
}
