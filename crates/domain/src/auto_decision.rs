//! 秒批 / 智能审批 (`auto_decision`): deciding an item without a person when
//! every review point holds on verified data.
//!
//! An item declares its review points ([`crate::catalog::AutoDecision`]):
//! each names the data elements it reads and a CEL rule over them. [`decide`]
//! evaluates every point against [`Fact`]s read from data sources under the
//! applicant's consent. A point holds only when every element it names has a
//! fact and the rule yields `true`; the rule sees nothing else. When all hold
//! the verdict is [`Verdict::Grant`], naming the points and the facts' sources
//! for the audit; otherwise the item goes to a person ([`Verdict::ToPerson`])
//! with the reason of each point that did not hold. [`check_point`] is what
//! catalog import runs, so a rule that cannot compile never gets stored.

use std::collections::HashMap;
use std::sync::Arc;

use cel::Value;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::catalog::{AutoDecision, ReviewPoint};
use crate::cel_rules::Rule;
use crate::ident::Code;
use crate::subject::{Fact, FactSource};

/// The variables a review rule may name.
const VARIABLES: [&str; 2] = ["data", "today"];

/// The outcome of one review point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum PointOutcome {
    /// The rule held on these facts' sources.
    Satisfied { sources: Vec<FactSource> },
    /// The rule yielded `false`.
    NotSatisfied,
    /// No verified fact for these elements: a person must check them.
    MissingData { elements: Vec<Code> },
    /// The rule failed on the data (e.g. a malformed date): a person checks.
    Failed { reason: String },
}

/// One review point and how it came out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointResult {
    pub code: Code,
    pub name: String,
    pub rule: String,
    #[serde(flatten)]
    pub outcome: PointOutcome,
}

impl PointResult {
    /// True when the point held on data.
    pub fn satisfied(&self) -> bool {
        matches!(self.outcome, PointOutcome::Satisfied { .. })
    }
}

/// What the engine decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "verdict")]
pub enum Verdict {
    /// Every point held on verified data: accept and grant.
    Grant { points: Vec<PointResult> },
    /// At least one point did not: a person reviews.
    ToPerson { points: Vec<PointResult> },
}

impl Verdict {
    /// Every point with its outcome.
    pub fn points(&self) -> &[PointResult] {
        match self {
            Verdict::Grant { points } | Verdict::ToPerson { points } => points,
        }
    }

    /// The text the audit keeps for an automatic grant: each point's code,
    /// name and rule.
    pub fn reasons(&self) -> Vec<String> {
        self.points()
            .iter()
            .map(|p| format!("秒批规则 {}（{}）：{}", p.code, p.name, p.rule))
            .collect()
    }
}

/// Why a review point's rule is unusable (reported at catalog import).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("审查要点规则无法解析：{reason}")]
    BadRule { reason: String },
    #[error("审查要点规则引用了未知变量“{name}”，只能使用 data 与 today")]
    UnknownVariable { name: String },
    #[error("审查要点未列出所读取的数据元")]
    NoElements,
}

impl RuleError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            RuleError::BadRule { .. } => "bad_review_rule",
            RuleError::UnknownVariable { .. } => "unknown_rule_variable",
            RuleError::NoElements => "review_point_without_elements",
        }
    }
}

/// Compiles a review point's rule and checks the names it uses.
pub fn check_point(point: &ReviewPoint) -> Result<(), RuleError> {
    if point.elements.is_empty() {
        return Err(RuleError::NoElements);
    }
    let rule = compile(&point.rule)?;
    for name in &rule.variables {
        if !VARIABLES.contains(&name.as_str()) {
            return Err(RuleError::UnknownVariable {
                name: name.to_string(),
            });
        }
    }
    Ok(())
}

/// Decides an item's review points on `facts` (verified data of the
/// applicant, each with its source and consent) on `today`.
pub fn decide(auto: &AutoDecision, facts: &[Fact], today: NaiveDate) -> Verdict {
    let points: Vec<PointResult> = auto
        .review_points
        .iter()
        .map(|p| PointResult {
            code: p.code.clone(),
            name: p.name.clone(),
            rule: p.rule.clone(),
            outcome: evaluate(p, facts, today),
        })
        .collect();
    if !points.is_empty() && points.iter().all(PointResult::satisfied) {
        Verdict::Grant { points }
    } else {
        Verdict::ToPerson { points }
    }
}

/// One point: its elements' facts, then the rule.
fn evaluate(point: &ReviewPoint, facts: &[Fact], today: NaiveDate) -> PointOutcome {
    let mut data = HashMap::new();
    let mut sources = Vec::new();
    let mut missing = Vec::new();
    for element in &point.elements {
        match facts.iter().find(|f| f.element == *element) {
            Some(fact) => {
                data.insert(element.to_string(), fact.value.clone());
                if !sources.contains(&fact.source) {
                    sources.push(fact.source.clone());
                }
            }
            None => missing.push(element.clone()),
        }
    }
    if !missing.is_empty() {
        return PointOutcome::MissingData { elements: missing };
    }
    let rule = match compile(&point.rule) {
        Ok(p) => p,
        Err(e) => {
            return PointOutcome::Failed {
                reason: e.to_string(),
            };
        }
    };
    let mut ctx = crate::cel_rules::context();
    ctx.add_variable_from_value("data", data);
    ctx.add_variable_from_value("today", today.format("%Y-%m-%d").to_string());
    if let Err(e) = ctx.add_function("age", age) {
        return PointOutcome::Failed {
            reason: e.to_string(),
        };
    }
    match rule.program.execute(&ctx) {
        Ok(Value::Bool(true)) => PointOutcome::Satisfied { sources },
        Ok(Value::Bool(false)) => PointOutcome::NotSatisfied,
        Ok(_) => PointOutcome::Failed {
            reason: "规则的结果不是真假值".into(),
        },
        Err(e) => PointOutcome::Failed {
            reason: e.to_string(),
        },
    }
}

/// `age(birth_date, today)`: full years between two `YYYY-MM-DD` dates;
/// -1 when either is not a date (so a comparison like `>= 80` fails).
fn age(birth: Arc<String>, today: Arc<String>) -> i64 {
    let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    match (parse(&birth), parse(&today)) {
        (Some(b), Some(t)) if b <= t => {
            let mut years = i64::from(t.year() - b.year());
            if (t.month(), t.day()) < (b.month(), b.day()) {
                years -= 1;
            }
            years
        }
        _ => -1,
    }
}

/// Compiles a rule; a parser panic is turned into an error, and so is a
/// comprehension over anything but a list literal (`data` is a map, and a
/// rule is given no list).
fn compile(text: &str) -> Result<Arc<Rule>, RuleError> {
    let rule = crate::cel_rules::compile(text).map_err(|reason| RuleError::BadRule { reason })?;
    if !rule.ordered(|_| false) {
        return Err(RuleError::BadRule {
            reason: crate::cel_rules::UNORDERED.to_string(),
        });
    }
    Ok(rule)
}

#[cfg(test)]
mod tests;
