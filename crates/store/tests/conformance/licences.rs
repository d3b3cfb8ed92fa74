//! Checks of the licence store: licences round trip with their signature,
//! numbers are unique, one licence per issuing case member, history is
//! kept on revocation, seal keys are stored encrypted only, and licences
//! written with a case decision commit with it or not at all.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use tongban_domain::auth::Role;
use tongban_domain::case::{Case, CaseNo, Command, IntakeChannel};
use tongban_domain::ident::{Code, RegionCode, Uscc};
use tongban_domain::licence::{
    HolderKind, Issuance, Licence, LicenceField, LicenceHolder, LicenceNumber, LicenceType,
    RevisionEvent, Validity,
};
use tongban_domain::subject::{SubjectId, SubjectKey};
use tongban_seal::{ConfigKey, EncryptedKey, SealKey, SealPublicKey};
use tongban_store::{
    CaseStore, CaseUpdate, IssuedFor, LicenceInsert, LicenceRow, LicenceStore, LicenceWrite,
    NewCase, NewOutboxEvent, SealRow, StoreError,
};

use crate::common::Fixture;

fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap()
}

fn licence_type() -> LicenceType {
    LicenceType {
        code: code("ypjyxkz"),
        name: "药品经营许可证".to_string(),
        issuer: code("qs-scjgj"),
        holder_kind: HolderKind::Enterprise,
        number_tag: "YPJY".to_string(),
        fields: vec![LicenceField {
            element: code("business_scope"),
            label: "经营范围".to_string(),
            required: true,
            public: true,
        }],
        validity: Validity::Years(5),
        issued_by: vec![code("ypjy-xb")],
        updated_by: vec![],
        cancelled_by: vec![code("ypjy-zx")],
    }
}

fn licence(seq: u32) -> Licence {
    let region = RegionCode::parse("610323").unwrap();
    licence_type()
        .issue(Issuance {
            number: LicenceNumber::new(&region, "YPJY", 2026, seq).unwrap(),
            holder: LicenceHolder {
                subject: SubjectId::new("subj-42"),
                name: "岐山县康宁大药房有限公司".to_string(),
                identifier: SubjectKey::Uscc(Uscc::complete("91610323MA6X00001").unwrap()),
            },
            issuer_name: "岐山县市场监督管理局".to_string(),
            fields: BTreeMap::from([(code("business_scope"), "化学药制剂".to_string())]),
            issued_on: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            by: code("ypjy-xb"),
            replaces: vec![],
        })
        .unwrap()
}

fn row(seq: u32, case_no: &str) -> LicenceRow {
    LicenceRow {
        licence: licence(seq),
        signature: "MEUCIQ==".to_string(),
        issued_for: Some(IssuedFor {
            case_no: case_no.to_string(),
            item: "ypjy-xb".to_string(),
        }),
        row_version: 1,
        created_at: at(1_770_000_000),
        updated_at: at(1_770_000_000),
    }
}

pub async fn licences_round_trip_with_their_signature_and_issuing_case(f: Fixture) {
    let stored = row(42, "610323260301000001");
    assert_eq!(
        f.db.insert_licence(&stored).await.unwrap(),
        LicenceInsert::Inserted
    );
    let number = stored.licence.number.to_string();
    assert_eq!(f.db.licence(&number).await.unwrap(), Some(stored.clone()));
    assert_eq!(
        f.db.licence_issued_for("610323260301000001", "ypjy-xb")
            .await
            .unwrap(),
        Some(stored.clone())
    );
    assert_eq!(f.db.licence("610323YPJY2026000043").await.unwrap(), None);
    assert_eq!(
        f.db.licence_history(&number).await.unwrap(),
        stored.licence.history
    );
}

pub async fn a_taken_number_is_refused_and_a_case_member_gets_one_licence(f: Fixture) {
    let first = row(42, "610323260301000001");
    f.db.insert_licence(&first).await.unwrap();
    let same_number = row(42, "610323260301000002");
    match f.db.insert_licence(&same_number).await {
        Err(e @ StoreError::AlreadyExists { .. }) => assert_eq!(e.code(), "already_exists"),
        other => panic!("a taken number was accepted: {other:?}"),
    }
    let same_member = row(43, "610323260301000001");
    assert_eq!(
        f.db.insert_licence(&same_member).await.unwrap(),
        LicenceInsert::Existing(Box::new(first))
    );
    assert_eq!(
        f.db.licence(same_member.licence.number.as_str())
            .await
            .unwrap(),
        None
    );
    let seqs = [
        f.db.next_licence_sequence("610323", "YPJY", 2026)
            .await
            .unwrap(),
        f.db.next_licence_sequence("610323", "YPJY", 2026)
            .await
            .unwrap(),
        f.db.next_licence_sequence("610323", "YPJY", 2027)
            .await
            .unwrap(),
    ];
    assert_eq!(seqs, [1, 2, 1]);
}

