//! 一人两证一档: subjects found by any of their identifiers.

use super::*;

fn residence_permit() -> ResidencePermit {
    // 830000 + 1990-03-07 + 002, check character computed by trial.
    (0..=10)
        .map(|c| {
            format!(
                "83000019900307002{}",
                if c == 10 { 'X' } else { char::from(b'0' + c) }
            )
        })
        .find_map(|n| ResidencePermit::parse(&n).ok())
        .unwrap()
}

fn subjects() -> Vec<Subject> {
    let docs = IdentityDocuments::taiwan(
        Some(TaiwanPermit::parse("01234567").unwrap()),
        Some(residence_permit()),
    )
    .unwrap();
    vec![
        Subject {
            id: SubjectId::new("taiwan"),
            profile: Profile::Person(Person {
                name: "林小姐".into(),
                documents: docs,
                phone: Some(Phone::parse(PHONE).unwrap()),
                address: None,
            }),
        },
        Subject {
            id: SubjectId::new("mainland"),
            profile: Profile::Person(Person {
                name: "张三".into(),
                documents: IdentityDocuments::resident(ResidentId::parse(ID).unwrap()),
                phone: None,
                address: None,
            }),
        },
        Subject {
            id: SubjectId::new("shop"),
            profile: Profile::Enterprise(Enterprise {
                name: "连城县张三小吃店".into(),
                uscc: Uscc::parse("91350100M000100Y43").unwrap(),
                legal_representative: None,
                address: None,
                phone: None,
            }),
        },
    ]
}

#[test]
fn a_taiwan_compatriot_is_found_by_either_permit_as_the_same_subject() {
    let all = subjects();
    let index = SubjectIndex::build(&all).unwrap();
    let by_entry = SubjectKey::TaiwanPermit(TaiwanPermit::parse("01234567").unwrap());
    let by_old_entry = SubjectKey::TaiwanPermit(TaiwanPermit::parse("0123456702(B)").unwrap());
    let by_residence = SubjectKey::ResidencePermit(residence_permit());
    for key in [&by_entry, &by_old_entry, &by_residence] {
        assert_eq!(index.resolve(key).unwrap().id.as_str(), "taiwan", "{key:?}");
        assert_eq!(find_subject(&all, key).unwrap().id.as_str(), "taiwan");
    }
    assert_eq!(all[0].keys().len(), 2);
    let other = SubjectKey::TaiwanPermit(TaiwanPermit::parse("01234568").unwrap());
    assert!(index.resolve(&other).is_none());
    let by_id = SubjectKey::ResidentId(ResidentId::parse(ID).unwrap());
    assert_eq!(index.resolve(&by_id).unwrap().id.as_str(), "mainland");
    let by_uscc = SubjectKey::Uscc(Uscc::parse("91350100M000100Y43").unwrap());
    assert_eq!(index.resolve(&by_uscc).unwrap().name(), "连城县张三小吃店");
}

#[test]
fn a_second_profile_claiming_the_same_permit_is_refused() {
    let mut all = subjects();
    let mut twin = all[0].clone();
    twin.id = SubjectId::new("twin");
    if let Profile::Person(p) = &mut twin.profile {
        p.documents =
            IdentityDocuments::taiwan(Some(TaiwanPermit::parse("0123456701").unwrap()), None)
                .unwrap();
    }
    all.push(twin.clone());
    let err = SubjectIndex::build(&all).unwrap_err();
    assert_eq!(err.code(), "subject_duplicate_key");
    let index = SubjectIndex::build(&all[..3]).unwrap();
    assert!(index.check_link(&twin.id, &twin.keys()[0]).is_err());
    assert!(
        index
            .check_link(&SubjectId::new("taiwan"), &twin.keys()[0])
            .is_ok()
    );
}

#[test]
fn a_person_without_any_document_cannot_exist() {
    assert_eq!(
        IdentityDocuments::taiwan(None, None).unwrap_err().code(),
        "subject_no_document"
    );
    let json = serde_json::json!({"name": "无证", "documents": {}});
    assert!(serde_json::from_value::<Person>(json).is_err());
}

#[test]
fn debug_output_of_subjects_and_facts_masks_id_and_phone_numbers() {
    let all = subjects();
    let text = format!("{all:?}{:?}", profile_facts());
    for secret in [ID, PHONE, "01234567", residence_permit().as_str()] {
        assert!(!text.contains(secret), "{secret} leaked in {text}");
    }
    let round: Vec<Subject> = serde_json::from_str(&serde_json::to_string(&all).unwrap()).unwrap();
    assert_eq!(round, all, "the stored form keeps the full numbers");
}
