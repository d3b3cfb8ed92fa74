//! The item case (one item of an application) and the facts it gathers on
//! the way: the supplement notice, gaps, commitment, suspensions, decision
//! and delivery.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{AssistRequest, CaseState, CommitmentFinding, DeliveryMethod, IntakeChannel, Outcome};
use crate::catalog::{AssistTerms, Requirement, ServiceItem, TimeLimit};
use crate::ident::{Code, RegionCode};

/// The terms of an item as they stood when the application was made: the
/// case keeps them, so a later catalog change does not move its deadlines
/// or its rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemTerms {
    pub item: Code,
    pub name: String,
    pub department: Code,
    pub region: RegionCode,
    pub statutory_limit: TimeLimit,
    pub promised_limit: TimeLimit,
    /// 容缺受理 allowed for this item.
    pub gaps_allowed: bool,
    /// 告知承诺 allowed for this item.
    pub commitment_allowed: bool,
    /// Materials the item asks for under the chosen situations.
    pub materials: Vec<Code>,
    /// Of those, the ones that may be missing at acceptance (可容缺).
    pub gap_allowed_materials: Vec<Code>,
    /// 部门协查 the item declares, with limits and what silence means.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assists: Vec<AssistTerms>,
}

impl ItemTerms {
    /// The terms of `item` under the chosen situations.
    pub fn of(item: &ServiceItem, situations: &[Code]) -> ItemTerms {
        let mut materials: Vec<Code> = Vec::new();
        let mut gap_allowed: Vec<Code> = Vec::new();
        for m in item.materials.iter().filter(|m| m.applies(situations)) {
            if !materials.contains(&m.material) {
                materials.push(m.material.clone());
            }
            if m.requirement == Requirement::GapAllowed && !gap_allowed.contains(&m.material) {
                gap_allowed.push(m.material.clone());
            }
        }
        ItemTerms {
            item: item.code.clone(),
            name: item.name.clone(),
            department: item.department.clone(),
            region: item.region.clone(),
            statutory_limit: item.statutory_limit,
            promised_limit: item.promised_limit,
            gaps_allowed: item.gaps_allowed,
            commitment_allowed: item.commitment_allowed,
            materials,
            gap_allowed_materials: gap_allowed,
            assists: item.assists.clone(),
        }
    }
}

/// 补正告知: the one notice listing everything missing or wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplementNotice {
    pub materials: Vec<Code>,
    pub note: String,
    pub issued_at: NaiveDateTime,
    /// Listed materials not yet supplied.
    pub outstanding: Vec<Code>,
    /// The state the case returns to when everything is supplied.
    pub returns_to: CaseState,
}

/// 告知承诺: a signed commitment and its later check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commitment {
    pub statement: String,
    pub signed_at: NaiveDateTime,
    /// `None` while the check is pending.
    pub check: Option<CommitmentCheck>,
}

/// The result of checking a commitment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitmentCheck {
    pub finding: CommitmentFinding,
    pub checked_at: NaiveDateTime,
}

/// One 挂起 period. `until` is `None` while it lasts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspension {
    pub reason: String,
    pub since: NaiveDateTime,
    pub until: Option<NaiveDateTime>,
    /// The state the case returns to on resumption.
    pub resume_to: CaseState,
}

/// 决定: grant or refusal, with reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub outcome: Outcome,
    pub reasons: Vec<String>,
    pub decided_at: NaiveDateTime,
}

/// 送达: how and when the result was handed over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub method: DeliveryMethod,
    pub delivered_at: NaiveDateTime,
}

/// Why a case ended without running its full course (不予受理, 终止, 撤销),
/// or that it was withdrawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ending {
    pub reasons: Vec<String>,
    pub at: NaiveDateTime,
}

/// 办件 for one item: its state and everything that happened to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemCase {
    pub terms: ItemTerms,
    /// Items of the same case whose grant this one waits for (串联).
    pub after: Vec<Code>,
    pub channel: IntakeChannel,
    pub state: CaseState,
    pub created_at: NaiveDateTime,
    pub submitted_at: Option<NaiveDateTime>,
    pub accepted_at: Option<NaiveDateTime>,
    pub supplement: Option<SupplementNotice>,
    /// Gap materials still missing after 容缺受理.
    pub gaps: Vec<Code>,
    pub commitment: Option<Commitment>,
    pub suspensions: Vec<Suspension>,
    pub decision: Option<Decision>,
    pub completed_at: Option<NaiveDateTime>,
    pub delivery: Option<Delivery>,
    /// Set when the case was rejected, withdrawn, terminated or revoked.
    pub ending: Option<Ending>,
    /// 部门协查 raised from this item case, answered or not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assists: Vec<AssistRequest>,
}

impl ItemCase {
    /// A new draft for an item, on a channel.
    pub fn new(terms: ItemTerms, channel: IntakeChannel, created_at: NaiveDateTime) -> ItemCase {
        ItemCase {
            terms,
            after: Vec::new(),
            channel,
            state: CaseState::Draft,
            created_at,
            submitted_at: None,
            accepted_at: None,
            supplement: None,
            gaps: Vec::new(),
            commitment: None,
            suspensions: Vec::new(),
            decision: None,
            completed_at: None,
            delivery: None,
            ending: None,
            assists: Vec::new(),
        }
    }

    /// The item code.
    pub fn item(&self) -> &Code {
        &self.terms.item
    }

    /// The decision's outcome, once decided.
    pub fn outcome(&self) -> Option<Outcome> {
        self.decision.as_ref().map(|d| d.outcome)
    }

    /// True when the case holds a grant that still stands (not revoked).
    pub fn is_granted(&self) -> bool {
        self.outcome() == Some(Outcome::Granted) && self.state != CaseState::Revoked
    }

    /// True when a granted case's signed commitment still waits for its
    /// later check (告知承诺核查): the after-care a supervisor tracks.
    pub fn commitment_check_pending(&self) -> bool {
        self.commitment.as_ref().is_some_and(|c| c.check.is_none()) && self.is_granted()
    }

    /// The open suspension, if the case is suspended now.
    pub fn open_suspension(&self) -> Option<&Suspension> {
        self.suspensions.iter().rev().find(|s| s.until.is_none())
    }
}
