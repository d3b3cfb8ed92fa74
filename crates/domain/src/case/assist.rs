//! 部门协查 (`AssistRequest`): inside an item case, the examining
//! department asks another department to verify or supply something, with
//! a reply limit. The reply, its lateness and every step are kept on the
//! item case, so the case's history shows the wait and the answer.
//!
//! Silence as consent (超时默认 / 缺席默认 / 视为同意): when the item's
//! terms say so, an unanswered request counts as consent once its limit
//! passes. [`Case::lapse_assists`] records that default exactly once (the
//! request then has a reply) and the member may be decided. A member with
//! an unanswered request cannot be decided (`assist_pending`).
//!
//! Limits: working days follow the [`WorkCalendar`] (the reply is due at
//! the same time of day, that many working days later, skipping the
//! member's suspended spans); hours are elapsed hours; natural days are
//! calendar days.

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{Case, CaseEvent, EventKind, ItemCase};
use crate::auth::Role;
use crate::catalog::{AssistTerms, SilenceDefault, TimeLimit};
use crate::clock::{CalendarError, WorkCalendar};
use crate::ident::Code;

/// One assist request of an item case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssistRequest {
    /// 1-based number within the item case.
    pub id: u32,
    /// The asking department (the item's).
    pub from: Code,
    /// The department asked.
    pub to: Code,
    /// What is asked about (e.g. 名称核验).
    pub subject: String,
    /// The question in full.
    pub question: String,
    pub asked_at: NaiveDateTime,
    pub limit: TimeLimit,
    pub on_silence: SilenceDefault,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<AssistReply>,
}

/// The answer to an assist request, given or defaulted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssistReply {
    pub opinion: Opinion,
    pub text: String,
    pub at: NaiveDateTime,
    /// True when silence past the limit was taken as consent.
    pub by_silence: bool,
}

/// The asked department's opinion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Opinion {
    /// 同意 / 核验通过.
    Agree,
    /// 不同意 / 核验不通过.
    Disagree,
    /// 提供信息 (no opinion either way).
    Information,
}

impl Opinion {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Opinion::Agree => "同意",
            Opinion::Disagree => "不同意",
            Opinion::Information => "提供信息",
        }
    }
}

impl AssistRequest {
    /// When the reply is due.
    pub fn due(
        &self,
        calendar: &WorkCalendar,
        member: &ItemCase,
    ) -> Result<NaiveDateTime, CalendarError> {
        let at = self.asked_at;
        Ok(match self.limit {
            TimeLimit::Hours(h) => at + Duration::hours(i64::from(h)),
            TimeLimit::NaturalDays(d) => at + Duration::days(i64::from(d)),
            TimeLimit::WorkingDays(n) => {
                let spans = member.suspended_spans(at.date());
                calendar
                    .add_working_days(at.date(), n, &spans)?
                    .and_time(at.time())
            }
        })
    }

    /// Whether the reply came after the limit (`None` while unanswered).
    pub fn answered_late(
        &self,
        calendar: &WorkCalendar,
        member: &ItemCase,
    ) -> Result<Option<bool>, CalendarError> {
        match &self.reply {
            None => Ok(None),
            Some(r) => Ok(Some(r.at > self.due(calendar, member)?)),
        }
    }

    /// True while no reply (given or defaulted) exists.
    pub fn is_open(&self) -> bool {
        self.reply.is_none()
    }
}

/// The terms for a request to `to`: the item's declared ones, or, for an
/// undeclared department, the `limit` the examiner gives and no default.
pub(super) fn terms_for(
    declared: &[AssistTerms],
    to: &Code,
    subject: &str,
    limit: Option<TimeLimit>,
) -> Option<AssistTerms> {
    match declared.iter().find(|t| t.department == *to) {
        Some(t) => Some(t.clone()),
        None => limit.map(|limit| AssistTerms {
            department: to.clone(),
            subject: subject.to_string(),
            limit,
            on_silence: SilenceDefault::Wait,
        }),
    }
}

impl Case {
    /// Records silence as consent for every open request whose item terms
    /// say so and whose limit has passed by `now`: one
    /// [`EventKind::AssistDefaulted`] each, acted by the system. `None`
    /// when nothing lapsed (so a repeated scan writes nothing).
    pub fn lapse_assists(
        &self,
        now: NaiveDateTime,
        calendar: &WorkCalendar,
    ) -> Result<Option<(Case, Vec<CaseEvent>)>, CalendarError> {
        let mut next = self.clone();
        let mut events = Vec::new();
        for member in &mut next.members {
            let snapshot = member.clone();
            for request in &mut member.assists {
                if !request.is_open() || request.on_silence != SilenceDefault::Consent {
                    continue;
                }
                let due = request.due(calendar, &snapshot)?;
                if now < due {
                    continue;
                }
                request.reply = Some(AssistReply {
                    opinion: Opinion::Agree,
                    text: "逾期未答复，依事项规定视为同意".into(),
                    at: due,
                    by_silence: true,
                });
                events.push(CaseEvent {
                    at: now,
                    role: Role::System,
                    item: Some(member.terms.item.clone()),
                    from: member.state,
                    to: member.state,
                    kind: EventKind::AssistDefaulted {
                        id: request.id,
                        department: request.to.clone(),
                        due,
                    },
                });
            }
        }
        Ok((!events.is_empty()).then_some((next, events)))
    }
}
