//! 情形引导: a bundle's questionnaire and the rules that turn answers into a
//! [`Selection`] of member items and situations.
//!
//! Conditions are CEL expressions (the `cel` crate), never a home-made
//! parser. Each question's code is a CEL variable holding its answer:
//! a string for `single_choice`, a bool for `yes_no`, a list of strings for
//! `multi_choice`, and `null` when unanswered.

use std::collections::BTreeMap;
use std::sync::Arc;

use cel::{Context, Value};
use serde::{Deserialize, Serialize};

use crate::bundle::Bundle;
use crate::cel_rules::Rule;
use crate::ident::Code;

/// A bundle's questionnaire.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<GuidanceRule>,
}

impl Guidance {
    /// True when the bundle asks nothing.
    pub fn is_empty(&self) -> bool {
        self.questions.is_empty() && self.rules.is_empty()
    }
}

/// One question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub code: Code,
    pub text: String,
    pub kind: QuestionKind,
    /// Choices for `single_choice` and `multi_choice`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<AnswerOption>,
    /// CEL condition over earlier answers; the question is asked only when
    /// it holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ask_if: Option<String>,
}

/// The shape of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    SingleChoice,
    MultiChoice,
    YesNo,
}

impl QuestionKind {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            QuestionKind::SingleChoice => "单选",
            QuestionKind::MultiChoice => "多选",
            QuestionKind::YesNo => "是否",
        }
    }
}

/// A choice offered by a question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerOption {
    pub value: Code,
    pub label: String,
}

/// When `when` holds, the rule includes or excludes members and chooses
/// situations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuidanceRule {
    /// CEL condition over the answers.
    pub when: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<Code>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<Code>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub situations: Vec<SituationRef>,
}

/// A situation of one member item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SituationRef {
    pub item: Code,
    pub situation: Code,
}

/// An applicant's answer to one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    YesNo(bool),
    Choice(String),
    Choices(Vec<String>),
}

/// Answers by question code.
pub type Answers = BTreeMap<String, Answer>;

/// What the answers select: member items (in bundle order) and, per item,
/// the chosen situations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selection {
    pub members: Vec<Code>,
    pub situations: BTreeMap<Code, Vec<Code>>,
}

impl Selection {
    /// The chosen situations of an item (empty when none).
    pub fn situations_of(&self, item: &Code) -> &[Code] {
        self.situations.get(item).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Why guidance could not be defined or evaluated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GuidanceError {
    #[error("条件表达式“{expr}”无法解析：{reason}")]
    BadExpression { expr: String, reason: String },
    #[error("条件表达式“{expr}”引用了不存在的问题“{name}”")]
    UnknownQuestion { expr: String, name: String },
    #[error("条件表达式“{expr}”的结果不是真假值")]
    NotBoolean { expr: String },
    #[error("条件表达式“{expr}”计算失败：{reason}")]
    Evaluation { expr: String, reason: String },
    #[error("问题“{question}”没有选项“{value}”")]
    UnknownOption { question: String, value: String },
    #[error("问题“{question}”的回答类型不对")]
    WrongAnswerKind { question: String },
    #[error("不存在问题“{0}”")]
    NoSuchQuestion(String),
}

impl GuidanceError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            GuidanceError::BadExpression { .. } => "guidance_bad_expression",
            GuidanceError::UnknownQuestion { .. } => "guidance_unknown_question",
            GuidanceError::NotBoolean { .. } => "guidance_not_boolean",
            GuidanceError::Evaluation { .. } => "guidance_evaluation_failed",
            GuidanceError::UnknownOption { .. } => "guidance_unknown_option",
            GuidanceError::WrongAnswerKind { .. } => "guidance_wrong_answer_kind",
            GuidanceError::NoSuchQuestion(_) => "guidance_no_such_question",
        }
    }
}

/// Compiles a CEL condition. The parser has panicked on malformed input in
/// past releases; a panic is turned into an error so that no rule text can
/// crash the process.
fn compile(expr: &str, questions: &[Question]) -> Result<Arc<Rule>, GuidanceError> {
    let bad = |reason| GuidanceError::BadExpression {
        expr: expr.to_string(),
        reason,
    };
    let rule = crate::cel_rules::compile(expr).map_err(bad)?;
    // A multiple-choice answer is the only list a condition is given.
    let multi_choice = |name: &str| {
        questions
            .iter()
            .any(|q| q.code == *name && q.kind == QuestionKind::MultiChoice)
    };
    if !rule.ordered(multi_choice) {
        return Err(bad(crate::cel_rules::UNORDERED.to_string()));
    }
    Ok(rule)
}

/// Compiles a condition and checks that it names only known questions.
pub fn check_expression(expr: &str, questions: &[Question]) -> Result<(), GuidanceError> {
    let rule = compile(expr, questions)?;
    for name in &rule.variables {
        if !questions.iter().any(|q| q.code == *name.as_str()) {
            return Err(GuidanceError::UnknownQuestion {
                expr: expr.to_string(),
                name: name.to_string(),
            });
        }
    }
    Ok(())
}

