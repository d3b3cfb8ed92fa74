//! `GET /workbench/cases` (the lists the viewer has) and
//! `GET /workbench/cases/lists/{list}` (one worklist as a table).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use tongban_domain::auth::Role;
use tongban_service::cases::{WorkItem, Worklist};

use super::{date, failure, spaced, state_badge, warning_badge};
use crate::AppState;
use crate::account::session::SignedInPage;
use crate::pages::context::PageContext;
use crate::pages::layout;

/// The worklists each role works from.
fn lists_of(role: Role) -> &'static [Worklist] {
    match role {
        Role::WindowClerk | Role::ProxyAgent => &[Worklist::Intake, Worklist::Today],
        Role::Examiner => &[Worklist::Inbox, Worklist::Assists, Worklist::Bundles],
        Role::DepartmentLeader | Role::System => &[Worklist::Inbox, Worklist::Bundles],
        Role::Supervisor => &[Worklist::Warnings],
        Role::CatalogAdmin | Role::Applicant => &[],
    }
}

/// `GET /workbench/cases`: links to the viewer's worklists.
pub async fn index(ctx: PageContext, SignedInPage(user): SignedInPage) -> Markup {
    let mut lists: Vec<Worklist> = Vec::new();
    for role in &user.actor.roles {
        for l in lists_of(*role) {
            if !lists.contains(l) {
                lists.push(*l);
            }
        }
    }
    let clerk = user.actor.roles.contains(&Role::WindowClerk);
    let body = html! {
        h1 { "办件工作台" }
        ul.worklists {
            @for l in &lists {
                li { a href=(format!("/workbench/cases/lists/{}", l.code())) { (l.label()) } }
            }
        }
        @if clerk { p { a.button href="/workbench/cases/new" { "窗口收件（代申请人申报）" } } }
        @if lists.is_empty() && !clerk { p { "您的角色没有办件工作台。" } }
    };
    layout(&ctx, "办件工作台", body)
}

/// `GET /workbench/cases/lists/{list}`.
pub async fn worklist(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(list): Path<String>,
) -> Response {
    let Some(which) = Worklist::parse(&list) else {
        return failure(
            &ctx,
            tongban_service::ServiceError::InvalidParameter {
                name: "list".into(),
                reason: format!("没有名为“{list}”的工作台列表"),
            },
        );
    };
    match state.cases.worklist(&user.actor, which).await {
        Ok(lines) => layout(&ctx, which.label(), table(which, &lines)).into_response(),
        Err(err) => failure(&ctx, err),
    }
}

fn table(which: Worklist, lines: &[WorkItem]) -> Markup {
    let by_item = which == Worklist::Inbox;
    html! {
        h1 { (which.label()) }
        p { a href="/workbench/cases" { "返回办件工作台" } }
        @if lines.is_empty() {
            p.empty { "暂无办件。" }
        } @else {
            table.worklist data-list=(which.code()) {
                thead { tr {
                    th { "流水号" } th { "名称" }
                    @if by_item { th { "事项" } }
                    th { "状态" } th { "渠道" } th { "承诺时限" } th { "法定时限" } th { "预警" } th { "联系电话" }
                } }
                tbody {
                    @for l in lines {
                        tr data-case=(l.case_no.as_str()) data-item=[l.item.as_ref().map(|i| i.as_str())] {
                            td { a href=(format!("/workbench/cases/{}", l.case_no)) { (spaced(&l.case_no)) } }
                            td { (l.name)
                                @for (item, code) in &l.blocked { br; span.blocked data-code=(code) { "受阻：" (item.as_str()) } }
                            }
                            @if by_item { td { (l.item_name.clone().unwrap_or_default()) } }
                            td { (state_badge(l.item_state.unwrap_or(l.state))) }
                            td { (l.channel.label()) }
                            td { (date(l.promised)) }
                            td { (date(l.statutory)) }
                            td { (warning_badge(l.warning)) }
                            td { (l.phone_masked.clone().unwrap_or_else(|| "—".into())) }
                        }
                    }
                }
            }
        }
    }
}
