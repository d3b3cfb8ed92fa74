//! The merged form and prefill from consented facts.

use super::*;

#[test]
fn three_items_sharing_name_id_and_phone_ask_each_once_and_the_report_says_n_of_m() {
    let cat = chef_catalog();
    let sel = everything(&cat);
    let merged = merge(&cat, &sel).unwrap();
    // Hand count: 5 + 5 + 5 = 15 separate fields; distinct elements are
    // name, idno, phone, addr, scope, uscc, staff, birth, gender = 9.
    let report = FormReport::of(&merged);
    assert_eq!((report.asked_merged, report.asked_separately), (9, 15));
    assert!(report.asked_merged < report.asked_separately);
    let codes: Vec<&str> = merged
        .fields
        .iter()
        .map(|f| f.element.code.as_str())
        .collect();
    assert_eq!(
        codes,
        [
            "name", "idno", "phone", "addr", "scope", "uscc", "staff", "birth", "gender"
        ],
        "first appearance order"
    );
    let name = merged.field("name").unwrap();
    let users: Vec<&str> = name.uses.iter().map(|u| u.item.as_str()).collect();
    assert_eq!(users, ["reg", "food", "health"]);
    assert_eq!(name.label(), "姓名");

    let metrics = reform_metrics(&cat.bundles[0], &sel, &cat.items).unwrap();
    assert_eq!(
        (metrics.fields.before, metrics.fields.after),
        (report.asked_separately, report.asked_merged),
        "the form report counts fields as the reform metrics do"
    );
}

#[test]
fn a_field_is_required_when_any_member_requires_it_and_optional_only_when_none_does() {
    let mut cat = chef_catalog();
    cat.items[2].fields.push(optional("uscc"));
    cat.items[2].fields.push(field("birth"));
    let merged = merge(&cat, &everything(&cat)).unwrap();
    assert!(!merged.field("uscc").unwrap().required, "optional in both");
    assert!(
        merged.field("birth").unwrap().required,
        "required by one use"
    );
}

#[test]
fn only_the_selected_members_fields_are_merged() {
    let cat = chef_catalog();
    let sel = Selection {
        members: vec![code("reg")],
        ..Selection::default()
    };
    let merged = merge(&cat, &sel).unwrap();
    assert_eq!(merged.asked_merged(), 5);
    assert!(merged.field("gender").is_none());
}

#[test]
fn a_member_missing_from_the_catalog_is_an_error_not_a_panic() {
    let cat = chef_catalog();
    let sel = Selection {
        members: vec![code("nope")],
        ..Selection::default()
    };
    assert_eq!(merge(&cat, &sel).unwrap_err().code(), "form_missing_item");
}

// ---------------------------------------------------------------- prefill

#[test]
fn prefill_fills_only_from_consented_facts_and_marks_their_source() {
    let cat = chef_catalog();
    let merged = merge(&cat, &everything(&cat)).unwrap();
    let consents = vec![
        consent("c-prefill", Purpose::Prefill, vec![household()]),
        // Consent for review only: cannot prefill.
        consent(
            "c-review",
            Purpose::Review,
            vec![SourceRef::DataSource {
                source: code("telecom"),
            }],
        ),
    ];
    let mut facts = profile_facts();
    facts.push(fact(
        "phone",
        PHONE,
        SourceRef::DataSource {
            source: code("telecom"),
        },
        "c-review",
    ));
    // Read under a consent that does not name the social-insurance source.
    facts.push(fact(
        "staff",
        "3",
        SourceRef::DataSource {
            source: code("social"),
        },
        "c-prefill",
    ));
    // Another person's fact.
    let mut other = fact("gender", "女", household(), "c-prefill");
    other.subject = SubjectId::new("s-2");
    facts.push(other);
    let (sid, app) = (subject_id(), application());
    let access = AccessContext {
        subject: &sid,
        application: &app,
        at: at(10),
        consents: &consents,
    };

    let filled = prefill(&merged, &facts, &access);
    assert_eq!(prefilled_elements(&filled), ["name", "idno", "addr"]);
    let idno = filled
        .fields
        .iter()
        .find(|f| f.field.element.code == *"idno")
        .unwrap();
    let source = &idno.prefill.as_ref().unwrap().source;
    assert_eq!(
        (source.name.as_str(), source.consent.0.as_str()),
        ("公安户籍信息", "c-prefill")
    );
    assert_eq!(filled.report.prefilled, 3);
    assert_eq!(filled.report.to_fill, filled.report.asked_merged - 3);
    assert_eq!(filled.to_ask().count() as u32, filled.report.to_fill);
    assert!(
        !format!("{filled:?}").contains(ID),
        "Debug masks prefilled ID numbers"
    );
}

