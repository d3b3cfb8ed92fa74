//! Whole-catalog validation finds every broken reference.

mod fixtures;

use fixtures::*;
use tongban_domain::catalog::{Exemption, Requirement, TimeLimit};
use tongban_domain::guidance::{Guidance, GuidanceRule};
use tongban_domain::validate::{EntityKind, validate};

fn codes(c: &tongban_domain::Catalog) -> Vec<(EntityKind, String, String, &'static str)> {
    validate(c)
        .into_iter()
        .map(|p| (p.kind, p.entity, p.field, p.code))
        .collect()
}

#[test]
fn a_consistent_catalog_has_no_problems() {
    let mut a = item("a", 5, 2, 1);
    a.materials = vec![uses("id")];
    a.fields = vec![field("name")];
    let c = catalog(
        vec![a, item("b", 3, 1, 1)],
        vec![bundle(vec![member("a", &[]), member("b", &["a"])])],
    );
    assert_eq!(codes(&c), vec![]);
}

#[test]
fn each_broken_reference_is_reported_with_its_entry_and_field() {
    let mut a = item("a", 5, 2, 1);
    a.department = code("nobody");
    a.materials = vec![uses("id")];
    let mut c = catalog(vec![a], vec![]);
    c.items[0].materials.push(uses("ghost"));
    c.items[0].fields.push(field("ghost_el"));
    let found = codes(&c);
    let want = [
        (EntityKind::Item, "a", "department", "unknown_department"),
        (
            EntityKind::Item,
            "a",
            "materials[1].material",
            "unknown_material",
        ),
        (
            EntityKind::Item,
            "a",
            "fields[0].element",
            "unknown_data_element",
        ),
    ];
    for (k, e, f, code) in want {
        assert!(
            found
                .iter()
                .any(|p| p.0 == k && p.1 == e && p.2 == f && p.3 == code),
            "missing {code} at {f}: {found:?}"
        );
    }
}

#[test]
fn a_dependency_cycle_and_an_unknown_prerequisite_are_refused() {
    let b = bundle(vec![
        member("a", &["b"]),
        member("b", &["a"]),
        member("c", &["zz"]),
    ]);
    let c = catalog(
        vec![item("a", 1, 1, 1), item("b", 1, 1, 1), item("c", 1, 1, 1)],
        vec![b],
    );
    let found = codes(&c);
    assert!(found.iter().any(|p| p.3 == "dependency_cycle"), "{found:?}");
    assert!(
        found
            .iter()
            .any(|p| p.2 == "members[2].after[0]" && p.3 == "unknown_member"),
        "{found:?}"
    );
}

#[test]
fn a_promise_longer_than_the_statute_is_refused() {
    let mut a = item("a", 5, 1, 1);
    a.promised_limit = TimeLimit::WorkingDays(30);
    let found = codes(&catalog(vec![a], vec![]));
    assert!(
        found.iter().any(|p| p.3 == "promise_exceeds_statute"),
        "{found:?}"
    );
}

#[test]
fn gap_and_commitment_materials_need_the_item_flags() {
    let mut a = item("a", 5, 1, 1);
    let mut gap = uses("x");
    gap.requirement = Requirement::GapAllowed;
    let mut promise = uses("y");
    promise.exemption = Some(Exemption::Commitment);
    a.materials = vec![gap, promise];
    let found = codes(&catalog(vec![a.clone()], vec![]));
    assert!(found.iter().any(|p| p.3 == "gaps_not_allowed"));
    assert!(found.iter().any(|p| p.3 == "commitment_not_allowed"));
    a.gaps_allowed = true;
    a.commitment_allowed = true;
    assert_eq!(codes(&catalog(vec![a], vec![])), vec![]);
}

#[test]
fn a_guidance_rule_with_bad_syntax_names_the_bundle_and_the_rule() {
    let mut b = bundle(vec![member("a", &[])]);
    b.guidance = Guidance {
        questions: vec![],
        rules: vec![GuidanceRule {
            when: "x ==".into(),
            include: vec![],
            exclude: vec![],
            situations: vec![],
        }],
    };
    let found = codes(&catalog(vec![item("a", 1, 1, 1)], vec![b]));
    assert!(
        found.iter().any(|p| p.0 == EntityKind::Bundle
            && p.1 == "b1"
            && p.2 == "guidance.rules[0].when"
            && p.3 == "guidance_bad_expression"),
        "{found:?}"
    );
}

#[test]
fn duplicate_codes_are_reported() {
    let c = catalog(vec![item("a", 1, 1, 1), item("a", 2, 1, 1)], vec![]);
    assert!(
        codes(&c)
            .iter()
            .any(|p| p.3 == "duplicate_code" && p.1 == "a")
    );
}

#[test]
fn a_data_element_pattern_that_does_not_compile_is_refused_with_the_element() {
    let mut a = item("a", 5, 2, 1);
    a.fields = vec![field("name")];
    let mut cat = catalog(vec![a], vec![]);
    cat.data_elements[0].pattern = Some("[0-9".into());
    let found = codes(&cat);
    let code = cat.data_elements[0].code.to_string();
    assert!(
        found.contains(&(
            EntityKind::DataElement,
            code,
            "pattern".into(),
            "invalid_pattern"
        )),
        "{found:?}"
    );
    cat.data_elements[0].pattern = Some("[0-9]{6}".into());
    assert!(codes(&cat).is_empty());
}

#[test]
fn review_points_and_assists_are_checked_where_they_are_declared() {
    use tongban_domain::catalog::{AssistTerms, AutoDecision, ReviewPoint, SilenceDefault};
    let mut a = item("a", 5, 2, 1);
    a.auto_decision = Some(AutoDecision {
        review_points: vec![
            ReviewPoint {
                code: code("ok"),
                name: "有姓名".into(),
                elements: vec![code("name")],
                rule: "size(data['name']) > 0".into(),
            },
            ReviewPoint {
                code: code("broken"),
                name: "坏规则".into(),
                elements: vec![code("ghost_el")],
                rule: "data['name'] ==".into(),
            },
        ],
    });
    a.assists = vec![AssistTerms {
        department: a.department.clone(),
        subject: "核验".into(),
        limit: TimeLimit::Hours(4),
        on_silence: SilenceDefault::Consent,
    }];
    let found = codes(&catalog(vec![a], vec![]));
    let at = |field: &str| {
        found
            .iter()
            .filter(|(_, e, f, _)| e == "a" && f == field)
            .map(|p| p.3)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        at("auto_decision.review_points[0].rule"),
        Vec::<&str>::new()
    );
    assert_eq!(
        at("auto_decision.review_points[1].rule"),
        vec!["bad_review_rule"]
    );
    assert_eq!(
        at("auto_decision.review_points[1].elements"),
        vec!["unknown_data_element"]
    );
    assert_eq!(at("assists[0].department"), vec!["assist_to_self"]);
}
