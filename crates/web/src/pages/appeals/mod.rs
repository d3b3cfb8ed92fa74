//! The pages of 诉求: 办不成事, 企业吹哨, 12345 work orders and 助企纾困
//! appeals. The applicant files (`/appeals/new`), follows (`/appeals`,
//! `/appeals/{no}`) and rates (评哨) their appeals; a department answers
//! from its worklist (`/workbench/appeals`); a supervisor dispatches on
//! the board (`/workbench/appeals/board`) and imports 12345 exports
//! (`/workbench/appeals/import`); the subject's file (一企一档 / 一人一档)
//! joins appeals, cases and ratings (`/workbench/subjects/{id}`,
//! `/me/file`). Every rule lives in `AppealService`; these pages only
//! translate, and every form carries the session's CSRF token.

mod applicant;
mod board;
mod dossier;
mod import;
mod work;

use axum::Router;
use axum::response::Response;
use axum::routing::{get, post};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use maud::{Markup, html};
use tongban_domain::appeal::{AppealState, ReportKind};
use tongban_domain::catalog::Catalog;
use tongban_domain::ident::Code;
use tongban_service::ServiceError;
use tongban_service::appeals::{AppealView, HistoryRecord};

use super::PageContext;
use crate::AppState;

/// The page routes of this module.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/appeals", get(applicant::mine))
        .route(
            "/appeals/new",
            get(applicant::new_page).post(applicant::file),
        )
        .route("/appeals/{no}", get(applicant::detail))
        .route("/appeals/{no}/rating", post(applicant::rate))
        .route("/workbench/appeals", get(work::worklist))
        .route("/workbench/appeals/board", get(board::board_page))
        .route(
            "/workbench/appeals/import",
            get(import::page).post(import::upload),
        )
        .route("/workbench/appeals/{no}", get(work::detail))
        .route("/workbench/appeals/{no}/reports", post(work::report))
        .route("/workbench/appeals/{no}/instructions", post(work::instruct))
        .route("/workbench/appeals/{no}/dispatch", post(board::dispatch))
        .route("/workbench/subjects/{id}", get(dossier::staff_file))
        .route("/me/file", get(dossier::my_file))
}

/// A refused or failed use case as a page (404 for appeals out of scope,
/// 403 for a role without the action, 409/422 for refused commands).
fn failure(ctx: &PageContext, title: &str, err: &ServiceError) -> Response {
    super::reviews::refused(ctx, title, err)
}

/// A state badge.
fn state_badge(state: AppealState) -> Markup {
    html! { span.state data-state=(state.code()) { (state.label()) } }
}

/// A date, or a dash.
fn day(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "—".to_string(), |d| d.format("%Y-%m-%d").to_string())
}

