//! The Chinese pages: home search, item guide, bundle guide, 404.

mod support;

use support::demo_app;

#[tokio::test]
async fn the_home_page_searches_items_and_bundles() {
    let app = demo_app().await;
    let home = app.get("/").await;
    assert_eq!(home.status, 200);
    assert!(home.content_type.starts_with("text/html"));
    assert!(home.text.contains("搜索"));
    assert!(home.text.contains("游厨登记一件事"));
    let found = app.get("/?q=营业执照").await;
    assert_eq!(found.status, 200);
    assert!(found.text.contains("的搜索结果"));
    assert!(found.text.contains("营业执照"));
}

#[tokio::test]
async fn search_text_is_escaped_on_the_page() {
    let app = demo_app().await;
    let page = app.get("/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert_eq!(page.status, 200);
    assert!(!page.text.contains("<script>alert(1)"));
    assert!(page.text.contains("&lt;script&gt;"));
}

#[tokio::test]
async fn an_item_guide_shows_what_an_applicant_looks_for() {
    let app = demo_app().await;
    let item = app
        .catalog
        .items
        .iter()
        .find(|i| !i.materials.is_empty() && !i.conditions.is_empty())
        .unwrap();
    let page = app.get(&format!("/items/{}", item.code)).await;
    assert_eq!(page.status, 200);
    for heading in [
        "受理条件",
        "申请材料",
        "办理流程",
        "办理时限",
        "收费标准",
        "设定依据",
        "办理方式",
        "通办范围",
        "办理结果",
    ] {
        assert!(page.text.contains(heading), "missing {heading}");
    }
    assert!(page.text.contains(&item.name));
    assert!(page.text.contains(&item.promised_limit.label()));
    assert!(page.text.contains(&item.conditions[0]));
}

#[tokio::test]
async fn the_itinerant_chef_guide_lists_members_materials_and_metrics() {
    let app = demo_app().await;
    let code = app.chef_code();
    let page = app.get(&format!("/bundles/{code}")).await;
    assert_eq!(page.status, 200);
    for text in [
        "成员事项",
        "一次性告知材料清单",
        "改革成效",
        "减环节",
        "减材料",
        "减表单",
        "减时限",
        "减跑动",
        "居民身份证",
    ] {
        assert!(page.text.contains(text), "missing {text}");
    }
    let bundle = app.catalog.bundle(&code).unwrap();
    for member in &bundle.members {
        let name = &app.catalog.item(member.item.as_str()).unwrap().name;
        assert!(page.text.contains(name.as_str()), "missing member {name}");
    }
    let metrics = app
        .get(&format!("/api/v1/bundles/{code}/metrics"))
        .await
        .json();
    let percent = metrics["materials"]["percent"].to_string();
    assert!(
        page.text.contains(&format!("{percent}%")),
        "materials {percent}% not shown"
    );
}

#[tokio::test]
async fn unknown_pages_are_a_chinese_404() {
    let app = demo_app().await;
    for uri in ["/items/nope", "/bundles/nope", "/nowhere"] {
        let page = app.get(uri).await;
        assert_eq!(page.status, 404, "{uri}");
        assert!(page.text.contains("返回首页"), "{uri}");
    }
    assert!(app.get("/items/nope").await.text.contains("未找到事项"));
}

#[tokio::test]
async fn the_stylesheet_is_served_as_css() {
    let app = demo_app().await;
    let css = app.get("/static/app.css").await;
    assert_eq!(css.status, 200);
    assert!(css.content_type.starts_with("text/css"));
}

// ---- The shell: 简/繁, 大字版, the header, the QR code. ----

use axum::body::Body;
use axum::http::{Request, header};
use tongban_web::pages::{UserBadge, qr};
use tower::ServiceExt;

/// `GET uri` with extra headers, answered as (status, headers, body).
async fn get_with(
    app: &support::App,
    uri: &str,
    headers: &[(&str, &str)],
) -> (u16, axum::http::HeaderMap, String) {
    let mut request = Request::get(uri);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let response = app
        .router
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, headers, String::from_utf8(bytes.to_vec()).unwrap())
}

fn licence_item(app: &support::App) -> (String, String) {
    let item = app
        .catalog
        .items
        .iter()
        .find(|i| i.name.contains("营业执照"))
        .expect("the demo catalog has a 营业执照 item");
    (item.code.to_string(), item.name.clone())
}