pub async fn revoking_keeps_the_history_and_a_stale_write_is_a_conflict(f: Fixture) {
    let mut stored = row(42, "610323260301000001");
    f.db.insert_licence(&stored).await.unwrap();
    let on = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    stored
        .licence
        .revoke(&licence_type(), Some(code("ypjy-zx")), on, "申请注销")
        .unwrap();
    stored.row_version = 2;
    f.db.update_licence(&stored, 1).await.unwrap();
    let number = stored.licence.number.to_string();
    let read = f.db.licence(&number).await.unwrap().unwrap();
    assert_eq!(read.licence, stored.licence);
    let history = f.db.licence_history(&number).await.unwrap();
    assert_eq!(history.len(), 2);
    assert!(matches!(history[0].event, RevisionEvent::Issued { .. }));
    assert!(matches!(history[1].event, RevisionEvent::Revoked { .. }));
    match f.db.update_licence(&stored, 1).await {
        Err(StoreError::Conflict(n)) => assert_eq!(n, number),
        other => panic!("a stale write was accepted: {other:?}"),
    }
    assert_eq!(f.db.licence_history(&number).await.unwrap().len(), 2);
}

pub async fn the_current_licence_is_the_newest_of_its_type_not_revoked(f: Fixture) {
    let older = row(1, "610323260301000001");
    let mut newer = row(2, "610323260301000002");
    newer.created_at = at(1_770_000_100);
    let mut revoked = row(3, "610323260301000003");
    revoked.created_at = at(1_770_000_200);
    let on = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    revoked
        .licence
        .revoke(&licence_type(), Some(code("ypjy-zx")), on, "申请注销")
        .unwrap();
    let mut elsewhere = row(4, "610323260301000004");
    elsewhere.created_at = at(1_770_000_300);
    elsewhere.licence.holder.subject = SubjectId::new("subj-7");
    for r in [&older, &newer, &revoked, &elsewhere] {
        f.db.insert_licence(r).await.unwrap();
    }
    let current = f.db.current_licence("subj-42", "ypjyxkz").await.unwrap();
    assert_eq!(
        current,
        Some(newer.clone()),
        "the revoked newest one is skipped"
    );
    assert_eq!(
        f.db.current_licence("subj-42", "spjyxkz").await.unwrap(),
        None
    );
    assert_eq!(
        f.db.current_licence("subj-1", "ypjyxkz").await.unwrap(),
        None
    );
    let mut gone = newer;
    gone.licence
        .revoke(&licence_type(), Some(code("ypjy-zx")), on, "申请注销")
        .unwrap();
    gone.row_version = 2;
    f.db.update_licence(&gone, 1).await.unwrap();
    let current = f.db.current_licence("subj-42", "ypjyxkz").await.unwrap();
    assert_eq!(current, Some(older));
}

pub async fn a_seal_is_stored_once_per_department_with_its_key_encrypted(f: Fixture) {
    let config = ConfigKey::parse("00112233445566778899aabbccddeeff").unwrap();
    let key = SealKey::generate().unwrap();
    let seal = SealRow {
        department: "qs-scjgj".to_string(),
        public_key_pem: key.public_key_pem(),
        encrypted_key: key.encrypt(&config).unwrap().to_text(),
        created_at: at(1_770_000_000),
    };
    assert_eq!(f.db.insert_seal(&seal).await.unwrap(), seal);
    let other = SealKey::generate().unwrap();
    let second = SealRow {
        public_key_pem: other.public_key_pem(),
        encrypted_key: other.encrypt(&config).unwrap().to_text(),
        ..seal.clone()
    };
    // The first seal stays: a second first use agrees on it.
    assert_eq!(f.db.insert_seal(&second).await.unwrap(), seal);
    let stored = f.db.seal("qs-scjgj").await.unwrap().unwrap();
    assert!(stored.encrypted_key.starts_with("sm4-gcm:v1:"));
    assert!(!stored.encrypted_key.contains("PRIVATE KEY"));
    let encrypted = EncryptedKey::parse(&stored.encrypted_key).unwrap();
    let wrong = ConfigKey::parse("ffeeddccbbaa99887766554433221100").unwrap();
    assert!(SealKey::decrypt(&encrypted, &wrong).is_err());
    let back = SealKey::decrypt(&encrypted, &config).unwrap();
    assert_eq!(
        back.public_key(),
        SealPublicKey::from_pem(&stored.public_key_pem).unwrap()
    );
    // A clear key cannot be stored: the column only takes SM4-GCM text.
    let clear = SealRow {
        department: "qs-wjj".to_string(),
        encrypted_key: "-----BEGIN PRIVATE KEY-----".to_string(),
        ..seal
    };
    assert!(f.db.insert_seal(&clear).await.is_err());
    assert_eq!(f.db.seal("qs-wjj").await.unwrap(), None);
}

