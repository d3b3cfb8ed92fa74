//! Must-show 5 of issue 8 in a real headless Chromium: a supervisor signs
//! in, opens the dashboard over a generated dataset and the big-screen
//! mode (一张图); the Chinese labels are in the DOM, the SVG charts are
//! drawn (one bar per channel shown), and the 繁體 switch converts the
//! page. Screenshots under `target/screenshots/dashboard/`.

mod support;

use chrono::NaiveDate;
use support::App;
use tongban_domain::ident::RegionCode;
use tongban_service::metrics::generate;
use tongban_testkit::browser::{Browser, Client, Locator, Viewport};

const PASSWORD: &str = "Tongban#2026";

/// The app over a generated dataset, served over HTTP on a free port.
struct Served {
    base: String,
    task: tokio::task::JoinHandle<()>,
    /// The dashboard's query for the generated period.
    query: String,
    _app: App,
}

impl Served {
    async fn start() -> Served {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("tongban.db").display());
        let app = App::open(dir, &url).await;
        let db = tongban_store::Db::connect(&url).await.unwrap();
        let mut catalog = app.platform.catalog.load_catalog().await.unwrap();
        let dezhou = RegionCode::parse("371400").unwrap();
        catalog.items.retain(|i| i.region.is_within(&dezhou));
        let start = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
        let g = generate(&db, &catalog, 17, 200, start).await.unwrap();
        app.platform
            .metrics
            .refresh(chrono::Utc::now())
            .await
            .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let router = app.router.clone();
        let task = tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Served {
            base,
            task,
            query: format!("?from={}&to={}", g.from, g.to),
            _app: app,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn click(page: &Client, css: &str) {
    page.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
}

async fn type_into(page: &Client, css: &str, text: &str) {
    page.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .send_keys(text)
        .await
        .unwrap();
}

async fn count(page: &Client, css: &str) -> usize {
    page.find_all(Locator::Css(css)).await.unwrap().len()
}

/// The bars of chart `name`: rects filled with the chart's bar colour.
async fn bars(page: &Client, name: &str) -> usize {
    let figure = format!("figure[data-chart='{name}']");
    let fill = page
        .find(Locator::Css(&figure))
        .await
        .unwrap()
        .attr("data-bar-fill")
        .await
        .unwrap()
        .unwrap();
    count(page, &format!("{figure} svg rect[fill='{fill}']")).await
}

async fn scroll_to(page: &Client, css: &str) {
    let element = page.find(Locator::Css(css)).await.unwrap();
    let arg = serde_json::to_value(element).unwrap();
    page.execute("arguments[0].scrollIntoView();", vec![arg])
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_sees_the_dashboard_and_the_big_screen_with_chinese_labels_and_svg_charts() {
    let server = Served::start().await;
    let mut browser = Browser::launch("dashboard", Viewport::DESKTOP)
        .await
        .unwrap();
    let page = browser.client().clone();

    page.goto(&server.url("/login")).await.unwrap();
    type_into(
        &page,
        "form#staff-login-form input[name=username]",
        "dezhou.supervisor",
    )
    .await;
    type_into(
        &page,
        "form#staff-login-form input[name=password]",
        PASSWORD,
    )
    .await;
    click(&page, "form#staff-login-form button[type=submit]").await;
    browser.wait_for_text("h1", "工作台").await.unwrap();

    let dashboard = server.url(&format!("/workbench/dashboard{}", server.query));
    page.goto(&dashboard).await.unwrap();
    browser.wait_for_text("h1", "效能监察看板").await.unwrap();
    let main = browser.wait_for_text("main", "申报件数").await.unwrap();
    for label in [
        "按期办结率",
        "最多跑一次率",
        "网上可办率",
        "大厅实况",
        "满意率",
        "按行政区划",
    ] {
        assert!(main.contains(label), "{label}");
    }
    browser.screenshot("dashboard").await.unwrap();
    // One bar per channel shown in the channel table, one per region.
    let channels = count(&page, "section[data-table='channels'] tbody tr").await;
    assert!(channels >= 3, "{channels}");
    assert_eq!(bars(&page, "channels").await, channels);
    let regions = count(&page, "section[data-table='regions'] tbody tr").await;
    assert_eq!(bars(&page, "regions").await, regions);
    // The trend's line is drawn in the chart's first colour.
    assert!(
        count(
            &page,
            "figure[data-chart='trend'] svg polyline[stroke='#B3261E']"
        )
        .await
            >= 1
    );
    let caption = page
        .find(Locator::Css("figure[data-chart='channels'] svg"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(caption.contains("窗口"), "{caption}");
    scroll_to(&page, "figure[data-chart='channels']").await;
    browser.screenshot("dashboard-charts").await.unwrap();
    scroll_to(&page, "section[data-table='regions']").await;
    browser.screenshot("dashboard-tables").await.unwrap();

    // The warnings board.
    page.goto(&server.url("/workbench/dashboard/warnings"))
        .await
        .unwrap();
    browser.wait_for_text("h1", "预警看板").await.unwrap();
    browser.screenshot("warnings").await.unwrap();

    // 繁體: the same dashboard converted, labels in the charts too.
    page.goto(&dashboard).await.unwrap();
    click(&page, "#switch-script").await;
    browser.wait_for_text("h1", "效能監察看板").await.unwrap();
    let main = browser.wait_for_text("main", "申報件數").await.unwrap();
    assert!(main.contains("按期辦結率"), "{main}");
    browser.screenshot("dashboard-traditional").await.unwrap();
    click(&page, "#switch-script").await;
    browser.wait_for_text("h1", "效能监察看板").await.unwrap();

    // The big screen on a wall-sized window.
    page.set_window_size(1920, 1080).await.unwrap();
    page.goto(&server.url(&format!("/workbench/dashboard/screen{}", server.query)))
        .await
        .unwrap();
    browser.wait_for_text("h1", "一张图").await.unwrap();
    let body = browser.wait_for_text("body", "申报件数").await.unwrap();
    assert!(
        body.contains("各地办件") && body.contains("大厅实况"),
        "{body}"
    );
    assert_eq!(bars(&page, "channels").await, channels);
    assert!(count(&page, "#region-tiles .tile").await >= 1);
    browser.screenshot("screen").await.unwrap();
    browser.close().await.unwrap();
}
