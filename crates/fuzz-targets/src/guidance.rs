//! The `guidance` target: 情形引导 rules (`tongban_domain::guidance`) and
//! 秒批 review points (`tongban_domain::auto_decision`), both CEL.
//!
//! Input that is a JSON [`GuidanceCase`] (a bundle, answers and the member
//! items' situations) is evaluated as a whole; any other input is taken as
//! one CEL condition and run both as a guidance rule over fixed questions
//! and as a review point over fixed facts.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;
use tongban_domain::auto_decision::{self, PointOutcome, RuleError};
use tongban_domain::bundle::Bundle;
use tongban_domain::catalog::{AutoDecision, Catalog, ReviewPoint};
use tongban_domain::guidance::{
    self, Answer, AnswerOption, Answers, Guidance, GuidanceError, Question, QuestionKind,
};
use tongban_domain::ident::Code;
use tongban_domain::subject::{ConsentId, Fact, FactSource, SourceRef, SubjectId};
use tongban_domain::validate::validate;

use crate::Outcome;

/// A whole guidance case: a bundle with its questionnaire, an applicant's
/// answers, and each member item's situations (`(code, is_default)`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuidanceCase {
    pub bundle: Bundle,
    #[serde(default)]
    pub answers: Answers,
    #[serde(default)]
    pub situations: BTreeMap<Code, Vec<(Code, bool)>>,
}

/// Evaluates guidance or one condition (see the module doc). `Accepted`
/// when the answers evaluated to a selection, or the condition compiled.
pub fn guidance(data: &[u8]) -> Outcome {
    match serde_json::from_slice::<GuidanceCase>(data) {
        Ok(case) => whole_case(&case),
        Err(_) => condition(&String::from_utf8_lossy(data)),
    }
}

/// Runs a bundle's guidance the way import and the apply pages do.
fn whole_case(case: &GuidanceCase) -> Outcome {
    let bundle = &case.bundle;
    let g = &bundle.guidance;
    // Import: the bundle is validated (expressions compiled and checked).
    let catalog = Catalog {
        bundles: vec![bundle.clone()],
        ..Catalog::default()
    };
    let _ = validate(&catalog);
    let expressions_ok = g
        .questions
        .iter()
        .filter_map(|q| q.ask_if.as_deref())
        .chain(g.rules.iter().map(|r| r.when.as_str()))
        .all(|e| guidance::check_expression(e, &g.questions).is_ok());
    let answers_ok = guidance::check_answers(g, &case.answers).is_ok();

    let open = guidance::open_questions(g, &case.answers);
    let open_again = guidance::open_questions(g, &case.answers);
    assert_eq!(open, open_again, "open questions are deterministic");

    let situations_of = |item: &Code| case.situations.get(item).cloned().unwrap_or_default();
    let selection = guidance::evaluate(bundle, &case.answers, situations_of);
    let again = guidance::evaluate(bundle, &case.answers, situations_of);
    assert_eq!(selection, again, "evaluation is deterministic");
    match selection {
        Ok(selection) => {
            assert!(
                answers_ok,
                "evaluate accepted answers check_answers refuses"
            );
            let order: Vec<&Code> = bundle.members.iter().map(|m| &m.item).collect();
            let mut rest = order.iter();
            for m in &selection.members {
                assert!(
                    rest.any(|c| *c == m),
                    "selected members are bundle members in bundle order: {m}"
                );
            }
            for item in selection.situations.keys() {
                assert!(
                    selection.members.contains(item),
                    "situations only of selected members"
                );
            }
            Outcome::Accepted
        }
        Err(e) => {
            if expressions_ok && answers_ok {
                let checked_at_import = matches!(
                    e,
                    GuidanceError::BadExpression { .. } | GuidanceError::UnknownQuestion { .. }
                );
                assert!(
                    !checked_at_import,
                    "import checks passed, evaluation says {e}"
                );
            }
            assert!(!e.code().is_empty() && !e.to_string().is_empty());
            Outcome::Refused
        }
    }
}

