//! Notifications through the real router: the applicant's messages (API
//! and page), the supervisors' warnings list, webhook subscriptions and
//! the dead-letter list with its retry (API and page).

mod support;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, header};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use support::Reply;
use support::cases::{CHEF, CaseApp, PASSWORD, chef_answers};
use tongban_domain::auth::{Actor, ActorKind, Role};
use tongban_domain::case::{Command, IntakeChannel};
use tongban_domain::ident::{Code, RegionCode};
use tongban_service::{
    AccountService, Application, CaseCommand, CaseService, CatalogService, Clock, DEMO_PHONE,
    LogSms, NewStaff, SubmitRequest,
};

/// Accepted cases are made on Friday 2025-01-24, whatever today is.
struct Fixed(DateTime<Utc>);

impl Clock for Fixed {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

fn clerk() -> Actor {
    Actor {
        id: "staff:liancheng.clerk".into(),
        kind: ActorKind::Staff,
        roles: vec![Role::WindowClerk],
        region: Some(RegionCode::parse("350825").unwrap()),
        department: Some(Code::parse("350825-scjg").unwrap()),
        token_scopes: None,
    }
}

/// A chef case of `owner`, submitted and accepted on 2025-01-24.
async fn accepted_case(app: &CaseApp, owner: &str) -> String {
    let clock = Arc::new(Fixed(at("2025-01-24T09:00:00+08:00")));
    let accounts = Arc::new(AccountService::new(
        app.db.clone(),
        Arc::new(LogSms),
        clock.clone(),
    ));
    let catalog = Arc::new(CatalogService::new(app.db.clone()));
    let cases = CaseService::new(app.db.clone(), accounts, catalog, clock);
    let request = SubmitRequest {
        application: Application::Bundle {
            bundle: CHEF.into(),
            answers: serde_json::from_value(chef_answers()).unwrap(),
        },
        channel: IntakeChannel::Window,
        owner: Some(owner.into()),
        phone: Some(DEMO_PHONE.into()),
        authorisation: None,
    };
    let view = cases.submit(&clerk(), request, None).await.unwrap();
    let no = view.case.case_no.to_string();
    let accept = CaseCommand {
        item: None,
        command: Command::Accept,
    };
    cases.act(&clerk(), &no, accept, None).await.unwrap();
    no
}

/// Adds a staff account of 连城县 and returns its session cookie.
async fn liancheng(app: &CaseApp, username: &str, role: Role) -> String {
    app.platform
        .accounts
        .add_staff(NewStaff {
            username: username.into(),
            display_name: username.into(),
            password: PASSWORD.into(),
            department: Code::parse("350825-scjg").unwrap(),
            region: RegionCode::parse("350825").unwrap(),
            roles: vec![role],
        })
        .await
        .unwrap();
    app.staff_cookie(username).await
}

async fn send(app: &CaseApp, method: &str, uri: &str, cookie: &str, body: Option<Value>) -> Reply {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/json");
    let body = body.map_or(Body::empty(), |b| Body::from(b.to_string()));
    app.send(request.body(body).unwrap()).await
}

/// The `_csrf` hidden field of a page.
fn csrf_of(page: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let at = page.find(marker).expect("the page has a CSRF field");
    let rest = &page[at + marker.len()..];
    rest[..rest.find('"').unwrap()].to_string()
}

#[tokio::test]
async fn an_applicant_reads_and_marks_their_messages_through_the_api_and_the_page() {
    let app = CaseApp::sqlite().await;
    let cookie = app.applicant_cookie().await;
    let me = app.get_as("/api/v1/me", &cookie).await.json();
    let owner = me["id"].as_str().unwrap().to_string();
    let no = accepted_case(&app, &owner).await;
    assert!(app.platform.events.dispatch_once(100).await.unwrap() > 0);

    let reply = app.get_as("/api/v1/me/notifications", &cookie).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let list = reply.json();
    let list = list.as_array().unwrap();
    let events: Vec<&str> = list.iter().map(|n| n["event"].as_str().unwrap()).collect();
    assert!(events.contains(&"case.submitted") && events.contains(&"case.accepted"));
    assert!(
        list.iter()
            .all(|n| n["case_no"] == no.as_str() && n["read"] == false)
    );

    let first = list[0]["id"].as_i64().unwrap();
    let uri = "/api/v1/me/notifications/read";
    let marked = send(&app, "POST", uri, &cookie, Some(json!({ "id": first }))).await;
    assert_eq!(marked.json(), json!({ "marked": 1 }));

    let page = app.get_as("/me/messages", &cookie).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("我的消息") && page.text.contains("已受理"));
    assert!(page.text.contains(&no));
    assert!(
        !page.text.contains(DEMO_PHONE),
        "the page never shows the phone"
    );
    let form = format!("_csrf={}", csrf_of(&page.text));
    let read_all = app
        .send(
            Request::post("/me/messages/read")
                .header(header::COOKIE, &cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form))
                .unwrap(),
        )
        .await;
    assert_eq!(read_all.status, 303);
    let after = app.get_as("/api/v1/me/notifications", &cookie).await.json();
    assert!(after.as_array().unwrap().iter().all(|n| n["read"] == true));

    let staff = app.staff_cookie("liancheng.scjg.leader").await;
    let refused = app.get_as("/api/v1/me/notifications", &staff).await;
    assert_eq!(
        (refused.status.as_u16(), refused.error_code()),
        (403, "forbidden_role".into())
    );
    let anonymous = app.get("/api/v1/me/notifications").await;
    assert_eq!(anonymous.status, 401);
}

