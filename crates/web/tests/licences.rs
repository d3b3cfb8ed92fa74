//! Public licence verification through the API and the page: a licence
//! issued for a granted case verifies as 有效, one flipped byte of its
//! payload or signature answers 无效, a revoked licence shows 已撤销, and
//! an unknown or malformed number is 未找到 (never a server error). An
//! enterprise holder is shown whole (a person's is masked: the domain's
//! public view tests).

mod support;

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use tongban_domain::auth::{Actor, ActorKind, Role};
use tongban_domain::case::{Command, IntakeChannel, Outcome};
use tongban_domain::guidance::{Answer, Answers};
use tongban_domain::ident::{Code, RegionCode, Uscc};
use tongban_domain::licence::{LicenceHolder, LicenceNumber};
use tongban_domain::subject::{SubjectId, SubjectKey};
use tongban_service::{Application, CaseCommand, Grant, SignedLicence, SubmitRequest};

use support::{App, demo_app};

const GTGSH: &str = "liancheng.gtgsh-registration";

fn code(c: &str) -> Code {
    Code::parse(c).unwrap()
}

fn staff(name: &str, role: Role) -> Actor {
    Actor {
        id: format!("staff:{name}"),
        kind: ActorKind::Staff,
        roles: vec![role],
        region: Some(RegionCode::parse("350825").unwrap()),
        department: Some(code("350825-scjg")),
        token_scopes: None,
    }
}

fn act(item: Option<&str>, command: Command) -> CaseCommand {
    CaseCommand {
        item: item.map(code),
        command,
    }
}

/// Grants the chef's registration member and issues its business licence.
async fn issued(app: &App) -> SignedLicence {
    let licences = &app.platform.licences;
    let mut answers = Answers::new();
    answers.insert("already_registered".into(), Answer::YesNo(false));
    answers.insert("premises".into(), Answer::Choice("itinerant".into()));
    answers.insert("has_health_certificate".into(), Answer::YesNo(false));
    let clerk = staff("lc.clerk", Role::WindowClerk);
    let cases = &app.platform.cases;
    let request = SubmitRequest {
        application: Application::Bundle {
            bundle: app.chef_code(),
            answers,
        },
        channel: IntakeChannel::Window,
        owner: None,
        phone: None,
        authorisation: None,
    };
    let no = cases
        .submit(&clerk, request, None)
        .await
        .unwrap()
        .case
        .case_no
        .to_string();
    let steps = [
        (clerk, act(None, Command::Accept)),
        (
            staff("scjg.ex", Role::Examiner),
            act(Some(GTGSH), Command::StartReview),
        ),
        (
            staff("scjg.lead", Role::DepartmentLeader),
            act(
                Some(GTGSH),
                Command::Decide {
                    outcome: Outcome::Granted,
                    reasons: vec![],
                },
            ),
        ),
    ];
    let mut case = None;
    for (who, command) in steps {
        case = Some(cases.act(&who, &no, command, None).await.unwrap().case);
    }
    // A window case without an applicant account: the decision could not
    // tell the holder (licence.deferred); the repair path issues it.
    let grant = Grant {
        holder: LicenceHolder {
            subject: SubjectId::new("subject-chef-business"),
            name: "连城县老张流动餐饮服务部".into(),
            identifier: SubjectKey::Uscc(Uscc::complete("92350825MA2Y00001").unwrap()),
        },
        fields: BTreeMap::from([(code("legal-rep-name"), "张三".into())]),
    };
    let licence = licences
        .issue_for_grant(&case.unwrap(), &code(GTGSH), grant)
        .await
        .unwrap()
        .unwrap();
    licences.signed(licence.number.as_str()).await.unwrap()
}

fn body(payload: &[u8], signature: &str) -> String {
    serde_json::json!({ "payload": STANDARD.encode(payload), "signature": signature }).to_string()
}

#[tokio::test]
async fn a_genuine_licence_verifies_as_valid_on_the_api_and_the_page_with_its_public_fields() {
    let app = demo_app().await;
    let signed = issued(&app).await;
    let number = signed.licence.number.clone();

    let api = app
        .get(&format!(
            "/api/v1/licences/{}/verification",
            number.grouped()
        ))
        .await;
    assert_eq!(api.status, 200, "{}", api.text);
    let json = api.json();
    assert_eq!(json["outcome"], "valid");
    assert_eq!(json["label"], "有效");
    assert_eq!(json["licence"]["holder_name"], "连城县老张流动餐饮服务部");
    assert_eq!(json["licence"]["number"], number.as_str());

    let posted = app
        .post_json(
            "/api/v1/licences/verification",
            &body(&signed.payload, &signed.signature),
        )
        .await;
    assert_eq!(posted.json()["outcome"], "valid", "{}", posted.text);

    let page = app.get(&format!("/verify/{number}")).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("有效"), "{}", page.text);
    assert!(page.text.contains("营业执照"));
    assert!(page.text.contains("连城县老张流动餐饮服务部"));
    // 经营者 is a public field of the business licence.
    assert!(page.text.contains("法定代表人（经营者）"));
}

