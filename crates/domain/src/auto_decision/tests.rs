use super::*;
use crate::subject::{ConsentId, SourceRef, SubjectId};

fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

fn fact(element: &str, value: &str) -> Fact {
    Fact {
        subject: SubjectId::new("s1"),
        element: code(element),
        value: value.into(),
        source: FactSource {
            source: SourceRef::DataSource {
                source: code("household-registry"),
            },
            name: "公安户籍信息".into(),
            consent: ConsentId("c1".into()),
        },
    }
}

fn elderly() -> AutoDecision {
    AutoDecision {
        review_points: vec![
            ReviewPoint {
                code: code("age-80"),
                name: "年满八十周岁".into(),
                elements: vec![code("birth-date")],
                rule: "age(data['birth-date'], today) >= 80".into(),
            },
            ReviewPoint {
                code: code("local-hukou"),
                name: "本县户籍".into(),
                elements: vec![code("domicile-address")],
                rule: "data['domicile-address'].startsWith('福建省龙岩市连城县')".into(),
            },
        ],
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

#[test]
fn every_point_holding_on_data_grants_and_names_the_rules_and_sources() {
    let facts = [
        fact("birth-date", "1940-03-01"),
        fact("domicile-address", "福建省龙岩市连城县莲峰镇1号"),
    ];
    let verdict = decide(&elderly(), &facts, today());
    assert!(matches!(verdict, Verdict::Grant { .. }), "{verdict:?}");
    let reasons = verdict.reasons();
    assert_eq!(reasons.len(), 2);
    assert!(reasons[0].contains("age-80") && reasons[0].contains("年满八十周岁"));
    let PointOutcome::Satisfied { sources } = &verdict.points()[0].outcome else {
        panic!("first point not satisfied");
    };
    assert_eq!(sources[0].name, "公安户籍信息");
}

#[test]
fn a_point_without_its_data_goes_to_a_person_and_says_which_element_is_missing() {
    let facts = [fact("birth-date", "1940-03-01")];
    let verdict = decide(&elderly(), &facts, today());
    let Verdict::ToPerson { points } = verdict else {
        panic!("granted without data");
    };
    assert!(points[0].satisfied());
    assert_eq!(
        points[1].outcome,
        PointOutcome::MissingData {
            elements: vec![code("domicile-address")]
        }
    );
}

#[test]
fn a_rule_yielding_false_or_failing_on_bad_data_never_grants() {
    let young = [
        fact("birth-date", "1990-01-01"),
        fact("domicile-address", "福建省龙岩市连城县莲峰镇1号"),
    ];
    let verdict = decide(&elderly(), &young, today());
    assert_eq!(verdict.points()[0].outcome, PointOutcome::NotSatisfied);
    assert!(matches!(verdict, Verdict::ToPerson { .. }));
    let garbled = [
        fact("birth-date", "not a date"),
        fact("domicile-address", "福建省龙岩市连城县莲峰镇1号"),
    ];
    assert!(matches!(
        decide(&elderly(), &garbled, today()),
        Verdict::ToPerson { .. }
    ));
}

#[test]
fn a_rule_iterating_over_the_data_map_fails_every_time_and_never_grants() {
    let old = [
        fact("birth-date", "1940-05-01"),
        fact("domicile-address", "福建省龙岩市连城县莲峰镇1号"),
    ];
    let mut auto = elderly();
    auto.review_points[0].elements = vec![code("birth-date"), code("domicile-address")];
    auto.review_points[0].rule = "data.map(k, k)[0] == 'birth-date'".into();
    for _ in 0..20 {
        let verdict = decide(&auto, &old, today());
        assert!(matches!(verdict, Verdict::ToPerson { .. }));
        assert!(
            matches!(&verdict.points()[0].outcome, PointOutcome::Failed { reason } if reason.contains("遍历")),
            "{verdict:?}"
        );
    }
    // Over a list literal the order is fixed, and the rule is allowed.
    auto.review_points[0].rule = "['birth-date', 'domicile-address'].all(k, data[k] != '')".into();
    assert!(matches!(
        decide(&auto, &old, today()),
        Verdict::Grant { .. }
    ));
}

#[test]
fn the_eightieth_birthday_counts_from_the_day_itself() {
    let d = |s: &str| Arc::new(s.to_string());
    assert_eq!(age(d("1946-11-27"), d("2026-11-27")), 80);
    assert_eq!(age(d("1946-11-28"), d("2026-11-27")), 79);
    assert_eq!(age(d("2030-01-01"), d("2026-11-27")), -1);
}

#[test]
fn an_item_with_no_review_points_is_never_granted_automatically() {
    let none = AutoDecision {
        review_points: vec![],
    };
    assert!(matches!(
        decide(&none, &[], today()),
        Verdict::ToPerson { .. }
    ));
}

#[test]
fn import_refuses_rules_that_do_not_compile_or_read_other_names() {
    let mut p = elderly().review_points[0].clone();
    assert_eq!(check_point(&p), Ok(()));
    p.rule = "age(data['birth-date'], today) >=".into();
    assert_eq!(check_point(&p).unwrap_err().code(), "bad_review_rule");
    p.rule = "uploads.size() > 0".into();
    assert_eq!(check_point(&p).unwrap_err().code(), "unknown_rule_variable");
    // `data` is a map: iterating it follows hash order, so the verdict
    // could change from one evaluation to the next.
    p.rule = "data.map(k, k)[0] == 'birth-date'".into();
    assert_eq!(check_point(&p).unwrap_err().code(), "bad_review_rule");
    p.rule = "true".into();
    p.elements.clear();
    assert_eq!(
        check_point(&p).unwrap_err().code(),
        "review_point_without_elements"
    );
}
