//! What every page needs to know about the request it answers: the
//! reader's script and type-size preferences, where they are, who they are
//! (when logged in) and the site's absolute origin.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::HeaderValue;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};

/// The cookie that asks for Traditional script (`hant`) or Simplified (`hans`).
pub const SCRIPT_COOKIE: &str = "tb_script";
/// The cookie that asks for the 大字版 (`1`).
pub const LARGE_COOKIE: &str = "tb_large";

/// The script a page is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Script {
    /// 简体: what pages are written in.
    #[default]
    Simplified,
    /// 繁體: pages converted on the way out (see `crate::script`).
    Traditional,
}

impl Script {
    /// The script the request's `tb_script` cookie asks for.
    pub fn from_headers(headers: &HeaderMap) -> Script {
        match cookie(headers, SCRIPT_COOKIE) {
            Some("hant") => Script::Traditional,
            _ => Script::Simplified,
        }
    }

    /// The `lang` attribute of a page in this script.
    pub fn lang(self) -> &'static str {
        match self {
            Script::Simplified => "zh-CN",
            Script::Traditional => "zh-Hant",
        }
    }
}

/// Whether the request's `tb_large` cookie asks for the 大字版.
pub fn large_from_headers(headers: &HeaderMap) -> bool {
    cookie(headers, LARGE_COOKIE) == Some("1")
}

/// The logged-in person as the header shows them. The session middleware
/// puts one in the request's extensions; pages only read it.
#[derive(Clone)]
pub struct UserBadge {
    /// Name shown in the header (never an ID or phone number).
    pub display_name: String,
    /// The role's Chinese label, e.g. 综窗受理人员.
    pub role_label: String,
    /// The session's CSRF token, posted back by the logout form.
    pub csrf_token: String,
    /// Where this person's workbench is.
    pub workbench_href: String,
}

impl std::fmt::Debug for UserBadge {
    // The CSRF token is a secret of the session: never in a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserBadge")
            .field("display_name", &self.display_name)
            .field("role_label", &self.role_label)
            .field("workbench_href", &self.workbench_href)
            .finish_non_exhaustive()
    }
}

/// The per-request facts a page is rendered with.
#[derive(Debug, Clone, Default)]
pub struct PageContext {
    /// 简 or 繁.
    pub script: Script,
    /// 大字版 on.
    pub large: bool,
    /// The request's path and query, e.g. `/items/x?y=1` (where the
    /// switches send the reader back to).
    pub path: String,
    /// `scheme://host` of the site as the reader reached it, when the
    /// request says (Host, or X-Forwarded-Host/Proto behind a proxy).
    pub origin: Option<String>,
    /// The logged-in person, if any.
    pub user: Option<UserBadge>,
}

impl PageContext {
    /// The context of one request.
    pub fn from_parts(parts: &Parts) -> PageContext {
        PageContext {
            script: Script::from_headers(&parts.headers),
            large: large_from_headers(&parts.headers),
            path: parts
                .uri
                .path_and_query()
                .map_or_else(|| "/".to_string(), |p| p.as_str().to_string()),
            origin: origin(&parts.headers),
            user: parts.extensions.get::<UserBadge>().cloned(),
        }
    }

    /// The absolute URL of this page, when the origin is known.
    pub fn absolute_url(&self) -> Option<String> {
        self.origin.as_ref().map(|o| format!("{o}{}", self.path))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageContext {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(PageContext::from_parts(parts))
    }
}

/// The value of one cookie, from every Cookie header of the request.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().trim_matches('"'))
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Path=/, for `max_age`
/// seconds (0 deletes it). Values are tokens or fixed words, so they are
/// always valid header text; anything else sets a harmless placeholder.
pub fn set_cookie(name: &str, value: &str, max_age: i64) -> HeaderValue {
    let text = format!("{name}={value}; Path=/; Max-Age={max_age}; SameSite=Lax; HttpOnly");
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("tb_invalid=1"))
}

/// `scheme://host` from X-Forwarded-Proto/Host (first value) or Host.
/// A host with characters no host name has is ignored, so a forged header
/// cannot put markup or another path into the QR code.
fn origin(headers: &HeaderMap) -> Option<String> {
    let first = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let host = first("x-forwarded-host").or_else(|| first(header::HOST.as_str()))?;
    let valid = host
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if !valid {
        return None;
    }
    let scheme = match first("x-forwarded-proto") {
        Some(p) if p.eq_ignore_ascii_case("https") => "https",
        _ => "http",
    };
    Some(format!("{scheme}://{host}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(*k, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn cookies_are_found_among_others_and_across_headers() {
        let h = headers(&[("cookie", "a=1; tb_script=hant"), ("cookie", "tb_large=1")]);
        assert_eq!(Script::from_headers(&h), Script::Traditional);
        assert!(large_from_headers(&h));
        let none = headers(&[("cookie", "xtb_script=hant; tb_large=0")]);
        assert_eq!(Script::from_headers(&none), Script::Simplified);
        assert!(!large_from_headers(&none));
    }

    #[test]
    fn the_origin_prefers_the_proxy_headers_and_refuses_odd_hosts() {
        let direct = headers(&[("host", "guide.example:8080")]);
        assert_eq!(
            origin(&direct).as_deref(),
            Some("http://guide.example:8080")
        );
        let proxied = headers(&[
            ("host", "10.0.0.5:8080"),
            ("x-forwarded-host", "zwfw.example.gov.cn, inner"),
            ("x-forwarded-proto", "https"),
        ]);
        assert_eq!(
            origin(&proxied).as_deref(),
            Some("https://zwfw.example.gov.cn")
        );
        let forged = headers(&[("host", "evil.example/\"><script>")]);
        assert_eq!(origin(&forged), None);
        assert_eq!(origin(&HeaderMap::new()), None);
    }
}
