//! `GET /workbench/cases/{case_no}`: a case with its members, states, due
//! dates (黄/红 badges), the actions the viewer may take as forms, and the
//! audit trail with its chain check.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use tongban_domain::catalog::Catalog;
use tongban_service::cases::Schedule;
use tongban_service::{CaseView, ServiceError};

use super::forms::{material_name, offer_form};
use super::{date, failure, spaced, state_badge, warning_badge};
use crate::AppState;
use crate::account::session::{CurrentUser, SignedInPage};
use crate::pages::context::PageContext;
use crate::pages::layout;

/// `GET /workbench/cases/{case_no}`.
pub async fn case_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(case_no): Path<String>,
) -> Response {
    render(&state, &ctx, &user, &case_no, None).await
}

/// The case page, with `refusal` shown on top when a command was refused.
pub(super) async fn render(
    state: &AppState,
    ctx: &PageContext,
    user: &CurrentUser,
    case_no: &str,
    refusal: Option<ServiceError>,
) -> Response {
    let view = match state.cases.case(&user.actor, case_no).await {
        Ok(v) => v,
        Err(err) => return failure(ctx, err),
    };
    let audit = match state.cases.audit(&user.actor, case_no).await {
        Ok(a) => a,
        Err(err) => return failure(ctx, err),
    };
    let catalog = state.service.cached_catalog();
    let schedule = state.cases.schedule(&view.case);
    let csrf = user.csrf_token.clone().unwrap_or_default();
    let offers = state.cases.offers(&user.actor, &view);
    let case = &view.case;
    let (whole, by_member): (Vec<_>, Vec<_>) = offers.iter().partition(|o| o.item.is_none());
    let title = format!("办件 {}", spaced(&case.case_no));
    let status = if refusal.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    let (trail, check) = audit;
    let body = html! {
        h1 { (case.name) }
        @if let Some(err) = &refusal {
            p.error #refusal data-code=(err.code()) { "操作未执行：" (err.to_string()) }
        }
        (summary(&view, &schedule))
        h2 { "成员事项" }
        (members(&view, &schedule, &catalog))
        (super::assist::section(case, &catalog))
        h2 { "可办理的操作" }
        @if offers.is_empty() { p.empty { "您当前没有可对本办件执行的操作。" } }
        @if !whole.is_empty() {
            section.actions data-scope="case" {
                h3 { "整件办理" }
                @for o in &whole { (offer_form(o, case, &csrf, &catalog)) }
            }
        }
        @for m in &case.members {
            @let mine: Vec<_> = by_member.iter().filter(|o| o.item.as_ref() == Some(m.item())).collect();
            @if !mine.is_empty() {
                section.actions data-scope="member" data-item=(m.item().as_str()) {
                    h3 { (m.terms.name) }
                    @for o in mine { (offer_form(o, case, &csrf, &catalog)) }
                }
            }
        }
        h2 { "审计记录" }
        @if check.ok {
            p.chain.ok #chain data-ok="true" { "审计链校验通过（共 " (check.records) " 条）" }
        } @else {
            p.chain.broken.error #chain data-ok="false" { "审计链校验未通过：第 " (check.broken_at.unwrap_or_default()) " 条记录被改动" }
        }
        table.audit {
            thead { tr { th { "序号" } th { "时间" } th { "操作人" } th { "事件" } th { "状态变化" } } }
            tbody {
                @for r in &trail {
                    tr {
                        td { (r.seq) }
                        td { (local_time(r.at)) }
                        td { (r.actor) }
                        td { (r.action) }
                        td { (state_of(r.from_state.as_deref())) " → " (state_of(r.to_state.as_deref())) }
                    }
                }
            }
        }
        p { a href="/workbench/cases" { "返回办件工作台" } }
    };
    (status, layout(ctx, &title, body)).into_response()
}

/// A time as Beijing local time.
fn local_time(at: chrono::DateTime<chrono::Utc>) -> String {
    let local = match chrono::FixedOffset::east_opt(8 * 3600) {
        Some(cst) => at.with_timezone(&cst).naive_local(),
        None => at.naive_utc(),
    };
    local.format("%Y-%m-%d %H:%M:%S").to_string()
}

fn state_of(code: Option<&str>) -> String {
    code.and_then(tongban_domain::case::CaseState::parse)
        .map_or_else(|| "—".to_string(), |s| s.label().to_string())
}

fn summary(view: &CaseView, schedule: &Schedule) -> Markup {
    let case = &view.case;
    html! {
        dl.case-summary {
            dt { "申办流水号" } dd #case-no data-case-no=(case.case_no.as_str()) { (spaced(&case.case_no)) }
            dt { "状态" } dd #case-state { (state_badge(view.state)) " " (warning_badge(schedule.case.warning)) }
            dt { "渠道" } dd { (case.channel.label()) }
            dt { "联系电话" } dd { (view.phone_masked.clone().unwrap_or_else(|| "—".into())) }
            dt { "承诺办结" } dd { (date(schedule.case.deadlines.map(|d| d.promised))) }
            dt { "法定办结" } dd { (date(schedule.case.deadlines.map(|d| d.statutory))) }
            @if let Some(d) = &case.delivery {
                dt { "送达" } dd #delivery { (d.method.label())
                    @if let tongban_domain::case::DeliveryMethod::Post { tracking_no } = &d.method { "（邮件号 " (tracking_no) "）" } }
            }
            @if let Some(p) = &schedule.problem { dt { "时限" } dd.error { (p) } }
        }
    }
}

fn members(view: &CaseView, schedule: &Schedule, catalog: &Catalog) -> Markup {
    html! {
        table.members {
            thead { tr { th { "事项" } th { "部门" } th { "状态" } th { "承诺时限" } th { "法定时限" } th { "预警" } th { "待补材料" } th { "决定" } } }
            tbody {
                @for m in &view.case.members {
                    @let t = schedule.member(m.item());
                    @let owed: Vec<_> = match &m.supplement {
                        Some(n) if !n.outstanding.is_empty() => n.outstanding.clone(),
                        _ => m.gaps.clone(),
                    };
                    tr data-item=(m.item().as_str()) data-state=(m.state.code()) {
                        td { (m.terms.name) }
                        td { (catalog.departments.iter().find(|d| d.code == m.terms.department).map_or_else(|| m.terms.department.to_string(), |d| d.name.clone())) }
                        td { (state_badge(m.state))
                            @if let Some(code) = t.and_then(|t| t.blocked) { " " span.blocked data-code=(code) { "待前置事项" } } }
                        td { (date(t.and_then(|t| t.timing.deadlines).map(|d| d.promised))) }
                        td { (date(t.and_then(|t| t.timing.deadlines).map(|d| d.statutory))) }
                        td { (warning_badge(t.map_or(tongban_domain::case::Warning::None, |t| t.timing.warning))) }
                        td { @for c in &owed { span.material { (material_name(catalog, c)) } " " } }
                        td { @if let Some(d) = &m.decision { (d.outcome.label()) @for r in &d.reasons { "：" (r) } } }
                    }
                }
            }
        }
    }
}
