//! 异议核实与纠错: a holder's objection to one field of their licence, and
//! its verification by the issuing department within a deadline of working
//! days.
//!
//! States: `open` → `accepted` or `rejected`; `accepted` → `corrected` once
//! the licence carries the accepted value (a new, re-signed version). An
//! objection is *pending* while open or accepted, and *overdue* when still
//! pending after its due date. Pure: dates, times and the calendar are
//! passed in; storing, signing and notifying are the service's job.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{HolderKind, Licence, LicenceNumber, LicenceStatus, LicenceType, RevisionEvent};
use crate::clock::WorkCalendar;
use crate::ident::Code;
use crate::subject::SubjectId;

/// The verification deadline unless configured otherwise: 5 working days.
pub const DEFAULT_DEADLINE_WORKING_DAYS: u32 = 5;
/// The longest value (proposed or corrected) accepted, in characters.
pub const MAX_VALUE_CHARS: usize = 500;
/// The longest reason, decision reason or evidence note, in characters.
pub const MAX_TEXT_CHARS: usize = 1000;

/// A holder's objection to one field of a licence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Objection {
    /// Its id (`objection-…`).
    pub id: String,
    /// The licence objected to.
    pub licence: LicenceNumber,
    /// The licence type's name, for lists.
    pub licence_name: String,
    /// The issuing department, which verifies the objection.
    pub department: Code,
    /// The holder's subject.
    pub holder: SubjectId,
    /// The holder's name (shown masked for a person).
    pub holder_name: String,
    /// Person or enterprise.
    pub holder_kind: HolderKind,
    /// The applicant account that filed it (an actor id).
    pub filed_by: String,
    /// The data element objected to.
    pub field: Code,
    /// Its printed label.
    pub field_label: String,
    /// The value on the licence when filed (empty when absent).
    pub current: String,
    /// The value the holder believes correct.
    pub proposed: String,
    /// Why the holder believes so.
    pub reason: String,
    /// A note on the evidence the holder has (a document, a registry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// When it was filed.
    pub filed_at: DateTime<Utc>,
    /// The last day of the verification deadline.
    pub due_on: NaiveDate,
    /// Where it stands.
    pub state: ObjectionState,
    /// The department's decision, once made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<ObjectionDecision>,
    /// The licence version the correction produced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected_version: Option<u32>,
}

/// Where an objection stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectionState {
    /// 待核实: waiting for the department.
    Open,
    /// 已采纳: accepted; the licence is being corrected.
    Accepted,
    /// 不予采纳: rejected with a reason; the licence is unchanged.
    Rejected,
    /// 已纠错: the licence carries the accepted value.
    Corrected,
}

impl ObjectionState {
    /// Every state.
    pub const ALL: [ObjectionState; 4] = [
        ObjectionState::Open,
        ObjectionState::Accepted,
        ObjectionState::Rejected,
        ObjectionState::Corrected,
    ];

    /// Stable code, as stored.
    pub fn code(self) -> &'static str {
        match self {
            ObjectionState::Open => "open",
            ObjectionState::Accepted => "accepted",
            ObjectionState::Rejected => "rejected",
            ObjectionState::Corrected => "corrected",
        }
    }

    /// The state named by `code`.
    pub fn parse(code: &str) -> Option<ObjectionState> {
        ObjectionState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            ObjectionState::Open => "待核实",
            ObjectionState::Accepted => "已采纳，纠错中",
            ObjectionState::Rejected => "不予采纳",
            ObjectionState::Corrected => "已纠错",
        }
    }

    /// True while the department still has work on it.
    pub fn is_pending(self) -> bool {
        matches!(self, ObjectionState::Open | ObjectionState::Accepted)
    }
}

/// The department's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// 采纳: the field is wrong; correct it.
    Accept,
    /// 不予采纳: the field is right.
    Reject,
}

/// The department's decision on an objection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectionDecision {
    /// Accept or reject.
    pub verdict: Verdict,
    /// The value the licence is corrected to (accepted only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Why (required for a rejection).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// Who decided (a staff actor id).
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// What filing an objection needs besides the licence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filing {
    /// The new objection's id.
    pub id: String,
    /// The data element objected to.
    pub field: Code,
    /// The value the holder believes correct.
    pub proposed: String,
    /// Why.
    pub reason: String,
    /// An optional note on the evidence.
    pub evidence: Option<String>,
    /// The applicant account filing it.
    pub filed_by: String,
    /// When.
    pub filed_at: DateTime<Utc>,
    /// The local (Beijing) date of `filed_at`: the deadline starts the day after.
    pub filed_on: NaiveDate,
}

