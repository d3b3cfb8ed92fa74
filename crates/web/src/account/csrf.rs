//! CSRF protection for every state-changing form.
//!
//! A form handler takes [`CsrfForm<T>`] instead of `Form<T>`: the body must
//! carry a `_csrf` field equal to the signed-in session's CSRF token (kept
//! in the database beside the session), or, before sign-in (the login
//! forms), equal to the `tb_csrf` cookie that the form's page set (the
//! double-submit pattern: another site can make the browser send the cookie
//! but cannot read it to copy it into the form). Anything else is refused
//! with 403 `csrf_rejected` and the handler never runs.

use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use serde::de::DeserializeOwned;

use super::session::CurrentUser;
use crate::BODY_LIMIT;
use crate::pages::context::cookie;

/// The cookie that carries the pre-login CSRF token.
pub const CSRF_COOKIE: &str = "tb_csrf";
/// The form field that carries the token.
pub const CSRF_FIELD: &str = "_csrf";

/// A form body whose CSRF token was checked.
pub struct CsrfForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(request: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let expected = expected_token(request.headers(), request.extensions().get::<CurrentUser>());
        let bytes = axum::body::to_bytes(request.into_body(), BODY_LIMIT)
            .await
            .map_err(|_| refuse(StatusCode::PAYLOAD_TOO_LARGE, "表单内容过大"))?;
        let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| refuse(StatusCode::BAD_REQUEST, "表单内容无法解析"))?;
        let sent = fields
            .iter()
            .find(|(k, _)| k == CSRF_FIELD)
            .map(|(_, v)| v.as_str());
        match (expected, sent) {
            (Some(expected), Some(sent))
                if constant_time_eq(expected.as_bytes(), sent.as_bytes()) => {}
            _ => {
                tracing::info!(code = "csrf_rejected", "表单 CSRF 校验未通过，已拒绝");
                return Err(refuse(
                    StatusCode::FORBIDDEN,
                    "表单已失效（安全校验未通过），请返回上一页刷新后重新提交",
                ));
            }
        }
        serde_urlencoded::from_bytes(&bytes)
            .map(CsrfForm)
            .map_err(|e| {
                refuse(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &format!("表单字段不符合要求：{e}"),
                )
            })
    }
}

/// The token the form must carry: the session's, else the cookie's.
fn expected_token(headers: &HeaderMap, user: Option<&CurrentUser>) -> Option<String> {
    match user.and_then(|u| u.csrf_token.clone()) {
        Some(token) => Some(token),
        None => cookie(headers, CSRF_COOKIE)
            .filter(|t| t.len() >= 16)
            .map(str::to_string),
    }
}

/// A fresh random token (128 bits, base64url).
pub fn new_token() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The pre-login token of this request, and whether it must be set as a
/// cookie (it is new).
pub fn anonymous_token(headers: &HeaderMap) -> (String, bool) {
    match cookie(headers, CSRF_COOKIE).filter(|t| t.len() >= 16) {
        Some(token) => (token.to_string(), false),
        None => (new_token(), true),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn refuse(status: StatusCode, message: &str) -> Response {
    let code = if status == StatusCode::FORBIDDEN {
        "csrf_rejected"
    } else {
        "invalid_form"
    };
    let body = maud::html! {
        (maud::DOCTYPE)
        html lang="zh-CN" {
            head { meta charset="utf-8"; title { "请求被拒绝 - 通办" } link rel="stylesheet" href="/static/app.css"; }
            body { main { h1 { "请求被拒绝" } p data-code=(code) { (message) } p { a href="/" { "返回首页" } } } }
        }
    };
    (status, body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_long_enough() {
        let a = new_token();
        assert!(a.len() >= 22);
        assert_ne!(a, new_token());
    }

    #[test]
    fn equal_tokens_compare_equal_and_others_do_not() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
