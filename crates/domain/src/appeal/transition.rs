//! The appeal's states and the one transition function ([`apply`]).
//!
//! ```text
//!  filed ──dispatch──▶ dispatched ──answer──▶ answered ──resolve (lead)──▶ resolved ──rate 满意──▶ closed ■
//!    │  ▲ re-dispatch ──┘  │ └────────resolve (lead)────────────────────────▲   │
//!    │                     │ progress (state unchanged)                        │   │ rate 不满意 / reopen
//!    │                     ◀──────────── reopened: fresh deadlines, count + 1 ─┘───┘ (closed: reopen only)
//!  instruct (领导批阅) and escalate (督办) leave the state as it is.
//! ```

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::error::text;
use super::limits::deadlines_for;
use super::{Appeal, AppealError, CategoryRule, Dispatch, Instruction, Rating, Report, ReportKind};
use crate::clock::WorkCalendar;
use crate::ident::Code;

/// Where an appeal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppealState {
    /// 已登记: waiting for dispatch.
    Filed,
    /// 已派单: with the departments, no answer yet (this round).
    Dispatched,
    /// 已答复: answered, being solved.
    Answered,
    /// 已办结: solved, waiting for the applicant's rating.
    Resolved,
    /// 已评价归档: rated satisfied (or closed by a satisfied revisit).
    Closed,
}

impl AppealState {
    /// Every state.
    pub const ALL: [AppealState; 5] = [
        AppealState::Filed,
        AppealState::Dispatched,
        AppealState::Answered,
        AppealState::Resolved,
        AppealState::Closed,
    ];

    /// Stable code (store column, API).
    pub fn code(self) -> &'static str {
        match self {
            AppealState::Filed => "filed",
            AppealState::Dispatched => "dispatched",
            AppealState::Answered => "answered",
            AppealState::Resolved => "resolved",
            AppealState::Closed => "closed",
        }
    }

    /// The state named by `code`.
    pub fn parse(code: &str) -> Option<AppealState> {
        AppealState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            AppealState::Filed => "已登记",
            AppealState::Dispatched => "已派单",
            AppealState::Answered => "已答复",
            AppealState::Resolved => "已办结",
            AppealState::Closed => "已归档",
        }
    }

    /// True while the departments still owe something (a deadline runs).
    pub fn is_running(self) -> bool {
        matches!(
            self,
            AppealState::Filed | AppealState::Dispatched | AppealState::Answered
        )
    }
}

/// Something done to an appeal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum AppealCommand {
    /// 派单 (or re-dispatch before the first answer).
    Dispatch {
        /// 牵头部门.
        lead: Code,
        /// 协办部门.
        #[serde(default)]
        co: Vec<Code>,
    },
    /// 部门报到: a dispatched department reports.
    Report {
        /// The reporting department.
        department: Code,
        /// Progress, answer or resolution.
        kind: ReportKind,
        /// What it says.
        text: String,
    },
    /// 领导批阅.
    Instruct {
        /// The instruction.
        text: String,
    },
    /// 督办: raise the next escalation level.
    Escalate {
        /// The level (the current one + 1).
        level: u32,
    },
    /// 评哨 / 回访: the applicant's rating.
    Rate {
        /// 满意 or 不满意 (which reopens the appeal).
        satisfied: bool,
        /// The applicant's words.
        #[serde(default)]
        comment: String,
    },
    /// A supervisor sends a resolved or closed appeal back to the departments.
    Reopen {
        /// Why.
        reason: String,
    },
}

/// The kind of a command: one column of the transition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommandKind {
    /// 派单.
    Dispatch,
    /// 进展报送.
    Progress,
    /// 答复.
    Answer,
    /// 办结报送.
    Resolve,
    /// 领导批阅.
    Instruct,
    /// 督办.
    Escalate,
    /// 评价满意.
    RateSatisfied,
    /// 评价不满意.
    RateUnsatisfied,
    /// 重新交办.
    Reopen,
}

impl CommandKind {
    /// Every kind, in table order.
    pub const ALL: [CommandKind; 9] = [
        CommandKind::Dispatch,
        CommandKind::Progress,
        CommandKind::Answer,
        CommandKind::Resolve,
        CommandKind::Instruct,
        CommandKind::Escalate,
        CommandKind::RateSatisfied,
        CommandKind::RateUnsatisfied,
        CommandKind::Reopen,
    ];

