//! `/items/{code}`: an item's 办事指南, printable for the service hall.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, PreEscaped, html};
use tongban_service::ItemGuide;

use super::item_sections::{how, materials, scope, steps, where_to_go};
use super::{PageContext, error_page, labels, layout, qr};
use crate::AppState;

/// The guide page of one item; 404 page for an unknown code.
pub async fn item_page(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(code): Path<String>,
) -> Response {
    match state.service.item_guide(&code).await {
        Ok(guide) => {
            let catalog = state.service.cached_catalog();
            // 跨域通办 partners by name; a code the catalog lacks stays a code.
            let partners: Vec<String> = guide
                .item
                .tongban_partners
                .iter()
                .map(|p| {
                    catalog
                        .regions
                        .iter()
                        .find(|r| &r.code == p)
                        .map_or_else(|| p.to_string(), |r| format!("{}（{p}）", r.name))
                })
                .collect();
            let page_url = ctx
                .origin
                .as_ref()
                .map(|o| format!("{o}/items/{}", guide.item.code));
            let body = render(&guide, &partners, page_url.as_deref());
            layout(&ctx, &guide.item.name, body).into_response()
        }
        Err(err) => error_page(&ctx, err),
    }
}

fn render(guide: &ItemGuide, partners: &[String], page_url: Option<&str>) -> Markup {
    let item = &guide.item;
    html! {
        div.guide-head {
            div {
                h1 { (item.name) }
                p.muted { "办事指南 · " (item.kind.label()) " · " (item.handling.label()) }
                @if item.illustrative {
                    p.note { "说明：本事项的部分内容为演示用示意数据。" }
                }
                (facts(guide))
            }
            (qr_figure(page_url))
        }
        h2 { "受理条件" }
        @if item.conditions.is_empty() { p { "无特别条件。" } }
        @else { ol { @for c in &item.conditions { li { (c) } } } }
        h2 { "申请材料" }
        (materials(&item.situations, &guide.materials))
        h2 { "办理流程" }
        (steps(item))
        h2 { "办理时限" }
        dl.facts {
            dt { "办件类型" } dd { (item.handling.label()) }
            dt { "法定办结时限" } dd { (item.statutory_limit.label()) }
            dt { "承诺办结时限" } dd { (item.promised_limit.label()) }
        }
        h2 { "收费标准" }
        @if item.fees.is_empty() { p { "不收费。" } }
        @else {
            div.table-wrap { table {
                tr { th { "收费项目" } th { "金额" } th { "收费依据" } }
                @for f in &item.fees {
                    tr { td { (f.name) } td.num { (labels::yuan(f.amount_fen)) } td { (f.basis.as_deref().unwrap_or("—")) } }
                }
            } }
        }
        h2 { "设定依据" }
        @if item.legal_basis.is_empty() { p.muted { "未登记。" } }
        @else { ul { @for b in &item.legal_basis { li { (b) } } } }
        h2 { "办理地点" }
        (where_to_go(guide))
        h2 { "办理方式" }
        (how(item))
        h2 { "通办范围" }
        (scope(item, partners))
        h2 { "办理结果" }
        p { (labels::result(&item.result)) }
        @if !guide.bundles.is_empty() {
            h2 { "所属一件事" }
            ul { @for (code, name) in &guide.bundles { li { a href={ "/bundles/" (code) } { (name) } } } }
        }
    }
}

fn facts(guide: &ItemGuide) -> Markup {
    let item = &guide.item;
    html! {
        dl.facts {
            dt { "事项编码" } dd { (item.code) }
            @if let Some(ic) = &item.implementation_code { dt { "实施编码" } dd { (ic) } }
            dt { "实施机关" }
            dd { (guide.department.as_ref().map_or(item.department.as_str(), |d| d.name.as_str())) }
            dt { "行政区划" } dd { (guide.region_name.as_deref().unwrap_or(item.region.as_str())) }
            dt { "层级" } dd { (item.level.label()) }
            @if let Some(parent) = &item.parent {
                dt { "主项" }
                dd { a href={ "/items/" (parent) } { (guide.parent_name.as_deref().unwrap_or(parent.as_str())) } }
            }
        }
    }
}

/// 一扫即知: the QR code of the page's own address, with its caption.
/// Without a Host header the address is unknown and no code is drawn
/// (a code pointing elsewhere would be worse than none).
fn qr_figure(page_url: Option<&str>) -> Markup {
    let svg = page_url.and_then(qr::svg);
    html! {
        @if let (Some(url), Some(svg)) = (page_url, svg) {
            figure #guide-qr .qr {
                (PreEscaped(svg))
                figcaption { "扫码查看办事指南" br; span.url { (url) } }
            }
        }
    }
}
