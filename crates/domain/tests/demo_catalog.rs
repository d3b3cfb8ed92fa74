//! The demo catalog (demo/catalog/*.yaml) is valid, configures every
//! scenario's bundle, and gives the reform metrics a hand count gives.

use tongban_domain::Catalog;
use tongban_domain::bundle::Bundle;
use tongban_domain::guidance::{Answer, Answers, Selection, evaluate};
use tongban_domain::ident::Code;
use tongban_domain::stats::{ReformMetrics, reform_metrics};
use tongban_domain::validate::validate;

/// Reads every `.yaml` file of the demo catalog, sorted by name, and merges
/// them in that order, as `tongban import` does.
fn demo_catalog() -> Catalog {
    let files = tongban_testkit::demo_catalog_files();
    let mut catalog = Catalog::default();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        // The documented YAML form writes enums as single-key maps
        // (`{ working_days: 5 }`), the JSON data model's external tagging, so
        // the text goes through a JSON value as the importer does.
        let value: serde_json::Value =
            serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let part: Catalog =
            serde_json::from_value(value).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        catalog.merge(part);
    }
    catalog
}

#[test]
fn the_demo_catalog_is_valid() {
    let catalog = demo_catalog();
    let problems = validate(&catalog);
    for p in &problems {
        eprintln!(
            "{} {} {}: {} ({})",
            p.kind.section(),
            p.entity,
            p.field,
            p.reason,
            p.code
        );
    }
    assert!(problems.is_empty(), "{} problems", problems.len());
}

/// The bundle each scenario of shared/scenarios/ is run by, with its
/// member count. The appeals scenarios (cant-get-it-done, enterprise-whistle)
/// need no bundle; logging, school name check, e-proof and cross-region run
/// single items (checked below).
const SCENARIO_BUNDLES: [(&str, &str, usize); 7] = [
    ("itinerant-chef", "liancheng.itinerant-chef", 3),
    ("enterprise-opening", "qishan.enterprise-opening", 6),
    ("pharmacy-one-licence", "qishan.pharmacy-one-licence", 3),
    ("marriage-and-housing-fund", "changtai.marriage-one-stop", 3),
    (
        "land-to-construction",
        "qihe.project-stage-land-planning",
        3,
    ),
    (
        "land-to-construction",
        "qihe.project-stage-engineering-permit",
        6,
    ),
    (
        "land-to-construction",
        "qihe.project-stage-construction-permit",
        2,
    ),
];

#[test]
fn every_scenario_has_its_bundle() {
    let catalog = demo_catalog();
    for (scenario, code, members) in SCENARIO_BUNDLES {
        let bundle = catalog
            .bundle(code)
            .unwrap_or_else(|| panic!("scenario {scenario}: no bundle {code}"));
        assert_eq!(bundle.members.len(), members, "scenario {scenario}: {code}");
    }
    // Every bundle's guide page can show its metrics for the default answers.
    for bundle in &catalog.bundles {
        let selection = select(&catalog, bundle, &Answers::new());
        let m = reform_metrics(bundle, &selection, &catalog.items).unwrap();
        assert!(m.steps.before > 0, "{}: no steps before", bundle.code);
    }
    // 一业一证: the pharmacy bundle issues one composite licence.
    let pharmacy = catalog.bundle("qishan.pharmacy-one-licence").unwrap();
    assert!(pharmacy.composite_licence.is_some());
    // 企业开办: seal and bank account wait for the business licence.
    let opening = catalog.bundle("qishan.enterprise-opening").unwrap();
    for serial in ["qishan.seal-engraving", "qishan.bank-account"] {
        let member = opening.member(&code(serial)).unwrap();
        assert_eq!(member.after, vec![code("qishan.enterprise-registration")]);
    }
}

