//! 实名核验, 一人两证一档, who sees which consents and log entries, and
//! masked log lines.

use tongban_domain::auth::{Actor, ActorKind, Role};
use tongban_domain::ident::ResidentId;
use tongban_domain::subject::{ConsentId, Purpose};
use tongban_service::subjects::{HOUSEHOLD_REGISTRY, SOCIAL_INSURANCE, demo_data};
use tongban_service::{DEMO_PERSON, DEMO_PHONE};

use crate::harness::{app, code_of, env, licence, lin, log_sink, source, with_check, zhang};

#[tokio::test]
async fn an_applicant_never_sees_or_withdraws_another_applicants_consents_or_log() {
    let env = env().await;
    let x = zhang(&env).await;
    let y = lin(&env).await;
    let a = app("draft-a");
    let xs = env
        .subjects
        .grant_consent(&x, Purpose::Prefill, &a, vec![source(HOUSEHOLD_REGISTRY)])
        .await
        .unwrap();
    env.subjects
        .read_facts(&x, &a, Purpose::Prefill)
        .await
        .unwrap();
    assert_eq!(env.subjects.data_use_log(&x).await.unwrap().len(), 1);

    assert!(env.subjects.data_use_log(&y).await.unwrap().is_empty());
    assert!(env.subjects.consents(&y, None).await.unwrap().is_empty());
    assert!(
        env.subjects
            .consents(&y, Some(&a))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        code_of(env.subjects.revoke_consent(&y, &xs.id).await),
        "consent_not_found"
    );
    let unknown = ConsentId("consent-none".into());
    assert_eq!(
        code_of(env.subjects.revoke_consent(&y, &unknown).await),
        "consent_not_found"
    );
    // X's consent still stands, and Y reading the same application gets
    // nothing of X's.
    assert!(
        env.subjects.consents(&x, None).await.unwrap()[0]
            .revoked_at
            .is_none()
    );
    let ys = env
        .subjects
        .read_facts(&y, &a, Purpose::Prefill)
        .await
        .unwrap();
    assert!(ys.is_empty());

    // Staff are not offered an applicant's data at all.
    let staff = Actor {
        id: "staff:qihe.clerk".into(),
        kind: ActorKind::Staff,
        roles: vec![Role::WindowClerk],
        region: None,
        department: None,
        token_scopes: None,
    };
    assert_eq!(
        code_of(env.subjects.data_use_log(&staff).await),
        "subject_applicant_only"
    );
    assert_eq!(
        code_of(env.subjects.consents(&staff, None).await),
        "subject_applicant_only"
    );
}

#[tokio::test]
async fn a_wrong_name_or_an_unknown_id_is_refused_and_links_nothing() {
    let env = env().await;
    let me = env.applicant(DEMO_PHONE).await;
    let wrong_name = env
        .subjects
        .verify_identity(&me, "李四", DEMO_PERSON.1)
        .await;
    assert_eq!(code_of(wrong_name), "identity_not_verified");
    // A valid number nobody in the registry holds.
    let stranger = with_check("35082519800101001");
    assert!(ResidentId::parse(&stranger).is_ok());
    let err = env
        .subjects
        .verify_identity(&me, DEMO_PERSON.0, &stranger)
        .await;
    assert_eq!(code_of(err), "identity_not_verified");
    assert_eq!(env.subjects.subject_of(&me).await.unwrap(), None);
    assert_eq!(
        code_of(
            env.subjects
                .grant_consent(
                    &me,
                    Purpose::Prefill,
                    &app("a"),
                    vec![source(HOUSEHOLD_REGISTRY)]
                )
                .await
        ),
        "subject_not_linked"
    );

    let malformed = env
        .subjects
        .verify_identity(&me, DEMO_PERSON.0, "110105194912310021")
        .await;
    let err = malformed.unwrap_err();
    assert_eq!(err.code(), "invalid_resident_id_checksum");
    assert!(!err.to_string().contains("110105194912310021"), "{err}");

    let ok = env
        .subjects
        .verify_identity(&me, " 张 三 ", DEMO_PERSON.1)
        .await
        .unwrap();
    assert_eq!(env.subjects.subject_of(&me).await.unwrap(), Some(ok));
}

