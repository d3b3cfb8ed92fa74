//! The OpenAPI document matches what the router serves.

mod support;

use serde_json::Value;
use support::demo_app;

/// Replaces `{code}` with a real code of the demo catalog.
fn concrete(path: &str, item: &str, bundle: &str) -> String {
    if path.starts_with("/api/v1/items/") {
        path.replace("{code}", item)
    } else {
        path.replace("{code}", bundle)
    }
}

#[tokio::test]
async fn the_document_lists_every_api_path_and_each_answers_with_a_documented_status() {
    let app = demo_app().await;
    let reply = app.get("/api/v1/openapi.json").await;
    assert_eq!(reply.status, 200);
    let doc = reply.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for served in [
        "/healthz",
        "/api/v1/items",
        "/api/v1/items/{code}",
        "/api/v1/bundles",
        "/api/v1/bundles/{code}",
        "/api/v1/bundles/{code}/metrics",
        "/api/v1/regions",
        "/api/v1/departments",
        "/api/v1/openapi.json",
    ] {
        assert!(paths.contains_key(served), "{served} is not documented");
    }
    let item = app.catalog.items[0].code.to_string();
    let bundle = app.chef_code();
    for (path, operations) in paths {
        let Some(get) = operations.get("get") else {
            continue;
        };
        let reply = app.get(&concrete(path, &item, &bundle)).await;
        let status = reply.status.as_u16().to_string();
        assert!(
            get["responses"].get(&status).is_some(),
            "{path} answered {status}, which is not documented"
        );
        assert!(reply.content_type.starts_with("application/json"), "{path}");
    }
    assert!(
        paths["/api/v1/bundles/{code}/metrics"]
            .get("post")
            .is_some()
    );
}

/// Checks a JSON value against a schema's `required` keys and the `enum`s
/// of its top-level string properties.
fn conforms(value: &Value, schema: &Value) -> Result<(), String> {
    for key in schema["required"].as_array().into_iter().flatten() {
        let key = key.as_str().unwrap();
        if value.get(key).is_none() {
            return Err(format!("missing required `{key}`"));
        }
    }
    for (key, property) in schema["properties"].as_object().into_iter().flatten() {
        if let (Some(allowed), Some(actual)) = (property["enum"].as_array(), value.get(key))
            && !allowed.contains(actual)
        {
            return Err(format!("`{key}` = {actual} is not in {allowed:?}"));
        }
    }
    Ok(())
}

#[tokio::test]
async fn every_demo_item_and_bundle_fits_its_documented_schema() {
    let app = demo_app().await;
    let doc = app.get("/api/v1/openapi.json").await.json();
    let schemas = &doc["components"]["schemas"];
    for item in &app.catalog.items {
        let body = app
            .get(&format!("/api/v1/items/{}", item.code))
            .await
            .json();
        conforms(&body, &schemas["ServiceItem"])
            .map_err(|e| format!("{}: {e}", item.code))
            .unwrap();
    }
    for bundle in &app.catalog.bundles {
        let body = app
            .get(&format!("/api/v1/bundles/{}", bundle.code))
            .await
            .json();
        conforms(&body, &schemas["Bundle"])
            .map_err(|e| format!("{}: {e}", bundle.code))
            .unwrap();
    }
}

#[tokio::test]
async fn every_security_requirement_names_a_declared_scheme() {
    let app = demo_app().await;
    let doc = app.get("/api/v1/openapi.json").await.json();
    let schemes = doc["components"]["securitySchemes"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let mut required = 0;
    for (path, operations) in doc["paths"].as_object().unwrap() {
        for (method, op) in operations.as_object().unwrap() {
            for requirement in op["security"].as_array().into_iter().flatten() {
                for name in requirement.as_object().unwrap().keys() {
                    assert!(
                        schemes.contains_key(name),
                        "{method} {path} names undeclared scheme {name}"
                    );
                    required += 1;
                }
            }
        }
    }
    assert!(
        required >= 3,
        "the account endpoints declare how to authenticate"
    );
}
