//! The role-aware workbench landing page, and a department's workbench
//! (a scoped object: only actors whose data scope covers the department
//! may open it; others get the same 404 as for a missing department).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use tongban_domain::auth::{Actor, Role};
use tongban_domain::catalog::{Catalog, Department};
use tongban_service::{ServiceError, StaffView};

use super::session::{SignedInPage, role_label};
use crate::AppState;
use crate::pages::context::PageContext;
use crate::pages::layout;

/// `GET /workbench`: what each of the actor's roles works on.
pub async fn landing(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
) -> Markup {
    let catalog = state.service.cached_catalog();
    let actor = &user.actor;
    let region = actor
        .region
        .as_ref()
        .and_then(|r| catalog.regions.iter().find(|x| &x.code == r))
        .map_or("—".to_string(), |r| r.name.clone());
    let department = actor
        .department
        .as_ref()
        .and_then(|d| catalog.departments.iter().find(|x| &x.code == d));
    let body = html! {
        h1 { "工作台" }
        p.who {
            (user.display_name) " · " (role_label(actor))
            @if actor.region.is_some() { " · 辖区：" (region) }
            @if let Some(d) = department { " · " (d.name) }
        }
        @for role in &actor.roles { (role_section(*role, actor, &catalog)) }
        p { a href="/account/password" { "修改密码" } }
    };
    layout(&ctx, "工作台", body)
}

