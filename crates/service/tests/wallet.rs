//! 证照授权 / 证照委托 at the service layer, on the whole platform with the
//! demo catalog: a department's grant lets that department's examiners use
//! the holder's business licence for the granted case only, and the use is
//! in the holder's data-use log; a period grant ends with its period;
//! withdrawal stops every use; an agent verified as the named person uses
//! an agent grant; other departments, other roles and other people get
//! `licence_not_found` like a missing licence; a revoked licence is no
//! longer offered for 免提交.

#[path = "support/licensed.rs"]
mod licensed;
mod wallet {
    pub mod harness;
}

use chrono::NaiveDate;
use tongban_domain::auth::{Actor, Role};
use tongban_domain::licence::Licence;
use tongban_domain::subject::{ApplicationRef, ConsentId, Purpose, SourceRef};
use tongban_service::wallet::{GrantRequest, GrantScope, GranteeRequest};
use tongban_service::{DEMO_PERSON, ServiceError};

use wallet::harness::{
    Env, SCJG, WJJ, applicant, code, env, issued_licence, link_enterprise, staff,
};

fn examiner(department: &str) -> Actor {
    staff(&format!("{department}.ex"), Role::Examiner, department)
}

fn to_department(department: &str, scope: GrantScope) -> GrantRequest {
    GrantRequest {
        grantee: GranteeRequest::Department {
            department: department.into(),
        },
        scope,
    }
}

fn one_case(case_no: &str) -> GrantScope {
    GrantScope::Case {
        case_no: case_no.into(),
    }
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The code of a refusal (panics on success).
fn refused<T: std::fmt::Debug>(result: Result<T, ServiceError>) -> &'static str {
    result.unwrap_err().code()
}

/// A holder linked to a demo enterprise, with its issued business licence.
async fn holder(env: &Env) -> (Actor, Licence) {
    let holder = applicant("wallet-holder");
    link_enterprise(env, &holder).await;
    let licence = issued_licence(env, &holder).await;
    (holder, licence)
}

#[tokio::test]
async fn a_department_grant_lets_its_examiner_use_the_licence_for_that_case_only_and_logs_it() {
    let env = env().await;
    let wallet = &env.platform.wallet;
    let (holder, licence) = holder(&env).await;
    let number = licence.number.as_str();
    let grant = wallet
        .grant(&holder, number, to_department(SCJG, one_case("CASE-1")))
        .await
        .unwrap();
    assert!(grant.active);

    let used = wallet
        .use_licence(&examiner(SCJG), number, Some("CASE-1"))
        .await
        .unwrap();
    assert_eq!(used.consent, grant.consent);
    assert_eq!(used.licence.number, licence.number.as_str());

    // Not for another case, nor for no case in particular.
    for other in [Some("CASE-2"), None] {
        let result = wallet.use_licence(&examiner(SCJG), number, other).await;
        assert_eq!(refused(result), "licence_not_found");
    }

    let log = env.platform.subjects.data_use_log(&holder).await.unwrap();
    let uses: Vec<_> = log
        .iter()
        .filter(|e| e.licence.as_deref() == Some(number))
        .collect();
    assert_eq!(uses.len(), 1, "one use, logged once: {uses:?}");
    let entry = uses[0];
    assert_eq!(entry.application, ApplicationRef("case:CASE-1".into()));
    assert_eq!(entry.consent, grant.consent);
    assert_eq!(entry.purpose, Purpose::Review);
    assert_eq!(entry.reader, examiner(SCJG).id);
    assert_eq!(entry.user.as_deref(), Some(grant.grantee.as_str()));
    assert_eq!(entry.id, used.logged_as);
}

