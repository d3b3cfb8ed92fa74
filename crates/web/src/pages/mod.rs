//! Server-rendered pages in Simplified Chinese (maud, no JavaScript): the
//! page frame and its switches, the home search, the item guide (办事指南)
//! and the bundle guide. Traditional script is applied on the way out by
//! [`crate::script`].

mod appeals;
mod apply;
mod bundle;
mod bundle_order;
mod cases;
pub mod context;
mod dashboard;
mod hall;
mod home;
mod item;
mod item_sections;
pub mod labels;
mod layout;
mod messages;
mod objections;
mod prefs;
mod proofs;
pub mod qr;
mod reviews;
mod verify;
mod wallet;

pub use context::{PageContext, Script, UserBadge};
pub(crate) use layout::layout;
pub(crate) use prefs::{local_path, see_other_local};

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::html;
use tongban_service::ServiceError;

use crate::AppState;

const STYLESHEET: &str = include_str!("../../static/app.css");

/// The page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/items/{code}", get(item::item_page))
        .route("/bundles/{code}", get(bundle::bundle_page))
        .route("/prefs/script/{value}", get(prefs::script))
        .route("/prefs/large/{value}", get(prefs::large))
        .merge(cases::routes())
        .merge(apply::routes())
        .merge(messages::routes())
        .merge(verify::routes())
        .merge(reviews::routes())
        .merge(appeals::routes())
        .merge(proofs::routes())
        .merge(objections::routes())
        .merge(wallet::routes())
        .merge(dashboard::routes())
        .merge(hall::routes())
}

/// `GET /static/app.css`.
pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
        .into_response()
}

/// A Chinese 404 page. It has no request at hand, so it is framed for a
/// default reader; [`crate::script`] then applies the reader's script and
/// type size to it like to every page.
pub fn not_found(title: &str, message: &str) -> Response {
    not_found_for(&PageContext::default(), title, message)
}

/// A Chinese 404 page framed for this reader.
fn not_found_for(ctx: &PageContext, title: &str, message: &str) -> Response {
    status_page(ctx, StatusCode::NOT_FOUND, title, message)
}

/// A Chinese error page with `status` (e.g. 429 from the rate limits).
pub fn status_error_page(status: StatusCode, title: &str, message: &str) -> Response {
    status_page(&PageContext::default(), status, title, message)
}

fn status_page(ctx: &PageContext, status: StatusCode, title: &str, message: &str) -> Response {
    let body = html! {
        h1 { (title) }
        p { (message) }
        p { a href="/" { "返回首页" } }
    };
    (status, layout(ctx, title, body)).into_response()
}

/// The page for a failed use case: 404 for unknown codes, otherwise a
/// server error page (details are in the log, not on the page).
fn error_page(ctx: &PageContext, err: ServiceError) -> Response {
    match err {
        ServiceError::ItemNotFound(code) => not_found_for(
            ctx,
            "未找到事项",
            &format!("事项编码“{code}”不存在，请从首页搜索。"),
        ),
        ServiceError::BundleNotFound(code) => not_found_for(
            ctx,
            "未找到一件事",
            &format!("一件事编码“{code}”不存在，请从首页搜索。"),
        ),
        ServiceError::Forbidden(_) => {
            let body =
                html! { h1 { "无权访问" } p { (err.to_string()) } p { a href="/" { "返回首页" } } };
            (StatusCode::FORBIDDEN, layout(ctx, "无权访问", body)).into_response()
        }
        ServiceError::InvalidParameter { .. } | ServiceError::InvalidAnswers(_) => {
            let body = html! { h1 { "请求无效" } p { (err.to_string()) } };
            (StatusCode::BAD_REQUEST, layout(ctx, "请求无效", body)).into_response()
        }
        other => {
            let status = match other {
                ServiceError::StoreUnavailable | ServiceError::SearchUnavailable => {
                    StatusCode::SERVICE_UNAVAILABLE
                }
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            };
            let body = html! { h1 { "服务暂不可用" } p { (other.to_string()) } };
            (status, layout(ctx, "服务暂不可用", body)).into_response()
        }
    }
}
