//! The one set of materials, and the demo itinerant-chef bundle.

use super::*;

fn material_catalog() -> Catalog {
    let mut cat = chef_catalog();
    let exempt = |c: &str, e: Exemption| ItemMaterial {
        exemption: Some(e),
        ..uses(c)
    };
    let copy = |c: &str| ItemMaterial {
        form: MaterialForm::Copy,
        ..uses(c)
    };
    let online = || Exemption::DataSource {
        source: code(FORM_SOURCE),
    };
    cat.items[0].materials = vec![
        exempt("reg-form", online()),
        copy("id-card"),
        exempt("premises", Exemption::Commitment),
    ];
    cat.items[1].materials = vec![
        copy("id-card"),
        exempt(
            "business-licence",
            Exemption::Licence {
                licence_type: code("business-licence"),
            },
        ),
        exempt("premises", Exemption::Commitment),
        exempt(
            "household-register",
            Exemption::DataSource {
                source: code("household"),
            },
        ),
        exempt("old-proof", Exemption::Abolished),
    ];
    cat.items[2].materials = vec![uses("id-card"), uses("photo")];
    for i in &mut cat.items[..2] {
        i.commitment_allowed = true;
    }
    let codes: Vec<Code> = cat
        .items
        .iter()
        .flat_map(|i| i.materials.iter().map(|m| m.material.clone()))
        .collect();
    for c in codes {
        if !cat.materials.iter().any(|m| m.code == c) {
            cat.materials.push(material(c.as_str()));
        }
    }
    cat
}

fn dispositions(needs: &[MaterialNeed]) -> Vec<(&str, bool)> {
    needs
        .iter()
        .map(|n| {
            (
                n.material.as_str(),
                matches!(n.disposition, Disposition::ToUpload { .. }),
            )
        })
        .collect()
}

#[test]
fn materials_are_deduplicated_across_members_and_exemptions_recorded_with_evidence() {
    let cat = material_catalog();
    assert_eq!(validate(&cat), vec![], "the fixture is a valid catalog");
    let sel = everything(&cat);
    let consents = vec![consent(
        "c-data",
        Purpose::MaterialExemption,
        vec![household()],
    )];
    let (sid, app) = (subject_id(), application());
    let access = AccessContext {
        subject: &sid,
        application: &app,
        at: at(10),
        consents: &consents,
    };
    let needs = one_time_materials(&cat, &sel, &access, &[]).unwrap();
    assert_eq!(
        dispositions(&needs),
        [
            ("reg-form", false),
            ("id-card", true),
            ("premises", false),
            ("business-licence", false),
            ("household-register", false),
            ("old-proof", false),
            ("photo", true),
        ]
    );
    let id = &needs[1];
    let users: Vec<&str> = id.items.iter().map(Code::as_str).collect();
    assert_eq!(users, ["reg", "food", "health"]);
    assert_eq!(id.form, MaterialForm::Original, "the strictest form asked");
    let evidence = |m: &str| match &needs.iter().find(|n| n.material == *m).unwrap().disposition {
        Disposition::Exempt { evidence } => evidence.clone(),
        other => panic!("{m} not exempt: {other:?}"),
    };
    assert_eq!(
        evidence("business-licence"),
        [Evidence::Licence {
            licence_type: code("business-licence"),
            consent: None,
            issued_by: Some(code("reg"))
        }]
    );
    assert_eq!(
        evidence("household-register"),
        [Evidence::DataSource {
            source: code("household"),
            consent: Some(ConsentId("c-data".into()))
        }]
    );
    assert_eq!(
        evidence("premises"),
        [Evidence::Commitment],
        "one commitment for both members"
    );
    assert_eq!(evidence("old-proof"), [Evidence::Abolished]);

    let uploads = needs
        .iter()
        .filter(|n| matches!(n.disposition, Disposition::ToUpload { .. }))
        .count();
    let metrics = reform_metrics(&cat.bundles[0], &sel, &cat.items).unwrap();
    assert_eq!(
        uploads as u32, metrics.materials.after,
        "every exemption usable: as the metrics count"
    );
}

