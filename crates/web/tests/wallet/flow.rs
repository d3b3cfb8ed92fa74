//! The steps of the wallet tests: a business verified with its own
//! account, its first case granted (issuing its 营业执照), and the food
//! licence application it completes with the licence from the wallet.

#![allow(dead_code)]

use crate::support;
use crate::support::apply::{Applicant, ApplyApp};
use axum::body::Body;
use axum::http::{Request, header};
use serde_json::{Value, json};
use tongban_domain::auth::{Actor, ActorKind, Role};
use tongban_domain::case::{Command, IntakeChannel, Outcome};
use tongban_domain::guidance::{Answer, Answers};
use tongban_domain::ident::{Code, RegionCode};
use tongban_domain::subject::Enterprise;
use tongban_service::subjects::demo_enterprises;
use tongban_service::{Application, CaseCommand, SubmitRequest};

pub const GTGSH: &str = "liancheng.gtgsh-registration";
pub const FOOD: &str = "liancheng.food-business-licence";
pub const HOLDER_PHONE: &str = "13900000066";
pub const BOUNDARY: &str = "tongban-wallet-boundary";

pub fn code(c: &str) -> Code {
    Code::parse(c).unwrap()
}

pub fn staff(name: &str, role: Role) -> Actor {
    Actor {
        id: format!("staff:{name}"),
        kind: ActorKind::Staff,
        roles: vec![role],
        region: Some(RegionCode::parse("350825").unwrap()),
        department: Some(code("350825-scjg")),
        token_scopes: None,
    }
}

/// The first demo enterprise (连城县), its account signed in and verified
/// through the API.
pub async fn enterprise_holder(app: &ApplyApp) -> (Applicant, Enterprise) {
    let enterprise = demo_enterprises().unwrap().swap_remove(0);
    let who = app.sign_in(HOLDER_PHONE).await;
    let body = json!({ "name": enterprise.name, "document": enterprise.uscc.as_str() });
    let verified = app
        .call(&who, "POST", "/api/v1/me/identity", Some(&body.to_string()))
        .await;
    assert!(verified.status.is_success(), "{}", verified.text);
    (who, enterprise)
}

/// The holder's first case: the chef bundle taken in at the window for
/// the holder's account, its registration member granted. The grant
/// issues the business licence; answers its number, read from the wallet.
pub async fn first_case_licence(app: &ApplyApp, holder: &Applicant) -> String {
    let platform = app.platform();
    let wallet_before = app.call(holder, "GET", "/api/v1/me/licences", None).await;
    assert_eq!(wallet_before.json(), json!([]), "an empty wallet at first");
    let mut answers = Answers::new();
    answers.insert("already_registered".into(), Answer::YesNo(false));
    answers.insert("premises".into(), Answer::Choice("itinerant".into()));
    answers.insert("has_health_certificate".into(), Answer::YesNo(false));
    let clerk = staff("lc.clerk", Role::WindowClerk);
    let request = SubmitRequest {
        application: Application::Bundle {
            bundle: app.app.chef_code(),
            answers,
        },
        channel: IntakeChannel::Window,
        owner: Some(holder.session.actor.id.clone()),
        phone: None,
        authorisation: None,
    };
    let cases = &platform.cases;
    let no = cases
        .submit(&clerk, request, None)
        .await
        .unwrap()
        .case
        .case_no
        .to_string();
    let steps = [
        (clerk, None, Command::Accept),
        (
            staff("scjg.ex", Role::Examiner),
            Some(GTGSH),
            Command::StartReview,
        ),
        (
            staff("scjg.lead", Role::DepartmentLeader),
            Some(GTGSH),
            Command::Decide {
                outcome: Outcome::Granted,
                reasons: vec![],
            },
        ),
    ];
    for (who, item, command) in steps {
        let command = CaseCommand {
            item: item.map(code),
            command,
        };
        cases.act(&who, &no, command, None).await.unwrap();
    }
    // The grant alone issued it: it is in the wallet now.
    let wallet = app.call(holder, "GET", "/api/v1/me/licences", None).await;
    assert_eq!(wallet.status, 200, "{}", wallet.text);
    let listed = wallet.json();
    let licences = listed.as_array().unwrap();
    assert_eq!(licences.len(), 1, "the grant issued one licence: {listed}");
    assert_eq!(licences[0]["type_code"], "business-licence");
    assert_eq!(licences[0]["status"], "valid");
    licences[0]["number"].as_str().unwrap().to_string()
}

