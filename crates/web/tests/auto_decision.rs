//! 秒批 through the API: an 86-year-old of 连城县 applies for the 高龄津贴
//! online; with her consent to 审查核验 the rules decide on her 户籍 data
//! and the case is accepted and granted within the submit request, its
//! audit naming each rule. A 76-year-old's application waits for a person.

mod support;

use serde_json::{Value, json};
use support::apply::{Applicant, ApplyApp, apply_app};

const ITEM: &str = "liancheng.old-age-allowance";

/// Verifies `who` as (name, id), opens a draft of the allowance, consents
/// to every source offered for every purpose and fills what is missing.
async fn ready_draft(app: &ApplyApp, who: &Applicant, name: &str, id: &str) -> String {
    let body = json!({ "name": name, "document": id }).to_string();
    let verified = app
        .call(who, "POST", "/api/v1/me/identity", Some(&body))
        .await;
    assert!(verified.status.is_success(), "{}", verified.text);
    let body = json!({ "application": { "kind": "item", "item": ITEM } }).to_string();
    let created = app.call(who, "POST", "/api/v1/drafts", Some(&body)).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let draft = created.json()["id"].as_str().unwrap().to_string();
    let options = app
        .call(
            who,
            "GET",
            &format!("/api/v1/drafts/{draft}/consents"),
            None,
        )
        .await
        .json();
    assert!(
        !options["review"].as_array().unwrap().is_empty(),
        "a 秒批 item offers 审查核验: {options}"
    );
    for (group, purpose) in [
        ("prefill", "prefill"),
        ("exemption", "material_exemption"),
        ("review", "review"),
    ] {
        let sources: Vec<Value> = options[group]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["source"].clone())
            .collect();
        if sources.is_empty() {
            continue;
        }
        let body = json!({ "purpose": purpose, "sources": sources }).to_string();
        let granted = app
            .call(
                who,
                "POST",
                &format!("/api/v1/drafts/{draft}/consents"),
                Some(&body),
            )
            .await;
        assert_eq!(granted.status, 201, "{group}: {}", granted.text);
    }
    let form = app
        .call(who, "GET", &format!("/api/v1/drafts/{draft}/form"), None)
        .await
        .json();
    let mut answers = serde_json::Map::new();
    for f in form["fields"].as_array().unwrap() {
        if f["prefilled"].is_null() {
            let value = match f["element"].as_str().unwrap() {
                "phone" => "13959000080",
                "bank-account-no" => "6217001830000123456",
                other => panic!("unexpected field to fill: {other}"),
            };
            answers.insert(f["element"].as_str().unwrap().into(), value.into());
        }
    }
    let body = json!({ "version": form["version"], "answers": answers }).to_string();
    let saved = app
        .call(
            who,
            "PUT",
            &format!("/api/v1/drafts/{draft}/form"),
            Some(&body),
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.text);
    draft
}

#[tokio::test]
async fn an_eligible_applicant_is_granted_within_the_submit_request_and_the_audit_names_the_rules()
{
    let app = apply_app().await;
    let (name, id) = tongban_service::subjects::demo_elderly().unwrap();
    let who = app.sign_in("13959000080").await;
    let draft = ready_draft(&app, &who, name, &id).await;
    let submitted = app
        .call(
            &who,
            "POST",
            &format!("/api/v1/drafts/{draft}/submit"),
            None,
        )
        .await;
    assert!(submitted.status.is_success(), "{}", submitted.text);
    let body = submitted.json();
    assert_eq!(body["auto_decision"]["verdict"], "grant", "{body}");
    let case_no = body["case_no"].as_str().unwrap().to_string();

    let case = app
        .call(&who, "GET", &format!("/api/v1/cases/{case_no}"), None)
        .await
        .json();
    assert_eq!(case["state"], "decided", "{case}");
    let audit = app
        .call(&who, "GET", &format!("/api/v1/cases/{case_no}/audit"), None)
        .await;
    assert_eq!(audit.status, 200, "{}", audit.text);
    let text = audit.text;
    assert!(text.contains("system:auto-decision"), "{text}");
    for rule in ["age-80", "local-hukou"] {
        assert!(text.contains(rule), "the audit names rule {rule}: {text}");
    }
    // Her data was read for 审查核验 and the read is in her own log.
    let log = app
        .call(&who, "GET", "/api/v1/me/data-use", None)
        .await
        .json();
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|e| e["purpose"] == "review"),
        "{log}"
    );
}

#[tokio::test]
async fn an_applicant_under_eighty_waits_for_a_person() {
    let app = apply_app().await;
    let who = app.sign_in(tongban_service::DEMO_PHONE).await;
    let (name, id) = tongban_service::DEMO_PERSON;
    let draft = ready_draft(&app, &who, name, id).await;
    let submitted = app
        .call(
            &who,
            "POST",
            &format!("/api/v1/drafts/{draft}/submit"),
            None,
        )
        .await;
    assert!(submitted.status.is_success(), "{}", submitted.text);
    let body = submitted.json();
    assert_eq!(body["auto_decision"]["verdict"], "to_person", "{body}");
    let points = body["auto_decision"]["points"].as_array().unwrap();
    let age = points.iter().find(|p| p["code"] == "age-80").unwrap();
    assert_eq!(age["outcome"], "not_satisfied", "{body}");
    let case_no = body["case_no"].as_str().unwrap();
    let case = app
        .call(&who, "GET", &format!("/api/v1/cases/{case_no}"), None)
        .await
        .json();
    assert_eq!(case["state"], "submitted", "{case}");
}