/// A time as read in China (UTC+8), to the minute.
fn beijing(at: DateTime<Utc>) -> String {
    match FixedOffset::east_opt(8 * 3600) {
        Some(tz) => at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
        None => at.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

/// The Chinese name of a history action.
fn action_label(action: &str) -> &str {
    match action {
        "appeal.filed" => "登记",
        "appeal.dispatched" => "派单",
        "appeal.reported" => "部门报到",
        "appeal.answered" => "答复",
        "appeal.resolved" => "办结",
        "appeal.instructed" => "领导批阅",
        "appeal.escalated" => "督办",
        "appeal.rated" => "评哨",
        "appeal.reopened" => "重新交办",
        "appeal.closed" => "归档",
        other => other,
    }
}

/// Who acted, as a reader should see it (staff ids are shown, applicant
/// ids are not).
fn actor_label(actor: &str) -> String {
    if actor.starts_with("applicant:") {
        "诉求人".to_string()
    } else if actor.starts_with("system:") {
        "系统".to_string()
    } else {
        actor.trim_start_matches("staff:").to_string()
    }
}

/// A department's name from the catalog, or its code.
fn department(catalog: &Catalog, code: &Code) -> String {
    catalog
        .departments
        .iter()
        .find(|d| &d.code == code)
        .map_or_else(|| code.to_string(), |d| d.name.clone())
}

/// The facts of an appeal: source, category, subject, deadlines.
fn facts(v: &AppealView, catalog: &Catalog) -> Markup {
    let a = &v.appeal;
    html! {
        dl.facts {
            dt { "诉求编号" } dd #appeal-no { (a.no) }
            dt { "来源" } dd { (a.source.label()) }
            dt { "类别" } dd { (a.category) " · " (a.complexity.label()) }
            dt { "诉求人" } dd { (a.subject.name) @if let Some(k) = &v.subject_key_masked { " · " (k) } }
            @if let Some(p) = &v.phone_masked { dt { "联系电话" } dd { (p) } }
            @if let Some(c) = &a.case_no { dt { "关联办件" } dd { (c) } }
            dt { "状态" } dd { (state_badge(a.state)) }
            @if let Some(d) = &a.dispatch {
                dt { "承办部门" } dd { "牵头：" (department(catalog, &d.lead)) @if !d.co.is_empty() { " · 协办：" (d.co.iter().map(|c| department(catalog, c)).collect::<Vec<_>>().join("、")) } }
            }
            dt { "答复时限" } dd { (a.deadlines.answer_by) @if let Some(d) = a.answered_on { "（" (d) " 已答复）" } }
            dt { "办结时限" } dd { (a.deadlines.resolve_by) @if let Some(d) = a.resolved_on { "（" (d) " 已办结）" } }
            @if let Some(o) = &v.overdue {
                dt { "超期" } dd.overdue data-overdue="true" { "已超过 " (o.due) " 的时限 " (o.working_days_late) " 个工作日" }
            }
            @if a.escalation_level > 0 { dt { "督办" } dd { (v.escalation_label) } }
            @if a.reopened > 0 { dt { "重新交办" } dd { (a.reopened) " 次" } }
        }
        h2 { "诉求内容" }
        p.appeal-title { strong { (a.title) } }
        p.appeal-text { (a.description) }
    }
}

/// Department reports, leader instructions and ratings of an appeal.
fn progress(v: &AppealView, catalog: &Catalog) -> Markup {
    let a = &v.appeal;
    html! {
        h2 { "部门报到与答复" }
        @if a.reports.is_empty() { p.empty { "承办部门尚未报送。" } }
        ul #reports {
            @for r in &a.reports {
                li data-kind=(report_code(r.kind)) {
                    strong { (r.kind.label()) } " · " (department(catalog, &r.department)) " · " (r.at.format("%Y-%m-%d %H:%M")) br;
                    span.report-text { (r.text) }
                }
            }
        }
        @if !a.instructions.is_empty() {
            h2 { "领导批阅" }
            ul #instructions {
                @for i in &a.instructions {
                    li { (i.at.format("%Y-%m-%d %H:%M")) " · " (actor_label(&i.by)) "：" (i.text) }
                }
            }
        }
        @if !a.ratings.is_empty() {
            h2 { "评哨" }
            ul #ratings {
                @for r in &a.ratings {
                    li data-satisfied=(r.satisfied) {
                        strong { @if r.satisfied { "满意" } @else { "不满意" } }
                        " · " (r.at.format("%Y-%m-%d %H:%M"))
                        @if !r.comment.is_empty() { " · " (r.comment) }
                    }
                }
            }
        }
    }
}

/// The history: who did what, oldest first.
fn history(records: &[HistoryRecord]) -> Markup {
    html! {
        h2 { "办理记录" }
        ol #history {
            @for h in records {
                li data-action=(h.action) {
                    (beijing(h.at)) " · " (action_label(&h.action)) " · " (actor_label(&h.actor))
                    @if let (Some(f), Some(t)) = (&h.from_state, &h.to_state) {
                        @if f != t {
                            " · " (state_label(f)) " → " (state_label(t))
                        }
                    }
                }
            }
        }
    }
}

/// The Chinese name of a state code.
fn state_label(code: &str) -> &str {
    match AppealState::parse(code) {
        Some(state) => state.label(),
        None => code,
    }
}

/// The stable code of a report kind.
fn report_code(kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::Progress => "progress",
        ReportKind::Answer => "answer",
        ReportKind::Resolution => "resolution",
    }
}

/// A report kind from its code.
fn report_kind(code: &str) -> Option<ReportKind> {
    [
        ReportKind::Progress,
        ReportKind::Answer,
        ReportKind::Resolution,
    ]
    .into_iter()
    .find(|k| report_code(*k) == code)
}
