//! The parent case (办件): one application for a bundle (or a single item),
//! with one [`ItemCase`] per selected member, and the member DAG that says
//! which members may start.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{CaseNo, CaseState, Delivery, IntakeChannel, ItemCase, ItemTerms, Refusal};
use crate::bundle::Bundle;
use crate::catalog::{ServiceItem, TimeLimit};
use crate::guidance::Selection;
use crate::ident::{Code, RegionCode};

/// 办件: one application, with one item case per member item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub case_no: CaseNo,
    /// The bundle applied for; `None` for a single item.
    pub bundle: Option<Code>,
    /// The bundle's or the item's name.
    pub name: String,
    pub channel: IntakeChannel,
    /// The region that handles the case.
    pub region: RegionCode,
    /// 牵头部门 (the item's own department for a single item).
    pub lead_department: Code,
    /// The promised limit of the whole case (the bundle's, or the item's).
    pub promised_limit: TimeLimit,
    pub created_at: NaiveDateTime,
    /// Member item cases, every member after its prerequisites.
    pub members: Vec<ItemCase>,
    /// When the last member was done.
    pub completed_at: Option<NaiveDateTime>,
    /// The one hand-over of the combined results (综合窗口出件).
    pub delivery: Option<Delivery>,
}

/// Why a case could not be created.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    #[error("未选择任何事项，无法生成办件")]
    EmptySelection,
    #[error("事项“{0}”不是一件事“{1}”的成员事项")]
    NotAMember(Code, Code),
    #[error("找不到事项“{0}”，请先在事项目录中维护该事项")]
    UnknownItem(Code),
    #[error("一件事的前置关系存在循环（涉及事项“{0}”），请修正一件事配置")]
    DependencyCycle(Code),
}

impl CaseError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            CaseError::EmptySelection => "empty_selection",
            CaseError::NotAMember(..) => "not_a_member",
            CaseError::UnknownItem(_) => "unknown_item",
            CaseError::DependencyCycle(_) => "dependency_cycle",
        }
    }
}

impl Case {
    /// A case for the members of `bundle` that `selection` chose (the
    /// guidance result), each with its chosen situations. A prerequisite
    /// that was not selected (e.g. a licence the applicant already holds)
    /// does not hold its dependants back.
    pub fn for_bundle(
        case_no: CaseNo,
        bundle: &Bundle,
        selection: &Selection,
        items: &[ServiceItem],
        channel: IntakeChannel,
        at: NaiveDateTime,
    ) -> Result<Case, CaseError> {
        if selection.members.is_empty() {
            return Err(CaseError::EmptySelection);
        }
        if let Some(stray) = selection
            .members
            .iter()
            .find(|c| bundle.member(c).is_none())
        {
            return Err(CaseError::NotAMember(stray.clone(), bundle.code.clone()));
        }
        let order = bundle
            .topological_order()
            .map_err(|c| CaseError::DependencyCycle(c.clone()))?;
        let mut members = Vec::with_capacity(selection.members.len());
        for code in order.into_iter().filter(|c| selection.members.contains(c)) {
            let item = items
                .iter()
                .find(|i| &i.code == code)
                .ok_or_else(|| CaseError::UnknownItem(code.clone()))?;
            let terms = ItemTerms::of(item, selection.situations_of(code));
            let mut member = ItemCase::new(terms, channel.clone(), at);
            if let Some(m) = bundle.member(code) {
                member.after = m
                    .after
                    .iter()
                    .filter(|p| selection.members.contains(p))
                    .cloned()
                    .collect();
            }
            members.push(member);
        }
        Ok(Case {
            case_no,
            bundle: Some(bundle.code.clone()),
            name: bundle.name.clone(),
            channel,
            region: bundle.region.clone(),
            lead_department: bundle.lead_department.clone(),
            promised_limit: bundle.promised_limit,
            created_at: at,
            members,
            completed_at: None,
            delivery: None,
        })
    }

    /// A case for a single item under the chosen situations.
    pub fn for_item(
        case_no: CaseNo,
        item: &ServiceItem,
        situations: &[Code],
        channel: IntakeChannel,
        at: NaiveDateTime,
    ) -> Case {
        let terms = ItemTerms::of(item, situations);
        Case {
            case_no,
            bundle: None,
            name: item.name.clone(),
            channel: channel.clone(),
            region: item.region.clone(),
            lead_department: item.department.clone(),
            promised_limit: item.promised_limit,
            created_at: at,
            members: vec![ItemCase::new(terms, channel, at)],
            completed_at: None,
            delivery: None,
        }
    }

    /// The member case of an item.
    pub fn member(&self, item: &Code) -> Option<&ItemCase> {
        self.members.iter().find(|m| m.item() == item)
    }

    /// Where the case as a whole stands: delivered once handed over;
    /// completed when every member is done; otherwise the state of its
    /// least advanced unfinished member.
    pub fn state(&self) -> CaseState {
        if self.delivery.is_some() {
            return CaseState::Delivered;
        }
        self.members
            .iter()
            .map(|m| m.state)
            .filter(|s| !s.is_done())
            .min()
            .unwrap_or(CaseState::Completed)
    }

    /// True when every member is done (办结, or ended otherwise): the
    /// combined results may now be handed over once.
    pub fn is_complete(&self) -> bool {
        self.members.iter().all(|m| m.state.is_done())
    }

    /// Whether `member` may start its review, as far as the DAG goes: every
    /// prerequisite must hold a grant. A prerequisite still in progress
    /// gives `prerequisite_pending`; one that ended without a grant gives
    /// `prerequisite_failed` (the dependant can then only be terminated
    /// or withdrawn).
    pub fn gate(&self, member: &ItemCase) -> Result<(), Refusal> {
        for p in &member.after {
            let Some(pre) = self.member(p) else { continue };
            if pre.is_granted() {
                continue;
            }
            if pre.state.is_done() || pre.decision.is_some() {
                return Err(Refusal::PrerequisiteFailed {
                    prerequisite: p.clone(),
                });
            }
            return Err(Refusal::PrerequisitePending {
                prerequisite: p.clone(),
            });
        }
        Ok(())
    }

    /// Members accepted and free to start now: parallel members together,
    /// a dependant once its prerequisites are granted.
    pub fn startable_members(&self) -> Vec<&Code> {
        self.members
            .iter()
            .filter(|m| m.state == CaseState::Accepted && self.gate(m).is_ok())
            .map(ItemCase::item)
            .collect()
    }

    /// Accepted members held back by the DAG, with what holds them.
    pub fn blocked_members(&self) -> Vec<(&Code, Refusal)> {
        self.members
            .iter()
            .filter(|m| m.state == CaseState::Accepted)
            .filter_map(|m| self.gate(m).err().map(|r| (m.item(), r)))
            .collect()
    }
}
