//! The pages of 电子证明 (e-proofs): `/proofs`, the public proof catalog;
//! `/proofs/{code}/request`, the request form, and `/me/proofs`, the
//! applicant's requests with their e-proofs; `/workbench/proofs`, the
//! issuing department's worklist with issue and refuse forms.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maud::{Markup, html};
use serde::Deserialize;
use tongban_domain::ident::Code;
use tongban_service::ServiceError;
use tongban_service::proofs::{ProofRequestView, ProofTypeView, WorklistEntry};

use super::{PageContext, layout};
use crate::AppState;
use crate::account::csrf::{CSRF_FIELD, CsrfForm};
use crate::account::session::SignedInPage;

/// The prefix of an issue form's field inputs (`f.<data element>`).
const FIELD_PREFIX: &str = "f.";

/// The page routes of this module.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/proofs", get(catalog_page))
        .route(
            "/proofs/{code}/request",
            get(request_page).post(submit_request),
        )
        .route("/me/proofs", get(my_page))
        .route("/workbench/proofs", get(worklist_page))
        .route("/workbench/proofs/{id}/issue", post(issue))
        .route("/workbench/proofs/{id}/refuse", post(refuse))
}

/// `GET /proofs`: every proof, with its issuer, deadline and scope; the
/// replaced ones say what replaced them.
async fn catalog_page(State(state): State<AppState>, ctx: PageContext) -> Response {
    match state.proofs.proof_types().await {
        Ok(list) => layout(&ctx, "证明事项目录", catalog(&list)).into_response(),
        Err(err) => refused(&ctx, "证明事项目录", &err),
    }
}

fn catalog(list: &[ProofTypeView]) -> Markup {
    html! {
        h1 { "证明事项目录" }
        p { "在线申请，开具部门系统核实后限时开具；电子证明加盖电子印章，扫码即可核验，与纸质证明具有同等效力。" }
        table.proofs {
            thead { tr { th { "证明名称" } th { "开具部门" } th { "开具时限" } th { "使用范围" } th { "办理" } } }
            tbody {
                @for p in list {
                    tr data-proof=(p.code) {
                        td { (p.name) }
                        td { (p.issuer_name) }
                        td { (p.deadline) }
                        td { (p.scope) }
                        td {
                            @if let (Some(label), Some(what)) = (&p.replacement_label, &p.replacement) {
                                span.badge data-replaced=(label) { "已清理：" (label) }
                                " 无需开具，改为" (what) "。"
                            } @else {
                                a href=(format!("/proofs/{}/request", p.code)) { "申请开具" }
                            }
                        }
                    }
                }
            }
        }
        p { a href="/me/proofs" { "我的证明申请" } }
    }
}

/// The request form's fields.
#[derive(Debug, Deserialize)]
struct RequestForm {
    purpose: String,
}

/// `GET /proofs/{code}/request` (signed in).
async fn request_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(code): Path<String>,
) -> Response {
    let proof = match state.proofs.proof_type_view(&code).await {
        Ok(p) => p,
        Err(err) => return refused(&ctx, "申请开具证明", &err),
    };
    let csrf = user.csrf_token.unwrap_or_default();
    let body = html! {
        h1 { "申请开具" (proof.name) }
        p { "开具部门：" (proof.issuer_name) "；开具时限：" (proof.deadline) "；使用范围：" (proof.scope) "。" }
        @if let Some(what) = &proof.replacement {
            p.error data-code="proof_replaced" { "该证明已取消开具，改为" (what) "，无需申请。" }
        } @else {
            form method="post" action=(format!("/proofs/{}/request", proof.code)) {
                input type="hidden" name=(CSRF_FIELD) value=(csrf);
                label { "证明用途 " input type="text" name="purpose" required maxlength="200"; }
                button type="submit" { "提交申请" }
            }
        }
    };
    layout(&ctx, "申请开具证明", body).into_response()
}

/// `POST /proofs/{code}/request`.
async fn submit_request(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(code): Path<String>,
    CsrfForm(form): CsrfForm<RequestForm>,
) -> Response {
    match state
        .proofs
        .request(&user.actor, &code, &form.purpose)
        .await
    {
        Ok(_) => Redirect::to("/me/proofs").into_response(),
        Err(err) => refused(&ctx, "申请开具证明", &err),
    }
}

/// `GET /me/proofs`: the applicant's requests.
async fn my_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
) -> Response {
    match state.proofs.my_requests(&user.actor).await {
        Ok(list) => layout(&ctx, "我的证明申请", mine(&list)).into_response(),
        Err(err) => refused(&ctx, "我的证明申请", &err),
    }
}

