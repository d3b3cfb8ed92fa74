//! Sign-in and sign-out pages: staff by username and password, applicants
//! by phone number and a one-time code; password change.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;
use tongban_domain::mask;
use tongban_service::{NewSession, ServiceError};

use super::csrf::{CSRF_COOKIE, CSRF_FIELD, CsrfForm, anonymous_token};
use super::session::{SESSION_COOKIE, SignedInPage};
use crate::AppState;
use crate::pages::context::PageContext;
use crate::pages::context::{cookie, set_cookie};
use crate::pages::layout;
use crate::pages::{local_path, see_other_local};

/// Seconds a session cookie lives (the session itself expires in the
/// database at the same time).
const SESSION_MAX_AGE: i64 = 12 * 3600;

/// `?next=` of the login page.
#[derive(Debug, Default, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// The staff login form.
#[derive(Debug, Deserialize)]
pub struct StaffLogin {
    username: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// The applicant's "send me a code" form.
#[derive(Debug, Deserialize)]
pub struct CodeRequest {
    phone: String,
    #[serde(default)]
    next: String,
}

/// The applicant's code form.
#[derive(Debug, Deserialize)]
pub struct ApplicantLogin {
    phone: String,
    code: String,
    #[serde(default)]
    next: String,
}

/// The password change form.
#[derive(Debug, Deserialize)]
pub struct PasswordChange {
    old_password: String,
    new_password: String,
}

/// A form with nothing but its CSRF token.
#[derive(Debug, Deserialize)]
pub struct Empty {}

/// What the login page shows besides its forms.
#[derive(Default)]
struct Notice {
    error: Option<String>,
    info: Option<String>,
    /// The phone a code was sent to: show the code form for it.
    code_sent_to: Option<String>,
}

/// `GET /login`.
pub async fn login_page(
    ctx: PageContext,
    headers: HeaderMap,
    Query(query): Query<NextQuery>,
) -> Response {
    login_response(
        &ctx,
        &headers,
        &local(query.next.as_deref()),
        StatusCode::OK,
        Notice::default(),
    )
}

/// `POST /login`: staff sign-in.
pub async fn staff_login(
    State(state): State<AppState>,
    ctx: PageContext,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<StaffLogin>,
) -> Response {
    let next = local(Some(&form.next));
    match state
        .accounts
        .login_staff(form.username.trim(), &form.password)
        .await
    {
        Ok(session) => signed_in(session, &next),
        Err(err) => failed(&ctx, &headers, &next, err),
    }
}

/// `POST /login/code`: sends an applicant a one-time code.
pub async fn request_code(
    State(state): State<AppState>,
    ctx: PageContext,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<CodeRequest>,
) -> Response {
    let next = local(Some(&form.next));
    let phone = form.phone.trim().to_string();
    match state.accounts.request_code(&phone).await {
        Ok(()) => {
            let notice = Notice {
                info: Some(format!(
                    "验证码已发送至 {}，5 分钟内有效",
                    mask::phone(&phone)
                )),
                code_sent_to: Some(phone),
                ..Notice::default()
            };
            login_response(&ctx, &headers, &next, StatusCode::OK, notice)
        }
        Err(err) => failed(&ctx, &headers, &next, err),
    }
}

/// `POST /login/applicant`: applicant sign-in with the code.
pub async fn applicant_login(
    State(state): State<AppState>,
    ctx: PageContext,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<ApplicantLogin>,
) -> Response {
    let next = local(Some(&form.next));
    match state
        .accounts
        .login_applicant(form.phone.trim(), form.code.trim())
        .await
    {
        Ok(session) => signed_in(session, &next),
        Err(err) => {
            let notice = Notice {
                error: Some(err.to_string()),
                code_sent_to: Some(form.phone.trim().to_string()),
                ..Notice::default()
            };
            login_response(&ctx, &headers, &next, status_of(&err), notice)
        }
    }
}

/// `POST /logout`.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    CsrfForm(_): CsrfForm<Empty>,
) -> Response {
    if let Some(token) = cookie(&headers, SESSION_COOKIE)
        && let Err(err) = state.accounts.logout(token).await
    {
        tracing::warn!(code = err.code(), "注销会话失败");
    }
    let mut response = see_other_local("/");
    response
        .headers_mut()
        .insert(header::SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0));
    response
}

/// `GET /account/password`.
pub async fn password_page(ctx: PageContext, SignedInPage(user): SignedInPage) -> Markup {
    password_form(&ctx, user.csrf_token.as_deref().unwrap_or_default(), None)
}

