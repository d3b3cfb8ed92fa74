//! Cases through the JSON API: the itinerant chef (游厨登记一件事) end to
//! end, Idempotency-Key under 50 concurrent submissions on SQLite and
//! PostgreSQL, and every transition the domain forbids answering 409 with
//! its stable code while nothing changes.

mod support;

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{Request, header};
use serde_json::{Value, json};
use tongban_domain::case::{Case, CommandKind};
use tongban_service::DEMO_PHONE;
use tongban_store::CaseStore;
use tower::ServiceExt;

use support::cases::{
    ACTORS, CaseApp, FOOD, GAP, GTGSH, HEALTH, body_of, chef_submission, domain, issuer, reachable,
    samples,
};

fn case_no(reply: &Value) -> String {
    reply["case_no"].as_str().unwrap().to_string()
}

fn member<'a>(case: &'a Value, item: &str) -> &'a Value {
    case["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["item"] == item)
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_itinerant_chef_runs_online_to_postal_delivery_through_the_api_with_a_verified_chain() {
    let app = CaseApp::sqlite().await;
    let applicant = app.applicant_cookie().await;
    let clerk = app.staff_cookie("liancheng.clerk").await;
    let scjg = app.staff_cookie("liancheng.examiner").await;
    let wjj = app.staff_cookie("liancheng.wjj.examiner").await;
    let scjg_leader = app.staff_cookie("liancheng.scjg.leader").await;
    let wjj_leader = app.staff_cookie("liancheng.wjj.leader").await;

    // Online submission by the demo applicant.
    let body = chef_submission(json!("online"), DEMO_PHONE);
    let reply = app
        .post_as("/api/v1/cases", &applicant, &body, Some("chef-online-1"))
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let case = reply.json();
    let no = case_no(&case);
    assert_eq!(case["state"], "submitted");
    assert_eq!(case["channel"], "online");
    assert_eq!(case["members"].as_array().unwrap().len(), 3);
    assert_eq!(case["phone_masked"], "138****0001");
    assert!(
        !reply.text.contains(DEMO_PHONE),
        "the phone never shows in full"
    );

    // The clerk sees it in the intake queue; pre-review, then 容缺 acceptance.
    let intake = app.get_as("/api/v1/worklists/intake", &clerk).await.json();
    assert!(
        intake["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["case_no"] == no.as_str())
    );
    let pre = app
        .act(&no, &clerk, json!({ "command": "pass_pre_review" }))
        .await;
    assert_eq!(pre["state"], "pre_reviewed");
    let accepted = app
        .act(
            &no,
            &clerk,
            json!({ "command": "accept_with_gaps", "missing": [GAP] }),
        )
        .await;
    assert_eq!(accepted["state"], "accepted");
    assert_eq!(member(&accepted, FOOD)["gaps"], json!([GAP]));
    assert!(accepted["timing"]["promised_due"].is_string(), "{accepted}");

    // Each examiner's inbox holds their department's members, by deadline.
    let inbox = app.get_as("/api/v1/worklists/inbox", &scjg).await.json();
    let items: Vec<&str> = inbox["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["case_no"] == no.as_str())
        .map(|e| e["item"].as_str().unwrap())
        .collect();
    assert_eq!(items, vec![GTGSH, FOOD], "shorter promised limit first");
    let inbox = app.get_as("/api/v1/worklists/inbox", &wjj).await.json();
    let items: Vec<&str> = inbox["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["item"].as_str().unwrap())
        .collect();
    assert_eq!(items, vec![HEALTH]);

    // The three members start in parallel: three departments at once.
    let review = |item: &str| json!({ "item": item, "command": "start_review" });
    let uri = format!("/api/v1/cases/{no}/commands");
    let (gtgsh, food, health) = (review(GTGSH), review(FOOD), review(HEALTH));
    let (a, b, c) = tokio::join!(
        app.post_as(&uri, &scjg, &gtgsh, None),
        app.post_as(&uri, &scjg, &food, None),
        app.post_as(&uri, &wjj, &health, None),
    );
    for r in [&a, &b, &c] {
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let now = app
        .get_as(&format!("/api/v1/cases/{no}"), &clerk)
        .await
        .json();
    for item in [GTGSH, FOOD, HEALTH] {
        assert_eq!(member(&now, item)["state"], "under_review", "{item}");
    }

    // A grant must wait for the gap material; the applicant supplies it.
    let grant = |item: &str| json!({ "item": item, "command": "decide", "outcome": "granted", "reasons": [] });
    let early = app
        .post_as(
            &format!("/api/v1/cases/{no}/commands"),
            &scjg_leader,
            &grant(FOOD),
            None,
        )
        .await;
    assert_eq!(
        (early.status.as_u16(), early.error_code().as_str()),
        (409, "gaps_outstanding")
    );
    let supplied = app
        .act(
            &no,
            &applicant,
            json!({ "command": "supply_materials", "materials": [GAP] }),
        )
        .await;
    assert_eq!(member(&supplied, FOOD)["gaps"], json!([]));

    // Grants by each department's leader, completion by the examiners.
    for (item, leader, examiner) in [
        (GTGSH, &scjg_leader, &scjg),
        (FOOD, &scjg_leader, &scjg),
        (HEALTH, &wjj_leader, &wjj),
    ] {
        let decided = app.act(&no, leader, grant(item)).await;
        assert_eq!(member(&decided, item)["outcome"], "granted");
        app.act(
            &no,
            examiner,
            json!({ "item": item, "command": "complete" }),
        )
        .await;
    }
    let today = app.get_as("/api/v1/worklists/today", &clerk).await.json();
    let line = today["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["case_no"] == no.as_str())
        .unwrap();
    assert_eq!(line["state"], "completed");

    // One postal hand-over of the combined results.
    let delivered = app
        .act(&no, &clerk, json!({ "command": "deliver", "method": { "post": { "tracking_no": "SF1234567890" } } }))
        .await;
    assert_eq!(delivered["state"], "delivered");
    assert_eq!(
        delivered["record"]["delivery"]["method"]["post"]["tracking_no"],
        "SF1234567890"
    );

    // The audit trail verifies and tells the story in order.
    let audit = app
        .get_as(&format!("/api/v1/cases/{no}/audit"), &clerk)
        .await
        .json();
    assert_eq!(audit["chain"]["ok"], true, "{audit}");
    let actions: Vec<&str> = audit["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert_eq!(audit["chain"]["records"], actions.len());
    assert_eq!(actions.first(), Some(&"case.submitted"));
    assert_eq!(actions.iter().filter(|a| **a == "case.decided").count(), 3);
    assert!(actions.contains(&"case.materials_supplied"));
    assert_eq!(actions.last(), Some(&"case.all_delivered"));

    // The public lookup by number and the phone's last four digits.
    let status = app
        .get(&format!("/api/v1/status?case_no={no}&phone_last4=0001"))
        .await;
    assert_eq!(status.status, 200, "{}", status.text);
    assert_eq!(status.json()["state"], "delivered");
    let wrong = app
        .get(&format!("/api/v1/status?case_no={no}&phone_last4=0002"))
        .await;
    assert_eq!(
        (wrong.status.as_u16(), wrong.error_code().as_str()),
        (404, "case_not_found")
    );
}

/// 50 submissions under one key at once; then the store holds one case,
/// and the same key with another body is refused.
async fn fifty_concurrent_submissions_make_one_case(app: CaseApp) {
    let clerk = app.staff_cookie("liancheng.clerk").await;
    let body = chef_submission(json!("window"), "13900001234").to_string();
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let router = app.router.clone();
        let request = Request::post("/api/v1/cases")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::COOKIE, &clerk)
            .header("Idempotency-Key", "window-chef-7")
            .body(Body::from(body.clone()))
            .unwrap();
        tasks.push(tokio::spawn(async move {
            let response = router.oneshot(request).await.unwrap();
            let status = response.status().as_u16();
            let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .unwrap();
            (status, serde_json::from_slice::<Value>(&bytes).unwrap())
        }));
    }
    let mut numbers = std::collections::BTreeSet::new();
    for task in tasks {
        let (status, reply) = task.await.unwrap();
        assert_eq!(status, 201, "{reply}");
        numbers.insert(case_no(&reply));
    }
    assert_eq!(numbers.len(), 1, "every retry answers the same case");
    let stored = app
        .db
        .worklist_cases(None, false, &[], None, 1000)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1, "exactly one case was created");

    let other = chef_submission(json!("window"), "13900009999");
    let reused = app
        .post_as("/api/v1/cases", &clerk, &other, Some("window-chef-7"))
        .await;
    assert_eq!(
        (reused.status.as_u16(), reused.error_code().as_str()),
        (422, "idempotency_key_reused")
    );
    // A retried command under one key makes one transition.
    let no = numbers.into_iter().next().unwrap();
    let uri = format!("/api/v1/cases/{no}/commands");
    let accept = json!({ "command": "accept" });
    let first = app.post_as(&uri, &clerk, &accept, Some("accept-1")).await;
    let again = app.post_as(&uri, &clerk, &accept, Some("accept-1")).await;
    assert_eq!(
        (first.status.as_u16(), again.status.as_u16()),
        (200, 200),
        "{}",
        again.text
    );
    assert_eq!(first.json()["version"], again.json()["version"]);
    assert_eq!(
        app.db
            .worklist_cases(None, false, &[], None, 1000)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_posts_sharing_one_idempotency_key_create_one_case_on_sqlite() {
    fifty_concurrent_submissions_make_one_case(CaseApp::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_posts_sharing_one_idempotency_key_create_one_case_on_postgres() {
    fifty_concurrent_submissions_make_one_case(CaseApp::postgres().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_transition_the_domain_forbids_answers_409_with_its_code_and_changes_nothing() {
    let app = CaseApp::sqlite().await;
    let mut cookies = BTreeMap::new();
    for (name, _) in ACTORS {
        cookies.insert(name, app.staff_cookie(name).await);
    }
    let submission = json!({
        "application": { "kind": "item", "item": FOOD },
        "channel": "window",
        "phone": "13900001234",
    });
    let clerk = &cookies["liancheng.clerk"];
    let start: Case =
        serde_json::from_value(app.submit(clerk, &submission).await["record"].clone()).unwrap();
    let paths = reachable(&start);
    assert!(
        paths.len() > 1,
        "the domain leads somewhere from submission"
    );
    let mut checked = 0;
    for (state, path) in &paths {
        let no = case_no(&app.submit(clerk, &submission).await);
        for command in path {
            let who = &cookies[issuer(command.kind()).0];
            app.act(&no, who, body_of(command)).await;
        }
        let before = app
            .get_as(&format!("/api/v1/cases/{no}"), clerk)
            .await
            .json();
        let case: Case = serde_json::from_value(before["record"].clone()).unwrap();
        assert_eq!(case.members[0].state, *state, "the path reaches {state:?}");
        let (audit_before, outbox_before) =
            (app.audit_len(&no, clerk).await, app.outbox_len(&no).await);
        for kind in CommandKind::ALL
            .into_iter()
            .filter(|k| !k.legal_in().contains(state))
        {
            let (name, role) = issuer(kind);
            let command = samples(kind, &case.members[0]).remove(0);
            let expected = domain(&case, &command, role)
                .expect_err("the domain refuses a command outside its legal states");
            let reply = app
                .post_as(
                    &format!("/api/v1/cases/{no}/commands"),
                    &cookies[name],
                    &body_of(&command),
                    None,
                )
                .await;
            assert_eq!(reply.status, 409, "{state:?} {kind:?}: {}", reply.text);
            assert_eq!(reply.error_code(), expected.code(), "{state:?} {kind:?}");
            let after = app
                .get_as(&format!("/api/v1/cases/{no}"), clerk)
                .await
                .json();
            assert_eq!(after["version"], before["version"], "{state:?} {kind:?}");
            assert_eq!(after["record"], before["record"], "{state:?} {kind:?}");
            assert_eq!(
                app.audit_len(&no, clerk).await,
                audit_before,
                "{state:?} {kind:?}"
            );
            assert_eq!(
                app.outbox_len(&no).await,
                outbox_before,
                "{state:?} {kind:?}"
            );
            checked += 1;
        }
    }
    assert!(
        checked > paths.len(),
        "{checked} forbidden transitions were tried"
    );
}
