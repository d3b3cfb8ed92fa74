//! Sections of the item guide page: materials by situation, steps, where
//! to go, how to apply and the 通办 scope.

use maud::{Markup, html};
use tongban_domain::catalog::{MaterialSource, ServiceItem, Situation, TongbanScope};
use tongban_service::{GuideMaterial, ItemGuide};

use super::labels;

/// Materials grouped by situation: those for every situation first, then
/// one table per situation.
pub fn materials(situations: &[Situation], materials: &[GuideMaterial]) -> Markup {
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
        div.table-wrap { table {
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
        } }
    }
}

/// 办理流程: the steps in order with their own limits.
pub fn steps(item: &ServiceItem) -> Markup {
    html! {
        @if item.steps.is_empty() { p.muted { "未登记办理环节。" } }
        @else {
            div.table-wrap { table {
                tr { th { "序号" } th { "环节" } th { "时限" } }
                @for (i, s) in item.steps.iter().enumerate() {
                    tr { td.num { (i + 1) } td { (s.name) } td { (s.limit.label()) } }
                }
            } }
        }
    }
}

/// 办理地点: the department and the address the catalog gives.
pub fn where_to_go(guide: &ItemGuide) -> Markup {
    let item = &guide.item;
    html! {
        dl.facts {
            dt { "办理部门" }
            dd { (guide.department.as_ref().map_or(item.department.as_str(), |d| d.name.as_str())) }
            dt { "办理地点" }
            dd { (item.location.as_deref().unwrap_or("请到实施机关的政务服务窗口办理")) }
        }
    }
}

/// 办理方式: channels, online depth, visits, reform options.
pub fn how(item: &ServiceItem) -> Markup {
    html! {
        dl.facts {
            dt { "办理渠道" }
            dd {
                @if item.channels.is_empty() { "窗口办理" }
                @for c in &item.channels { span.tag { (c.label()) } }
            }
            dt { "网办深度" } dd { (item.online_depth.label()) "（" (item.online_depth.description()) "）" }
            dt { "到现场次数" } dd { (item.visits) " 次" }
            dt { "改革方式" } dd { (item.reform_mode.label()) }
            dt { "告知承诺" } dd { (if item.commitment_allowed { "可以告知承诺方式办理" } else { "不适用" }) }
            dt { "容缺受理" } dd { (if item.gaps_allowed { "可以容缺受理" } else { "不适用" }) }
        }
    }
}

/// 通办范围: how far from home the item can be applied for, and the
/// regions of any 跨域通办 agreement (names resolved by the caller).
pub fn scope(item: &ServiceItem, partners: &[String]) -> Markup {
    html! {
        dl.facts {
            dt { "通办范围" }
            dd { span.tag.scope { (item.tongban_scope.label()) } (scope_meaning(item.tongban_scope)) }
            @if !partners.is_empty() {
                dt { "跨域通办合作地区" }
                dd { (partners.join("、")) }
            }
        }
    }
}

fn scope_meaning(scope: TongbanScope) -> &'static str {
    match scope {
        TongbanScope::None => "须到实施机关所在地办理。",
        TongbanScope::City => "可在本市任一政务服务中心办理。",
        TongbanScope::Province => "可在本省任一政务服务中心办理。",
        TongbanScope::CrossProvince => "可在合作省份的政务服务中心异地办理。",
    }
}
