//! 申请材料: the material catalog (the identity of a document, for
//! deduplication) and how one item asks for a material, including 免提交.

use serde::{Deserialize, Serialize};

use crate::ident::Code;

/// 申请材料 in the material catalog: the identity of a document, shared by
/// every item that asks for it, so that a bundle can deduplicate materials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaterialDef {
    pub code: Code,
    pub name: String,
    pub source: MaterialSource,
}

/// Where a material comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MaterialSource {
    /// 申请人自备
    SelfPrepared,
    /// 政府部门核发
    Government,
    /// 公共服务机构（水电气等）
    PublicService,
    /// 中介机构
    Intermediary,
}

impl MaterialSource {
    /// Chinese label, as shown on pages and in spreadsheets.
    pub fn label(self) -> &'static str {
        match self {
            MaterialSource::SelfPrepared => "申请人自备",
            MaterialSource::Government => "政府部门核发",
            MaterialSource::PublicService => "公共服务机构",
            MaterialSource::Intermediary => "中介机构",
        }
    }
}

/// A material as one item asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemMaterial {
    /// Code of the [`MaterialDef`].
    pub material: Code,
    pub form: MaterialForm,
    #[serde(default)]
    pub requirement: Requirement,
    /// Situation codes this material applies to; empty means all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub situations: Vec<Code>,
    /// How this material can be exempted (免提交).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemption: Option<Exemption>,
}

impl ItemMaterial {
    /// True when the material applies under the chosen situations.
    pub fn applies(&self, chosen: &[Code]) -> bool {
        self.situations.is_empty() || self.situations.iter().any(|s| chosen.contains(s))
    }
}

/// 材料形式
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MaterialForm {
    Original,
    Copy,
    Electronic,
}

impl MaterialForm {
    /// Chinese label, as shown on pages and in spreadsheets.
    pub fn label(self) -> &'static str {
        match self {
            MaterialForm::Original => "原件",
            MaterialForm::Copy => "复印件",
            MaterialForm::Electronic => "电子件",
        }
    }
}

/// Whether a material must be supplied.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    #[default]
    Required,
    Optional,
    /// 可容缺: may be missing at acceptance, supplied before decision.
    GapAllowed,
}

impl Requirement {
    /// Chinese label, as shown on pages and in spreadsheets.
    pub fn label(self) -> &'static str {
        match self {
            Requirement::Required => "必需",
            Requirement::Optional => "非必需",
            Requirement::GapAllowed => "可容缺",
        }
    }
}

/// How a material is exempted from submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Exemption {
    /// Taken from the holder's e-licence of this type (免提交, 证照代替).
    Licence { licence_type: Code },
    /// Obtained from a shared data source (数据共享).
    DataSource { source: Code },
    /// Replaced by the applicant's signed commitment (告知承诺).
    Commitment,
    /// No longer required at all (取消).
    Abolished,
}
