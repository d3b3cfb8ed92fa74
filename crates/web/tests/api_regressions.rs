//! What schemathesis (scripts/schemathesis.sh) found against the OpenAPI
//! document, one test per finding: each bad request answers a 4xx JSON
//! error with a stable code and a Chinese message, and the document lists
//! that status for the operation (so generated clients expect it).

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};

use support::Reply;
use support::cases::CaseApp;

/// The operation's documented answer for `status`, if any.
fn documented<'a>(doc: &'a Value, method: &str, path: &str, status: u16) -> Option<&'a Value> {
    doc["paths"][path][method]["responses"].get(status.to_string())
}

/// Asserts an error answer: the status, the code, a Chinese message, and
/// that the document lists the status for `method path` with ErrorBody.
fn assert_documented_error(
    doc: &Value,
    (method, path): (&str, &str),
    reply: &Reply,
    status: StatusCode,
    code: &str,
) {
    assert_eq!(reply.status, status, "{method} {path}: {}", reply.text);
    assert!(reply.content_type.starts_with("application/json"));
    let body = reply.json();
    assert_eq!(body["error"]["code"], code, "{}", reply.text);
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "the message is Chinese: {message}"
    );
    let answer = documented(doc, method, path, status.as_u16())
        .unwrap_or_else(|| panic!("{method} {path} does not document {status}"));
    assert_eq!(
        answer["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/ErrorBody",
        "{method} {path} {status}"
    );
}

async fn openapi(app: &CaseApp) -> Value {
    app.get("/api/v1/openapi.json").await.json()
}

async fn post_raw(
    app: &CaseApp,
    uri: &str,
    cookie: &str,
    kind: Option<&str>,
    body: &[u8],
) -> Reply {
    let mut request = Request::post(uri).header(header::COOKIE, cookie);
    if let Some(kind) = kind {
        request = request.header(header::CONTENT_TYPE, kind);
    }
    app.send(request.body(Body::from(body.to_vec())).unwrap())
        .await
}

#[tokio::test]
async fn list_endpoints_are_documented_as_arrays_and_answer_arrays() {
    // Found: GET /proofs and GET /workbench/proof-requests answered a JSON
    // array where the document promised an object.
    let app = CaseApp::sqlite().await;
    let doc = openapi(&app).await;
    let applicant = app.applicant_cookie().await;
    for path in [
        "/proofs",
        "/me/proof-requests",
        "/drafts",
        "/me/data-use",
        "/appeals/mine",
    ] {
        let reply = app.get_as(&format!("/api/v1{path}"), &applicant).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text);
        assert!(reply.json().is_array(), "{path} answers an array");
        let schema = &documented(&doc, "get", &format!("/api/v1{path}"), 200).unwrap()["content"]["application/json"]
            ["schema"];
        assert_eq!(schema["type"], "array", "{path} is documented as an array");
    }
}