    /// Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            CommandKind::Dispatch => "派单",
            CommandKind::Progress => "报送进展",
            CommandKind::Answer => "答复",
            CommandKind::Resolve => "报送办结",
            CommandKind::Instruct => "领导批阅",
            CommandKind::Escalate => "督办",
            CommandKind::RateSatisfied => "评价满意",
            CommandKind::RateUnsatisfied => "评价不满意",
            CommandKind::Reopen => "重新交办",
        }
    }

    /// The state a command of this kind leads to from `state`, or `None`
    /// when the table forbids it.
    pub fn next(self, state: AppealState) -> Option<AppealState> {
        use AppealState as S;
        use CommandKind as K;
        match (state, self) {
            (S::Filed | S::Dispatched, K::Dispatch) => Some(S::Dispatched),
            (S::Dispatched | S::Answered, K::Progress) => Some(state),
            (S::Dispatched, K::Answer) => Some(S::Answered),
            (S::Dispatched | S::Answered, K::Resolve) => Some(S::Resolved),
            (S::Filed | S::Dispatched | S::Answered | S::Resolved, K::Instruct) => Some(state),
            (S::Filed | S::Dispatched | S::Answered, K::Escalate) => Some(state),
            (S::Resolved, K::RateSatisfied) => Some(S::Closed),
            (S::Resolved, K::RateUnsatisfied) => Some(S::Dispatched),
            (S::Resolved | S::Closed, K::Reopen) => Some(S::Dispatched),
            _ => None,
        }
    }
}

impl AppealCommand {
    /// This command's kind.
    pub fn kind(&self) -> CommandKind {
        match self {
            AppealCommand::Dispatch { .. } => CommandKind::Dispatch,
            AppealCommand::Report { kind, .. } => match kind {
                ReportKind::Progress => CommandKind::Progress,
                ReportKind::Answer => CommandKind::Answer,
                ReportKind::Resolution => CommandKind::Resolve,
            },
            AppealCommand::Instruct { .. } => CommandKind::Instruct,
            AppealCommand::Escalate { .. } => CommandKind::Escalate,
            AppealCommand::Rate {
                satisfied: true, ..
            } => CommandKind::RateSatisfied,
            AppealCommand::Rate {
                satisfied: false, ..
            } => CommandKind::RateUnsatisfied,
            AppealCommand::Reopen { .. } => CommandKind::Reopen,
        }
    }
}

/// What happened, for the history and the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventKind {
    /// Registered.
    Filed,
    /// Dispatched (or re-dispatched).
    Dispatched {
        /// 牵头部门.
        lead: Code,
        /// 协办部门.
        co: Vec<Code>,
    },
    /// A department reported.
    Reported {
        /// Who.
        department: Code,
        /// What kind of report.
        report: ReportKind,
    },
    /// The first answer of the round.
    Answered,
    /// Solved.
    Resolved,
    /// A leader's instruction.
    Instructed,
    /// Escalated to `level`.
    Escalated {
        /// The new level.
        level: u32,
    },
    /// Rated.
    Rated {
        /// 满意?
        satisfied: bool,
    },
    /// Sent back to the departments; `count` is the reopened count now.
    Reopened {
        /// How many times reopened so far.
        count: u32,
    },
    /// Closed after a satisfied rating.
    Closed,
}

impl EventKind {
    /// Stable event code (`appeal.filed`, …), as in the outbox.
    pub fn code(&self) -> &'static str {
        match self {
            EventKind::Filed => "appeal.filed",
            EventKind::Dispatched { .. } => "appeal.dispatched",
            EventKind::Reported { .. } => "appeal.reported",
            EventKind::Answered => "appeal.answered",
            EventKind::Resolved => "appeal.resolved",
            EventKind::Instructed => "appeal.instructed",
            EventKind::Escalated { .. } => "appeal.escalated",
            EventKind::Rated { .. } => "appeal.rated",
            EventKind::Reopened { .. } => "appeal.reopened",
            EventKind::Closed => "appeal.closed",
        }
    }
}

/// One event of an appeal: what, from which state to which, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppealEvent {
    /// What happened.
    pub kind: EventKind,
    /// The state before.
    pub from: AppealState,
    /// The state after.
    pub to: AppealState,
    /// When (Beijing time).
    pub at: NaiveDateTime,
}

