//! 政务服务事项: a service item with the national element set (limits, fees,
//! visits, online depth, 通办 scope, reform mode, steps, result, situations).

use serde::{Deserialize, Serialize};

use super::{FormField, ItemMaterial, Level};
use crate::ident::{Code, RegionCode};

/// 政务服务事项: one administrative service, with the national element set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceItem {
    /// 事项编码
    pub code: Code,
    /// 实施编码 (adds the implementing authority and level).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implementation_code: Option<String>,
    pub name: String,
    pub kind: ItemKind,
    /// Code of the implementing [`Department`].
    pub department: Code,
    pub region: RegionCode,
    pub level: Level,
    /// 主项 of this 子项 / 业务办理项.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Code>,
    /// 设定依据
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub legal_basis: Vec<String>,
    /// 受理条件
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<String>,
    /// 即办件 or 承诺件.
    pub handling: Handling,
    /// 法定办结时限
    pub statutory_limit: TimeLimit,
    /// 承诺办结时限
    pub promised_limit: TimeLimit,
    /// 收费: empty means free of charge.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fees: Vec<Fee>,
    /// 到现场次数: required on-site visits when handled alone.
    pub visits: u32,
    /// 网办深度
    pub online_depth: OnlineDepth,
    /// 办理渠道
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<Channel>,
    /// 通办范围
    #[serde(default)]
    pub tongban_scope: TongbanScope,
    /// Regions with a 通办 agreement for this item (跨域通办 partners).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tongban_partners: Vec<RegionCode>,
    /// 改革方式
    #[serde(default)]
    pub reform_mode: ReformMode,
    /// 告知承诺: the applicant may sign a commitment instead of proving a condition.
    #[serde(default)]
    pub commitment_allowed: bool,
    /// 容缺受理: acceptance with gap-allowed materials missing.
    #[serde(default)]
    pub gaps_allowed: bool,
    /// 办理环节, each with its own limit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
    /// 办理结果
    pub result: ItemResult,
    /// 办理情形
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub situations: Vec<Situation>,
    /// 申请材料 as this item asks for them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub materials: Vec<ItemMaterial>,
    /// 表单字段, each mapped to a data element.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FormField>,
    /// 办理地点 and other free text for the guide page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// 秒批: review points decided by rules over verified data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_decision: Option<super::AutoDecision>,
    /// 部门协查 the item asks for, with their reply limits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assists: Vec<super::AssistTerms>,
    /// Marks content the reports did not give and the demo made up.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
}

/// The 8 item types of the national catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// 行政许可
    Licensing,
    /// 行政给付
    Benefit,
    /// 行政确认
    Confirmation,
    /// 行政征收
    Levy,
    /// 行政奖励
    Award,
    /// 行政裁决
    Adjudication,
    /// 其他行政权力
    OtherPower,
    /// 公共服务
    PublicService,
}

impl ItemKind {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Licensing => "行政许可",
            ItemKind::Benefit => "行政给付",
            ItemKind::Confirmation => "行政确认",
            ItemKind::Levy => "行政征收",
            ItemKind::Award => "行政奖励",
            ItemKind::Adjudication => "行政裁决",
            ItemKind::OtherPower => "其他行政权力",
            ItemKind::PublicService => "公共服务",
        }
    }
}

/// 即办件 (done on the spot) or 承诺件 (done within a promised limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Handling {
    Immediate,
    Promised,
}

impl Handling {
    /// Chinese label, as shown on pages and in spreadsheets.
    pub fn label(self) -> &'static str {
        match self {
            Handling::Immediate => "即办件",
            Handling::Promised => "承诺件",
        }
    }
}

/// A time limit. Limits are in 工作日 unless the law says otherwise.
/// YAML: `{ working_days: 5 }`, `{ hours: 4 }` or `{ natural_days: 30 }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum TimeLimit {
    WorkingDays(u32),
    /// Working hours, for limits shorter than a day (0.5 工作日 = 4 hours).
    Hours(u32),
    NaturalDays(u32),
}

/// Working hours in one working day, used to express hours as days.
pub const HOURS_PER_WORKING_DAY: u32 = 8;