/// A stored window case for the sample food item; its number and the
/// submission update a decision would be built like.
async fn stored_case(f: &Fixture) -> (CaseNo, CaseUpdate) {
    let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let item = crate::common::item("ypjy-xb", "药品经营许可", "qs-scjgj");
    let provisional = CaseNo::new(&RegionCode::parse("610323").unwrap(), day, 1).unwrap();
    let case = Case::for_item(
        provisional,
        &item,
        &[],
        IntakeChannel::Window,
        at(1_772_300_000).naive_utc(),
    );
    let created =
        f.db.create_case(NewCase {
            case,
            day,
            owner: Some("applicant:pharmacy".into()),
            phone: None,
            at: at(1_772_300_000),
            audit: vec![],
            outbox: vec![],
            idempotency: None,
        })
        .await
        .unwrap();
    let no = created.case_no().clone();
    let stored = f.db.load_case(&no).await.unwrap().unwrap();
    let (next, _) = stored
        .case
        .apply_to_all(
            &Command::Submit,
            Role::WindowClerk,
            at(1_772_300_100).naive_utc(),
        )
        .unwrap();
    let update = CaseUpdate {
        case: next,
        expected_version: stored.version,
        at: at(1_772_300_100),
        audit: vec![],
        outbox: vec![NewOutboxEvent {
            event: "licence.issued".into(),
            payload: serde_json::json!({ "case_no": no }),
        }],
        licences: vec![],
        idempotency: None,
    };
    (no, update)
}

pub async fn a_case_update_writes_its_licences_in_its_transaction_or_none_at_all(f: Fixture) {
    let (no, mut update) = stored_case(&f).await;
    let mut issued = row(42, no.as_str());
    issued.issued_for = Some(IssuedFor {
        case_no: no.to_string(),
        item: "ypjy-xb".into(),
    });
    // A stale case version: the case update fails, and so does the licence.
    update.licences = vec![LicenceWrite::Insert(Box::new(issued.clone()))];
    update.expected_version += 7;
    assert!(matches!(
        f.db.update_case(update.clone()).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        f.db.licence(issued.licence.number.as_str()).await.unwrap(),
        None
    );
    assert!(
        f.db.licence_history(issued.licence.number.as_str())
            .await
            .unwrap()
            .is_empty()
    );

    // A licence write that fails (its number is taken) takes the case
    // update, its audit and its events down with it.
    let taken = row(42, "610323260301999999");
    f.db.insert_licence(&taken).await.unwrap();
    update.expected_version -= 7;
    let pending_before = f.db.pending_outbox(100).await.unwrap().len();
    assert!(matches!(
        f.db.update_case(update.clone()).await,
        Err(StoreError::AlreadyExists { .. })
    ));
    assert_eq!(f.db.load_case(&no).await.unwrap().unwrap().version, 1);
    assert_eq!(
        f.db.pending_outbox(100).await.unwrap().len(),
        pending_before
    );
    assert_eq!(
        f.db.licence_issued_for(no.as_str(), "ypjy-xb")
            .await
            .unwrap(),
        None
    );

    // With a free number both are written, the licence linked to the case.
    let mut fresh = issued.clone();
    fresh.licence = licence(43);
    update.licences = vec![LicenceWrite::Insert(Box::new(fresh.clone()))];
    f.db.update_case(update).await.unwrap();
    assert_eq!(f.db.load_case(&no).await.unwrap().unwrap().version, 2);
    assert_eq!(
        f.db.licence_issued_for(no.as_str(), "ypjy-xb")
            .await
            .unwrap(),
        Some(fresh)
    );
}