/// One role's part of the landing page.
fn role_section(role: Role, actor: &Actor, catalog: &Catalog) -> Markup {
    let own_department = actor
        .department
        .as_ref()
        .map(|d| format!("/workbench/departments/{d}"));
    let in_scope: Vec<&Department> = catalog
        .departments
        .iter()
        .filter(|d| actor.region.as_ref().is_some_and(|r| d.region.is_within(r)))
        .collect();
    html! {
        section.panel data-role=(role.code()) {
            h2 { (role.label()) }
            @match role {
                Role::WindowClerk | Role::ProxyAgent => {
                    p { a #cases-link href="/workbench/cases" { "办件工作台：受理队列、今日办结与待送达" } }
                    p { a href="/workbench/cases/new" { "代申请人申报（一窗受理 / 帮代办）" } }
                    p { a href="/" { "按事项或一件事检索，查看办事指南" } }
                }
                Role::Examiner | Role::DepartmentLeader => {
                    @if let Some(href) = &own_department { p { a href=(href) { "本部门工作台" } } }
                    p { a #cases-link href="/workbench/cases" { "办件工作台：按时限排序的待审办件与待答复协查" } }
                    p { a #dept-appeals-link href="/workbench/appeals" { "部门诉求工作台（部门报到）" } }
                }
                Role::Supervisor | Role::CatalogAdmin => {
                    @if role == Role::Supervisor {
                        p { a #cases-link href="/workbench/cases/lists/warnings" { "红黄牌预警" } }
                        p { a #appeals-board-link href="/workbench/appeals/board" { "诉求督办看板（派单、超期督办）" } }
                    }
                    p { "辖区内部门（" (in_scope.len()) "个）：" }
                    ul.departments {
                        @for d in &in_scope { li { a href=(format!("/workbench/departments/{}", d.code)) { (d.name) } } }
                    }
                }
                Role::Applicant => {
                    p { a href="/apply" { "在线申请（情形引导、一次告知、一表申请）" } }
                    p { a href="/apply/drafts" { "我的草稿与申请" } " · " a href="/apply/data-use" { "我的用数记录" } " · " a href="/me/messages" { "我的消息" } }
                    p { a #my-appeals-link href="/appeals" { "我的诉求（企业吹哨、网上诉求）" } " · " a href="/me/file" { "我的档案" } }
                    p { a href="/" { "查找要办的事" } }
                }
                Role::System => { p { "接口令牌不使用网页工作台。" } }
            }
        }
    }
}

/// `GET /workbench/departments/{code}`: the department's items and staff.
pub async fn department(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(code): Path<String>,
) -> Response {
    let catalog = state.service.cached_catalog();
    let Some(dept) = catalog.departments.iter().find(|d| d.code.as_str() == code) else {
        return missing(&ctx, &code);
    };
    let staff = match state
        .accounts
        .department_staff(&user.actor, &dept.code, &dept.region)
        .await
    {
        Ok(staff) => staff,
        Err(err) => return failure(&ctx, err, missing(&ctx, &code)),
    };
    department_markup(&ctx, &catalog, dept, &staff).into_response()
}

fn department_markup(
    ctx: &PageContext,
    catalog: &Catalog,
    dept: &Department,
    staff: &[StaffView],
) -> Markup {
    let items: Vec<_> = catalog
        .items
        .iter()
        .filter(|i| i.department == dept.code)
        .collect();
    let body = html! {
        h1 { (dept.name) " · 部门工作台" }
        section.panel {
            h2 { "本部门实施的事项（" (items.len()) "项）" }
            ul { @for item in &items { li { a href=(format!("/items/{}", item.code)) { (item.name) } } } }
        }
        section.panel {
            h2 { "本部门工作人员" }
            table.staff {
                thead { tr { th { "用户名" } th { "姓名" } th { "角色" } th { "状态" } } }
                tbody {
                    @for s in staff {
                        tr {
                            td { (s.username) } td { (s.display_name) }
                            td { (s.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join("、")) }
                            td { @if s.locked { "已锁定" } @else { "正常" } }
                        }
                    }
                }
            }
        }
    };
    layout(ctx, &dept.name, body)
}

/// The same page for a missing department and one outside the scope.
fn missing(ctx: &PageContext, code: &str) -> Response {
    let body = html! {
        h1 { "未找到部门" }
        p data-code="department_not_found" { "部门“" (code) "”不存在或不在您的辖区范围内。" }
        p { a href="/workbench" { "返回工作台" } }
    };
    (StatusCode::NOT_FOUND, layout(ctx, "未找到部门", body)).into_response()
}

/// `GET /workbench/staff/{username}`: one staff account, if it is in the
/// actor's data scope (404 otherwise, as for a missing account).
pub async fn staff(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(username): Path<String>,
) -> Response {
    match state.accounts.staff_account(&user.actor, &username).await {
        Ok(view) => {
            let body = html! {
                h1 { (view.display_name) }
                dl.facts {
                    dt { "用户名" } dd { (view.username) }
                    dt { "所属部门" } dd { (view.department) }
                    dt { "行政区划" } dd { (view.region) }
                    dt { "角色" } dd { (view.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join("、")) }
                    dt { "状态" } dd { @if view.locked { "已锁定" } @else { "正常" } }
                }
            };
            layout(&ctx, &view.display_name, body).into_response()
        }
        Err(err) => {
            let body = html! {
                h1 { "未找到工作人员" }
                p data-code="staff_not_found" { "工作人员“" (username) "”不存在或不在您的辖区范围内。" }
                p { a href="/workbench" { "返回工作台" } }
            };
            let missing =
                (StatusCode::NOT_FOUND, layout(&ctx, "未找到工作人员", body)).into_response();
            failure(&ctx, err, missing)
        }
    }
}

/// The page for a failed scoped read: `missing` when the object is absent
/// or hidden by the data scope, 403 when the role may not act at all, 503
/// otherwise (details in the log).
fn failure(ctx: &PageContext, err: ServiceError, missing: Response) -> Response {
    match err {
        ServiceError::StaffNotFound => missing,
        ServiceError::Forbidden(denial) if denial.hides_existence() => missing,
        ServiceError::Forbidden(denial) => {
            let body =
                html! { h1 { "无权访问" } p data-code=(denial.code()) { (denial.message()) } };
            (StatusCode::FORBIDDEN, layout(ctx, "无权访问", body)).into_response()
        }
        other => {
            tracing::error!(code = other.code(), "读取工作台数据失败");
            let body = html! { h1 { "服务暂不可用" } p { "请稍后再试。" } };
            (
                StatusCode::SERVICE_UNAVAILABLE,
                layout(ctx, "服务暂不可用", body),
            )
                .into_response()
        }
    }
}
