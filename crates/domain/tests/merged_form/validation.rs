//! Validation per data element.

use super::*;

fn rules() -> (MergedForm, FormRules) {
    let cat = chef_catalog();
    let merged = merge(&cat, &everything(&cat)).unwrap();
    let rules = FormRules::compile(&merged);
    (merged, rules)
}

fn valid_answers() -> FormAnswers {
    [
        ("name", "张三"),
        ("idno", ID),
        ("phone", PHONE),
        ("addr", "福建省连城县莲峰镇北大路1号"),
        ("scope", "餐饮服务"),
        ("staff", "3"),
        ("gender", "女"),
        ("birth", "1949-12-31"),
        ("uscc", "91350100M000100Y43"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

#[test]
fn a_complete_valid_answer_set_has_no_errors() {
    let (merged, _) = rules();
    assert_eq!(validate_answers(&merged, &valid_answers()), vec![]);
}

#[test]
fn each_element_kind_refuses_a_bad_value_with_its_code_and_a_chinese_message() {
    let (_, rules) = rules();
    let table = [
        ("staff", "三人", "form_not_a_number", "从业人数"),
        ("staff", "1e3", "form_not_a_number", "数字"),
        ("birth", "1990-02-30", "form_invalid_date", "出生日期"),
        ("birth", "1990-2-3", "form_invalid_date", "年-月-日"),
        ("gender", "未知", "form_not_in_dictionary", "男、女"),
        (
            "idno",
            "110105194912310021",
            "invalid_resident_id_checksum",
            "公民身份号码",
        ),
        (
            "idno",
            "12345",
            "invalid_resident_id_length",
            "公民身份号码",
        ),
        (
            "uscc",
            "91350100M000100Y44",
            "invalid_uscc",
            "统一社会信用代码",
        ),
        ("uscc", ID, "invalid_uscc", "统一社会信用代码"),
        ("phone", "05971234567", "invalid_phone", "联系电话"),
        ("phone", "1381234567", "invalid_phone", "联系电话"),
        ("addr", "1", "form_invalid_address", "户籍地址"),
        ("name", &"长".repeat(501), "form_value_too_long", "姓名"),
    ];
    for (element, value, code, mentions) in table {
        let mut answers = valid_answers();
        answers.insert(element.into(), value.into());
        let errors = rules.validate(&answers);
        assert_eq!(errors.len(), 1, "{element}={value}: {errors:?}");
        let e = &errors[0];
        assert_eq!((e.element.as_str(), e.code), (element, code), "{value}");
        assert!(e.message.contains(mentions), "{}", e.message);
        if value.chars().count() >= 5 && value.is_ascii() {
            assert!(!e.message.contains(value), "echoed {value}: {}", e.message);
        }
    }
}

#[test]
fn a_missing_required_field_is_named_and_a_missing_optional_one_is_not() {
    let (_, rules) = rules();
    let mut answers = valid_answers();
    answers.remove("name");
    answers.remove("birth");
    answers.insert("phone".into(), "   ".into());
    let errors = rules.validate(&answers);
    let got: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.element.as_str(), e.code))
        .collect();
    assert_eq!(
        got,
        [
            ("name", "form_field_required"),
            ("phone", "form_field_required")
        ]
    );
    assert_eq!(errors[0].message, "请填写“姓名”");
}

#[test]
fn an_answer_for_a_field_not_on_the_form_is_refused() {
    let (_, rules) = rules();
    let mut answers = valid_answers();
    answers.insert("salary".into(), "1".into());
    let errors = rules.validate(&answers);
    assert_eq!(errors.len(), 1);
    assert_eq!(
        (errors[0].element.as_str(), errors[0].code),
        ("salary", "form_unknown_field")
    );
}

#[test]
fn the_pattern_applies_to_the_normalised_value_and_a_mismatch_does_not_echo_it() {
    let mut cat = chef_catalog();
    let scope = cat
        .data_elements
        .iter_mut()
        .find(|e| e.code == *"scope")
        .unwrap();
    scope.pattern = Some("[\\p{Han}、]+".into());
    let merged = merge(&cat, &everything(&cat)).unwrap();
    let mut answers = valid_answers();
    // A lower-case check character passes the ID pattern once normalised.
    answers.insert("idno".into(), ID.to_lowercase());
    assert_eq!(validate_answers(&merged, &answers), vec![]);
    answers.insert("scope".into(), "catering ABC".into());
    let errors = validate_answers(&merged, &answers);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, "form_pattern_mismatch");
    assert!(!errors[0].message.contains("catering"));
}

#[test]
fn a_bad_catalog_pattern_is_reported_never_a_panic() {
    let mut cat = chef_catalog();
    let scope = cat
        .data_elements
        .iter_mut()
        .find(|e| e.code == *"scope")
        .unwrap();
    scope.pattern = Some("([a-z".into());
    let merged = merge(&cat, &everything(&cat)).unwrap();
    let rules = FormRules::compile(&merged);
    let problems = rules.pattern_problems();
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (problems[0].element.as_str(), problems[0].code),
        ("scope", "form_element_pattern_invalid")
    );
    let errors = rules.validate(&valid_answers());
    assert_eq!(
        errors.iter().map(|e| e.code).collect::<Vec<_>>(),
        ["form_element_pattern_invalid"]
    );
    assert!(check_pattern("([a-z").is_err());
    assert!(check_pattern("^1[3-9][0-9]{9}$").is_ok());
}

#[test]
fn prefilled_values_and_typed_answers_validate_together() {
    let (merged, _) = rules();
    let consents = vec![consent("c-prefill", Purpose::Prefill, vec![household()])];
    let (sid, app) = (subject_id(), application());
    let access = AccessContext {
        subject: &sid,
        application: &app,
        at: at(10),
        consents: &consents,
    };
    let filled = prefill(&merged, &profile_facts(), &access);
    let mut typed = valid_answers();
    for f in ["name", "idno", "addr"] {
        typed.remove(f);
    }
    assert_eq!(validate_answers(&merged, &filled.answers(&typed)), vec![]);
    assert!(
        !validate_answers(&merged, &typed).is_empty(),
        "without the prefill they are missing"
    );
}
