//! The licence lifecycle end to end: a grant issues its licence in the
//! decision's transaction, a granted cancellation item (注销) by the same
//! holder revokes it and the public verification API and page say 已撤销;
//! the pharmacy's 一业一证 bundle, granted member by member, issues exactly
//! one composite licence that replaces the three member licences and
//! verifies as one.

mod support;

use chrono::Utc;
use serde_json::{Value, json};
use tongban_domain::auth::{Actor, ActorKind, Role};
use tongban_domain::case::{Command, IntakeChannel, Outcome};
use tongban_domain::guidance::{Answer, Answers};
use tongban_domain::ident::{Code, RegionCode, Uscc};
use tongban_domain::subject::{Enterprise, Profile, Subject, SubjectId};
use tongban_service::{Application, CaseCommand, DEMO_PHONE, SubmitRequest};
use tongban_store::{LicenceStore, SubjectStore};

use support::cases::{CaseApp, FOOD};

const CANCEL: &str = "liancheng.food-business-deregistration";

/// Stores an enterprise subject and links the applicant account to it (a
/// business signed in with its own account).
async fn link_enterprise(app: &CaseApp, applicant: &str, uscc17: &str, name: &str) -> SubjectId {
    let id = SubjectId::new(format!("subject-{uscc17}"));
    let subject = Subject {
        id: id.clone(),
        profile: Profile::Enterprise(Enterprise {
            name: name.into(),
            uscc: Uscc::complete(uscc17).unwrap(),
            legal_representative: None,
            address: None,
            phone: None,
        }),
    };
    app.db.insert_subject(&subject, Utc::now()).await.unwrap();
    app.db
        .link_applicant(applicant, &id, Utc::now())
        .await
        .unwrap();
    id
}

/// Runs an online single-item application of the demo applicant to a
/// grant through the HTTP API; answers the case number.
async fn granted_online(app: &CaseApp, applicant: &str, item: &str) -> (String, Value) {
    let clerk = app.staff_cookie("liancheng.clerk").await;
    let examiner = app.staff_cookie("liancheng.examiner").await;
    let leader = app.staff_cookie("liancheng.scjg.leader").await;
    let submission = json!({
        "application": { "kind": "item", "item": item },
        "channel": "online",
        "phone": DEMO_PHONE,
    });
    let case = app.submit(applicant, &submission).await;
    let no = case["case_no"].as_str().unwrap().to_string();
    app.act(&no, &clerk, json!({ "command": "pass_pre_review" }))
        .await;
    app.act(&no, &clerk, json!({ "command": "accept" })).await;
    app.act(&no, &examiner, json!({ "command": "start_review" }))
        .await;
    let decided = app
        .act(
            &no,
            &leader,
            json!({ "command": "decide", "outcome": "granted", "reasons": [] }),
        )
        .await;
    (no, decided)
}

