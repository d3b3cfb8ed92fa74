//! The metrics API over HTTP: the dashboard and every table equal the
//! generator's expected figures, field by field, exports carry the same numbers with Chinese headers,
//! other regions answer 404, and `/metrics` speaks Prometheus.

mod support;

use axum::body::Body;
use axum::http::{Request, header};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use support::App;
use tongban_domain::ident::RegionCode;
use tongban_service::CatalogService;

use tongban_domain::metrics::Figures;
use tongban_service::metrics::{Generated, TableKind, generate};

const START: &str = "2025-03-03";

async fn session(app: &App, username: &str) -> String {
    let secret = app
        .accounts
        .iter()
        .find(|a| a.login == username)
        .map(|a| a.secret.clone())
        .expect("a demo account");
    app.platform
        .accounts
        .login_staff(username, &secret)
        .await
        .unwrap()
        .token
}

async fn get_as(app: &App, uri: &str, token: &str) -> support::Reply {
    app.send(
        Request::get(uri)
            .header(header::COOKIE, format!("tb_session={token}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

/// The demo app over a database this test can also reach directly.
async fn app_and_db() -> (App, tongban_store::Db) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("tongban.db").display());
    let app = App::open(dir, &url).await;
    let db = tongban_store::Db::connect(&url).await.unwrap();
    (app, db)
}

/// Cases of Dezhou's items only (the demo supervisor's city), counted.
async fn generated(app: &App, db: &tongban_store::Db) -> Generated {
    let service: &CatalogService = &app.platform.catalog;
    let mut catalog = service.load_catalog().await.unwrap();
    let dezhou = RegionCode::parse("371400").unwrap();
    catalog.items.retain(|i| i.region.is_within(&dezhou));
    let start = NaiveDate::parse_from_str(START, "%Y-%m-%d").unwrap();
    let g = generate(db, &catalog, 21, 150, start).await.unwrap();
    app.platform
        .metrics
        .refresh(chrono::Utc::now())
        .await
        .unwrap();
    g
}

/// Rows of a JSON table (or the dashboard's channels) by key.
fn rows_of(rows: &serde_json::Value) -> BTreeMap<String, Figures> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let key = r["key"].as_str().unwrap().to_string();
            let figures: Figures = serde_json::from_value(r["figures"].clone()).unwrap();
            (key, figures)
        })
        .collect()
}

#[tokio::test]
async fn the_dashboard_and_every_table_of_the_api_show_the_generator_s_expected_figures() {
    let (app, db) = app_and_db().await;
    let g = generated(&app, &db).await;
    let e = &g.expected;
    assert!(e.summary().cases_done > 0 && e.summary().warnings_raised > 0);
    let token = session(&app, "dezhou.supervisor").await;
    let query = format!("from={}&to={}", g.from, g.to);
    let reply = get_as(&app, &format!("/api/v1/metrics/dashboard?{query}"), &token).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let d = reply.json();
    assert_eq!(d["region"], "371400");
    let figures: Figures = serde_json::from_value(d["figures"].clone()).unwrap();
    assert_eq!(figures, e.summary());
    assert_eq!(rows_of(&d["channels"]), e.table(TableKind::Channels));
    for kind in TableKind::ALL {
        let reply = get_as(
            &app,
            &format!("/api/v1/metrics/{}?{query}", kind.code()),
            &token,
        )
        .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        let shown = rows_of(&reply.json()["rows"]);
        let expected = e.table(kind);
        assert_eq!(
            shown.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "rows of {}",
            kind.code()
        );
        for (key, want) in &expected {
            assert_eq!(&shown[key], want, "table {} row {key:?}", kind.code());
        }
    }
}

#[tokio::test]
async fn a_json_table_comes_in_pages_that_add_up_to_the_whole_table() {
    let (app, db) = app_and_db().await;
    let g = generated(&app, &db).await;
    let token = session(&app, "dezhou.supervisor").await;
    let query = format!("from={}&to={}", g.from, g.to);
    let expected = g.expected.table(TableKind::Days);
    assert!(expected.len() > 5, "enough days to page through");
    let mut seen = BTreeMap::new();
    let mut offset = 0;
    loop {
        let uri = format!("/api/v1/metrics/days?{query}&limit=4&offset={offset}");
        let page = get_as(&app, &uri, &token).await;
        assert_eq!(page.status, 200, "{}", page.text);
        let page = page.json();
        assert_eq!(page["total_rows"], expected.len());
        assert_eq!(
            (page["offset"].as_u64(), page["limit"].as_u64()),
            (Some(offset), Some(4))
        );
        let rows = rows_of(&page["rows"]);
        if rows.is_empty() {
            break;
        }
        assert!(rows.len() <= 4);
        for (key, figures) in rows {
            assert!(
                seen.insert(key, figures).is_none(),
                "a row appeared on two pages"
            );
        }
        offset += 4;
    }
    assert_eq!(seen, expected, "the pages hold every row once");
    for bad in ["limit=0", "limit=1001", "limit=-1", "offset=x"] {
        let reply = get_as(&app, &format!("/api/v1/metrics/days?{query}&{bad}"), &token).await;
        assert_eq!(reply.status, 400, "{bad}: {}", reply.text);
    }
    let refused = get_as(
        &app,
        &format!("/api/v1/metrics/days?{query}&limit=0"),
        &token,
    )
    .await;
    assert_eq!(refused.json()["error"]["code"], "invalid_page");
}

