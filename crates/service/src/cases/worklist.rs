//! Worklists (工作台): the window clerk's intake queue and today's
//! completions and deliveries, a department examiner's inbox by item
//! sorted by deadline, the lead department's bundle cases with blocked
//! members, and the supervisor's red and yellow cases.
//!
//! Each list needs the action its work takes (checked once through the
//! gate, so a role without it is refused with `forbidden_role`), and then
//! shows only the cases whose data scope allows that action.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::Serialize;
use tongban_domain::auth::{self, Action, Actor, ObjectScope};
use tongban_domain::case::{CaseNo, CaseState, IntakeChannel, Warning};
use tongban_domain::ident::Code;
use tongban_domain::mask;
use tongban_store::StoredCase;

use super::schedule::{Schedule, schedule_on};
use super::{CaseService, gate, store_error};
use crate::error::ServiceError;

/// The most cases a worklist reads.
const LIMIT: i64 = 500;

/// Which worklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Worklist {
    /// 受理队列: applications waiting for intake (window clerk).
    Intake,
    /// 今日办结与送达: completed cases waiting for hand-over, and today's
    /// deliveries (window clerk).
    Today,
    /// 待审办件: the department's running members, by deadline (examiner).
    Inbox,
    /// 牵头一件事: bundle cases the department leads, with blocked members.
    Bundles,
    /// 红黄牌预警: running cases that turned yellow or red (supervisor).
    Warnings,
    /// 待答复协查: members whose open assist request asks the viewer's
    /// department (部门协查, answered in the asked department's own list).
    Assists,
}

impl Worklist {
    /// Every worklist.
    pub const ALL: [Worklist; 6] = [
        Worklist::Intake,
        Worklist::Today,
        Worklist::Inbox,
        Worklist::Bundles,
        Worklist::Warnings,
        Worklist::Assists,
    ];

    /// Stable code, as in the URL.
    pub fn code(self) -> &'static str {
        match self {
            Worklist::Intake => "intake",
            Worklist::Today => "today",
            Worklist::Inbox => "inbox",
            Worklist::Bundles => "bundles",
            Worklist::Warnings => "warnings",
            Worklist::Assists => "assists",
        }
    }

    /// The worklist named by `code`.
    pub fn parse(code: &str) -> Option<Worklist> {
        Worklist::ALL.into_iter().find(|w| w.code() == code)
    }

    /// Chinese title.
    pub fn label(self) -> &'static str {
        match self {
            Worklist::Intake => "受理队列",
            Worklist::Today => "今日办结与送达",
            Worklist::Inbox => "待审办件",
            Worklist::Bundles => "牵头一件事",
            Worklist::Warnings => "红黄牌预警",
            Worklist::Assists => "待答复协查",
        }
    }

    /// The action the list's work takes.
    fn action(self) -> Action {
        match self {
            Worklist::Intake => Action::IntakeCase,
            Worklist::Today => Action::DeliverCase,
            Worklist::Inbox | Worklist::Assists => Action::ExamineCase,
            Worklist::Bundles => Action::ReadDepartmentWork,
            Worklist::Warnings => Action::Supervise,
        }
    }
}

/// One line of a worklist: a case, or one member of it (inbox).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkItem {
    /// The case number.
    pub case_no: CaseNo,
    /// The bundle's or the item's name.
    pub name: String,
    /// How it came in.
    pub channel: IntakeChannel,
    /// Where the whole case stands.
    pub state: CaseState,
    /// The member item (inbox lines); `None` for the whole case.
    pub item: Option<Code>,
    /// The member item's name.
    pub item_name: Option<String>,
    /// The member's state.
    pub item_state: Option<CaseState>,
    /// The promised due date (of the member on inbox lines).
    pub promised: Option<NaiveDate>,
    /// The statutory due date.
    pub statutory: Option<NaiveDate>,
    /// The worst warning of the case or line.
    pub warning: Warning,
    /// Members held back by the bundle's DAG: (item, refusal code).
    pub blocked: Vec<(Code, &'static str)>,
    /// The contact phone, masked.
    pub phone_masked: Option<String>,
    /// When the case last changed.
    pub updated_at: DateTime<Utc>,
}

impl CaseService {
    /// The lines of `list` that `actor` may see, in the list's order.
    pub async fn worklist(
        &self,
        actor: &Actor,
        list: Worklist,
    ) -> Result<Vec<WorkItem>, ServiceError> {
        let own = ObjectScope {
            region: actor.region.clone(),
            department: actor.department.clone(),
            owner: None,
        };
        self.accounts.authorize(actor, list.action(), &own)?;
        let today = self.today();
        let region = actor.region.as_ref();
        let read = |states: &'static [CaseState], remote: bool, since| {
            self.store
                .worklist_cases(region, remote, states, since, LIMIT)
        };
        let cases = match list {
            Worklist::Intake => read(INTAKE, true, None).await,
            Worklist::Today => {
                let mut done = read(&[CaseState::Completed], true, None).await;
                if let Ok(d) = &mut done {
                    let delivered = read(&[CaseState::Delivered], true, Some(midnight(today)));
                    d.extend(delivered.await.map_err(store_error)?);
                }
                done
            }
            Worklist::Inbox | Worklist::Warnings | Worklist::Assists => {
                read(RUNNING, false, None).await
            }
            Worklist::Bundles => read(OPEN, false, None).await,
        }
        .map_err(store_error)?;
        let mut lines = Vec::new();
        for stored in &cases {
            let schedule = schedule_on(&stored.case, today);
            lines.extend(lines_of(actor, list, stored, &schedule));
        }
        if list == Worklist::Inbox {
            lines.sort_by(|a, b| {
                (a.promised.is_none(), a.promised, &a.case_no).cmp(&(
                    b.promised.is_none(),
                    b.promised,
                    &b.case_no,
                ))
            });
        }
        Ok(lines)
    }
}

