//! The applicant's pages with the demo applicant 张三: the form page says
//! how many fields the one form asks against the three, names the source
//! of every prefilled field only while the consent stands, masks the ID
//! number, and the data-use page lists only the applicant's own reads.

mod support;

use support::apply::{ZHANG_SAN, apply_app};
use tongban_domain::form::merge;
use tongban_domain::guidance::{Answers, evaluate};

#[tokio::test]
async fn the_form_page_reports_the_counts_and_prefills_only_while_consented() {
    let app = apply_app().await;
    let zhang = app.zhang_san().await;
    let draft = app.chef_draft(&zhang).await;
    let catalog = &app.app.catalog;
    let bundle = catalog.bundle(&app.app.chef_code()).unwrap();
    let selection = evaluate(bundle, &Answers::new(), |code| {
        catalog
            .item(code.as_str())
            .map(|i| {
                i.situations
                    .iter()
                    .map(|s| (s.code.clone(), s.default))
                    .collect()
            })
            .unwrap_or_default()
    })
    .unwrap();
    let merged = merge(catalog, &selection).unwrap();
    let sentence = format!(
        "本次申请需填写 <strong>{}</strong> 项，分别办理需填写 <strong>{}</strong> 项",
        merged.asked_merged(),
        merged.asked_separately
    );

    let form_uri = format!("/apply/drafts/{draft}/form");
    let page = app.call(&zhang, "GET", &form_uri, None).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains(&sentence), "{}", page.text);
    assert!(
        !page.text.contains("预填</span>"),
        "nothing prefilled before consent"
    );

    let consent = app
        .call(
            &zhang,
            "GET",
            &format!("/apply/drafts/{draft}/consent"),
            None,
        )
        .await;
    assert!(consent.text.contains("公安户籍信息"), "{}", consent.text);
    let granted = app
        .post_form(
            &zhang,
            &format!("/apply/drafts/{draft}/consent"),
            &[
                ("purpose", "prefill"),
                ("source", "data_source:household-registry"),
            ],
        )
        .await;
    assert_eq!(granted.status, 303, "{}", granted.text);

    let page = app.call(&zhang, "GET", &form_uri, None).await;
    assert!(page.text.contains("已由公安户籍信息预填"), "{}", page.text);
    assert!(page.text.contains("张三"));
    assert!(
        !page.text.contains(ZHANG_SAN.1),
        "the ID number never appears whole"
    );
    assert!(page.text.contains(&sentence));

    // Withdraw through the consent page's form.
    let view = app
        .call(
            &zhang,
            "GET",
            &format!("/api/v1/drafts/{draft}/consents"),
            None,
        )
        .await
        .json();
    let id = view["consents"][0]["id"].as_str().unwrap().to_string();
    let revoked = app
        .post_form(
            &zhang,
            &format!("/apply/drafts/{draft}/consent/revoke"),
            &[("consent", &id)],
        )
        .await;
    assert_eq!(revoked.status, 303, "{}", revoked.text);
    let page = app.call(&zhang, "GET", &form_uri, None).await;
    assert!(!page.text.contains("已由公安户籍信息预填"), "{}", page.text);

    // The data-use page lists the reads made while consented; another
    // applicant's page lists none of them.
    let log = app.call(&zhang, "GET", "/apply/data-use", None).await;
    assert!(
        log.text.contains("公安户籍信息") && log.text.contains(&draft),
        "{}",
        log.text
    );
    let other = app.sign_in("13900000004").await;
    let theirs = app.call(&other, "GET", "/apply/data-use", None).await;
    assert!(!theirs.text.contains(&draft), "{}", theirs.text);
}

#[tokio::test]
async fn the_notice_page_is_public_and_printable_and_a_bad_answer_is_refused() {
    let app = apply_app().await;
    let code = app.app.chef_code();
    let questions = app.app.get(&format!("/apply/bundles/{code}")).await;
    assert_eq!(questions.status, 200);
    assert!(
        questions.text.contains("您是否已经领取个体工商户营业执照"),
        "{}",
        questions.text
    );
    let answered = app
        .app
        .get(&format!("/apply/bundles/{code}?go=1&a.already_registered=false&a.premises=itinerant&a.has_health_certificate=false"))
        .await;
    assert_eq!(answered.status, 303, "{}", answered.text);
    let notice = app.app.get(answered.location.as_deref().unwrap()).await;
    assert_eq!(notice.status, 200, "{}", notice.text);
    assert!(notice.text.contains("一次性告知单"));
    assert!(notice.text.contains("免提交"));
    assert!(notice.text.contains("@media print") || notice.text.contains("app.css"));
    let bad = app
        .app
        .get(&format!("/apply/notice?bundle={code}&a.premises=moon"))
        .await;
    assert_eq!(bad.status, 422, "{}", bad.text);
}