#[test]
fn the_single_item_scenarios_have_their_items() {
    let catalog = demo_catalog();
    // 林木采伐: below 30 m³ the commitment route, issued in 4 working days.
    let logging = catalog.item("shaxian.logging-permit").unwrap();
    assert!(logging.commitment_allowed);
    assert!(
        logging
            .situations
            .iter()
            .any(|s| s.code == *"small-commitment")
    );
    assert_eq!(logging.promised_limit.as_working_days(), 4.0);
    // 校外培训机构: the name check is exempted by the registration authority's data.
    let school = catalog.item("gulou.training-institution-licence").unwrap();
    let name_check = school
        .materials
        .iter()
        .find(|m| m.material == *"name-check")
        .unwrap();
    assert!(name_check.exemption.is_some());
    // 电子证明: both proofs are issued as e-proofs.
    for code in ["fuding.residence-proof", "fuding.door-plate-proof"] {
        let item = catalog.item(code).unwrap();
        assert!(matches!(
            item.result,
            tongban_domain::catalog::ItemResult::Proof { .. }
        ));
    }
    // 跨域通办: cross-province items name partner regions the catalog holds.
    let cross: Vec<_> = catalog
        .items
        .iter()
        .filter(|i| i.tongban_scope == tongban_domain::catalog::TongbanScope::CrossProvince)
        .collect();
    assert!(cross.len() >= 3);
    for item in cross {
        for partner in &item.tongban_partners {
            assert!(
                catalog.regions.iter().any(|r| &r.code == partner),
                "{}: partner {partner} not in the catalog",
                item.code
            );
        }
    }
}

fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

fn chef(catalog: &Catalog) -> &Bundle {
    catalog.bundle("liancheng.itinerant-chef").unwrap()
}

fn select(catalog: &Catalog, bundle: &Bundle, answers: &Answers) -> Selection {
    evaluate(bundle, answers, |item| {
        catalog
            .item(item.as_str())
            .map(|i| {
                i.situations
                    .iter()
                    .map(|s| (s.code.clone(), s.default))
                    .collect()
            })
            .unwrap_or_default()
    })
    .unwrap()
}

fn metrics(catalog: &Catalog, answers: &Answers) -> ReformMetrics {
    let bundle = chef(catalog);
    let selection = select(catalog, bundle, answers);
    reform_metrics(bundle, &selection, &catalog.items).unwrap()
}

/// Hand count from demo/catalog/10-itinerant-chef.yaml, default answers
/// (nothing answered: all three members; situation `itinerant` for the
/// registration and the food licence, the health item has none).
///
/// Steps (each item's `steps`):
///   个体工商户设立登记  受理, 审查, 登记决定, 发照                 = 4
///   食品经营许可        受理, 审查（含现场核查）, 许可决定, 制证发证 = 4
///   健康证明            登记, 健康检查, 检验与结果判定, 出具证明     = 4
///   before 4 + 4 + 4 = 12; after = the bundle's 3 steps
///   (一表申报, 一窗受理, 并联审批) → (12 − 3) / 12 = 75.0 %.
///
/// Materials (applicable under the chosen situations; x = exempted):
///   登记  gtgsh-application x(online form), id-card,
///         premises-proof x(commitment, itinerant)                    = 3
///   许可  food-licence-application x, business-licence x(e-licence),
///         id-card, premises-proof x(commitment, itinerant),
///         equipment-layout, food-safety-rules x(commitment),
///         health-certificate x(e-proof)                               = 7
///   健康  health-check-form x, id-card, photo                         = 3
///   before 3 + 7 + 3 = 13; after = distinct non-exempted codes
///   {id-card, equipment-layout, photo} = 3 → 10 fewer, as the report
///   says; (13 − 3) / 13 = 76.9 %.
///
/// Form fields (data elements):
///   登记  person-name, resident-id, gender, phone, domicile-address,
///         entity-name, business-address, business-scope,
///         organisation-form, staff-count, capital-amount             = 11
///   许可  entity-name, uscc, person-name, resident-id, phone,
///         business-address, food-business-type, food-business-items,
///         food-safety-manager, staff-count                           = 10
///   健康  person-name, gender, birth-date, resident-id, phone,
///         entity-name, industry-category, domicile-address            = 8
///   before 11 + 10 + 8 = 29; distinct = the 11 of 登记 + 4 new in 许可
///   (uscc, food-business-type, food-business-items, food-safety-manager)
///   plus 2 new in 健康 (birth-date, industry-category) = 17;
///   (29 − 17) / 29 = 41.4 %.
///
/// Days (promised limits, working days): 登记 1, 许可 5, 健康 3.
///   before 1 + 5 + 3 = 9 (one after another); after = longest path of
///   the parallel DAG = max(1, 5, 3) = 5; (9 − 5) / 9 = 44.4 %.
///
/// Trips (visits): 1 + 1 + 1 = 3 one by one; the bundle's visits = 1
///   (the health check itself); (3 − 1) / 3 = 66.7 %.
#[test]
fn itinerant_chef_metrics_match_a_hand_count() {
    let catalog = demo_catalog();
    let m = metrics(&catalog, &Answers::new());
    assert_eq!(
        m.members,
        vec![
            code("liancheng.gtgsh-registration"),
            code("liancheng.food-business-licence"),
            code("liancheng.health-certificate"),
        ]
    );
    assert_eq!(
        (m.steps.before, m.steps.after, m.steps.percent),
        (12, 3, 75.0)
    );
    assert_eq!(
        (m.materials.before, m.materials.after, m.materials.percent),
        (13, 3, 76.9)
    );
    assert_eq!(
        m.materials.before - m.materials.after,
        10,
        "the report's 10 fewer materials"
    );
    assert_eq!(
        (m.fields.before, m.fields.after, m.fields.percent),
        (29, 17, 41.4)
    );
    assert_eq!(
        (m.days.before, m.days.after, m.days.percent),
        (9.0, 5.0, 44.4)
    );
    assert_eq!(
        (m.trips.before, m.trips.after, m.trips.percent),
        (3, 1, 66.7)
    );
}

