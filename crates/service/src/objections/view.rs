//! What the holder and the department see of an objection.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use tongban_domain::ident::Code;
use tongban_domain::licence::objection::{Objection, ObjectionState, Verdict};
use tongban_domain::licence::{HolderKind, LicenceNumber, mask_person_name};

/// An objection as shown: its content, where it stands, its deadline
/// (with `overdue` on the day asked) and the outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectionView {
    /// The objection's id.
    pub id: String,
    /// The licence objected to.
    pub licence: LicenceNumber,
    /// The licence type's name.
    pub licence_name: String,
    /// The holder's name; a person's masked (`张*`) on the department's list.
    pub holder_name: String,
    /// The data element objected to.
    pub field: Code,
    /// Its printed label.
    pub field_label: String,
    /// The licence's value when the objection was filed.
    pub current: String,
    /// The value the holder believes correct.
    pub proposed: String,
    /// The holder's reason.
    pub reason: String,
    /// The holder's note on evidence.
    pub evidence: Option<String>,
    /// Where it stands.
    pub state: ObjectionState,
    /// The state's Chinese label.
    pub state_label: &'static str,
    /// When it was filed.
    pub filed_at: DateTime<Utc>,
    /// The last day of the verification deadline.
    pub due_on: NaiveDate,
    /// Still pending after the due date.
    pub overdue: bool,
    /// The department's decision, once made.
    pub decision: Option<DecisionView>,
    /// The licence version the correction produced.
    pub corrected_version: Option<u32>,
}

/// The department's decision as shown (without the examiner's account).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionView {
    /// `accept` or `reject`.
    pub verdict: Verdict,
    /// 采纳 or 不予采纳.
    pub verdict_label: &'static str,
    /// The value the licence was corrected to (accepted only).
    pub value: Option<String>,
    /// The department's reason or note.
    pub reason: String,
    /// When it was decided.
    pub decided_at: DateTime<Utc>,
}

impl ObjectionView {
    /// The view of `objection` on `today`; `mask_holder` masks a person's
    /// name (for staff lists).
    pub(super) fn of(objection: &Objection, today: NaiveDate, mask_holder: bool) -> ObjectionView {
        let holder_name = if mask_holder && objection.holder_kind == HolderKind::Person {
            mask_person_name(&objection.holder_name)
        } else {
            objection.holder_name.clone()
        };
        ObjectionView {
            id: objection.id.clone(),
            licence: objection.licence.clone(),
            licence_name: objection.licence_name.clone(),
            holder_name,
            field: objection.field.clone(),
            field_label: objection.field_label.clone(),
            current: objection.current.clone(),
            proposed: objection.proposed.clone(),
            reason: objection.reason.clone(),
            evidence: objection.evidence.clone(),
            state: objection.state,
            state_label: objection.state.label(),
            filed_at: objection.filed_at,
            due_on: objection.due_on,
            overdue: objection.is_overdue(today),
            decision: objection.decision.as_ref().map(|d| DecisionView {
                verdict: d.verdict,
                verdict_label: match d.verdict {
                    Verdict::Accept => "采纳",
                    Verdict::Reject => "不予采纳",
                },
                value: d.value.clone(),
                reason: d.reason.clone(),
                decided_at: d.at,
            }),
            corrected_version: objection.corrected_version,
        }
    }
}
