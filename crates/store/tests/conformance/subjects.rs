//! Conformance checks: subjects and the keys that find them (一人两证一档),
//! applicant links, consents, the data-use log and the demo data sources.

use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use tongban_domain::ident::{Code, Passport, ResidencePermit, ResidentId, TaiwanPermit, Uscc};
use tongban_domain::subject::{
    ApplicationRef, Consent, ConsentId, Enterprise, IdentityDocuments, Person, Profile, Purpose,
    SourceRef, Subject, SubjectId, SubjectKey,
};
use tongban_store::{StoreError, SubjectStore};

use crate::common::{Fixture, uscc};

/// A fixed moment, so checks do not depend on the machine's clock.
fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_767_225_600, 0).unwrap() // 2026-01-01T00:00:00Z
}

/// 17 digits completed with their GB 11643 check character.
fn with_check(first17: &str) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .bytes()
        .zip(W)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{first17}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

fn resident(first17: &str) -> ResidentId {
    ResidentId::parse(&with_check(first17)).unwrap()
}

fn person(id: &str, name: &str, documents: IdentityDocuments) -> Subject {
    Subject {
        id: SubjectId::new(id),
        profile: Profile::Person(Person {
            name: name.into(),
            documents,
            phone: None,
            address: Some("福建省龙岩市连城县莲峰镇北大路12号".into()),
        }),
    }
}

fn taiwanese() -> Subject {
    let docs = IdentityDocuments::taiwan(
        Some(TaiwanPermit::parse("08123456").unwrap()),
        Some(ResidencePermit::parse(&with_check("83000019850612003")).unwrap()),
    )
    .unwrap();
    person("s-tw", "林志明", docs)
}

fn consent(id: &str, subject: &str, app: &str, at: DateTime<Utc>) -> Consent {
    Consent {
        id: ConsentId(id.into()),
        subject: SubjectId::new(subject),
        purpose: Purpose::Prefill,
        application: ApplicationRef(app.into()),
        sources: vec![
            SourceRef::DataSource {
                source: Code::parse("household-registry").unwrap(),
            },
            SourceRef::Licence {
                licence_type: Code::parse("health-certificate").unwrap(),
            },
        ],
        granted_at: at,
        revoked_at: None,
    }
}

fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

pub async fn subjects_round_trip_by_id_and_by_each_of_their_keys(f: Fixture) {
    let zhang = person(
        "s-zhang",
        "张三",
        IdentityDocuments::resident(ResidentId::parse("11010519491231002X").unwrap())
            .with_passport(Passport::parse("E12345678").unwrap()),
    );
    let firm = Subject {
        id: SubjectId::new("s-firm"),
        profile: Profile::Enterprise(Enterprise {
            name: "连城县客家小厨餐饮有限公司".into(),
            uscc: Uscc::parse(&uscc(7)).unwrap(),
            legal_representative: None,
            address: None,
            phone: None,
        }),
    };
    f.db.insert_subject(&zhang, t0()).await.unwrap();
    f.db.insert_subject(&firm, t0()).await.unwrap();
    assert_eq!(f.db.subject(&zhang.id).await.unwrap(), Some(zhang.clone()));
    for key in zhang.keys() {
        assert_eq!(
            f.db.subject_by_key(&key).await.unwrap(),
            Some(zhang.clone()),
            "{key:?}"
        );
    }
    let by_code = SubjectKey::Uscc(Uscc::parse(&uscc(7)).unwrap());
    assert_eq!(f.db.subject_by_key(&by_code).await.unwrap(), Some(firm));
    let stranger = SubjectKey::ResidentId(resident("35082519800101001"));
    assert_eq!(f.db.subject_by_key(&stranger).await.unwrap(), None);
    assert_eq!(f.db.subject(&SubjectId::new("s-none")).await.unwrap(), None);
}

pub async fn either_taiwan_permit_finds_the_same_subject(f: Fixture) {
    let lin = taiwanese();
    f.db.insert_subject(&lin, t0()).await.unwrap();
    let by_entry = SubjectKey::TaiwanPermit(TaiwanPermit::parse("08123456").unwrap());
    let by_old_form = SubjectKey::TaiwanPermit(TaiwanPermit::parse("0812345602").unwrap());
    let by_residence = SubjectKey::ResidencePermit(
        ResidencePermit::parse(&with_check("83000019850612003")).unwrap(),
    );
    for key in [by_entry, by_old_form, by_residence] {
        let found = f.db.subject_by_key(&key).await.unwrap();
        assert_eq!(found.map(|s| s.id), Some(SubjectId::new("s-tw")), "{key:?}");
    }
}