/// Waiting for intake.
const INTAKE: &[CaseState] = &[
    CaseState::Submitted,
    CaseState::PreReviewed,
    CaseState::SupplementRequested,
];
/// Accepted and not yet complete as a whole.
const RUNNING: &[CaseState] = &[
    CaseState::Accepted,
    CaseState::UnderReview,
    CaseState::Suspended,
    CaseState::Decided,
];
/// Received and not yet handed over.
const OPEN: &[CaseState] = &[
    CaseState::Submitted,
    CaseState::PreReviewed,
    CaseState::SupplementRequested,
    CaseState::Accepted,
    CaseState::UnderReview,
    CaseState::Suspended,
    CaseState::Decided,
    CaseState::Completed,
];

/// 00:00 Beijing time of `day`, as UTC.
fn midnight(day: NaiveDate) -> DateTime<Utc> {
    let local = day.and_time(NaiveTime::MIN);
    match chrono::FixedOffset::east_opt(8 * 3600).map(|cst| cst.from_local_datetime(&local)) {
        Some(chrono::LocalResult::Single(at)) => at.to_utc(),
        _ => Utc.from_utc_datetime(&local),
    }
}

/// The lines `stored` gives on `list` for `actor` (none when out of scope).
fn lines_of(
    actor: &Actor,
    list: Worklist,
    stored: &StoredCase,
    schedule: &Schedule,
) -> Vec<WorkItem> {
    let case = &stored.case;
    let allowed = |scope: &ObjectScope| auth::authorize(actor, list.action(), scope).is_ok();
    let whole = |warning: Warning| WorkItem {
        case_no: case.case_no.clone(),
        name: case.name.clone(),
        channel: case.channel.clone(),
        state: case.state(),
        item: None,
        item_name: None,
        item_state: None,
        promised: schedule.case.deadlines.map(|d| d.promised),
        statutory: schedule.case.deadlines.map(|d| d.statutory),
        warning,
        blocked: case
            .blocked_members()
            .into_iter()
            .map(|(item, refusal)| (item.clone(), refusal.code()))
            .collect(),
        phone_masked: stored.phone.as_deref().map(mask::phone),
        updated_at: stored.updated_at,
    };
    match list {
        Worklist::Intake | Worklist::Today => {
            if allowed(&gate::intake_scope(stored)) {
                vec![whole(schedule.case.warning)]
            } else {
                vec![]
            }
        }
        Worklist::Bundles => {
            let lead = ObjectScope::department(case.lead_department.clone(), case.region.clone());
            if case.bundle.is_some() && allowed(&lead) {
                vec![whole(schedule.case.warning)]
            } else {
                vec![]
            }
        }
        Worklist::Warnings => {
            let worst = schedule
                .members
                .iter()
                .map(|m| m.timing.warning)
                .chain([schedule.case.warning])
                .max()
                .unwrap_or(Warning::None);
            let scope = ObjectScope::region(case.region.clone());
            if worst != Warning::None && allowed(&scope) {
                vec![whole(worst)]
            } else {
                vec![]
            }
        }
        Worklist::Assists => case
            .members
            .iter()
            .filter(|m| {
                m.assists.iter().any(|a| {
                    a.is_open() && gate::assist_scope(stored, m, a.id).is_some_and(|s| allowed(&s))
                })
            })
            .map(|m| WorkItem {
                item: Some(m.item().clone()),
                item_name: Some(m.terms.name.clone()),
                item_state: Some(m.state),
                ..whole(Warning::None)
            })
            .collect(),
        Worklist::Inbox => case
            .members
            .iter()
            .filter(|m| RUNNING.contains(&m.state))
            .filter(|m| allowed(&gate::member_scope(stored, m)))
            .map(|m| {
                let timing = schedule.member(m.item()).map(|t| t.timing);
                let deadlines = timing.and_then(|t| t.deadlines);
                WorkItem {
                    item: Some(m.item().clone()),
                    item_name: Some(m.terms.name.clone()),
                    item_state: Some(m.state),
                    promised: deadlines.map(|d| d.promised),
                    statutory: deadlines.map(|d| d.statutory),
                    blocked: schedule
                        .member(m.item())
                        .and_then(|t| t.blocked)
                        .map(|code| vec![(m.item().clone(), code)])
                        .unwrap_or_default(),
                    ..whole(timing.map_or(Warning::None, |t| t.warning))
                }
            })
            .collect(),
    }
}
