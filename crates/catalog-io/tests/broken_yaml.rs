//! Every broken fixture is refused with its file, the line of the offending
//! text, and the field path, whether the parser or validation catches it.

use std::path::{Path, PathBuf};

use tongban_catalog_io::{ImportError, Location, Parsed, STORED, read_files, read_yaml};
use tongban_domain::validate::validate;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The 1-based line of the only line of a fixture containing `needle`.
fn line_of(name: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(fixture(name)).unwrap();
    let hits: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(hits.len(), 1, "{needle} in {name}");
    hits[0]
}

fn parse_errors(name: &str) -> Vec<ImportError> {
    let path = fixture(&format!("broken/{name}"));
    read_files(&[path]).expect_err(name)
}

/// Reads the valid minimal catalog and then the broken file over it, as
/// an import into an existing catalog would, and locates every problem.
fn validation_errors(name: &str) -> Vec<ImportError> {
    let files = [
        fixture("valid/minimal.yaml"),
        fixture(&format!("broken/{name}")),
    ];
    let Parsed { catalog, sources } = read_files(&files).unwrap_or_else(|e| panic!("{e:#?}"));
    validate(&catalog)
        .iter()
        .map(|p| sources.locate(p))
        .collect()
}

fn assert_one(errors: &[ImportError], name: &str, line: usize, field: &str, code: &str) {
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    assert!(e.file.ends_with(&format!("broken/{name}")), "{}", e.file);
    assert_eq!(e.location, Location::Line(line), "{e}");
    assert_eq!(e.field, field, "{e}");
    assert_eq!(e.code, code, "{e}");
    let shown = e.to_string();
    assert!(
        shown.contains(&format!("{name}:{line}: {field}: ")),
        "{shown}"
    );
}

#[test]
fn a_yaml_syntax_error_names_the_file_and_line() {
    let errors = parse_errors("syntax_error.yaml");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].code, "yaml_syntax");
    let Location::Line(line) = errors[0].location else {
        panic!("{:?}", errors[0].location)
    };
    // The parser notices the unclosed list at its start or where it stops.
    let opened = line_of("broken/syntax_error.yaml", "name: [");
    assert!((opened..=opened + 2).contains(&line), "line {line}");
    assert!(errors[0].to_string().contains("YAML语法错误"));
}

#[test]
fn an_unknown_field_is_reported_at_its_own_line() {
    let errors = parse_errors("unknown_field.yaml");
    let line = line_of("broken/unknown_field.yaml", "departmnet:");
    assert_one(
        &errors,
        "unknown_field.yaml",
        line,
        "items[0].departmnet",
        "unknown_field",
    );
    assert!(
        errors[0].reason.contains("department"),
        "lists the allowed fields"
    );
}

#[test]
fn every_broken_entry_of_a_file_is_reported_not_just_the_first() {
    let errors = parse_errors("wrong_enum.yaml");
    let found: Vec<(Location, &str, &str)> = errors
        .iter()
        .map(|e| (e.location.clone(), e.field.as_str(), e.code.as_str()))
        .collect();
    let file = "broken/wrong_enum.yaml";
    assert_eq!(
        found,
        [
            (
                Location::Line(line_of(file, "permit")),
                "items[0].kind",
                "unknown_variant"
            ),
            (
                Location::Line(line_of(file, "weeks")),
                "items[1].promised_limit.weeks",
                "unknown_variant"
            ),
        ]
    );
    assert!(
        errors[0].reason.contains("licensing"),
        "{}",
        errors[0].reason
    );
}

#[test]
fn a_bad_unified_social_credit_code_is_refused_at_its_line() {
    let errors = parse_errors("bad_uscc.yaml");
    let line = line_of("broken/bad_uscc.yaml", "0000004A");
    assert_one(
        &errors,
        "bad_uscc.yaml",
        line,
        "departments[1].uscc",
        "invalid_uscc",
    );
    assert!(errors[0].reason.contains("校验码"), "{}", errors[0].reason);
}

