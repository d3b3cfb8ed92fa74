//! 证明申请: a citizen's request for an e-proof, its due date in working
//! days and its end: issued (开具, as a signed e-proof) or refused (不予开具).
//!
//! Pure: the caller passes the time, the local date and the calendar.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{ProofError, ProofType};
use crate::clock::WorkCalendar;
use crate::ident::Code;
use crate::licence::{HolderKind, LicenceNumber};
use crate::subject::SubjectId;

/// The longest purpose (证明用途) accepted, in characters.
pub const MAX_PURPOSE_CHARS: usize = 200;

/// A request for an e-proof.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofRequest {
    /// The request's id (assigned by the caller).
    pub id: String,
    /// The proof type asked for.
    pub proof_type: Code,
    /// The issuing department (the type's issuer when requested).
    pub issuer: Code,
    /// The subject the proof is about and issued to (一人一档).
    pub subject: SubjectId,
    /// The applicant account that asked (an actor id).
    pub requester: String,
    /// 证明用途, as typed (trimmed).
    pub purpose: String,
    /// When it was asked.
    pub requested_at: DateTime<Utc>,
    /// The last day to issue it: the request day plus the type's
    /// deadline on the working-day calendar.
    pub due: NaiveDate,
    /// Where it stands.
    pub state: ProofRequestState,
}

/// Where a proof request stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum ProofRequestState {
    /// 待开具.
    Requested,
    /// 已开具: the e-proof is the licence with this number.
    Issued {
        licence: LicenceNumber,
        by: String,
        at: DateTime<Utc>,
    },
    /// 不予开具, for a reason.
    Refused {
        reason: String,
        by: String,
        at: DateTime<Utc>,
    },
}

impl ProofRequestState {
    /// Stable code: `requested`, `issued` or `refused`.
    pub fn code(&self) -> &'static str {
        match self {
            ProofRequestState::Requested => "requested",
            ProofRequestState::Issued { .. } => "issued",
            ProofRequestState::Refused { .. } => "refused",
        }
    }

    /// Chinese label.
    pub fn label(&self) -> &'static str {
        match self {
            ProofRequestState::Requested => "待开具",
            ProofRequestState::Issued { .. } => "已开具",
            ProofRequestState::Refused { .. } => "不予开具",
        }
    }
}

/// What opening a request needs besides the proof type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProofRequest {
    /// The new request's id.
    pub id: String,
    /// The requester's subject (一人一档).
    pub subject: SubjectId,
    /// The subject's kind (person or enterprise).
    pub holder_kind: HolderKind,
    /// The applicant account (an actor id).
    pub requester: String,
    /// 证明用途, as typed.
    pub purpose: String,
    /// When it is asked.
    pub requested_at: DateTime<Utc>,
    /// The local (China Standard Time) date of `requested_at`.
    pub requested_on: NaiveDate,
}

impl ProofType {
    /// `Ok` when the proof can still be requested: refused with
    /// [`ProofError::Replaced`] (naming what replaced it) otherwise.
    pub fn check_requestable(&self) -> Result<(), ProofError> {
        match &self.replaced_by {
            None => Ok(()),
            Some(r) => Err(ProofError::Replaced {
                proof: self.name.clone(),
                replacement: r.describe(),
            }),
        }
    }

    /// Opens a request for this proof: checks that it is still issued,
    /// the requester's kind and the purpose, and computes the due date.
    pub fn request(
        &self,
        new: NewProofRequest,
        calendar: &WorkCalendar,
    ) -> Result<ProofRequest, ProofError> {
        self.check_requestable()?;
        if new.holder_kind != self.holder_kind {
            return Err(ProofError::WrongHolderKind {
                proof: self.name.clone(),
                expected: self.holder_kind.label(),
            });
        }
        let purpose = new.purpose.trim().to_string();
        if purpose.is_empty() {
            return Err(ProofError::PurposeRequired);
        }
        if purpose.chars().count() > MAX_PURPOSE_CHARS {
            return Err(ProofError::PurposeTooLong {
                max: MAX_PURPOSE_CHARS,
            });
        }
        let due = calendar.due_date(new.requested_on, self.deadline, &[])?;
        Ok(ProofRequest {
            id: new.id,
            proof_type: self.code.clone(),
            issuer: self.issuer.clone(),
            subject: new.subject,
            requester: new.requester,
            purpose,
            requested_at: new.requested_at,
            due,
            state: ProofRequestState::Requested,
        })
    }
}

impl ProofRequest {
    /// True while it waits to be issued or refused.
    pub fn is_open(&self) -> bool {
        self.state == ProofRequestState::Requested
    }

    /// True when still open after its due date (超期).
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.is_open() && today > self.due
    }

    /// Records the issue of the e-proof `licence` by `by` at `at`.
    pub fn issue(
        &mut self,
        licence: LicenceNumber,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<(), ProofError> {
        self.check_open()?;
        self.state = ProofRequestState::Issued {
            licence,
            by: by.to_string(),
            at,
        };
        Ok(())
    }

    /// Records a refusal by `by` at `at`; the reason is required.
    pub fn refuse(&mut self, reason: &str, by: &str, at: DateTime<Utc>) -> Result<(), ProofError> {
        self.check_open()?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ProofError::ReasonRequired);
        }
        self.state = ProofRequestState::Refused {
            reason: reason.to_string(),
            by: by.to_string(),
            at,
        };
        Ok(())
    }

    /// `Ok` while open; [`ProofError::Closed`] once issued or refused.
    pub fn check_open(&self) -> Result<(), ProofError> {
        if self.is_open() {
            Ok(())
        } else {
            Err(ProofError::Closed {
                state: self.state.label(),
            })
        }
    }
}

#[cfg(test)]
#[path = "request_tests.rs"]
mod tests;
