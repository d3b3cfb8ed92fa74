//! `/workbench/hall`: a window clerk's desk. Without a window: the halls
//! of their region with a 开窗 button per window. With one: the number at
//! the window, 叫号, 办结 (with the case number), 过号 and 暂停.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use tongban_service::hall::{DeskView, HallView};

use super::refused;
use crate::AppState;
use crate::account::csrf::{CSRF_FIELD, CsrfForm};
use crate::account::session::SignedInPage;
use crate::pages::{PageContext, layout};

const TITLE: &str = "窗口叫号";
const HERE: &str = "/workbench/hall";

/// A window to open or pause.
#[derive(Debug, Deserialize)]
pub(super) struct WindowForm {
    hall: String,
    window: String,
}

/// A number to serve or mark absent.
#[derive(Debug, Deserialize)]
pub(super) struct TicketForm {
    ticket: String,
    #[serde(default)]
    case_no: String,
}

/// `GET /workbench/hall`.
pub(super) async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
) -> Response {
    let csrf = user.csrf_token.clone().unwrap_or_default();
    let body = match state.hall.desk(&user.actor).await {
        Ok(Some(desk)) => at_window(&desk, &csrf),
        Ok(None) => match state.hall.halls_for_clerk(&user.actor).await {
            Ok(halls) => choose(&halls, &csrf),
            Err(err) => return refused(&ctx, TITLE, &err),
        },
        Err(err) => return refused(&ctx, TITLE, &err),
    };
    layout(&ctx, TITLE, body).into_response()
}

fn at_window(desk: &DeskView, csrf: &str) -> Markup {
    html! {
        h1 { (desk.hall_name) " · " (desk.window.name) }
        p.summary { "大厅等候 " strong data-waiting=(desk.waiting) { (desk.waiting) } " 人" }
        @if let Some(t) = &desk.current {
            section.current data-ticket=(t.id) {
                h2 { "当前号码 " strong.number { (t.number) } }
                p { (t.service_name) " · " (t.channel_label)
                    @if let Some(phone) = &t.phone { " · 手机 " (phone) } }
                form method="post" action="/workbench/hall/serve" {
                    input type="hidden" name=(CSRF_FIELD) value=(csrf);
                    input type="hidden" name="ticket" value=(t.id);
                    label { "办件编号（选填） " input type="text" name="case_no" maxlength="40"; }
                    button type="submit" { "办结" }
                }
                form method="post" action="/workbench/hall/absent" {
                    input type="hidden" name=(CSRF_FIELD) value=(csrf);
                    input type="hidden" name="ticket" value=(t.id);
                    button type="submit" { "过号" }
                }
            }
        } @else {
            form method="post" action="/workbench/hall/call" {
                input type="hidden" name=(CSRF_FIELD) value=(csrf);
                input type="hidden" name="hall" value=(desk.hall);
                input type="hidden" name="window" value=(desk.window.code);
                button #call-next type="submit" { "叫号" }
            }
        }
        form method="post" action="/workbench/hall/close" {
            input type="hidden" name=(CSRF_FIELD) value=(csrf);
            input type="hidden" name="hall" value=(desk.hall);
            input type="hidden" name="window" value=(desk.window.code);
            button type="submit" { "暂停服务" }
        }
        p { a href=(format!("/hall/{}/screen", desk.hall)) { "叫号屏" } }
    }
}

fn choose(halls: &[HallView], csrf: &str) -> Markup {
    html! {
        h1 { (TITLE) }
        p { "请选择您所在的窗口开窗后叫号。" }
        @if halls.is_empty() { p.empty { "您的辖区内暂无政务服务大厅。" } }
        @for hall in halls {
            section.hall data-hall=(hall.code) {
                h2 { (hall.name) }
                ul.windows {
                    @for w in &hall.windows {
                        li data-window=(w.code) data-state=(w.state) {
                            (w.name) " · " (w.state_label) " "
                            form.inline method="post" action="/workbench/hall/open" {
                                input type="hidden" name=(CSRF_FIELD) value=(csrf);
                                input type="hidden" name="hall" value=(hall.code);
                                input type="hidden" name="window" value=(w.code);
                                button type="submit" { "开窗" }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `POST /workbench/hall/open`.
pub(super) async fn open(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    CsrfForm(form): CsrfForm<WindowForm>,
) -> Response {
    let done = state
        .hall
        .open_window(&user.actor, &form.hall, &form.window)
        .await;
    back(&ctx, done.map(|_| ()))
}

/// `POST /workbench/hall/close`.
pub(super) async fn close(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    CsrfForm(form): CsrfForm<WindowForm>,
) -> Response {
    let done = state
        .hall
        .close_window(&user.actor, &form.hall, &form.window)
        .await;
    back(&ctx, done.map(|_| ()))
}

/// `POST /workbench/hall/call`.
pub(super) async fn call(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    CsrfForm(form): CsrfForm<WindowForm>,
) -> Response {
    let done = state
        .hall
        .call_next(&user.actor, &form.hall, &form.window)
        .await;
    back(&ctx, done.map(|_| ()))
}

/// `POST /workbench/hall/serve`.
pub(super) async fn serve(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    CsrfForm(form): CsrfForm<TicketForm>,
) -> Response {
    let case_no = Some(form.case_no.as_str()).filter(|c| !c.trim().is_empty());
    let done = state.hall.serve(&user.actor, &form.ticket, case_no).await;
    back(&ctx, done.map(|_| ()))
}

/// `POST /workbench/hall/absent`.
pub(super) async fn absent(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    CsrfForm(form): CsrfForm<TicketForm>,
) -> Response {
    let done = state.hall.absent(&user.actor, &form.ticket).await;
    back(&ctx, done.map(|_| ()))
}

/// Back to the desk, or the refusal.
fn back(ctx: &PageContext, done: Result<(), tongban_service::ServiceError>) -> Response {
    match done {
        Ok(()) => Redirect::to(HERE).into_response(),
        Err(err) => refused(ctx, TITLE, &err),
    }
}
