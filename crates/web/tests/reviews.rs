//! 好差评 through the real router: the applicant rates a finished case, a
//! second rating is refused with a machine code, another applicant finds
//! nothing, and the department's staff see and work the rectification
//! task (API and pages).

mod support;

use serde_json::json;
use support::cases::{CaseApp, FOOD};
use tongban_domain::auth::{Actor, ActorKind, Role};
use tongban_domain::case::{Command, IntakeChannel, Outcome};
use tongban_domain::ident::{Code, RegionCode};
use tongban_service::{Application, CaseCommand, DEMO_PHONE, SubmitRequest};

fn liancheng(username: &str, role: Role) -> Actor {
    Actor {
        id: format!("staff:{username}"),
        kind: ActorKind::Staff,
        roles: vec![role],
        region: Some(RegionCode::parse("350825").unwrap()),
        department: Some(Code::parse("350825-scjg").unwrap()),
        token_scopes: None,
    }
}

/// A food-licence case of `owner`, taken at the window, granted and completed.
async fn finished_case(app: &CaseApp, owner: &str) -> String {
    let cases = &app.platform.cases;
    let clerk = liancheng("liancheng.clerk", Role::WindowClerk);
    let examiner = liancheng("liancheng.examiner", Role::Examiner);
    let leader = liancheng("liancheng.scjg.leader", Role::DepartmentLeader);
    let request = SubmitRequest {
        application: Application::Item {
            item: FOOD.into(),
            situations: vec![],
        },
        channel: IntakeChannel::Window,
        owner: Some(owner.into()),
        phone: Some(DEMO_PHONE.into()),
        authorisation: None,
    };
    let no = cases
        .submit(&clerk, request, None)
        .await
        .unwrap()
        .case
        .case_no
        .to_string();
    let on = |item: Option<&str>, command| CaseCommand {
        item: item.map(|i| Code::parse(i).unwrap()),
        command,
    };
    cases
        .act(&clerk, &no, on(None, Command::Accept), None)
        .await
        .unwrap();
    let grant = Command::Decide {
        outcome: Outcome::Granted,
        reasons: vec![],
    };
    for (who, command) in [
        (&examiner, Command::StartReview),
        (&leader, grant),
        (&examiner, Command::Complete),
    ] {
        cases
            .act(who, &no, on(Some(FOOD), command), None)
            .await
            .unwrap();
    }
    no
}

/// The session cookie of a new applicant signed in with `phone`.
async fn other_applicant(app: &CaseApp, phone: &str) -> String {
    app.platform.accounts.request_code(phone).await.unwrap();
    let code = app.sms.last_code(phone);
    let session = app
        .platform
        .accounts
        .login_applicant(phone, &code)
        .await
        .unwrap();
    format!("tb_session={}", session.token)
}

#[tokio::test]
async fn the_applicant_rates_once_others_find_nothing_and_staff_work_the_task() {
    let app = CaseApp::sqlite().await;
    let applicant = app.applicant_cookie().await;
    let me = app.get_as("/api/v1/me", &applicant).await.json();
    let owner = me["id"].as_str().unwrap().to_string();
    let no = finished_case(&app, &owner).await;
    let uri = format!("/api/v1/cases/{no}/reviews");

    let bad = json!({ "level": "very_dissatisfied", "tags": ["办理超时"], "comment": "等了很久" });
    let reply = app.post_as(&uri, &applicant, &bad, None).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let rating = reply.json();
    assert_eq!(rating["level_label"], "非常不满意");
    assert_eq!(rating["target"], no.as_str());
    assert_eq!(rating["valid"], true);

    let again = json!({ "level": "satisfied" });
    let reply = app.post_as(&uri, &applicant, &again, None).await;
    assert_eq!(reply.status, 409, "{}", reply.text);
    assert_eq!(reply.json()["error"]["code"], "review_rectification_open");

    let stranger = other_applicant(&app, "13900139000").await;
    let reply = app.post_as(&uri, &stranger, &again, None).await;
    assert_eq!(reply.status, 404, "{}", reply.text);
    assert_eq!(reply.json()["error"]["code"], "case_not_found");
    let unknown = json!({ "level": "great" });
    let reply = app.post_as(&uri, &applicant, &unknown, None).await;
    assert_eq!(reply.json()["error"]["code"], "review_level_unknown");

    let mine = app.get_as("/api/v1/me/reviews", &applicant).await.json();
    assert_eq!(mine.as_array().unwrap().len(), 1);
    let page = app
        .get_as(&format!("/reviews/cases/{no}"), &applicant)
        .await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("非常不满意") && page.text.contains("提交评价"));

    let examiner = app.staff_cookie("liancheng.examiner").await;
    let reply = app
        .get_as("/api/v1/reviews/rectifications", &examiner)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let tasks = reply.json();
    let tasks = tasks.as_array().unwrap();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0]["case_no"], no.as_str());
    assert_eq!(tasks[0]["current_step"], "verify");
    assert_eq!(tasks[0]["rating"]["comment"], "等了很久");
    let id = tasks[0]["id"].as_str().unwrap().to_string();
    let page = app.get_as("/workbench/reviews", &examiner).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains(&id) && page.text.contains("完成核实"));

    let step = json!({ "step": "verify", "note": "核实属实" });
    let steps = format!("/api/v1/reviews/rectifications/{id}/steps");
    let reply = app.post_as(&steps, &examiner, &step, None).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json()["current_step"], "rectify");
    let reply = app.post_as(&steps, &examiner, &step, None).await;
    assert_eq!(
        reply.json()["error"]["code"],
        "rectification_step_out_of_order"
    );
    let reply = app.post_as(&steps, &applicant, &step, None).await;
    assert!(reply.status == 403 || reply.status == 404, "{}", reply.text);
}