/// Checks answers against the questions: known questions, right kinds,
/// known options.
pub fn check_answers(guidance: &Guidance, answers: &Answers) -> Result<(), GuidanceError> {
    for (code, answer) in answers {
        let q = guidance
            .questions
            .iter()
            .find(|q| q.code == **code)
            .ok_or_else(|| GuidanceError::NoSuchQuestion(code.clone()))?;
        let wrong = || GuidanceError::WrongAnswerKind {
            question: code.clone(),
        };
        let values: Vec<&String> = match (q.kind, answer) {
            (QuestionKind::YesNo, Answer::YesNo(_)) => vec![],
            (QuestionKind::SingleChoice, Answer::Choice(v)) => vec![v],
            (QuestionKind::MultiChoice, Answer::Choices(vs)) => vs.iter().collect(),
            _ => return Err(wrong()),
        };
        for v in values {
            if !q.options.iter().any(|o| o.value == **v) {
                return Err(GuidanceError::UnknownOption {
                    question: code.clone(),
                    value: v.clone(),
                });
            }
        }
    }
    Ok(())
}

fn context_for(guidance: &Guidance, answers: &Answers) -> Context<'static, 'static> {
    let mut ctx = crate::cel_rules::context();
    for q in &guidance.questions {
        let value = match answers.get(q.code.as_str()) {
            None => Value::Null,
            Some(Answer::YesNo(b)) => Value::Bool(*b),
            Some(Answer::Choice(s)) => Value::String(s.clone().into()),
            Some(Answer::Choices(vs)) => Value::List(
                vs.iter()
                    .map(|s| Value::String(s.clone().into()))
                    .collect::<Vec<_>>()
                    .into(),
            ),
        };
        ctx.add_variable_from_value(q.code.as_str(), value);
    }
    ctx
}

/// Evaluates one condition against answers.
pub fn holds(expr: &str, guidance: &Guidance, answers: &Answers) -> Result<bool, GuidanceError> {
    let rule = compile(expr, &guidance.questions)?;
    let ctx = context_for(guidance, answers);
    match rule.program.execute(&ctx) {
        Ok(Value::Bool(b)) => Ok(b),
        Ok(_) => Err(GuidanceError::NotBoolean {
            expr: expr.to_string(),
        }),
        Err(e) => Err(GuidanceError::Evaluation {
            expr: expr.to_string(),
            reason: e.to_string(),
        }),
    }
}

/// The questions to ask for the answers given so far (`ask_if` holds).
pub fn open_questions<'g>(
    guidance: &'g Guidance,
    answers: &Answers,
) -> Result<Vec<&'g Question>, GuidanceError> {
    let mut out = Vec::new();
    for q in &guidance.questions {
        let ask = match &q.ask_if {
            Some(cond) => holds(cond, guidance, answers)?,
            None => true,
        };
        if ask {
            out.push(q);
        }
    }
    Ok(out)
}

/// Turns answers into a selection. Non-optional members start included;
/// each rule whose condition holds then includes, excludes and chooses
/// situations, in rule order. An item with no chosen situation gets its
/// `default` situation, if it has one.
pub fn evaluate(
    bundle: &Bundle,
    answers: &Answers,
    situations_of: impl Fn(&Code) -> Vec<(Code, bool)>,
) -> Result<Selection, GuidanceError> {
    check_answers(&bundle.guidance, answers)?;
    let mut included: BTreeMap<&Code, bool> = bundle
        .members
        .iter()
        .map(|m| (&m.item, !m.optional))
        .collect();
    let mut chosen: BTreeMap<Code, Vec<Code>> = BTreeMap::new();
    for rule in &bundle.guidance.rules {
        if !holds(&rule.when, &bundle.guidance, answers)? {
            continue;
        }
        for c in &rule.include {
            included.insert(c, true);
        }
        for c in &rule.exclude {
            included.insert(c, false);
        }
        for s in &rule.situations {
            let list = chosen.entry(s.item.clone()).or_default();
            if !list.contains(&s.situation) {
                list.push(s.situation.clone());
            }
        }
    }
    let members: Vec<Code> = bundle
        .members
        .iter()
        .filter(|m| included.get(&m.item).copied().unwrap_or(false))
        .map(|m| m.item.clone())
        .collect();
    let mut situations = BTreeMap::new();
    for item in &members {
        let list = match chosen.remove(item) {
            Some(list) => list,
            None => situations_of(item)
                .into_iter()
                .filter(|(_, is_default)| *is_default)
                .map(|(code, _)| code)
                .collect(),
        };
        if !list.is_empty() {
            situations.insert(item.clone(), list);
        }
    }
    Ok(Selection {
        members,
        situations,
    })
}
