//! Checks of the account store: round trips, unique keys, exact counting
//! of concurrent wrong passwords, and that expired, used or revoked
//! secrets are never returned.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use tongban_domain::auth::{Action, ActorKind, Role};
use tongban_domain::ident::{Code, RegionCode};
use tongban_store::{
    AccountStore, ApiTokenRow, ApplicantKind, ApplicantRow, CatalogStore, LockoutRule,
    LoginCodeRow, SessionAccount, SessionRow, StaffRow, StoreError,
};

use crate::common::{Fixture, sample_catalog};

/// A fixed moment, so checks do not depend on the machine's clock.
fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_767_225_600, 0).unwrap() // 2026-01-01T00:00:00Z
}

fn staff(username: &str) -> StaffRow {
    StaffRow {
        username: username.into(),
        display_name: "王窗口".into(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g".into(),
        department: Code::parse("350825-scjg").unwrap(),
        region: RegionCode::parse("350825").unwrap(),
        roles: vec![Role::WindowClerk, Role::Examiner],
        failed_attempts: 0,
        locked_until: None,
        created_at: t0(),
        password_changed_at: t0(),
    }
}

fn applicant(id: &str, phone: &str) -> ApplicantRow {
    ApplicantRow {
        id: id.into(),
        kind: ApplicantKind::Person,
        name: "张三".into(),
        phone: phone.into(),
        id_number: Some("11010519491231002X".into()),
        uscc: None,
        created_at: t0(),
    }
}

fn session(hash: &str, account: &str, expires_at: DateTime<Utc>) -> SessionRow {
    SessionRow {
        token_hash: hash.into(),
        account_id: account.into(),
        actor_kind: ActorKind::Staff,
        csrf_token: format!("csrf-{hash}"),
        created_at: t0(),
        expires_at,
    }
}

const RULE: LockoutRule = LockoutRule {
    max_attempts: 5,
    window: Duration::minutes(15),
    lock_for: Duration::minutes(15),
};

pub async fn staff_accounts_round_trip_and_a_taken_username_is_refused(f: Fixture) {
    let alice = staff("alice");
    f.db.insert_staff(&alice).await.unwrap();
    assert_eq!(f.db.staff("alice").await.unwrap(), Some(alice.clone()));
    assert_eq!(f.db.staff("bob").await.unwrap(), None);

    let mut again = staff("alice");
    again.display_name = "另一个人".into();
    let err = f.db.insert_staff(&again).await.unwrap_err();
    assert!(matches!(err, StoreError::AlreadyExists { .. }), "{err:?}");
    assert_eq!(err.code(), "already_exists");
    assert!(err.to_string().contains("alice"), "{err}");
    assert_eq!(f.db.staff("alice").await.unwrap(), Some(alice));

    f.db.insert_staff(&staff("bob")).await.unwrap();
    let names: Vec<String> =
        f.db.staff_of_department("350825-scjg")
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.username)
            .collect();
    assert_eq!(names, ["alice", "bob"]);
    assert!(
        f.db.staff_of_department("350825-wsjk")
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn applicants_are_found_by_id_and_phone_and_a_taken_phone_is_refused(f: Fixture) {
    let a = applicant("a1", "13800000001");
    f.db.insert_applicant(&a).await.unwrap();
    assert_eq!(f.db.applicant("a1").await.unwrap(), Some(a.clone()));
    assert_eq!(
        f.db.applicant_by_phone("13800000001").await.unwrap(),
        Some(a)
    );
    assert_eq!(f.db.applicant_by_phone("13800000002").await.unwrap(), None);

    let err =
        f.db.insert_applicant(&applicant("a2", "13800000001"))
            .await
            .unwrap_err();
    assert_eq!(err.code(), "already_exists");
    let text = format!("{err} {err:?}");
    assert!(!text.contains("13800000001"), "phone leaked: {text}");
    assert_eq!(f.db.applicant("a2").await.unwrap(), None);
}

pub async fn concurrent_wrong_passwords_are_all_counted(f: Fixture) {
    f.db.insert_staff(&staff("alice")).await.unwrap();
    let generous = LockoutRule {
        max_attempts: 100,
        ..RULE
    };
    let handles: Vec<_> = (0..20)
        .map(|_| {
            let db = f.db.clone();
            tokio::spawn(async move { db.record_failed_login("alice", t0(), &generous).await })
        })
        .collect();
    let mut counts = BTreeSet::new();
    for h in handles {
        counts.insert(h.await.unwrap().unwrap().unwrap().attempts);
    }
    assert_eq!(counts, (1..=20).collect::<BTreeSet<i64>>());
    assert_eq!(
        f.db.staff("alice").await.unwrap().unwrap().failed_attempts,
        20
    );
    let nobody =
        f.db.record_failed_login("nobody", t0(), &RULE)
            .await
            .unwrap();
    assert_eq!(nobody, None);
}

pub async fn the_fifth_wrong_password_locks_until_the_lock_ends(f: Fixture) {
    f.db.insert_staff(&staff("alice")).await.unwrap();
    for n in 1..=4 {
        let at = t0() + Duration::minutes(n);
        let failed =
            f.db.record_failed_login("alice", at, &RULE)
                .await
                .unwrap()
                .unwrap();
        assert_eq!((failed.attempts, failed.locked_until), (n, None));
    }
    let at = t0() + Duration::minutes(5);
    let failed =
        f.db.record_failed_login("alice", at, &RULE)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(failed.locked_until, Some(at + Duration::minutes(15)));
    // While locked, a right password cannot clear the count.
    assert!(
        !f.db
            .clear_failed_logins("alice", at + Duration::minutes(14))
            .await
            .unwrap()
    );
    assert!(
        f.db.clear_failed_logins("alice", at + Duration::minutes(15))
            .await
            .unwrap()
    );
    let row = f.db.staff("alice").await.unwrap().unwrap();
    assert_eq!((row.failed_attempts, row.locked_until), (0, None));
}

pub async fn wrong_passwords_older_than_the_window_start_the_count_over(f: Fixture) {
    f.db.insert_staff(&staff("alice")).await.unwrap();
    for n in 0..4 {
        f.db.record_failed_login("alice", t0() + Duration::minutes(n), &RULE)
            .await
            .unwrap();
    }
    let later = t0() + Duration::minutes(16);
    let failed =
        f.db.record_failed_login("alice", later, &RULE)
            .await
            .unwrap()
            .unwrap();
    assert_eq!((failed.attempts, failed.locked_until), (1, None));
}

pub async fn expired_and_ended_sessions_are_not_returned(f: Fixture) {
    let end = t0() + Duration::hours(12);
    for hash in ["s1", "s2", "s3"] {
        f.db.insert_session(&session(hash, "alice", end))
            .await
            .unwrap();
    }
    f.db.insert_session(&session("b1", "bob", end))
        .await
        .unwrap();
    let found = f.db.session("s1", t0()).await.unwrap().unwrap();
    assert_eq!(found, session("s1", "alice", end));
    assert_eq!(f.db.session("s1", end).await.unwrap(), None, "expired");
    assert_eq!(f.db.session("nope", t0()).await.unwrap(), None);

    assert!(f.db.delete_session("s1").await.unwrap());
    assert!(!f.db.delete_session("s1").await.unwrap());
    assert_eq!(f.db.session("s1", t0()).await.unwrap(), None);

    let ended =
        f.db.delete_sessions_of(ActorKind::Staff, "alice", Some("s2"))
            .await
            .unwrap();
    assert_eq!(ended, 1);
    assert!(f.db.session("s2", t0()).await.unwrap().is_some());
    assert!(f.db.session("s3", t0()).await.unwrap().is_none());
    assert!(
        f.db.session("b1", t0()).await.unwrap().is_some(),
        "other accounts keep theirs"
    );
    assert_eq!(f.db.purge_expired(end).await.unwrap(), 2);
}

pub async fn a_session_is_read_with_its_account_in_one_go(f: Fixture) {
    let end = t0() + Duration::hours(12);
    let alice = staff("alice");
    f.db.insert_staff(&alice).await.unwrap();
    let zhang = applicant("a1", "13800000001");
    f.db.insert_applicant(&zhang).await.unwrap();
    f.db.insert_session(&session("s-staff", "alice", end))
        .await
        .unwrap();
    let mut of_applicant = session("s-applicant", "a1", end);
    of_applicant.actor_kind = ActorKind::Applicant;
    f.db.insert_session(&of_applicant).await.unwrap();
    let mut orphan = session("s-orphan", "nobody", end);
    orphan.actor_kind = ActorKind::Applicant;
    f.db.insert_session(&orphan).await.unwrap();

    let (found, account) =
        f.db.session_with_account("s-staff", t0())
            .await
            .unwrap()
            .unwrap();
    assert_eq!(found, session("s-staff", "alice", end));
    assert_eq!(account, Some(SessionAccount::Staff(alice)));
    let (found, account) =
        f.db.session_with_account("s-applicant", t0())
            .await
            .unwrap()
            .unwrap();
    assert_eq!(found, of_applicant);
    assert_eq!(account, Some(SessionAccount::Applicant(zhang)));
    let (_, account) =
        f.db.session_with_account("s-orphan", t0())
            .await
            .unwrap()
            .unwrap();
    assert_eq!(account, None, "an account that is gone");
    assert_eq!(
        f.db.session_with_account("s-staff", end).await.unwrap(),
        None,
        "expired"
    );
    assert_eq!(f.db.session_with_account("nope", t0()).await.unwrap(), None);
}

pub async fn setting_a_password_ends_the_other_sessions_in_one_go(f: Fixture) {
    f.db.insert_staff(&staff("alice")).await.unwrap();
    let end = t0() + Duration::hours(12);
    for hash in ["keep", "other"] {
        f.db.insert_session(&session(hash, "alice", end))
            .await
            .unwrap();
    }
    let later = t0() + Duration::hours(1);
    assert!(
        f.db.set_password("alice", "new-hash", later, Some("keep"))
            .await
            .unwrap()
    );
    let row = f.db.staff("alice").await.unwrap().unwrap();
    assert_eq!(
        (row.password_hash.as_str(), row.password_changed_at),
        ("new-hash", later)
    );
    assert!(f.db.session("keep", later).await.unwrap().is_some());
    assert!(f.db.session("other", later).await.unwrap().is_none());
    assert!(!f.db.set_password("nobody", "x", later, None).await.unwrap());
}

pub async fn a_code_is_accepted_once_and_never_when_expired_or_guessed_at(f: Fixture) {
    let phone = "13800000001";
    let code = |hash: &str, expires_at| LoginCodeRow {
        phone: phone.into(),
        code_hash: hash.into(),
        expires_at,
    };
    let end = t0() + Duration::minutes(5);
    f.db.put_login_code(&code("h1", end)).await.unwrap();
    assert!(
        !f.db
            .consume_login_code(phone, "wrong", t0(), 5)
            .await
            .unwrap()
    );
    assert!(f.db.consume_login_code(phone, "h1", t0(), 5).await.unwrap());
    assert!(
        !f.db.consume_login_code(phone, "h1", t0(), 5).await.unwrap(),
        "reused"
    );

    f.db.put_login_code(&code("h2", end)).await.unwrap();
    assert!(
        !f.db.consume_login_code(phone, "h2", end, 5).await.unwrap(),
        "expired"
    );

    f.db.put_login_code(&code("h3", end)).await.unwrap();
    for _ in 0..5 {
        assert!(
            !f.db
                .consume_login_code(phone, "guess", t0(), 5)
                .await
                .unwrap()
        );
    }
    assert!(
        !f.db.consume_login_code(phone, "h3", t0(), 5).await.unwrap(),
        "burnt"
    );
}

pub async fn revoked_tokens_are_not_returned(f: Fixture) {
    let token = ApiTokenRow {
        id: "tok1".into(),
        name: "市场监管对接".into(),
        token_hash: "th1".into(),
        department: Code::parse("350825-scjg").unwrap(),
        region: RegionCode::parse("350825").unwrap(),
        scopes: vec![Action::ReadCatalog, Action::ReadCase],
        created_by: "staff:admin".into(),
        created_at: t0(),
        revoked_at: None,
    };
    f.db.insert_api_token(&token).await.unwrap();
    assert_eq!(
        f.db.api_token_by_hash("th1").await.unwrap(),
        Some(token.clone())
    );
    let err = f.db.insert_api_token(&token).await.unwrap_err();
    assert_eq!(err.code(), "already_exists");

    assert!(f.db.revoke_api_token("tok1", t0()).await.unwrap());
    assert!(!f.db.revoke_api_token("tok1", t0()).await.unwrap());
    assert_eq!(f.db.api_token_by_hash("th1").await.unwrap(), None);
    let revoked = f.db.api_token("tok1").await.unwrap().unwrap();
    assert_eq!(revoked.revoked_at, Some(t0()));
}

pub async fn departments_and_regions_are_looked_up_in_the_catalog(f: Fixture) {
    assert_eq!(f.db.department_region("350825-scjg").await.unwrap(), None);
    f.db.import_catalog(sample_catalog()).await.unwrap();
    assert_eq!(
        f.db.department_region("350825-scjg").await.unwrap(),
        Some(RegionCode::parse("350825").unwrap())
    );
    assert_eq!(f.db.department_region("350825-nobody").await.unwrap(), None);
    assert!(f.db.region_exists("350800").await.unwrap());
    assert!(!f.db.region_exists("371425").await.unwrap());
}
