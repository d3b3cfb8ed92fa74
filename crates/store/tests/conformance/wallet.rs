//! Conformance checks of the wallet's grants (证照授权): consent rows with
//! a licence, a grantee and maybe a period, withdrawn like any consent.

use chrono::{DateTime, Duration, Utc};
use tongban_domain::ident::{Code, ResidentId};
use tongban_domain::subject::{
    ANY_APPLICATION, ApplicationRef, Consent, ConsentId, GrantPeriod, Grantee, IdentityDocuments,
    LicenceGrant, Person, Profile, Purpose, SourceRef, Subject, SubjectId, SubjectKey,
};
use tongban_store::{StoreError, SubjectStore};

use crate::common::Fixture;

fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_767_225_600, 0).unwrap() // 2026-01-01T00:00:00Z
}

fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

fn holder() -> Subject {
    Subject {
        id: SubjectId::new("s-holder"),
        profile: Profile::Person(Person {
            name: "张三".into(),
            documents: IdentityDocuments::resident(
                ResidentId::parse("11010519491231002X").unwrap(),
            ),
            phone: None,
            address: None,
        }),
    }
}

fn grant(id: &str, licence: &str, grantee: Grantee, period: Option<GrantPeriod>) -> LicenceGrant {
    LicenceGrant {
        consent: Consent {
            id: ConsentId(id.into()),
            subject: SubjectId::new("s-holder"),
            purpose: Purpose::Review,
            application: ApplicationRef(if period.is_some() {
                ANY_APPLICATION.into()
            } else {
                "case:LC-1".into()
            }),
            sources: vec![SourceRef::Licence {
                licence_type: code("business-licence"),
            }],
            granted_at: t0(),
            revoked_at: None,
        },
        licence: licence.into(),
        grantee,
        period,
    }
}

fn department() -> Grantee {
    Grantee::Department {
        department: code("350825-scjg"),
        name: "连城县市场监督管理局".into(),
    }
}

pub async fn grants_round_trip_and_are_listed_by_holder_and_by_licence(f: Fixture) {
    f.db.insert_subject(&holder(), t0()).await.unwrap();
    let agent = Grantee::Agent {
        name: "李四".into(),
        identifier: SubjectKey::ResidentId(ResidentId::parse("11010519491231002X").unwrap()),
    };
    let period = GrantPeriod {
        from: t0(),
        until: t0() + Duration::days(30),
    };
    let one = grant("g-1", "L1", department(), None);
    let two = grant("g-2", "L2", agent, Some(period));
    f.db.insert_grant(&one).await.unwrap();
    f.db.insert_grant(&two).await.unwrap();
    assert_eq!(
        f.db.grant(&one.consent.id).await.unwrap(),
        Some(one.clone())
    );
    assert_eq!(
        f.db.grant(&two.consent.id).await.unwrap(),
        Some(two.clone())
    );
    assert_eq!(
        f.db.grants_of_licence("L1").await.unwrap(),
        vec![one.clone()]
    );
    assert_eq!(f.db.grants_of(&holder().id).await.unwrap().len(), 2);
    // A grant is a consent: listed with the holder's consents too.
    let consents = f.db.consents_of(&holder().id, None).await.unwrap();
    assert!(consents.contains(&one.consent));
    // A taken id is refused.
    assert!(matches!(
        f.db.insert_grant(&one).await,
        Err(StoreError::AlreadyExists { .. })
    ));
}

pub async fn a_grant_is_withdrawn_like_any_consent_and_an_ordinary_consent_is_no_grant(f: Fixture) {
    f.db.insert_subject(&holder(), t0()).await.unwrap();
    let one = grant("g-1", "L1", department(), None);
    f.db.insert_grant(&one).await.unwrap();
    let at = t0() + Duration::hours(1);
    let revoked =
        f.db.revoke_consent(&holder().id, &one.consent.id, at)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(revoked.revoked_at, Some(at));
    let stored = f.db.grant(&one.consent.id).await.unwrap().unwrap();
    assert_eq!(stored.consent.revoked_at, Some(at));
    assert_eq!(stored.grantee, one.grantee);

    let mut plain = one.consent.clone();
    plain.id = ConsentId("c-plain".into());
    f.db.insert_consent(&plain).await.unwrap();
    assert_eq!(f.db.grant(&plain.id).await.unwrap(), None);
    assert_eq!(f.db.grants_of(&holder().id).await.unwrap().len(), 1);
}
