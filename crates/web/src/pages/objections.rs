//! The pages of 异议核实与纠错: the holder's form and list for one licence
//! (`/me/licences/{number}/objections`), all their objections
//! (`/me/objections`), and the issuing department's worklist
//! (`/workbench/objections`) with accept and reject forms. Every form goes
//! through `CsrfForm`; a licence that is not the holder's answers 未找到.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use maud::{Markup, html};
use serde::Deserialize;
use tongban_service::objections::{DecisionRequest, HeldLicence, ObjectionRequest, ObjectionView};
use tongban_service::{Refusal, ServiceError};

use super::{PageContext, layout, see_other_local};
use crate::AppState;
use crate::account::csrf::{CSRF_FIELD, CsrfForm};
use crate::account::session::SignedInPage;
use crate::api::objections::parse_verdict;

/// The page routes of this module.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/me/licences/{number}/objections",
            get(licence_page).post(file),
        )
        .route("/me/objections", get(mine))
        .route("/workbench/objections", get(worklist))
        .route("/workbench/objections/{id}/decision", post(decide))
}

/// The holder's objection form.
#[derive(Debug, Deserialize)]
struct ObjectionForm {
    field: String,
    proposed: String,
    reason: String,
    #[serde(default)]
    evidence: Option<String>,
}

/// The department's decision form.
#[derive(Debug, Deserialize)]
struct DecisionForm {
    verdict: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    value: Option<String>,
}

/// `GET /me/licences/{number}/objections`.
async fn licence_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(number): Path<String>,
) -> Response {
    let csrf = user.csrf_token.clone().unwrap_or_default();
    match state.objections.held_licence(&user.actor, &number).await {
        Ok(held) => layout(&ctx, "证照异议", licence_body(&held, &csrf, None)).into_response(),
        Err(err) => failure(&ctx, &err),
    }
}

