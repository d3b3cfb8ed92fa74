//! The whole applicant flow in a real headless Chromium at 390×844:
//! search 游厨 → bundle → questions → notice → phone-code login → 实名核验
//! → consent → form → materials (a PDF through the file input) → review →
//! submit → the case number. Screenshots under `target/screenshots/apply/`.

mod support;

use support::apply::{ApplyServer, ZHANG_SAN};
use tongban_service::DEMO_PHONE;
use tongban_testkit::browser::{Browser, Client, Locator, Viewport};

async fn click(page: &Client, css: &str) {
    page.find(Locator::Css(css))
        .await
        .unwrap()
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

async fn body_text(page: &Client) -> String {
    page.find(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_applicant_on_a_phone_applies_for_the_chef_bundle_and_gets_a_case_number() {
    let server = ApplyServer::start().await;
    let mut browser = Browser::launch("apply", Viewport::PHONE).await.unwrap();
    let page = browser.client().clone();

    page.goto(&server.url("/apply")).await.unwrap();
    type_into(&page, "#apply-q", "游厨").await;
    click(&page, "#apply-search button").await;
    browser
        .wait_for_text("main", "游厨登记一件事")
        .await
        .unwrap();
    browser.screenshot("search").await.unwrap();
    page.find(Locator::LinkText("游厨登记一件事"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .wait_for_text("main", "请回答以下问题")
        .await
        .unwrap();
    for css in [
        "input[name='a.already_registered'][value=false]",
        "input[name='a.premises'][value=itinerant]",
        "input[name='a.has_health_certificate'][value=false]",
    ] {
        click(&page, css).await;
    }
    browser.screenshot("questions").await.unwrap();
    click(&page, "#to-notice").await;
    browser.wait_for_text("main", "一次性告知单").await.unwrap();
    browser.screenshot("notice").await.unwrap();

    click(&page, "#start").await;
    browser.wait_for_text("h1", "登录").await.unwrap();
    type_into(&page, "#code-form input[name=phone]", DEMO_PHONE).await;
    click(&page, "#code-form button").await;
    browser.wait_for_text("main", "验证码已发送").await.unwrap();
    let code = server.app.sms.last_code(DEMO_PHONE);
    type_into(&page, "#applicant-login-form input[name=code]", &code).await;
    browser.screenshot("login").await.unwrap();
    click(&page, "#applicant-login-form button").await;
    browser.wait_for_text("h1", "开始申请").await.unwrap();
    click(&page, "#start-form button").await;

    browser.wait_for_text("h1", "实名核验").await.unwrap();
    type_into(&page, "#identity-form input[name=name]", ZHANG_SAN.0).await;
    type_into(&page, "#identity-form input[name=document]", ZHANG_SAN.1).await;
    click(&page, "#identity-form button").await;

    browser.wait_for_text("h1", "数据授权").await.unwrap();
    click(&page, "#grant-prefill button").await;
    browser.wait_for_text("main", "已授权").await.unwrap();
    browser.screenshot("consent").await.unwrap();
    click(&page, "#next").await;

    browser
        .wait_for_text("main", "已由公安户籍信息预填")
        .await
        .unwrap();
    let text = body_text(&page).await;
    assert!(
        !text.contains(ZHANG_SAN.1),
        "the ID number is masked on the page"
    );
    browser.screenshot("form").await.unwrap();
    // Fill what is missing: every empty text input and select.
    let fills: [(&str, &str); 10] = [
        ("f.phone", "13800000001"),
        ("f.entity-name", "张三游厨"),
        ("f.business-address", "福建省龙岩市连城县莲峰镇北大路1号"),
        ("f.business-scope", "农村集体聚餐服务"),
        ("f.staff-count", "3"),
        ("f.capital-amount", "2"),
        ("f.food-business-items", "热食类食品制售"),
        ("f.food-safety-manager", "张三"),
        ("f.uscc", ""),
        ("f.industry-category", ""),
    ];
    for (name, value) in fills {
        if value.is_empty() {
            continue;
        }
        if let Ok(input) = page
            .find(Locator::Css(&format!("input[name='{name}']")))
            .await
        {
            input.send_keys(value).await.unwrap();
        }
    }
    for select in page
        .find_all(Locator::Css("#apply-form select"))
        .await
        .unwrap()
    {
        let options = select.find_all(Locator::Css("option")).await.unwrap();
        if let Some(last) = options.last() {
            last.click().await.unwrap();
        }
    }
    click(&page, "#save-form").await;
    browser.wait_for_text("h1", "提交材料").await.unwrap();
    browser.screenshot("materials").await.unwrap();

    // Upload a small PDF for every material still to upload.
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("材料.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").unwrap();
    let mut codes = Vec::new();
    for input in page
        .find_all(Locator::Css("form.upload input[name=material]"))
        .await
        .unwrap()
    {
        codes.push(input.attr("value").await.unwrap().unwrap());
    }
    assert!(!codes.is_empty(), "some material is to be uploaded");
    for code in &codes {
        let form = page
            .find(Locator::Css(&format!(
                "li[data-material='{code}'] form.upload"
            )))
            .await
            .unwrap();
        form.find(Locator::Css("input[type=file]"))
            .await
            .unwrap()
            .send_keys(pdf.to_str().unwrap())
            .await
            .unwrap();
        form.find(Locator::Css("button"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        browser
            .wait_for_text(&format!("li[data-material='{code}']"), "已上传")
            .await
            .unwrap();
    }
    if page.find(Locator::Css("#commitments")).await.is_ok() {
        for tick in page
            .find_all(Locator::Css("#commitments input[type=checkbox]"))
            .await
            .unwrap()
        {
            if !tick.is_selected().await.unwrap() {
                tick.click().await.unwrap();
            }
        }
        browser
            .click_and_wait_for_load("#commitments button")
            .await
            .unwrap();
        browser.wait_for_text("h1", "提交材料").await.unwrap();
    }
    browser.screenshot("uploaded").await.unwrap();
    click(&page, "#next").await;

    browser.wait_for_text("h1", "确认提交").await.unwrap();
    let text = body_text(&page).await;
    assert!(
        !text.contains(ZHANG_SAN.1) && !text.contains(DEMO_PHONE),
        "masked: {text}"
    );
    browser.screenshot("review").await.unwrap();
    assert!(
        page.find(Locator::Css("#submit-form")).await.is_ok(),
        "nothing stops submission: {text}"
    );
    click(&page, "#submit-form button").await;
    let done = browser.wait_for_text("main", "办件流水号").await.unwrap();
    browser.screenshot("done").await.unwrap();
    let case_no = page
        .find(Locator::Css("#case-no"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!case_no.trim().is_empty(), "{done}");
    browser.close().await.unwrap();
}
