//! The demo data against the demo catalog: every generated identifier
//! parses, every value passes its data element, seeding is idempotent, and
//! the itinerant-chef form is prefilled for 张三 from consented sources
//! only.

use tongban_domain::Catalog;
use tongban_domain::form::{FormRules, MergedField, MergedForm, merge, prefill};
use tongban_domain::guidance::{Answer, Answers, evaluate};
use tongban_domain::ident::{ResidencePermit, ResidentId, Uscc};
use tongban_domain::subject::{
    AccessContext, ApplicationRef, Consent, Fact, Profile, Purpose, SourceRef,
};
use tongban_service::subjects::{HOUSEHOLD_REGISTRY, SOCIAL_INSURANCE, demo_data};
use tongban_service::{Clock, DEMO_PERSON, DEMO_PHONE};
use tongban_store::SubjectStore;

use crate::harness::env;

/// Every catalog data element as one form, to check values against.
fn all_elements(catalog: &Catalog) -> MergedForm {
    MergedForm {
        members: Vec::new(),
        fields: catalog
            .data_elements
            .iter()
            .map(|e| MergedField {
                element: e.clone(),
                required: false,
                uses: Vec::new(),
            })
            .collect(),
        asked_separately: 0,
        largest_single: 0,
    }
}

#[tokio::test]
async fn every_generated_identifier_parses_and_every_value_passes_its_data_element() {
    let env = env().await;
    let form = all_elements(&env.catalog);
    let rules = FormRules::compile(&form);
    let data = demo_data().unwrap();
    let persons = data
        .iter()
        .filter(|r| matches!(r.subject.profile, Profile::Person(_)))
        .count();
    assert!(persons >= 20, "{persons} persons");
    let mut resident_ids = 0;
    for record in &data {
        match &record.subject.profile {
            Profile::Person(p) => {
                if let Some(id) = p.documents.resident_id() {
                    ResidentId::parse(id.as_str()).unwrap();
                    resident_ids += 1;
                }
                if let Some(permit) = p.documents.residence_permit() {
                    ResidencePermit::parse(permit.as_str()).unwrap();
                }
            }
            Profile::Enterprise(e) => {
                Uscc::parse(e.uscc.as_str()).unwrap();
            }
        }
        for (source, values) in &record.records {
            let info = env
                .subjects
                .sources()
                .into_iter()
                .find(|s| {
                    s.source
                        == SourceRef::DataSource {
                            source: source.clone(),
                        }
                })
                .unwrap();
            for (element, value) in values {
                assert!(
                    info.elements.contains(element),
                    "{element} not in {}",
                    info.name
                );
                let field = form
                    .field(element.as_str())
                    .unwrap_or_else(|| panic!("{element} is no catalog element"));
                if let Err(e) = rules.check_value(&field.element, value) {
                    panic!("{element} of {} fails: {e:?}", record.subject.id.0);
                }
                if element.as_str() == "resident-id" {
                    ResidentId::parse(value).unwrap();
                }
            }
        }
    }
    assert_eq!(resident_ids, persons - 1, "all but the Taiwan compatriot");
    // Every source's elements are catalog elements.
    for info in env.subjects.sources() {
        for element in &info.elements {
            assert!(
                form.field(element.as_str()).is_some(),
                "{element} of {}",
                info.name
            );
        }
    }
}

#[tokio::test]
async fn seeding_again_changes_nothing_and_links_the_named_applicant_to_zhang_san() {
    let env = env().await;
    let me = env.applicant(DEMO_PHONE).await;
    let again = env.subjects.seed_demo(Some(&me.id)).await.unwrap();
    let data = demo_data().unwrap();
    assert_eq!(again.persons + again.enterprises, data.len());
    let linked = env.subjects.subject_of(&me).await.unwrap().unwrap();
    assert_eq!(linked.name(), DEMO_PERSON.0);
    let zhang = &data[0].subject;
    assert_eq!(linked, *zhang);
    let household = tongban_domain::ident::Code::parse(HOUSEHOLD_REGISTRY).unwrap();
    let records = env.db.source_records(&household, &zhang.id).await.unwrap();
    assert_eq!(records.len(), 6, "full 户籍 data, written once");
    let refused = env.subjects.seed_demo(Some("staff:admin.sd")).await;
    assert_eq!(refused.unwrap_err().code(), "subject_link_not_applicant");
}

#[tokio::test]
async fn the_itinerant_chef_form_is_prefilled_for_zhang_san_only_from_consented_sources() {
    let env = env().await;
    let me = env.applicant(DEMO_PHONE).await;
    env.subjects.seed_demo(Some(&me.id)).await.unwrap();
    let bundle = env
        .catalog
        .bundles
        .iter()
        .find(|b| b.code.as_str() == "liancheng.itinerant-chef")
        .unwrap();
    let answers: Answers = [
        ("already_registered".to_string(), Answer::YesNo(false)),
        ("premises".to_string(), Answer::Choice("itinerant".into())),
        ("has_health_certificate".to_string(), Answer::YesNo(false)),
    ]
    .into_iter()
    .collect();
    let selection = evaluate(bundle, &answers, |code| {
        env.catalog
            .items
            .iter()
            .find(|i| &i.code == code)
            .map(|i| {
                i.situations
                    .iter()
                    .map(|s| (s.code.clone(), s.default))
                    .collect()
            })
            .unwrap_or_default()
    })
    .unwrap();
    let form = merge(&env.catalog, &selection).unwrap();
    let application = ApplicationRef("draft-chef".into());
    let consent = env
        .subjects
        .grant_consent(
            &me,
            Purpose::Prefill,
            &application,
            vec![
                SourceRef::DataSource {
                    source: HOUSEHOLD_REGISTRY.parse().unwrap(),
                },
                SourceRef::DataSource {
                    source: SOCIAL_INSURANCE.parse().unwrap(),
                },
            ],
        )
        .await
        .unwrap();
    let filled = |facts: &[Fact], consents: &[Consent]| {
        let access = AccessContext {
            subject: &consent.subject,
            application: &application,
            at: env.clock.now(),
            consents,
        };
        prefill(&form, facts, &access)
            .fields
            .iter()
            .filter(|f| f.prefill.is_some())
            .map(|f| f.field.element.code.to_string())
            .collect::<Vec<_>>()
    };
    let facts = env
        .subjects
        .read_facts(&me, &application, Purpose::Prefill)
        .await
        .unwrap();
    let consents = env
        .subjects
        .consents(&me, Some(&application))
        .await
        .unwrap();
    let prefilled = filled(&facts, &consents);
    for element in [
        "person-name",
        "resident-id",
        "gender",
        "birth-date",
        "domicile-address",
        "phone",
    ] {
        assert!(
            prefilled.iter().any(|e| e == element),
            "{element} not prefilled: {prefilled:?}"
        );
    }
    assert!(
        prefilled.len() < form.fields.len(),
        "some fields are still asked"
    );

    env.clock.advance(chrono::Duration::minutes(1));
    env.subjects.revoke_consent(&me, &consent.id).await.unwrap();
    let facts = env
        .subjects
        .read_facts(&me, &application, Purpose::Prefill)
        .await
        .unwrap();
    let consents = env
        .subjects
        .consents(&me, Some(&application))
        .await
        .unwrap();
    assert!(facts.is_empty());
    assert!(
        filled(&facts, &consents).is_empty(),
        "no prefill after the withdrawal"
    );
}
