//! The pages of 好差评: the applicant's rating form for a case
//! (`/reviews/cases/{case_no}`), the window evaluator device reached by QR
//! (`/reviews/device/{case_no}?t=…`, no login: the one-time token is the
//! key), the department's rectification worklist (`/workbench/reviews`)
//! and the supervisor's board (`/workbench/reviews/board`).

mod work;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use maud::{Markup, html};
use serde::Deserialize;
use tongban_domain::review::{Channel, Level, Rating, RatingInput, TAGS};
use tongban_service::ServiceError;

use super::context::set_cookie;
use super::{PageContext, layout};
use crate::AppState;
use crate::account::csrf::{CSRF_COOKIE, CSRF_FIELD, CsrfForm, anonymous_token};
use crate::account::session::SignedInPage;

/// The page routes of this module.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/reviews/cases/{case_no}", get(case_page).post(rate_case))
        .route(
            "/reviews/device/{case_no}",
            get(device_page).post(rate_on_device),
        )
        .merge(work::routes())
}

/// The rating form's fields.
#[derive(Debug)]
struct RateForm {
    level: String,
    comment: String,
    /// The device token (device page only).
    t: String,
    /// Tags, one field each (`tag=…&tag=…`).
    tags: Vec<String>,
}

/// Reads a rating form from its raw pairs (tags repeat).
fn rate_form(fields: &[(String, String)]) -> RateForm {
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    RateForm {
        level: get("level"),
        comment: get("comment"),
        t: get("t"),
        tags: fields
            .iter()
            .filter(|(k, _)| k == "tag")
            .map(|(_, v)| v.clone())
            .collect(),
    }
}

impl RateForm {
    fn input(self) -> Result<RatingInput, ServiceError> {
        let level = Level::parse(&self.level).map_err(|e| {
            ServiceError::refused(tongban_service::Refusal::Invalid, e.code(), e.to_string())
        })?;
        Ok(RatingInput {
            level,
            tags: self.tags,
            comment: self.comment,
        })
    }
}

/// `GET /reviews/cases/{case_no}`: the applicant's ratings of the case
/// and, when they may rate, the form.
async fn case_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(case_no): Path<String>,
) -> Response {
    let csrf = user.csrf_token.clone().unwrap_or_default();
    match state.reviews.ratings_of_case(&user.actor, &case_no).await {
        Ok(list) => {
            let action = format!("/reviews/cases/{case_no}");
            let body = html! {
                h1 { "办件评价（好差评）" }
                p { "办件编号 " code { (case_no) } }
                (ratings(&list))
                @if list.iter().any(Rating::is_valid) {
                    p.notice { "您已评价该办件。差评经核实、整改、回访办结后，可重新评价。" }
                }
                (form(&action, &csrf, None))
            };
            layout(&ctx, "办件评价", body).into_response()
        }
        Err(err) => refused(&ctx, "办件评价", &err),
    }
}

/// `POST /reviews/cases/{case_no}`.
async fn rate_case(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(case_no): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let result = match rate_form(&fields).input() {
        Ok(input) => {
            state
                .reviews
                .rate(&user.actor, &case_no, input, Channel::Page)
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Redirect::to(&format!("/reviews/cases/{case_no}")).into_response(),
        Err(err) => refused(&ctx, "办件评价", &err),
    }
}

/// `?t=` of the device page.
#[derive(Debug, Deserialize)]
struct DeviceQuery {
    #[serde(default)]
    t: String,
}

/// `GET /reviews/device/{case_no}?t=…`: the evaluator device's form.
async fn device_page(
    State(state): State<AppState>,
    ctx: PageContext,
    headers: HeaderMap,
    Path(case_no): Path<String>,
    Query(q): Query<DeviceQuery>,
) -> Response {
    let shown = match state.reviews.device_case(&case_no, &q.t).await {
        Ok(c) => c,
        Err(err) => return refused(&ctx, "窗口服务评价", &err),
    };
    let (csrf, fresh) = anonymous_token(&headers);
    let action = format!("/reviews/device/{case_no}");
    let body = html! {
        h1 { "请您对本次服务进行评价" }
        p { (shown.name) " · 办件编号 " code { (shown.case_no) } }
        @if let Some(w) = &shown.window { p { "服务窗口：" (w) } }
        (form(&action, &csrf, Some(&q.t)))
    };
    let mut response = layout(&ctx, "窗口服务评价", body).into_response();
    if fresh {
        response
            .headers_mut()
            .insert(header::SET_COOKIE, set_cookie(CSRF_COOKIE, &csrf, 3600));
    }
    response
}

/// `POST /reviews/device/{case_no}`: rates once with the token.
async fn rate_on_device(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(case_no): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let form = rate_form(&fields);
    let token = form.t.clone();
    let result = match form.input() {
        Ok(input) => state.reviews.rate_on_device(&case_no, &token, input).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(r) => layout(
            &ctx,
            "评价成功",
            html! {
                h1 { "感谢您的评价" }
                p.notice data-level=(r.level.code()) { "您的评价：" (r.level.label()) "。" }
            },
        )
        .into_response(),
        Err(err) => refused(&ctx, "窗口服务评价", &err),
    }
}

/// The list of ratings given.
fn ratings(list: &[Rating]) -> Markup {
    html! {
        @if !list.is_empty() {
            ul.reviews {
                @for r in list {
                    li data-level=(r.level.code()) data-valid=(r.is_valid()) {
                        strong { (r.level.label()) }
                        @if !r.tags.is_empty() { " · " (r.tags.join("、")) }
                        @if !r.comment.is_empty() { " · " (r.comment) }
                        @if !r.is_valid() { " " span.badge { "已被重新评价取代" } }
                    }
                }
            }
        }
    }
}

/// The rating form: five levels, the tags, a comment.
fn form(action: &str, csrf: &str, token: Option<&str>) -> Markup {
    html! {
        form.review-form method="post" action=(action) {
            input type="hidden" name=(CSRF_FIELD) value=(csrf);
            @if let Some(t) = token { input type="hidden" name="t" value=(t); }
            fieldset {
                legend { "满意度" }
                @for l in Level::ALL {
                    label { input type="radio" name="level" value=(l.code()) required; (l.label()) }
                }
            }
            fieldset {
                legend { "标签（好评选前五项，差评选后六项）" }
                @for (tag, _) in TAGS {
                    label { input type="checkbox" name="tag" value=(tag); (tag) }
                }
            }
            label { "评价内容（差评请说明原因）" textarea name="comment" maxlength="500" {} }
            button type="submit" { "提交评价" }
        }
    }
}

/// A refusal page with the service's code.
pub(super) fn refused(ctx: &PageContext, title: &str, err: &ServiceError) -> Response {
    use tongban_service::Refusal;
    let status = match err {
        ServiceError::Forbidden(d) if !d.hides_existence() => StatusCode::FORBIDDEN,
        ServiceError::Forbidden(_) | ServiceError::CaseNotFound => StatusCode::NOT_FOUND,
        ServiceError::Refused { kind, .. } => match kind {
            Refusal::NotFound => StatusCode::NOT_FOUND,
            Refusal::Conflict => StatusCode::CONFLICT,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        },
        ServiceError::InvalidParameter { .. } => StatusCode::BAD_REQUEST,
        _ => StatusCode::SERVICE_UNAVAILABLE,
    };
    let body = html! {
        h1 { (title) }
        p.error data-code=(err.code()) { (err.to_string()) }
        p { a href="/" { "返回首页" } }
    };
    (status, layout(ctx, title, body)).into_response()
}
