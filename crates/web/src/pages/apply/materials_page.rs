//! `/apply/drafts/{id}/materials`: the one set of materials — 免提交 ones
//! with their evidence, commitments to sign, files to upload.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;
use tongban_domain::catalog::Requirement;
use tongban_domain::ident::Code;

use super::{csrf_field, failure, steps};
use crate::AppState;
use crate::account::csrf::CsrfForm;
use crate::account::session::SignedInPage;
use crate::api::applications::{UPLOAD_BODY_LIMIT, multipart};
use crate::pages::{PageContext, layout, see_other_local};

/// `GET /apply/drafts/{id}/materials`.
pub async fn materials_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(id): Path<String>,
) -> Response {
    let view = match state.applications.materials(&user.actor, &id).await {
        Ok(v) => v,
        Err(e) => return failure(&ctx, e),
    };
    let csrf = user.csrf_token.unwrap_or_default();
    let commitments: Vec<_> = view.lines.iter().filter(|l| l.needs_commitment).collect();
    let body = html! {
        (steps(&id, "materials"))
        h1 { (view.title) "：提交材料" }
        p.muted { "共 " (view.lines.len()) " 项材料，其中 " (view.lines.iter().filter(|l| !l.to_upload()).count()) " 项免提交。" }
        ul.materials {
            @for l in &view.lines {
                li.material data-material=(l.need.material) {
                    strong { (l.need.name) } " " span.tag { (l.need.form.label()) } span.tag { (l.need.requirement.label()) }
                    br; span.muted { (l.asked_by.join("、")) }
                    @if l.to_upload() {
                        @for h in &l.hints { br; span.muted { (h) } }
                        @for u in &l.uploads {
                            form.uploaded method="post" action={ "/apply/drafts/" (id) "/uploads/remove" } {
                                (csrf_field(&csrf))
                                input type="hidden" name="upload" value=(u.id);
                                span.tag.exempt { "已上传" } " " (u.file_name) " "
                                button.secondary type="submit" { "删除" }
                            }
                        }
                        @if l.missing && l.need.requirement == Requirement::GapAllowed {
                            br; span.note { "可容缺：可先提交申请，后补此材料" }
                        }
                        form.upload method="post" enctype="multipart/form-data" action={ "/apply/drafts/" (id) "/uploads" } {
                            (csrf_field(&csrf))
                            input type="hidden" name="material" value=(l.need.material);
                            input type="file" name="file" accept="application/pdf,image/jpeg,image/png" required;
                            button type="submit" { "上传" }
                        }
                    } @else {
                        " " span.tag.exempt { "免提交" }
                        @for e in &l.evidence { br; span.source { (e) } }
                    }
                }
            }
        }
        @if !commitments.is_empty() {
            h2 { "告知承诺" }
            form #commitments method="post" action={ "/apply/drafts/" (id) "/commitments" } {
                (csrf_field(&csrf))
                input type="hidden" name="version" value=(view.version);
                @for l in &commitments {
                    label.choice {
                        input type="checkbox" name="material" value=(l.need.material) checked[l.committed];
                        "本人承诺具备“" (l.need.name) "”所证明的条件，如有不实愿承担相应责任"
                    }
                }
                button type="submit" { "签署承诺" }
            }
        }
        p { a.button #next href={ "/apply/drafts/" (id) "/review" } { "下一步：确认提交" } }
    };
    layout(&ctx, "提交材料", body).into_response()
}

/// `POST /apply/drafts/{id}/uploads` (multipart/form-data).
pub async fn upload(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let form = match multipart::read(&headers, body, UPLOAD_BODY_LIMIT).await {
        Ok(f) => f,
        Err(e) => {
            return (
                e.status,
                layout(
                    &ctx,
                    "上传失败",
                    html! { h1 { "上传失败" } p.error role="alert" { (e.message) } },
                ),
            )
                .into_response();
        }
    };
    let expected = user.csrf_token.clone().unwrap_or_default();
    let sent = form.csrf.clone().unwrap_or_default();
    if expected.is_empty() || !same(expected.as_bytes(), sent.as_bytes()) {
        tracing::info!(code = "csrf_rejected", "上传表单 CSRF 校验未通过，已拒绝");
        let body = html! { h1 { "请求被拒绝" } p data-code="csrf_rejected" { "表单已失效（安全校验未通过），请返回上一页刷新后重新提交" } };
        return (StatusCode::FORBIDDEN, layout(&ctx, "请求被拒绝", body)).into_response();
    }
    match state
        .applications
        .upload(
            &user.actor,
            &id,
            &form.material,
            &form.file_name,
            form.bytes,
        )
        .await
    {
        Ok(_) => see_other_local(&format!("/apply/drafts/{id}/materials")),
        Err(e) => failure(&ctx, e),
    }
}

fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The remove form.
#[derive(Debug, Deserialize)]
pub struct RemoveForm {
    upload: String,
}

/// `POST /apply/drafts/{id}/uploads/remove`.
pub async fn remove(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<RemoveForm>,
) -> Response {
    match state
        .applications
        .remove_upload(&user.actor, &id, &form.upload)
        .await
    {
        Ok(()) => see_other_local(&format!("/apply/drafts/{id}/materials")),
        Err(e) => failure(&ctx, e),
    }
}

/// `POST /apply/drafts/{id}/commitments`: `version` and ticked `material`s.
pub async fn commit(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let version = fields
        .iter()
        .find(|(k, _)| k == "version")
        .and_then(|(_, v)| v.parse::<i64>().ok())
        .unwrap_or_default();
    let materials: Vec<Code> = fields
        .iter()
        .filter(|(k, _)| k == "material")
        .filter_map(|(_, v)| Code::parse(v).ok())
        .collect();
    match state
        .applications
        .commit(&user.actor, &id, version, materials)
        .await
    {
        Ok(_) => see_other_local(&format!("/apply/drafts/{id}/materials")),
        Err(e) => failure(&ctx, e),
    }
}
