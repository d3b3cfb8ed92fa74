//! `/hall/{code}/screen`: the waiting display (叫号屏) on the hall's wall:
//! the numbers being called to which window, and how many wait. It reloads
//! itself every ten seconds.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::html;

use super::refused;
use crate::AppState;
use crate::pages::{PageContext, layout};

/// How often the display reloads, in seconds.
const REFRESH_SECONDS: u32 = 10;

/// `GET /hall/{code}/screen`.
pub(super) async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(code): Path<String>,
) -> Response {
    let board = match state.hall.board(&code).await {
        Ok(b) => b,
        Err(err) => return refused(&ctx, "叫号屏", &err),
    };
    let title = format!("{} · 叫号屏", board.name);
    let body = html! {
        meta http-equiv="refresh" content=(REFRESH_SECONDS);
        section.hall-screen data-hall=(board.hall) {
            h1 { (board.name) }
            p.summary { "等候 " strong data-waiting=(board.waiting) { (board.waiting) } " 人 · 开放窗口 "
                strong { (board.windows_open) } " 个" }
            @if board.calling.is_empty() {
                p.empty { "暂无叫号" }
            } @else {
                table.calling {
                    thead { tr { th { "号码" } th { "请到" } } }
                    tbody {
                        @for c in &board.calling {
                            tr data-number=(c.number) {
                                td.number { (c.number) }
                                td { (c.window_name) }
                            }
                        }
                    }
                }
            }
            p.hint { "请留意叫号，过号请重新取号。" }
        }
    };
    layout(&ctx, &title, body).into_response()
}
