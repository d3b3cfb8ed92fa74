//! `/apply/drafts/{id}/form`: the one form. Prefilled fields show their
//! value (masked when it is an ID or phone number) and where it came from;
//! only the missing fields are asked.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use tongban_domain::catalog::ElementKind;
use tongban_domain::form::{FieldError, FormAnswers};
use tongban_service::applications::{FormField, FormView};

use super::{csrf_field, failure, steps};
use crate::AppState;
use crate::account::csrf::CsrfForm;
use crate::account::session::SignedInPage;
use crate::pages::{PageContext, layout, see_other_local};

/// The prefix of a field's form parameter.
const FIELD: &str = "f.";

/// `GET /apply/drafts/{id}/form`.
pub async fn form_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(id): Path<String>,
) -> Response {
    match state.applications.form(&user.actor, &id).await {
        Ok(view) => render(
            &ctx,
            &view,
            user.csrf_token.as_deref().unwrap_or_default(),
            StatusCode::OK,
        ),
        Err(e) => failure(&ctx, e),
    }
}

/// `POST /apply/drafts/{id}/form`: a blank ID or phone field keeps the
/// value already given (it is shown masked, never sent back).
pub async fn save(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let csrf = user.csrf_token.clone().unwrap_or_default();
    let draft = match state.applications.load_draft(&user.actor, &id).await {
        Ok(d) => d,
        Err(e) => return failure(&ctx, e),
    };
    let current = match state.applications.form(&user.actor, &id).await {
        Ok(v) => v,
        Err(e) => return failure(&ctx, e),
    };
    let mut answers = FormAnswers::new();
    for f in &current.fields {
        let sent = fields
            .iter()
            .find(|(k, _)| k.strip_prefix(FIELD) == Some(f.element.as_str()))
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default();
        if !sent.is_empty() {
            answers.insert(f.element.to_string(), sent);
        } else if f.sensitive
            && let Some(kept) = draft.answers.get(f.element.as_str())
        {
            answers.insert(f.element.to_string(), kept.clone());
        }
    }
    let checked = match state
        .applications
        .check_form(&user.actor, &id, &answers)
        .await
    {
        Ok(v) => v,
        Err(e) => return failure(&ctx, e),
    };
    if !checked.errors.is_empty() {
        return render(&ctx, &checked, &csrf, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let saved = match state
        .applications
        .save_form(&user.actor, &id, draft.version, answers)
        .await
    {
        Ok(v) => v,
        Err(e) => return failure(&ctx, e),
    };
    let missing: Vec<FieldError> = saved
        .fields
        .iter()
        .filter(|f| f.required && f.prefilled.is_none() && f.answer.is_none())
        .map(|f| FieldError {
            element: f.element.to_string(),
            code: "form_field_required",
            message: format!("请填写“{}”", f.name),
        })
        .collect();
    if !missing.is_empty() {
        let view = FormView {
            errors: missing,
            ..saved
        };
        return render(&ctx, &view, &csrf, StatusCode::UNPROCESSABLE_ENTITY);
    }
    see_other_local(&format!("/apply/drafts/{id}/materials"))
}

fn render(ctx: &PageContext, view: &FormView, csrf: &str, status: StatusCode) -> Response {
    let (prefilled, asked): (Vec<&FormField>, Vec<&FormField>) =
        view.fields.iter().partition(|f| f.prefilled.is_some());
    let body = html! {
        (steps(&view.draft, "form"))
        h1 { (view.title) "：一表申请" }
        p #form-report .report {
            "本次申请需填写 " strong { (view.report.asked_merged) } " 项，分别办理需填写 " strong { (view.report.asked_separately) } " 项"
            br; span.muted { "其中 " (view.report.prefilled) " 项已由授权数据预填，还需填写 " (view.report.to_fill) " 项" }
        }
        @if !view.identity_verified {
            p.note { "完成" a href={ "/apply/drafts/" (view.draft) "/identity" } { "实名核验" } "并授权后，可自动预填您的信息。" }
        }
        @if !view.errors.is_empty() {
            div.error role="alert" { p { "请修改以下内容：" } ul { @for e in &view.errors { li data-element=(e.element) { (e.message) } } } }
        }
        form #apply-form method="post" action={ "/apply/drafts/" (view.draft) "/form" } {
            (csrf_field(csrf))
            @if !prefilled.is_empty() {
                h2 { "已预填（" (prefilled.len()) "项）" }
                dl.facts.prefilled {
                    @for f in &prefilled {
                        @if let Some(p) = &f.prefilled {
                            dt { (f.name) }
                            dd data-element=(f.element) { (p.value) br; span.source { (p.note) } }
                        }
                    }
                }
            }
            h2 { "请填写（" (asked.len()) "项）" }
            @for f in &asked { (input(f, &view.errors)) }
            button #save-form type="submit" { "保存并继续" }
        }
    };
    (status, layout(ctx, "填写申请表", body)).into_response()
}

fn input(f: &FormField, errors: &[FieldError]) -> Markup {
    let name = format!("{FIELD}{}", f.element);
    let error = errors.iter().find(|e| e.element == f.element.as_str());
    let value = if f.sensitive { None } else { f.answer.clone() };
    let placeholder = match (&f.answer, f.sensitive) {
        (Some(masked), true) => format!("已填写 {masked}，如需修改请重新输入"),
        _ => String::new(),
    };
    let (kind, mode) = match f.kind {
        ElementKind::Date => ("date", "text"),
        ElementKind::Number => ("text", "decimal"),
        ElementKind::Phone => ("tel", "numeric"),
        _ => ("text", "text"),
    };
    let required = f.required && !(f.sensitive && f.answer.is_some());
    html! {
        div.field data-element=(f.element) {
            label for=(name) { (f.name) @if f.required { span.req { " *" } } }
            @if f.kind == ElementKind::Choice {
                select id=(name) name=(name) required[required] {
                    option value="" { "请选择" }
                    @for d in &f.dictionary { option value=(d) selected[f.answer.as_deref() == Some(d.as_str())] { (d) } }
                }
            } @else {
                input id=(name) type=(kind) inputmode=(mode) name=(name) value=[value] placeholder=(placeholder) required[required] autocomplete="off";
            }
            @if let Some(e) = error { span.field-error { (e.message) } }
            span.muted.asked-by { (f.asked_by.join("；")) }
        }
    }
}
