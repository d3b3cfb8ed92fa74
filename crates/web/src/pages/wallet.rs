//! The pages of 我的证照 (`/me/licences`, `/me/licences/{number}`): the
//! holder's licences, each with its fields, PDF, history, the grants of
//! its use (证照授权 / 证照委托, made and withdrawn here) and every use made
//! of it. The holder's own document number is masked; another holder's
//! licence answers 未找到 like a missing one.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::FixedOffset;
use maud::{Markup, html};
use serde::Deserialize;
use tongban_domain::subject::ConsentId;
use tongban_service::wallet::{GrantView, WalletLicence};

use super::apply::{csrf_field, failure};
use super::{PageContext, layout, see_other_local};
use crate::AppState;
use crate::account::csrf::CsrfForm;
use crate::account::session::SignedInPage;
use crate::api::wallet::GrantBody;

/// The page routes of this module.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/me/licences", get(list))
        .route("/me/licences/{number}", get(detail))
        .route("/me/licences/{number}/grants", post(grant))
        .route("/me/licences/{number}/grants/withdraw", post(withdraw))
}

/// The withdraw form.
#[derive(Debug, Deserialize)]
pub struct WithdrawForm {
    consent: String,
}

/// A time as read in China (UTC+8), to the minute.
fn beijing(at: chrono::DateTime<chrono::Utc>) -> String {
    match FixedOffset::east_opt(8 * 3600) {
        Some(tz) => at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
        None => at.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

/// 有效期 in words.
fn validity(l: &WalletLicence) -> String {
    match l.valid_until {
        Some(until) => format!("{} 至 {until}", l.issued_on),
        None => format!("{} 起长期有效", l.issued_on),
    }
}

/// `GET /me/licences`.
pub async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
) -> Response {
    let licences = match state.wallet.licences(&user.actor).await {
        Ok(l) => l,
        Err(e) => return failure(&ctx, e),
    };
    let body = html! {
        h1 { "我的证照" }
        p.muted { "办结后核发给您的电子证照。办理其他事项时，经您授权可直接调用，无需再提交纸质材料。" }
        @if licences.is_empty() { p #no-licence .muted { "暂无电子证照。" } }
        @else {
            div.table-wrap {
                table #licences {
                    thead { tr { th { "证照名称" } th { "证照编号" } th { "发证机关" } th { "状态" } th { "有效期" } } }
                    tbody {
                        @for l in &licences {
                            tr data-status=(l.status) {
                                td { a href={ "/me/licences/" (l.number) } { (l.type_name) } }
                                td { (l.printed_number) }
                                td { (l.issuer) }
                                td { (l.status_label) }
                                td { (validity(l)) }
                            }
                        }
                    }
                }
            }
        }
        p { a href="/apply/data-use" { "我的用数记录" } }
    };
    layout(&ctx, "我的证照", body).into_response()
}

/// `GET /me/licences/{number}`.
pub async fn detail(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(number): Path<String>,
) -> Response {
    let view = match state.wallet.licence(&user.actor, &number).await {
        Ok(v) => v,
        Err(e) => return failure(&ctx, e),
    };
    let departments = state.service.departments().await.unwrap_or_default();
    let csrf = user.csrf_token.unwrap_or_default();
    let l = &view.licence;
    let n = &l.number;
    let body = html! {
        p { a href="/me/licences" { "← 我的证照" } }
        h1 { (l.type_name) }
        dl.licence #licence {
            dt { "证照编号" } dd { (l.printed_number) }
            dt { "持证人" } dd { (l.holder_name) " " (l.holder_identifier) }
            dt { "发证机关" } dd { (l.issuer) }
            dt { "状态" } dd #status data-status=(l.status) { (l.status_label) @if let Some(r) = &l.revoked { "（" (r) "）" } }
            dt { "有效期" } dd { (validity(l)) }
            @for f in &view.fields { dt { (f.label) } dd { (f.value) } }
        }
        p {
            a href={ "/api/v1/me/licences/" (n) "/pdf" } { "下载证照文件（PDF）" } " · "
            a href={ "/verify/" (n) } { "公开核验页" }
        }
        h2 { "证照授权" }
        p.muted { "授权部门或委托他人在一个办件或一段期间内使用本证照；每次使用都记入下方记录，您可随时撤回。" }
        (grants(&view.grants, n, &csrf))
        @if l.is_valid() {
            form #grant-form method="post" action={ "/me/licences/" (n) "/grants" } {
                (csrf_field(&csrf))
                fieldset {
                    legend { "授权给" }
                    label.choice { input type="radio" name="grantee_kind" value="department" checked; "部门（证照授权）" }
                    select name="department" aria-label="部门" {
                        @for d in &departments { option value=(d.code) { (d.name) } }
                    }
                    label.choice { input type="radio" name="grantee_kind" value="agent"; "受托人（证照委托）" }
                    input type="text" name="agent_name" placeholder="受托人姓名" autocomplete="off";
                    input type="text" name="agent_document" placeholder="受托人身份证件号码" autocomplete="off";
                }
                fieldset {
                    legend { "用于" }
                    label.choice { input type="radio" name="scope" value="case" checked; "一个办件" }
                    input type="text" name="case_no" placeholder="办件编号";
                    label.choice { input type="radio" name="scope" value="period"; "一段期间" }
                    input type="date" name="from" aria-label="开始日期";
                    input type="date" name="to" aria-label="结束日期";
                }
                button type="submit" { "同意授权" }
            }
        }
        h2 { "使用记录" }
        @if view.uses.is_empty() { p #no-use .muted { "本证照尚未被调用。" } }
        @else {
            div.table-wrap {
                table #licence-uses {
                    thead { tr { th { "时间" } th { "使用方" } th { "用途" } th { "申请" } th { "授权编号" } } }
                    tbody {
                        @for u in &view.uses {
                            tr {
                                td { (beijing(u.at)) }
                                td { (u.user.as_deref().unwrap_or("本人申请")) }
                                td { (u.purpose.label()) }
                                td { (u.application.0) }
                                td { (u.consent.0) }
                            }
                        }
                    }
                }
            }
        }
    };
    layout(&ctx, &l.type_name, body).into_response()
}

