//! Guidance: answers select members and situations through CEL rules.

mod fixtures;

use fixtures::*;
use tongban_domain::guidance::*;

fn chef_bundle() -> tongban_domain::Bundle {
    let mut b = bundle(vec![
        member("gtgsh", &[]),
        member("spjy", &[]),
        member("jkzm", &[]),
    ]);
    b.members[2].optional = true;
    b.guidance = Guidance {
        questions: vec![
            Question {
                code: code("registered"),
                text: "是否已办理个体工商户营业执照？".into(),
                kind: QuestionKind::YesNo,
                options: vec![],
                ask_if: None,
            },
            Question {
                code: code("cooks"),
                text: "从事哪些餐饮服务？".into(),
                kind: QuestionKind::MultiChoice,
                options: vec![
                    AnswerOption {
                        value: code("banquet"),
                        label: "农村集体聚餐".into(),
                    },
                    AnswerOption {
                        value: code("snack"),
                        label: "小吃".into(),
                    },
                ],
                ask_if: Some("registered == false".into()),
            },
        ],
        rules: vec![
            GuidanceRule {
                when: "registered == true".into(),
                include: vec![],
                exclude: vec![code("gtgsh")],
                situations: vec![],
            },
            GuidanceRule {
                when: "cooks != null && 'banquet' in cooks".into(),
                include: vec![code("jkzm")],
                exclude: vec![],
                situations: vec![SituationRef {
                    item: code("spjy"),
                    situation: code("banquet"),
                }],
            },
        ],
    };
    b
}

fn no_situations(_: &tongban_domain::ident::Code) -> Vec<(tongban_domain::ident::Code, bool)> {
    vec![]
}

#[test]
fn without_answers_only_non_optional_members_are_selected() {
    let s = evaluate(&chef_bundle(), &Answers::new(), no_situations).unwrap();
    assert_eq!(s.members, vec![code("gtgsh"), code("spjy")]);
}

#[test]
fn an_already_registered_applicant_skips_the_registration_item() {
    let answers = Answers::from([("registered".to_string(), Answer::YesNo(true))]);
    let s = evaluate(&chef_bundle(), &answers, no_situations).unwrap();
    assert_eq!(s.members, vec![code("spjy")]);
}

#[test]
fn a_banquet_cook_gets_the_health_item_and_the_banquet_situation() {
    let answers = Answers::from([
        ("registered".to_string(), Answer::YesNo(false)),
        ("cooks".to_string(), Answer::Choices(vec!["banquet".into()])),
    ]);
    let s = evaluate(&chef_bundle(), &answers, no_situations).unwrap();
    assert_eq!(s.members, vec![code("gtgsh"), code("spjy"), code("jkzm")]);
    assert_eq!(s.situations_of(&code("spjy")), &[code("banquet")]);
}

#[test]
fn a_follow_up_question_is_asked_only_after_the_answer_it_depends_on() {
    let b = chef_bundle();
    let open = open_questions(&b.guidance, &Answers::new()).unwrap();
    assert_eq!(open.len(), 1, "only the first question before any answer");
    let answers = Answers::from([("registered".to_string(), Answer::YesNo(false))]);
    assert_eq!(open_questions(&b.guidance, &answers).unwrap().len(), 2);
}

#[test]
fn the_default_situation_applies_when_no_rule_chooses_one() {
    let s = evaluate(&chef_bundle(), &Answers::new(), |item| {
        if item.as_str() == "spjy" {
            vec![(code("new"), true), (code("renew"), false)]
        } else {
            vec![]
        }
    })
    .unwrap();
    assert_eq!(s.situations_of(&code("spjy")), &[code("new")]);
}

#[test]
fn answers_of_the_wrong_kind_or_unknown_options_are_refused_with_a_code() {
    let b = chef_bundle();
    let wrong = Answers::from([("registered".to_string(), Answer::Choice("yes".into()))]);
    assert_eq!(
        evaluate(&b, &wrong, no_situations).unwrap_err().code(),
        "guidance_wrong_answer_kind"
    );
    let unknown = Answers::from([("cooks".to_string(), Answer::Choices(vec!["sushi".into()]))]);
    assert_eq!(
        evaluate(&b, &unknown, no_situations).unwrap_err().code(),
        "guidance_unknown_option"
    );
    let stray = Answers::from([("nope".to_string(), Answer::YesNo(true))]);
    assert_eq!(
        evaluate(&b, &stray, no_situations).unwrap_err().code(),
        "guidance_no_such_question"
    );
}

#[test]
fn expressions_are_checked_for_syntax_and_unknown_questions() {
    let b = chef_bundle();
    let q = &b.guidance.questions;
    assert!(check_expression("registered == true", q).is_ok());
    assert_eq!(
        check_expression("registered ==", q).unwrap_err().code(),
        "guidance_bad_expression"
    );
    assert_eq!(
        check_expression("married == true", q).unwrap_err().code(),
        "guidance_unknown_question"
    );
}

#[test]
fn a_condition_iterating_over_anything_but_a_list_is_refused_at_import_and_evaluation() {
    let b = chef_bundle();
    let q = &b.guidance.questions;
    let banquet = Answers::from([("cooks".to_string(), Answer::Choices(vec!["banquet".into()]))]);
    // Over a multiple-choice answer (a list): allowed, and it holds.
    let over_list = "cooks.exists(c, c == 'banquet')";
    assert!(check_expression(over_list, q).is_ok());
    assert_eq!(holds(over_list, &b.guidance, &banquet), Ok(true));
    // Over a map: the order of its keys is not fixed, so the answer could
    // change from one evaluation to the next.
    let over_map = "{'banquet': 1, 'snack': 2}.map(k, k)[0] == 'banquet'";
    let refused = check_expression(over_map, q).unwrap_err();
    assert_eq!(refused.code(), "guidance_bad_expression");
    assert!(refused.to_string().contains("遍历"), "{refused}");
    assert_eq!(
        holds(over_map, &b.guidance, &banquet).unwrap_err().code(),
        "guidance_bad_expression"
    );
    // Over a yes/no answer: not a list.
    assert_eq!(
        check_expression("registered.exists(x, x)", q)
            .unwrap_err()
            .code(),
        "guidance_bad_expression"
    );
}

#[test]
fn a_condition_that_is_not_boolean_is_an_error_not_false() {
    let b = chef_bundle();
    let err = holds("'text'", &b.guidance, &Answers::new()).unwrap_err();
    assert_eq!(err.code(), "guidance_not_boolean");
}
