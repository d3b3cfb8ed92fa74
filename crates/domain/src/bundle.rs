//! 一件事 bundles: several items from several departments offered as one
//! service, with the dependency DAG that decides what runs in parallel.

use serde::{Deserialize, Serialize};

use crate::catalog::{Step, TimeLimit};
use crate::guidance::Guidance;
use crate::ident::{Code, RegionCode};

/// 一件事: related items offered as one service around a life or business event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    pub code: Code,
    pub name: String,
    pub theme: BundleTheme,
    /// Free-text theme label, e.g. 企业开办, 婚育.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub region: RegionCode,
    /// 牵头部门: owns the bundle and its one window.
    pub lead_department: Code,
    /// Member items with their prerequisites (the DAG).
    pub members: Vec<BundleMember>,
    /// Promised limit for the whole bundle.
    pub promised_limit: TimeLimit,
    /// The bundle's own steps (e.g. 申请 → 受理 → 联办审批 → 出件).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
    /// On-site visits the bundle needs in total.
    pub visits: u32,
    /// 一业一证: the members' licences merge into one composite licence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub composite_licence: Option<CompositeLicence>,
    /// 情形引导 questionnaire.
    #[serde(default, skip_serializing_if = "Guidance::is_empty")]
    pub guidance: Guidance,
    /// Marks content the reports did not give and the demo made up.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
}

/// The theme a bundle is organised around.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BundleTheme {
    /// 个人生命周期事件 (birth, marriage, retirement ...).
    LifeEvent,
    /// 企业全生命周期阶段 (opening, changing, closing ...).
    EnterpriseStage,
    /// 工程建设项目审批阶段.
    ProjectStage,
}

impl BundleTheme {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            BundleTheme::LifeEvent => "个人事项",
            BundleTheme::EnterpriseStage => "企业事项",
            BundleTheme::ProjectStage => "项目审批",
        }
    }
}

/// One member item of a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleMember {
    pub item: Code,
    /// Members whose result this one needs first (串联). Empty: starts at once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<Code>,
    /// An optional member is applied for only when a guidance rule includes it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
}

/// 一业一证: the composite industry licence a bundle issues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompositeLicence {
    pub licence_type: Code,
    pub name: String,
}

impl Bundle {
    /// The member for an item code.
    pub fn member(&self, item: &Code) -> Option<&BundleMember> {
        self.members.iter().find(|m| &m.item == item)
    }

    /// Member codes in an order where every member comes after its
    /// prerequisites, or `Err` with a member on a cycle.
    pub fn topological_order(&self) -> Result<Vec<&Code>, &Code> {
        let mut done: Vec<&Code> = Vec::with_capacity(self.members.len());
        let mut remaining: Vec<&BundleMember> = self.members.iter().collect();
        while !remaining.is_empty() {
            let before = remaining.len();
            remaining.retain(|m| {
                let ready = m
                    .after
                    .iter()
                    .all(|p| done.contains(&p) || self.member(p).is_none());
                if ready {
                    done.push(&m.item);
                }
                !ready
            });
            if remaining.len() == before {
                return Err(&remaining[0].item);
            }
        }
        Ok(done)
    }
}
