//! Who is asking: the session cookie or an API token, resolved once per
//! request into a [`CurrentUser`] in the request's extensions.
//!
//! Sessions live in the database (see `AccountService::resume`), so any
//! app node can serve any request. Pages that need a user redirect to
//! `/login`; API routes answer 401 JSON.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use tongban_domain::auth::Actor;

use crate::AppState;
use crate::error::ApiError;
use crate::pages::context::{UserBadge, cookie};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "tb_session";

/// The signed-in actor of this request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// Who acts, with roles and data scope.
    pub actor: Actor,
    /// Name shown in the page header.
    pub display_name: String,
    /// The session's CSRF token; `None` for API tokens (no cookies, so no
    /// cross-site forgery to guard against).
    pub csrf_token: Option<String>,
}

/// Resolves the session cookie or the `Authorization: Bearer` token and
/// stores the [`CurrentUser`] (and the header's [`UserBadge`]) in the
/// request. An unknown or expired credential leaves the request anonymous.
pub async fn resolve(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let user = match identify(&state, request.headers()).await {
        Ok(user) => user,
        Err(err) => return err.into_response(),
    };
    if let Some(user) = user {
        if let Some(csrf) = &user.csrf_token {
            request.extensions_mut().insert(UserBadge {
                display_name: user.display_name.clone(),
                role_label: role_label(&user.actor),
                csrf_token: csrf.clone(),
                workbench_href: "/workbench".to_string(),
            });
        }
        request.extensions_mut().insert(user);
    }
    next.run(request).await
}

async fn identify(state: &AppState, headers: &HeaderMap) -> Result<Option<CurrentUser>, ApiError> {
    if let Some(secret) = bearer(headers) {
        let actor = state.accounts.token_actor(secret).await?.ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "invalid_token",
                "接口令牌无效、已吊销或已过期，请联系目录管理员重新签发",
            )
        })?;
        return Ok(Some(CurrentUser {
            display_name: actor.id.clone(),
            actor,
            csrf_token: None,
        }));
    }
    let Some(token) = cookie(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    Ok(state
        .accounts
        .resume(token)
        .await?
        .map(|signed_in| CurrentUser {
            actor: signed_in.actor,
            display_name: signed_in.display_name,
            csrf_token: Some(signed_in.csrf_token),
        }))
}

/// The labels of the actor's roles, joined.
pub fn role_label(actor: &Actor) -> String {
    let labels: Vec<&str> = actor.roles.iter().map(|r| r.label()).collect();
    labels.join("、")
}

/// The bearer token of an `Authorization` header.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// A page that needs a signed-in user: anonymous requests are sent to the
/// login page, which brings them back afterwards.
pub struct SignedInPage(pub CurrentUser);

impl<S: Send + Sync> FromRequestParts<S> for SignedInPage {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<CurrentUser>() {
            Some(user) if user.csrf_token.is_some() => Ok(SignedInPage(user.clone())),
            _ => {
                let next = parts
                    .uri
                    .path_and_query()
                    .map_or("/", |p| p.as_str())
                    .to_string();
                let target = format!(
                    "/login?next={}",
                    utf8_percent_encode(&next, NON_ALPHANUMERIC)
                );
                Err(Redirect::to(&target).into_response())
            }
        }
    }
}

/// An API call that needs a signed-in user or a token: 401 JSON otherwise.
pub struct ApiCaller(pub CurrentUser);

impl<S: Send + Sync> FromRequestParts<S> for ApiCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<CurrentUser>()
            .cloned()
            .map(ApiCaller)
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthenticated",
                    "请先登录，或在 Authorization 头中携带接口令牌（Bearer）",
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn a_bearer_header_yields_its_token_and_other_schemes_do_not() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer tb_x"),
        );
        assert_eq!(bearer(&headers), Some("tb_x"));
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Basic eA=="),
        );
        assert_eq!(bearer(&headers), None);
    }
}