#[tokio::test]
async fn either_taiwan_permit_verifies_the_same_profile_with_the_same_history() {
    let env = env().await;
    let by_entry = lin(&env).await;
    let first = env.subjects.subject_of(&by_entry).await.unwrap().unwrap();
    env.subjects
        .grant_consent(
            &by_entry,
            Purpose::Prefill,
            &app("draft-t"),
            vec![source(SOCIAL_INSURANCE)],
        )
        .await
        .unwrap();
    env.subjects
        .read_facts(&by_entry, &app("draft-t"), Purpose::Prefill)
        .await
        .unwrap();

    let residence = demo_data()
        .unwrap()
        .into_iter()
        .find(|r| r.subject.id == first.id)
        .and_then(|r| match r.subject.profile {
            tongban_domain::subject::Profile::Person(p) => p
                .documents
                .residence_permit()
                .map(|p| p.as_str().to_string()),
            _ => None,
        })
        .unwrap();
    let by_residence = env.applicant("13906000099").await;
    let second = env
        .subjects
        .verify_identity(&by_residence, "林志明", &residence)
        .await
        .unwrap();
    assert_eq!(second.id, first.id);
    // The old-form permit (issue count 02) names the same holder too.
    let third = env.applicant("13906000077").await;
    let again = env
        .subjects
        .verify_identity(&third, "林志明", "0812345602")
        .await
        .unwrap();
    assert_eq!(again.id, first.id);
    assert_eq!(
        env.subjects
            .data_use_log(&by_residence)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(env.subjects.consents(&third, None).await.unwrap().len(), 1);
}

#[tokio::test]
async fn log_lines_never_carry_an_unmasked_id_or_phone_number() {
    let env = env().await;
    let me = env.applicant(DEMO_PHONE).await;
    let _ = env
        .subjects
        .verify_identity(&me, "李四", DEMO_PERSON.1)
        .await;
    let _ = env
        .subjects
        .verify_identity(&me, "李四", "110105194912310021")
        .await;
    env.subjects
        .verify_identity(&me, DEMO_PERSON.0, DEMO_PERSON.1)
        .await
        .unwrap();
    let a = app("draft-log");
    let all = vec![
        source(HOUSEHOLD_REGISTRY),
        source(SOCIAL_INSURANCE),
        licence("health-certificate"),
    ];
    env.subjects
        .grant_consent(&me, Purpose::Prefill, &a, all)
        .await
        .unwrap();
    env.subjects
        .read_facts(&me, &a, Purpose::Prefill)
        .await
        .unwrap();
    env.subjects
        .licences_held(&me, &a, Purpose::Prefill)
        .await
        .unwrap();
    let y = lin(&env).await;
    let _ = env
        .subjects
        .verify_identity(&y, "林志明", "0812345602")
        .await;
    env.subjects.seed_demo(Some(&me.id)).await.unwrap();

    let log = log_sink().text();
    assert!(log.contains("用数记录已登记"), "the reads were logged");
    let mut secrets = vec![
        DEMO_PERSON.1.to_string(),
        DEMO_PHONE.to_string(),
        "110105194912310021".to_string(),
        "0812345602".to_string(),
    ];
    for record in demo_data().unwrap() {
        for key in record.subject.keys() {
            if key.kind() != "uscc" {
                secrets.push(key.lookup_value().to_string());
            }
        }
        for (_, values) in record.records {
            secrets.extend(
                values
                    .into_iter()
                    .filter(|(e, _)| matches!(e.as_str(), "resident-id" | "phone"))
                    .map(|(_, v)| v),
            );
        }
    }
    for secret in secrets {
        assert!(
            !log.contains(&secret),
            "log line carries {}",
            tongban_domain::mask::id_number(&secret)
        );
    }
}