fn mine(list: &[ProofRequestView]) -> Markup {
    html! {
        h1 { "我的证明申请" }
        @if list.is_empty() { p.empty { "暂无证明申请。" a href="/proofs" { "去申请" } } }
        ul.proof-requests {
            @for r in list {
                li data-request=(r.id) data-state=(r.state) {
                    h2 { (r.proof_name) " " span.badge { (r.state_label) } }
                    p { "开具部门：" (r.issuer_name) "；用途：" (r.purpose) "；应于 " (r.due) " 前开具。" }
                    @if let Some(number) = &r.licence {
                        p { "电子证明编号 " code { (number) } " · "
                            a href=(format!("/verify/{number}")) { "核验" } }
                    }
                    @if let Some(reason) = &r.refusal_reason { p { "不予开具原因：" (reason) } }
                }
            }
        }
    }
}

/// `GET /workbench/proofs`: the department's open requests by due date.
async fn worklist_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
) -> Response {
    let entries = match state.proofs.worklist(&user.actor, true).await {
        Ok(e) => e,
        Err(err) => return refused(&ctx, "证明开具", &err),
    };
    let types = match state.proofs.proof_types().await {
        Ok(t) => t,
        Err(err) => return refused(&ctx, "证明开具", &err),
    };
    let csrf = user.csrf_token.unwrap_or_default();
    layout(&ctx, "证明开具", worklist(&entries, &types, &csrf)).into_response()
}

fn worklist(entries: &[WorklistEntry], types: &[ProofTypeView], csrf: &str) -> Markup {
    let overdue = entries.iter().filter(|e| e.request.overdue).count();
    html! {
        h1 { "证明开具" }
        p { "待开具 " (entries.len()) " 件，其中超期 " (overdue) " 件。按应开具日期排列。" }
        @for e in entries {
            @let r = &e.request;
            section.proof-request.overdue[r.overdue] data-request=(r.id) {
                h2 { (r.proof_name) " · " (e.holder_name) " " span { (e.holder_id) }
                    @if r.overdue { " " span.badge.red { "已超期" } } }
                p { "用途：" (r.purpose) "；应于 " (r.due) " 前开具"
                    @if let Some(d) = e.days_left { "（剩余 " (d) " 个工作日）" } }
                form method="post" action=(format!("/workbench/proofs/{}/issue", r.id)) {
                    input type="hidden" name=(CSRF_FIELD) value=(csrf);
                    @if let Some(t) = types.iter().find(|t| t.code == r.proof_type) {
                        @for f in t.fields.iter().filter(|f| !f.auto_filled) {
                            label { (f.label) " "
                                input type="text" name=(format!("{FIELD_PREFIX}{}", f.element)) required[f.required]; }
                        }
                    }
                    button type="submit" { "核实无误，签章开具" }
                }
                form method="post" action=(format!("/workbench/proofs/{}/refuse", r.id)) {
                    input type="hidden" name=(CSRF_FIELD) value=(csrf);
                    label { "不予开具原因 " input type="text" name="reason" required; }
                    button type="submit" { "不予开具" }
                }
            }
        }
    }
}

/// `POST /workbench/proofs/{id}/issue`: `f.<element>` fields.
async fn issue(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let mut fields = std::collections::BTreeMap::new();
    for (name, value) in form {
        if let Some(element) = name.strip_prefix(FIELD_PREFIX) {
            match Code::parse(element) {
                Ok(code) => {
                    fields.insert(code, value);
                }
                Err(e) => {
                    let err = ServiceError::refused(
                        tongban_service::Refusal::Invalid,
                        "proof_field_invalid",
                        e.message,
                    );
                    return refused(&ctx, "证明开具", &err);
                }
            }
        }
    }
    match state.proofs.issue(&user.actor, &id, fields).await {
        Ok(_) => Redirect::to("/workbench/proofs").into_response(),
        Err(err) => refused(&ctx, "证明开具", &err),
    }
}

/// The refuse form's fields.
#[derive(Debug, Deserialize)]
struct RefuseForm {
    reason: String,
}

/// `POST /workbench/proofs/{id}/refuse`.
async fn refuse(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<RefuseForm>,
) -> Response {
    match state.proofs.refuse(&user.actor, &id, &form.reason).await {
        Ok(_) => Redirect::to("/workbench/proofs").into_response(),
        Err(err) => refused(&ctx, "证明开具", &err),
    }
}

/// A refusal page: 403 for a role that may not, 404 for something
/// missing or out of scope, 422 for invalid input, 409 for a conflict,
/// 503 otherwise (details are in the log).
fn refused(ctx: &PageContext, title: &str, err: &ServiceError) -> Response {
    use tongban_service::Refusal;
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
    let body = html! {
        h1 { (title) }
        p.error data-code=(err.code()) { (err.to_string()) }
        p { a href="/proofs" { "证明事项目录" } " · " a href="/" { "返回首页" } }
    };
    (status, layout(ctx, title, body)).into_response()
}