/// Why an objection could not be filed or decided.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ObjectionError {
    /// The licence type carries no such field.
    #[error("证照“{licence}”没有字段“{field}”，请选择证照上的字段提出异议")]
    UnknownField { licence: String, field: Code },
    /// A revoked licence is not corrected.
    #[error("证照“{licence}”已注销，不能再提出异议或纠错")]
    LicenceRevoked { licence: String },
    /// A value is required.
    #[error("请填写您认为正确的“{label}”")]
    ValueRequired { label: String },
    /// The value is what the licence already says.
    #[error("“{label}”的更正值与证照现有内容相同，无需纠错")]
    ValueUnchanged { label: String },
    /// A reason is required.
    #[error("请填写{what}")]
    ReasonRequired { what: &'static str },
    /// A text is longer than allowed.
    #[error("{what}不能超过{max}个字符")]
    TooLong { what: &'static str, max: usize },
    /// The objection was decided already.
    #[error("该异议已处理（{}），不能再次处理", .state.label())]
    AlreadyDecided { state: ObjectionState },
    /// Only an accepted objection is marked corrected.
    #[error("该异议尚未采纳（{}），不能纠错", .state.label())]
    NotAccepted { state: ObjectionState },
    /// The deadline cannot be computed (a date outside the calendar).
    #[error("无法计算核实期限：{reason}")]
    Deadline { reason: String },
}

impl ObjectionError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ObjectionError::UnknownField { .. } => "objection_field_unknown",
            ObjectionError::LicenceRevoked { .. } => "objection_licence_revoked",
            ObjectionError::ValueRequired { .. } => "objection_value_required",
            ObjectionError::ValueUnchanged { .. } => "objection_value_unchanged",
            ObjectionError::ReasonRequired { .. } => "objection_reason_required",
            ObjectionError::TooLong { .. } => "objection_text_too_long",
            ObjectionError::AlreadyDecided { .. } => "objection_already_decided",
            ObjectionError::NotAccepted { .. } => "objection_not_accepted",
            ObjectionError::Deadline { .. } => "objection_deadline_unavailable",
        }
    }
}

impl Objection {
    /// Files an objection to `filing.field` of `licence`: the field must be
    /// one `licence_type` declares, the licence not revoked, the proposed
    /// value given (trimmed) and different from the licence's, the reason
    /// given. Due `deadline_days` working days after the filing date.
    pub fn file(
        licence: &Licence,
        licence_type: &LicenceType,
        filing: Filing,
        calendar: &WorkCalendar,
        deadline_days: u32,
    ) -> Result<Objection, ObjectionError> {
        if matches!(licence.status, LicenceStatus::Revoked { .. }) {
            return Err(ObjectionError::LicenceRevoked {
                licence: licence.number.to_string(),
            });
        }
        let Some(declared) = licence_type.field(&filing.field) else {
            return Err(ObjectionError::UnknownField {
                licence: licence.number.to_string(),
                field: filing.field,
            });
        };
        let current = licence
            .fields
            .get(&filing.field)
            .cloned()
            .unwrap_or_default();
        let proposed = checked_value(&filing.proposed, &current, &declared.label)?;
        let reason = required_text(&filing.reason, "异议理由")?;
        let evidence = match filing.evidence.as_deref().map(str::trim) {
            Some(note) if !note.is_empty() => Some(bounded(note, "证明材料说明")?),
            _ => None,
        };
        let due_on = calendar
            .add_working_days(filing.filed_on, deadline_days, &[])
            .map_err(|e| ObjectionError::Deadline {
                reason: e.to_string(),
            })?;
        Ok(Objection {
            id: filing.id,
            licence: licence.number.clone(),
            licence_name: licence.type_name.clone(),
            department: licence.issuer.department.clone(),
            holder: licence.holder.subject.clone(),
            holder_name: licence.holder.name.clone(),
            holder_kind: licence.holder.kind(),
            filed_by: filing.filed_by,
            field: filing.field,
            field_label: declared.label.clone(),
            current,
            proposed,
            reason,
            evidence,
            filed_at: filing.filed_at,
            due_on,
            state: ObjectionState::Open,
            decision: None,
            corrected_version: None,
        })
    }

