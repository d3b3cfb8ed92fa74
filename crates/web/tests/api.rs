//! The JSON API over the demo catalog: search, lookups, metrics and errors.

mod support;

use serde_json::Value;
use support::demo_app;
use tongban_domain::guidance::{Answers, evaluate};
use tongban_domain::stats::reform_metrics;

fn names(reply: &Value) -> Vec<String> {
    reply["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn searching_yingye_zhizhao_returns_business_licence_items_first() {
    let app = demo_app().await;
    let reply = app.get("/api/v1/items?q=营业执照").await;
    assert_eq!(reply.status, 200);
    let body = reply.json();
    let found = names(&body);
    assert!(!found.is_empty());
    assert!(
        found[..3.min(found.len())]
            .iter()
            .all(|n| n.contains("营业执照")),
        "{found:?}"
    );
    assert!(body["total"].as_u64().unwrap() >= found.len() as u64);
}

#[tokio::test]
async fn pinyin_initials_yyzz_give_the_same_top_hit_as_the_chinese_words() {
    let app = demo_app().await;
    let chinese = app.get("/api/v1/items?q=营业执照").await.json();
    let initials = app.get("/api/v1/items?q=yyzz").await.json();
    assert_eq!(chinese["hits"][0]["code"], initials["hits"][0]["code"]);
}

#[tokio::test]
async fn an_empty_query_lists_items_page_by_page() {
    let app = demo_app().await;
    let first = app.get("/api/v1/items?limit=5").await.json();
    let second = app.get("/api/v1/items?limit=5&offset=5").await.json();
    assert_eq!(
        first["total"].as_u64().unwrap() as usize,
        app.catalog.items.len()
    );
    assert_eq!(first["hits"].as_array().unwrap().len(), 5);
    assert_ne!(first["hits"][0]["code"], second["hits"][0]["code"]);
}

#[tokio::test]
async fn the_department_filter_keeps_only_that_departments_items() {
    let app = demo_app().await;
    let department = app.catalog.items[0].department.to_string();
    let body = app
        .get(&format!("/api/v1/items?department={department}&limit=100"))
        .await
        .json();
    let expected = app
        .catalog
        .items
        .iter()
        .filter(|i| i.department.as_str() == department)
        .count();
    assert_eq!(body["total"].as_u64().unwrap() as usize, expected);
    for hit in body["hits"].as_array().unwrap() {
        assert_eq!(hit["department"], department.as_str());
    }
}

#[tokio::test]
async fn bundles_are_searchable_by_name() {
    let app = demo_app().await;
    let body = app.get("/api/v1/bundles?q=游厨").await.json();
    assert_eq!(body["hits"][0]["code"], app.chef_code().as_str());
}

#[tokio::test]
async fn an_item_and_a_bundle_are_served_in_their_catalog_form() {
    let app = demo_app().await;
    let item = &app.catalog.items[0];
    let reply = app.get(&format!("/api/v1/items/{}", item.code)).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json(), serde_json::to_value(item).unwrap());
    let bundle = app.catalog.bundle(&app.chef_code()).unwrap().clone();
    let reply = app.get(&format!("/api/v1/bundles/{}", bundle.code)).await;
    assert_eq!(reply.json(), serde_json::to_value(&bundle).unwrap());
}

#[tokio::test]
async fn every_bundles_metrics_equal_the_domain_computation_on_the_same_catalog() {
    let app = demo_app().await;
    for bundle in &app.catalog.bundles {
        let selection = evaluate(bundle, &Answers::new(), |code| {
            app.catalog
                .item(code.as_str())
                .map(|i| {
                    i.situations
                        .iter()
                        .map(|s| (s.code.clone(), s.default))
                        .collect()
                })
                .unwrap_or_default()
        })
        .unwrap();
        let expected = reform_metrics(bundle, &selection, &app.catalog.items).unwrap();
        let reply = app
            .get(&format!("/api/v1/bundles/{}/metrics", bundle.code))
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        assert_eq!(
            reply.json(),
            serde_json::to_value(&expected).unwrap(),
            "{}",
            bundle.code
        );
    }
}

#[tokio::test]
async fn the_itinerant_chef_bundle_saves_ten_materials_by_default() {
    let app = demo_app().await;
    let body = app
        .get(&format!("/api/v1/bundles/{}/metrics", app.chef_code()))
        .await
        .json();
    let m = &body["materials"];
    let saved = m["before"].as_u64().unwrap() - m["after"].as_u64().unwrap();
    assert_eq!(saved, 10, "the report says 10 fewer materials: {body}");
    let days = &body["days"];
    let expected = ((days["before"].as_f64().unwrap() - days["after"].as_f64().unwrap())
        / days["before"].as_f64().unwrap()
        * 1000.0)
        .round()
        / 10.0;
    assert_eq!(days["percent"].as_f64().unwrap(), expected);
}

