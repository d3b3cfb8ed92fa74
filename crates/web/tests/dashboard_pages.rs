//! The supervision pages over the real router: on a generated dataset
//! every figure on the dashboard equals the generator's expected value
//! (must-show 1, page half); the XLSX exports linked from the page carry
//! the numbers the page shows (must-show 3); a county supervisor sees
//! their county only and other roles are refused; the warnings board
//! lists raised warnings; drill-downs answer with the item's figures and
//! 404 for unknown codes.

mod support;

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{Request, header};
use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use support::App;
use tongban_domain::auth::Role;
use tongban_domain::catalog::Catalog;
use tongban_domain::ident::{Code, RegionCode};
use tongban_service::NewStaff;
use tongban_service::cases::Worklist;
use tongban_service::metrics::{Generated, TableKind, generate};

const START: &str = "2025-03-03";
const PASSWORD: &str = "Tongban#2026";

/// The demo app over a database this test can also reach directly.
async fn app_and_db() -> (App, tongban_store::Db) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("tongban.db").display());
    let app = App::open(dir, &url).await;
    let db = tongban_store::Db::connect(&url).await.unwrap();
    (app, db)
}

async fn login(app: &App, username: &str) -> tongban_service::NewSession {
    app.platform
        .accounts
        .login_staff(username, PASSWORD)
        .await
        .unwrap()
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

async fn bytes_as(app: &App, uri: &str, token: &str) -> Vec<u8> {
    let response = tower::ServiceExt::oneshot(
        app.router.clone(),
        Request::get(uri)
            .header(header::COOKIE, format!("tb_session={token}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), 200, "{uri}");
    axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec()
}

/// The demo catalog's items within `region`, except those within `but`.
async fn items_of(app: &App, region: &str, but: Option<&str>) -> Catalog {
    let mut catalog = app.platform.catalog.load_catalog().await.unwrap();
    let region = RegionCode::parse(region).unwrap();
    let but = but.map(|b| RegionCode::parse(b).unwrap());
    catalog.items.retain(|i| {
        i.region.is_within(&region) && but.as_ref().is_none_or(|b| !i.region.is_within(b))
    });
    catalog
}

async fn generated(app: &App, db: &tongban_store::Db, catalog: &Catalog, seed: u64) -> Generated {
    let start = NaiveDate::parse_from_str(START, "%Y-%m-%d").unwrap();
    let g = generate(db, catalog, seed, 150, start).await.unwrap();
    app.platform
        .metrics
        .refresh(chrono::Utc::now())
        .await
        .unwrap();
    g
}

/// The dashboard's query for the generated period.
fn period(g: &Generated) -> String {
    format!("?from={}&to={}", g.from, g.to)
}

/// `data-metric` → shown text, for every figure in `html` (the first
/// occurrence of each name: the cards come before the tables).
fn figures(html: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for piece in html.split("data-metric=\"").skip(1) {
        let name = &piece[..piece.find('"').unwrap()];
        let after = &piece[piece.find('>').unwrap() + 1..];
        let text = &after[..after.find('<').unwrap()];
        out.entry(name.to_string())
            .or_insert_with(|| text.to_string());
    }
    out
}

/// The rows of one breakdown section: key → its figures.
fn rows(html: &str, table: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let start = html.find(&format!("data-table=\"{table}\"")).unwrap();
    let section = &html[start..];
    let section = &section[..section.find("</section>").unwrap()];
    section
        .split("<tr data-key=\"")
        .skip(1)
        .map(|r| (r[..r.find('"').unwrap()].to_string(), figures(r)))
        .collect()
}

/// A shown number as a number: "1,234" → 1234, "97.40%" → 97.4, "—" → None.
fn number(text: &str) -> Option<f64> {
    let clean: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '%' | '≤'))
        .collect();
    (clean != "—").then(|| {
        clean
            .parse()
            .unwrap_or_else(|_| panic!("not a number: {text}"))
    })
}

/// `n` with a comma every three digits, as a reader expects it.
fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// How the page must write figure `name` of value `v` (the JSON of the
/// generator's expected figures).
fn written(name: &str, v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Null => "—".into(),
        Value::Number(n) if n.is_i64() => grouped(n.as_i64().unwrap()),
        Value::Number(n) if name.starts_with("time_cut") => format!("{:.2}%", n.as_f64().unwrap()),
        Value::Number(n) => format!("{:.2}", n.as_f64().unwrap()),
        Value::Object(o) if o.contains_key("percent") => written(name, &o["percent"])
            .parse::<f64>()
            .map_or("—".into(), |p| format!("{p:.2}%")),
        Value::Object(o) if o.contains_key("exact") => {
            match (o["days"].as_u64(), o["exact"].as_bool()) {
                (None, _) => ">180".into(),
                (Some(d), Some(true)) => d.to_string(),
                (Some(d), _) => format!("≤{d}"),
            }
        }
        other => panic!("{name}: {other}"),
    }
}

#[tokio::test]
async fn every_figure_on_the_dashboard_equals_the_generator_s_expected_value() {
    let (app, db) = app_and_db().await;
    let dezhou = items_of(&app, "371400", None).await;
    let g = generated(&app, &db, &dezhou, 21).await;
    let s = login(&app, "dezhou.supervisor").await;
    let page = get_as(
        &app,
        &format!("/workbench/dashboard{}", period(&g)),
        &s.token,
    )
    .await;
    assert_eq!(page.status, 200, "{}", page.text);
    let shown = figures(&page.text);
    let expected = serde_json::to_value(g.expected.summary()).unwrap();
    let expected = expected.as_object().unwrap();
    assert!(expected["cases_submitted"].as_i64().unwrap() > 100);
    for (metric, value) in expected {
        assert_eq!(
            shown.get(metric),
            Some(&written(metric, value)),
            "{metric}: expected {value}"
        );
    }
    // Every card is one of the service's figures.
    let cards: Vec<&String> = shown
        .keys()
        .filter(|k| !expected.contains_key(k.as_str()))
        .collect();
    assert!(cards.iter().all(|k| k.starts_with("hall_")), "{cards:?}");
    // Volumes by channel and the region breakdown, in their tables.
    for (kind, table) in [
        (TableKind::Channels, "channels"),
        (TableKind::Regions, "regions"),
    ] {
        let on_page = rows(&page.text, table);
        let want = g.expected.table(kind);
        assert_eq!(
            on_page.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>(),
            "{table}"
        );
        for (key, figures) in want {
            let json = serde_json::to_value(figures).unwrap();
            for (metric, text) in &on_page[&key] {
                assert_eq!(
                    text,
                    &written(metric, &json[metric]),
                    "{table} {key} {metric}"
                );
            }
        }
    }
    assert!(page.text.contains("<svg"), "charts are drawn on the server");
    assert!(page.text.contains("暂无大厅数据") || page.text.contains("data-hall="));
}

/// The export column of each figure the page shows.
const COLUMNS: &[(&str, &str)] = &[
    ("cases_submitted", "申报件数"),
    ("items_submitted", "申报事项数"),
    ("items_decided", "办结事项数"),
    ("items_granted", "准予事项数"),
    ("cases_done", "办结件数"),
    ("on_time_statutory", "法定时限内办结率(%)"),
    ("on_time_promised", "承诺时限内办结率(%)"),
    ("average_days", "平均办理工作日"),
    ("p90_days", "P90办理工作日"),
    ("average_promised_days", "平均承诺时限(工作日)"),
    ("average_statutory_days", "平均法定时限(工作日)"),
    ("time_cut_vs_promised", "较承诺时限压减(%)"),
    ("time_cut_vs_statutory", "较法定时限压减(%)"),
    ("suspended_items", "挂起事项数"),
    ("suspended_days", "挂起天数"),
    ("warnings_raised", "预警数"),
    ("warnings_red", "红牌数"),
    ("warnings_resolved", "已消除预警数"),
    ("zero_trip", "零跑动率(%)"),
    ("at_most_one_trip", "最多跑一次率(%)"),
    ("immediate_share", "即办件占比(%)"),
    ("online_available", "网上可办率(%)"),
    ("fully_online", "全程网办率(%)"),
    ("prefilled_fields", "预填字段数"),
    ("exempted_materials", "免提交材料数"),
    ("licence_uses", "用证次数"),
    ("bundle_cases_done", "一件事办结件数"),
    ("saved_steps", "减环节"),
    ("saved_materials", "减材料"),
    ("saved_fields", "减表单字段"),
    ("saved_days", "减时限(工作日)"),
    ("saved_trips", "减跑动"),
    ("satisfaction", "满意率(%)"),
    ("appeals_on_time", "诉求按期办结率(%)"),
    ("appeals_reopened", "诉求重办率(%)"),
];

/// The sheet of an XLSX file: key (first column) → header → number.
fn sheet(bytes: Vec<u8>) -> BTreeMap<String, BTreeMap<String, Option<f64>>> {
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    let mut lines = range.rows();
    let headers: Vec<String> = lines
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    lines
        .map(|row| {
            let key = row[0].to_string();
            let values = headers
                .iter()
                .zip(row)
                .map(|(h, c)| {
                    let v = match c {
                        Data::Float(f) => Some(*f),
                        Data::Int(i) => Some(*i as f64),
                        _ => None,
                    };
                    (h.clone(), v)
                })
                .collect();
            (key, values)
        })
        .collect()
}

/// The export link of `table` as the page gives it.
fn link(html: &str, table: &str) -> String {
    let at = html
        .find(&format!("href=\"/api/v1/metrics/{table}.xlsx"))
        .unwrap()
        + 6;
    let href = &html[at..];
    href[..href.find('"').unwrap()].replace("&amp;", "&")
}

#[tokio::test]
async fn the_xlsx_exports_linked_from_the_page_hold_the_numbers_the_page_shows() {
    let (app, db) = app_and_db().await;
    let dezhou = items_of(&app, "371400", None).await;
    let g = generated(&app, &db, &dezhou, 5).await;
    let s = login(&app, "dezhou.supervisor").await;
    let page = get_as(
        &app,
        &format!("/workbench/dashboard{}", period(&g)),
        &s.token,
    )
    .await;
    assert_eq!(page.status, 200);
    let shown = figures(&page.text);

    let summary_link = link(&page.text, "summary");
    assert!(
        summary_link.contains(&format!("from={}", g.from)),
        "{summary_link}"
    );
    let summary = sheet(bytes_as(&app, &summary_link, &s.token).await);
    let total = &summary[""];
    for (metric, header) in COLUMNS {
        assert_eq!(
            number(&shown[*metric]),
            total[*header],
            "{metric}: page {} vs XLSX",
            shown[*metric]
        );
    }
    assert!(number(&shown["cases_submitted"]).unwrap() > 0.0);

    let regions = sheet(bytes_as(&app, &link(&page.text, "regions"), &s.token).await);
    let on_page = rows(&page.text, "regions");
    assert_eq!(
        on_page.keys().collect::<Vec<_>>(),
        regions.keys().collect::<Vec<_>>()
    );
    for (key, cells) in &on_page {
        for (metric, text) in cells {
            let header = COLUMNS.iter().find(|(m, _)| m == metric).unwrap().1;
            assert_eq!(number(text), regions[key][header], "{key} {metric}");
        }
    }
}

async fn supervisor(app: &App, username: &str, region: &str) -> tongban_service::NewSession {
    app.platform
        .accounts
        .add_staff(NewStaff {
            username: username.into(),
            display_name: "效能监察员".into(),
            password: PASSWORD.into(),
            department: Code::parse("350825-scjg").unwrap(),
            region: RegionCode::parse(region).unwrap(),
            roles: vec![Role::Supervisor],
        })
        .await
        .unwrap();
    login(app, username).await
}

#[tokio::test]
async fn a_county_supervisor_sees_only_their_county_and_other_roles_are_refused() {
    let (app, db) = app_and_db().await;
    let county = generated(&app, &db, &items_of(&app, "350825", None).await, 3).await;
    let others = generated(
        &app,
        &db,
        &items_of(&app, "350000", Some("350825")).await,
        4,
    )
    .await;
    let (from, to) = (county.from.min(others.from), county.to.max(others.to));
    let county = county.expected.summary();
    let others = others.expected.summary();
    let liancheng = supervisor(&app, "liancheng.supervisor", "350825").await;
    let fujian = supervisor(&app, "fujian.supervisor", "350000").await;
    let uri = format!("/workbench/dashboard?from={from}&to={to}");

    let page = get_as(&app, &uri, &liancheng.token).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert_eq!(
        figures(&page.text)["cases_submitted"],
        grouped(county.cases_submitted)
    );
    assert_eq!(
        rows(&page.text, "regions").keys().collect::<Vec<_>>(),
        ["350825"]
    );
    assert!(page.text.contains("连城县"));

    let province = get_as(&app, &uri, &fujian.token).await;
    let total = county.cases_submitted + others.cases_submitted;
    assert_eq!(
        number(&figures(&province.text)["cases_submitted"]),
        Some(total as f64)
    );
    assert!(rows(&province.text, "regions").len() > 1);

    let elsewhere = get_as(&app, &format!("{uri}&region=350100"), &liancheng.token).await;
    assert_eq!(elsewhere.status, 404);
    let clerk = login(&app, "liancheng.clerk").await;
    let refused = get_as(&app, &uri, &clerk.token).await;
    assert_eq!(refused.status, 403);
    assert!(!refused.text.contains("data-metric"));
    for path in [
        "/workbench/dashboard/warnings",
        "/workbench/dashboard/screen",
    ] {
        assert_eq!(get_as(&app, path, &clerk.token).await.status, 403, "{path}");
    }
    let nobody = app.get("/workbench/dashboard").await;
    assert_eq!(nobody.status, 303);
    assert!(nobody.location.unwrap().starts_with("/login"));
    let bad = get_as(
        &app,
        "/workbench/dashboard?from=2025-13-01",
        &liancheng.token,
    )
    .await;
    assert_eq!(bad.status, 400);
}

#[tokio::test]
async fn the_warnings_board_lists_the_raised_warnings_of_running_cases_by_department() {
    let (app, db) = app_and_db().await;
    generated(&app, &db, &items_of(&app, "371400", None).await, 9).await;
    let raised = app
        .platform
        .events
        .scan_warnings(chrono::Utc::now())
        .await
        .unwrap();
    assert!(raised > 0, "cases left running since 2025 are overdue");
    let s = login(&app, "dezhou.supervisor").await;
    let raised = app.platform.events.warnings(&s.actor, 500).await.unwrap();
    let running: Vec<String> = app
        .platform
        .cases
        .worklist(&s.actor, Worklist::Warnings)
        .await
        .unwrap()
        .iter()
        .map(|l| l.case_no.to_string())
        .collect();
    let page = get_as(&app, "/workbench/dashboard/warnings", &s.token).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains("预警看板"));
    let mut open = std::collections::BTreeSet::new();
    for w in &raised {
        let listed = page
            .text
            .contains(&format!("<tr data-case=\"{}\"", w.case_no));
        let is_open = running.contains(&w.case_no.to_string());
        assert_eq!(listed, is_open, "{} open: {is_open}", w.case_no);
        if is_open {
            open.insert((
                w.case_no.to_string(),
                w.item.clone(),
                w.department.to_string(),
            ));
        }
    }
    assert!(
        !open.is_empty(),
        "some generated cases still run with a warning"
    );
    assert_eq!(figures(&page.text)["open_warnings"], open.len().to_string());
    assert_eq!(page.text.matches("<tr data-case=").count(), open.len());
    let department = open.iter().next().unwrap().2.clone();
    let per_department = open.iter().filter(|w| w.2 == department).count();
    let start = page
        .text
        .find(&format!("data-department=\"{department}\""))
        .unwrap();
    assert_eq!(
        figures(&page.text[start..])["total"],
        per_department.to_string()
    );
    let warnings: Vec<_> = raised
        .iter()
        .filter(|w| running.contains(&w.case_no.to_string()))
        .collect();
    assert!(page.text.contains("红牌超期"));
    // The big screen's ticker carries them too.
    let screen = get_as(&app, "/workbench/dashboard/screen", &s.token).await;
    assert_eq!(screen.status, 200);
    assert!(
        screen
            .text
            .contains(&format!("data-case=\"{}\"", warnings[0].case_no))
    );
    assert!(screen.text.contains("http-equiv=\"refresh\""));
}

