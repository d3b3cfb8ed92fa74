//! 情形引导: the questions of a bundle for the answers given so far (a
//! question is shown only when its condition holds) and what they select.

use serde::Serialize;
use tongban_domain::guidance::{self, Answer, Answers, Question};

use super::ApplicationService;
use super::views::NamedCode;
use crate::cases::Application;
use crate::error::ServiceError;

/// A bundle's questionnaire for one set of answers.
#[derive(Debug, Clone, Serialize)]
pub struct GuidanceView {
    /// The bundle's code.
    pub bundle: String,
    /// The bundle's name.
    pub name: String,
    /// The questions to show now, in catalog order.
    pub questions: Vec<QuestionView>,
    /// True when every shown question has an answer.
    pub complete: bool,
    /// The member items the answers select, in bundle order.
    pub selected: Vec<NamedCode>,
    /// The members left out by the answers.
    pub not_selected: Vec<NamedCode>,
}

/// One question to show, with the answer given so far.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionView {
    /// The question (code, text, kind, options, condition).
    pub question: Question,
    /// The answer given, if any.
    pub answer: Option<Answer>,
}

impl ApplicationService {
    /// The questions of bundle `code` to ask for `answers` (answers to
    /// questions no longer shown are ignored) and the members they select.
    /// A malformed answer is `invalid_answers`.
    pub async fn guidance(
        &self,
        code: &str,
        answers: &Answers,
    ) -> Result<GuidanceView, ServiceError> {
        let bundle = self.catalog.bundle(code).await?;
        guidance::check_answers(&bundle.guidance, answers).map_err(ServiceError::guidance)?;
        let shown =
            guidance::open_questions(&bundle.guidance, answers).map_err(ServiceError::guidance)?;
        let kept = relevant_answers(&bundle.guidance.questions, &shown, answers);
        let questions: Vec<QuestionView> = shown
            .iter()
            .map(|q| QuestionView {
                question: (*q).clone(),
                answer: kept.get(q.code.as_str()).cloned(),
            })
            .collect();
        let complete = questions.iter().all(|q| q.answer.is_some());
        let selected = self
            .select(&Application::Bundle {
                bundle: code.to_string(),
                answers: kept,
            })
            .await;
        let (selected, not_selected) = match selected {
            Ok(s) => {
                let name = |c: &tongban_domain::ident::Code| NamedCode {
                    code: c.clone(),
                    name: s
                        .catalog
                        .item(c.as_str())
                        .map_or_else(|| c.to_string(), |i| i.name.clone()),
                };
                let chosen = s.selection.members.iter().map(name).collect();
                let left = bundle
                    .members
                    .iter()
                    .filter(|m| !s.selection.members.contains(&m.item))
                    .map(|m| name(&m.item))
                    .collect();
                (chosen, left)
            }
            // Nothing selected is a legitimate state while answering.
            Err(ServiceError::Refused { .. }) => (Vec::new(), Vec::new()),
            Err(other) => return Err(other),
        };
        Ok(GuidanceView {
            bundle: bundle.code.to_string(),
            name: bundle.name.clone(),
            questions,
            complete,
            selected,
            not_selected,
        })
    }
}

/// The answers to questions that are still shown.
pub(crate) fn relevant_answers(
    all: &[Question],
    shown: &[&Question],
    answers: &Answers,
) -> Answers {
    answers
        .iter()
        .filter(|(code, _)| {
            shown.iter().any(|q| q.code == *code.as_str())
                || !all.iter().any(|q| q.code == *code.as_str())
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}