#[tokio::test]
async fn a_json_body_without_its_content_type_is_a_documented_415() {
    // Found: every JSON operation answered 415 without documenting it.
    let app = CaseApp::sqlite().await;
    let doc = openapi(&app).await;
    let applicant = app.applicant_cookie().await;
    let reply = post_raw(&app, "/api/v1/appeals", &applicant, None, b"{}").await;
    assert_documented_error(
        &doc,
        ("post", "/api/v1/appeals"),
        &reply,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_documented_400() {
    // Found: POST /proof-requests with the body "\0" answered an
    // undocumented 400.
    let app = CaseApp::sqlite().await;
    let doc = openapi(&app).await;
    let applicant = app.applicant_cookie().await;
    let reply = post_raw(
        &app,
        "/api/v1/proof-requests",
        &applicant,
        Some("application/json"),
        b"\0",
    )
    .await;
    assert_documented_error(
        &doc,
        ("post", "/api/v1/proof-requests"),
        &reply,
        StatusCode::BAD_REQUEST,
        "invalid_body",
    );
}

#[tokio::test]
async fn a_body_of_the_wrong_shape_is_a_documented_422() {
    // Found: POST /appeals/{no}/instructions with `{}` answered an
    // undocumented 422.
    let app = CaseApp::sqlite().await;
    let doc = openapi(&app).await;
    let supervisor = app.staff_cookie("dezhou.supervisor").await;
    let reply = app
        .post_as(
            "/api/v1/appeals/SQ250101000001/instructions",
            &supervisor,
            &json!({}),
            None,
        )
        .await;
    assert_documented_error(
        &doc,
        ("post", "/api/v1/appeals/{no}/instructions"),
        &reply,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
    );
}

#[tokio::test]
async fn staff_on_an_applicants_endpoint_get_a_documented_refusal() {
    // Found: GET /drafts answered staff an undocumented 403, GET
    // /me/data-use an undocumented 404.
    let app = CaseApp::sqlite().await;
    let doc = openapi(&app).await;
    let admin = app.staff_cookie("admin.sd").await;
    let drafts = app.get_as("/api/v1/drafts", &admin).await;
    assert_documented_error(
        &doc,
        ("get", "/api/v1/drafts"),
        &drafts,
        StatusCode::FORBIDDEN,
        "forbidden_role",
    );
    let data_use = app.get_as("/api/v1/me/data-use", &admin).await;
    assert_documented_error(
        &doc,
        ("get", "/api/v1/me/data-use"),
        &data_use,
        StatusCode::NOT_FOUND,
        "subject_applicant_only",
    );
}

#[tokio::test]
async fn an_applicant_on_the_proof_workbench_gets_a_documented_422() {
    // Found: GET /workbench/proof-requests answered an applicant an
    // undocumented 422.
    let app = CaseApp::sqlite().await;
    let doc = openapi(&app).await;
    let applicant = app.applicant_cookie().await;
    let reply = app
        .get_as("/api/v1/workbench/proof-requests", &applicant)
        .await;
    assert_documented_error(
        &doc,
        ("get", "/api/v1/workbench/proof-requests"),
        &reply,
        StatusCode::UNPROCESSABLE_ENTITY,
        "proof_worklist_department_only",
    );
}

#[tokio::test]
async fn a_bad_bearer_token_is_a_documented_401_even_on_a_public_operation() {
    let app = CaseApp::sqlite().await;
    let doc = openapi(&app).await;
    let reply = app
        .send(
            Request::get("/api/v1/proofs")
                .header(header::AUTHORIZATION, "Bearer tb_not-a-token")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_documented_error(
        &doc,
        ("get", "/api/v1/proofs"),
        &reply,
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    );
}

/// Every `$ref` under `value`.
fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => refs(v, out),
                }
            }
        }
        Value::Array(list) => list.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn every_schema_reference_in_the_document_resolves() {
    // Found: the `scope` search parameter referred to ScopeParam, which the
    // document did not define, so its values were never tested.
    let app = CaseApp::sqlite().await;
    let doc = openapi(&app).await;
    let mut found = Vec::new();
    refs(&doc, &mut found);
    assert!(found.iter().any(|r| r.ends_with("/ScopeParam")));
    for reference in found {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("unexpected reference {reference}"));
        assert!(
            doc["components"]["schemas"].get(name).is_some(),
            "{reference} does not resolve"
        );
    }
}

#[tokio::test]
async fn an_appeal_answers_with_its_typed_schema() {
    // Found: the appeal endpoints documented their answers as bare objects.
    let app = CaseApp::sqlite().await;
    let doc = openapi(&app).await;
    let applicant = app.applicant_cookie().await;
    let filed = app
        .post_as(
            "/api/v1/appeals",
            &applicant,
            &json!({"source": "whistle", "category": "用工招聘", "title": "招工难",
                    "description": "急需招聘技术工人", "region": "371425",
                    "subject": {"name": "齐河县某机械有限公司"}}),
            None,
        )
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
    let schema = &documented(&doc, "post", "/api/v1/appeals", 201).unwrap()["content"]["application/json"]
        ["schema"];
    assert_eq!(schema["$ref"], "#/components/schemas/AppealViewDto");
    let body = filed.json();
    let appeal_schema = &doc["components"]["schemas"]["AppealDto"];
    for key in appeal_schema["required"].as_array().unwrap() {
        let key = key.as_str().unwrap();
        assert!(body["appeal"].get(key).is_some(), "appeal.{key} is missing");
    }
    let states = appeal_schema["properties"]["state"]["enum"]
        .as_array()
        .unwrap();
    assert!(states.contains(&body["appeal"]["state"]));
}