/// `POST /account/password`.
pub async fn change_password(
    State(state): State<AppState>,
    ctx: PageContext,
    headers: HeaderMap,
    SignedInPage(user): SignedInPage,
    CsrfForm(form): CsrfForm<PasswordChange>,
) -> Response {
    let csrf = user.csrf_token.clone().unwrap_or_default();
    let current = cookie(&headers, SESSION_COOKIE)
        .unwrap_or_default()
        .to_string();
    match state
        .accounts
        .change_password_keeping(
            &user.actor,
            &current,
            &form.old_password,
            &form.new_password,
        )
        .await
    {
        Ok(()) => password_form(&ctx, &csrf, Some(Ok("密码已修改，其他设备上的登录已退出")))
            .into_response(),
        Err(err) => {
            let message = err.to_string();
            (
                status_of(&err),
                password_form(&ctx, &csrf, Some(Err(&message))),
            )
                .into_response()
        }
    }
}

fn password_form(ctx: &PageContext, csrf: &str, outcome: Option<Result<&str, &str>>) -> Markup {
    let body = html! {
        h1 { "修改密码" }
        @match outcome {
            Some(Ok(text)) => p.notice role="status" { (text) },
            Some(Err(text)) => p.error role="alert" { (text) },
            None => {},
        }
        form id="password-form" method="post" action="/account/password" {
            input type="hidden" name=(CSRF_FIELD) value=(csrf);
            label { "原密码" input type="password" name="old_password" autocomplete="current-password" required; }
            label { "新密码（至少 8 位，含字母和数字）" input type="password" name="new_password" autocomplete="new-password" required; }
            button type="submit" { "修改密码" }
        }
    };
    layout(ctx, "修改密码", body)
}

/// Sets the session cookie and goes on.
fn signed_in(session: NewSession, next: &str) -> Response {
    let target = if next == "/" { "/workbench" } else { next };
    let mut response = see_other_local(target);
    response.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, &session.token, SESSION_MAX_AGE),
    );
    response
}

fn failed(ctx: &PageContext, headers: &HeaderMap, next: &str, err: ServiceError) -> Response {
    let notice = Notice {
        error: Some(err.to_string()),
        ..Notice::default()
    };
    login_response(ctx, headers, next, status_of(&err), notice)
}

fn status_of(err: &ServiceError) -> StatusCode {
    match err {
        ServiceError::InvalidCredentials | ServiceError::InvalidCode => StatusCode::UNAUTHORIZED,
        ServiceError::AccountLocked => StatusCode::LOCKED,
        ServiceError::WeakPassword(_) | ServiceError::InvalidAccount { .. } => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        ServiceError::StoreUnavailable => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::BAD_REQUEST,
    }
}

/// The login page, setting the pre-login CSRF cookie when it is new.
fn login_response(
    ctx: &PageContext,
    headers: &HeaderMap,
    next: &str,
    status: StatusCode,
    notice: Notice,
) -> Response {
    let (csrf, fresh) = anonymous_token(headers);
    let mut response = (status, login_markup(ctx, &csrf, next, &notice)).into_response();
    if fresh {
        response.headers_mut().insert(
            header::SET_COOKIE,
            set_cookie(CSRF_COOKIE, &csrf, 3600 * 24),
        );
    }
    response
}

fn login_markup(ctx: &PageContext, csrf: &str, next: &str, notice: &Notice) -> Markup {
    let body = html! {
        h1 { "登录" }
        @if let Some(error) = &notice.error { p.error role="alert" { (error) } }
        @if let Some(info) = &notice.info { p.notice role="status" { (info) } }
        div.login-panels {
            section.panel aria-labelledby="staff-login" {
                h2 id="staff-login" { "工作人员登录" }
                form id="staff-login-form" method="post" action="/login" {
                    input type="hidden" name=(CSRF_FIELD) value=(csrf);
                    input type="hidden" name="next" value=(next);
                    label { "用户名" input type="text" name="username" autocomplete="username" required; }
                    label { "密码" input type="password" name="password" autocomplete="current-password" required; }
                    button type="submit" { "登录" }
                }
            }
            section.panel aria-labelledby="applicant-login" {
                h2 id="applicant-login" { "群众和企业登录" }
                @if let Some(phone) = &notice.code_sent_to {
                    form id="applicant-login-form" method="post" action="/login/applicant" {
                        input type="hidden" name=(CSRF_FIELD) value=(csrf);
                        input type="hidden" name="next" value=(next);
                        input type="hidden" name="phone" value=(phone);
                        p { "手机号：" (mask::phone(phone)) }
                        label { "验证码" input type="text" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required; }
                        button type="submit" { "登录" }
                    }
                } @else {
                    form id="code-form" method="post" action="/login/code" {
                        input type="hidden" name=(CSRF_FIELD) value=(csrf);
                        input type="hidden" name="next" value=(next);
                        label { "手机号码" input type="tel" name="phone" inputmode="numeric" autocomplete="tel" maxlength="11" required; }
                        button type="submit" { "获取验证码" }
                    }
                }
            }
        }
    };
    layout(ctx, "登录", body)
}

/// `next` if it is a path on this site, else `/`.
fn local(next: Option<&str>) -> String {
    local_path(next.unwrap_or("/")).to_string()
}
