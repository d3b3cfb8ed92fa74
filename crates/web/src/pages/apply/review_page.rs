//! `/apply/drafts/{id}/review` (everything on one screen, masked),
//! submission, and `/apply/drafts/{id}/done` with the case number.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;
use tongban_service::drafts::DraftStatus;

use super::{csrf_field, failure, steps};
use crate::AppState;
use crate::account::csrf::CsrfForm;
use crate::account::session::SignedInPage;
use crate::pages::{PageContext, layout, see_other_local};

/// `GET /apply/drafts/{id}/review`.
pub async fn review_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(id): Path<String>,
) -> Response {
    let r = match state.applications.review(&user.actor, &id).await {
        Ok(r) => r,
        Err(e) => return failure(&ctx, e),
    };
    let csrf = user.csrf_token.unwrap_or_default();
    let body = html! {
        (steps(&id, "review"))
        h1 { (r.title) "：确认提交" }
        dl.facts {
            dt { "申请人" } dd #applicant { (r.applicant.clone().unwrap_or_else(|| "未实名核验".into())) }
            dt { "联系电话" } dd { (r.phone_masked.clone().unwrap_or_else(|| "—".into())) }
        }
        p #form-report .report { (r.form.report_text) }
        h2 { "申请表" }
        dl.facts {
            @for f in &r.form.fields {
                dt { (f.name) }
                dd {
                    @if let Some(a) = &f.answer { (a) }
                    @else if let Some(p) = &f.prefilled { (p.value) " " span.source { (p.note) } }
                    @else { span.muted { "未填写" } }
                }
            }
        }
        h2 { "材料" }
        ul.materials {
            @for l in &r.materials.lines {
                li {
                    (l.need.name) " "
                    @if !l.to_upload() { span.tag.exempt { "免提交" } (l.evidence.join("；")) }
                    @else if l.uploads.is_empty() { span.tag { "未上传" } }
                    @else { span.tag.exempt { "已上传 " (l.uploads.len()) " 份" } }
                }
            }
        }
        @if !r.gaps.is_empty() {
            p.note { "容缺受理：以下材料可在受理后补交：" @for (i, g) in r.gaps.iter().enumerate() { @if i > 0 { "、" } (g.name) } }
        }
        h2 { "数据授权" }
        p.muted { "本次申请有效授权 " (r.consents.len()) " 项。" }
        @if r.problems.is_empty() {
            form #submit-form method="post" action={ "/apply/drafts/" (id) "/submit" } {
                (csrf_field(&csrf))
                button type="submit" { "确认提交" }
            }
        } @else {
            div.error role="alert" { p { "提交前请完成：" } ul { @for p in &r.problems { li { (p) } } } }
        }
    };
    layout(&ctx, "确认提交", body).into_response()
}

/// A form with nothing but its CSRF token.
#[derive(Debug, Deserialize)]
pub struct Empty {}

/// `POST /apply/drafts/{id}/submit`.
pub async fn submit(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(id): Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Response {
    match state.applications.submit(&user.actor, &id).await {
        Ok(_) => see_other_local(&format!("/apply/drafts/{id}/done")),
        Err(e) => failure(&ctx, e),
    }
}

/// `GET /apply/drafts/{id}/done`: the case number.
pub async fn done(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(id): Path<String>,
) -> Response {
    let draft = match state.applications.load_draft(&user.actor, &id).await {
        Ok(d) => d,
        Err(e) => return failure(&ctx, e),
    };
    let DraftStatus::Submitted { case_no, .. } = &draft.status else {
        return see_other_local(&format!("/apply/drafts/{id}/review"));
    };
    // A 秒批 item is decided by the time the applicant lands here.
    let decided = match state.cases.case(&user.actor, case_no.as_str()).await {
        Ok(view) => view.case.members.iter().any(|m| m.is_granted()),
        Err(_) => false,
    };
    let body = html! {
        h1 { "申请已提交" }
        p.notice role="status" { "办件流水号：" strong #case-no { (case_no) } }
        @if decided {
            p.notice #auto-decided role="status" { "您的申请已通过数据核验自动审批（秒批），已准予。" }
        }
        p { "请牢记流水号，可凭流水号和手机号后四位查询办理进度。" }
        p { a href="/apply/drafts" { "我的草稿" } " · " a href="/apply/data-use" { "我的用数记录" } }
    };
    layout(&ctx, "申请已提交", body).into_response()
}
