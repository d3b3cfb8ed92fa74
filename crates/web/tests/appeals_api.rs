//! The appeals API over the demo app: an applicant blows a whistle, the
//! supervisor dispatches it, the department answers and resolves it, an
//! unsatisfied rating reopens it and the board shows the count; another
//! department gets 404; a 12345 CSV imports once with its bad row listed.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::json;

use support::cases::CaseApp;

#[tokio::test]
async fn a_whistle_is_dispatched_answered_rated_unsatisfied_and_shows_as_reopened_on_the_board() {
    let app = CaseApp::sqlite().await;
    let enterprise = app.applicant_cookie().await;
    let supervisor = app.staff_cookie("dezhou.supervisor").await;
    let examiner = app.staff_cookie("qihe.examiner").await;
    let outsider = app.staff_cookie("liancheng.examiner").await;

    let whistle = json!({
        "source": "whistle", "category": "用工招聘", "title": "急需招聘技术工人",
        "description": "新生产线投产，急需招聘30名技术工人", "region": "371425",
        "subject": {"name": "齐河县某机械有限公司"}
    });
    let filed = app
        .post_as("/api/v1/appeals", &enterprise, &whistle, None)
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
    let no = filed.json()["appeal"]["no"].as_str().unwrap().to_string();
    assert_eq!(filed.json()["appeal"]["state"], "filed");
    let mine = app.get_as("/api/v1/appeals/mine", &enterprise).await;
    assert_eq!(mine.json().as_array().unwrap().len(), 1);

    let uri = |tail: &str| format!("/api/v1/appeals/{no}{tail}");
    let dispatched = app
        .post_as(
            &uri("/dispatch"),
            &supervisor,
            &json!({"lead": "371425-zrzy"}),
            None,
        )
        .await;
    assert_eq!(dispatched.status, StatusCode::OK, "{}", dispatched.text);
    let list = app.get_as("/api/v1/appeals/worklist", &examiner).await;
    assert_eq!(list.json().as_array().unwrap().len(), 1);
    assert_eq!(
        app.get_as(&uri(""), &outsider).await.status,
        StatusCode::NOT_FOUND
    );

    for (kind, text) in [("answer", "已对接招聘会"), ("resolution", "招聘会已举办")] {
        let r = app
            .post_as(
                &uri("/reports"),
                &examiner,
                &json!({"kind": kind, "text": text}),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
    let rated = app
        .post_as(
            &uri("/rating"),
            &enterprise,
            &json!({"satisfied": false, "comment": "人没招够"}),
            None,
        )
        .await;
    assert_eq!(rated.status, StatusCode::OK, "{}", rated.text);
    assert_eq!(rated.json()["appeal"]["reopened"], 1);
    assert_eq!(rated.json()["appeal"]["state"], "dispatched");

    let board = app.get_as("/api/v1/appeals/board", &supervisor).await;
    assert_eq!(board.status, StatusCode::OK, "{}", board.text);
    let reopened = &board.json()["reopened"];
    assert_eq!(reopened[0]["no"], no.as_str());
    assert_eq!(reopened[0]["reopened"], 1);
    // Rating again before a new resolution is refused, nothing changed.
    let again = app
        .post_as(
            &uri("/rating"),
            &enterprise,
            &json!({"satisfied": true}),
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.error_code(), "appeal_illegal_transition");
}

#[tokio::test]
async fn a_12345_csv_is_imported_once_through_a_saved_mapping_with_its_bad_row_listed() {
    let app = CaseApp::sqlite().await;
    let clerk = app.staff_cookie("qihe.clerk").await;
    let mapping = json!({"source": "hotline_12345", "columns": {
        "work_order_no": "工单编号", "received_at": "来电时间",
        "category": "问题分类", "description": "诉求内容"}});
    let saved = app
        .send(
            Request::put("/api/v1/appeals/mappings/12345-qihe")
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::COOKIE, &clerk)
                .body(Body::from(mapping.to_string()))
                .unwrap(),
        )
        .await;
    assert_eq!(saved.status, StatusCode::NO_CONTENT, "{}", saved.text);
    let csv = "工单编号,来电时间,问题分类,诉求内容\r\n\
               QH-1,2025-09-26 09:30,市政设施,路灯不亮\r\n\
               QH-2,昨天,市政设施,井盖缺失\r\n\
               QH-3,2025/9/27,环境保护,夜间施工噪音\r\n";
    let import = || {
        app.send(
            Request::post("/api/v1/appeals/imports?mapping=12345-qihe")
                .header(header::CONTENT_TYPE, "text/csv")
                .header(header::COOKIE, &clerk)
                .body(Body::from(csv))
                .unwrap(),
        )
    };
    let first = import().await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    let report = first.json();
    assert_eq!(report["imported"], 2);
    assert_eq!(report["problems"][0]["row"], 3);
    assert_eq!(report["problems"][0]["code"], "bad_received_at");
    let second = import().await.json();
    assert_eq!(
        (
            second["imported"].clone(),
            second["already_imported"].clone()
        ),
        (json!(0), json!(2))
    );
}