/// The grants of one licence, each active one with a withdraw button.
fn grants(list: &[GrantView], number: &str, csrf: &str) -> Markup {
    html! {
        @if list.is_empty() { p #no-grant .muted { "尚未授权他人使用。" } }
        ul #grants {
            @for g in list {
                li data-active=(g.active) {
                    strong { (g.grantee) } " · " (g.scope) " · 授权于 " (beijing(g.granted_at))
                    @if let Some(r) = g.revoked_at { " · 已于 " (beijing(r)) " 撤回" }
                    @if g.active {
                        form.revoke method="post" action={ "/me/licences/" (number) "/grants/withdraw" } {
                            (csrf_field(csrf))
                            input type="hidden" name="consent" value=(g.consent.0);
                            button.secondary type="submit" { "撤回授权" }
                        }
                    }
                }
            }
        }
    }
}

/// `POST /me/licences/{number}/grants`.
pub async fn grant(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(number): Path<String>,
    CsrfForm(form): CsrfForm<GrantBody>,
) -> Response {
    let request = match form.request() {
        Ok(r) => r,
        Err(e) => return failure(&ctx, e),
    };
    match state.wallet.grant(&user.actor, &number, request).await {
        Ok(_) => see_other_local(&format!("/me/licences/{number}")),
        Err(e) => failure(&ctx, e),
    }
}

/// `POST /me/licences/{number}/grants/withdraw`.
pub async fn withdraw(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(number): Path<String>,
    CsrfForm(form): CsrfForm<WithdrawForm>,
) -> Response {
    match state
        .wallet
        .withdraw(&user.actor, &ConsentId(form.consent))
        .await
    {
        Ok(_) => see_other_local(&format!("/me/licences/{number}")),
        Err(e) => failure(&ctx, e),
    }
}
