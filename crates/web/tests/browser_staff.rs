//! A window clerk of 齐河县 in a real headless Chromium: signs in through
//! the login page, opens the workbench, reads a colleague's account, and
//! is refused objects of 连城县 (another province) through both the pages
//! and the API. Screenshots under `target/screenshots/clerk-scope/`.

mod support;

use support::server::Server;
use tongban_testkit::browser::{Browser, Client, Locator, Viewport};

/// The visible text of the page body.
async fn body_text(page: &Client) -> String {
    page.find(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn sign_in(browser: &mut Browser, server: &Server, username: &str) {
    let page = browser.client().clone();
    page.goto(&server.url("/login")).await.unwrap();
    browser.screenshot("login").await.unwrap();
    let form = page
        .find(Locator::Css("form#staff-login-form"))
        .await
        .unwrap();
    form.find(Locator::Css("input[name=username]"))
        .await
        .unwrap()
        .send_keys(username)
        .await
        .unwrap();
    form.find(Locator::Css("input[name=password]"))
        .await
        .unwrap()
        .send_keys("Tongban#2026")
        .await
        .unwrap();
    form.find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.wait_for_text("h1", "工作台").await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clerk_signs_in_and_is_refused_another_regions_page_and_api_object() {
    let server = Server::start().await;
    let mut browser = Browser::launch("clerk-scope", Viewport::DESKTOP)
        .await
        .unwrap();
    let page = browser.client().clone();

    sign_in(&mut browser, &server, "qihe.clerk").await;
    let text = body_text(&page).await;
    assert!(text.contains("综窗受理人员"), "{text}");
    let header = page
        .find(Locator::Css("header"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        header.contains("综窗受理人员"),
        "the header shows who is signed in: {header}"
    );
    browser.screenshot("workbench").await.unwrap();

    // A colleague in the same county: readable.
    page.goto(&server.url("/workbench/staff/qihe.examiner"))
        .await
        .unwrap();
    let text = body_text(&page).await;
    assert!(text.contains("371425-zrzy"), "{text}");
    browser.screenshot("colleague").await.unwrap();

    // A clerk of 连城县: the page answers as if there were no such person.
    page.goto(&server.url("/workbench/staff/liancheng.clerk"))
        .await
        .unwrap();
    let text = body_text(&page).await;
    assert!(text.contains("未找到工作人员"), "{text}");
    assert!(
        !text.contains("350825"),
        "nothing of the other region shows: {text}"
    );
    browser.screenshot("refused-page").await.unwrap();

    // The same object through the API, with the browser's session.
    page.goto(&server.url("/api/v1/staff/liancheng.clerk"))
        .await
        .unwrap();
    let text = body_text(&page).await;
    assert!(text.contains("staff_not_found"), "{text}");
    browser.screenshot("refused-api").await.unwrap();

    // And the colleague through the API: allowed.
    page.goto(&server.url("/api/v1/staff/qihe.examiner"))
        .await
        .unwrap();
    let text = body_text(&page).await;
    assert!(text.contains("\"username\":\"qihe.examiner\""), "{text}");

    // Signing out through the header's form ends the session.
    page.goto(&server.url("/workbench")).await.unwrap();
    browser
        .click_and_wait_for_load("form#logout button")
        .await
        .unwrap();
    page.goto(&server.url("/api/v1/me")).await.unwrap();
    let text = body_text(&page).await;
    assert!(text.contains("unauthenticated"), "{text}");
    browser.screenshot("signed-out").await.unwrap();
    browser.close().await.unwrap();
}