/// Runs one condition as a guidance rule and as a 秒批 review point.
fn condition(expr: &str) -> Outcome {
    let g = fixed_guidance();
    let checked = guidance::check_expression(expr, &g.questions);
    for answers in fixed_answers() {
        let held = guidance::holds(expr, &g, &answers);
        assert_eq!(
            held,
            guidance::holds(expr, &g, &answers),
            "holds is deterministic"
        );
        if let Err(GuidanceError::BadExpression { .. }) = checked {
            assert!(
                matches!(held, Err(GuidanceError::BadExpression { .. })),
                "a condition import refuses cannot be evaluated: {held:?}"
            );
        }
    }
    let point = ReviewPoint {
        code: code("fuzz-point"),
        name: "模糊测试要点".into(),
        elements: vec![code("birth-date"), code("domicile-address")],
        rule: expr.to_string(),
    };
    let rule_ok = auto_decision::check_point(&point);
    let auto = AutoDecision {
        review_points: vec![point],
    };
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default();
    let verdict = auto_decision::decide(&auto, &facts(), today);
    let again = auto_decision::decide(&auto, &facts(), today);
    assert_eq!(verdict, again, "decide is deterministic");
    if let Err(RuleError::BadRule { .. }) = rule_ok {
        let failed = verdict
            .points()
            .iter()
            .all(|p| matches!(p.outcome, PointOutcome::Failed { .. }));
        assert!(failed, "a rule import refuses never grants: {verdict:?}");
    }
    assert!(verdict.points().len() == 1, "one point in, one result out");
    Outcome::from_bool(checked.is_ok() || rule_ok.is_ok())
}

/// Builds a code known to be valid.
fn code(s: &str) -> Code {
    Code::parse(s).unwrap_or_else(|e| unreachable!("fixed code {s}: {e}"))
}

/// The questions a bare condition is evaluated over: one of each kind.
fn fixed_guidance() -> Guidance {
    let option = |v: &str| AnswerOption {
        value: code(v),
        label: v.to_string(),
    };
    let question = |c: &str, kind, options| Question {
        code: code(c),
        text: c.to_string(),
        kind,
        options,
        ask_if: None,
    };
    Guidance {
        questions: vec![
            question(
                "enterprise_kind",
                QuestionKind::SingleChoice,
                vec![option("limited"), option("sole")],
            ),
            question("has_employees", QuestionKind::YesNo, vec![]),
            question(
                "licences",
                QuestionKind::MultiChoice,
                vec![option("food"), option("drugs")],
            ),
        ],
        rules: vec![],
    }
}

/// Answer sets: none, all answered, and the other way round.
fn fixed_answers() -> [Answers; 3] {
    let full = |kind: &str, yes: bool, list: &[&str]| -> Answers {
        BTreeMap::from([
            ("enterprise_kind".into(), Answer::Choice(kind.into())),
            ("has_employees".into(), Answer::YesNo(yes)),
            (
                "licences".into(),
                Answer::Choices(list.iter().map(|s| s.to_string()).collect()),
            ),
        ])
    };
    [
        Answers::new(),
        full("sole", true, &["food"]),
        full("limited", false, &[]),
    ]
}

/// The verified facts a bare review rule sees.
fn facts() -> Vec<Fact> {
    let fact = |element: &str, value: &str| Fact {
        subject: SubjectId::new("fuzz"),
        element: code(element),
        value: value.to_string(),
        source: FactSource {
            source: SourceRef::DataSource {
                source: code("household-registry"),
            },
            name: "公安户籍信息".into(),
            consent: ConsentId("fuzz".into()),
        },
    };
    vec![
        fact("birth-date", "1940-05-01"),
        fact("domicile-address", "福建省龙岩市连城县莲峰镇"),
    ]
}
