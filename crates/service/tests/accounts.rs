//! The account use cases on a real (temporary) SQLite database with the
//! demo catalog: lockout, one-time codes, sessions, password change, new
//! accounts and refusal logging; `accounts/scope.rs` checks the
//! authorisation gate for every demo role.

#[path = "accounts/harness.rs"]
mod harness;
#[path = "accounts/scope.rs"]
mod scope;

use chrono::Duration;
use tongban_domain::auth::{ActorKind, Role};
use tongban_domain::ident::{Code, RegionCode};
use tongban_service::{Clock, LogSms, SmsGateway, StaffView};

use harness::{
    DEMO_PASSWORD, DEMO_PHONE, applicant_actor, code_of, env, log_sink, new_staff, seeded,
    staff_actor,
};

#[tokio::test]
async fn five_wrong_passwords_lock_the_account_for_fifteen_minutes() {
    let env = seeded().await;
    for _ in 0..4 {
        let err = env.accounts.login_staff("qihe.clerk", "Wrong#2026").await;
        assert_eq!(code_of(err), "invalid_credentials");
    }
    let fifth = env.accounts.login_staff("qihe.clerk", "Wrong#2026").await;
    assert_eq!(code_of(fifth), "account_locked");
    let right = env.accounts.login_staff("qihe.clerk", DEMO_PASSWORD).await;
    assert_eq!(
        code_of(right),
        "account_locked",
        "the right password is refused too"
    );
    env.clock.advance(Duration::minutes(14));
    let still = env.accounts.login_staff("qihe.clerk", DEMO_PASSWORD).await;
    assert_eq!(code_of(still), "account_locked");
    env.clock.advance(Duration::minutes(1));
    let session = env
        .accounts
        .login_staff("qihe.clerk", DEMO_PASSWORD)
        .await
        .unwrap();
    assert_eq!(session.actor.id, "staff:qihe.clerk");
    // Other accounts were never affected.
    env.accounts
        .login_staff("qihe.examiner", DEMO_PASSWORD)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_right_password_resets_the_count_of_wrong_ones() {
    let env = seeded().await;
    for _ in 0..4 {
        let _ = env.accounts.login_staff("qihe.clerk", "Wrong#2026").await;
    }
    env.accounts
        .login_staff("qihe.clerk", DEMO_PASSWORD)
        .await
        .unwrap();
    for _ in 0..4 {
        let err = env.accounts.login_staff("qihe.clerk", "Wrong#2026").await;
        assert_eq!(code_of(err), "invalid_credentials");
    }
}

#[tokio::test]
async fn an_unknown_username_and_a_wrong_password_get_the_same_answer() {
    let env = seeded().await;
    let unknown = env
        .accounts
        .login_staff("no.such.user", DEMO_PASSWORD)
        .await
        .unwrap_err();
    let wrong = env
        .accounts
        .login_staff("qihe.clerk", "Wrong#2026")
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), "invalid_credentials");
    assert_eq!(
        (unknown.code(), unknown.to_string()),
        (wrong.code(), wrong.to_string())
    );
}

#[tokio::test]
async fn a_code_logs_in_once_and_wrong_expired_or_reused_codes_are_refused() {
    let env = env().await;
    let phone = "13900001234";
    env.accounts.request_code(phone).await.unwrap();
    let code = env.sms.last_code(phone);
    let wrong = if code == "000000" { "000001" } else { "000000" };
    assert_eq!(
        code_of(env.accounts.login_applicant(phone, wrong).await),
        "invalid_code"
    );
    let session = env.accounts.login_applicant(phone, &code).await.unwrap();
    assert_eq!(session.actor.kind, ActorKind::Applicant);
    assert!(session.actor.id.starts_with("applicant:"));
    assert!(!session.actor.id.contains(phone), "the id is not the phone");
    assert_eq!(session.display_name, "139****1234");
    assert_eq!(
        code_of(env.accounts.login_applicant(phone, &code).await),
        "invalid_code"
    );

    env.accounts.request_code(phone).await.unwrap();
    let late = env.sms.last_code(phone);
    env.clock.advance(Duration::minutes(5));
    assert_eq!(
        code_of(env.accounts.login_applicant(phone, &late).await),
        "invalid_code"
    );

    // The second login finds the same account.
    env.accounts.request_code(phone).await.unwrap();
    let again = env
        .accounts
        .login_applicant(phone, &env.sms.last_code(phone))
        .await
        .unwrap();
    assert_eq!(again.actor.id, session.actor.id);
    let bad_phone = env.accounts.request_code("12345").await;
    assert_eq!(code_of(bad_phone), "invalid_account");
}

