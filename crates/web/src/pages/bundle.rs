//! `/bundles/{code}`: a bundle's guide with members in the order of its
//! DAG, the one-time material list for the default answers, the merged
//! form and the reform metrics (before → after).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use tongban_domain::catalog::MaterialSource;
use tongban_domain::stats::{Reduction, ReformMetrics};
use tongban_service::{Answers, BundleGuide, MergedMaterial};

use super::bundle_order::batches;
use super::{PageContext, error_page, labels, layout};
use crate::AppState;

/// The guide page of one bundle; 404 page for an unknown code.
pub async fn bundle_page(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(code): Path<String>,
) -> Response {
    match state.service.bundle_guide(&code, &Answers::new()).await {
        Ok(guide) => layout(&ctx, &guide.bundle.name, render(&guide)).into_response(),
        Err(err) => error_page(&ctx, err),
    }
}

fn render(guide: &BundleGuide) -> Markup {
    let bundle = &guide.bundle;
    html! {
        h1 { (bundle.name) }
        p.muted { "一件事 · " (bundle.theme_name.as_deref().unwrap_or(bundle.theme.label())) }
        @if bundle.illustrative {
            p.note { "说明：本一件事的部分内容为演示用示意数据。" }
        }
        @if let Some(d) = &bundle.description { p { (d) } }
        p { a.button #apply-online href={ "/apply/bundles/" (bundle.code) } { "在线申请" } }
        dl.facts {
            dt { "牵头部门" } dd { (guide.lead_department_name) }
            dt { "承诺办结时限" } dd { (bundle.promised_limit.label()) }
            dt { "到现场次数" } dd { (bundle.visits) " 次" }
            @if let Some(c) = &bundle.composite_licence {
                dt { "一业一证" } dd { (c.name) }
            }
            @if !bundle.steps.is_empty() {
                dt { "办理环节" }
                dd { (bundle.steps.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(" → ")) }
            }
        }
        h2 { "成员事项" }
        (order(guide))
        (members(guide))
        h2 { "一次性告知材料清单" }
        p.muted { "按默认情形（未回答情形引导问题）列出，每份材料只需提交一次。" }
        (material_list(&guide.materials))
        @if !guide.exempted.is_empty() {
            h3 { "免提交材料" }
            ul { @for m in &guide.exempted {
                li { (m.name) span.muted { "（" (m.exemption.as_ref().map_or_else(String::new, labels::exemption)) "）" } }
            } }
        }
        h2 { "一表申请" }
        p { "合并表单共 " (guide.form.len()) " 个字段（数据元），"
            "替代各事项表单的 " (guide.metrics.fields.before) " 个字段。" }
        h2 { "改革成效" }
        (metrics_table(&guide.metrics))
        @if !bundle.guidance.questions.is_empty() {
            h2 { "情形引导问题" }
            ol { @for q in &bundle.guidance.questions {
                li { (q.text) @if !q.options.is_empty() {
                    span.muted { "（" (q.options.iter().map(|o| o.label.as_str()).collect::<Vec<_>>().join(" / ")) "）" }
                } }
            } }
        }
    }
}

/// 办理顺序: the DAG as batches; members of one batch start together.
fn order(guide: &BundleGuide) -> Markup {
    let Some(batches) = batches(&guide.bundle) else {
        return html! {};
    };
    html! {
        h3 { "办理顺序" }
        @if batches.len() == 1 { p { "全部成员事项可同时开始办理（并联）。" } }
        @else { ol.batches aria-label="办理顺序" {
            @for (n, batch) in batches.iter().enumerate() {
                li {
                    strong { "第 " (n + 1) " 批" }
                    @if n == 0 { span.muted { "（可同时开始）" } }
                    @else { span.muted { "（所需的前置事项办结后开始）" } }
                    ul { @for &i in batch { @if let Some(m) = guide.members.get(i) {
                        li {
                            a href={ "/items/" (m.item.code) } { (m.item.name) }
                            @if !m.after.is_empty() { span.muted { " ← 需先办结：" (m.after.join("、")) } }
                            @if m.optional { span.tag { "按情形" } }
                        }
                    } } }
                }
            }
        } }
    }
}

fn members(guide: &BundleGuide) -> Markup {
    html! {
        div.table-wrap { table {
            tr { th { "事项" } th { "实施机关" } th { "前置事项" } th { "承诺时限" } th { "默认办理" } }
            @for m in &guide.members {
                tr {
                    td { a href={ "/items/" (m.item.code) } { (m.item.name) } }
                    td { (m.department_name) }
                    td { @if m.after.is_empty() { "无（并联办理）" } @else { (m.after.join("、")) } }
                    td { (m.item.promised_limit.label()) }
                    td { @if m.selected { "是" } @else if m.optional { "按情形" } @else { "否" } }
                }
            }
        } }
    }
}

fn material_list(materials: &[MergedMaterial]) -> Markup {
    html! {
        @if materials.is_empty() { p { "无需提交材料。" } }
        @else {
            div.table-wrap { table {
                tr { th { "序号" } th { "材料名称" } th { "来源" } th { "用于事项" } }
                @for (i, m) in materials.iter().enumerate() {
                    tr {
                        td.num { (i + 1) }
                        td { (m.name) }
                        td { (m.source.map_or("—", MaterialSource::label)) }
                        td { (m.items.join("、")) }
                    }
                }
            } }
        }
    }
}

fn metrics_table(m: &ReformMetrics) -> Markup {
    html! {
        div.table-wrap { table.metrics {
            tr { th { "指标" } th { "逐项办理" } th { "一件事办理" } th { "压减" } }
            (count_row("减环节（办事环节，个）", &m.steps))
            (count_row("减材料（申请材料，份）", &m.materials))
            (count_row("减表单（表单字段，个）", &m.fields))
            tr {
                td { "减时限（办理时限，工作日）" }
                td.num { (m.days.before) } td.num { "→ " (m.days.after) } td.num { (m.days.percent) "%" }
            }
            (count_row("减跑动（到现场，次）", &m.trips))
        } }
    }
}

fn count_row(label: &str, r: &Reduction<u32>) -> Markup {
    html! {
        tr { td { (label) } td.num { (r.before) } td.num { "→ " (r.after) } td.num { (r.percent) "%" } }
    }
}