/// A draft of the food business licence item alone.
pub async fn food_draft(app: &ApplyApp, who: &Applicant) -> String {
    let body = format!(r#"{{"application":{{"kind":"item","item":"{FOOD}"}}}}"#);
    let reply = app.call(who, "POST", "/api/v1/drafts", Some(&body)).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.json()["id"].as_str().unwrap().to_string()
}

/// The draft's `business-licence` material line.
pub async fn licence_line(app: &ApplyApp, who: &Applicant, draft: &str) -> Value {
    let reply = app
        .call(
            who,
            "GET",
            &format!("/api/v1/drafts/{draft}/materials"),
            None,
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.json()["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["need"]["material"] == "business-licence")
        .cloned()
        .expect("the food licence asks for the business licence")
}

pub fn to_upload(line: &Value) -> bool {
    line["need"]["disposition"].get("to_upload").is_some()
}

/// Grants the draft's 免提交 consent for the business licence; its id.
pub async fn consent_to_wallet(app: &ApplyApp, who: &Applicant, draft: &str) -> String {
    let consent = app
        .call(
            who,
            "POST",
            &format!("/api/v1/drafts/{draft}/consents"),
            Some(
                r#"{"purpose":"material_exemption","sources":[{"licence":{"licence_type":"business-licence"}}]}"#,
            ),
        )
        .await;
    assert_eq!(consent.status, 201, "{}", consent.text);
    consent.json()["id"].as_str().unwrap().to_string()
}

/// A multipart upload of a small PDF for `material`.
pub async fn upload_pdf(app: &ApplyApp, who: &Applicant, draft: &str, material: &str) {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"material\"\r\n\r\n{material}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{material}.pdf\"\r\n\
         Content-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n");
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    let reply = app
        .app
        .send(
            Request::post(format!("/api/v1/drafts/{draft}/uploads"))
                .header(header::COOKIE, who.cookie())
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={BOUNDARY}"),
                )
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert!(
        reply.status.is_success(),
        "upload {material}: {}",
        reply.text
    );
}

/// Fills every form field the holder has to type (nothing is prefilled:
/// only the 免提交 consent was given).
pub async fn fill_form(app: &ApplyApp, who: &Applicant, draft: &str, enterprise: &Enterprise) {
    let form = app
        .call(who, "GET", &format!("/api/v1/drafts/{draft}/form"), None)
        .await
        .json();
    let mut answers = serde_json::Map::new();
    for f in form["fields"].as_array().unwrap() {
        let element = f["element"].as_str().unwrap();
        let value = match element {
            "entity-name" => enterprise.name.clone(),
            "uscc" => enterprise.uscc.as_str().to_string(),
            "person-name" | "food-safety-manager" => "张三".into(),
            "resident-id" => support::apply::ZHANG_SAN.1.into(),
            "phone" => HOLDER_PHONE.into(),
            "business-address" => "福建省龙岩市连城县莲峰镇北大路12号".into(),
            "food-business-type" => "餐饮服务经营者".into(),
            "food-business-items" => "热食类食品制售".into(),
            "staff-count" => "3".into(),
            other => panic!("unexpected field to fill: {other}"),
        };
        answers.insert(element.into(), value.into());
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
}

/// Uploads a file for every required material still to upload and signs
/// every commitment offered, as an applicant would; answers the material
/// codes uploaded.
pub async fn supply_the_rest(app: &ApplyApp, who: &Applicant, draft: &str) -> Vec<String> {
    let path = format!("/api/v1/drafts/{draft}/materials");
    let view = app.call(who, "GET", &path, None).await.json();
    let mut uploaded = Vec::new();
    let mut commitments = Vec::new();
    for line in view["lines"].as_array().unwrap() {
        let material = line["need"]["material"].as_str().unwrap().to_string();
        if line["needs_commitment"] == true {
            commitments.push(material.clone());
        }
        if to_upload(line) && line["need"]["requirement"] == "required" {
            upload_pdf(app, who, draft, &material).await;
            uploaded.push(material);
        }
    }
    let version = app.call(who, "GET", &path, None).await.json()["version"].clone();
    let body = json!({ "version": version, "materials": commitments }).to_string();
    let signed = app
        .call(
            who,
            "PUT",
            &format!("/api/v1/drafts/{draft}/commitments"),
            Some(&body),
        )
        .await;
    assert_eq!(signed.status, 200, "{}", signed.text);
    uploaded
}