/// An applicant who already holds a 个体工商户 licence drops the
/// registration member. Hand count for 许可 + 健康 (see above):
///   steps 4 + 4 = 8 → 3 (62.5 %); materials 7 + 3 = 10 → {id-card,
///   equipment-layout, photo} = 3 (70.0 %); fields 10 + 8 = 18 → the 10 of
///   许可 + gender, birth-date, industry-category, domicile-address = 14
///   (22.2 %); days 5 + 3 = 8 → 5 (37.5 %); trips 2 → 1 (50.0 %).
#[test]
fn an_already_registered_chef_gets_two_members_and_smaller_savings() {
    let catalog = demo_catalog();
    let answers = Answers::from([("already_registered".to_string(), Answer::YesNo(true))]);
    let m = metrics(&catalog, &answers);
    assert_eq!(
        m.members,
        vec![
            code("liancheng.food-business-licence"),
            code("liancheng.health-certificate"),
        ]
    );
    assert_eq!(
        (m.steps.before, m.steps.after, m.steps.percent),
        (8, 3, 62.5)
    );
    assert_eq!(
        (m.materials.before, m.materials.after, m.materials.percent),
        (10, 3, 70.0)
    );
    assert_eq!(
        (m.fields.before, m.fields.after, m.fields.percent),
        (18, 14, 22.2)
    );
    assert_eq!(
        (m.days.before, m.days.after, m.days.percent),
        (8.0, 5.0, 37.5)
    );
    assert_eq!(
        (m.trips.before, m.trips.after, m.trips.percent),
        (2, 1, 50.0)
    );
}

/// A cook with a fixed kitchen gets the `fixed-premises` situation: the
/// premises proof is no longer replaced by a commitment, so the bundle
/// needs 4 distinct materials instead of 3 (13 before either way).
#[test]
fn a_fixed_kitchen_needs_the_premises_proof() {
    let catalog = demo_catalog();
    let answers = Answers::from([("premises".to_string(), Answer::Choice("fixed".into()))]);
    let selection = select(&catalog, chef(&catalog), &answers);
    assert_eq!(
        selection.situations_of(&code("liancheng.food-business-licence")),
        &[code("fixed-premises")]
    );
    let m = metrics(&catalog, &answers);
    assert_eq!((m.materials.before, m.materials.after), (13, 4));
}
