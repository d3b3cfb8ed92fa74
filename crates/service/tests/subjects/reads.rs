//! Reads under consent: what is read, what is logged, and what a
//! withdrawal, another application or another purpose change.

use chrono::Duration;
use tongban_domain::ident::Code;
use tongban_domain::subject::Purpose;
use tongban_service::subjects::{HOUSEHOLD_REGISTRY, SOCIAL_INSURANCE};
use tongban_service::{DEMO_PERSON, DEMO_PHONE};

use crate::harness::{app, code_of, env, licence, source, store_licence, zhang};

#[tokio::test]
async fn with_consent_read_facts_returns_the_household_facts_and_logs_one_entry_per_source() {
    let env = env().await;
    let me = zhang(&env).await;
    let a = app("draft-a");
    let consent = env
        .subjects
        .grant_consent(
            &me,
            Purpose::Prefill,
            &a,
            vec![source(HOUSEHOLD_REGISTRY), source(SOCIAL_INSURANCE)],
        )
        .await
        .unwrap();
    let facts = env
        .subjects
        .read_facts(&me, &a, Purpose::Prefill)
        .await
        .unwrap();
    let value = |element: &str, from: &str| {
        facts
            .iter()
            .find(|f| f.element.as_str() == element && f.source.source == source(from))
            .map(|f| f.value.clone())
    };
    assert_eq!(
        value("person-name", HOUSEHOLD_REGISTRY).as_deref(),
        Some(DEMO_PERSON.0)
    );
    assert_eq!(
        value("resident-id", HOUSEHOLD_REGISTRY).as_deref(),
        Some(DEMO_PERSON.1)
    );
    assert_eq!(
        value("birth-date", HOUSEHOLD_REGISTRY).as_deref(),
        Some("1949-12-31")
    );
    assert_eq!(value("gender", HOUSEHOLD_REGISTRY).as_deref(), Some("女"));
    assert_eq!(
        value("phone", SOCIAL_INSURANCE).as_deref(),
        Some(DEMO_PHONE)
    );
    assert!(facts.iter().all(|f| f.source.consent == consent.id));
    assert!(facts.iter().any(|f| f.source.name == "公安户籍信息"));

    let log = env.subjects.data_use_log(&me).await.unwrap();
    assert_eq!(log.len(), 2, "one entry per source read: {log:?}");
    for entry in &log {
        assert_eq!(entry.consent, consent.id);
        assert_eq!(entry.application, a);
        assert_eq!(entry.purpose, Purpose::Prefill);
        assert_eq!(entry.reader, me.id);
        let read: Vec<_> = facts
            .iter()
            .filter(|f| f.source.source == entry.source)
            .collect();
        assert_eq!(entry.elements.len(), read.len(), "{}", entry.source_name);
    }
    let household = log
        .iter()
        .find(|e| e.source == source(HOUSEHOLD_REGISTRY))
        .unwrap();
    assert!(
        household
            .elements
            .iter()
            .any(|e| e.as_str() == "domicile-address")
    );
}

#[tokio::test]
async fn without_a_consent_nothing_is_read_and_nothing_is_logged() {
    let env = env().await;
    let me = zhang(&env).await;
    let facts = env
        .subjects
        .read_facts(&me, &app("draft-a"), Purpose::Prefill)
        .await
        .unwrap();
    assert!(facts.is_empty());
    assert!(env.subjects.data_use_log(&me).await.unwrap().is_empty());
    // A consent for another purpose opens nothing for prefill either.
    env.subjects
        .grant_consent(
            &me,
            Purpose::Review,
            &app("draft-a"),
            vec![source(HOUSEHOLD_REGISTRY)],
        )
        .await
        .unwrap();
    let facts = env
        .subjects
        .read_facts(&me, &app("draft-a"), Purpose::Prefill)
        .await
        .unwrap();
    assert!(facts.is_empty());
    assert!(env.subjects.data_use_log(&me).await.unwrap().is_empty());
}

#[tokio::test]
async fn after_revoking_the_consent_nothing_is_read_from_that_source_and_nothing_new_is_logged() {
    let env = env().await;
    let me = zhang(&env).await;
    let a = app("draft-a");
    let household = env
        .subjects
        .grant_consent(&me, Purpose::Prefill, &a, vec![source(HOUSEHOLD_REGISTRY)])
        .await
        .unwrap();
    env.subjects
        .grant_consent(&me, Purpose::Prefill, &a, vec![source(SOCIAL_INSURANCE)])
        .await
        .unwrap();
    let before = env
        .subjects
        .read_facts(&me, &a, Purpose::Prefill)
        .await
        .unwrap();
    assert!(
        before
            .iter()
            .any(|f| f.source.source == source(HOUSEHOLD_REGISTRY))
    );
    assert_eq!(env.subjects.data_use_log(&me).await.unwrap().len(), 2);

    env.clock.advance(Duration::minutes(1));
    let revoked = env
        .subjects
        .revoke_consent(&me, &household.id)
        .await
        .unwrap();
    assert!(revoked.revoked_at.is_some());
    let after = env
        .subjects
        .read_facts(&me, &a, Purpose::Prefill)
        .await
        .unwrap();
    assert!(
        after
            .iter()
            .all(|f| f.source.source != source(HOUSEHOLD_REGISTRY)),
        "{after:?}"
    );
    assert!(
        after
            .iter()
            .any(|f| f.source.source == source(SOCIAL_INSURANCE))
    );
    let log = env.subjects.data_use_log(&me).await.unwrap();
    let household_reads = log
        .iter()
        .filter(|e| e.source == source(HOUSEHOLD_REGISTRY))
        .count();
    assert_eq!(household_reads, 1, "no household read after the withdrawal");
    assert_eq!(log.len(), 3);
    assert_eq!(log[0].source, source(SOCIAL_INSURANCE), "newest first");
}

