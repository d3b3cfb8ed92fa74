//! The supervisor's board (督办看板, `/workbench/appeals/board`): appeals
//! waiting for 派单 with the dispatch form, overdue appeals with their
//! escalation levels, reopened counts, and each lead department's
//! on-time rate.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use tongban_domain::catalog::{Catalog, Department};
use tongban_domain::ident::Code;
use tongban_service::ServiceError;
use tongban_service::appeals::{AppealView, Board, BoardLine};

use super::{day, department, failure, state_badge};
use crate::AppState;
use crate::account::csrf::{CSRF_FIELD, CsrfForm};
use crate::account::session::SignedInPage;
use crate::pages::{PageContext, layout};

/// `GET /workbench/appeals/board`.
pub(super) async fn board_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
) -> Response {
    let board = match state.appeals.board(&user.actor).await {
        Ok(b) => b,
        Err(err) => return failure(&ctx, "诉求督办看板", &err),
    };
    let waiting = match state.appeals.undispatched(&user.actor).await {
        Ok(w) => w,
        Err(err) => return failure(&ctx, "诉求督办看板", &err),
    };
    let catalog = state.service.cached_catalog();
    let departments: Vec<&Department> = catalog
        .departments
        .iter()
        .filter(|d| {
            user.actor
                .region
                .as_ref()
                .is_some_and(|r| d.region.is_within(r))
        })
        .collect();
    let csrf = user.csrf_token.clone().unwrap_or_default();
    let body = html! {
        h1 { "诉求督办看板（" (board.today) "）" }
        p { a href="/workbench/appeals/import" { "导入12345工单" } }
        (waiting_markup(&waiting, &departments, &csrf))
        (board_markup(&board, &catalog))
    };
    layout(&ctx, "诉求督办看板", body).into_response()
}

fn waiting_markup(waiting: &[AppealView], departments: &[&Department], csrf: &str) -> Markup {
    html! {
        h2 { "待派单（" (waiting.len()) "件）" }
        @if waiting.is_empty() { p.empty { "没有待派单的诉求。" } }
        @for v in waiting {
            section.dispatch data-appeal=(v.appeal.no) {
                h3 { a href=(format!("/workbench/appeals/{}", v.appeal.no)) { (v.appeal.no) } " · " (v.appeal.title) }
                p { (v.appeal.source.label()) " · " (v.appeal.category) " · 答复时限 " (v.appeal.deadlines.answer_by) }
                form.dispatch-form method="post" action=(format!("/workbench/appeals/{}/dispatch", v.appeal.no)) {
                    input type="hidden" name=(CSRF_FIELD) value=(csrf);
                    label { "牵头部门"
                        select name="lead" required {
                            @for d in departments { option value=(d.code) { (d.name) } }
                        }
                    }
                    fieldset {
                        legend { "协办部门（可多选）" }
                        @for d in departments { label { input type="checkbox" name="co" value=(d.code); (d.name) } }
                    }
                    button type="submit" { "派单" }
                }
            }
        }
    }
}

fn lines(id: &str, list: &[BoardLine], catalog: &Catalog) -> Markup {
    html! {
        table id=(id) {
            thead { tr { th { "诉求编号" } th { "标题" } th { "状态" } th { "牵头部门" } th { "超期时限" } th { "超期工作日" } th { "督办级别" } th { "重新交办" } } }
            tbody {
                @for l in list {
                    tr data-appeal=(l.no) data-level=(l.escalation_level) data-reopened=(l.reopened) {
                        td { a href=(format!("/workbench/appeals/{}", l.no)) { (l.no) } }
                        td { (l.title) }
                        td { (state_badge(l.state)) @if l.answer_missing { " 未答复" } }
                        td { (l.lead.as_ref().map_or_else(|| "—".to_string(), |c| department(catalog, c))) }
                        td { (day(l.due)) }
                        td { (l.working_days_late) }
                        td { (tongban_domain::appeal::EscalationPolicy::level_label(l.escalation_level)) }
                        td { (l.reopened) }
                    }
                }
            }
        }
    }
}

fn board_markup(board: &Board, catalog: &Catalog) -> Markup {
    html! {
        h2 { "超期督办（" (board.overdue.len()) "件）" }
        @if board.overdue.is_empty() { p.empty { "没有超期的诉求。" } } @else { (lines("overdue", &board.overdue, catalog)) }
        h2 { "重新交办（" (board.reopened.len()) "件）" }
        @if board.reopened.is_empty() { p.empty { "没有被重新交办的诉求。" } } @else { (lines("reopened", &board.reopened, catalog)) }
        h2 { "部门按时办结率" }
        p { "统计已办结或办结时限已过的牵头诉求：按时办结数 ÷ 统计数。" }
        table #on-time {
            thead { tr { th { "牵头部门" } th { "统计数" } th { "按时办结" } th { "按时率" } } }
            tbody {
                @for d in &board.departments {
                    tr data-department=(d.department) {
                        td { (department(catalog, &d.department)) } td { (d.counted) } td { (d.on_time) }
                        td { (d.rate_percent.map_or_else(|| "—".to_string(), |r| format!("{r:.1}%"))) }
                    }
                }
            }
        }
    }
}

/// `POST /workbench/appeals/{no}/dispatch` (派单): `lead`, repeated `co`.
pub(super) async fn dispatch(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(no): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let parse = |v: &str| {
        Code::parse(v.trim()).map_err(|_| ServiceError::InvalidParameter {
            name: "lead".into(),
            reason: "部门编码无效".into(),
        })
    };
    let lead = fields
        .iter()
        .find(|(k, _)| k == "lead")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    let lead = match parse(lead) {
        Ok(l) => l,
        Err(err) => return failure(&ctx, "派单", &err),
    };
    let co: Result<Vec<Code>, _> = fields
        .iter()
        .filter(|(k, v)| k == "co" && v.trim() != lead.as_str())
        .map(|(_, v)| parse(v))
        .collect();
    let co = match co {
        Ok(c) => c,
        Err(err) => return failure(&ctx, "派单", &err),
    };
    match state.appeals.dispatch(&user.actor, &no, lead, co).await {
        Ok(_) => Redirect::to("/workbench/appeals/board").into_response(),
        Err(err) => failure(&ctx, "派单", &err),
    }
}
