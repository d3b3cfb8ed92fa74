//! Case pages: the window intake, the worklists, a case with its actions and audit, and the public status lookup.
//!
//! Staff pages live under `/workbench/cases`; every form goes through
//! `CsrfForm`, every decision through the case service. Phone numbers
//! appear masked only.

mod actions;
mod assist;
mod case;
mod forms;
mod intake;
mod lists;
mod status;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::NaiveDate;
use maud::{Markup, html};
use tongban_domain::case::{CaseNo, CaseState, Warning};
use tongban_service::ServiceError;

use super::context::PageContext;
use super::layout;
use crate::AppState;

/// This module's page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/workbench/cases", get(lists::index))
        .route("/workbench/cases/lists/{list}", get(lists::worklist))
        .route(
            "/workbench/cases/new",
            get(intake::intake_page).post(intake::intake_submit),
        )
        .route("/workbench/cases/{case_no}", get(case::case_page))
        .route(
            "/workbench/cases/{case_no}/commands",
            axum::routing::post(actions::command),
        )
        .route("/status", get(status::status_page))
}

/// A case number in the groups people read it in: `350825 250124 00042 6`.
pub(crate) fn spaced(no: &CaseNo) -> String {
    let s = no.as_str();
    if s.len() != 18 || !s.is_ascii() {
        return s.to_string();
    }
    format!("{} {} {} {}", &s[..6], &s[6..12], &s[12..17], &s[17..])
}

/// A state badge.
fn state_badge(state: CaseState) -> Markup {
    html! { span.state data-state=(state.code()) { (state.label()) } }
}

/// The 黄/红 badge of a warning (nothing when on time).
fn warning_badge(warning: Warning) -> Markup {
    html! {
        @match warning {
            Warning::Yellow => span.warning.yellow data-warning="yellow" title=(warning.label()) { "黄" },
            Warning::Red => span.warning.red data-warning="red" title=(warning.label()) { "红" },
            Warning::None => {},
        }
    }
}

/// A date, or a dash.
fn date(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "—".to_string(), |d| d.format("%Y-%m-%d").to_string())
}

/// The page for a refused or failed case use case.
fn failure(ctx: &PageContext, err: ServiceError) -> Response {
    let (status, title) = match &err {
        ServiceError::CaseNotFound => (StatusCode::NOT_FOUND, "未找到办件"),
        ServiceError::Forbidden(d) if d.hides_existence() => (StatusCode::NOT_FOUND, "未找到办件"),
        ServiceError::Forbidden(_) => (StatusCode::FORBIDDEN, "无权访问"),
        ServiceError::CaseRefused(_) | ServiceError::CaseBusy => {
            (StatusCode::CONFLICT, "操作未执行")
        }
        ServiceError::ItemNotFound(_) | ServiceError::BundleNotFound(_) => {
            (StatusCode::NOT_FOUND, "未找到事项")
        }
        ServiceError::InvalidParameter { .. }
        | ServiceError::InvalidAnswers(_)
        | ServiceError::CaseInvalid { .. }
        | ServiceError::IdempotencyKeyReused => (StatusCode::UNPROCESSABLE_ENTITY, "请求无效"),
        _ => (StatusCode::SERVICE_UNAVAILABLE, "服务暂不可用"),
    };
    let message = match &err {
        ServiceError::CaseNotFound | ServiceError::Forbidden(_)
            if status == StatusCode::NOT_FOUND =>
        {
            "该办件不存在，或不在您的办理范围内。".to_string()
        }
        other => other.to_string(),
    };
    let body = html! {
        h1 { (title) }
        p.error data-code=(err.code()) { (message) }
        p { a href="/workbench/cases" { "返回办件工作台" } }
    };
    (status, layout(ctx, title, body)).into_response()
}
