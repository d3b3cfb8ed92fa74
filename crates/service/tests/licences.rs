//! E-licences at the service layer, on a temporary SQLite database with the
//! demo catalog (licence types are catalog entries): the repair path issues
//! one signed licence per granted member (once), the public verification
//! answers 有效 / 已撤销 / 未找到, and a payload or signature with one byte
//! flipped answers 无效.

#[path = "cases/harness.rs"]
mod harness;

use std::collections::BTreeMap;
use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use tongban_domain::auth::Role;
use tongban_domain::case::{Case, Command, Outcome};
use tongban_domain::ident::Uscc;
use tongban_domain::licence::{LicenceHolder, LicenceStatus, canonical_bytes};
use tongban_domain::subject::{SubjectId, SubjectKey};
use tongban_seal::{SealPublicKey, Signature, verify};
use tongban_service::{CatalogService, Clock, Grant, LicenceService, PlatformConfig};
use tongban_store::{LicenceStore, SealRow};

use harness::{Env, FOOD, GTGSH, clerk, code, env, on, staff, submitted, whole};

/// The harness's day, an hour later.
struct Fixed(DateTime<Utc>);

impl Clock for Fixed {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// The chef's 个体工商户 as holder of the business licence (an enterprise
/// licence in the demo catalog), with its 经营范围.
fn grant() -> Grant {
    Grant {
        holder: LicenceHolder {
            subject: SubjectId::new("subject-chef-business"),
            name: "连城县老张流动餐饮服务部".into(),
            identifier: SubjectKey::Uscc(Uscc::complete("92350825MA2Y00001").unwrap()),
        },
        fields: BTreeMap::from([
            (code("business-scope"), "餐饮服务（农村集体聚餐）".into()),
            // Not a field of the business licence: left out, not refused.
            (code("phone"), "13800138000".into()),
        ]),
    }
}

async fn licences(env: &Env) -> Arc<LicenceService> {
    let catalog = Arc::new(CatalogService::new(Arc::new(env.db.clone())));
    let clock = Arc::new(Fixed(
        DateTime::parse_from_rfc3339("2025-01-24T10:00:00+08:00")
            .unwrap()
            .to_utc(),
    ));
    Arc::new(LicenceService::new(
        Arc::new(env.db.clone()),
        Arc::new(env.db.clone()),
        Arc::new(env.db.clone()),
        catalog,
        PlatformConfig::demo_licence_key(),
        clock,
    ))
}

/// The chef's case with the registration member (GTGSH) granted.
async fn granted(env: &Env) -> Case {
    let no = submitted(env).await.case.case_no.to_string();
    env.cases
        .act(&clerk(), &no, whole(Command::Accept), None)
        .await
        .unwrap();
    let examiner = staff("scjg.ex", Role::Examiner, "350825", "350825-scjg");
    let leader = staff("scjg.lead", Role::DepartmentLeader, "350825", "350825-scjg");
    env.cases
        .act(&examiner, &no, on(GTGSH, Command::StartReview), None)
        .await
        .unwrap();
    let decide = Command::Decide {
        outcome: Outcome::Granted,
        reasons: vec![],
    };
    env.cases
        .act(&leader, &no, on(GTGSH, decide), None)
        .await
        .unwrap()
        .case
}

#[tokio::test]
async fn a_granted_member_issues_one_signed_licence_however_often_it_is_asked() {
    let env = env().await;
    let service = licences(&env).await;
    let case = granted(&env).await;
    let first = service
        .issue_for_grant(&case, &code(GTGSH), grant())
        .await
        .unwrap()
        .expect("the registration member issues a business licence");
    let again = service
        .issue_for_grant(&case, &code(GTGSH), grant())
        .await
        .unwrap();
    assert_eq!(again.as_ref(), Some(&first));
    assert_eq!(first.number.tag(), "YYZZ");
    assert_eq!(first.number.year(), 2025);
    assert!(!first.issuer.name.is_empty());
    // Not granted yet: the food member issues nothing.
    assert_eq!(
        service
            .issue_for_grant(&case, &code(FOOD), grant())
            .await
            .unwrap(),
        None
    );

    // The stored signature verifies with the department's published key.
    let stored = env
        .db
        .licence(first.number.as_str())
        .await
        .unwrap()
        .unwrap();
    let pem = service.seal_public_key_pem("350825-scjg").await.unwrap();
    let public = SealPublicKey::from_pem(&pem).unwrap();
    let signature = Signature::from_base64(&stored.signature).unwrap();
    assert_eq!(
        verify(&public, &canonical_bytes(&first), &signature),
        Ok(())
    );

    // The seal's private key is kept encrypted only.
    let seal: SealRow = env.db.seal("350825-scjg").await.unwrap().unwrap();
    assert!(seal.encrypted_key.starts_with("sm4-gcm:v1:"));
}

#[tokio::test]
async fn verification_says_valid_then_revoked_and_shows_only_public_fields() {
    let env = env().await;
    let service = licences(&env).await;
    let case = granted(&env).await;
    let licence = service
        .issue_for_grant(&case, &code(GTGSH), grant())
        .await
        .unwrap()
        .unwrap();
    let valid = service.verify(&licence.number.grouped()).await.unwrap();
    assert_eq!((valid.outcome, valid.label), ("valid", "有效"));
    let view = valid.licence.unwrap();
    // An enterprise holder is public (国家企业信用信息公示系统); only the
    // fields the type marks public are shown.
    assert_eq!(view.holder_name, "连城县老张流动餐饮服务部");
    assert_eq!(view.fields.len(), 1);
    assert_eq!(view.fields[0].label, "经营范围");
    assert_eq!(view.fields[0].value, "餐饮服务（农村集体聚餐）");

    let revoked = service
        .revoke(licence.number.as_str(), "经营者申请注销")
        .await
        .unwrap();
    assert!(matches!(revoked.status, LicenceStatus::Revoked { .. }));
    let answer = service.verify(licence.number.as_str()).await.unwrap();
    assert_eq!((answer.outcome, answer.label), ("revoked", "已撤销"));
    let history = env
        .db
        .licence_history(licence.number.as_str())
        .await
        .unwrap();
    assert_eq!(history.len(), 2);
    // Revoking twice is refused and changes nothing.
    let again = service.revoke(licence.number.as_str(), "再次注销").await;
    assert_eq!(again.unwrap_err().code(), "licence_already_revoked");
}

#[tokio::test]
async fn unknown_or_malformed_numbers_are_not_found() {
    let env = env().await;
    let service = licences(&env).await;
    for number in [
        "350825YYZZ2025000001",
        "not-a-number",
        "",
        "350825-YYZZ-2025-999999-0",
    ] {
        let answer = service.verify(number).await.unwrap();
        assert_eq!(
            (answer.outcome, answer.label),
            ("not_found", "未找到"),
            "{number}"
        );
        assert!(answer.licence.is_none());
    }
}

#[tokio::test]
async fn one_flipped_byte_of_the_payload_or_the_signature_verifies_as_invalid() {
    let env = env().await;
    let service = licences(&env).await;
    let case = granted(&env).await;
    let licence = service
        .issue_for_grant(&case, &code(GTGSH), grant())
        .await
        .unwrap()
        .unwrap();
    let payload = canonical_bytes(&licence);
    let stored = env
        .db
        .licence(licence.number.as_str())
        .await
        .unwrap()
        .unwrap();
    let signature = STANDARD.decode(&stored.signature).unwrap();
    let good = service
        .verify_payload(&STANDARD.encode(&payload), &stored.signature)
        .await
        .unwrap();
    assert_eq!(good.outcome, "valid");
    for i in [0, payload.len() / 2, payload.len() - 1] {
        let mut bad = payload.clone();
        bad[i] ^= 0x01;
        let answer = service
            .verify_payload(&STANDARD.encode(&bad), &stored.signature)
            .await
            .unwrap();
        assert_eq!(
            (answer.outcome, answer.label),
            ("invalid", "无效"),
            "byte {i}"
        );
        assert!(answer.licence.is_none());
    }
    for i in [3, signature.len() / 2, signature.len() - 1] {
        let mut bad = signature.clone();
        bad[i] ^= 0x01;
        let answer = service
            .verify_payload(&STANDARD.encode(&payload), &STANDARD.encode(&bad))
            .await
            .unwrap();
        assert_eq!(answer.outcome, "invalid", "signature byte {i}");
    }
}
