//! Guidance answers in a query string: `a.<question>=<value>` (repeated
//! for a multiple choice; `true`/`false` for yes-no), so every step before
//! login is a plain link that can be bookmarked or shared.

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use tongban_domain::guidance::{Answer, Answers, Guidance, QuestionKind};

/// The prefix of an answer parameter.
pub const PREFIX: &str = "a.";

/// The answers in `pairs`, read by each question's kind. Parameters for
/// unknown questions are ignored; a value the kind cannot hold is passed
/// on so guidance reports it (`invalid_answers`).
pub fn parse(guidance: &Guidance, pairs: &[(String, String)]) -> Answers {
    let mut answers = Answers::new();
    for q in &guidance.questions {
        let key = format!("{PREFIX}{}", q.code);
        let values: Vec<&str> = pairs
            .iter()
            .filter(|(k, v)| *k == key && !v.is_empty())
            .map(|(_, v)| v.as_str())
            .collect();
        let Some(first) = values.first() else {
            continue;
        };
        let answer = match q.kind {
            QuestionKind::YesNo => match *first {
                "true" => Answer::YesNo(true),
                "false" => Answer::YesNo(false),
                other => Answer::Choice(other.to_string()),
            },
            QuestionKind::SingleChoice => Answer::Choice(first.to_string()),
            QuestionKind::MultiChoice => {
                Answer::Choices(values.iter().map(|v| v.to_string()).collect())
            }
        };
        answers.insert(q.code.to_string(), answer);
    }
    answers
}

/// The answers as query parameters (`a.x=…&a.y=…`), without a leading `&`.
pub fn query(answers: &Answers) -> String {
    let enc = |s: &str| utf8_percent_encode(s, NON_ALPHANUMERIC).to_string();
    let mut parts = Vec::new();
    for (code, answer) in answers {
        let key = enc(&format!("{PREFIX}{code}"));
        match answer {
            Answer::YesNo(b) => parts.push(format!("{key}={b}")),
            Answer::Choice(v) => parts.push(format!("{key}={}", enc(v))),
            Answer::Choices(vs) => parts.extend(vs.iter().map(|v| format!("{key}={}", enc(v)))),
        }
    }
    parts.join("&")
}

/// True when `answer` is, or contains, `value`.
pub fn has(answer: Option<&Answer>, value: &str) -> bool {
    match answer {
        Some(Answer::Choice(v)) => v == value,
        Some(Answer::Choices(vs)) => vs.iter().any(|v| v == value),
        Some(Answer::YesNo(b)) => (if *b { "true" } else { "false" }) == value,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guidance() -> Guidance {
        serde_json::from_value(serde_json::json!({
            "questions": [
                {"code": "reg", "text": "已登记？", "kind": "yes_no"},
                {"code": "where", "text": "在哪里？", "kind": "single_choice",
                 "options": [{"value": "fixed", "label": "固定"}, {"value": "mobile", "label": "流动"}]},
                {"code": "what", "text": "做什么？", "kind": "multi_choice",
                 "options": [{"value": "a", "label": "甲"}, {"value": "b", "label": "乙"}]}
            ]
        }))
        .unwrap()
    }

    #[test]
    fn answers_survive_a_trip_through_the_query_string() {
        let mut answers = Answers::new();
        answers.insert("reg".into(), Answer::YesNo(false));
        answers.insert("where".into(), Answer::Choice("fixed".into()));
        answers.insert("what".into(), Answer::Choices(vec!["a".into(), "b".into()]));
        let text = query(&answers);
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&text).unwrap();
        assert_eq!(parse(&guidance(), &pairs), answers);
    }

    #[test]
    fn unknown_parameters_and_empty_values_are_left_out() {
        let pairs = vec![
            ("a.nope".to_string(), "x".to_string()),
            ("a.where".to_string(), String::new()),
        ];
        assert!(parse(&guidance(), &pairs).is_empty());
    }
}
