//! 部门协查 through the API (校外培训机构设立, 鼓楼区): the education bureau
//! asks the civil-affairs bureau for the name check; the asked department
//! finds it in its own worklist, reads the case and answers; the member
//! cannot be decided while the request is open. Silence past the item's
//! four hours counts as consent, recorded exactly once.

mod support;

use serde_json::{Value, json};
use support::cases::CaseApp;

const ITEM: &str = "gulou.training-institution-licence";

/// A window case of the training licence under review, with one assist
/// request to the civil-affairs bureau; (case_no, app cookies).
async fn asked(app: &CaseApp) -> (String, [String; 4]) {
    let clerk = app.staff_cookie("gulou.clerk").await;
    let examiner = app.staff_cookie("gulou.jyj.examiner").await;
    let leader = app.staff_cookie("gulou.jyj.leader").await;
    let asked = app.staff_cookie("gulou.mzj.examiner").await;
    let body = json!({
        "application": { "kind": "item", "item": ITEM },
        "channel": "window",
        "phone": "13905910001",
    });
    let case = app.submit(&clerk, &body).await;
    let no = case["case_no"].as_str().unwrap().to_string();
    app.act(&no, &clerk, json!({ "command": "accept" })).await;
    app.act(&no, &examiner, json!({ "command": "start_review" }))
        .await;
    let case = app
        .act(
            &no,
            &examiner,
            json!({
                "command": "request_assist",
                "to": "350102-mzj",
                "subject": "",
                "question": "拟用名称“鼓楼启航培训学校”是否与已登记机构重名？",
            }),
        )
        .await;
    let request = &case["record"]["members"][0]["assists"][0];
    assert_eq!(
        request["subject"], "机构名称核验",
        "the item's terms: {case}"
    );
    assert_eq!(request["on_silence"], "consent");
    (no, [clerk, examiner, leader, asked])
}

fn grant() -> Value {
    json!({ "command": "decide", "outcome": "granted", "reasons": [] })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_asked_department_answers_from_its_own_worklist_and_then_the_case_moves_on() {
    let app = CaseApp::sqlite().await;
    let (no, [_, examiner, leader, asked]) = asked(&app).await;

    let early = app
        .post_as(
            &format!("/api/v1/cases/{no}/commands"),
            &leader,
            &grant(),
            None,
        )
        .await;
    assert_eq!(early.status, 409, "{}", early.text);
    assert_eq!(early.error_code(), "assist_pending");

    let list = app.get_as("/api/v1/worklists/assists", &asked).await.json();
    assert!(
        list["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["case_no"] == no.as_str()),
        "the request is in the asked department's list: {list}"
    );
    let mine = app
        .get_as("/api/v1/worklists/assists", &examiner)
        .await
        .json();
    assert!(
        mine["entries"].as_array().unwrap().is_empty(),
        "not the asker's: {mine}"
    );
    let read = app.get_as(&format!("/api/v1/cases/{no}"), &asked).await;
    assert_eq!(
        read.status, 200,
        "the asked department reads the case: {}",
        read.text
    );

    // Only the asked department answers.
    let reply =
        json!({ "command": "reply_assist", "id": 1, "opinion": "agree", "text": "经核无重名" });
    let wrong = app
        .post_as(
            &format!("/api/v1/cases/{no}/commands"),
            &examiner,
            &reply,
            None,
        )
        .await;
    assert!(wrong.status.is_client_error(), "{}", wrong.text);
    let case = app.act(&no, &asked, reply).await;
    assert_eq!(
        case["record"]["members"][0]["assists"][0]["reply"]["opinion"],
        "agree"
    );

    let decided = app.act(&no, &leader, grant()).await;
    assert_eq!(decided["state"], "decided");
    let audit = app
        .get_as(&format!("/api/v1/cases/{no}/audit"), &leader)
        .await
        .text;
    for event in ["case.assist_requested", "case.assist_replied"] {
        assert!(audit.contains(event), "{event} in the audit: {audit}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_hours_of_silence_are_recorded_as_consent_exactly_once() {
    let app = CaseApp::sqlite().await;
    let (no, [_, _, leader, _]) = asked(&app).await;
    let cases = &app.platform.cases;
    let now = chrono::Utc::now();
    assert_eq!(cases.lapse_assists(now).await.unwrap(), 0, "not due yet");
    let later = now + chrono::Duration::hours(5);
    let (a, b) = tokio::join!(cases.lapse_assists(later), cases.lapse_assists(later));
    assert_eq!(
        a.unwrap() + b.unwrap(),
        1,
        "two rounds at once record it once"
    );
    assert_eq!(cases.lapse_assists(later).await.unwrap(), 0);

    let case = app
        .get_as(&format!("/api/v1/cases/{no}"), &leader)
        .await
        .json();
    let reply = &case["record"]["members"][0]["assists"][0]["reply"];
    assert_eq!(reply["by_silence"], true, "{case}");
    let decided = app.act(&no, &leader, grant()).await;
    assert_eq!(decided["state"], "decided");
    let audit = app
        .get_as(&format!("/api/v1/cases/{no}/audit"), &leader)
        .await
        .text;
    assert_eq!(audit.matches("case.assist_defaulted").count(), 1, "{audit}");
    assert!(audit.contains("system:assist-default"), "{audit}");
}