impl TimeLimit {
    /// The limit expressed in working days, for comparisons and metrics.
    /// Hours count as `h / 8`; natural days as `d × 5 / 7` (five working days
    /// a week). The deadline clock computes exact dates; this is for sums.
    pub fn as_working_days(self) -> f64 {
        match self {
            TimeLimit::WorkingDays(d) => f64::from(d),
            TimeLimit::Hours(h) => f64::from(h) / f64::from(HOURS_PER_WORKING_DAY),
            TimeLimit::NaturalDays(d) => f64::from(d) * 5.0 / 7.0,
        }
    }

    /// Chinese text such as `5个工作日`.
    pub fn label(self) -> String {
        match self {
            TimeLimit::WorkingDays(0) => "即办".to_string(),
            TimeLimit::WorkingDays(d) => format!("{d}个工作日"),
            TimeLimit::Hours(h) => format!("{h}个工作小时"),
            TimeLimit::NaturalDays(d) => format!("{d}个自然日"),
        }
    }
}

/// A fee. `amount_fen` is in 分 (0.01 yuan) to keep money exact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    pub name: String,
    pub amount_fen: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
}

/// 网办深度, the national four-level scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnlineDepth {
    /// 一级: information published online only.
    Info,
    /// 二级: forms downloadable, appointment online.
    Download,
    /// 三级: online application and pre-review; one visit to finish.
    PreReview,
    /// 四级: fully online (全程网办), zero visits.
    FullyOnline,
}

impl OnlineDepth {
    /// Chinese label, as shown on pages and in spreadsheets.
    pub fn label(self) -> &'static str {
        match self {
            OnlineDepth::Info => "一级",
            OnlineDepth::Download => "二级",
            OnlineDepth::PreReview => "三级",
            OnlineDepth::FullyOnline => "四级",
        }
    }

    /// What the level means for an applicant, for guide pages.
    pub fn description(self) -> &'static str {
        match self {
            OnlineDepth::Info => "网上公开办事信息",
            OnlineDepth::Download => "网上下载表格、预约",
            OnlineDepth::PreReview => "网上申请与预审，到现场一次",
            OnlineDepth::FullyOnline => "全程网办，零跑动",
        }
    }
}

/// 办理渠道
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Window,
    Online,
    Mobile,
    SelfService,
    Post,
}

impl Channel {
    /// Chinese label, as shown on pages and in spreadsheets.
    pub fn label(self) -> &'static str {
        match self {
            Channel::Window => "窗口办理",
            Channel::Online => "网上办理",
            Channel::Mobile => "掌上办理",
            Channel::SelfService => "自助终端",
            Channel::Post => "邮寄办理",
        }
    }
}

/// 通办范围
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum TongbanScope {
    #[default]
    None,
    /// 全市通办
    City,
    /// 全省通办
    Province,
    /// 跨省通办
    CrossProvince,
}

impl TongbanScope {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            TongbanScope::None => "不通办",
            TongbanScope::City => "全市通办",
            TongbanScope::Province => "全省通办",
            TongbanScope::CrossProvince => "跨省通办",
        }
    }
}

/// 改革方式 (证照分离 modes).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReformMode {
    /// 取消审批
    CancelApproval,
    /// 审批改备案
    ApprovalToFiling,
    /// 实行告知承诺
    Commitment,
    /// 优化审批服务
    #[default]
    OptimiseService,
}

impl ReformMode {
    /// Chinese label, as shown on pages and in spreadsheets.
    pub fn label(self) -> &'static str {
        match self {
            ReformMode::CancelApproval => "取消审批",
            ReformMode::ApprovalToFiling => "审批改备案",
            ReformMode::Commitment => "实行告知承诺",
            ReformMode::OptimiseService => "优化审批服务",
        }
    }
}

/// 办理环节 with its own limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub name: String,
    pub limit: TimeLimit,
}

/// 办理结果
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ItemResult {
    /// An electronic licence of the named licence type.
    Licence { licence_type: Code, name: String },
    /// An electronic proof (电子证明) of the named proof type.
    Proof { proof_type: Code, name: String },
    /// Any other document (批复, 备案回执 ...).
    Document { name: String },
}

impl ItemResult {
    /// The result's name.
    pub fn name(&self) -> &str {
        match self {
            ItemResult::Licence { name, .. }
            | ItemResult::Proof { name, .. }
            | ItemResult::Document { name } => name,
        }
    }
}

/// 办理情形: a variant of an item that changes its materials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Situation {
    pub code: Code,
    pub name: String,
    /// Applies when guidance chooses no situation of this item.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub default: bool,
}
