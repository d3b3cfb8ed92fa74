//! `/prefs/script/{hans|hant}` and `/prefs/large/{on|off}`: the header's
//! 简/繁 and 大字版 switches. Each sets a cookie and sends the reader back.
//!
//! These are GET links without a CSRF token on purpose: they only change
//! how this browser displays pages (a cookie the reader could set by
//! hand), never any state on the server, so a forged request can do no
//! more than switch someone's display.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;

use super::context::{LARGE_COOKIE, SCRIPT_COOKIE, set_cookie};
use super::not_found;

/// How long a display preference is kept (one year).
const MAX_AGE_SECONDS: i64 = 365 * 24 * 60 * 60;

/// Bytes that may not stand raw in a Location header; non-ASCII is always
/// encoded by `utf8_percent_encode`.
const LOCATION: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>').add(b'`');

/// The switches' query string.
#[derive(Debug, Default, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// `GET /prefs/script/{hans|hant}`.
pub async fn script(
    Path(value): Path<String>,
    query: Result<Query<NextQuery>, QueryRejection>,
) -> Response {
    match value.as_str() {
        "hans" | "hant" => switch(SCRIPT_COOKIE, &value, query),
        _ => unknown(),
    }
}

/// `GET /prefs/large/{on|off}`.
pub async fn large(
    Path(value): Path<String>,
    query: Result<Query<NextQuery>, QueryRejection>,
) -> Response {
    match value.as_str() {
        "on" => switch(LARGE_COOKIE, "1", query),
        "off" => switch(LARGE_COOKIE, "0", query),
        _ => unknown(),
    }
}

/// The link that switches a preference and comes back to `here`.
pub fn switch_href(route: &str, here: &str) -> String {
    format!(
        "{route}?next={}",
        utf8_percent_encode(here, NON_ALPHANUMERIC)
    )
}

fn switch(name: &str, value: &str, query: Result<Query<NextQuery>, QueryRejection>) -> Response {
    let next = query.ok().and_then(|Query(q)| q.next);
    let mut response = see_other_local(next.as_deref().unwrap_or("/"));
    response
        .headers_mut()
        .insert(header::SET_COOKIE, set_cookie(name, value, MAX_AGE_SECONDS));
    response
}

/// A 303 redirect to `next` if it is a path on this site (else `/`),
/// percent-encoded for the Location header.
pub(crate) fn see_other_local(next: &str) -> Response {
    let location = utf8_percent_encode(local_path(next), LOCATION).to_string();
    match HeaderValue::from_str(&location) {
        Ok(location) => (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response(),
        // Unreachable with the encoding above; answer safely all the same.
        Err(_) => (StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response(),
    }
}

/// `next` if it is a path on this site, else `/`. `//host` and `/\host`
/// are taken by browsers as another site, and browsers drop tabs and line
/// breaks from URLs (so `/\t/host` is `//host`): none of those pass.
pub fn local_path(next: &str) -> &str {
    let mut chars = next.chars();
    let local = chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !next.chars().any(|c| c.is_control() || c.is_whitespace());
    if local { next } else { "/" }
}

fn unknown() -> Response {
    not_found("页面不存在", "显示设置的取值无效，请从页面顶部的开关切换。")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_accepted_as_next() {
        for (next, expected) in [
            ("/items/x?y=1", "/items/x?y=1"),
            ("/", "/"),
            ("/?q=营业执照", "/?q=营业执照"),
            ("//evil.example", "/"),
            ("/\\evil.example", "/"),
            ("/\t/evil.example", "/"),
            ("https://evil.example", "/"),
            ("javascript:alert(1)", "/"),
            ("evil.example", "/"),
            ("", "/"),
        ] {
            assert_eq!(local_path(next), expected, "{next:?}");
        }
    }

    #[test]
    fn the_switch_link_carries_the_whole_path_and_query() {
        assert_eq!(
            switch_href("/prefs/large/on", "/?q=a&b=1"),
            "/prefs/large/on?next=%2F%3Fq%3Da%26b%3D1"
        );
    }
}
