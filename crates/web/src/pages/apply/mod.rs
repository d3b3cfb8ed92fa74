//! The applicant's pages, phone-first: search → bundle and questions →
//! one-time notice → (login) → 实名核验 → consent → form → materials →
//! review → submit → done; “我的草稿” and “我的用数记录”. Plain HTML forms,
//! no script needed; ID and phone numbers are masked on every page.

mod answers;
mod draft_pages;
mod form_page;
mod guide;
mod materials_page;
mod mine;
mod review_page;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use maud::{Markup, html};
use tongban_service::{Refusal, ServiceError};

use super::{PageContext, layout};
use crate::AppState;
use crate::account::csrf::CSRF_FIELD;

/// This module's page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/apply", get(guide::search))
        .route("/apply/bundles/{code}", get(guide::questions))
        .route("/apply/notice", get(guide::notice))
        .route(
            "/apply/start",
            get(draft_pages::start_page).post(draft_pages::start),
        )
        .route("/apply/drafts", get(mine::drafts))
        .route("/apply/data-use", get(mine::data_use))
        .route(
            "/apply/drafts/{id}/identity",
            get(draft_pages::identity_page).post(draft_pages::verify),
        )
        .route(
            "/apply/drafts/{id}/consent",
            get(draft_pages::consent_page).post(draft_pages::grant),
        )
        .route(
            "/apply/drafts/{id}/consent/revoke",
            post(draft_pages::revoke),
        )
        .route(
            "/apply/drafts/{id}/form",
            get(form_page::form_page).post(form_page::save),
        )
        .route(
            "/apply/drafts/{id}/materials",
            get(materials_page::materials_page),
        )
        .route(
            "/apply/drafts/{id}/uploads",
            post(materials_page::upload).layer(axum::extract::DefaultBodyLimit::max(
                crate::api::applications::UPLOAD_BODY_LIMIT,
            )),
        )
        .route(
            "/apply/drafts/{id}/uploads/remove",
            post(materials_page::remove),
        )
        .route(
            "/apply/drafts/{id}/commitments",
            post(materials_page::commit),
        )
        .route("/apply/drafts/{id}/review", get(review_page::review_page))
        .route("/apply/drafts/{id}/submit", post(review_page::submit))
        .route("/apply/drafts/{id}/done", get(review_page::done))
}

/// The steps of a draft, for the progress line.
const STEPS: [(&str, &str); 5] = [
    ("identity", "实名核验"),
    ("consent", "数据授权"),
    ("form", "填写表单"),
    ("materials", "提交材料"),
    ("review", "确认提交"),
];

/// The progress line of a draft's pages, `current` highlighted.
fn steps(draft: &str, current: &str) -> Markup {
    html! {
        nav.apply-steps aria-label="申请步骤" {
            ol {
                @for (i, (slug, label)) in STEPS.iter().enumerate() {
                    @if *slug == current {
                        li.current aria-current="step" { (i + 1) ". " (label) }
                    } @else {
                        li { a href={ "/apply/drafts/" (draft) "/" (slug) } { (i + 1) ". " (label) } }
                    }
                }
            }
        }
    }
}

/// The hidden CSRF field of a signed-in form.
pub(super) fn csrf_field(token: &str) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(token); }
}

/// The page for a failed use case, with the refusal's message.
pub(super) fn failure(ctx: &PageContext, err: ServiceError) -> Response {
    let status = match &err {
        ServiceError::Refused { kind, .. } => match kind {
            Refusal::NotFound => StatusCode::NOT_FOUND,
            Refusal::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
            Refusal::Conflict => StatusCode::CONFLICT,
            Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Refusal::UnsupportedType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        },
        ServiceError::ItemNotFound(_) | ServiceError::BundleNotFound(_) => StatusCode::NOT_FOUND,
        ServiceError::InvalidAnswers(_) | ServiceError::InvalidParameter { .. } => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        ServiceError::StoreUnavailable | ServiceError::Unavailable(_) => {
            StatusCode::SERVICE_UNAVAILABLE
        }
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let title = if status == StatusCode::NOT_FOUND {
        "未找到"
    } else {
        "无法办理"
    };
    let body = html! {
        h1 { (title) }
        p.error role="alert" data-code=(err.code()) { (err.to_string()) }
        p { a href="/apply/drafts" { "我的草稿" } " · " a href="/apply" { "重新查找事项" } }
    };
    (status, layout(ctx, title, body)).into_response()
}
