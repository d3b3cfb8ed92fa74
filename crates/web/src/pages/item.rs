//! `/items/{code}`: an item's 办事指南.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use tongban_domain::catalog::{MaterialSource, ServiceItem, Situation, TimeLimit};
use tongban_service::{GuideMaterial, ItemGuide};

use super::{error_page, labels, layout};
use crate::AppState;

/// The guide page of one item; 404 page for an unknown code.
pub async fn item_page(State(state): State<AppState>, Path(code): Path<String>) -> Response {
    match state.service.item_guide(&code).await {
        Ok(guide) => layout(&guide.item.name, render(&guide)).into_response(),
        Err(err) => error_page(err),
    }
}

fn render(guide: &ItemGuide) -> Markup {
    let item = &guide.item;
    html! {
        h1 { (item.name) }
        p.muted { "办事指南 · " (item.kind.label()) " · " (item.handling.label()) }
        @if item.illustrative {
            p.note { "说明：本事项的部分内容为演示用示意数据。" }
        }
        (facts(guide))
        h2 { "受理条件" }
        @if item.conditions.is_empty() { p { "无特别条件。" } }
        @else { ol { @for c in &item.conditions { li { (c) } } } }
        h2 { "申请材料" }
        (materials(&item.situations, &guide.materials))
        h2 { "办理流程" }
        (steps(item))
        h2 { "办理时限" }
        dl.facts {
            dt { "法定办结时限" } dd { (item.statutory_limit.label()) }
            dt { "承诺办结时限" } dd { (item.promised_limit.label()) }
        }
        h2 { "收费标准" }
        @if item.fees.is_empty() { p { "不收费。" } }
        @else {
            table {
                tr { th { "收费项目" } th { "金额" } th { "收费依据" } }
                @for f in &item.fees {
                    tr { td { (f.name) } td.num { (labels::yuan(f.amount_fen)) } td { (f.basis.as_deref().unwrap_or("—")) } }
                }
            }
        }
        h2 { "设定依据" }
        @if item.legal_basis.is_empty() { p.muted { "未登记。" } }
        @else { ul { @for b in &item.legal_basis { li { (b) } } } }
        h2 { "办理方式" }
        (how(item))
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

/// Materials grouped by situation: those for every situation first, then
/// one table per situation.
fn materials(situations: &[Situation], materials: &[GuideMaterial]) -> Markup {
    let common: Vec<&GuideMaterial> = materials
        .iter()
        .filter(|m| m.entry.situations.is_empty())
        .collect();
    html! {
        @if materials.is_empty() { p { "无需提交材料。" } }
        @if !common.is_empty() {
            @if !situations.is_empty() { h3 { "所有情形均需" } }
            (material_table(&common))
        }
        @for s in situations {
            @let own: Vec<&GuideMaterial> = materials.iter().filter(|m| m.entry.situations.contains(&s.code)).collect();
            @if !own.is_empty() {
                h3 { "情形：" (s.name) @if s.default { span.tag { "默认" } } }
                (material_table(&own))
            }
        }
    }
}

fn material_table(rows: &[&GuideMaterial]) -> Markup {
    html! {
        table {
            tr { th { "材料名称" } th { "来源" } th { "形式" } th { "要求" } th { "免提交" } }
            @for m in rows {
                tr {
                    td { (m.name) }
                    td { (m.source.map_or("—", MaterialSource::label)) }
                    td { (m.entry.form.label()) }
                    td { (m.entry.requirement.label()) }
                    td { (m.entry.exemption.as_ref().map_or_else(|| "—".to_string(), labels::exemption)) }
                }
            }
        }
    }
}

fn steps(item: &ServiceItem) -> Markup {
    html! {
        @if item.steps.is_empty() { p.muted { "未登记办理环节。" } }
        @else {
            table {
                tr { th { "序号" } th { "环节" } th { "时限" } }
                @for (i, s) in item.steps.iter().enumerate() {
                    tr { td.num { (i + 1) } td { (s.name) } td { (limit(s.limit)) } }
                }
            }
        }
    }
}

fn limit(l: TimeLimit) -> String {
    l.label()
}

fn how(item: &ServiceItem) -> Markup {
    html! {
        dl.facts {
            dt { "办理地点" } dd { (item.location.as_deref().unwrap_or("详见实施机关政务服务窗口")) }
            dt { "办理渠道" }
            dd {
                @if item.channels.is_empty() { "窗口办理" }
                @for c in &item.channels { span.tag { (c.label()) } }
            }
            dt { "网办深度" } dd { (item.online_depth.label()) "（" (item.online_depth.description()) "）" }
            dt { "到现场次数" } dd { (item.visits) " 次" }
            dt { "通办范围" }
            dd {
                (item.tongban_scope.label())
                @if !item.tongban_partners.is_empty() {
                    span.muted { "（合作地区：" (item.tongban_partners.iter().map(ToString::to_string).collect::<Vec<_>>().join("、")) "）" }
                }
            }
            dt { "改革方式" } dd { (item.reform_mode.label()) }
            dt { "告知承诺" } dd { (if item.commitment_allowed { "可以告知承诺方式办理" } else { "不适用" }) }
            dt { "容缺受理" } dd { (if item.gaps_allowed { "可以容缺受理" } else { "不适用" }) }
        }
    }
}