#[tokio::test]
async fn one_flipped_byte_of_the_payload_or_the_signature_makes_the_api_and_the_page_say_invalid() {
    let app = demo_app().await;
    let signed = issued(&app).await;
    let signature = STANDARD.decode(&signed.signature).unwrap();
    for i in [0, signed.payload.len() / 2, signed.payload.len() - 2] {
        let mut payload = signed.payload.clone();
        payload[i] ^= 0x01;
        let reply = app
            .post_json(
                "/api/v1/licences/verification",
                &body(&payload, &signed.signature),
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        assert_eq!(reply.json()["outcome"], "invalid", "payload byte {i}");
        assert_eq!(reply.json()["label"], "无效");
        assert!(reply.json()["licence"].is_null());
        let page = app.get(&page_uri(&payload, &signed.signature)).await;
        assert_eq!(page.status, 200);
        assert!(
            page.text.contains("无效"),
            "payload byte {i}: {}",
            page.text
        );
        assert!(!page.text.contains("连城县老张流动餐饮服务部"));
    }
    for i in [4, signature.len() / 2, signature.len() - 1] {
        let mut bad = signature.clone();
        bad[i] ^= 0x01;
        let reply = app
            .post_json(
                "/api/v1/licences/verification",
                &body(&signed.payload, &STANDARD.encode(&bad)),
            )
            .await;
        assert_eq!(reply.json()["outcome"], "invalid", "signature byte {i}");
        let page = app
            .get(&page_uri(&signed.payload, &STANDARD.encode(&bad)))
            .await;
        assert_eq!(page.status, 200);
        assert!(page.text.contains("无效"), "signature byte {i}");
    }
    let page = app.get(&page_uri(&signed.payload, &signed.signature)).await;
    assert!(page.text.contains("有效") && !page.text.contains("无效"));
}

/// `/verify?payload=…&signature=…`, base64 URL-encoded.
fn page_uri(payload: &[u8], signature: &str) -> String {
    let enc = |s: &str| {
        s.replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D")
    };
    format!(
        "/verify?payload={}&signature={}",
        enc(&STANDARD.encode(payload)),
        enc(signature)
    )
}

#[tokio::test]
async fn a_revoked_licence_shows_as_revoked_on_the_page_and_the_api() {
    let app = demo_app().await;
    let signed = issued(&app).await;
    let number = signed.licence.number.to_string();
    app.platform
        .licences
        .revoke(&number, "经营者申请注销")
        .await
        .unwrap();
    let api = app
        .get(&format!("/api/v1/licences/{number}/verification"))
        .await;
    assert_eq!(api.json()["outcome"], "revoked");
    assert_eq!(api.json()["label"], "已撤销");
    let page = app.get(&format!("/verify/{number}")).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("已撤销"), "{}", page.text);
    assert!(page.text.contains("经营者申请注销"));
    assert!(!page.text.contains(">有效<"));
}

#[tokio::test]
async fn unknown_and_malformed_numbers_are_not_found_never_a_server_error() {
    let app = demo_app().await;
    let unknown = LicenceNumber::new(&RegionCode::parse("350825").unwrap(), "YYZZ", 2026, 7)
        .unwrap()
        .to_string();
    for number in [
        unknown.as_str(),
        "abc",
        "350825YYZZ20260000070",
        "%E8%AF%81",
    ] {
        let api = app
            .get(&format!("/api/v1/licences/{number}/verification"))
            .await;
        assert_eq!(api.status, 404, "{number}: {}", api.text);
        assert_eq!(api.json()["outcome"], "not_found");
        let page = app.get(&format!("/verify/{number}")).await;
        assert_eq!(page.status, 404, "{number}");
        assert!(page.text.contains("未找到"));
    }
    let garbage = app
        .post_json(
            "/api/v1/licences/verification",
            r#"{"payload":"not base64!","signature":"???"}"#,
        )
        .await;
    assert_eq!(garbage.status, 200);
    assert_eq!(garbage.json()["outcome"], "invalid");
}
