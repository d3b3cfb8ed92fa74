//! The licence and proof sections of the catalog: merged and sorted like
//! every section, and every link they make is checked.

mod fixtures;

use fixtures::*;
use tongban_domain::bundle::CompositeLicence;
use tongban_domain::catalog::{Catalog, ItemResult, TimeLimit};
use tongban_domain::licence::{HolderKind, LicenceField, LicenceType, Validity};
use tongban_domain::proof::{ProofReplacement, ProofType};
use tongban_domain::validate::{EntityKind, validate};

fn problems(c: &Catalog) -> Vec<(EntityKind, String, String, &'static str)> {
    validate(c)
        .into_iter()
        .map(|p| (p.kind, p.entity, p.field, p.code))
        .collect()
}

fn licence_type(code_: &str, issued_by: &[&str]) -> LicenceType {
    LicenceType {
        code: code(code_),
        name: "食品经营许可证".into(),
        issuer: code("scjg"),
        holder_kind: HolderKind::Enterprise,
        number_tag: "SPJY".into(),
        fields: vec![LicenceField {
            element: code("name"),
            label: "经营者".into(),
            required: false,
            public: true,
        }],
        validity: Validity::Years(5),
        issued_by: issued_by.iter().map(|c| code(c)).collect(),
        updated_by: vec![code("change")],
        cancelled_by: vec![code("cancel")],
    }
}

fn proof(code_: &str) -> ProofType {
    ProofType {
        code: code(code_),
        name: "居住证明".into(),
        issuer: code("scjg"),
        deadline: TimeLimit::WorkingDays(3),
        scope: "本县".into(),
        material: Some(code("id")),
        holder_kind: HolderKind::Person,
        number_tag: "JZZM".into(),
        fields: vec![],
        validity: Validity::Years(1),
        replaced_by: None,
    }
}

/// Items `issue` (result: the licence), `change`, `cancel`, a bundle `b1`
/// of `issue` that issues the composite, and both types.
fn licensed() -> Catalog {
    let mut issue = item("issue", 5, 1, 1);
    issue.result = ItemResult::Licence {
        licence_type: code("food"),
        name: "食品经营许可证".into(),
    };
    issue.materials = vec![uses("id")];
    issue.fields = vec![field("name")];
    let mut b = bundle(vec![member("issue", &[])]);
    b.composite_licence = Some(CompositeLicence {
        licence_type: code("composite"),
        name: "行业综合许可证".into(),
    });
    let mut c = catalog(
        vec![issue, item("change", 3, 1, 1), item("cancel", 3, 1, 1)],
        vec![b],
    );
    c.licence_types = vec![
        licence_type("food", &["issue"]),
        licence_type("composite", &["b1"]),
    ];
    c.proofs = vec![proof("residence")];
    c
}

#[test]
fn a_catalog_with_linked_licence_and_proof_types_has_no_problems() {
    assert_eq!(problems(&licensed()), vec![]);
}

#[test]
fn every_dangling_link_of_a_licence_type_is_reported_at_its_field() {
    let mut c = licensed();
    let t = &mut c.licence_types[0];
    t.issuer = code("nobody");
    t.number_tag = "spjy".into();
    t.validity = Validity::Years(0);
    t.fields[0].element = code("ghost");
    t.issued_by.push(code("no-item"));
    t.updated_by = vec![code("no-change")];
    t.cancelled_by = vec![code("b1")];
    let found = problems(&c);
    let at = |field: &str, code: &'static str| {
        (
            EntityKind::LicenceType,
            "food".to_string(),
            field.to_string(),
            code,
        )
    };
    for want in [
        at("issuer", "unknown_department"),
        at("number_tag", "invalid_licence_tag"),
        at("validity", "invalid_validity"),
        at("fields[0].element", "unknown_data_element"),
        at("issued_by[1]", "unknown_item"),
        at("updated_by[0]", "unknown_item"),
        // A bundle may issue a licence (一业一证) but never cancels one.
        at("cancelled_by[0]", "unknown_item"),
    ] {
        assert!(found.contains(&want), "missing {want:?} in {found:?}");
    }
    assert_eq!(found.len(), 7, "{found:?}");
}

#[test]
fn an_item_or_bundle_naming_a_missing_or_unlinked_licence_type_is_reported() {
    let mut missing = licensed();
    missing.licence_types.clear();
    let found = problems(&missing);
    assert!(found.contains(&(
        EntityKind::Item,
        "issue".into(),
        "result.licence.licence_type".into(),
        "unknown_licence_type"
    )));
    assert!(found.contains(&(
        EntityKind::Bundle,
        "b1".into(),
        "composite_licence.licence_type".into(),
        "unknown_licence_type"
    )));

    let mut unlinked = licensed();
    unlinked.licence_types[0].issued_by.clear();
    unlinked.licence_types[1].issued_by = vec![code("issue")];
    let found = problems(&unlinked);
    assert_eq!(
        found,
        vec![
            (
                EntityKind::Item,
                "issue".into(),
                "result.licence.licence_type".into(),
                "licence_result_not_linked"
            ),
            (
                EntityKind::Bundle,
                "b1".into(),
                "composite_licence.licence_type".into(),
                "licence_result_not_linked"
            ),
        ]
    );
}

#[test]
fn a_proof_with_an_unknown_issuer_material_or_replacing_licence_is_reported() {
    let mut c = licensed();
    let p = &mut c.proofs[0];
    p.issuer = code("village");
    p.material = Some(code("ghost"));
    p.replaced_by = Some(ProofReplacement::Licence {
        licence_type: code("no-licence"),
    });
    let found: Vec<(String, &str)> = problems(&c)
        .into_iter()
        .filter(|p| p.0 == EntityKind::Proof)
        .map(|p| (p.2, p.3))
        .collect();
    assert_eq!(
        found,
        vec![
            ("issuer".to_string(), "unknown_department"),
            ("material".to_string(), "unknown_material"),
            (
                "replaced_by.licence.licence_type".to_string(),
                "unknown_licence_type"
            ),
        ]
    );
}

#[test]
fn duplicate_licence_and_proof_codes_are_reported_and_merge_replaces_by_code() {
    let mut c = licensed();
    c.licence_types.push(licence_type("food", &["issue"]));
    c.proofs.push(proof("residence"));
    let found = problems(&c);
    assert!(found.contains(&(
        EntityKind::LicenceType,
        "food".into(),
        "code".into(),
        "duplicate_code"
    )));
    assert!(found.contains(&(
        EntityKind::Proof,
        "residence".into(),
        "code".into(),
        "duplicate_code"
    )));
    assert_eq!(EntityKind::LicenceType.section(), "licence_types");
    assert_eq!(EntityKind::Proof.section(), "proofs");

    let mut merged = licensed();
    let mut renamed = licence_type("food", &["issue"]);
    renamed.name = "食品经营许可证（新版）".into();
    merged.merge(Catalog {
        licence_types: vec![renamed.clone(), licence_type("another", &["issue"])],
        proofs: vec![proof("a-first")],
        ..Catalog::default()
    });
    let merged = merged.normalized();
    assert_eq!(merged.licence_type("food"), Some(&renamed));
    let codes: Vec<&str> = merged
        .licence_types
        .iter()
        .map(|t| t.code.as_str())
        .collect();
    assert_eq!(codes, ["another", "composite", "food"]);
    let proofs: Vec<&str> = merged.proofs.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(proofs, ["a-first", "residence"]);
}
