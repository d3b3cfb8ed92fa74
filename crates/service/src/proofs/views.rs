//! What the proof use cases hand back: the proof catalog entry, a request
//! as its requester sees it, and a worklist line as the issuer sees it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use tongban_domain::catalog::Catalog;
use tongban_domain::ident::Code;
use tongban_domain::proof::{ProofReplacement, ProofRequest, ProofRequestState, ProofType};

/// A proof catalog entry (证明事项), as the public list shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProofTypeView {
    /// 证明编码.
    pub code: Code,
    /// 证明名称.
    pub name: String,
    /// The issuing department's code and name.
    pub issuer: Code,
    pub issuer_name: String,
    /// 开具时限, e.g. `3个工作日`.
    pub deadline: String,
    /// 使用范围.
    pub scope: String,
    /// The catalog material it stands for, when items ask for it.
    pub material: Option<Code>,
    /// That material's name.
    pub material_name: Option<String>,
    /// Whether it may still be requested.
    pub requestable: bool,
    /// What replaced it (证明事项清理), if anything.
    pub replaced_by: Option<ProofReplacement>,
    /// The replacement's label (数据核查, 电子证照, 告知承诺, 已取消).
    pub replacement_label: Option<String>,
    /// The replacement, as a sentence part.
    pub replacement: Option<String>,
    /// The fields an e-proof of this type carries, in printing order.
    pub fields: Vec<ProofFieldView>,
}

/// One field of an e-proof, as the issuing form asks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProofFieldView {
    /// The data element's code (the form field's name).
    pub element: Code,
    /// The printed label.
    pub label: String,
    /// The e-proof cannot be issued without it.
    pub required: bool,
    /// Filled in from the request (holder's name, purpose) unless given.
    pub auto_filled: bool,
}

impl ProofTypeView {
    pub(super) fn of(proof: &ProofType, catalog: &Catalog) -> ProofTypeView {
        let material_name = proof.material.as_ref().and_then(|m| {
            catalog
                .materials
                .iter()
                .find(|d| d.code == *m)
                .map(|d| d.name.clone())
        });
        ProofTypeView {
            code: proof.code.clone(),
            name: proof.name.clone(),
            issuer: proof.issuer.clone(),
            issuer_name: department_name(catalog, &proof.issuer),
            deadline: proof.deadline.label(),
            scope: proof.scope.clone(),
            material: proof.material.clone(),
            material_name,
            requestable: proof.replaced_by.is_none(),
            replacement_label: proof.replaced_by.as_ref().map(|r| r.label().to_string()),
            replacement: proof.replaced_by.as_ref().map(ProofReplacement::describe),
            replaced_by: proof.replaced_by.clone(),
            fields: proof
                .fields
                .iter()
                .map(|f| ProofFieldView {
                    element: f.element.clone(),
                    label: f.label.clone(),
                    required: f.required,
                    auto_filled: super::issue::is_auto_filled(f.element.as_str()),
                })
                .collect(),
        }
    }
}

/// A proof request as its requester (and the issuer) sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProofRequestView {
    /// The request's id.
    pub id: String,
    /// The proof type's code and name.
    pub proof_type: Code,
    pub proof_name: String,
    /// The issuing department's code and name.
    pub issuer: Code,
    pub issuer_name: String,
    /// 证明用途.
    pub purpose: String,
    /// When it was asked.
    pub requested_at: DateTime<Utc>,
    /// The last day to issue it.
    pub due: NaiveDate,
    /// `requested`, `issued` or `refused`.
    pub state: &'static str,
    /// 待开具, 已开具 or 不予开具.
    pub state_label: &'static str,
    /// Still open after the due date (超期).
    pub overdue: bool,
    /// The e-proof's number, printed form, once issued.
    pub licence: Option<String>,
    /// Why it was refused.
    pub refusal_reason: Option<String>,
}

impl ProofRequestView {
    pub(super) fn of(r: &ProofRequest, catalog: &Catalog, today: NaiveDate) -> ProofRequestView {
        let (licence, refusal_reason) = match &r.state {
            ProofRequestState::Requested => (None, None),
            ProofRequestState::Issued { licence, .. } => (Some(licence.grouped()), None),
            ProofRequestState::Refused { reason, .. } => (None, Some(reason.clone())),
        };
        ProofRequestView {
            id: r.id.clone(),
            proof_type: r.proof_type.clone(),
            proof_name: catalog
                .proof(r.proof_type.as_str())
                .map_or_else(|| r.proof_type.to_string(), |p| p.name.clone()),
            issuer: r.issuer.clone(),
            issuer_name: department_name(catalog, &r.issuer),
            purpose: r.purpose.clone(),
            requested_at: r.requested_at,
            due: r.due,
            state: r.state.code(),
            state_label: r.state.label(),
            overdue: r.is_overdue(today),
            licence,
            refusal_reason,
        }
    }
}

/// One line of the issuer's worklist (待开具证明).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorklistEntry {
    /// The request.
    pub request: ProofRequestView,
    /// The holder's name, for the officer's check.
    pub holder_name: String,
    /// The holder's identifier, masked.
    pub holder_id: String,
    /// Working days left before the due date (negative when late), or
    /// `None` when the calendar does not cover the dates.
    pub days_left: Option<i64>,
}

fn department_name(catalog: &Catalog, code: &Code) -> String {
    catalog
        .departments
        .iter()
        .find(|d| d.code == *code)
        .map_or_else(|| code.to_string(), |d| d.name.clone())
}