    /// Accepts the objection; the licence is to be corrected to `value`
    /// (the holder's proposed value when `None`). Returns the correction
    /// to apply. Only an open objection is accepted.
    pub fn accept(
        &mut self,
        by: &str,
        value: Option<&str>,
        note: &str,
        at: DateTime<Utc>,
    ) -> Result<BTreeMap<Code, String>, ObjectionError> {
        self.check_open()?;
        let value = match value.map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => checked_value(v, &self.current, &self.field_label)?,
            None => self.proposed.clone(),
        };
        let note = note.trim();
        if note.chars().count() > MAX_TEXT_CHARS {
            return Err(too_long("核实意见"));
        }
        self.decision = Some(ObjectionDecision {
            verdict: Verdict::Accept,
            value: Some(value),
            reason: note.to_string(),
            by: by.to_string(),
            at,
        });
        self.state = ObjectionState::Accepted;
        Ok(self.correction().unwrap_or_default())
    }

    /// Rejects the objection for `reason` (required); the licence stays
    /// as it is. Only an open objection is rejected.
    pub fn reject(
        &mut self,
        by: &str,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<(), ObjectionError> {
        self.check_open()?;
        let reason = required_text(reason, "不予采纳的理由")?;
        self.decision = Some(ObjectionDecision {
            verdict: Verdict::Reject,
            value: None,
            reason,
            by: by.to_string(),
            at,
        });
        self.state = ObjectionState::Rejected;
        Ok(())
    }

    /// Records that the licence now carries the accepted value, as `version`.
    pub fn mark_corrected(&mut self, version: u32) -> Result<(), ObjectionError> {
        if self.state != ObjectionState::Accepted {
            return Err(ObjectionError::NotAccepted { state: self.state });
        }
        self.state = ObjectionState::Corrected;
        self.corrected_version = Some(version);
        Ok(())
    }

    /// The field and value an accepted objection corrects; `None` otherwise.
    pub fn correction(&self) -> Option<BTreeMap<Code, String>> {
        let decision = self.decision.as_ref()?;
        let value = decision.value.clone()?;
        (self.state == ObjectionState::Accepted && decision.verdict == Verdict::Accept)
            .then(|| BTreeMap::from([(self.field.clone(), value)]))
    }

    /// The note the licence's correction revision carries: it names this
    /// objection, so a correction already applied is recognised.
    pub fn correction_note(&self) -> String {
        let why = self
            .decision
            .as_ref()
            .map(|d| d.reason.as_str())
            .filter(|r| !r.is_empty())
            .unwrap_or(&self.reason);
        format!("{}：{why}", self.marker())
    }

    /// The version of `licence` that applied this objection's correction,
    /// if one did (found by the note's marker in the history).
    pub fn applied_in(&self, licence: &Licence) -> Option<u32> {
        let marker = format!("{}：", self.marker());
        licence
            .history
            .iter()
            .find(|r| r.event == RevisionEvent::Corrected && r.note.starts_with(&marker))
            .map(|r| r.version)
    }

    /// True when the department still has work on it after `today`'s end
    /// is past the due date.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.state.is_pending() && today > self.due_on
    }

    fn marker(&self) -> String {
        format!("异议{}", self.id)
    }

    fn check_open(&self) -> Result<(), ObjectionError> {
        match self.state {
            ObjectionState::Open => Ok(()),
            state => Err(ObjectionError::AlreadyDecided { state }),
        }
    }
}

/// A trimmed, bounded value that differs from `current`.
fn checked_value(value: &str, current: &str, label: &str) -> Result<String, ObjectionError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(ObjectionError::ValueRequired {
            label: label.to_string(),
        });
    }
    if value.chars().count() > MAX_VALUE_CHARS {
        return Err(ObjectionError::TooLong {
            what: "更正值",
            max: MAX_VALUE_CHARS,
        });
    }
    if value == current {
        return Err(ObjectionError::ValueUnchanged {
            label: label.to_string(),
        });
    }
    Ok(value.to_string())
}

/// A trimmed, non-empty, bounded text.
fn required_text(text: &str, what: &'static str) -> Result<String, ObjectionError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ObjectionError::ReasonRequired { what });
    }
    bounded(text, what)
}

fn bounded(text: &str, what: &'static str) -> Result<String, ObjectionError> {
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(too_long(what));
    }
    Ok(text.to_string())
}

fn too_long(what: &'static str) -> ObjectionError {
    ObjectionError::TooLong {
        what,
        max: MAX_TEXT_CHARS,
    }
}

#[cfg(test)]
#[path = "objection_tests.rs"]
mod tests;
