//! Must-show 6 (我的证照, 免提交): a business signed in with its own
//! account (实名核验 by name and 统一社会信用代码) has its first case granted,
//! and the grant issues its business licence (营业执照) into its wallet;
//! its second application, whose materials accept that licence type, takes
//! the licence from the wallet once it consents — no upload for that
//! material, the licence named — and is SUBMITTED; the submitted record
//! names the licence as that material's evidence, and the data-use log
//! shows which licence, which application and which consent. Without
//! consent, and again after withdrawal, the material asks for an upload.
//! Another applicant's view of the licence is 404 like a missing one.
//!
//! Runs against the demo catalog's `business-licence` licence type, issued
//! by `liancheng.gtgsh-registration` and accepted by
//! `liancheng.food-business-licence`.

mod support;
mod wallet {
    pub mod flow;
}

use serde_json::{Value, json};
use support::apply::apply_app;
use tongban_domain::auth::Role;
use wallet::flow::{
    consent_to_wallet, enterprise_holder, fill_form, first_case_licence, food_draft, licence_line,
    staff, supply_the_rest, to_upload,
};

#[tokio::test]
async fn a_second_application_takes_the_licence_from_the_wallet_with_consent_and_the_log_shows_it()
{
    let app = apply_app().await;
    let (holder, enterprise) = enterprise_holder(&app).await;
    let number = first_case_licence(&app, &holder).await;
    let wallet = app.call(&holder, "GET", "/api/v1/me/licences", None).await;
    assert_eq!(
        wallet.json()[0]["holder_name"],
        enterprise.name.as_str(),
        "the enterprise holds it"
    );

    let draft = food_draft(&app, &holder).await;
    let before = licence_line(&app, &holder, &draft).await;
    assert!(
        to_upload(&before),
        "without consent it asks for an upload: {before}"
    );

    let first_consent = consent_to_wallet(&app, &holder, &draft).await;
    let after = licence_line(&app, &holder, &draft).await;
    assert!(
        !to_upload(&after),
        "with consent no upload is asked: {after}"
    );
    assert_eq!(after["licences"][0]["number"], number.as_str());
    assert_eq!(after["licences"][0]["consent"], first_consent.as_str());

    // Withdrawn: the material asks for an upload again.
    let withdrawn = app
        .call(
            &holder,
            "DELETE",
            &format!("/api/v1/drafts/{draft}/consents/{first_consent}"),
            None,
        )
        .await;
    assert_eq!(withdrawn.status, 200, "{}", withdrawn.text);
    let again = licence_line(&app, &holder, &draft).await;
    assert!(to_upload(&again), "after withdrawal it asks again: {again}");

    // Consented again, the application is completed and submitted.
    let consent = consent_to_wallet(&app, &holder, &draft).await;
    fill_form(&app, &holder, &draft, &enterprise).await;
    let uploaded = supply_the_rest(&app, &holder, &draft).await;
    assert!(!uploaded.is_empty(), "other materials are uploaded");
    assert!(
        !uploaded.iter().any(|m| m == "business-licence"),
        "the business licence is not uploaded: {uploaded:?}"
    );
    let submitted = app
        .call(
            &holder,
            "POST",
            &format!("/api/v1/drafts/{draft}/submit"),
            None,
        )
        .await;
    assert!(submitted.status.is_success(), "{}", submitted.text);
    let case_no = submitted.json()["case_no"].as_str().unwrap().to_string();
    assert!(
        submitted.json()["gaps"]
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["code"] != "business-licence"),
        "the licence is no gap to supply later: {}",
        submitted.text
    );

    // The case exists and is the holder's.
    let case = app
        .call(&holder, "GET", &format!("/api/v1/cases/{case_no}"), None)
        .await;
    assert_eq!(case.status, 200, "{}", case.text);
    assert_eq!(case.json()["state"], "submitted", "{}", case.text);
    assert_eq!(case.json()["owner"], holder.session.actor.id.as_str());

    // The submitted record keeps the licence as that material's evidence.
    let record = app
        .call(&holder, "GET", &format!("/api/v1/drafts/{draft}"), None)
        .await;
    assert_eq!(record.status, 200, "{}", record.text);
    let record = record.json();
    assert_eq!(record["status"]["case_no"], case_no.as_str(), "{record}");
    let line = record["submission"]["materials"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["need"]["material"] == "business-licence")
        .cloned()
        .expect("the record lists the business licence");
    assert_eq!(line["licences"][0]["number"], number.as_str(), "{line}");
    assert_eq!(line["licences"][0]["consent"], consent.as_str(), "{line}");
    assert_eq!(line["uploads"], json!([]), "{line}");
    assert!(
        line["need"]["disposition"].get("exempt").is_some(),
        "{line}"
    );

    // The data-use log: which licence, which application, which consent.
    let log = app.call(&holder, "GET", "/api/v1/me/data-use", None).await;
    let uses = log.json();
    let used: Vec<&Value> = uses
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["licence"] == number.as_str())
        .collect();
    assert!(!used.is_empty(), "the use is logged: {}", log.text);
    for u in &used {
        assert_eq!(u["application"], format!("draft:{draft}"));
        assert_eq!(u["purpose"], "material_exemption");
    }
    for c in [&first_consent, &consent] {
        assert!(
            used.iter().any(|u| u["consent"] == c.as_str()),
            "a use under consent {c}: {}",
            log.text
        );
    }

    // The licence's wallet page shows the same uses.
    let detail = app
        .call(
            &holder,
            "GET",
            &format!("/api/v1/me/licences/{number}"),
            None,
        )
        .await;
    assert_eq!(detail.status, 200, "{}", detail.text);
    assert!(
        detail.json()["uses"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["consent"] == consent.as_str())
    );
}

