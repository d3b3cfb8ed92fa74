//! The effects of the two assist commands on an item case (the state does
//! not move; the request list grows or a request gets its reply).

use chrono::NaiveDateTime;

use super::assist::terms_for;
use super::{AssistReply, AssistRequest, EventKind, ItemCase, Opinion, Refusal};
use crate::catalog::TimeLimit;
use crate::ident::Code;

/// 发起协查.
pub(super) fn request(
    case: &mut ItemCase,
    to: &Code,
    subject: &str,
    question: &str,
    limit: Option<TimeLimit>,
    at: NaiveDateTime,
) -> Result<EventKind, Refusal> {
    if *to == case.terms.department {
        return Err(Refusal::AssistToSelf);
    }
    if question.trim().is_empty() {
        return Err(Refusal::QuestionRequired);
    }
    let terms = terms_for(&case.terms.assists, to, subject, limit).ok_or_else(|| {
        Refusal::AssistLimitRequired {
            department: to.clone(),
        }
    })?;
    let id = u32::try_from(case.assists.len() + 1).unwrap_or(u32::MAX);
    let subject = if subject.trim().is_empty() {
        terms.subject.clone()
    } else {
        subject.trim().to_string()
    };
    case.assists.push(AssistRequest {
        id,
        from: case.terms.department.clone(),
        to: to.clone(),
        subject: subject.clone(),
        question: question.trim().to_string(),
        asked_at: at,
        limit: terms.limit,
        on_silence: terms.on_silence,
        reply: None,
    });
    Ok(EventKind::AssistRequested {
        id,
        department: to.clone(),
        subject,
    })
}

/// 答复协查. Anything but consent needs a reason.
pub(super) fn reply(
    case: &mut ItemCase,
    id: u32,
    opinion: Opinion,
    text: &str,
    at: NaiveDateTime,
) -> Result<EventKind, Refusal> {
    let request = case
        .assists
        .iter_mut()
        .find(|a| a.id == id)
        .ok_or(Refusal::AssistNotFound { id })?;
    if !request.is_open() {
        return Err(Refusal::AssistAnswered { id });
    }
    if opinion != Opinion::Agree && text.trim().is_empty() {
        return Err(Refusal::ReasonsRequired);
    }
    request.reply = Some(AssistReply {
        opinion,
        text: text.trim().to_string(),
        at,
        by_silence: false,
    });
    Ok(EventKind::AssistReplied {
        id,
        department: request.to.clone(),
        opinion,
    })
}
