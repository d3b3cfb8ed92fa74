//! 简/繁: pages are written in Simplified Chinese and converted to
//! Traditional on the way out when the reader's `tb_script` cookie asks
//! for it. The conversion is the `zhconv` crate's (MediaWiki and OpenCC
//! dictionaries), applied to the whole HTML response; JSON and every other
//! content type pass through untouched.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use zhconv::{Variant, zhconv};

use crate::pages::context::{Script, large_from_headers};

/// The largest page converted; a page is far smaller, so anything bigger is
/// a fault and answered as one rather than buffered.
const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;

/// What a page rendered without a [`crate::pages::PageContext`] (the
/// fallback 404) opens with.
const DEFAULT_HTML_TAG: &str = r#"<html lang="zh-CN">"#;

/// Middleware: converts text/html responses to Traditional for readers who
/// asked for it, makes the `<html>` tag carry the reader's `lang` and
/// 大字版 class, and marks every page as varying by cookie (so a shared
/// cache never serves one reader's script to another).
pub async fn apply_preferences(request: Request, next: Next) -> Response {
    let script = Script::from_headers(request.headers());
    let large = large_from_headers(request.headers());
    let mut response = next.run(request).await;
    if !is_html(&response) {
        return response;
    }
    response
        .headers_mut()
        .append(header::VARY, HeaderValue::from_static("cookie"));
    if script == Script::Simplified && !large {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(error = %err, "page body could not be read for script conversion");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "页面生成失败，请稍后再试",
            )
                .into_response();
        }
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let text = text.replacen(DEFAULT_HTML_TAG, &html_tag(script, large), 1);
    let text = match script {
        Script::Traditional => to_traditional(&text),
        Script::Simplified => text,
    };
    // The length changed with the conversion; the body sets its own.
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(text))
}

/// The opening `<html>` tag for a script and type size.
pub fn html_tag(script: Script, large: bool) -> String {
    let class = if large { r#" class="large""# } else { "" };
    format!(r#"<html lang="{}"{class}>"#, script.lang())
}

/// Simplified → Traditional (繁體, no regional vocabulary).
pub fn to_traditional(text: &str) -> String {
    zhconv(text, Variant::ZhHant)
}

/// Traditional (or mixed) → Simplified, for what a reader types into a
/// search box on a Traditional page: the catalog is indexed in Simplified.
pub fn to_simplified(text: &str) -> String {
    zhconv(text, Variant::ZhHans)
}

fn is_html(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yingye_zhizhao_banli_becomes_traditional() {
        assert_eq!(to_traditional("营业执照办理"), "營業執照辦理");
    }

    #[test]
    fn markup_and_ascii_survive_the_conversion() {
        let page = r#"<a href="/items/350825-scjg-001?q=yyzz" class="result">营业执照</a>"#;
        assert_eq!(
            to_traditional(page),
            r#"<a href="/items/350825-scjg-001?q=yyzz" class="result">營業執照</a>"#
        );
    }

    #[test]
    fn traditional_search_words_are_looked_up_in_simplified() {
        assert_eq!(to_simplified("營業執照"), "营业执照");
        assert_eq!(to_simplified("yyzz 营业执照"), "yyzz 营业执照");
    }

    #[test]
    fn the_html_tag_names_the_script_and_the_type_size() {
        assert_eq!(html_tag(Script::Simplified, false), DEFAULT_HTML_TAG);
        assert_eq!(
            html_tag(Script::Traditional, true),
            r#"<html lang="zh-Hant" class="large">"#
        );
    }
}