#[tokio::test]
async fn supervisors_see_the_warnings_of_their_region_only() {
    let app = CaseApp::sqlite().await;
    accepted_case(&app, "applicant:someone").await;
    let raised = app
        .platform
        .events
        .scan_warnings(at("2025-02-06T09:00:00+08:00"));
    assert_eq!(raised.await.unwrap(), 4);

    let supervisor = liancheng(&app, "liancheng.supervisor", Role::Supervisor).await;
    let reply = app.get_as("/api/v1/warnings", &supervisor).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let levels: Vec<String> = reply
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["level"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(levels.len(), 4);
    assert_eq!(levels.iter().filter(|l| *l == "red").count(), 2);

    let dezhou = app.staff_cookie("dezhou.supervisor").await;
    let elsewhere = app.get_as("/api/v1/warnings", &dezhou).await.json();
    assert_eq!(elsewhere, json!([]));
    let leader = app.staff_cookie("liancheng.scjg.leader").await;
    let refused = app.get_as("/api/v1/warnings", &leader).await;
    assert_eq!(refused.status, 403);
}

#[tokio::test]
async fn catalog_admins_manage_subscriptions_and_retry_dead_letters() {
    let app = CaseApp::sqlite().await;
    let admin = liancheng(&app, "liancheng.admin", Role::CatalogAdmin).await;
    let base = "/api/v1/webhooks/subscriptions";
    // Nothing listens on port 9 (discard): every attempt fails at once.
    let new = json!({
        "name": "市场监管审批系统", "department": "350825-scjg",
        "url": "http://127.0.0.1:9/hook", "events": ["case.submitted"]
    });
    let created = send(&app, "POST", base, &admin, Some(new.clone())).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let created = created.json();
    let secret = created["secret"].as_str().unwrap().to_string();
    let id = created["subscription"]["id"].as_str().unwrap().to_string();
    let listed = app.get_as(base, &admin).await;
    assert!(listed.text.contains(&id) && !listed.text.contains(&secret));
    let one = format!("{base}/{id}");
    let patch = json!({ "events": ["case.submitted", "case.accepted"] });
    let changed = send(&app, "PATCH", &one, &admin, Some(patch)).await.json();
    assert_eq!(
        changed["events"],
        json!(["case.submitted", "case.accepted"])
    );

    let mut https = new.clone();
    https["url"] = json!("https://x.gov.cn/hook");
    let refused = send(&app, "POST", base, &admin, Some(https)).await;
    assert_eq!(refused.error_code(), "webhook_https_unsupported");
    let clerk_cookie = app.staff_cookie("liancheng.scjg.leader").await;
    let by_leader = send(&app, "POST", base, &clerk_cookie, Some(new)).await;
    assert_eq!(by_leader.status, 403);

    accepted_case(&app, "applicant:someone").await;
    let events = &app.platform.events;
    while events.dispatch_once(100).await.unwrap() > 0 {}
    // Six attempts, 30 s apart at first and doubling: an hour covers them.
    let start = Utc::now();
    for minute in (0..=60).step_by(2) {
        events
            .deliver_webhooks_once(start + chrono::Duration::minutes(minute))
            .await
            .unwrap();
    }
    let dead = app
        .get_as("/api/v1/webhooks/dead-letters", &admin)
        .await
        .json();
    let dead = dead.as_array().unwrap().clone();
    // One per member's submitted and accepted event.
    assert_eq!(dead.len(), 6);
    assert!(dead.iter().all(|d| d["attempts"] == 6));
    let submitted = dead.iter().filter(|d| d["event"] == "case.submitted");
    assert_eq!(submitted.count(), 3);
    let first = dead[0]["id"].as_str().unwrap();
    let retry = format!("/api/v1/webhooks/dead-letters/{first}/retry");
    assert_eq!(send(&app, "POST", &retry, &admin, None).await.status, 202);
    let again = send(&app, "POST", &retry, &admin, None).await;
    assert_eq!(again.error_code(), "dead_letter_not_found");

    let page = app.get_as("/admin/webhooks/dead-letters", &admin).await;
    assert_eq!(page.status, 200);
    let second = dead[1]["id"].as_str().unwrap();
    assert!(page.text.contains(second) && !page.text.contains(first));
    let form = format!("_csrf={}", csrf_of(&page.text));
    let posted = app
        .send(
            Request::post(format!("/admin/webhooks/dead-letters/{second}/retry"))
                .header(header::COOKIE, &admin)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form))
                .unwrap(),
        )
        .await;
    assert_eq!(posted.status, 303);
    let left = app
        .get_as("/api/v1/webhooks/dead-letters", &admin)
        .await
        .json();
    assert_eq!(left.as_array().unwrap().len(), 4);

    assert_eq!(send(&app, "DELETE", &one, &admin, None).await.status, 204);
    let gone = app.get_as(&one, &admin).await;
    assert_eq!(gone.error_code(), "subscription_not_found");
}
