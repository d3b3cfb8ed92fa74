//! The itinerant chef (游厨登记一件事) through the pages in a real headless
//! Chromium: the clerk's window intake, acceptance with a gap, each
//! department's inbox (review, supplement, grant by the department's
//! leader, completion), postal delivery at the window, and the public
//! status page; and an online application (submitted by the applicant,
//! as `browser_apply` does through the applicant's pages) pre-reviewed and
//! accepted with a gap at the window. Screenshots under
//! `target/screenshots/cases/`.

mod support;

use support::cases::{CaseApp, FOOD, GAP, GTGSH, HEALTH, PASSWORD};
use tongban_testkit::browser::{Browser, Client, Locator, Viewport};

/// The app served over HTTP on a free port of 127.0.0.1.
struct Served {
    base: String,
    task: tokio::task::JoinHandle<()>,
    app: CaseApp,
}

impl Served {
    async fn start() -> Served {
        let app = CaseApp::sqlite().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let router = app.router.clone();
        let task = tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Served { base, task, app }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn click(page: &Client, css: &str) {
    page.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
}

async fn type_into(page: &Client, css: &str, text: &str) {
    page.find(Locator::Css(css))
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

/// Signs in afresh as `username` (the previous session's cookies gone).
async fn sign_in(browser: &Browser, server: &Served, username: &str) {
    let page = browser.client();
    page.goto(&server.url("/")).await.unwrap();
    page.delete_all_cookies().await.unwrap();
    page.goto(&server.url("/login")).await.unwrap();
    type_into(page, "form#staff-login-form input[name=username]", username).await;
    type_into(page, "form#staff-login-form input[name=password]", PASSWORD).await;
    click(page, "form#staff-login-form button[type=submit]").await;
    browser.wait_for_text("h1", "工作台").await.unwrap();
}

/// Submits the action form of `command` (on `item`, or the whole case).
async fn act(browser: &Browser, command: &str, item: Option<&str>) {
    let css = match item {
        Some(item) => {
            format!("form[data-command={command}][data-item='{item}'] button[type=submit]")
        }
        None => {
            format!("section[data-scope=case] form[data-command={command}] button[type=submit]")
        }
    };
    browser.click_and_wait_for_load(&css).await.unwrap();
    browser.wait_for_text("#case-no", "").await.unwrap();
    let text = browser.wait_for_text("body", "").await.unwrap();
    assert!(!text.contains("操作未执行"), "{command} {item:?}: {text}");
}

/// Opens the case from the viewer's `list`.
async fn open_from(browser: &Browser, server: &Served, list: &str, case_no: &str) {
    let page = browser.client();
    page.goto(&server.url(&format!("/workbench/cases/lists/{list}")))
        .await
        .unwrap();
    click(page, &format!("tr[data-case='{case_no}'] a")).await;
    browser
        .wait_for_text("#case-no", &case_no[..6])
        .await
        .unwrap();
}

async fn member_state(page: &Client, item: &str) -> String {
    page.find(Locator::Css(&format!(
        "table.members tr[data-item='{item}']"
    )))
    .await
    .unwrap()
    .attr("data-state")
    .await
    .unwrap()
    .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_itinerant_chef_goes_from_window_intake_to_postal_delivery_through_the_pages() {
    let server = Served::start().await;
    let mut browser = Browser::launch("cases", Viewport::DESKTOP).await.unwrap();
    let page = browser.client().clone();

    // The clerk takes the application at the window.
    sign_in(&browser, &server, "liancheng.clerk").await;
    page.goto(&server.url("/workbench/cases/new"))
        .await
        .unwrap();
    page.find(Locator::Css("select#target"))
        .await
        .unwrap()
        .select_by_value("bundle:liancheng.itinerant-chef")
        .await
        .unwrap();
    click(&page, "form#target-form button").await;
    browser.wait_for_text("h1", "游厨").await.unwrap();
    click(&page, "input[name='q.already_registered'][value=false]").await;
    click(&page, "input[name='q.premises'][value=itinerant]").await;
    click(&page, "input[name='q.has_health_certificate'][value=false]").await;
    type_into(&page, "#phone", "13912345678").await;
    browser.screenshot("intake").await.unwrap();
    click(&page, "form#intake-form button[type=submit]").await;
    browser
        .wait_for_text("#case-state", "已申报")
        .await
        .unwrap();
    let case_no = page
        .find(Locator::Css("#case-no"))
        .await
        .unwrap()
        .attr("data-case-no")
        .await
        .unwrap()
        .unwrap();
    let body = page
        .find(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        body.contains("139****5678") && !body.contains("13912345678"),
        "{body}"
    );

    // 容缺受理: the equipment layout may follow.
    click(
        &page,
        &format!("form[data-command=accept_with_gaps] input[value='{GAP}']"),
    )
    .await;
    browser.screenshot("accept-with-gap").await.unwrap();
    act(&browser, "accept_with_gaps", None).await;
    browser
        .wait_for_text("#case-state", "已受理")
        .await
        .unwrap();

    // Each department's examiner starts review from their inbox.
    for (examiner, items) in [
        ("liancheng.examiner", vec![GTGSH, FOOD]),
        ("liancheng.wjj.examiner", vec![HEALTH]),
    ] {
        sign_in(&browser, &server, examiner).await;
        open_from(&browser, &server, "inbox", &case_no).await;
        for item in items {
            act(&browser, "start_review", Some(item)).await;
            assert_eq!(member_state(&page, item).await, "under_review");
        }
        browser
            .screenshot(&format!("{examiner}-review"))
            .await
            .unwrap();
    }

    // The applicant brings the gap material to the window.
    sign_in(&browser, &server, "liancheng.clerk").await;
    page.goto(&server.url(&format!("/workbench/cases/{case_no}")))
        .await
        .unwrap();
    act(&browser, "supply_materials", None).await;

    // Grants by each department (its leader decides), completion by the examiners.
    for (leader, examiner, items) in [
        (
            "liancheng.scjg.leader",
            "liancheng.examiner",
            vec![GTGSH, FOOD],
        ),
        (
            "liancheng.wjj.leader",
            "liancheng.wjj.examiner",
            vec![HEALTH],
        ),
    ] {
        sign_in(&browser, &server, leader).await;
        open_from(&browser, &server, "inbox", &case_no).await;
        for item in &items {
            act(&browser, "decide", Some(item)).await;
            assert_eq!(member_state(&page, item).await, "decided");
        }
        browser
            .screenshot(&format!("{leader}-grant"))
            .await
            .unwrap();
        sign_in(&browser, &server, examiner).await;
        open_from(&browser, &server, "inbox", &case_no).await;
        for item in &items {
            act(&browser, "complete", Some(item)).await;
        }
    }

    // The clerk hands the results over by post from today's list.
    sign_in(&browser, &server, "liancheng.clerk").await;
    open_from(&browser, &server, "today", &case_no).await;
    browser
        .wait_for_text("#case-state", "已办结")
        .await
        .unwrap();
    page.find(Locator::Css(
        "form[data-command=deliver] select[name=method]",
    ))
    .await
    .unwrap()
    .select_by_value("post")
    .await
    .unwrap();
    type_into(
        &page,
        "form[data-command=deliver] input[name=tracking_no]",
        "SF1234567890",
    )
    .await;
    act(&browser, "deliver", None).await;
    browser
        .wait_for_text("#case-state", "已送达")
        .await
        .unwrap();
    browser
        .wait_for_text("#delivery", "SF1234567890")
        .await
        .unwrap();
    browser.wait_for_text("#chain", "校验通过").await.unwrap();
    browser.screenshot("delivered").await.unwrap();

    // Anyone with the number and the phone's last four digits sees the end.
    page.delete_all_cookies().await.unwrap();
    page.goto(&server.url("/status")).await.unwrap();
    type_into(&page, "#case_no", &case_no).await;
    type_into(&page, "#phone_last4", "5678").await;
    click(&page, "form#status-form button").await;
    let result = browser
        .wait_for_text("#status-result", "已送达")
        .await
        .unwrap();
    assert!(result.contains("游厨登记一件事"), "{result}");
    browser.screenshot("public-status").await.unwrap();
    browser.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_online_chef_application_is_pre_reviewed_and_accepted_with_a_gap_on_the_pages() {
    let server = Served::start().await;
    let applicant = server.app.applicant_cookie().await;
    let body =
        support::cases::chef_submission(serde_json::json!("online"), tongban_service::DEMO_PHONE);
    let case = server.app.submit(&applicant, &body).await;
    let case_no = case["case_no"].as_str().unwrap().to_string();

    let mut browser = Browser::launch("cases-online", Viewport::DESKTOP)
        .await
        .unwrap();
    let page = browser.client().clone();
    sign_in(&browser, &server, "liancheng.clerk").await;
    open_from(&browser, &server, "intake", &case_no).await;
    // An online application cannot be accepted before pre-review.
    let offered = page
        .find_all(Locator::Css("section[data-scope=case] form[data-command]"))
        .await
        .unwrap();
    let mut commands = Vec::new();
    for form in offered {
        commands.push(form.attr("data-command").await.unwrap().unwrap_or_default());
    }
    assert!(
        commands.contains(&"pass_pre_review".to_string()),
        "{commands:?}"
    );
    act(&browser, "pass_pre_review", None).await;
    browser.wait_for_text("#case-state", "预审").await.unwrap();
    click(
        &page,
        &format!("form[data-command=accept_with_gaps] input[value='{GAP}']"),
    )
    .await;
    act(&browser, "accept_with_gaps", None).await;
    browser
        .wait_for_text("#case-state", "已受理")
        .await
        .unwrap();
    browser
        .screenshot("online-accepted-with-gap")
        .await
        .unwrap();
    assert_eq!(member_state(&page, FOOD).await, "accepted");
}
