//! The authorisation gate for every demo role: staff accounts, department
//! staff lists, API tokens, and the idempotent demo seed.

use std::collections::BTreeSet;

use tongban_domain::auth::{Action, ActorKind, Role};
use tongban_domain::ident::{Code, RegionCode};
use tongban_service::DemoAccount;

use crate::harness::{
    DEMO_PASSWORD, DEMO_PHONE, applicant_actor, code_of, env, new_staff, seeded, staff_actor,
    staff_actor_with,
};

/// Every demo staff account, with its region.
const DEMO_STAFF: [&str; 8] = [
    "admin.sd",
    "qihe.clerk",
    "qihe.examiner",
    "qihe.leader",
    "dezhou.supervisor",
    "qihe.proxy",
    "liancheng.clerk",
    "liancheng.examiner",
];

const QIHE: [&str; 4] = ["qihe.clerk", "qihe.examiner", "qihe.leader", "qihe.proxy"];
const LIANCHENG: [&str; 2] = ["liancheng.clerk", "liancheng.examiner"];

#[tokio::test]
async fn staff_accounts_are_visible_in_scope_and_not_found_outside_it_for_every_role() {
    let env = seeded().await;
    let shandong: Vec<&str> = ["admin.sd", "dezhou.supervisor"]
        .into_iter()
        .chain(QIHE)
        .collect();
    let dezhou: Vec<&str> = ["dezhou.supervisor"].into_iter().chain(QIHE).collect();
    // Reader → the accounts it sees; None: its roles never read accounts.
    let table: Vec<(&str, Option<Vec<&str>>)> = vec![
        ("admin.sd", Some(shandong)),
        ("qihe.clerk", Some(QIHE.to_vec())),
        ("qihe.examiner", Some(QIHE.to_vec())),
        ("qihe.leader", Some(QIHE.to_vec())),
        ("dezhou.supervisor", Some(dezhou)),
        ("qihe.proxy", None),
        ("liancheng.clerk", Some(LIANCHENG.to_vec())),
        ("liancheng.examiner", Some(LIANCHENG.to_vec())),
        ("applicant", None),
        ("token", None),
    ];
    let mut checked_roles = BTreeSet::new();
    for (reader, visible) in table {
        let actor = match reader {
            "applicant" => applicant_actor(&env).await,
            "token" => {
                let admin = staff_actor(&env, "admin.sd").await;
                let xzsp = Code::parse("371425-xzsp").unwrap();
                let issued = env
                    .accounts
                    .issue_token(&admin, "测试令牌", &xzsp, &[Action::ReadCatalog])
                    .await
                    .unwrap();
                env.accounts
                    .token_actor(&issued.secret)
                    .await
                    .unwrap()
                    .unwrap()
            }
            username => staff_actor(&env, username).await,
        };
        checked_roles.extend(actor.roles.iter().copied());
        for target in DEMO_STAFF.into_iter().chain(["no.such.user"]) {
            let got = env.accounts.staff_account(&actor, target).await;
            match &visible {
                Some(list) if list.contains(&target) => {
                    assert_eq!(got.unwrap().username, target, "{reader} reads {target}");
                }
                Some(_) => assert_eq!(code_of(got), "staff_not_found", "{reader} → {target}"),
                None => assert_eq!(code_of(got), "forbidden_role", "{reader} → {target}"),
            }
        }
    }
    assert_eq!(
        checked_roles.len(),
        Role::ALL.len(),
        "every role was a reader"
    );
}