#[tokio::test]
async fn another_department_or_a_role_that_does_not_examine_is_refused_like_a_missing_licence() {
    let env = env().await;
    let wallet = &env.platform.wallet;
    let (holder, licence) = holder(&env).await;
    let number = licence.number.as_str();
    wallet
        .grant(&holder, number, to_department(SCJG, one_case("CASE-1")))
        .await
        .unwrap();
    let missing = wallet
        .use_licence(&examiner(SCJG), "350825YYZZ20259999999", Some("CASE-1"))
        .await;
    assert_eq!(refused(missing), "licence_not_found");
    let other_department = wallet
        .use_licence(&examiner(WJJ), number, Some("CASE-1"))
        .await;
    assert_eq!(refused(other_department), "licence_not_found");
    // Staff of the granted department whose role does not examine cases
    // (a supervisor) do not pass the gate.
    let supervisor = staff("scjg.sup", Role::Supervisor, SCJG);
    let gated = wallet
        .use_licence(&supervisor, number, Some("CASE-1"))
        .await;
    assert_eq!(refused(gated), "licence_not_found");
    // A person not named as agent cannot use it either.
    let stranger = applicant("wallet-stranger");
    let (name, id) = DEMO_PERSON;
    env.platform
        .subjects
        .verify_identity(&stranger, name, id)
        .await
        .unwrap();
    let result = wallet.use_licence(&stranger, number, Some("CASE-1")).await;
    assert_eq!(refused(result), "licence_not_found");
    let log = env.platform.subjects.data_use_log(&holder).await.unwrap();
    assert!(
        log.iter().all(|e| e.licence.as_deref() != Some(number)),
        "refused uses are not logged: {log:?}"
    );
}

#[tokio::test]
async fn a_period_grant_is_usable_within_its_period_and_refused_after_it() {
    let env = env().await;
    let wallet = &env.platform.wallet;
    let (holder, licence) = holder(&env).await;
    let number = licence.number.as_str();
    let period = GrantScope::Period {
        from: day("2025-09-30"),
        to: day("2025-10-01"),
    };
    wallet
        .grant(&holder, number, to_department(SCJG, period))
        .await
        .unwrap();
    // Any case within the period.
    wallet
        .use_licence(&examiner(SCJG), number, Some("CASE-7"))
        .await
        .unwrap();
    env.clock.set("2025-10-01T23:59:00+08:00");
    wallet
        .use_licence(&examiner(SCJG), number, None)
        .await
        .unwrap();
    env.clock.set("2025-10-02T00:00:00+08:00");
    let expired = wallet.use_licence(&examiner(SCJG), number, None).await;
    assert_eq!(refused(expired), "licence_not_found");
    let grants = wallet.grants(&holder).await.unwrap();
    assert!(
        !grants[0].active,
        "the holder sees it is no longer in force"
    );

    // A period in the past, or longer than 366 days, is refused.
    let past = GrantScope::Period {
        from: day("2025-09-30"),
        to: day("2025-10-05"),
    };
    let result = wallet
        .grant(&holder, number, to_department(SCJG, past))
        .await;
    assert_eq!(refused(result), "grant_period_invalid");
    let long = GrantScope::Period {
        from: day("2025-10-02"),
        to: day("2026-10-03"),
    };
    let result = wallet
        .grant(&holder, number, to_department(SCJG, long))
        .await;
    assert_eq!(refused(result), "grant_period_invalid");
}

#[tokio::test]
async fn withdrawing_a_grant_stops_its_use_at_once() {
    let env = env().await;
    let wallet = &env.platform.wallet;
    let (holder, licence) = holder(&env).await;
    let number = licence.number.as_str();
    let grant = wallet
        .grant(&holder, number, to_department(SCJG, one_case("CASE-1")))
        .await
        .unwrap();
    wallet
        .use_licence(&examiner(SCJG), number, Some("CASE-1"))
        .await
        .unwrap();
    let withdrawn = wallet.withdraw(&holder, &grant.consent).await.unwrap();
    assert!(!withdrawn.active);
    assert!(withdrawn.revoked_at.is_some());
    let after = wallet
        .use_licence(&examiner(SCJG), number, Some("CASE-1"))
        .await;
    assert_eq!(refused(after), "licence_not_found");
    // Another applicant cannot withdraw it (nor learn it exists).
    let stranger = applicant("wallet-stranger");
    let (name, id) = DEMO_PERSON;
    env.platform
        .subjects
        .verify_identity(&stranger, name, id)
        .await
        .unwrap();
    let result = wallet.withdraw(&stranger, &grant.consent).await;
    assert_eq!(refused(result), "consent_not_found");
    let result = wallet
        .withdraw(&holder, &ConsentId("consent-missing".into()))
        .await;
    assert_eq!(refused(result), "consent_not_found");
}