/// The audit records of a case with this action, read through the API.
async fn audit_of(app: &CaseApp, no: &str, action: &str) -> Vec<Value> {
    let clerk = app.staff_cookie("liancheng.clerk").await;
    let audit = app
        .get_as(&format!("/api/v1/cases/{no}/audit"), &clerk)
        .await
        .json();
    audit["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] == action)
        .cloned()
        .collect()
}

/// A record's detail as JSON (the API may give it as text).
fn detail(record: &Value) -> Value {
    match &record["detail"] {
        Value::String(text) => serde_json::from_str(text).unwrap(),
        other => other.clone(),
    }
}

#[tokio::test]
async fn a_granted_cancellation_item_revokes_the_holders_licence_and_verification_says_so() {
    cancellation_revokes(CaseApp::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgresql_a_granted_cancellation_item_revokes_the_holders_licence() {
    cancellation_revokes(CaseApp::postgres().await).await;
}

async fn cancellation_revokes(app: CaseApp) {
    let applicant = app.applicant_cookie().await;
    // The applicant account is found through its first case.
    let first = app
        .submit(
            &applicant,
            &json!({ "application": { "kind": "item", "item": FOOD }, "channel": "online", "phone": DEMO_PHONE }),
        )
        .await;
    let owner = first["owner"].as_str().unwrap().to_string();
    link_enterprise(
        &app,
        &owner,
        "92350825MA2Y00001",
        "连城县老张流动餐饮服务部",
    )
    .await;

    // The food licence is issued by its grant, in the same transaction.
    let (issued_case, _) = granted_online(&app, &applicant, FOOD).await;
    let issued = audit_of(&app, &issued_case, "licence.issued").await;
    assert_eq!(issued.len(), 1, "one licence per grant");
    let number = detail(&issued[0])["number"].as_str().unwrap().to_string();
    let api = app
        .get(&format!("/api/v1/licences/{number}/verification"))
        .await;
    assert_eq!(api.status, 200, "{}", api.text);
    assert_eq!(api.json()["outcome"], "valid");
    assert_eq!(api.json()["licence"]["type_name"], "食品经营许可证");
    assert_eq!(
        api.json()["licence"]["holder_name"],
        "连城县老张流动餐饮服务部"
    );

    // The same holder applies for 食品经营许可注销; its grant revokes it.
    let (cancel_case, _) = granted_online(&app, &applicant, CANCEL).await;
    let revoked = audit_of(&app, &cancel_case, "licence.revoked").await;
    assert_eq!(revoked.len(), 1);
    assert_eq!(detail(&revoked[0])["number"], number.as_str());

    let api = app
        .get(&format!("/api/v1/licences/{number}/verification"))
        .await;
    assert_eq!(api.status, 200);
    let json = api.json();
    assert_eq!(
        (json["outcome"].as_str(), json["label"].as_str()),
        (Some("revoked"), Some("已撤销"))
    );
    let reason = json["licence"]["status"]["reason"].as_str().unwrap();
    assert!(
        reason.contains("食品经营许可注销") && reason.contains(&cancel_case),
        "{reason}"
    );
    let page = app.get(&format!("/verify/{number}")).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("已撤销"), "{}", page.text);
    assert!(
        page.text.contains(&cancel_case),
        "the page names the cancelling case"
    );

    // The history keeps the issue and the cancellation with its item.
    let history = app.db.licence_history(&number).await.unwrap();
    assert_eq!(history.len(), 2, "{history:?}");
    assert!(history[1].note.contains(CANCEL));
    // A second cancellation finds nothing to cancel and writes no licence.
    let (again, _) = granted_online(&app, &applicant, CANCEL).await;
    assert!(audit_of(&app, &again, "licence.revoked").await.is_empty());
    assert_eq!(audit_of(&app, &again, "licence.deferred").await.len(), 1);
    assert_eq!(app.db.licence_history(&number).await.unwrap().len(), 2);
}

fn staff(name: &str, role: Role, region: &str, department: &str) -> Actor {
    Actor {
        id: format!("staff:{name}"),
        kind: ActorKind::Staff,
        roles: vec![role],
        region: Some(RegionCode::parse(region).unwrap()),
        department: Some(Code::parse(department).unwrap()),
        token_scopes: None,
    }
}

fn on(item: Option<&str>, command: Command) -> CaseCommand {
    CaseCommand {
        item: item.map(|i| Code::parse(i).unwrap()),
        command,
    }
}

#[tokio::test]
async fn the_pharmacy_bundle_issues_one_composite_licence_replacing_three_that_verifies_as_one() {
    let app = CaseApp::sqlite().await;
    let owner = "applicant:qishan-pharmacy";
    let holder =
        link_enterprise(&app, owner, "91610323MA6X00001", "岐山县康宁大药房有限公司").await;
    let cases = &app.platform.cases;
    let clerk = staff("qs.clerk", Role::WindowClerk, "610323", "610323-xzsp");
    let mut answers = Answers::new();
    answers.insert("sells_class3_devices".into(), Answer::YesNo(true));
    answers.insert("sells_class2_devices".into(), Answer::YesNo(true));
    let request = SubmitRequest {
        application: Application::Bundle {
            bundle: "qishan.pharmacy-one-licence".into(),
            answers,
        },
        channel: IntakeChannel::Window,
        owner: Some(owner.into()),
        phone: Some("13900006666".into()),
        authorisation: None,
    };
    let view = cases.submit(&clerk, request, None).await.unwrap();
    let no = view.case.case_no.to_string();
    assert_eq!(view.case.members.len(), 3);
    cases
        .act(&clerk, &no, on(None, Command::Accept), None)
        .await
        .unwrap();
    let members = [
        ("qishan.drug-retail-licence", "610323", "610323-xzsp"),
        ("baoji.device-business-licence", "610300", "610300-scjg"),
        ("baoji.device-class2-filing", "610300", "610300-scjg"),
    ];
    for (i, (item, region, department)) in members.iter().enumerate() {
        let examiner = staff("examiner", Role::Examiner, region, department);
        let leader = staff("leader", Role::DepartmentLeader, region, department);
        cases
            .act(&examiner, &no, on(Some(item), Command::StartReview), None)
            .await
            .unwrap();
        let decide = Command::Decide {
            outcome: Outcome::Granted,
            reasons: vec![],
        };
        cases
            .act(&leader, &no, on(Some(item), decide), None)
            .await
            .unwrap();
        let held = app.db.licences_held_by(holder.as_str()).await.unwrap();
        let composites = held
            .iter()
            .filter(|r| !r.licence.replaces.is_empty())
            .count();
        // Each grant issues its member licence; the last one the composite.
        let last = i + 1 == members.len();
        assert_eq!(held.len(), i + 1 + usize::from(last), "after {item}");
        assert_eq!(composites, usize::from(last), "after {item}");
    }

    let held = app.db.licences_held_by(holder.as_str()).await.unwrap();
    let composite = held
        .iter()
        .find(|r| !r.licence.replaces.is_empty())
        .unwrap()
        .licence
        .clone();
    assert_eq!(
        composite.type_code.as_str(),
        "industry-composite-licence-pharmacy"
    );
    assert_eq!(composite.replaces.len(), 3);
    let mut members_numbers: Vec<String> = held
        .iter()
        .filter(|r| r.licence.replaces.is_empty())
        .map(|r| {
            assert_eq!(r.licence.replaced_by.as_ref(), Some(&composite.number));
            r.licence.number.to_string()
        })
        .collect();
    members_numbers.sort();
    let replaced: Vec<String> = composite.replaces.iter().map(ToString::to_string).collect();
    assert_eq!(replaced, members_numbers);

    let api = app
        .get(&format!(
            "/api/v1/licences/{}/verification",
            composite.number.grouped()
        ))
        .await;
    assert_eq!(api.status, 200, "{}", api.text);
    let json = api.json();
    assert_eq!(json["outcome"], "valid");
    assert_eq!(json["licence"]["type_name"], "行业综合许可证（药品零售）");
    assert_eq!(json["licence"]["replaces"].as_array().unwrap().len(), 3);
    let page = app.get(&format!("/verify/{}", composite.number)).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("有效"));
    for number in &members_numbers {
        assert!(
            page.text.contains(&format!("data-replaces=\"{number}\"")),
            "{number}"
        );
        // Each member licence still verifies, and names its composite.
        let member = app
            .get(&format!("/api/v1/licences/{number}/verification"))
            .await
            .json();
        assert_eq!(member["outcome"], "valid");
        assert_eq!(member["licence"]["replaced_by"], composite.number.as_str());
    }
    // The audit names one composite issue, in the last grant.
    let (trail, check) = cases.audit(&clerk, &no).await.unwrap();
    assert!(check.ok);
    let issued: Vec<_> = trail
        .iter()
        .filter(|r| r.action == "licence.issued")
        .collect();
    assert_eq!(issued.len(), 4);
    assert_eq!(
        issued
            .iter()
            .filter(|r| r.detail.contains("composite_issued"))
            .count(),
        1
    );
}
