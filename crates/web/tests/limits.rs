//! Rate limits (issue 9 §6): login attempts per client address and
//! submissions per account are refused over their quota with 429
//! `rate_limited` and a `Retry-After`, before anything is stored; other
//! addresses and accounts go on.

mod support;

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{Request, StatusCode, header};
use serde_json::json;
use support::Reply;
use support::cases::{CaseApp, chef_submission};
use tongban_web::limits::{LimitConfig, Rate};
use tongban_web::{AppState, router};
use tower::ServiceExt;

/// The app's router with `config`, as seen from `addr`.
fn from(app: &CaseApp, config: LimitConfig, addr: &str) -> Router {
    let addr: SocketAddr = addr.parse().unwrap();
    router(AppState::new(&app.platform).with_limits(config)).layer(MockConnectInfo(addr))
}

async fn send(router: &Router, request: Request<Body>) -> Reply {
    let response = router.clone().oneshot(request).await.unwrap();
    Reply::read(response).await
}

fn login_attempt() -> Request<Body> {
    Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("username=liancheng.clerk&password=wrong"))
        .unwrap()
}

#[tokio::test]
async fn an_address_over_its_login_quota_is_told_to_wait_and_another_address_is_not() {
    let app = CaseApp::sqlite().await;
    let config = LimitConfig {
        login_per_ip: Some(Rate {
            burst: 3,
            every: Duration::from_secs(60),
        }),
        ..LimitConfig::default()
    };
    let state = AppState::new(&app.platform).with_limits(config);
    let one = router(state.clone()).layer(MockConnectInfo(
        "10.0.0.1:5000".parse::<SocketAddr>().unwrap(),
    ));
    let two = router(state.clone()).layer(MockConnectInfo(
        "10.0.0.2:5000".parse::<SocketAddr>().unwrap(),
    ));
    for attempt in 1..=3 {
        let reply = send(&one, login_attempt()).await;
        assert_ne!(
            reply.status,
            StatusCode::TOO_MANY_REQUESTS,
            "attempt {attempt}"
        );
    }
    let no_peer = router(state.clone());
    let refused = no_peer.oneshot(login_attempt()).await.unwrap();
    assert_ne!(
        refused.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "a router without a peer address has no per-IP limit"
    );
    let response = one.clone().oneshot(login_attempt()).await.unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = response.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "Retry-After {retry}");
    let page = Reply::read(response).await;
    assert!(page.text.contains("请求过于频繁"), "{}", page.text);
    let other = send(&two, login_attempt()).await;
    assert_ne!(other.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn an_account_over_its_submission_quota_gets_429_and_no_case_is_made() {
    let app = CaseApp::sqlite().await;
    let config = LimitConfig {
        submit_per_account: Some(Rate {
            burst: 2,
            every: Duration::from_secs(600),
        }),
        ..LimitConfig::default()
    };
    let router = from(&app, config, "10.0.0.3:6000");
    let clerk = app.staff_cookie("liancheng.clerk").await;
    let body = chef_submission(json!("window"), "13800138000");
    let submit = |key: &str| {
        Request::post("/api/v1/cases")
            .header(header::COOKIE, &clerk)
            .header(header::CONTENT_TYPE, "application/json")
            .header("Idempotency-Key", key)
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let mut made = Vec::new();
    for key in ["k1", "k2"] {
        let reply = send(&router, submit(key)).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        made.push(reply.json()["case_no"].as_str().unwrap().to_string());
    }
    let refused = send(&router, submit("k3")).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.error_code(), "rate_limited");
    assert!(
        refused.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("秒后再试")
    );

    // Nothing was stored for the refused request: the next case number
    // follows the two made, once another clerk submits.
    let other = app.staff_cookie("liancheng.scjg.leader").await;
    let reply = send(
        &router,
        Request::post("/api/v1/cases")
            .header(header::COOKIE, &other)
            .header(header::CONTENT_TYPE, "application/json")
            .header("Idempotency-Key", "k3")
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await;
    assert_ne!(
        reply.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        reply.text
    );
    for case_no in &made {
        let status = send(
            &router,
            Request::get(format!("/api/v1/cases/{case_no}"))
                .header(header::COOKIE, &clerk)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(status.status, StatusCode::OK, "{case_no}");
    }
}

#[tokio::test]
async fn with_limits_off_a_burst_of_logins_is_never_refused() {
    let app = CaseApp::sqlite().await;
    let router = from(&app, LimitConfig::off(), "10.0.0.4:7000");
    for attempt in 1..=40 {
        let reply = send(&router, login_attempt()).await;
        assert_ne!(
            reply.status,
            StatusCode::TOO_MANY_REQUESTS,
            "attempt {attempt}"
        );
    }
}