#[tokio::test]
async fn the_xlsx_export_opens_with_calamine_and_matches_the_json_table() {
    use calamine::{Data, Reader, Xlsx};
    let (app, db) = app_and_db().await;
    let g = generated(&app, &db).await;
    let token = session(&app, "dezhou.supervisor").await;
    let query = format!("from={}&to={}", g.from, g.to);
    let json = get_as(&app, &format!("/api/v1/metrics/channels?{query}"), &token)
        .await
        .json();
    // The body as bytes, straight from the router.
    let response = tower::ServiceExt::oneshot(
        app.router.clone(),
        Request::get(format!("/api/v1/metrics/channels.xlsx?{query}"))
            .header(header::COOKIE, format!("tb_session={token}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), 200);
    let content_type = response.headers()[header::CONTENT_TYPE].to_str().unwrap();
    assert!(content_type.contains("spreadsheetml"));
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheet = book.worksheet_range("按办理渠道").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows[0][1], Data::String("办理渠道".into()));
    assert_eq!(rows[0][2], Data::String("申报件数".into()));
    let table = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), table.len() + 1);
    for (row, expected) in rows[1..].iter().zip(table) {
        // Appeals have no channel: their row's code is an empty cell.
        let key = match &row[0] {
            Data::Empty => String::new(),
            Data::String(s) => s.clone(),
            other => panic!("a channel code, not {other:?}"),
        };
        assert_eq!(key, expected["key"].as_str().unwrap());
        let submitted = expected["figures"]["cases_submitted"].as_f64().unwrap();
        assert_eq!(row[2], Data::Float(submitted));
    }
    let csv = get_as(
        &app,
        &format!("/api/v1/metrics/channels.csv?{query}"),
        &token,
    )
    .await;
    assert!(csv.text.starts_with("\u{feff}编码,办理渠道,申报件数"));
}

#[tokio::test]
async fn another_city_answers_not_found_and_a_clerk_is_refused() {
    let (app, _db) = app_and_db().await;
    let token = session(&app, "dezhou.supervisor").await;
    let other = get_as(&app, "/api/v1/metrics/dashboard?region=350825", &token).await;
    assert_eq!(other.status, 404);
    let clerk = session(&app, "qihe.clerk").await;
    let refused = get_as(&app, "/api/v1/metrics/dashboard", &clerk).await;
    assert_eq!(refused.status, 403);
    let nobody = app.get("/api/v1/metrics/dashboard").await;
    assert_eq!(nobody.status, 401);
}

#[tokio::test]
async fn prometheus_metrics_count_requests_and_show_the_outbox_backlog() {
    let (app, db) = app_and_db().await;
    app.get("/healthz").await;
    let catalog = app.platform.catalog.load_catalog().await.unwrap();
    let start = NaiveDate::parse_from_str(START, "%Y-%m-%d").unwrap();
    generate(&db, &catalog, 1, 5, start).await.unwrap();
    let text = app.get("/metrics").await.text;
    assert!(
        text.contains(
            "tongban_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"}"
        ),
        "{text}"
    );
    assert!(text.contains("tongban_http_request_duration_seconds_bucket"));
    // Five cases and their warnings and ratings, none counted yet.
    let pending = app
        .platform
        .metrics
        .queue_stats()
        .await
        .unwrap()
        .pending_rollup;
    assert!(pending >= 5, "{pending}");
    assert!(
        text.contains(&format!(
            "tongban_outbox_pending{{consumer=\"rollup\"}} {pending}"
        )),
        "{text}"
    );
    assert!(text.contains("tongban_job_lag_seconds{consumer=\"rollup\"}"));
    app.platform
        .metrics
        .refresh(chrono::Utc::now())
        .await
        .unwrap();
    let text = app.get("/metrics").await.text;
    assert!(
        text.contains("tongban_outbox_pending{consumer=\"rollup\"} 0"),
        "{text}"
    );
}