#[tokio::test]
async fn drill_downs_show_the_item_s_figures_and_unknown_codes_answer_not_found() {
    let (app, db) = app_and_db().await;
    let g = generated(&app, &db, &items_of(&app, "371400", None).await, 13).await;
    let s = login(&app, "dezhou.supervisor").await;
    let query = period(&g);
    let items = get_as(&app, &format!("/api/v1/metrics/items{query}"), &s.token)
        .await
        .json();
    let top = items["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["key"] != "")
        .max_by_key(|r| r["figures"]["items_submitted"].as_i64().unwrap())
        .unwrap();
    let code = top["key"].as_str().unwrap();
    let dashboard = get_as(&app, &format!("/workbench/dashboard{query}"), &s.token).await;
    assert!(
        dashboard
            .text
            .contains(&format!("href=\"/workbench/dashboard/items/{code}?"))
    );

    let page = get_as(
        &app,
        &format!("/workbench/dashboard/items/{code}{query}"),
        &s.token,
    )
    .await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(page.text.contains(top["label"].as_str().unwrap()));
    let shown = figures(&page.text);
    // The item's figures are the generator's expected row of the item.
    let want = serde_json::to_value(&g.expected.table(TableKind::Items)[code]).unwrap();
    for (metric, value) in want.as_object().unwrap() {
        assert_eq!(shown[metric], written(metric, value), "{metric}");
    }
    assert!(page.text.contains("data-chart=\"trend\""));
    assert!(rows(&page.text, "regions").contains_key("371425"));

    let bundle = get_as(
        &app,
        &format!("/workbench/dashboard/bundles/{}{query}", app.chef_code()),
        &s.token,
    )
    .await;
    assert_eq!(bundle.status, 200, "{}", bundle.text);
    assert!(bundle.text.contains("游厨"));
    assert!(figures(&bundle.text).contains_key("saved_materials"));

    let unknown = get_as(&app, "/workbench/dashboard/items/NO-SUCH-ITEM", &s.token).await;
    assert_eq!(unknown.status, 404);
    assert!(unknown.text.contains("未找到事项"));
    let unknown = get_as(
        &app,
        "/workbench/dashboard/bundles/no-such-bundle",
        &s.token,
    )
    .await;
    assert_eq!(unknown.status, 404);
    let clerk = login(&app, "qihe.clerk").await;
    assert_eq!(
        get_as(
            &app,
            "/workbench/dashboard/items/NO-SUCH-ITEM",
            &clerk.token
        )
        .await
        .status,
        403
    );
}
