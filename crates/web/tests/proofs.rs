//! E-proofs (电子证明) through the JSON API and the pages: 张三 requests a
//! 居住证明, the police station's officer sees it on the worklist and issues
//! it, the e-proof verifies as 有效 on `/verify/{number}` and through the
//! verification API, its PDF reads back with the proof's name and number,
//! a replaced proof is refused, and another applicant gets 404.

mod support;

use axum::body::Body;
use axum::http::{Request, header};
use serde_json::Value;
use tongban_domain::auth::Role;
use tongban_domain::ident::{Code, RegionCode};
use tongban_service::{DEMO_PERSON, DEMO_PHONE, NewSession, NewStaff};
use tower::ServiceExt;

use support::{App, Reply, demo_app};

/// A signed-in session's cookie and CSRF token.
struct Who(NewSession);

impl Who {
    fn cookie(&self) -> String {
        format!("tb_session={}", self.0.token)
    }
}

async fn call(app: &App, who: &Who, method: &str, uri: &str, json: Option<&str>) -> Reply {
    let builder = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::COOKIE, who.cookie());
    let request = match json {
        Some(text) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(text.to_string())),
        None => builder.body(Body::empty()),
    };
    app.send(request.unwrap()).await
}

async fn post_form(app: &App, who: &Who, uri: &str, fields: &[(&str, &str)]) -> Reply {
    let mut all: Vec<(&str, &str)> = vec![("_csrf", who.0.csrf_token.as_str())];
    all.extend_from_slice(fields);
    let body = serde_urlencoded::to_string(&all).unwrap();
    app.send(
        Request::post(uri)
            .header(header::COOKIE, who.cookie())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

async fn applicant(app: &App, phone: &str, verify: bool) -> Who {
    let accounts = &app.platform.accounts;
    accounts.request_code(phone).await.unwrap();
    let session = accounts
        .login_applicant(phone, &app.sms.last_code(phone))
        .await
        .unwrap();
    if verify {
        app.platform
            .subjects
            .verify_identity(&session.actor, DEMO_PERSON.0, DEMO_PERSON.1)
            .await
            .unwrap();
    }
    Who(session)
}

/// The officer of the police station that issues residence proofs.
async fn officer(app: &App) -> Who {
    let password = "Tongban-Proof-2025!";
    app.platform
        .accounts
        .add_staff(NewStaff {
            username: "ts.officer".into(),
            display_name: "桐山派出所户籍民警".into(),
            password: password.into(),
            department: Code::parse("350982-tsps").unwrap(),
            region: RegionCode::parse("350982001").unwrap(),
            roles: vec![Role::Examiner],
        })
        .await
        .unwrap();
    Who(app
        .platform
        .accounts
        .login_staff("ts.officer", password)
        .await
        .unwrap())
}

/// `GET uri` as `who`, the body as bytes (a PDF is not text).
async fn get_bytes(app: &App, who: &Who, uri: &str) -> Vec<u8> {
    let response = app
        .router
        .clone()
        .oneshot(
            Request::get(uri)
                .header(header::COOKIE, who.cookie())
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "GET {uri}");
    axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec()
}

fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("proof.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[tokio::test]
async fn a_residence_proof_requested_and_issued_through_the_api_verifies_as_valid() {
    let app = demo_app().await;
    let zhang = applicant(&app, DEMO_PHONE, true).await;

    let catalog = app.get("/api/v1/proofs").await;
    assert_eq!(catalog.status, 200, "{}", catalog.text);
    let list = catalog.json();
    let residence = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "residence-proof")
        .unwrap();
    assert_eq!(residence["issuer_name"], "福鼎市公安局桐山派出所");
    assert_eq!(residence["requestable"], true);

    let made = call(
        &app,
        &zhang,
        "POST",
        "/api/v1/proof-requests",
        Some(r#"{"proof_type":"residence-proof","purpose":"办理户口迁入"}"#),
    )
    .await;
    assert_eq!(made.status, 201, "{}", made.text);
    let id = made.json()["id"].as_str().unwrap().to_string();

    let officer = officer(&app).await;
    let work = call(
        &app,
        &officer,
        "GET",
        "/api/v1/workbench/proof-requests",
        None,
    )
    .await;
    assert_eq!(work.status, 200, "{}", work.text);
    let entries = work.json();
    assert_eq!(entries[0]["request"]["id"], id.as_str());
    assert!(!work.text.contains(DEMO_PERSON.1), "ID number leaked");

    let issued = call(
        &app,
        &officer,
        "POST",
        &format!("/api/v1/proof-requests/{id}/issue"),
        Some(r#"{"fields":{"residence-address":"福建省福鼎市桐山街道太平路1号"}}"#),
    )
    .await;
    assert_eq!(issued.status, 200, "{}", issued.text);
    let number = issued.json()["licence"].as_str().unwrap().to_string();

    let verification = app
        .get(&format!("/api/v1/licences/{number}/verification"))
        .await;
    assert_eq!(verification.status, 200, "{}", verification.text);
    assert_eq!(verification.json()["outcome"], "valid");
    let page = app.get(&format!("/verify/{number}")).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("有效"), "{}", page.text);
    assert!(page.text.contains("居住证明"), "{}", page.text);
    assert!(!page.text.contains("张三"), "the holder is masked");

    let mine = call(&app, &zhang, "GET", "/api/v1/me/proof-requests", None).await;
    let mine: Value = mine.json();
    assert_eq!(mine[0]["state"], "issued");
    assert_eq!(mine[0]["licence"], number.as_str());

    // The e-proof is the holder's licence: its PDF names the proof and number.
    let bytes = get_bytes(&app, &zhang, &format!("/api/v1/me/licences/{number}/pdf")).await;
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    let text = pdftotext(&bytes);
    assert!(text.contains("居住证明"), "{text}");
    assert!(text.contains(&number), "{text}");
    assert!(text.contains("福鼎市公安局桐山派出所"), "{text}");
}

#[tokio::test]
async fn a_replaced_proof_is_refused_and_another_applicant_gets_404() {
    let app = demo_app().await;
    let zhang = applicant(&app, DEMO_PHONE, true).await;
    let replaced = call(
        &app,
        &zhang,
        "POST",
        "/api/v1/proof-requests",
        Some(r#"{"proof_type":"labour-termination-proof","purpose":"申领失业保险金"}"#),
    )
    .await;
    assert_eq!(replaced.status, 422, "{}", replaced.text);
    assert_eq!(replaced.error_code(), "proof_replaced");

    let made = call(
        &app,
        &zhang,
        "POST",
        "/api/v1/proof-requests",
        Some(r#"{"proof_type":"residence-proof","purpose":"子女入学"}"#),
    )
    .await;
    let id = made.json()["id"].as_str().unwrap().to_string();
    let stranger = applicant(&app, "13900139000", false).await;
    let theirs = call(
        &app,
        &stranger,
        "GET",
        &format!("/api/v1/proof-requests/{id}"),
        None,
    )
    .await;
    assert_eq!(theirs.status, 404);
    assert_eq!(theirs.error_code(), "proof_request_not_found");
    let missing = call(
        &app,
        &stranger,
        "GET",
        "/api/v1/proof-requests/pr-none",
        None,
    )
    .await;
    assert_eq!(
        (missing.status, missing.error_code()),
        (theirs.status, theirs.error_code())
    );
    let anonymous = app.get(&format!("/api/v1/proof-requests/{id}")).await;
    assert_eq!(anonymous.status, 401);
}

#[tokio::test]
async fn the_pages_list_proofs_take_a_request_and_let_the_officer_refuse_it() {
    let app = demo_app().await;
    let catalog = app.get("/proofs").await;
    assert_eq!(catalog.status, 200);
    assert!(catalog.text.contains("居住证明"));
    assert!(catalog.text.contains("门牌地址证明"));
    assert!(
        catalog.text.contains("已清理：数据核查"),
        "{}",
        catalog.text
    );

    let zhang = applicant(&app, DEMO_PHONE, true).await;
    let sent = post_form(
        &app,
        &zhang,
        "/proofs/residence-proof/request",
        &[("purpose", "办理居住证")],
    )
    .await;
    assert_eq!(sent.status, 303, "{}", sent.text);
    assert_eq!(sent.location.as_deref(), Some("/me/proofs"));
    let mine = call(&app, &zhang, "GET", "/me/proofs", None).await;
    assert!(mine.text.contains("待开具"), "{}", mine.text);

    let officer = officer(&app).await;
    let work = call(&app, &officer, "GET", "/workbench/proofs", None).await;
    assert_eq!(work.status, 200, "{}", work.text);
    assert!(work.text.contains("办理居住证"));
    assert!(
        work.text.contains("居住地址"),
        "the issue form asks the address"
    );
    let id = app
        .platform
        .proofs
        .my_requests(&zhang.0.actor)
        .await
        .unwrap()[0]
        .id
        .clone();

    let forged = app
        .send(
            Request::post(format!("/workbench/proofs/{id}/refuse"))
                .header(header::COOKIE, officer.cookie())
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("reason=x"))
                .unwrap(),
        )
        .await;
    assert_eq!(
        forged.status, 403,
        "a form without its CSRF token is refused"
    );

    let refused = post_form(
        &app,
        &officer,
        &format!("/workbench/proofs/{id}/refuse"),
        &[("reason", "系统中未查到居住登记")],
    )
    .await;
    assert_eq!(refused.status, 303, "{}", refused.text);
    let mine = call(&app, &zhang, "GET", "/me/proofs", None).await;
    assert!(mine.text.contains("不予开具"), "{}", mine.text);
    assert!(mine.text.contains("系统中未查到居住登记"));
}
