//! Must-show 5 of issue 7 in a real headless Chromium: an enterprise
//! (a demo applicant linked by 实名核验 to a demo enterprise) blows a
//! whistle through `/appeals/new`, the supervisor dispatches it on the
//! board, a department examiner answers and resolves it on
//! `/workbench/appeals/{no}`, the enterprise rates it 满意 on
//! `/appeals/{no}`, and its file (`/me/file`, 一企一档) shows the appeal,
//! the answer and the rating. Screenshots under
//! `target/screenshots/appeals/`.

mod support;

use support::apply::ApplyServer;
use tongban_testkit::browser::{Browser, Client, Locator, Viewport};

const PASSWORD: &str = "Tongban#2026";
/// The enterprise's phone (fictional).
const PHONE: &str = "13900000066";
const ANSWER: &str = "已对接县人社局，三日内发布招聘信息";
const RESOLUTION: &str = "招聘信息已发布，已到岗18人";

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
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .send_keys(text)
        .await
        .unwrap();
}

/// Signs in afresh as staff `username`.
async fn staff_sign_in(browser: &Browser, server: &ApplyServer, username: &str) {
    let page = browser.client();
    page.goto(&server.url("/")).await.unwrap();
    page.delete_all_cookies().await.unwrap();
    page.goto(&server.url("/login")).await.unwrap();
    type_into(page, "form#staff-login-form input[name=username]", username).await;
    type_into(page, "form#staff-login-form input[name=password]", PASSWORD).await;
    click(page, "form#staff-login-form button[type=submit]").await;
    browser.wait_for_text("h1", "工作台").await.unwrap();
}

/// Signs the enterprise in afresh with a phone code, landing on `path`.
async fn enterprise_sign_in(browser: &Browser, server: &ApplyServer, path: &str) {
    let page = browser.client();
    page.goto(&server.url("/")).await.unwrap();
    page.delete_all_cookies().await.unwrap();
    page.goto(&server.url(path)).await.unwrap();
    browser.wait_for_text("h1", "登录").await.unwrap();
    type_into(page, "#code-form input[name=phone]", PHONE).await;
    click(page, "#code-form button").await;
    browser.wait_for_text("main", "验证码已发送").await.unwrap();
    let code = server.app.sms.last_code(PHONE);
    type_into(page, "#applicant-login-form input[name=code]", &code).await;
    click(page, "#applicant-login-form button").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_enterprise_blows_a_whistle_a_department_answers_the_enterprise_rates_it_and_its_file_shows_it()
 {
    let server = ApplyServer::start().await;
    // 实名核验 as an enterprise: the account of PHONE is linked to the
    // first demo enterprise by its name and credit code.
    let enterprise = tongban_service::subjects::demo_enterprises()
        .unwrap()
        .swap_remove(0);
    let (name, uscc) = (enterprise.name, enterprise.uscc.as_str().to_string());
    let account = server.app.sign_in(PHONE).await;
    server
        .app
        .platform()
        .subjects
        .verify_identity(&account.session.actor, &name, &uscc)
        .await
        .unwrap();

    let mut browser = Browser::launch("appeals", Viewport::DESKTOP).await.unwrap();
    let page = browser.client().clone();

    // The enterprise blows the whistle.
    enterprise_sign_in(&browser, &server, "/appeals/new").await;
    browser.wait_for_text("h1", "提交诉求").await.unwrap();
    click(&page, "select[name=region] option[value='371425']").await;
    type_into(&page, "#appeal-form input[name=category]", "用工招聘").await;
    type_into(&page, "#appeal-form input[name=title]", "急需招聘技术工人").await;
    type_into(
        &page,
        "#appeal-form textarea[name=description]",
        "新生产线投产，急需招聘30名技术工人",
    )
    .await;
    browser.screenshot("whistle-form").await.unwrap();
    click(&page, "#appeal-form button[type=submit]").await;
    browser.wait_for_text("main", "已登记").await.unwrap();
    let no = page
        .find(Locator::Css("#appeal-no"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(no.starts_with("SQ"), "{no}");
    browser.screenshot("whistle-filed").await.unwrap();

    // The supervisor dispatches it to 自然资源局 on the board.
    staff_sign_in(&browser, &server, "dezhou.supervisor").await;
    page.goto(&server.url("/workbench/appeals/board"))
        .await
        .unwrap();
    browser.wait_for_text("main", &no).await.unwrap();
    let section = format!("section[data-appeal='{no}']");
    click(
        &page,
        &format!("{section} select[name=lead] option[value='371425-zrzy']"),
    )
    .await;
    browser.screenshot("board").await.unwrap();
    click(&page, &format!("{section} button[type=submit]")).await;
    browser
        .wait_for_text("main", "没有待派单的诉求")
        .await
        .unwrap();

    // The department's examiner answers, then reports it resolved.
    staff_sign_in(&browser, &server, "qihe.examiner").await;
    page.goto(&server.url("/workbench/appeals")).await.unwrap();
    browser.wait_for_text("#worklist", &no).await.unwrap();
    browser.screenshot("worklist").await.unwrap();
    page.find(Locator::LinkText(&no))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.wait_for_text("main", "部门报到").await.unwrap();
    click(&page, "#report-form input[value=answer]").await;
    type_into(&page, "#report-form textarea[name=text]", ANSWER).await;
    click(&page, "#report-form button[type=submit]").await;
    browser.wait_for_text("#reports", ANSWER).await.unwrap();
    click(&page, "#report-form input[value=resolution]").await;
    type_into(&page, "#report-form textarea[name=text]", RESOLUTION).await;
    click(&page, "#report-form button[type=submit]").await;
    browser.wait_for_text("#reports", RESOLUTION).await.unwrap();
    browser.screenshot("answered").await.unwrap();

    // The enterprise rates it (评哨): satisfied.
    enterprise_sign_in(&browser, &server, &format!("/appeals/{no}")).await;
    browser.wait_for_text("main", "评哨").await.unwrap();
    click(&page, "#rate-form input[value=true]").await;
    type_into(
        &page,
        "#rate-form textarea[name=comment]",
        "响应很快，问题已解决",
    )
    .await;
    browser.screenshot("rating").await.unwrap();
    click(&page, "#rate-form button[type=submit]").await;
    browser.wait_for_text("main", "已归档").await.unwrap();

    // The enterprise file shows the appeal, its answer and the rating.
    page.goto(&server.url("/me/file")).await.unwrap();
    let file = browser.wait_for_text("main", "评哨：满意").await.unwrap();
    for needle in [no.as_str(), ANSWER, RESOLUTION, name.as_str(), "响应很快"] {
        assert!(file.contains(needle), "{needle} in {file}");
    }
    assert!(!file.contains(PHONE), "no phone number on the file");
    browser.screenshot("enterprise-file").await.unwrap();
    click(&page, "#switch-script").await;
    browser.wait_for_text("h1", "我的檔案").await.unwrap();
    browser.screenshot("enterprise-file-hant").await.unwrap();
    browser.close().await.unwrap();
}