/// `POST /me/licences/{number}/objections`: files, then back to the page;
/// a refusal is shown on the page with the form kept.
async fn file(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(number): Path<String>,
    CsrfForm(form): CsrfForm<ObjectionForm>,
) -> Response {
    let request = ObjectionRequest {
        field: form.field,
        proposed: form.proposed,
        reason: form.reason,
        evidence: form.evidence,
    };
    let err = match state.objections.file(&user.actor, &number, request).await {
        Ok(filed) => {
            return see_other_local(&format!("/me/licences/{}/objections", filed.licence));
        }
        Err(err) => err,
    };
    let csrf = user.csrf_token.clone().unwrap_or_default();
    match (
        &err,
        state.objections.held_licence(&user.actor, &number).await,
    ) {
        (ServiceError::Refused { kind, .. }, Ok(held)) if *kind != Refusal::NotFound => {
            let status = match kind {
                Refusal::Conflict => StatusCode::CONFLICT,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let body = licence_body(&held, &csrf, Some(&err));
            (status, layout(&ctx, "证照异议", body)).into_response()
        }
        _ => failure(&ctx, &err),
    }
}

fn licence_body(held: &HeldLicence, csrf: &str, error: Option<&ServiceError>) -> Markup {
    let action = format!("/me/licences/{}/objections", held.number);
    html! {
        h1 { "证照信息有误？提出异议" }
        p {
            (held.name) " · 证照编号 " code { (held.number.grouped()) }
            " · 发证机关 " (held.issuer_name) " · 第 " (held.version) " 版"
        }
        table.licence-fields {
            thead { tr { th { "项目" } th { "证照现有内容" } th { "异议" } } }
            tbody {
                @for f in &held.fields {
                    tr data-field=(f.element) {
                        td { (f.label) }
                        td { (f.value) }
                        td { @if f.pending { span.badge { "核实中" } } }
                    }
                }
            }
        }
        @if let Some(err) = error {
            p.error role="alert" data-code=(err.code()) { (err.to_string()) }
        }
        form.objection method="post" action=(action) {
            input type="hidden" name=(CSRF_FIELD) value=(csrf);
            label { "有误的项目 "
                select name="field" required {
                    @for f in held.fields.iter().filter(|f| !f.pending) {
                        option value=(f.element) { (f.label) }
                    }
                }
            }
            label { "正确的内容 " input type="text" name="proposed" required maxlength="500"; }
            label { "异议理由 " textarea name="reason" required maxlength="1000" {} }
            label { "证明材料说明（选填） " textarea name="evidence" maxlength="1000" {} }
            button type="submit" { "提交异议" }
        }
        p.hint { "发证部门将在规定的工作日内核实；核实属实的，证照将更正并重新签章，原版本保留在证照历史中。" }
        h2 { "本证照的异议" }
        (objection_list(&held.objections))
        p { a href="/me/objections" { "我的全部异议" } " · " a href="/me/licences" { "我的证照" } }
    }
}

/// `GET /me/objections`.
async fn mine(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
) -> Response {
    match state.objections.mine(&user.actor).await {
        Ok(list) => {
            let body = html! {
                h1 { "我的证照异议" }
                (objection_list(&list))
                p { a href="/me/licences" { "我的证照" } }
            };
            layout(&ctx, "我的证照异议", body).into_response()
        }
        Err(err) => failure(&ctx, &err),
    }
}

fn objection_list(list: &[ObjectionView]) -> Markup {
    html! {
        @if list.is_empty() { p.empty { "暂无异议。" } }
        ul.objections {
            @for o in list {
                li.objection data-objection=(o.id) data-state=(o.state.code()) {
                    h3 { (o.licence_name) " · " (o.field_label) " " (state_badge(o)) }
                    p { "现有内容：" (o.current) " → 申请更正为：" (o.proposed) }
                    p { "理由：" (o.reason) }
                    p.meta { "核实期限：" (o.due_on) " · 证照 " code { (o.licence.grouped()) } }
                    @if let Some(d) = &o.decision {
                        p.outcome data-verdict=(d.verdict_label) {
                            "核实结论：" (d.verdict_label)
                            @if let Some(v) = &d.value { "，更正为“" (v) "”" }
                            @if !d.reason.is_empty() { "。" (d.reason) }
                            @if let Some(version) = o.corrected_version { "（证照已更新为第 " (version) " 版）" }
                        }
                    }
                }
            }
        }
    }
}

fn state_badge(o: &ObjectionView) -> Markup {
    html! {
        span.state data-state=(o.state.code()) { (o.state_label) }
        @if o.overdue { " " span.warning.red data-overdue="true" { "已超期" } }
    }
}

/// `GET /workbench/objections`.
async fn worklist(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
) -> Response {
    let csrf = user.csrf_token.clone().unwrap_or_default();
    match state.objections.worklist(&user.actor).await {
        Ok(list) => layout(&ctx, "证照异议核实", worklist_body(&list, &csrf)).into_response(),
        Err(err) => failure(&ctx, &err),
    }
}

fn worklist_body(list: &[ObjectionView], csrf: &str) -> Markup {
    let overdue = list.iter().filter(|o| o.overdue).count();
    html! {
        h1 { "证照异议核实" }
        p { "待核实 " (list.len()) " 件，其中已超期 " (overdue) " 件。按核实期限排序。" }
        @if list.is_empty() { p.empty { "没有待核实的证照异议。" } }
        @else {
            table.objection-worklist {
                thead { tr {
                    th { "核实期限" } th { "证照" } th { "持证主体" } th { "项目" }
                    th { "现有内容 → 申请更正" } th { "理由与材料" } th { "状态" } th { "核实" }
                } }
                tbody {
                    @for o in list {
                        tr data-objection=(o.id) data-overdue=(o.overdue) {
                            td { (o.due_on) }
                            td { (o.licence_name) br; code { (o.licence.grouped()) } }
                            td { (o.holder_name) }
                            td { (o.field_label) }
                            td { (o.current) " → " (o.proposed) }
                            td { (o.reason) @if let Some(e) = &o.evidence { br; "材料：" (e) } }
                            td { (state_badge(o)) }
                            td { (decision_forms(o, csrf)) }
                        }
                    }
                }
            }
        }
    }
}

fn decision_forms(o: &ObjectionView, csrf: &str) -> Markup {
    let action = format!("/workbench/objections/{}/decision", o.id);
    html! {
        form.accept method="post" action=(action) {
            input type="hidden" name=(CSRF_FIELD) value=(csrf);
            input type="hidden" name="verdict" value="accept";
            label { "更正为 " input type="text" name="value" value=(o.proposed) maxlength="500"; }
            label { "核实意见 " input type="text" name="reason" maxlength="1000"; }
            button type="submit" { "采纳并纠错" }
        }
        form.reject method="post" action=(action) {
            input type="hidden" name=(CSRF_FIELD) value=(csrf);
            input type="hidden" name="verdict" value="reject";
            label { "不予采纳的理由 " input type="text" name="reason" required maxlength="1000"; }
            button type="submit" { "不予采纳" }
        }
    }
}

/// `POST /workbench/objections/{id}/decision`.
async fn decide(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Response {
    let Ok(verdict) = parse_verdict(&form.verdict) else {
        let err = ServiceError::refused(
            Refusal::Invalid,
            "objection_verdict_invalid",
            "核实结论应为采纳或不予采纳",
        );
        return failure(&ctx, &err);
    };
    let request = DecisionRequest {
        verdict,
        reason: form.reason,
        value: form.value.filter(|v| !v.trim().is_empty()),
    };
    match state.objections.decide(&user.actor, &id, request).await {
        Ok(_) => see_other_local("/workbench/objections"),
        Err(err) => failure(&ctx, &err),
    }
}

/// A refusal page: 403 for a role that may not, 404 for something missing
/// or out of scope, 409/422 for a refused request, 503 otherwise.
fn failure(ctx: &PageContext, err: &ServiceError) -> Response {
    let status = match err {
        ServiceError::Forbidden(d) if !d.hides_existence() => StatusCode::FORBIDDEN,
        ServiceError::Forbidden(_) => StatusCode::NOT_FOUND,
        ServiceError::Refused { kind, .. } => match kind {
            Refusal::NotFound => StatusCode::NOT_FOUND,
            Refusal::Conflict => StatusCode::CONFLICT,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        },
        _ => StatusCode::SERVICE_UNAVAILABLE,
    };
    let title = if status == StatusCode::NOT_FOUND {
        "未找到"
    } else {
        "无法办理"
    };
    let message = match err {
        ServiceError::Forbidden(d) if d.hides_existence() => {
            "所请求的对象不存在或不在您的辖区范围内".to_string()
        }
        other => other.to_string(),
    };
    let body = html! {
        h1 { (title) }
        p.error role="alert" data-code=(err.code()) { (message) }
        p { a href="/me/licences" { "我的证照" } " · " a href="/workbench" { "工作台" } " · " a href="/" { "首页" } }
    };
    (status, layout(ctx, title, body)).into_response()
}