#[tokio::test]
async fn posted_answers_change_the_selection_and_bad_answers_are_refused() {
    let app = demo_app().await;
    let uri = format!("/api/v1/bundles/{}/metrics", app.chef_code());
    let default = app.post_json(&uri, "{}").await;
    assert_eq!(default.status, 200, "{}", default.text);
    assert_eq!(default.json(), app.get(&uri).await.json());
    let registered = app
        .post_json(&uri, r#"{"answers":{"already_registered":true}}"#)
        .await;
    assert_eq!(registered.status, 200, "{}", registered.text);
    let members = registered.json()["members"].as_array().unwrap().len();
    let default_members = default.json()["members"].as_array().unwrap().len();
    assert_eq!(
        members + 1,
        default_members,
        "an already registered chef skips registration"
    );
    let bad = app
        .post_json(&uri, r#"{"answers":{"already_registered":"maybe"}}"#)
        .await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.error_code(), "invalid_answers");
    let unknown = app.post_json(&uri, r#"{"answers":{"no_such":true}}"#).await;
    assert_eq!(unknown.error_code(), "invalid_answers");
}

#[tokio::test]
async fn unknown_codes_are_404_json_with_a_chinese_message() {
    let app = demo_app().await;
    for (uri, code) in [
        ("/api/v1/items/x", "item_not_found"),
        ("/api/v1/bundles/x", "bundle_not_found"),
        ("/api/v1/bundles/x/metrics", "bundle_not_found"),
        ("/api/v1/nothing-here", "route_not_found"),
    ] {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, 404, "{uri}");
        assert_eq!(reply.error_code(), code, "{uri}");
        assert!(reply.content_type.starts_with("application/json"));
    }
    assert_eq!(
        app.get("/api/v1/items/x").await.json()["error"]["message"],
        "未找到事项“x”"
    );
}

#[tokio::test]
async fn bad_query_parameters_are_400_invalid_parameter() {
    let app = demo_app().await;
    for query in [
        "limit=abc",
        "limit=0",
        "limit=101",
        "offset=-1",
        "offset=10001",
        "level=planet",
        "scope=galaxy",
        "region=35",
        "region=%20350825",
        "department=a%20b",
    ] {
        let reply = app.get(&format!("/api/v1/items?{query}")).await;
        assert_eq!(reply.status, 400, "{query}: {}", reply.text);
        assert_eq!(reply.error_code(), "invalid_parameter", "{query}");
        let message = reply.json()["error"]["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(message.contains("参数"), "{message}");
    }
}

#[tokio::test]
async fn empty_filters_mean_no_filter() {
    let app = demo_app().await;
    let all = app.get("/api/v1/items?limit=1").await.json();
    let empty = app
        .get("/api/v1/items?limit=1&region=&department=&q=")
        .await;
    assert_eq!(empty.status, 200, "{}", empty.text);
    assert_eq!(empty.json()["total"], all["total"]);
}

#[tokio::test]
async fn bad_bodies_and_methods_get_json_errors_too() {
    let app = demo_app().await;
    let uri = format!("/api/v1/bundles/{}/metrics", app.chef_code());
    let syntax = app.post_json(&uri, "{not json").await;
    assert_eq!(
        (syntax.status.as_u16(), syntax.error_code().as_str()),
        (400, "invalid_body")
    );
    let plain = app
        .send(
            axum::http::Request::post(&uri)
                .body(axum::body::Body::from("{}"))
                .unwrap(),
        )
        .await;
    assert_eq!(plain.status, 415);
    assert_eq!(plain.error_code(), "unsupported_media_type");
    let huge = format!(r#"{{"answers":{{"x":"{}"}}}}"#, "a".repeat(3 * 1024 * 1024));
    let too_big = app.post_json(&uri, &huge).await;
    assert_eq!(too_big.status, 413);
    assert_eq!(too_big.error_code(), "payload_too_large");
    let delete = app
        .send(
            axum::http::Request::delete("/api/v1/items")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(delete.status, 405);
    assert_eq!(delete.error_code(), "method_not_allowed");
}

#[tokio::test]
async fn health_regions_and_departments_answer() {
    let app = demo_app().await;
    assert_eq!(
        app.get("/healthz").await.json(),
        serde_json::json!({"status": "ok"})
    );
    let regions = app.get("/api/v1/regions").await.json();
    assert_eq!(regions.as_array().unwrap().len(), app.catalog.regions.len());
    let departments = app.get("/api/v1/departments").await.json();
    assert_eq!(
        departments.as_array().unwrap().len(),
        app.catalog.departments.len()
    );
    assert!(departments[0]["name"].as_str().is_some());
}