#[tokio::test]
async fn a_consent_for_application_a_does_not_open_reads_for_application_b() {
    let env = env().await;
    let me = zhang(&env).await;
    env.subjects
        .grant_consent(
            &me,
            Purpose::Prefill,
            &app("draft-a"),
            vec![source(HOUSEHOLD_REGISTRY)],
        )
        .await
        .unwrap();
    let for_b = env
        .subjects
        .read_facts(&me, &app("draft-b"), Purpose::Prefill)
        .await
        .unwrap();
    assert!(for_b.is_empty());
    assert!(env.subjects.data_use_log(&me).await.unwrap().is_empty());
    let for_a = env
        .subjects
        .read_facts(&me, &app("draft-a"), Purpose::Prefill)
        .await
        .unwrap();
    assert!(!for_a.is_empty());
    let listed = env
        .subjects
        .consents(&me, Some(&app("draft-b")))
        .await
        .unwrap();
    assert!(listed.is_empty());
    assert_eq!(env.subjects.consents(&me, None).await.unwrap().len(), 1);
}

#[tokio::test]
async fn only_valid_wallet_licences_are_found_under_a_licence_consent_and_each_lookup_is_logged() {
    let env = env().await;
    let me = zhang(&env).await;
    // 张三's wallet: a revoked health certificate and a valid business licence.
    store_licence(&env, "demo-person-zhangsan", "health-certificate", 1, true).await;
    store_licence(&env, "demo-person-zhangsan", "business-licence", 2, false).await;
    let a = app("draft-a");
    let none = env
        .subjects
        .licences_held(&me, &a, Purpose::MaterialExemption)
        .await
        .unwrap();
    assert!(none.is_empty(), "no consent, no lookup");
    env.subjects
        .grant_consent(
            &me,
            Purpose::MaterialExemption,
            &a,
            vec![licence("health-certificate"), licence("business-licence")],
        )
        .await
        .unwrap();
    let held = env
        .subjects
        .licences_held(&me, &a, Purpose::MaterialExemption)
        .await
        .unwrap();
    assert_eq!(
        held.len(),
        1,
        "the revoked licence does not count: {held:?}"
    );
    assert_eq!(
        held[0].licence_type,
        Code::parse("business-licence").unwrap()
    );
    let stored = tongban_store::LicenceStore::licences_held_by(&*env.db, "demo-person-zhangsan")
        .await
        .unwrap();
    let valid = stored
        .iter()
        .find(|r| r.licence.type_code.as_str() == "business-licence")
        .unwrap();
    assert_eq!(held[0].number, valid.licence.number.as_str());
    let log = env.subjects.data_use_log(&me).await.unwrap();
    assert_eq!(log.len(), 2, "both consented lookups are logged: {log:?}");
    let found = log
        .iter()
        .find(|e| e.source == licence("business-licence"))
        .unwrap();
    assert_eq!(found.licence.as_deref(), Some(held[0].number.as_str()));
    assert_eq!(found.consent, held[0].consent);
    let revoked = log
        .iter()
        .find(|e| e.source == licence("health-certificate"))
        .unwrap();
    assert!(revoked.elements.is_empty() && revoked.licence.is_none());
    // A licence consent opens no data source.
    assert!(
        env.subjects
            .read_facts(&me, &a, Purpose::MaterialExemption)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn unknown_sources_and_empty_consents_are_refused() {
    let env = env().await;
    let me = zhang(&env).await;
    let unknown = env
        .subjects
        .grant_consent(
            &me,
            Purpose::Prefill,
            &app("a"),
            vec![source("property-registry")],
        )
        .await;
    assert_eq!(code_of(unknown), "consent_unknown_source");
    let empty = env
        .subjects
        .grant_consent(&me, Purpose::Prefill, &app("a"), vec![])
        .await;
    assert_eq!(code_of(empty), "consent_no_sources");
    let no_app = env
        .subjects
        .grant_consent(
            &me,
            Purpose::Prefill,
            &app(" "),
            vec![source(HOUSEHOLD_REGISTRY)],
        )
        .await;
    assert_eq!(code_of(no_app), "consent_application_invalid");
    assert!(env.subjects.consents(&me, None).await.unwrap().is_empty());
}
