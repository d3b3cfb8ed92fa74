//! 异议核实与纠错 through the HTTP API and pages: the holder objects to a
//! field of their business licence, the issuing department's examiner sees
//! it on the worklist and accepts it, the public verification then shows
//! the corrected, re-signed version 2; nobody else can object to or decide
//! on it; the pages carry the forms behind CSRF.

mod support;

use serde_json::{Value, json};
use tongban_domain::auth::Actor;
use tongban_domain::case::{Command, IntakeChannel, Outcome};
use tongban_domain::guidance::{Answer, Answers};
use tongban_domain::ident::Code;
use tongban_domain::licence::LicenceHolder;
use tongban_domain::subject::SubjectKey;
use tongban_service::subjects::demo_enterprises;
use tongban_service::{Application, CaseCommand, SubmitRequest};
use tongban_store::LicenceStore;

use support::cases::{CaseApp, GTGSH};

fn code(c: &str) -> Code {
    Code::parse(c).unwrap()
}

/// Signs in the applicant of `phone`: their session cookie and actor.
async fn sign_in(app: &CaseApp, phone: &str) -> (String, Actor) {
    let accounts = &app.platform.accounts;
    accounts.request_code(phone).await.unwrap();
    let session = accounts
        .login_applicant(phone, &app.sms.last_code(phone))
        .await
        .unwrap();
    (format!("tb_session={}", session.token), session.actor)
}

/// Links `actor` to the `n`-th demo enterprise (实名核验).
async fn link_enterprise(app: &CaseApp, actor: &Actor, n: usize) -> LicenceHolder {
    let enterprise = demo_enterprises().unwrap().swap_remove(n);
    let subject = app
        .platform
        .subjects
        .verify_identity(actor, &enterprise.name, enterprise.uscc.as_str())
        .await
        .unwrap();
    LicenceHolder {
        subject: subject.id,
        name: enterprise.name,
        identifier: SubjectKey::Uscc(enterprise.uscc),
    }
}

/// A demo staff member's actor.
async fn staff(app: &CaseApp, username: &str) -> Actor {
    let accounts = &app.platform.accounts;
    accounts
        .login_staff(username, support::cases::PASSWORD)
        .await
        .unwrap()
        .actor
}

/// Grants the chef's registration for a case owned by `owner` and issues
/// the business licence to `holder`; its compact number.
async fn issue(app: &CaseApp, owner: &Actor, holder: LicenceHolder) -> String {
    let clerk = staff(app, "liancheng.clerk").await;
    let mut answers = Answers::new();
    answers.insert("already_registered".into(), Answer::YesNo(false));
    answers.insert("premises".into(), Answer::Choice("itinerant".into()));
    answers.insert("has_health_certificate".into(), Answer::YesNo(false));
    let request = SubmitRequest {
        application: Application::Bundle {
            bundle: app.chef_code(),
            answers,
        },
        channel: IntakeChannel::Window,
        owner: Some(owner.id.clone()),
        phone: None,
        authorisation: None,
    };
    let cases = &app.platform.cases;
    let no = cases
        .submit(&clerk, request, None)
        .await
        .unwrap()
        .case
        .case_no
        .to_string();
    let act = |item: Option<&str>, command| CaseCommand {
        item: item.map(code),
        command,
    };
    let decide = Command::Decide {
        outcome: Outcome::Granted,
        reasons: vec![],
    };
    let steps = [
        (clerk, act(None, Command::Accept)),
        (
            staff(app, "liancheng.examiner").await,
            act(Some(GTGSH), Command::StartReview),
        ),
        (
            staff(app, "liancheng.scjg.leader").await,
            act(Some(GTGSH), decide),
        ),
    ];
    for (who, command) in steps {
        cases.act(&who, &no, command, None).await.unwrap();
    }
    // Granting issues the licence in the decision's transaction, to the
    // subject the owner is linked to.
    let licence = app
        .db
        .licence_issued_for(&no, GTGSH)
        .await
        .unwrap()
        .expect("the granted registration issues a business licence")
        .licence;
    assert_eq!(licence.holder.subject, holder.subject);
    licence.number.to_string()
}

fn objection() -> Value {
    json!({
        "field": "business-scope",
        "proposed": "餐饮服务（流动厨房）；预包装食品销售",
        "reason": "登记时申报了预包装食品销售，证照上漏登",
        "evidence": "个体工商户登记申请书第2页"
    })
}

