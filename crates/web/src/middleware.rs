//! Cross-cutting layers: tracing, the request timeout, the body-size limit,
//! the fallbacks, and the guarantee that API errors are always JSON.

use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::extract::DefaultBodyLimit;
use axum::extract::Request;
use axum::http::{StatusCode, Uri, header};
use axum::middleware::{Next, from_fn};
use axum::response::{IntoResponse, Response};
use tower::ServiceBuilder;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use crate::api::applications::UPLOAD_BODY_LIMIT;
use crate::error::ApiError;
use crate::pages;
use crate::{BODY_LIMIT, REQUEST_TIMEOUT};

/// The most any request may stream: the upload limit and 1 MiB to spare.
const HARD_BODY_LIMIT: usize = UPLOAD_BODY_LIMIT + 1024 * 1024;

/// Wraps the application in its middleware, outermost first: trace (one
/// INFO line per response), JSON errors, the in-flight bound, timeout,
/// body limits.
///
/// At most `max_in_flight` requests are handled at once; the next one is
/// shed at once with 503 `overloaded` instead of waiting in an unbounded
/// queue.
///
/// Bodies are capped twice: no request may stream more than
/// [`HARD_BODY_LIMIT`] (a little over the upload routes' own limit, so the
/// upload parser answers first with its precise `upload_too_large`), and
/// every extractor (JSON, forms) stops at [`BODY_LIMIT`] unless its route
/// raises the default — only the two upload routes do.
pub fn wrap(app: Router, max_in_flight: usize) -> Router {
    app.layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(RequestBodyLimitLayer::new(HARD_BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(overloaded))
                .load_shed()
                .concurrency_limit(max_in_flight.max(1)),
        )
        .layer(from_fn(json_errors))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
}

/// The span of one request: method and path only. The query string is
/// left out on purpose: it may carry a phone number or an ID number, and
/// logs must never hold those unmasked.
fn request_span(request: &Request) -> tracing::Span {
    tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
}

/// True for the paths whose errors must be JSON.
pub(crate) fn is_api(path: &str) -> bool {
    path == "/healthz" || path == "/api" || path.starts_with("/api/")
}

/// The answer of a shed request (or any other error of the in-flight
/// bound): 503 `overloaded`, JSON under /api and a page elsewhere.
async fn overloaded(uri: Uri, _error: tower::BoxError) -> Response {
    let message = "系统繁忙，请稍后再试";
    let mut response = if is_api(uri.path()) {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "overloaded", message).into_response()
    } else {
        pages::status_error_page(StatusCode::SERVICE_UNAVAILABLE, "系统繁忙", message)
    };
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
    response
}

/// The fallback for unknown routes: JSON 404 under /api, a Chinese page
/// elsewhere.
pub async fn not_found(uri: Uri) -> Response {
    if is_api(uri.path()) {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "route_not_found",
            format!(
                "接口“{}”不存在，可用的接口见 /api/v1/openapi.json",
                uri.path()
            ),
        )
        .into_response()
    } else {
        pages::not_found("页面不存在", "您访问的页面不存在，请从首页重新查找。")
    }
}

/// The fallback for a known route with the wrong method.
pub async fn method_not_allowed(uri: Uri) -> Response {
    let message = format!("接口“{}”不支持这种请求方法", uri.path());
    if is_api(uri.path()) {
        ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            message,
        )
        .into_response()
    } else {
        (StatusCode::METHOD_NOT_ALLOWED, message).into_response()
    }
}

/// Turns the plain-text errors of the layers below (413 from the body
/// limit, 503 from the timeout, anything else) into JSON under /api.
async fn json_errors(request: Request, next: Next) -> Response {
    let api = is_api(request.uri().path());
    let response = next.run(request).await;
    let status = response.status();
    let failed = status.is_client_error() || status.is_server_error();
    if !api || !failed || is_json(&response) {
        return response;
    }
    let (code, message) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => {
            ("payload_too_large", "请求体过大（上限 2 MiB）".to_string())
        }
        StatusCode::SERVICE_UNAVAILABLE => ("timeout", "请求处理超时，请稍后再试".to_string()),
        other => (
            "http_error",
            format!("请求未能完成（HTTP {}）", other.as_u16()),
        ),
    };
    ApiError::new(status, code, message).into_response()
}

fn is_json(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_api_and_health_paths_get_json_errors() {
        for (path, api) in [
            ("/healthz", true),
            ("/api", true),
            ("/api/v1/nope", true),
            ("/apis", false),
            ("/items/x", false),
            ("/", false),
        ] {
            assert_eq!(is_api(path), api, "{path}");
        }
    }
}