#[test]
fn revoking_the_consent_un_prefills_the_fields() {
    let cat = chef_catalog();
    let merged = merge(&cat, &everything(&cat)).unwrap();
    let (sid, app) = (subject_id(), application());
    let granted = vec![consent("c-prefill", Purpose::Prefill, vec![household()])];
    let access = AccessContext {
        subject: &sid,
        application: &app,
        at: at(11),
        consents: &granted,
    };
    assert_eq!(
        prefill(&merged, &profile_facts(), &access).report.prefilled,
        3
    );

    let revoked = vec![granted[0].clone().revoked(at(10))];
    let after = AccessContext {
        consents: &revoked,
        ..access.clone()
    };
    let filled = prefill(&merged, &profile_facts(), &after);
    assert!(prefilled_elements(&filled).is_empty());
    assert_eq!(filled.report.to_fill, filled.report.asked_merged);

    // The same facts before the revocation were allowed.
    let before = AccessContext { at: at(9), ..after };
    assert_eq!(
        prefill(&merged, &profile_facts(), &before).report.prefilled,
        3
    );
}

#[test]
fn a_consent_for_another_application_or_not_yet_granted_does_not_prefill() {
    let cat = chef_catalog();
    let merged = merge(&cat, &everything(&cat)).unwrap();
    let mut elsewhere = consent("c-prefill", Purpose::Prefill, vec![household()]);
    elsewhere.application = ApplicationRef("app-2".into());
    let (sid, app) = (subject_id(), application());
    let consents = vec![elsewhere];
    let access = AccessContext {
        subject: &sid,
        application: &app,
        at: at(10),
        consents: &consents,
    };
    assert_eq!(
        prefill(&merged, &profile_facts(), &access).report.prefilled,
        0
    );

    let consents = vec![consent("c-prefill", Purpose::Prefill, vec![household()])];
    let early = AccessContext {
        at: at(8),
        consents: &consents,
        ..access
    };
    assert_eq!(
        prefill(&merged, &profile_facts(), &early).report.prefilled,
        0
    );
}

#[test]
fn an_invalid_fact_is_skipped_and_its_field_asked() {
    let cat = chef_catalog();
    let merged = merge(&cat, &everything(&cat)).unwrap();
    let consents = vec![consent("c-prefill", Purpose::Prefill, vec![household()])];
    let (sid, app) = (subject_id(), application());
    let access = AccessContext {
        subject: &sid,
        application: &app,
        at: at(10),
        consents: &consents,
    };
    let facts = vec![fact("idno", "110105194912310021", household(), "c-prefill")];
    let filled = prefill(&merged, &facts, &access);
    assert!(prefilled_elements(&filled).is_empty());
    assert_eq!(filled.skipped.len(), 1);
    assert_eq!(filled.skipped[0].error.code, "invalid_resident_id_checksum");
}

#[test]
fn consent_allows_checks_subject_source_purpose_application_and_time() {
    let c = vec![consent("c", Purpose::Prefill, vec![household()])];
    let (s, a) = (subject_id(), application());
    assert!(consent_allows(
        &c,
        &s,
        &household(),
        Purpose::Prefill,
        &a,
        at(9)
    ));
    assert!(!consent_allows(
        &c,
        &SubjectId::new("x"),
        &household(),
        Purpose::Prefill,
        &a,
        at(9)
    ));
    let social = SourceRef::DataSource {
        source: code("social"),
    };
    assert!(!consent_allows(
        &c,
        &s,
        &social,
        Purpose::Prefill,
        &a,
        at(9)
    ));
    assert!(!consent_allows(
        &c,
        &s,
        &household(),
        Purpose::Review,
        &a,
        at(9)
    ));
    assert!(!consent_allows(
        &c,
        &s,
        &household(),
        Purpose::Prefill,
        &ApplicationRef("b".into()),
        at(9)
    ));
    assert!(!consent_allows(
        &c,
        &s,
        &household(),
        Purpose::Prefill,
        &a,
        at(8)
    ));
    let r = vec![c[0].clone().revoked(at(12))];
    assert!(consent_allows(
        &r,
        &s,
        &household(),
        Purpose::Prefill,
        &a,
        at(11)
    ));
    assert!(!consent_allows(
        &r,
        &s,
        &household(),
        Purpose::Prefill,
        &a,
        at(12)
    ));
}
