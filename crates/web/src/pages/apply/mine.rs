//! “我的草稿” (`/apply/drafts`) and “我的用数记录” (`/apply/data-use`).

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::FixedOffset;
use maud::html;
use tongban_service::Application;
use tongban_service::drafts::DraftStatus;

use super::failure;
use crate::AppState;
use crate::account::session::SignedInPage;
use crate::pages::{PageContext, layout};

/// A time as read in China (UTC+8), to the minute.
fn beijing(at: chrono::DateTime<chrono::Utc>) -> String {
    match FixedOffset::east_opt(8 * 3600) {
        Some(tz) => at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
        None => at.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

/// `GET /apply/drafts`.
pub async fn drafts(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
) -> Response {
    let drafts = match state.applications.drafts(&user.actor).await {
        Ok(d) => d,
        Err(e) => return failure(&ctx, e),
    };
    let catalog = state.service.cached_catalog();
    let body = html! {
        h1 { "我的草稿" }
        @if drafts.is_empty() { p.muted { "还没有申请。" a href="/apply" { "去办事" } } }
        ul.results #drafts {
            @for d in &drafts {
                @let name = match &d.application {
                    Application::Bundle { bundle, .. } => catalog.bundle(bundle).map_or_else(|| bundle.clone(), |b| b.name.clone()),
                    Application::Item { item, .. } => catalog.item(item).map_or_else(|| item.clone(), |i| i.name.clone()),
                };
                li {
                    strong { (name) } br;
                    @match &d.status {
                        DraftStatus::Editing => {
                            span.muted { "填写中 · 更新于 " (beijing(d.updated_at)) } " "
                            a href={ "/apply/drafts/" (d.id) "/form" } { "继续填写" }
                        }
                        DraftStatus::Submitted { case_no, at } => {
                            span.muted { "已提交 · " (beijing(*at)) " · 流水号 " (case_no) } " "
                            a href={ "/reviews/cases/" (case_no) } { "评价（好差评）" }
                        }
                    }
                }
            }
        }
    };
    layout(&ctx, "我的草稿", body).into_response()
}

/// `GET /apply/data-use`: every read of the applicant's data.
pub async fn data_use(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
) -> Response {
    let log = match state.subjects.data_use_log(&user.actor).await {
        Ok(l) => l,
        Err(e) => return failure(&ctx, e),
    };
    let body = html! {
        h1 { "我的用数记录" }
        p.muted { "每一次调用您的数据或电子证照，都记录在这里（仅您本人可见）。" }
        @if log.is_empty() { p #no-use .muted { "暂无用数记录。" } }
        @else {
            div.table-wrap {
                table #data-use {
                    thead { tr { th { "时间" } th { "数据来源" } th { "用途" } th { "申请" } th { "证照" } th { "使用方" } th { "数据项" } } }
                    tbody {
                        @for u in &log {
                            tr {
                                td { (beijing(u.at)) }
                                td { (u.source_name) }
                                td { (u.purpose.label()) }
                                td { (u.application.0) }
                                td.licence { (u.licence.as_deref().unwrap_or("—")) }
                                td.user { (used_by(u, &user.actor.id)) }
                                td { @for (i, e) in u.elements.iter().enumerate() { @if i > 0 { "、" } (e) } }
                            }
                        }
                    }
                }
            }
        }
    };
    layout(&ctx, "我的用数记录", body).into_response()
}

/// Who used the data of a log entry: the grantee of a licence grant (an
/// agent's document already masked), the applicant themselves, the
/// platform's automatic decision, or the reading account.
fn used_by(entry: &tongban_service::subjects::DataUse, own: &str) -> String {
    if let Some(user) = &entry.user {
        return user.clone();
    }
    if entry.reader == own {
        return "本人".to_string();
    }
    if entry.reader.starts_with("system:") {
        return "系统（自动审批）".to_string();
    }
    entry.reader.clone()
}