#[tokio::test]
async fn logout_ends_the_session_and_sessions_end_after_twelve_hours() {
    let env = seeded().await;
    let session = env
        .accounts
        .login_staff("qihe.leader", DEMO_PASSWORD)
        .await
        .unwrap();
    let resumed = env.accounts.resume(&session.token).await.unwrap().unwrap();
    assert_eq!(resumed.actor, session.actor);
    assert_eq!(resumed.csrf_token, session.csrf_token);
    assert_eq!(resumed.display_name, "齐河县自然资源局负责人");
    env.accounts.logout(&session.token).await.unwrap();
    assert!(env.accounts.resume(&session.token).await.unwrap().is_none());

    let other = env
        .accounts
        .login_staff("qihe.leader", DEMO_PASSWORD)
        .await
        .unwrap();
    assert_eq!(other.expires_at, env.clock.now() + Duration::hours(12));
    env.clock
        .advance(Duration::hours(12) - Duration::seconds(1));
    assert!(env.accounts.resume(&other.token).await.unwrap().is_some());
    env.clock.advance(Duration::seconds(1));
    assert!(env.accounts.resume(&other.token).await.unwrap().is_none());
    assert!(
        env.accounts
            .resume("made-up-token")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions() {
    let env = seeded().await;
    let here = env
        .accounts
        .login_staff("qihe.clerk", DEMO_PASSWORD)
        .await
        .unwrap();
    let there = env
        .accounts
        .login_staff("qihe.clerk", DEMO_PASSWORD)
        .await
        .unwrap();
    let new = "Qihe.Clerk-2027";
    env.accounts
        .change_password_keeping(&here.actor, &here.token, DEMO_PASSWORD, new)
        .await
        .unwrap();
    assert!(env.accounts.resume(&here.token).await.unwrap().is_some());
    assert!(env.accounts.resume(&there.token).await.unwrap().is_none());
    let old = env.accounts.login_staff("qihe.clerk", DEMO_PASSWORD).await;
    assert_eq!(code_of(old), "invalid_credentials");
    let fresh = env.accounts.login_staff("qihe.clerk", new).await.unwrap();

    // Without a session to keep, every session ends.
    env.accounts
        .change_password(&fresh.actor, new, "Another#2028")
        .await
        .unwrap();
    assert!(env.accounts.resume(&here.token).await.unwrap().is_none());
    assert!(env.accounts.resume(&fresh.token).await.unwrap().is_none());
}

#[tokio::test]
async fn weak_passwords_are_refused_with_a_chinese_reason() {
    let env = seeded().await;
    let actor = staff_actor(&env, "qihe.clerk").await;
    for weak in ["short1", "alllowercase", "12345678901"] {
        let err = env
            .accounts
            .change_password(&actor, DEMO_PASSWORD, weak)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "weak_password");
        assert!(err.to_string().starts_with("密码强度不足"), "{err}");
    }
    let mut new = new_staff("new.clerk", "371425", "371425-xzsp", Role::WindowClerk);
    new.password = "password".into();
    assert_eq!(code_of(env.accounts.add_staff(new).await), "weak_password");
}

#[tokio::test]
async fn new_staff_accounts_must_fit_the_catalog_and_not_exist_yet() {
    let env = seeded().await;
    let made = env
        .accounts
        .add_staff(new_staff(
            "new.clerk",
            "371425",
            "371425-xzsp",
            Role::WindowClerk,
        ))
        .await
        .unwrap();
    assert_eq!(
        made,
        StaffView {
            username: "new.clerk".into(),
            display_name: "新同事".into(),
            department: Code::parse("371425-xzsp").unwrap(),
            region: RegionCode::parse("371425").unwrap(),
            roles: vec![Role::WindowClerk],
            locked: false,
        }
    );
    let cases = [
        (
            new_staff("qihe.clerk", "371425", "371425-xzsp", Role::WindowClerk),
            "account_exists",
        ),
        (
            new_staff("Bad Name", "371425", "371425-xzsp", Role::WindowClerk),
            "invalid_account",
        ),
        (
            new_staff("x.unknown", "110000", "371425-xzsp", Role::WindowClerk),
            "invalid_account",
        ),
        (
            new_staff("x.nodept", "371425", "371425-none", Role::WindowClerk),
            "invalid_account",
        ),
        (
            new_staff("x.branch", "350825", "371425-xzsp", Role::WindowClerk),
            "invalid_account",
        ),
        (
            new_staff("x.citizen", "371425", "371425-xzsp", Role::Applicant),
            "invalid_account",
        ),
    ];
    for (new, expected) in cases {
        let name = new.username.clone();
        assert_eq!(
            code_of(env.accounts.add_staff(new).await),
            expected,
            "{name}"
        );
    }
}

#[tokio::test]
async fn refusals_are_logged_with_codes_and_without_phone_or_id_numbers() {
    let env = seeded().await;
    let zhang = applicant_actor(&env).await;
    let refused = env.accounts.staff_account(&zhang, "qihe.clerk").await;
    assert_eq!(code_of(refused), "forbidden_role");
    let liancheng = staff_actor(&env, "liancheng.clerk").await;
    let hidden = env.accounts.staff_account(&liancheng, "qihe.clerk").await;
    assert_eq!(code_of(hidden), "staff_not_found");
    // Someone types a phone number as the username.
    let _ = env.accounts.login_staff(DEMO_PHONE, "13800000001").await;
    // The demo gateway's line.
    LogSms.send_code(DEMO_PHONE, "246810").unwrap();

    // The sink holds every test's lines so far: none may leak either.
    let log = String::from_utf8(log_sink().0.lock().unwrap().clone()).unwrap();
    let refusal = format!(
        "actor={} action=\"read_staff\" denial=\"forbidden_role\"",
        zhang.id
    );
    assert!(log.contains(&refusal), "{log}");
    let hidden = format!(
        "actor={} action=\"read_staff\" denial=\"forbidden_region\"",
        liancheng.id
    );
    assert!(log.contains(&hidden), "{log}");
    for secret in [
        DEMO_PHONE,
        "11010519491231002X",
        DEMO_PASSWORD,
        "13900001234",
    ] {
        assert!(
            !log.contains(secret),
            "{secret} leaked into the log:\n{log}"
        );
    }
    assert!(
        log.contains("一次性验证码 246810 已发送至 138****0001"),
        "{log}"
    );
}
