//! Accounts through the real router: sign-in, CSRF, lockout, and the data
//! scope of every demo role through both the pages and the API.

mod support;

use axum::body::Body;
use axum::http::{Request, header};
use support::{App, Reply, demo_app};

const PASSWORD: &str = "Tongban#2026";

/// A signed-in browser: its session cookie and CSRF token.
struct Signed {
    cookie: String,
    csrf: String,
}

/// The `_csrf` hidden field of a page.
fn csrf_of(page: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let at = page.find(marker).expect("the page has a CSRF field");
    let rest = &page[at + marker.len()..];
    rest[..rest.find('"').unwrap()].to_string()
}

/// The `name=value` of a Set-Cookie header for `name`.
fn cookie_of(reply: &Reply, name: &str) -> Option<String> {
    reply
        .set_cookies
        .iter()
        .filter_map(|c| c.split(';').next())
        .find(|pair| pair.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

async fn form(app: &App, uri: &str, cookie: &str, body: &str) -> Reply {
    app.send(
        Request::post(uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookie)
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
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

/// The login page's pre-login CSRF cookie and field.
async fn login_form(app: &App) -> (String, String) {
    let page = app.get("/login").await;
    let cookie = cookie_of(&page, "tb_csrf").expect("the login page sets tb_csrf");
    (cookie, csrf_of(&page.text))
}

async fn sign_in(app: &App, username: &str) -> Signed {
    let (cookie, csrf) = login_form(app).await;
    let reply = form(
        app,
        "/login",
        &cookie,
        &format!(
            "_csrf={csrf}&username={username}&password={}",
            urlencode(PASSWORD)
        ),
    )
    .await;
    assert_eq!(reply.status, 303, "{username} signs in: {}", reply.text);
    let session = cookie_of(&reply, "tb_session").expect("a session cookie");
    let workbench = get_as(app, "/workbench", &session).await;
    assert_eq!(workbench.status, 200);
    Signed {
        csrf: csrf_of(&workbench.text),
        cookie: session,
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn a_login_post_without_the_csrf_token_is_refused_and_signs_nobody_in() {
    let app = demo_app().await;
    let (cookie, csrf) = login_form(&app).await;
    let body = format!("username=qihe.clerk&password={}", urlencode(PASSWORD));
    for (cookie, body) in [
        (cookie.as_str(), body.clone()),
        (cookie.as_str(), format!("_csrf=forged-token-000000&{body}")),
        ("", format!("_csrf={csrf}&{body}")),
    ] {
        let reply = form(&app, "/login", cookie, &body).await;
        assert_eq!(reply.status, 403, "{body}");
        assert!(reply.text.contains("csrf_rejected"));
        assert!(cookie_of(&reply, "tb_session").is_none());
    }
}

#[tokio::test]
async fn a_signed_in_form_needs_the_sessions_own_token() {
    let app = demo_app().await;
    let clerk = sign_in(&app, "qihe.clerk").await;
    let other = sign_in(&app, "qihe.examiner").await;
    // Another session's token does not do: the form is refused and the
    // session survives.
    let reply = form(
        &app,
        "/logout",
        &clerk.cookie,
        &format!("_csrf={}", other.csrf),
    )
    .await;
    assert_eq!(reply.status, 403);
    assert_eq!(get_as(&app, "/api/v1/me", &clerk.cookie).await.status, 200);
    // Its own token logs it out.
    let reply = form(
        &app,
        "/logout",
        &clerk.cookie,
        &format!("_csrf={}", clerk.csrf),
    )
    .await;
    assert_eq!(reply.status, 303);
    assert_eq!(get_as(&app, "/api/v1/me", &clerk.cookie).await.status, 401);
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_account_even_against_the_right_one() {
    let app = demo_app().await;
    let (cookie, csrf) = login_form(&app).await;
    for attempt in 1..=5 {
        let reply = form(
            &app,
            "/login",
            &cookie,
            &format!("_csrf={csrf}&username=qihe.examiner&password=wrong-{attempt}"),
        )
        .await;
        if attempt < 5 {
            assert_eq!(reply.status, 401, "attempt {attempt}");
            assert!(reply.text.contains("用户名或密码"), "{}", reply.text);
        } else {
            // The fifth wrong password locks, and says so.
            assert_eq!(reply.status, 423, "attempt {attempt}");
        }
    }
    let reply = form(
        &app,
        "/login",
        &cookie,
        &format!(
            "_csrf={csrf}&username=qihe.examiner&password={}",
            urlencode(PASSWORD)
        ),
    )
    .await;
    assert_eq!(reply.status, 423, "{}", reply.text);
    assert!(reply.text.contains("锁定"));
    assert!(cookie_of(&reply, "tb_session").is_none());
    // Another account is not affected.
    sign_in(&app, "qihe.leader").await;
}

/// (signed-in user, staff account looked up, expected status)
const STAFF_READS: &[(&str, &str, u16)] = &[
    ("admin.sd", "qihe.clerk", 200),
    ("admin.sd", "liancheng.clerk", 404),
    ("qihe.clerk", "qihe.examiner", 200),
    ("qihe.clerk", "liancheng.clerk", 404),
    ("qihe.examiner", "qihe.clerk", 200),
    ("qihe.examiner", "liancheng.examiner", 404),
    ("qihe.leader", "qihe.proxy", 200),
    ("qihe.leader", "liancheng.clerk", 404),
    ("dezhou.supervisor", "qihe.leader", 200),
    ("dezhou.supervisor", "liancheng.examiner", 404),
    ("qihe.proxy", "qihe.clerk", 403),
    ("liancheng.clerk", "liancheng.examiner", 200),
    ("liancheng.clerk", "qihe.clerk", 404),
    ("liancheng.examiner", "qihe.examiner", 404),
];

#[tokio::test]
async fn every_role_reads_staff_in_its_region_and_no_further_through_api_and_page() {
    let app = demo_app().await;
    for (user, target, expected) in STAFF_READS {
        let signed = sign_in(&app, user).await;
        let api = get_as(&app, &format!("/api/v1/staff/{target}"), &signed.cookie).await;
        assert_eq!(
            api.status, *expected,
            "{user} → API staff {target}: {}",
            api.text
        );
        let page = get_as(&app, &format!("/workbench/staff/{target}"), &signed.cookie).await;
        assert_eq!(page.status, *expected, "{user} → page staff {target}");
        if *expected == 404 {
            // Out of scope looks exactly like missing.
            assert_eq!(api.error_code(), "staff_not_found");
            let missing = get_as(&app, "/api/v1/staff/no.such.user", &signed.cookie).await;
            assert_eq!(missing.status, 404);
            assert_eq!(missing.text.replace("no.such.user", target), api.text);
        }
    }
}

/// (signed-in user, department workbench, expected status)
const DEPARTMENT_READS: &[(&str, &str, u16)] = &[
    ("qihe.examiner", "371425-zrzy", 200),
    ("qihe.examiner", "371425-gaj", 404),
    ("qihe.examiner", "350825-scjg", 404),
    ("qihe.leader", "371425-zrzy", 200),
    ("dezhou.supervisor", "371425-gaj", 200),
    ("dezhou.supervisor", "350825-scjg", 404),
    ("admin.sd", "371425-xzsp", 200),
    ("admin.sd", "610323-scjg", 404),
    ("qihe.clerk", "371425-xzsp", 403),
    ("liancheng.examiner", "350825-scjg", 200),
    ("liancheng.examiner", "371425-zrzy", 404),
];

#[tokio::test]
async fn department_workbenches_open_only_within_the_data_scope() {
    let app = demo_app().await;
    for (user, dept, expected) in DEPARTMENT_READS {
        let signed = sign_in(&app, user).await;
        let page = get_as(
            &app,
            &format!("/workbench/departments/{dept}"),
            &signed.cookie,
        )
        .await;
        assert_eq!(page.status, *expected, "{user} → page {dept}");
        let api = get_as(
            &app,
            &format!("/api/v1/departments/{dept}/staff"),
            &signed.cookie,
        )
        .await;
        assert_eq!(api.status, *expected, "{user} → API {dept}: {}", api.text);
    }
}

#[tokio::test]
async fn an_anonymous_visitor_is_sent_to_login_and_the_api_answers_401() {
    let app = demo_app().await;
    let page = app.get("/workbench/departments/371425-zrzy").await;
    assert_eq!(page.status, 303);
    let api = app.get("/api/v1/staff/qihe.clerk").await;
    assert_eq!(api.status, 401);
    assert_eq!(api.error_code(), "unauthenticated");
}

async fn get_bearer(app: &App, uri: &str, token: &str) -> Reply {
    app.send(
        Request::get(uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn an_api_token_acts_only_within_its_scopes_and_a_bad_one_is_refused() {
    let app = demo_app().await;
    let token = app
        .accounts
        .iter()
        .find(|a| a.role == tongban_domain::auth::Role::System)
        .expect("the demo has an API token")
        .secret
        .clone();
    assert!(
        !token.is_empty(),
        "a fresh demo shows the token's secret once"
    );
    let me = get_bearer(&app, "/api/v1/me", &token).await;
    assert_eq!(me.status, 200, "{}", me.text);
    assert_eq!(me.json()["kind"], "token");
    assert_eq!(me.json()["token_scopes"][0], "read_catalog");
    // Reading staff is not among its scopes: refused as a role, not hidden.
    let staff = get_bearer(&app, "/api/v1/staff/qihe.clerk", &token).await;
    assert_eq!(staff.status, 403, "{}", staff.text);
    assert_eq!(staff.error_code(), "forbidden_role");
    let forged = get_bearer(&app, "/api/v1/me", "tb_not-a-real-token").await;
    assert_eq!(forged.status, 401);
    assert_eq!(forged.error_code(), "invalid_token");
}

#[tokio::test]
async fn after_login_the_person_returns_to_the_page_they_came_from_and_never_off_site() {
    let app = demo_app().await;
    for (next, expected) in [
        (
            "%2F%3Fq%3D%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7",
            "/?q=%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7",
        ),
        ("%2F%2Fevil.example", "/workbench"),
        ("https%3A%2F%2Fevil.example", "/workbench"),
    ] {
        let (cookie, csrf) = login_form(&app).await;
        let reply = form(
            &app,
            "/login",
            &cookie,
            &format!(
                "_csrf={csrf}&username=qihe.clerk&password={}&next={next}",
                urlencode(PASSWORD)
            ),
        )
        .await;
        assert_eq!(reply.status, 303, "{next}");
        assert_eq!(reply.location.as_deref(), Some(expected), "{next}");
    }
}