#[test]
fn an_exemption_the_applicant_cannot_use_falls_back_to_an_upload_that_says_how_to_avoid_it() {
    let cat = material_catalog();
    // Registration not applied for: the business licence must be held.
    let sel = Selection {
        members: vec![code("food"), code("health")],
        ..Selection::default()
    };
    let (sid, app) = (subject_id(), application());
    let none: Vec<Consent> = vec![];
    let access = AccessContext {
        subject: &sid,
        application: &app,
        at: at(10),
        consents: &none,
    };
    let needs = one_time_materials(&cat, &sel, &access, &[code("business-licence")]).unwrap();
    let licence = needs
        .iter()
        .find(|n| n.material == *"business-licence")
        .unwrap();
    assert_eq!(
        licence.disposition,
        Disposition::ToUpload {
            could_be_exempt: vec![Exemption::Licence {
                licence_type: code("business-licence")
            }]
        },
        "held but no 用证授权"
    );
    let register = needs
        .iter()
        .find(|n| n.material == *"household-register")
        .unwrap();
    assert!(
        matches!(register.disposition, Disposition::ToUpload { .. }),
        "no 用数授权"
    );

    let consents = vec![consent(
        "c-licence",
        Purpose::MaterialExemption,
        vec![SourceRef::Licence {
            licence_type: code("business-licence"),
        }],
    )];
    let access = AccessContext {
        consents: &consents,
        ..access
    };
    let needs = one_time_materials(&cat, &sel, &access, &[code("business-licence")]).unwrap();
    let licence = needs
        .iter()
        .find(|n| n.material == *"business-licence")
        .unwrap();
    assert_eq!(
        licence.disposition,
        Disposition::Exempt {
            evidence: vec![Evidence::Licence {
                licence_type: code("business-licence"),
                consent: Some(ConsentId("c-licence".into())),
                issued_by: None,
            }]
        }
    );
}

// ------------------------------------------------- the demo chef bundle

fn demo_catalog() -> Catalog {
    let mut catalog = Catalog::default();
    for file in tongban_testkit::demo_catalog_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let value: serde_json::Value = serde_yaml_ng::from_str(&text).unwrap();
        catalog.merge(serde_json::from_value(value).unwrap());
    }
    catalog
}

#[test]
fn the_demo_itinerant_chef_bundle_asks_fewer_fields_and_three_uploads() {
    let cat = demo_catalog();
    let b = cat.bundle("liancheng.itinerant-chef").unwrap();
    let answers: Answers = [("premises".to_string(), Answer::Choice("itinerant".into()))].into();
    let sel = evaluate(b, &answers, |c| {
        cat.item(c.as_str())
            .map(|i| {
                i.situations
                    .iter()
                    .map(|s| (s.code.clone(), s.default))
                    .collect()
            })
            .unwrap_or_default()
    })
    .unwrap();
    let merged = merge(&cat, &sel).unwrap();
    let metrics = reform_metrics(b, &sel, &cat.items).unwrap();
    // 11 + 10 + 8 fields on the three forms, 17 distinct data elements.
    assert_eq!((merged.asked_merged(), merged.asked_separately), (17, 29));
    assert_eq!((metrics.fields.after, metrics.fields.before), (17, 29));
    assert_eq!(FormRules::compile(&merged).pattern_problems(), vec![]);

    let (sid, app) = (subject_id(), application());
    let access = AccessContext {
        subject: &sid,
        application: &app,
        at: at(10),
        consents: &[],
    };
    let needs = one_time_materials(&cat, &sel, &access, &[]).unwrap();
    let uploads: Vec<&str> = needs
        .iter()
        .filter(|n| matches!(n.disposition, Disposition::ToUpload { .. }))
        .map(|n| n.material.as_str())
        .collect();
    assert_eq!(
        uploads,
        ["id-card", "equipment-layout", "photo"],
        "as the catalog file counts"
    );
    assert_eq!(uploads.len() as u32, metrics.materials.after);
}
