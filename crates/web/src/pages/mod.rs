//! Server-rendered pages in Simplified Chinese (maud, no JavaScript): the
//! home search, the item guide (办事指南) and the bundle guide.

mod bundle;
mod home;
mod item;
pub mod labels;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::{DOCTYPE, Markup, html};
use tongban_service::ServiceError;

use crate::AppState;

const STYLESHEET: &str = include_str!("../../static/app.css");

/// The page routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/items/{code}", get(item::item_page))
        .route("/bundles/{code}", get(bundle::bundle_page))
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

/// The common page frame.
fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " - 通办" }
                link rel="stylesheet" href="/static/app.css";
            }
            body {
                header.site { a href="/" { "通办 · 政务服务" } }
                main { (body) }
                footer { "通办政务服务平台 · 事项目录与一件事" }
            }
        }
    }
}

/// A Chinese 404 page.
pub fn not_found(title: &str, message: &str) -> Response {
    let body = html! {
        h1 { (title) }
        p { (message) }
        p { a href="/" { "返回首页" } }
    };
    (StatusCode::NOT_FOUND, layout(title, body)).into_response()
}

/// The page for a failed use case: 404 for unknown codes, otherwise a
/// server error page (details are in the log, not on the page).
fn error_page(err: ServiceError) -> Response {
    match err {
        ServiceError::ItemNotFound(code) => not_found(
            "未找到事项",
            &format!("事项编码“{code}”不存在，请从首页搜索。"),
        ),
        ServiceError::BundleNotFound(code) => not_found(
            "未找到一件事",
            &format!("一件事编码“{code}”不存在，请从首页搜索。"),
        ),
        ServiceError::InvalidParameter { .. } | ServiceError::InvalidAnswers(_) => {
            let body = html! { h1 { "请求无效" } p { (err.to_string()) } };
            (StatusCode::BAD_REQUEST, layout("请求无效", body)).into_response()
        }
        other => {
            let status = match other {
                ServiceError::StoreUnavailable | ServiceError::SearchUnavailable => {
                    StatusCode::SERVICE_UNAVAILABLE
                }
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            };
            let body = html! { h1 { "服务暂不可用" } p { (other.to_string()) } };
            (status, layout("服务暂不可用", body)).into_response()
        }
    }
}