/// Applies `command`, issued by `by` at `at`, to `appeal`: the new appeal
/// and its events, or the refusal (and nothing changes). `rule` is the
/// category's rule and `calendar` the work calendar, for the fresh
/// deadlines of a reopened appeal.
pub fn apply(
    appeal: &Appeal,
    command: AppealCommand,
    by: &str,
    at: NaiveDateTime,
    rule: Option<&CategoryRule>,
    calendar: &WorkCalendar,
) -> Result<(Appeal, Vec<AppealEvent>), AppealError> {
    let kind = command.kind();
    let from = appeal.state;
    let Some(to) = kind.next(from) else {
        return Err(if from == AppealState::Closed {
            AppealError::Closed(kind)
        } else {
            AppealError::IllegalTransition {
                state: from,
                command: kind,
            }
        });
    };
    let mut next = appeal.clone();
    next.state = to;
    let mut kinds = Vec::new();
    match command {
        AppealCommand::Dispatch { lead, co } => {
            let rule_like = CategoryRule {
                category: appeal.category.clone(),
                lead: lead.clone(),
                co: co.clone(),
                answer: super::AppealLimit::DEFAULT_ANSWER,
                resolve: super::AppealLimit::DEFAULT_RESOLVE,
            };
            rule_like.check()?;
            next.dispatch = Some(Dispatch {
                lead: lead.clone(),
                co: co.clone(),
                by: by.to_string(),
                at,
            });
            kinds.push(EventKind::Dispatched { lead, co });
        }
        AppealCommand::Report {
            department,
            kind: report,
            text: body,
        } => {
            let body = text("报送内容", &body, 4000)?;
            if !appeal.is_dispatched_to(&department) {
                return Err(AppealError::NotDispatchedTo(department.to_string()));
            }
            if report == ReportKind::Resolution && appeal.lead() != Some(&department) {
                let lead = appeal.lead().map(Code::to_string).unwrap_or_default();
                return Err(AppealError::LeadOnly(lead));
            }
            next.reports.push(Report {
                department: department.clone(),
                kind: report,
                text: body,
                by: by.to_string(),
                at,
            });
            kinds.push(EventKind::Reported { department, report });
            if report != ReportKind::Progress && next.answered_on.is_none() {
                next.answered_on = Some(at.date());
                kinds.push(EventKind::Answered);
            }
            if report == ReportKind::Resolution {
                next.resolved_on = Some(at.date());
                kinds.push(EventKind::Resolved);
            }
        }
        AppealCommand::Instruct { text: body } => {
            let body = text("批示内容", &body, 2000)?;
            next.instructions.push(Instruction {
                by: by.to_string(),
                text: body,
                at,
            });
            kinds.push(EventKind::Instructed);
        }
        AppealCommand::Escalate { level } => {
            let expected = appeal.escalation_level + 1;
            if level != expected {
                return Err(AppealError::EscalationOutOfOrder {
                    expected,
                    got: level,
                });
            }
            next.escalation_level = level;
            kinds.push(EventKind::Escalated { level });
        }
        AppealCommand::Rate { satisfied, comment } => {
            let comment = comment.trim().chars().take(1000).collect();
            next.ratings.push(Rating {
                satisfied,
                comment,
                by: by.to_string(),
                at,
            });
            kinds.push(EventKind::Rated { satisfied });
            if satisfied {
                kinds.push(EventKind::Closed);
            } else {
                kinds.push(reopen(&mut next, at, rule, calendar)?);
            }
        }
        AppealCommand::Reopen { reason } => {
            text("重新交办理由", &reason, 1000)?;
            kinds.push(reopen(&mut next, at, rule, calendar)?);
        }
    }
    let events = kinds
        .into_iter()
        .map(|kind| AppealEvent { kind, from, to, at })
        .collect();
    Ok((next, events))
}

/// Sends `appeal` back to its departments for a new round: fresh
/// deadlines from today, the round's answer, resolution and escalations
/// cleared, the reopened count raised.
fn reopen(
    appeal: &mut Appeal,
    at: NaiveDateTime,
    rule: Option<&CategoryRule>,
    calendar: &WorkCalendar,
) -> Result<EventKind, AppealError> {
    appeal.deadlines = deadlines_for(appeal.source, appeal.complexity, rule, at.date(), calendar)?;
    appeal.answered_on = None;
    appeal.resolved_on = None;
    appeal.escalation_level = 0;
    appeal.reopened += 1;
    Ok(EventKind::Reopened {
        count: appeal.reopened,
    })
}

/// The event of a newly filed appeal.
pub fn filed_event(appeal: &Appeal) -> AppealEvent {
    AppealEvent {
        kind: EventKind::Filed,
        from: AppealState::Filed,
        to: appeal.state,
        at: appeal.filed_at,
    }
}
