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
