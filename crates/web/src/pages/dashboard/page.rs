//! `GET /workbench/dashboard`: the supervisor dashboard over a slice —
//! the filter form, headline cards, every other figure, the hall-now
//! panel, SVG charts and the breakdown tables with their exports.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, PreEscaped, html};
use tongban_domain::auth::Actor;
use tongban_domain::catalog::Catalog;

use super::breakdown::{self, Kind};
use super::charts::LIGHT;
use super::data::{Overview, Wanted};
use super::{Filters, STYLE, failure, figures, hall};
use crate::AppState;
use crate::account::session::SignedInPage;
use crate::pages::{PageContext, layout};

/// `GET /workbench/dashboard?from&to&region&department&item&bundle&channel`.
pub(super) async fn dashboard_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Query(filters): Query<Filters>,
) -> Response {
    let title = "效能监察看板";
    let slice = match filters.slice() {
        Ok(s) => s,
        Err(err) => return failure(&ctx, title, &err),
    };
    let wanted = Wanted {
        departments: true,
        items: true,
        bundles: true,
    };
    let o = match Overview::load(&state, &user.actor, &slice, wanted).await {
        Ok(o) => o,
        Err(err) => return failure(&ctx, title, &err),
    };
    let halls = hall::snapshots(&state, &user.actor).await;
    let catalog = state.service.cached_catalog();
    let d = &o.dashboard;
    let body = html! {
        style { (PreEscaped(STYLE)) }
        nav.dashboard-nav {
            a href="/workbench/dashboard/warnings" { "预警看板" }
            a #screen-link href=(format!("/workbench/dashboard/screen{}", filters.query())) { "大屏模式（一张图）" }
        }
        h1 { "效能监察看板" }
        p #scope data-region=(d.region) data-from=(d.from) data-to=(d.to) {
            "统计范围：" (region_name(&catalog, &d.region)) "（含下级）· " (d.from) " 至 " (d.to)
            " · 数据来自按日汇总的办件统计，口径见指标说明。"
        }
        (filter_form(&filters, &catalog, &user.actor))
        (breakdown::exports("summary", &filters))
        (figures::headline(&d.figures, Some("/workbench/dashboard/warnings")))
        (hall::panel(halls.as_deref()))
        h2 { "图表" }
        div.charts { (breakdown::charts(&d.channels, &o.regions, &o.days, LIGHT)) }
        h2 { "全部指标" }
        (figures::groups(&d.figures))
        (breakdown::table(Kind::Channels, &d.channels, &filters))
        (breakdown::table(Kind::Regions, &o.regions, &filters))
        (breakdown::table(Kind::Departments, &o.departments, &filters))
        (breakdown::table(Kind::Items, &breakdown::top_items(&o.items), &filters))
        (breakdown::table(Kind::Bundles, &o.bundles, &filters))
    };
    layout(&ctx, title, body).into_response()
}

/// A region's name from the catalog, or its code.
pub(super) fn region_name(catalog: &Catalog, code: &str) -> String {
    catalog
        .regions
        .iter()
        .find(|r| r.code.as_str() == code)
        .map_or_else(|| code.to_string(), |r| r.name.clone())
}

/// The filter form: period, region subtree (within the supervisor's),
/// department, item and bundle codes, channel.
fn filter_form(filters: &Filters, catalog: &Catalog, actor: &Actor) -> Markup {
    let within = |r: &tongban_domain::ident::RegionCode| {
        actor.region.as_ref().is_some_and(|own| r.is_within(own))
    };
    let channels = [
        ("", "全部渠道"),
        ("window", "窗口"),
        ("online", "网上"),
        ("proxy", "帮代办"),
        ("remote", "跨域通办"),
    ];
    html! {
        form.filters #filters method="get" action="/workbench/dashboard" {
            label { "开始日期" input type="date" name="from" value=(filters.field("from")); }
            label { "结束日期" input type="date" name="to" value=(filters.field("to")); }
            label { "行政区划"
                select name="region" {
                    option value="" { "本人辖区" }
                    @for r in catalog.regions.iter().filter(|r| within(&r.code)) {
                        option value=(r.code) selected[filters.field("region") == r.code.as_str()] { (r.name) }
                    }
                }
            }
            label { "部门"
                select name="department" {
                    option value="" { "全部部门" }
                    @for d in catalog.departments.iter().filter(|d| within(&d.region)) {
                        option value=(d.code) selected[filters.field("department") == d.code.as_str()] { (d.name) }
                    }
                }
            }
            label { "事项编码" input type="text" name="item" size="14" value=(filters.field("item")); }
            label { "一件事编码" input type="text" name="bundle" size="14" value=(filters.field("bundle")); }
            label { "办理渠道"
                select name="channel" {
                    @for (code, name) in channels {
                        option value=(code) selected[filters.field("channel") == code] { (name) }
                    }
                }
            }
            button type="submit" { "查询" }
        }
    }
}