#[tokio::test]
async fn a_holder_objects_the_examiner_accepts_and_verification_shows_the_corrected_version() {
    let app = CaseApp::sqlite().await;
    let (holder_cookie, holder) = sign_in(&app, "13800000011").await;
    let enterprise = link_enterprise(&app, &holder, 0).await;
    let number = issue(&app, &holder, enterprise).await;

    let uri = format!("/api/v1/me/licences/{number}/objections");
    let filed = app.post_as(&uri, &holder_cookie, &objection(), None).await;
    assert_eq!(filed.status, 201, "{}", filed.text);
    let filed = filed.json();
    assert_eq!(filed["state"], "open");
    assert_eq!(filed["current"], "");
    let id = filed["id"].as_str().unwrap().to_string();
    let again = app.post_as(&uri, &holder_cookie, &objection(), None).await;
    assert_eq!(
        (again.status.as_u16(), again.error_code()),
        (409, "objection_already_pending".into())
    );

    let examiner = app.staff_cookie("liancheng.examiner").await;
    let list = app.get_as("/api/v1/objections", &examiner).await.json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["overdue"], false);

    let decision = format!("/api/v1/objections/{id}/decision");
    let bad = app
        .post_as(&decision, &examiner, &json!({ "verdict": "maybe" }), None)
        .await;
    assert_eq!(
        (bad.status.as_u16(), bad.error_code()),
        (422, "objection_verdict_invalid".into())
    );
    let accepted = app
        .post_as(
            &decision,
            &examiner,
            &json!({ "verdict": "accept", "reason": "属实" }),
            None,
        )
        .await;
    assert_eq!(accepted.status, 200, "{}", accepted.text);
    assert_eq!(accepted.json()["state"], "corrected");
    assert_eq!(accepted.json()["corrected_version"], 2);

    let verified = app
        .get(&format!("/api/v1/licences/{number}/verification"))
        .await
        .json();
    assert_eq!(verified["outcome"], "valid");
    assert_eq!(verified["licence"]["version"], 2);
    assert!(verified.to_string().contains("预包装食品销售"));

    let mine = app
        .get_as("/api/v1/me/objections", &holder_cookie)
        .await
        .json();
    assert_eq!(mine[0]["state"], "corrected");
    assert_eq!(mine[0]["decision"]["verdict"], "accept");
    assert!(
        app.get_as("/api/v1/objections", &examiner)
            .await
            .json()
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn another_applicant_or_department_gets_not_found_and_pages_need_csrf() {
    let app = CaseApp::sqlite().await;
    let (holder_cookie, holder) = sign_in(&app, "13800000011").await;
    let enterprise = link_enterprise(&app, &holder, 0).await;
    let number = issue(&app, &holder, enterprise).await;
    let (other_cookie, other) = sign_in(&app, "13800000012").await;
    link_enterprise(&app, &other, 1).await;

    let uri = format!("/api/v1/me/licences/{number}/objections");
    let stranger = app.post_as(&uri, &other_cookie, &objection(), None).await;
    assert_eq!(
        (stranger.status.as_u16(), stranger.error_code()),
        (404, "licence_not_found".into())
    );
    let missing = app
        .post_as(
            "/api/v1/me/licences/350825YYZZ2026999999/objections",
            &holder_cookie,
            &objection(),
            None,
        )
        .await;
    assert_eq!(
        (missing.status.as_u16(), missing.error_code()),
        (404, "licence_not_found".into())
    );
    let anonymous = app.post_json(&uri, &objection().to_string()).await;
    assert_eq!(anonymous.status, 401);

    let filed = app
        .post_as(&uri, &holder_cookie, &objection(), None)
        .await
        .json();
    let id = filed["id"].as_str().unwrap();
    let wjj = app.staff_cookie("liancheng.wjj.examiner").await;
    assert!(
        app.get_as("/api/v1/objections", &wjj)
            .await
            .json()
            .as_array()
            .unwrap()
            .is_empty()
    );
    let decision = format!("/api/v1/objections/{id}/decision");
    let outsider = app
        .post_as(
            &decision,
            &wjj,
            &json!({ "verdict": "reject", "reason": "x" }),
            None,
        )
        .await;
    assert_eq!(outsider.status, 404);

    // The pages: the holder's form, the department's worklist, CSRF.
    let page = app
        .get_as(&format!("/me/licences/{number}/objections"), &holder_cookie)
        .await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("提交异议") && page.text.contains("核实中"));
    let other_page = app
        .get_as(&format!("/me/licences/{number}/objections"), &other_cookie)
        .await;
    assert_eq!(other_page.status, 404);
    let examiner = app.staff_cookie("liancheng.examiner").await;
    let worklist = app.get_as("/workbench/objections", &examiner).await;
    assert_eq!(worklist.status, 200);
    assert!(worklist.text.contains(id) && worklist.text.contains("采纳并纠错"));
    let forged = app
        .send(
            axum::http::Request::post(format!("/workbench/objections/{id}/decision"))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", &examiner)
                .body(axum::body::Body::from(
                    "verdict=reject&reason=x&_csrf=forged",
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(forged.status, 403);
    let still = app
        .get_as("/api/v1/me/objections", &holder_cookie)
        .await
        .json();
    assert_eq!(still[0]["state"], "open");

    let doc = app.get("/api/v1/openapi.json").await.json();
    for path in [
        "/api/v1/me/licences/{number}/objections",
        "/api/v1/me/objections",
        "/api/v1/objections",
        "/api/v1/objections/{id}/decision",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} is not documented");
    }
}
