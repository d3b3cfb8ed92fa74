//! `/me/messages`: the applicant's in-app messages (我的消息), with
//! "mark all read"; `/admin/webhooks/dead-letters`: the dead-letter list
//! of webhook deliveries for catalog administrators, with "retry".

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maud::{Markup, html};
use serde::Deserialize;
use tongban_service::ServiceError;
use tongban_service::events::{DeadLetter, NotificationView};

use super::{PageContext, layout};
use crate::AppState;
use crate::account::csrf::{CSRF_FIELD, CsrfForm};
use crate::account::session::SignedInPage;

/// Messages shown on the page.
const PAGE_SIZE: i64 = 100;

/// The page routes of this module.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/me/messages", get(messages_page))
        .route("/me/messages/read", post(mark_all_read))
        .route("/admin/webhooks/dead-letters", get(dead_letters_page))
        .route(
            "/admin/webhooks/dead-letters/{id}/retry",
            post(retry_dead_letter),
        )
}

/// A form that carries only its CSRF token.
#[derive(Debug, Deserialize)]
struct Confirm {}

/// `GET /me/messages`.
async fn messages_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
) -> Response {
    let found = state.events.my_notifications(&user.actor, PAGE_SIZE).await;
    let csrf = user.csrf_token.unwrap_or_default();
    match found {
        Ok(list) => layout(&ctx, "我的消息", messages(&list, &csrf)).into_response(),
        Err(err) => refused(&ctx, "我的消息", &err),
    }
}

fn messages(list: &[NotificationView], csrf: &str) -> Markup {
    let unread = list.iter().filter(|n| !n.read).count();
    html! {
        h1 { "我的消息" }
        p { "共 " (list.len()) " 条，未读 " (unread) " 条。" }
        @if unread > 0 {
            form method="post" action="/me/messages/read" {
                input type="hidden" name=(CSRF_FIELD) value=(csrf);
                button type="submit" { "全部标为已读" }
            }
        }
        @if list.is_empty() {
            p.empty { "暂无消息。办件的每个进展都会在这里通知您。" }
        }
        ul.messages {
            @for n in list {
                li.message.unread[!n.read] data-event=(n.event) {
                    h2 { (n.title) @if !n.read { " " span.badge { "未读" } } }
                    p { (n.body) }
                    p.meta { (reference_label(&n.topic)) " " (n.reference) " · " (beijing(n.created_at)) }
                }
            }
        }
    }
}

/// `POST /me/messages/read`.
async fn mark_all_read(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    CsrfForm(_): CsrfForm<Confirm>,
) -> Response {
    match state.events.mark_read(&user.actor, None).await {
        Ok(_) => Redirect::to("/me/messages").into_response(),
        Err(err) => refused(&ctx, "我的消息", &err),
    }
}

/// `GET /admin/webhooks/dead-letters`.
async fn dead_letters_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
) -> Response {
    let found = state.events.dead_letters(&user.actor).await;
    let csrf = user.csrf_token.unwrap_or_default();
    match found {
        Ok(list) => layout(&ctx, "事件推送死信", dead_letters(&list, &csrf)).into_response(),
        Err(err) => refused(&ctx, "事件推送死信", &err),
    }
}

fn dead_letters(list: &[DeadLetter], csrf: &str) -> Markup {
    html! {
        h1 { "事件推送死信" }
        p { "多次推送仍失败的事件。确认对方系统恢复后，可重新推送（投递编号不变，对方可据此去重）。" }
        @if list.is_empty() { p.empty { "没有死信。" } }
        @else {
            table.dead-letters {
                thead { tr {
                    th { "投递编号" } th { "部门" } th { "关联编号" } th { "事件" }
                    th { "尝试次数" } th { "最后错误" } th { "放弃时间" } th { "操作" }
                } }
                tbody {
                    @for d in list {
                        tr data-delivery=(d.id) {
                            td { code { (d.id) } }
                            td { (d.department) }
                            td { (reference_label(&d.topic)) " " (d.reference) }
                            td { (d.event) }
                            td { (d.attempts) }
                            td { (d.last_error.as_deref().unwrap_or("—")) }
                            td { (d.given_up_at.map(beijing).unwrap_or_default()) }
                            td {
                                form method="post" action=(format!("/admin/webhooks/dead-letters/{}/retry", d.id)) {
                                    input type="hidden" name=(CSRF_FIELD) value=(csrf);
                                    button type="submit" { "重新推送" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `POST /admin/webhooks/dead-letters/{id}/retry`.
async fn retry_dead_letter(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Confirm>,
) -> Response {
    match state.events.retry_dead_letter(&user.actor, &id).await {
        Ok(()) => Redirect::to("/admin/webhooks/dead-letters").into_response(),
        Err(err) => refused(&ctx, "事件推送死信", &err),
    }
}

/// A refusal page: 403 for a role that may not, 404 for something
/// missing or out of scope, 503 otherwise (details are in the log).
fn refused(ctx: &PageContext, title: &str, err: &ServiceError) -> Response {
    let status = match err {
        ServiceError::Forbidden(d) if !d.hides_existence() => StatusCode::FORBIDDEN,
        ServiceError::Forbidden(_) | ServiceError::Refused { .. } => StatusCode::NOT_FOUND,
        _ => StatusCode::SERVICE_UNAVAILABLE,
    };
    let body = html! {
        h1 { (title) }
        p.error data-code=(err.code()) { (err.to_string()) }
        p { a href="/workbench" { "返回工作台" } " · " a href="/" { "返回首页" } }
    };
    (status, layout(ctx, title, body)).into_response()
}

/// A time in Beijing time, to the minute.
fn beijing(at: chrono::DateTime<chrono::Utc>) -> String {
    match chrono::FixedOffset::east_opt(8 * 3600) {
        Some(cst) => at.with_timezone(&cst).format("%Y-%m-%d %H:%M").to_string(),
        None => at.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

/// What a message's or delivery's reference number is, by the topic of the
/// event it comes from.
fn reference_label(topic: &str) -> &'static str {
    match topic {
        "appeal" => "诉求编号",
        "proof" => "证明申请编号",
        "licence" => "证照编号",
        _ => "办件编号",
    }
}
