//! `GET /workbench/dashboard/screen`: the big-screen mode (一张图) for a
//! wall display — a dark full-viewport page with large headline figures,
//! the charts, the regions as a tile grid, the hall-now panel and a
//! ticker of open warnings. It reloads itself every minute (a meta
//! refresh; no script).

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use tongban_service::metrics::TableRow;

use super::breakdown;
use super::charts::DARK;
use super::data::{Overview, Wanted};
use super::format::{Shown, figure};
use super::page::region_name;
use super::warnings::{OpenWarning, level, open_warnings};
use super::{Filters, failure, figures, hall};
use crate::AppState;
use crate::account::session::SignedInPage;
use crate::pages::PageContext;
use crate::script::html_tag;

/// Seconds between reloads.
const REFRESH_SECONDS: u32 = 60;

const SCREEN_STYLE: &str = r#"
html, body { margin: 0; min-height: 100vh; background: #0b1729; color: #e6edf3;
  font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", sans-serif; }
body { padding: 1rem 1.5rem; box-sizing: border-box; }
header.screen { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 2px solid #ffc107; }
header.screen h1 { font-size: 2.2rem; margin: .2rem 0; letter-spacing: .1em; }
header.screen a { color: #4fc3f7; margin-left: 1rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: .8rem; margin: 1rem 0; }
.card { background: #12243f; border: 1px solid #28405a; border-radius: 6px; padding: .6rem .9rem; }
.card .label { color: #9fb3c8; font-size: 1rem; }
.card .value { font-size: 2.4rem; font-weight: 700; color: #ffc107; font-variant-numeric: tabular-nums; }
.card .more { display: none; }
.grid { display: grid; grid-template-columns: 3fr 1fr; gap: 1rem; }
.charts { display: grid; grid-template-columns: repeat(3, 1fr); gap: 1rem; align-items: start; }
figure.chart { margin: 0; background: #0b1729; border: 1px solid #28405a; border-radius: 6px; padding: .4rem; }
figure.chart figcaption { color: #9fb3c8; }
figure.chart svg { width: 100%; height: auto; display: block; }
h2 { font-size: 1.3rem; color: #4fc3f7; margin: .4rem 0; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr)); gap: .5rem; }
.tile { background: #12243f; border-left: 4px solid #4fc3f7; padding: .5rem; }
.tile .name { font-size: 1.1rem; }
.tile .value { font-size: 1.8rem; font-weight: 700; }
.tile .sub { color: #9fb3c8; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #28405a; padding: .3rem .4rem; text-align: left; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.empty { color: #9fb3c8; }
.ticker { overflow: hidden; white-space: nowrap; background: #12243f; border: 1px solid #28405a; padding: .5rem 0; margin-top: 1rem; }
.ticker ul { display: inline-block; margin: 0; padding-left: 100%; animation: ticker 60s linear infinite; }
.ticker li { display: inline; margin-right: 3rem; font-size: 1.2rem; }
.level-red { color: #ff6b6b; font-weight: 700; }
.level-yellow { color: #ffc107; font-weight: 700; }
@keyframes ticker { from { transform: translateX(0); } to { transform: translateX(-100%); } }
@media (prefers-reduced-motion: reduce) { .ticker ul { animation: none; padding-left: 0; } }
"#;

/// `GET /workbench/dashboard/screen` (the same filters as the dashboard).
pub(super) async fn screen_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Query(filters): Query<Filters>,
) -> Response {
    let title = "一张图";
    let slice = match filters.slice() {
        Ok(s) => s,
        Err(err) => return failure(&ctx, title, &err),
    };
    let o = match Overview::load(&state, &user.actor, &slice, Wanted::default()).await {
        Ok(o) => o,
        Err(err) => return failure(&ctx, title, &err),
    };
    let warnings = match open_warnings(&state, &user.actor).await {
        Ok(w) => w,
        Err(err) => return failure(&ctx, title, &err),
    };
    let halls = hall::snapshots(&state, &user.actor).await;
    let catalog = state.service.cached_catalog();
    let d = &o.dashboard;
    let place = region_name(&catalog, &d.region);
    let page = html! {
        (DOCTYPE)
        (PreEscaped(html_tag(ctx.script, ctx.large)))
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            meta http-equiv="refresh" content=(REFRESH_SECONDS);
            title { (place) "政务服务一张图 - 通办" }
            style { (PreEscaped(SCREEN_STYLE)) }
        }
        body.screen {
            header.screen {
                h1 { (place) "政务服务一张图" }
                div {
                    span #scope data-region=(d.region) { (d.from) " 至 " (d.to) " · 每" (REFRESH_SECONDS) "秒刷新" }
                    a href=(format!("/workbench/dashboard{}", filters.query())) { "退出大屏" }
                }
            }
            (figures::headline(&d.figures, None))
            div.grid {
                div.charts { (breakdown::charts(&d.channels, &o.regions, &o.days, DARK)) }
                div {
                    h2 { "各地办件" }
                    (tiles(&o.regions))
                    (hall::panel(halls.as_deref()))
                }
            }
            (ticker(&warnings))
        }
        (PreEscaped("</html>"))
    };
    page.into_response()
}

/// The regions as tiles: name, cases submitted, on-time rate.
fn tiles(regions: &[TableRow]) -> Markup {
    html! {
        @if regions.is_empty() { p.empty { "该范围内暂无办件。" } }
        div.tiles #region-tiles {
            @for r in regions {
                div.tile data-key=(r.key) {
                    div.name { (r.label) }
                    div.value { (figure("cases_submitted", Shown::Count(r.figures.cases_submitted))) }
                    div.sub { "按期办结率 " (figure("on_time_promised", Shown::rate(&r.figures.on_time_promised))) }
                }
            }
        }
    }
}

/// The open warnings scrolling along the bottom.
fn ticker(warnings: &[OpenWarning]) -> Markup {
    html! {
        section.ticker #warnings-ticker aria-label="在办预警" {
            @if warnings.is_empty() {
                span.empty { "辖区内暂无在办预警。" }
            } @else {
                ul {
                    @for w in warnings {
                        li data-case=(w.case_no) { (level(w.level)) " " (w.department.1) " · " (w.name) " · " (w.case_no) " · 承诺 " (w.due.format("%m-%d")) }
                    }
                }
            }
        }
    }
}
