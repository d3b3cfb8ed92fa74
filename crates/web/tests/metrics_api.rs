//! The metrics API over HTTP: the dashboard equals the generator's
//! expected figures, exports carry the same numbers with Chinese headers,
//! other regions answer 404, and `/metrics` speaks Prometheus.

mod support;

use axum::body::Body;
use axum::http::{Request, header};
use chrono::NaiveDate;
use support::App;
use tongban_domain::ident::RegionCode;
use tongban_service::CatalogService;
use tongban_service::metrics::generate;

const START: &str = "2025-03-03";
const END: &str = "2025-07-01";

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

/// Cases of Dezhou's items only (the demo supervisor's city).
async fn generated(app: &App, db: &tongban_store::Db) -> tongban_service::metrics::Expected {
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
    g.expected
}

#[tokio::test]
async fn the_dashboard_api_shows_the_generator_s_expected_figures() {
    let (app, db) = app_and_db().await;
    let e = generated(&app, &db).await;
    let token = session(&app, "dezhou.supervisor").await;
    let reply = get_as(
        &app,
        &format!("/api/v1/metrics/dashboard?from={START}&to={END}"),
        &token,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let d = reply.json();
    let f = &d["figures"];
    assert_eq!(d["region"], "371400");
    assert_eq!(f["cases_submitted"], e.cases_submitted);
    assert_eq!(f["items_decided"], e.items_decided);
    assert_eq!(f["items_granted"], e.items_granted);
    assert_eq!(f["cases_done"], e.cases_done);
    assert_eq!(f["on_time_promised"]["numerator"], e.on_time_promised);
    assert_eq!(f["on_time_statutory"]["numerator"], e.on_time_statutory);
    assert_eq!(f["average_days"].as_f64(), e.average());
    assert_eq!(f["p90_days"]["days"].as_u64(), e.p90().map(u64::from));
    assert_eq!(f["zero_trip"]["numerator"], e.zero_trip);
    assert_eq!(f["at_most_one_trip"]["numerator"], e.at_most_one_trip);
    assert_eq!(f["immediate_share"]["numerator"], e.items_immediate);
    assert_eq!(d["pending"][0]["status"], "pending");
    for row in d["channels"].as_array().unwrap() {
        let key = row["key"].as_str().unwrap();
        assert_eq!(
            row["figures"]["cases_submitted"], e.by_channel[key],
            "{key}"
        );
    }
}

#[tokio::test]
async fn the_xlsx_export_opens_with_calamine_and_matches_the_json_table() {
    use calamine::{Data, Reader, Xlsx};
    let (app, db) = app_and_db().await;
    generated(&app, &db).await;
    let token = session(&app, "dezhou.supervisor").await;
    let query = format!("from={START}&to={END}");
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
        assert_eq!(
            row[0],
            Data::String(expected["key"].as_str().unwrap().into())
        );
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
    assert!(
        text.contains("tongban_outbox_pending{consumer=\"rollup\"} 5"),
        "{text}"
    );
    assert!(text.contains("tongban_job_lag_seconds{consumer=\"rollup\"}"));
}