pub async fn a_taken_key_is_refused_masked_and_nothing_is_written(f: Fixture) {
    f.db.insert_subject(&taiwanese(), t0()).await.unwrap();
    // A second profile claiming the same 居住证, with a new passport.
    let residence = ResidencePermit::parse(&with_check("83000019850612003")).unwrap();
    let twin = person(
        "s-twin",
        "林志明",
        IdentityDocuments::taiwan(None, Some(residence.clone()))
            .unwrap()
            .with_passport(Passport::parse("P7654321").unwrap()),
    );
    let err = f.db.insert_subject(&twin, t0()).await.unwrap_err();
    let StoreError::AlreadyExists { key, .. } = &err else {
        panic!("expected AlreadyExists, got {err:?}");
    };
    assert!(!key.contains(residence.as_str()), "unmasked key: {key}");
    assert!(!err.to_string().contains(residence.as_str()));
    assert_eq!(f.db.subject(&SubjectId::new("s-twin")).await.unwrap(), None);
    let passport = SubjectKey::Passport(Passport::parse("P7654321").unwrap());
    assert_eq!(f.db.subject_by_key(&passport).await.unwrap(), None);
    // The same id again is refused too.
    let again = f.db.insert_subject(&taiwanese(), t0()).await.unwrap_err();
    assert!(
        matches!(again, StoreError::AlreadyExists { .. }),
        "{again:?}"
    );
}

pub async fn an_applicant_is_linked_to_one_subject_and_relinking_replaces_it(f: Fixture) {
    let zhang = person(
        "s-zhang",
        "张三",
        IdentityDocuments::resident(resident("35082519800101001")),
    );
    let lin = taiwanese();
    f.db.insert_subject(&zhang, t0()).await.unwrap();
    f.db.insert_subject(&lin, t0()).await.unwrap();
    assert_eq!(f.db.linked_subject("applicant:a1").await.unwrap(), None);
    f.db.link_applicant("applicant:a1", &zhang.id, t0())
        .await
        .unwrap();
    f.db.link_applicant("applicant:a2", &lin.id, t0())
        .await
        .unwrap();
    assert_eq!(
        f.db.linked_subject("applicant:a1").await.unwrap(),
        Some(zhang)
    );
    f.db.link_applicant("applicant:a1", &lin.id, t0())
        .await
        .unwrap();
    assert_eq!(
        f.db.linked_subject("applicant:a1").await.unwrap(),
        Some(lin.clone())
    );
    assert_eq!(
        f.db.linked_subject("applicant:a2").await.unwrap(),
        Some(lin)
    );
}

pub async fn consents_are_granted_revoked_and_listed_per_subject(f: Fixture) {
    let zhang = person(
        "s-zhang",
        "张三",
        IdentityDocuments::resident(resident("35082519800101001")),
    );
    f.db.insert_subject(&zhang, t0()).await.unwrap();
    f.db.insert_subject(&taiwanese(), t0()).await.unwrap();
    let a = consent("c-a", "s-zhang", "app-a", t0());
    let b = consent("c-b", "s-zhang", "app-b", t0() + Duration::minutes(1));
    let other = consent("c-tw", "s-tw", "app-a", t0());
    for c in [&a, &b, &other] {
        f.db.insert_consent(c).await.unwrap();
    }
    assert!(matches!(
        f.db.insert_consent(&a).await.unwrap_err(),
        StoreError::AlreadyExists { .. }
    ));
    assert_eq!(f.db.consent(&a.id).await.unwrap(), Some(a.clone()));
    let all = f.db.consents_of(&zhang.id, None).await.unwrap();
    assert_eq!(
        all,
        vec![b.clone(), a.clone()],
        "newest first, this subject's only"
    );
    let of_a =
        f.db.consents_of(&zhang.id, Some(&a.application))
            .await
            .unwrap();
    assert_eq!(of_a, vec![a.clone()]);

    // Another subject cannot withdraw it; nothing changes.
    let by_other =
        f.db.revoke_consent(&SubjectId::new("s-tw"), &a.id, t0())
            .await
            .unwrap();
    assert_eq!(by_other, None);
    assert_eq!(f.db.consent(&a.id).await.unwrap().unwrap().revoked_at, None);

    let at = t0() + Duration::hours(1);
    let revoked =
        f.db.revoke_consent(&zhang.id, &a.id, at)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(revoked.revoked_at, Some(at));
    // A later withdrawal does not move the first one.
    let again =
        f.db.revoke_consent(&zhang.id, &a.id, at + Duration::hours(1))
            .await
            .unwrap();
    assert_eq!(again.unwrap().revoked_at, Some(at));
    assert_eq!(f.db.consent(&a.id).await.unwrap(), Some(a.revoked(at)));
    assert_eq!(f.db.consent(&b.id).await.unwrap().unwrap().revoked_at, None);
}

