//! The department's pages: the worklist of appeals dispatched to it
//! (`/workbench/appeals`, overdue marked) and one appeal with the report
//! form (部门报到: progress, the answer, the lead's resolution) and, for
//! leaders, the instruction form (领导批阅).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use tongban_domain::appeal::AppealState;
use tongban_domain::auth::Role;
use tongban_service::ServiceError;
use tongban_service::appeals::AppealView;

use super::{facts, failure, history, progress, report_kind, state_badge};
use crate::AppState;
use crate::account::csrf::{CSRF_FIELD, CsrfForm};
use crate::account::session::SignedInPage;
use crate::pages::{PageContext, layout};

/// `GET /workbench/appeals`: the department's appeals, running ones
/// first by due date.
pub(super) async fn worklist(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
) -> Response {
    let list = match state.appeals.department_worklist(&user.actor, false).await {
        Ok(l) => l,
        Err(err) => return failure(&ctx, "部门诉求工作台", &err),
    };
    layout(&ctx, "部门诉求工作台", worklist_markup(&list)).into_response()
}

fn worklist_markup(list: &[AppealView]) -> Markup {
    html! {
        h1 { "部门诉求工作台（部门报到）" }
        p { "派给本部门的诉求：先答复（默认5个工作日），牵头部门限期办结；超期将逐级督办。" }
        @if list.is_empty() { p.empty { "暂无派给本部门的诉求。" } }
        @else {
            table #worklist {
                thead { tr { th { "诉求编号" } th { "标题" } th { "来源" } th { "状态" } th { "答复时限" } th { "办结时限" } th { "督办" } } }
                tbody {
                    @for v in list {
                        tr data-appeal=(v.appeal.no) data-overdue=(v.overdue.is_some()) {
                            td { a href=(format!("/workbench/appeals/{}", v.appeal.no)) { (v.appeal.no) } }
                            td { (v.appeal.title) }
                            td { (v.appeal.source.label()) }
                            td { (state_badge(v.appeal.state))
                                @if v.overdue.is_some() { " " span.badge.red { "已超期" } } }
                            td { (v.appeal.deadlines.answer_by) }
                            td { (v.appeal.deadlines.resolve_by) }
                            td { @if v.appeal.escalation_level > 0 { (v.escalation_label) } @else { "—" } }
                        }
                    }
                }
            }
        }
    }
}

/// `GET /workbench/appeals/{no}`: the appeal, its history, and the forms
/// the reader's roles use.
pub(super) async fn detail(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(no): Path<String>,
) -> Response {
    let view = match state.appeals.appeal(&user.actor, &no).await {
        Ok(v) => v,
        Err(err) => return failure(&ctx, "诉求办理", &err),
    };
    let records = match state.appeals.history(&user.actor, &no).await {
        Ok(r) => r,
        Err(err) => return failure(&ctx, "诉求办理", &err),
    };
    let csrf = user.csrf_token.clone().unwrap_or_default();
    let catalog = state.service.cached_catalog();
    let a = &view.appeal;
    let dispatched_here = user
        .actor
        .department
        .as_ref()
        .is_some_and(|d| a.is_dispatched_to(d));
    let lead_here = user.actor.department.as_ref() == a.lead();
    let reporting = dispatched_here
        && a.state.is_running()
        && a.state != AppealState::Filed
        && user
            .actor
            .roles
            .iter()
            .any(|r| matches!(r, Role::Examiner | Role::DepartmentLeader));
    let leader = user
        .actor
        .roles
        .iter()
        .any(|r| matches!(r, Role::Supervisor | Role::DepartmentLeader));
    let base = format!("/workbench/appeals/{}", a.no);
    let body = html! {
        h1 { (a.source.label()) " · " (a.title) }
        (facts(&view, &catalog))
        (progress(&view, &catalog))
        @if reporting {
            h2 { "部门报到" }
            form #report-form method="post" action=(format!("{base}/reports")) {
                input type="hidden" name=(CSRF_FIELD) value=(csrf);
                fieldset {
                    legend { "报送类型" }
                    label { input type="radio" name="kind" value="progress"; "进展报送" }
                    @if a.state == AppealState::Dispatched {
                        label { input type="radio" name="kind" value="answer" checked; "答复诉求人" }
                    }
                    @if lead_here {
                        label { input type="radio" name="kind" value="resolution" checked[a.state == AppealState::Answered]; "办结报送（牵头部门）" }
                    }
                }
                label { "报送内容" textarea name="text" required maxlength="4000" {} }
                button type="submit" { "报送" }
            }
        }
        @if leader && a.state != AppealState::Closed {
            h2 { "领导批阅" }
            form #instruct-form method="post" action=(format!("{base}/instructions")) {
                input type="hidden" name=(CSRF_FIELD) value=(csrf);
                label { "批示内容" textarea name="text" required maxlength="2000" {} }
                button type="submit" { "批阅" }
            }
        }
        (history(&records))
        p { a href="/workbench/appeals" { "← 部门诉求工作台" } }
    };
    layout(&ctx, "诉求办理", body).into_response()
}

/// The report form's fields.
#[derive(Debug, Deserialize)]
pub(super) struct ReportForm {
    kind: String,
    text: String,
}

/// `POST /workbench/appeals/{no}/reports`.
pub(super) async fn report(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(no): Path<String>,
    CsrfForm(form): CsrfForm<ReportForm>,
) -> Response {
    let Some(kind) = report_kind(&form.kind) else {
        let err = ServiceError::InvalidParameter {
            name: "kind".into(),
            reason: "应为进展报送、答复或办结报送".into(),
        };
        return failure(&ctx, "部门报到", &err);
    };
    match state
        .appeals
        .report(&user.actor, &no, kind, &form.text)
        .await
    {
        Ok(v) => Redirect::to(&format!("/workbench/appeals/{}", v.appeal.no)).into_response(),
        Err(err) => failure(&ctx, "部门报到", &err),
    }
}

/// The instruction form's field.
#[derive(Debug, Deserialize)]
pub(super) struct TextForm {
    text: String,
}

/// `POST /workbench/appeals/{no}/instructions` (领导批阅).
pub(super) async fn instruct(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(no): Path<String>,
    CsrfForm(form): CsrfForm<TextForm>,
) -> Response {
    match state.appeals.instruct(&user.actor, &no, &form.text).await {
        Ok(v) => Redirect::to(&format!("/workbench/appeals/{}", v.appeal.no)).into_response(),
        Err(err) => failure(&ctx, "领导批阅", &err),
    }
}
