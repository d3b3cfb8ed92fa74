//! Hall queue pages: the number kiosk (取号) and the window's call screen
//! (叫号).
//!
//! `/hall/{code}/kiosk` (public): take a number, see it and how many wait
//! before it; `/hall/{code}/screen` (public): the waiting display of the
//! numbers being called; `/workbench/hall` (window clerks): open a window,
//! call the next number, serve it or mark it absent, pause.

mod desk;
mod kiosk;
mod screen;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use maud::html;
use tongban_service::{Refusal, ServiceError};

use super::{PageContext, layout};
use crate::AppState;

/// The hall pages.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/hall/{code}/kiosk", get(kiosk::page).post(kiosk::take))
        .route("/hall/{code}/screen", get(screen::page))
        .route("/workbench/hall", get(desk::page))
        .route("/workbench/hall/open", post(desk::open))
        .route("/workbench/hall/close", post(desk::close))
        .route("/workbench/hall/call", post(desk::call))
        .route("/workbench/hall/serve", post(desk::serve))
        .route("/workbench/hall/absent", post(desk::absent))
}

/// A refusal page: 403 for a role that may not, 404 for something missing
/// or out of scope, 409 for a conflict, 422 for invalid input, 503
/// otherwise (details are in the log).
fn refused(ctx: &PageContext, title: &str, err: &ServiceError) -> Response {
    let status = match err {
        ServiceError::Forbidden(d) if !d.hides_existence() => StatusCode::FORBIDDEN,
        ServiceError::Forbidden(_) => StatusCode::NOT_FOUND,
        ServiceError::Refused { kind, .. } => match kind {
            Refusal::NotFound => StatusCode::NOT_FOUND,
            Refusal::Conflict => StatusCode::CONFLICT,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        },
        _ => StatusCode::SERVICE_UNAVAILABLE,
    };
    let body = html! {
        h1 { (title) }
        p.error data-code=(err.code()) { (err.to_string()) }
        p { a href="/" { "返回首页" } }
    };
    (status, layout(ctx, title, body)).into_response()
}