#[tokio::test]
async fn a_department_staff_list_is_gated_by_the_departments_real_region() {
    let env = seeded().await;
    let zrzy = Code::parse("371425-zrzy").unwrap();
    let qihe = RegionCode::parse("371425").unwrap();
    let examiner = staff_actor(&env, "qihe.examiner").await;
    let names: Vec<String> = env
        .accounts
        .department_staff(&examiner, &zrzy, &qihe)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.username)
        .collect();
    assert_eq!(names, ["qihe.examiner", "qihe.leader"]);
    let xzsp = Code::parse("371425-xzsp").unwrap();
    let other_dept = env.accounts.department_staff(&examiner, &xzsp, &qihe).await;
    assert_eq!(code_of(other_dept), "forbidden_department");
    let liancheng = staff_actor(&env, "liancheng.examiner").await;
    let own_region = RegionCode::parse("350825").unwrap();
    let far = env
        .accounts
        .department_staff(&liancheng, &zrzy, &own_region)
        .await;
    assert_eq!(
        code_of(far),
        "forbidden_region",
        "claiming its own region does not help"
    );
}

#[tokio::test]
async fn only_a_catalog_admin_of_the_region_issues_tokens_limited_to_their_scopes() {
    let env = seeded().await;
    let xzsp = Code::parse("371425-xzsp").unwrap();
    let admin = staff_actor(&env, "admin.sd").await;
    let issued = env
        .accounts
        .issue_token(
            &admin,
            "审批系统",
            &xzsp,
            &[Action::ReadCatalog, Action::ReadCase],
        )
        .await
        .unwrap();
    let actor = env
        .accounts
        .token_actor(&issued.secret)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(actor.id, format!("token:{}", issued.id));
    assert_eq!(
        (actor.kind, actor.roles.clone(), actor.token_scopes.clone()),
        (
            ActorKind::Token,
            vec![Role::System],
            Some(vec![Action::ReadCatalog, Action::ReadCase])
        )
    );
    assert!(
        env.accounts
            .token_actor("tb_made-up")
            .await
            .unwrap()
            .is_none()
    );

    let clerk = staff_actor(&env, "qihe.clerk").await;
    let by_clerk = env
        .accounts
        .issue_token(&clerk, "x", &xzsp, &[Action::ReadCatalog])
        .await;
    assert_eq!(code_of(by_clerk), "forbidden_role");
    let fujian = new_staff("fj.admin", "350000", "350825-scjg", Role::CatalogAdmin);
    env.accounts.add_staff(fujian).await.unwrap();
    let fj = staff_actor_with(&env, "fj.admin", "Strong#Pass1").await;
    let across = env
        .accounts
        .issue_token(&fj, "x", &xzsp, &[Action::ReadCatalog])
        .await;
    assert_eq!(code_of(across), "forbidden_region");
    let too_wide = env
        .accounts
        .issue_token(&admin, "x", &xzsp, &[Action::ManageCatalog])
        .await;
    assert_eq!(code_of(too_wide), "invalid_account");
}

#[tokio::test]
async fn seeding_the_demo_twice_creates_each_account_once() {
    let env = env().await;
    let first = env.accounts.seed_demo().await.unwrap();
    let second = env.accounts.seed_demo().await.unwrap();
    let logins = |list: &[DemoAccount]| {
        list.iter()
            .map(|a| (a.role, a.login.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(logins(&first), logins(&second));
    let roles: BTreeSet<Role> = first.iter().map(|a| a.role).collect();
    assert_eq!(roles.len(), Role::ALL.len(), "one account per role");
    let token = first.iter().find(|a| a.role == Role::System).unwrap();
    assert!(token.secret.starts_with("tb_"));
    let again = second.iter().find(|a| a.role == Role::System).unwrap();
    assert!(again.secret.is_empty(), "a token secret is shown once");
    let actor = env
        .accounts
        .token_actor(&token.secret)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(actor.token_scopes, Some(vec![Action::ReadCatalog]));
    env.accounts.request_code(DEMO_PHONE).await.unwrap();
    let code = env.sms.last_code(DEMO_PHONE);
    let zhang = env
        .accounts
        .login_applicant(DEMO_PHONE, &code)
        .await
        .unwrap();
    assert_eq!(
        zhang.display_name, "张三",
        "the seeded applicant, not a new one"
    );
    let session = env
        .accounts
        .login_staff("qihe.proxy", DEMO_PASSWORD)
        .await
        .unwrap();
    assert_eq!(session.actor.roles, [Role::ProxyAgent]);
}