#[tokio::test]
async fn another_applicants_licence_answers_404_like_a_missing_one() {
    let app = apply_app().await;
    let (holder, _) = enterprise_holder(&app).await;
    let number = first_case_licence(&app, &holder).await;
    let other = app.zhang_san().await;
    let theirs = app
        .call(
            &other,
            "GET",
            &format!("/api/v1/me/licences/{number}"),
            None,
        )
        .await;
    let missing = app
        .call(
            &other,
            "GET",
            "/api/v1/me/licences/350825YYZZ20269999999",
            None,
        )
        .await;
    assert_eq!(theirs.status, 404);
    assert_eq!(missing.status, 404);
    assert_eq!(theirs.error_code(), missing.error_code());
    let pdf = app
        .call(
            &other,
            "GET",
            &format!("/api/v1/me/licences/{number}/pdf"),
            None,
        )
        .await;
    assert_eq!(pdf.status, 404);
}

#[tokio::test]
async fn the_data_use_page_shows_each_licence_use_and_who_made_it_with_the_agent_masked() {
    let app = apply_app().await;
    let (holder, _) = enterprise_holder(&app).await;
    let number = first_case_licence(&app, &holder).await;
    let today = (chrono::Utc::now() + chrono::Duration::hours(8))
        .date_naive()
        .to_string();
    let grants = [
        json!({ "grantee_kind": "department", "department": "350825-scjg",
                "scope": "case", "case_no": "CASE-WALLET-1" }),
        json!({ "grantee_kind": "agent", "agent_name": "张三",
                "agent_document": support::apply::ZHANG_SAN.1,
                "scope": "period", "from": today, "to": today }),
    ];
    for body in grants {
        let granted = app
            .call(
                &holder,
                "POST",
                &format!("/api/v1/me/licences/{number}/grants"),
                Some(&body.to_string()),
            )
            .await;
        assert_eq!(granted.status, 201, "{}", granted.text);
    }
    // The department's examiner uses it for the granted case …
    app.platform()
        .wallet
        .use_licence(
            &staff("scjg.ex", Role::Examiner),
            &number,
            Some("CASE-WALLET-1"),
        )
        .await
        .unwrap();
    // … and the agent, verified as 张三, through the API.
    let zhang = app.zhang_san().await;
    let body = json!({ "number": number }).to_string();
    let used = app
        .call(&zhang, "POST", "/api/v1/licence-uses", Some(&body))
        .await;
    assert!(used.status.is_success(), "{}", used.text);
    // Someone with no grant gets 404, and nothing is logged for it.
    let stranger = app.sign_in("13900000067").await;
    let refused = app
        .call(&stranger, "POST", "/api/v1/licence-uses", Some(&body))
        .await;
    assert_eq!(refused.status, 404, "{}", refused.text);

    let page = app.call(&holder, "GET", "/apply/data-use", None).await;
    assert_eq!(page.status, 200, "{}", page.text);
    let rows: Vec<&str> = page
        .text
        .split("<tr>")
        .filter(|r| r.contains(&number))
        .collect();
    assert_eq!(rows.len(), 2, "two uses of the licence: {}", page.text);
    assert!(
        rows.iter()
            .any(|r| r.contains("连城县市场监督管理局") && r.contains("case:CASE-WALLET-1"))
    );
    assert!(rows.iter().any(|r| r.contains("受托人 张三")));
    assert!(
        !page.text.contains(support::apply::ZHANG_SAN.1),
        "the agent's ID number is masked"
    );
}
