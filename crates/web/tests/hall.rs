//! The hall queue over HTTP on the demo app: an administrator sets up a
//! hall, a visitor takes a number at the kiosk, the county's window clerk
//! calls and serves it, the city's supervisor sees it in the hall-now
//! figures, and the kiosk, screen and window pages answer (also in
//! Traditional script).

mod support;

use axum::body::Body;
use axum::http::{Request, header};
use serde_json::{Value, json};
use support::{App, Reply, demo_app};

const PASSWORD: &str = "Tongban#2026";
const HALL: &str = "qh-zwzx";

async fn cookie(app: &App, username: &str) -> String {
    let session = app
        .platform
        .accounts
        .login_staff(username, PASSWORD)
        .await
        .unwrap();
    format!("tb_session={}", session.token)
}

async fn send(app: &App, method: &str, uri: &str, cookie: Option<&str>, body: Value) -> Reply {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(c) = cookie {
        request = request.header(header::COOKIE, c);
    }
    app.send(request.body(Body::from(body.to_string())).unwrap())
        .await
}

async fn get_as(app: &App, uri: &str, cookie: &str) -> Reply {
    app.send(
        Request::get(uri)
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

/// 齐河县政务服务中心 with one 综合窗口, made through the admin API.
async fn qihe_hall(app: &App) {
    let admin = cookie(app, "admin.sd").await;
    let hall = json!({ "name": "齐河县政务服务中心", "region": "371425" });
    let reply = send(
        app,
        "PUT",
        &format!("/api/v1/halls/{HALL}"),
        Some(&admin),
        hall,
    )
    .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let window = json!({ "name": "1号综合窗口", "serves": [] });
    let uri = format!("/api/v1/halls/{HALL}/windows/01");
    let reply = send(app, "PUT", &uri, Some(&admin), window).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(reply.json()["windows"][0]["state"], "paused");
}

#[tokio::test]
async fn a_number_taken_at_the_kiosk_is_called_served_and_counted() {
    let app = demo_app().await;
    qihe_hall(&app).await;

    let uri = format!("/api/v1/halls/{HALL}/tickets");
    let first = send(&app, "POST", &uri, None, json!({ "phone": "13800138000" })).await;
    assert_eq!(first.status, 201, "{}", first.text);
    let first = first.json();
    assert_eq!(
        (first["number"].as_str(), first["ahead"].as_u64()),
        (Some("A001"), Some(0))
    );
    assert_eq!(first["phone"], "138****8000");
    let second = send(&app, "POST", &uri, None, json!({})).await.json();
    assert_eq!(second["ahead"], 1);
    let bad = send(&app, "POST", &uri, None, json!({ "phone": "123" })).await;
    assert_eq!(
        (bad.status.as_u16(), bad.error_code()),
        (422, "hall_phone_invalid".into())
    );

    let clerk = cookie(&app, "qihe.clerk").await;
    let call = format!("/api/v1/halls/{HALL}/windows/01/call");
    let refused = send(&app, "POST", &call, Some(&clerk), json!({})).await;
    assert_eq!(
        (refused.status.as_u16(), refused.error_code()),
        (409, "hall_window_not_open".into())
    );
    let open = format!("/api/v1/halls/{HALL}/windows/01/open");
    let opened = send(&app, "POST", &open, Some(&clerk), json!({})).await;
    assert_eq!(opened.json()["state"], "open");
    let called = send(&app, "POST", &call, Some(&clerk), json!({}))
        .await
        .json();
    assert_eq!(called["ticket"]["number"], "A001");
    let id = called["ticket"]["id"].as_str().unwrap().to_string();
    let board = app.get(&format!("/api/v1/halls/{HALL}/board")).await.json();
    assert_eq!(board["calling"][0]["number"], "A001");
    assert_eq!(board["waiting"], 1);

    let served = send(
        &app,
        "POST",
        &format!("/api/v1/hall-tickets/{id}/serve"),
        Some(&clerk),
        json!({}),
    )
    .await;
    assert_eq!(served.json()["state"], "served", "{}", served.text);
    let again = send(
        &app,
        "POST",
        &format!("/api/v1/hall-tickets/{id}/absent"),
        Some(&clerk),
        json!({}),
    )
    .await;
    assert_eq!(
        (again.status.as_u16(), again.error_code()),
        (409, "hall_ticket_not_called".into())
    );
    let ticket = app.get(&format!("/api/v1/hall-tickets/{id}")).await.json();
    assert_eq!(ticket["state_label"], "已办结");

    let supervisor = cookie(&app, "dezhou.supervisor").await;
    let now = get_as(&app, "/api/v1/halls", &supervisor).await;
    assert_eq!(now.status, 200, "{}", now.text);
    let now = now.json();
    assert_eq!(now.as_array().unwrap().len(), 1);
    assert_eq!(now[0]["hall"], HALL);
    assert_eq!(
        (now[0]["waiting"].as_u64(), now[0]["served_today"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(now[0]["windows_open"], 1);
    let anonymous = app.get("/api/v1/halls").await;
    assert_eq!(anonymous.status, 401);
}

#[tokio::test]
async fn the_kiosk_screen_and_window_pages_answer_and_take_a_number() {
    let app = demo_app().await;
    qihe_hall(&app).await;
    let kiosk = app.get(&format!("/hall/{HALL}/kiosk")).await;
    assert_eq!(kiosk.status, 200);
    assert!(kiosk.text.contains("自助取号"), "{}", kiosk.text);
    let csrf_cookie = kiosk
        .set_cookies
        .iter()
        .find(|c| c.starts_with("tb_csrf="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let token = csrf_cookie.trim_start_matches("tb_csrf=").to_string();
    let form = format!("_csrf={token}&service=&phone=13900139000");
    let taken = app
        .send(
            Request::post(format!("/hall/{HALL}/kiosk"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, &csrf_cookie)
                .body(Body::from(form))
                .unwrap(),
        )
        .await;
    assert_eq!(taken.status, 200, "{}", taken.text);
    assert!(
        taken.text.contains("A001") && taken.text.contains("前面还有"),
        "{}",
        taken.text
    );
    assert!(taken.text.contains("139****9000") && !taken.text.contains("13900139000"));

    let clerk = cookie(&app, "qihe.clerk").await;
    let desk = get_as(&app, "/workbench/hall", &clerk).await;
    assert_eq!(desk.status, 200);
    assert!(
        desk.text.contains("齐河县政务服务中心") && desk.text.contains("开窗"),
        "{}",
        desk.text
    );
    send(
        &app,
        "POST",
        &format!("/api/v1/halls/{HALL}/windows/01/open"),
        Some(&clerk),
        json!({}),
    )
    .await;
    send(
        &app,
        "POST",
        &format!("/api/v1/halls/{HALL}/windows/01/call"),
        Some(&clerk),
        json!({}),
    )
    .await;
    let desk = get_as(&app, "/workbench/hall", &clerk).await;
    assert!(
        desk.text.contains("当前号码") && desk.text.contains("A001"),
        "{}",
        desk.text
    );

    let screen = app.get(&format!("/hall/{HALL}/screen")).await;
    assert_eq!(screen.status, 200);
    assert!(
        screen.text.contains("1号综合窗口") && screen.text.contains("A001"),
        "{}",
        screen.text
    );
    let traditional = get_as(&app, &format!("/hall/{HALL}/screen"), "tb_script=hant").await;
    assert!(traditional.text.contains("叫號屏"), "{}", traditional.text);
    let missing = app.get("/hall/nowhere/screen").await;
    assert_eq!(missing.status, 404);
}
