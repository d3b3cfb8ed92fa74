//! `/hall/{code}/kiosk`: the number kiosk (取号机). Anyone takes a number
//! for 综合业务 or one of the items the hall's windows list, with an
//! optional mobile number; the slip shows the number and how many wait
//! before it.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;
use tongban_service::hall::{HallView, TakeInput, TicketView};

use super::refused;
use crate::AppState;
use crate::account::csrf::{CSRF_COOKIE, CSRF_FIELD, CsrfForm, anonymous_token};
use crate::pages::context::set_cookie;
use crate::pages::{PageContext, layout};

/// `?ticket=` of the kiosk page: a slip to show again.
#[derive(Debug, Deserialize)]
pub(super) struct SlipQuery {
    #[serde(default)]
    ticket: Option<String>,
}

/// The kiosk form's fields.
#[derive(Debug, Deserialize)]
pub(super) struct TakeForm {
    #[serde(default)]
    service: String,
    #[serde(default)]
    phone: String,
}

/// `GET /hall/{code}/kiosk`: the form, or a slip with `?ticket=`.
pub(super) async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(q): Query<SlipQuery>,
) -> Response {
    let hall = match state.hall.hall(&code).await {
        Ok(h) => h,
        Err(err) => return refused(&ctx, "取号", &err),
    };
    let slip_view = match q.ticket.as_deref() {
        Some(id) => match state.hall.ticket(id).await {
            Ok(t) if t.hall == hall.code => Some(t),
            Ok(_) => None,
            Err(err) => return refused(&ctx, "取号", &err),
        },
        None => None,
    };
    let (csrf, fresh) = match &ctx.user {
        Some(user) => (user.csrf_token.clone(), false),
        None => anonymous_token(&headers),
    };
    let title = format!("{} · 取号", hall.name);
    let body = html! {
        @if let Some(t) = &slip_view { (slip(&hall, t)) }
        (form(&hall, &csrf))
    };
    let mut response = layout(&ctx, &title, body).into_response();
    if fresh {
        response
            .headers_mut()
            .insert(header::SET_COOKIE, set_cookie(CSRF_COOKIE, &csrf, 3600));
    }
    response
}

/// `POST /hall/{code}/kiosk`: takes a number and shows the slip.
pub(super) async fn take(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(code): Path<String>,
    CsrfForm(form): CsrfForm<TakeForm>,
) -> Response {
    let hall = match state.hall.hall(&code).await {
        Ok(h) => h,
        Err(err) => return refused(&ctx, "取号", &err),
    };
    let input = TakeInput {
        channel: None,
        service: Some(form.service).filter(|s| !s.trim().is_empty()),
        phone: Some(form.phone).filter(|p| !p.trim().is_empty()),
    };
    match state.hall.take(None, &hall.code, &input).await {
        Ok(ticket) => {
            let title = format!("{} · 取号成功", hall.name);
            let body = html! {
                (slip(&hall, &ticket))
                p { a href=(format!("/hall/{}/kiosk", hall.code)) { "继续取号" } }
            };
            layout(&ctx, &title, body).into_response()
        }
        Err(err) => refused(&ctx, "取号", &err),
    }
}

fn slip(hall: &HallView, t: &TicketView) -> Markup {
    html! {
        section.slip data-ticket=(t.id) data-state=(t.state) {
            h1 { "您的号码 " strong.number { (t.number) } }
            p { (hall.name) " · " (t.service_name) " · " (t.state_label) }
            @if let Some(ahead) = t.ahead {
                p.ahead data-ahead=(ahead) { "前面还有 " strong { (ahead) } " 人等候" }
            }
            @if let Some(w) = &t.window { p { "请到 " strong { (w) } " 号窗口办理" } }
            @if let Some(phone) = &t.phone { p { "叫号提醒手机：" (phone) } }
            p { a href=(format!("/hall/{}/kiosk?ticket={}", hall.code, t.id)) { "刷新排队进度" }
                " · " a href=(format!("/hall/{}/screen", hall.code)) { "查看叫号屏" } }
        }
    }
}

fn form(hall: &HallView, csrf: &str) -> Markup {
    html! {
        h2 { (hall.name) " 自助取号" }
        form.kiosk method="post" action=(format!("/hall/{}/kiosk", hall.code)) {
            input type="hidden" name=(CSRF_FIELD) value=(csrf);
            fieldset {
                legend { "办理业务" }
                label { input type="radio" name="service" value="" checked; " 综合业务" }
                @for s in &hall.services {
                    label { input type="radio" name="service" value=(s.code); " " (s.name) }
                }
            }
            label { "手机号码（选填，用于叫号提醒） "
                input type="tel" name="phone" inputmode="numeric" maxlength="13" autocomplete="tel"; }
            button type="submit" { "取号" }
        }
    }
}