#[test]
fn a_bad_region_code_is_refused_at_its_line() {
    let errors = parse_errors("bad_region_code.yaml");
    let line = line_of("broken/bad_region_code.yaml", "35082510");
    assert_one(
        &errors,
        "bad_region_code.yaml",
        line,
        "regions[0].code",
        "invalid_region_code",
    );
}

#[test]
fn a_review_rule_that_does_not_compile_is_located_at_its_rule_line() {
    let errors = validation_errors("bad_review_rule.yaml");
    let line = line_of("broken/bad_review_rule.yaml", "rule:");
    assert_one(
        &errors,
        "bad_review_rule.yaml",
        line,
        "items[0].auto_decision.review_points[0].rule",
        "bad_review_rule",
    );
}

#[test]
fn an_unknown_department_is_found_by_validation_and_located_in_the_file() {
    let errors = validation_errors("unknown_department.yaml");
    let line = line_of("broken/unknown_department.yaml", "department: lc-nowhere");
    assert_one(
        &errors,
        "unknown_department.yaml",
        line,
        "items[0].department",
        "unknown_department",
    );
    assert!(errors[0].reason.contains("lc-nowhere"));
}

#[test]
fn a_dependency_cycle_is_located_at_the_bundles_members() {
    let errors = validation_errors("dependency_cycle.yaml");
    let line = line_of("broken/dependency_cycle.yaml", "members:");
    assert_one(
        &errors,
        "dependency_cycle.yaml",
        line,
        "bundles[0].members",
        "dependency_cycle",
    );
}

#[test]
fn an_invalid_cel_condition_is_located_at_its_rule() {
    let errors = validation_errors("bad_cel.yaml");
    let line = line_of("broken/bad_cel.yaml", "has_premises == (");
    assert_one(
        &errors,
        "bad_cel.yaml",
        line,
        "bundles[0].guidance.rules[1].when",
        "guidance_bad_expression",
    );
}

#[test]
fn a_problem_in_an_entry_that_came_from_no_file_is_located_as_stored() {
    let minimal = std::fs::read_to_string(fixture("valid/minimal.yaml")).unwrap();
    let mut stored = read_yaml("minimal.yaml", &minimal).unwrap().catalog;
    stored.items[0].materials[0].material = "nope".parse().unwrap();
    let new_file = "departments:\n  - code: lc-wjj\n    name: 连城县卫生健康局\n    \
                    uscc: 11350825MB0000003K\n    region: \"350825\"\n";
    let parsed = read_yaml("new.yaml", new_file).unwrap();
    stored.merge(parsed.catalog);
    let problems = validate(&stored);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let e = parsed.sources.locate(&problems[0]);
    assert_eq!(e.location, Location::Stored);
    assert_eq!(e.file, STORED);
    assert_eq!(e.field, "items[code=lc-scjg-qysl].materials[0].material");
    assert_eq!(e.code, "unknown_material");
}

#[test]
fn an_unknown_section_and_an_unquoted_code_are_explained() {
    let text = "regons:\n  - code: x\ndepartments:\n  - code: a\n    name: b\n    \
                uscc: 11350825MB0000003K\n    region: 350825\n";
    let errors = read_yaml("x.yaml", text).unwrap_err();
    let found: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("regons", "unknown_section"),
            ("departments[0].region", "invalid_type")
        ]
    );
    assert_eq!(errors[1].location, Location::Line(7));
    assert!(errors[1].reason.contains("加引号"), "{}", errors[1].reason);
}

#[test]
fn a_missing_field_names_the_field_at_the_entrys_line() {
    let text = "materials:\n  - code: a\n    name: 身份证\n";
    let errors = read_yaml("m.yaml", text).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "materials[0].source");
    assert_eq!(errors[0].code, "missing_field");
    assert_eq!(errors[0].location, Location::Line(2));
}