#[tokio::test]
async fn an_agent_verified_as_the_named_person_uses_an_agent_grant_and_the_log_names_them_masked() {
    let env = env().await;
    let wallet = &env.platform.wallet;
    let (holder, licence) = holder(&env).await;
    let number = licence.number.as_str();
    let (name, id) = DEMO_PERSON;
    let request = GrantRequest {
        grantee: GranteeRequest::Agent {
            name: name.into(),
            document: id.into(),
        },
        scope: GrantScope::Period {
            from: day("2025-09-30"),
            to: day("2025-10-10"),
        },
    };
    let grant = wallet.grant(&holder, number, request).await.unwrap();
    assert!(!grant.grantee.contains(id), "{}", grant.grantee);

    // Before 实名核验 the agent's account is nobody in particular.
    let agent = applicant("wallet-agent");
    let result = wallet.use_licence(&agent, number, None).await;
    assert_eq!(refused(result), "licence_not_found");
    env.platform
        .subjects
        .verify_identity(&agent, name, id)
        .await
        .unwrap();
    let used = wallet.use_licence(&agent, number, None).await.unwrap();
    assert_eq!(used.consent, grant.consent);
    // A department is not the agent.
    let result = wallet.use_licence(&examiner(SCJG), number, None).await;
    assert_eq!(refused(result), "licence_not_found");

    let log = env.platform.subjects.data_use_log(&holder).await.unwrap();
    let entry = log
        .iter()
        .find(|e| e.licence.as_deref() == Some(number))
        .expect("the agent's use is logged");
    assert_eq!(entry.purpose, Purpose::MaterialExemption);
    assert_eq!(entry.reader, agent.id);
    let user = entry.user.as_deref().unwrap();
    assert!(user.contains(name) && !user.contains(id), "{user}");
}

#[tokio::test]
async fn a_revoked_licence_is_not_offered_for_material_exemption_nor_granted() {
    let env = env().await;
    let (holder, licence) = holder(&env).await;
    let number = licence.number.as_str();
    let subjects = &env.platform.subjects;
    let application = ApplicationRef("draft:wallet-test".into());
    let source = SourceRef::Licence {
        licence_type: code("business-licence"),
    };
    subjects
        .grant_consent(
            &holder,
            Purpose::MaterialExemption,
            &application,
            vec![source],
        )
        .await
        .unwrap();
    let held = subjects
        .licences_held(&holder, &application, Purpose::MaterialExemption)
        .await
        .unwrap();
    assert_eq!(
        held.iter().map(|h| h.number.as_str()).collect::<Vec<_>>(),
        vec![number],
        "the valid licence is offered"
    );

    env.platform
        .licences
        .revoke(number, "测试：营业执照已注销")
        .await
        .unwrap();
    let held = subjects
        .licences_held(&holder, &application, Purpose::MaterialExemption)
        .await
        .unwrap();
    assert!(
        held.is_empty(),
        "a revoked licence is not offered: {held:?}"
    );
    let wallet = env.platform.wallet.licences(&holder).await.unwrap();
    assert_eq!(wallet[0].status, "revoked", "the wallet still lists it");
    let result = env
        .platform
        .wallet
        .grant(&holder, number, to_department(SCJG, one_case("CASE-1")))
        .await;
    assert_eq!(refused(result), "licence_not_valid");
}
