//! The applicant's flow through the JSON API, with the demo applicant
//! 张三: the merged form's size against the separate forms' (counted by
//! the domain), prefill only from consented sources and gone after the
//! consent is withdrawn, the data-use log, and bad input.

mod support;

use serde_json::Value;
use support::apply::{ApplyApp, apply_app};
use tongban_domain::form::merge;
use tongban_domain::guidance::{Answers, Selection, evaluate};

/// The chef bundle's selection for the default answers, and the domain's
/// own counts of its merged form: (fields merged, fields separately).
fn domain_counts(app: &ApplyApp) -> (u64, u64) {
    let catalog = &app.app.catalog;
    let bundle = catalog.bundle(&app.app.chef_code()).unwrap();
    let selection: Selection = evaluate(bundle, &Answers::new(), |code| {
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
    assert_eq!(
        selection.members.len(),
        3,
        "the default answers select all three items"
    );
    let merged = merge(catalog, &selection).unwrap();
    (
        u64::from(merged.asked_merged()),
        u64::from(merged.asked_separately),
    )
}

fn prefilled(form: &Value) -> Vec<&Value> {
    form["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["prefilled"].is_null())
        .collect()
}

#[tokio::test]
async fn the_chef_form_asks_fewer_fields_than_the_three_forms_and_prefills_only_under_consent() {
    let app = apply_app().await;
    let zhang = app.zhang_san().await;
    let draft = app.chef_draft(&zhang).await;
    let (n, m) = domain_counts(&app);
    assert!(n < m, "one form ({n}) asks fewer fields than three ({m})");

    let form = app
        .call(&zhang, "GET", &format!("/api/v1/drafts/{draft}/form"), None)
        .await;
    assert_eq!(form.status, 200, "{}", form.text);
    let form = form.json();
    assert_eq!(form["report"]["asked_merged"].as_u64(), Some(n));
    assert_eq!(form["report"]["asked_separately"].as_u64(), Some(m));
    assert_eq!(
        form["report_text"].as_str().unwrap(),
        format!("本次申请需填写 {n} 项，分别办理需填写 {m} 项")
    );
    assert!(
        prefilled(&form).is_empty(),
        "nothing is prefilled without consent"
    );

    // Consent to the household registry for prefill.
    let options = app
        .call(
            &zhang,
            "GET",
            &format!("/api/v1/drafts/{draft}/consents"),
            None,
        )
        .await
        .json();
    let household = options["prefill"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "公安户籍信息")
        .expect("the household registry is offered for prefill")
        .clone();
    let body =
        serde_json::json!({ "purpose": "prefill", "sources": [household["source"]] }).to_string();
    let granted = app
        .call(
            &zhang,
            "POST",
            &format!("/api/v1/drafts/{draft}/consents"),
            Some(&body),
        )
        .await;
    assert_eq!(granted.status, 201, "{}", granted.text);
    let consent = granted.json()["id"].as_str().unwrap().to_string();

    let form = app
        .call(&zhang, "GET", &format!("/api/v1/drafts/{draft}/form"), None)
        .await;
    let form = form.json();
    let filled = prefilled(&form);
    assert!(!filled.is_empty(), "the consented source prefills fields");
    for f in &filled {
        assert_eq!(
            f["prefilled"]["source"], household["source"],
            "only the consented source: {f}"
        );
        assert_eq!(f["prefilled"]["consent"].as_str(), Some(consent.as_str()));
        assert_eq!(f["prefilled"]["note"], "已由公安户籍信息预填");
    }
    let name = filled
        .iter()
        .find(|f| f["element"] == "person-name")
        .unwrap();
    assert_eq!(name["prefilled"]["value"], "张三");
    assert!(
        !form.to_string().contains(support::apply::ZHANG_SAN.1),
        "the ID number is masked"
    );
    assert_eq!(
        form["report"]["prefilled"].as_u64(),
        Some(filled.len() as u64)
    );

    // Withdraw it: nothing is prefilled any more.
    let revoked = app
        .call(
            &zhang,
            "DELETE",
            &format!("/api/v1/drafts/{draft}/consents/{consent}"),
            None,
        )
        .await;
    assert_eq!(revoked.status, 200, "{}", revoked.text);
    let form = app
        .call(&zhang, "GET", &format!("/api/v1/drafts/{draft}/form"), None)
        .await
        .json();
    assert!(
        prefilled(&form).is_empty(),
        "no prefill after the consent is withdrawn"
    );
}

#[tokio::test]
async fn every_prefilled_read_is_in_the_applicants_own_data_use_log_and_no_one_elses() {
    let app = apply_app().await;
    let zhang = app.zhang_san().await;
    let draft = app.chef_draft(&zhang).await;
    let options = app
        .call(
            &zhang,
            "GET",
            &format!("/api/v1/drafts/{draft}/consents"),
            None,
        )
        .await
        .json();
    let sources: Vec<Value> = options["prefill"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["source"].clone())
        .collect();
    let body = serde_json::json!({ "purpose": "prefill", "sources": sources }).to_string();
    let granted = app
        .call(
            &zhang,
            "POST",
            &format!("/api/v1/drafts/{draft}/consents"),
            Some(&body),
        )
        .await;
    assert_eq!(granted.status, 201, "{}", granted.text);
    let form = app
        .call(&zhang, "GET", &format!("/api/v1/drafts/{draft}/form"), None)
        .await
        .json();

    let log = app.call(&zhang, "GET", "/api/v1/me/data-use", None).await;
    assert_eq!(log.status, 200, "{}", log.text);
    let log = log.json();
    let entries = log.as_array().unwrap();
    for f in prefilled(&form) {
        let listed = entries.iter().any(|e| {
            e["source"] == f["prefilled"]["source"]
                && e["purpose"] == "prefill"
                && e["application"] == format!("draft:{draft}")
                && e["consent"] == f["prefilled"]["consent"]
                && e["elements"].as_array().unwrap().contains(&f["element"])
        });
        assert!(listed, "the read behind {} is logged: {log}", f["element"]);
    }

    // Another applicant sees none of it, and not the draft either.
    let other = app.sign_in("13900000002").await;
    let theirs = app.call(&other, "GET", "/api/v1/me/data-use", None).await;
    assert!(
        !theirs.text.contains(&draft),
        "B's log holds nothing of A's application: {}",
        theirs.text
    );
    let stolen = app
        .call(&other, "GET", &format!("/api/v1/drafts/{draft}/form"), None)
        .await;
    assert_eq!(stolen.status, 404, "{}", stolen.text);
}

#[tokio::test]
async fn bad_input_gets_json_errors_with_stable_codes() {
    let app = apply_app().await;
    let zhang = app.zhang_san().await;
    let draft = app.chef_draft(&zhang).await;

    let unknown = app
        .call(
            &zhang,
            "GET",
            "/api/v1/drafts/00000000000000000000000000000000/form",
            None,
        )
        .await;
    assert_eq!(unknown.status, 404);
    assert!(!unknown.error_code().is_empty(), "{}", unknown.text);

    let version = app
        .call(&zhang, "GET", &format!("/api/v1/drafts/{draft}"), None)
        .await
        .json()["version"]
        .clone();
    let body = serde_json::json!({ "version": version, "answers": { "phone": "12345", "staff-count": "三个" } }).to_string();
    let bad = app
        .call(
            &zhang,
            "PUT",
            &format!("/api/v1/drafts/{draft}/form"),
            Some(&body),
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    assert_eq!(bad.error_code(), "form_invalid");
    let message = bad.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(
        message.contains("联系电话") && message.contains("phone"),
        "{message}"
    );
    assert!(message.contains("staff-count"), "{message}");

    let other = app.sign_in("13900000003").await;
    let theirs = app
        .call(&other, "GET", &format!("/api/v1/drafts/{draft}"), None)
        .await;
    assert_eq!(theirs.status, 404, "{}", theirs.text);
    assert_eq!(
        theirs.error_code(),
        unknown.error_code(),
        "someone else's draft answers like a missing one"
    );

    let no_login = app.app.get(&format!("/api/v1/drafts/{draft}")).await;
    assert_eq!(no_login.status, 401);

    let bad_answer = app
        .app
        .post_json(
            "/api/v1/notice",
            &format!(r#"{{"application":{{"kind":"bundle","bundle":"{}","answers":{{"premises":"moon"}}}}}}"#, app.app.chef_code()),
        )
        .await;
    assert_eq!(bad_answer.status, 422, "{}", bad_answer.text);
    assert_eq!(bad_answer.error_code(), "invalid_answers");
}

#[tokio::test]
async fn the_public_notice_lists_the_deduplicated_materials_and_the_form_report() {
    let app = apply_app().await;
    let (n, m) = domain_counts(&app);
    let reply = app
        .app
        .post_json(
            "/api/v1/notice",
            &format!(
                r#"{{"application":{{"kind":"bundle","bundle":"{}","answers":{{}}}}}}"#,
                app.app.chef_code()
            ),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let notice = reply.json();
    assert_eq!(notice["report"]["asked_merged"].as_u64(), Some(n));
    assert_eq!(notice["report"]["asked_separately"].as_u64(), Some(m));
    let materials = notice["materials"].as_array().unwrap();
    let mut codes: Vec<&str> = materials
        .iter()
        .map(|x| x["material"].as_str().unwrap())
        .collect();
    let all = codes.len();
    codes.dedup();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), all, "each material is listed once");
    assert_eq!(notice["members"].as_array().unwrap().len(), 3);
}
