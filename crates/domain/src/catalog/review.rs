//! An item's declared review terms: the review points of 秒批
//! ([`AutoDecision`]) and the opinions it asks of other departments
//! ([`AssistTerms`], 部门协查) with what silence means.

use serde::{Deserialize, Serialize};

use super::TimeLimit;
use crate::ident::Code;

/// 秒批 / 智能审批 (`auto_decision`): the item is accepted and granted
/// without a person when every review point holds on verified data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutoDecision {
    /// 审查要点, all of which must hold.
    pub review_points: Vec<ReviewPoint>,
}

/// One review point (审查要点) as a rule over verified data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewPoint {
    pub code: Code,
    /// What the point checks, in Chinese (e.g. 年满八十周岁).
    pub name: String,
    /// The data elements the rule reads; each must come from a data source
    /// (never from what the applicant typed or uploaded).
    pub elements: Vec<Code>,
    /// A CEL expression over `data` (a map from element code to the
    /// verified value) and `today` (`YYYY-MM-DD`), with the function
    /// `age(birth_date, today)`. It must yield a boolean.
    pub rule: String,
}

/// 部门协查: an opinion this item asks of another department, with a reply
/// limit and what silence means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssistTerms {
    /// The department asked.
    pub department: Code,
    /// What is asked (e.g. 名称核验).
    pub subject: String,
    /// The reply limit: hours are elapsed hours, working days follow the
    /// work calendar.
    pub limit: TimeLimit,
    /// What an unanswered request counts as when the limit passes.
    #[serde(default)]
    pub on_silence: SilenceDefault,
}

/// What an unanswered assist request counts as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SilenceDefault {
    /// Silence is only a delay: the case waits for the reply.
    #[default]
    Wait,
    /// 超时默认 / 缺席默认 / 视为同意: silence past the limit is consent.
    Consent,
}

impl SilenceDefault {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            SilenceDefault::Wait => "等待答复",
            SilenceDefault::Consent => "逾期视为同意",
        }
    }
}