#[tokio::test]
async fn the_traditional_cookie_turns_the_item_page_into_traditional_script() {
    let app = demo_app().await;
    let (code, name) = licence_item(&app);
    let uri = format!("/items/{code}");
    let (status, headers, page) = get_with(&app, &uri, &[("cookie", "tb_script=hant")]).await;
    assert_eq!(status, 200);
    assert!(page.contains("營業執照"), "no 營業執照 on the page");
    assert!(
        !page.contains("营业执照"),
        "Simplified 营业执照 left on the page"
    );
    assert!(
        !page.contains(&name),
        "the Simplified item name is still shown"
    );
    assert!(page.contains(r#"<html lang="zh-Hant">"#));
    assert!(page.contains("辦事指南"));
    assert!(headers.get_all(header::VARY).iter().any(|v| v == "cookie"));
    let plain = app.get(&uri).await;
    assert!(plain.text.contains(&name));
    assert!(plain.text.contains(r#"<html lang="zh-CN">"#));
}

#[tokio::test]
async fn in_traditional_mode_the_words_营业执照办理_read_營業執照辦理_on_the_page() {
    let app = demo_app().await;
    // The home page repeats what was searched for, in its heading and box.
    let (status, _, page) =
        get_with(&app, "/?q=营业执照办理", &[("cookie", "tb_script=hant")]).await;
    assert_eq!(status, 200);
    assert!(page.contains("營業執照辦理"), "{page}");
    assert!(!page.contains("营业执照办理"));
}

#[tokio::test]
async fn json_api_answers_are_never_converted() {
    let app = demo_app().await;
    let (_, _, body) = get_with(
        &app,
        "/api/v1/items?q=营业执照",
        &[("cookie", "tb_script=hant")],
    )
    .await;
    assert!(body.contains("营业执照"));
    assert!(!body.contains("營業執照"));
}

#[tokio::test]
async fn a_404_page_is_converted_and_enlarged_too() {
    let app = demo_app().await;
    let (status, _, page) = get_with(
        &app,
        "/nowhere",
        &[("cookie", "tb_script=hant; tb_large=1")],
    )
    .await;
    assert_eq!(status, 404);
    assert!(page.contains(r#"<html lang="zh-Hant" class="large">"#));
    assert!(page.contains("頁面不存在"));
}

#[tokio::test]
async fn the_switches_set_a_year_long_cookie_and_return_to_the_page() {
    let app = demo_app().await;
    for (uri, cookie) in [
        (
            "/prefs/script/hant?next=%2Fitems%2Fx%3Fa%3D1",
            "tb_script=hant",
        ),
        (
            "/prefs/script/hans?next=%2Fitems%2Fx%3Fa%3D1",
            "tb_script=hans",
        ),
        ("/prefs/large/on?next=%2Fitems%2Fx%3Fa%3D1", "tb_large=1"),
        ("/prefs/large/off?next=%2Fitems%2Fx%3Fa%3D1", "tb_large=0"),
    ] {
        let (status, headers, _) = get_with(&app, uri, &[]).await;
        assert_eq!(status, 303, "{uri}");
        assert_eq!(headers[header::LOCATION], "/items/x?a=1", "{uri}");
        let set = headers[header::SET_COOKIE].to_str().unwrap();
        assert!(set.starts_with(&format!("{cookie};")), "{set}");
        for part in ["Path=/", "SameSite=Lax", "Max-Age=31536000"] {
            assert!(set.contains(part), "{set} lacks {part}");
        }
    }
}

#[tokio::test]
async fn the_switches_never_redirect_to_another_site() {
    let app = demo_app().await;
    for next in [
        "%2F%2Fevil.example",
        "https%3A%2F%2Fevil.example",
        "%2F%5Cevil.example",
        "%2F%09%2Fevil.example",
    ] {
        for route in ["/prefs/script/hant", "/prefs/large/on"] {
            let (status, headers, _) = get_with(&app, &format!("{route}?next={next}"), &[]).await;
            assert_eq!(status, 303);
            assert_eq!(headers[header::LOCATION], "/", "{route} next={next}");
        }
    }
    let (status, _, _) = get_with(&app, "/prefs/script/klingon?next=%2F", &[]).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_large_type_cookie_puts_the_large_class_on_the_page() {
    let app = demo_app().await;
    let (_, _, page) = get_with(&app, "/", &[("cookie", "tb_large=1")]).await;
    assert!(page.contains(r#"<html lang="zh-CN" class="large">"#));
    assert!(
        page.contains(r#"href="/prefs/large/off?next=%2F""#),
        "switch back offered"
    );
    assert!(!app.get("/").await.text.contains("class=\"large\""));
    let css = app.get("/static/app.css").await.text;
    assert!(css.contains("html.large { font-size: 150%; }"));
    assert!(css.contains("min-height: 48px"));
}

#[tokio::test]
async fn the_header_shows_the_switches_and_a_login_link_to_visitors() {
    let app = demo_app().await;
    let page = app.get("/items/nope?x=1").await.text;
    assert!(
        page.contains(
            r#"id="switch-script" href="/prefs/script/hant?next=%2Fitems%2Fnope%3Fx%3D1""#
        )
    );
    assert!(page.contains(r#"id="switch-large""#));
    assert!(page.contains(r#"id="login" href="/login""#));
    assert!(page.contains(r#"<meta name="viewport""#));
}

#[tokio::test]
async fn a_logged_in_person_sees_their_name_workbench_and_logout_form() {
    let app = demo_app().await;
    let badge = UserBadge {
        display_name: "张三".into(),
        role_label: "综窗受理人员".into(),
        csrf_token: "csrf-abc".into(),
        workbench_href: "/workbench".into(),
    };
    let request = Request::get("/")
        .extension(badge)
        .body(Body::empty())
        .unwrap();
    let page = app.send(request).await.text;
    assert!(page.contains("张三") && page.contains("综窗受理人员"));
    assert!(page.contains(r#"href="/workbench""#));
    assert!(page.contains(r#"<form id="logout" method="post" action="/logout">"#));
    assert!(page.contains(r#"name="_csrf" value="csrf-abc""#));
    assert!(!page.contains(r#"id="login""#));
}

#[tokio::test]
async fn the_item_guide_carries_a_qr_code_of_its_own_address() {
    let app = demo_app().await;
    let (code, _) = licence_item(&app);
    let uri = format!("/items/{code}");
    let (_, _, page) = get_with(&app, &uri, &[("host", "zwfw.example.gov.cn:8080")]).await;
    let url = format!("http://zwfw.example.gov.cn:8080/items/{code}");
    assert!(page.contains(r#"id="guide-qr""#));
    assert!(page.contains("扫码查看办事指南"));
    assert!(page.contains(&url));
    assert!(
        page.contains(&qr::svg(&url).unwrap()),
        "the SVG is not the code of {url}"
    );
    let behind_proxy = [
        ("host", "10.0.0.7:8080"),
        ("x-forwarded-host", "zwfw.example.gov.cn"),
        ("x-forwarded-proto", "https"),
    ];
    let (_, _, page) = get_with(&app, &format!("{uri}?from=hall"), &behind_proxy).await;
    let url = format!("https://zwfw.example.gov.cn/items/{code}");
    assert!(
        page.contains(&qr::svg(&url).unwrap()),
        "not the code of {url}"
    );
}

#[tokio::test]
async fn the_item_guide_says_where_to_go_and_how_far_it_is_tongban() {
    let app = demo_app().await;
    let item = app
        .catalog
        .items
        .iter()
        .find(|i| i.location.is_some() && !i.steps.is_empty())
        .unwrap();
    let page = app.get(&format!("/items/{}", item.code)).await.text;
    assert!(page.contains(item.location.as_deref().unwrap()));
    assert!(page.contains(item.tongban_scope.label()));
    assert!(page.contains(&item.statutory_limit.label()));
    assert!(page.contains(item.online_depth.label()));
    let partnered = app
        .catalog
        .items
        .iter()
        .find(|i| !i.tongban_partners.is_empty())
        .unwrap();
    let page = app.get(&format!("/items/{}", partnered.code)).await.text;
    let region = &partnered.tongban_partners[0];
    let name = &app
        .catalog
        .regions
        .iter()
        .find(|r| &r.code == region)
        .unwrap()
        .name;
    assert!(
        page.contains(&format!("{name}（{region}）")),
        "partner {region} not named"
    );
}

#[tokio::test]
async fn searching_yingye_zhizhao_lists_items_and_bundles_marked_as_such() {
    let app = demo_app().await;
    let page = app.get("/?q=营业执照").await.text;
    assert!(page.contains(r#"id="search" role="search" method="get" action="/""#));
    let items = page.matches(r#"class="result" href="/items/"#).count();
    let bundles = page.matches(r#"class="result" href="/bundles/"#).count();
    assert!(items > 0, "no item results");
    assert!(bundles > 0, "no bundle results");
    assert_eq!(
        page.matches(r#"<span class="tag kind">事项</span>"#)
            .count(),
        items
    );
    assert_eq!(
        page.matches(r#"<span class="tag kind">一件事</span>"#)
            .count(),
        bundles
    );
}

#[tokio::test]
async fn words_typed_in_traditional_find_the_same_results() {
    let app = demo_app().await;
    let simplified = app.get("/?q=营业执照").await.text;
    let traditional = app.get("/?q=營業執照").await.text;
    let links = |p: &str| p.matches(r#"class="result" href=""#).count();
    assert!(links(&simplified) > 0);
    assert_eq!(links(&simplified), links(&traditional));
}

#[tokio::test]
async fn the_bundle_guide_lists_members_in_batches_of_its_dag() {
    let app = demo_app().await;
    let bundle = app
        .catalog
        .bundles
        .iter()
        .find(|b| b.members.iter().any(|m| !m.after.is_empty()))
        .unwrap();
    let page = app.get(&format!("/bundles/{}", bundle.code)).await.text;
    assert!(page.contains("第 1 批") && page.contains("第 2 批"));
    assert!(page.contains("（可同时开始）"));
    let waiting = bundle.members.iter().find(|m| !m.after.is_empty()).unwrap();
    let first = page.find("第 1 批").unwrap();
    let second = page.find("第 2 批").unwrap();
    let name = &app.catalog.item(waiting.item.as_str()).unwrap().name;
    let at = page[first..].find(name.as_str()).unwrap() + first;
    assert!(at > second, "{name} waits but is listed in the first batch");
}