pub async fn the_data_use_log_lists_entries_by_subject_only_newest_first(f: Fixture) {
    let zhang = person(
        "s-zhang",
        "张三",
        IdentityDocuments::resident(resident("35082519800101001")),
    );
    f.db.insert_subject(&zhang, t0()).await.unwrap();
    f.db.insert_subject(&taiwanese(), t0()).await.unwrap();
    f.db.insert_consent(&consent("c-z", "s-zhang", "app-a", t0()))
        .await
        .unwrap();
    f.db.insert_consent(&consent("c-t", "s-tw", "app-a", t0()))
        .await
        .unwrap();
    let entry = |n: u32| json!({ "id": format!("use-{n}"), "elements": ["person-name"], "n": n });
    let z = SubjectId::new("s-zhang");
    let t = SubjectId::new("s-tw");
    let later = t0() + Duration::seconds(5);
    f.db.append_data_use("use-1", &z, t0(), &ConsentId("c-z".into()), &entry(1))
        .await
        .unwrap();
    f.db.append_data_use("use-2", &t, t0(), &ConsentId("c-t".into()), &entry(2))
        .await
        .unwrap();
    f.db.append_data_use("use-3", &z, later, &ConsentId("c-z".into()), &entry(3))
        .await
        .unwrap();
    // Same instant as use-3: the one appended later is listed first.
    f.db.append_data_use("use-4", &z, later, &ConsentId("c-z".into()), &entry(4))
        .await
        .unwrap();
    let taken =
        f.db.append_data_use("use-1", &z, t0(), &ConsentId("c-z".into()), &entry(9))
            .await;
    assert!(
        matches!(taken, Err(StoreError::AlreadyExists { .. })),
        "{taken:?}"
    );
    let mine = f.db.data_uses_of(&z).await.unwrap();
    assert_eq!(mine, vec![entry(4), entry(3), entry(1)]);
    assert_eq!(f.db.data_uses_of(&t).await.unwrap(), vec![entry(2)]);
    assert!(
        f.db.data_uses_of(&SubjectId::new("s-none"))
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn source_records_are_replaced_per_source_and_licences_are_held_once(f: Fixture) {
    let zhang = person(
        "s-zhang",
        "张三",
        IdentityDocuments::resident(resident("35082519800101001")),
    );
    f.db.insert_subject(&zhang, t0()).await.unwrap();
    let household = code("household-registry");
    let social = code("social-insurance");
    let first = vec![
        (code("person-name"), "张三".to_string()),
        (code("ethnicity"), "汉族".to_string()),
    ];
    f.db.put_source_records(&household, &zhang.id, &first)
        .await
        .unwrap();
    f.db.put_source_records(
        &social,
        &zhang.id,
        &[(code("insured-type"), "职工基本医疗保险".into())],
    )
    .await
    .unwrap();
    let mut read = f.db.source_records(&household, &zhang.id).await.unwrap();
    read.sort();
    let mut expected = first.clone();
    expected.sort();
    assert_eq!(read, expected);
    let second = vec![(code("person-name"), "张叁".to_string())];
    f.db.put_source_records(&household, &zhang.id, &second)
        .await
        .unwrap();
    assert_eq!(
        f.db.source_records(&household, &zhang.id).await.unwrap(),
        second
    );
    assert_eq!(
        f.db.source_records(&social, &zhang.id).await.unwrap().len(),
        1
    );
}
