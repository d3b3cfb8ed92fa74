//! Starting a draft after login (`/apply/start`), 实名核验
//! (`/apply/drafts/{id}/identity`) and the consent step
//! (`/apply/drafts/{id}/consent`).

use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;
use tongban_domain::ident::Code;
use tongban_domain::subject::{ConsentId, Purpose, SourceRef};
use tongban_service::Application;
use tongban_service::applications::SourceOption;

use super::{answers, csrf_field, failure, steps};
use crate::AppState;
use crate::account::csrf::CsrfForm;
use crate::account::session::SignedInPage;
use crate::pages::{PageContext, layout, see_other_local};

/// The start form: the notice's query string, carried over the login.
#[derive(Debug, Deserialize)]
pub struct StartForm {
    query: String,
}

/// The 实名核验 form.
#[derive(Debug, Deserialize)]
pub struct IdentityForm {
    name: String,
    document: String,
}

/// `GET /apply/start?…`: after login, confirms creating the draft.
pub async fn start_page(
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    RawQuery(raw): RawQuery,
) -> Response {
    let csrf = user.csrf_token.unwrap_or_default();
    let body = html! {
        h1 { "开始申请" }
        p { "将为您创建申请草稿，填写进度会自动保存，可在其他设备上继续。" }
        form #start-form method="post" action="/apply/start" {
            (csrf_field(&csrf))
            input type="hidden" name="query" value=(raw.unwrap_or_default());
            button type="submit" { "创建申请" }
        }
    };
    layout(&ctx, "开始申请", body).into_response()
}

/// `POST /apply/start`: creates the draft and goes to 实名核验.
pub async fn start(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    CsrfForm(form): CsrfForm<StartForm>,
) -> Response {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&form.query).unwrap_or_default();
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let application = match (get("bundle"), get("item")) {
        (Some(code), _) => match state.service.bundle(&code).await {
            Ok(b) => Application::Bundle {
                answers: answers::parse(&b.guidance, &pairs),
                bundle: code,
            },
            Err(e) => return failure(&ctx, e),
        },
        (None, Some(item)) => Application::Item {
            item,
            situations: Vec::new(),
        },
        (None, None) => return see_other_local("/apply"),
    };
    match state.applications.start(&user.actor, application).await {
        Ok(draft) => see_other_local(&format!("/apply/drafts/{}/identity", draft.id)),
        Err(e) => failure(&ctx, e),
    }
}

/// `GET /apply/drafts/{id}/identity`.
pub async fn identity_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(id): Path<String>,
) -> Response {
    if let Err(e) = state.applications.load_draft(&user.actor, &id).await {
        return failure(&ctx, e);
    }
    let subject = match state.subjects.subject_of(&user.actor).await {
        Ok(s) => s,
        Err(e) => return failure(&ctx, e),
    };
    let csrf = user.csrf_token.unwrap_or_default();
    let body = html! {
        (steps(&id, "identity"))
        h1 { "实名核验" }
        @if let Some(s) = &subject {
            p #verified .notice role="status" {
                "已核验：" (s.name()) " " (s.keys().first().map(|k| k.masked()).unwrap_or_default())
            }
            p { a.button #next href={ "/apply/drafts/" (id) "/consent" } { "下一步：数据授权" } }
        } @else {
            p { "请填写本人姓名和证件号码，核验通过后可调用您的户籍等信息预填申请表。" }
            form #identity-form method="post" action={ "/apply/drafts/" (id) "/identity" } {
                (csrf_field(&csrf))
                label { "姓名" input type="text" name="name" autocomplete="name" required; }
                label { "证件号码（居民身份证、台胞证、居住证或护照）" input type="text" name="document" autocomplete="off" required; }
                button type="submit" { "核验" }
            }
        }
    };
    layout(&ctx, "实名核验", body).into_response()
}

/// `POST /apply/drafts/{id}/identity`.
pub async fn verify(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<IdentityForm>,
) -> Response {
    match state
        .subjects
        .verify_identity(&user.actor, form.name.trim(), form.document.trim())
        .await
    {
        Ok(_) => see_other_local(&format!("/apply/drafts/{id}/consent")),
        Err(e) => failure(&ctx, e),
    }
}

/// A source as a form value: `data_source:<code>` or `licence:<code>`.
fn encode(source: &SourceRef) -> String {
    match source {
        SourceRef::DataSource { source } => format!("data_source:{source}"),
        SourceRef::Licence { licence_type } => format!("licence:{licence_type}"),
    }
}

fn decode(value: &str) -> Option<SourceRef> {
    let (kind, code) = value.split_once(':')?;
    let code = Code::parse(code).ok()?;
    match kind {
        "data_source" => Some(SourceRef::DataSource { source: code }),
        "licence" => Some(SourceRef::Licence { licence_type: code }),
        _ => None,
    }
}

/// `GET /apply/drafts/{id}/consent`: which sources would prefill which
/// fields or replace which materials; grant or withdraw.
pub async fn consent_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(id): Path<String>,
) -> Response {
    let view = match state.applications.consent_view(&user.actor, &id).await {
        Ok(v) => v,
        Err(e) => return failure(&ctx, e),
    };
    let csrf = user.csrf_token.unwrap_or_default();
    let group = |title: &str, purpose: &str, options: &[SourceOption]| {
        html! {
            section.consent-group {
                h2 { (title) }
                @if options.is_empty() { p.muted { "本申请没有可用的数据来源。" } }
                @let open: Vec<&SourceOption> = options.iter().filter(|o| o.consent.is_none()).collect();
                @for o in options {
                    div.source {
                        strong { (o.name) }
                        @if !o.fields.is_empty() { br; span.muted { "可预填：" @for (i, f) in o.fields.iter().enumerate() { @if i > 0 { "、" } (f.name) } } }
                        @if !o.materials.is_empty() { br; span.muted { "可免提交：" @for (i, m) in o.materials.iter().enumerate() { @if i > 0 { "、" } (m.name) } } }
                        @if let Some(c) = &o.consent {
                            form.revoke method="post" action={ "/apply/drafts/" (id) "/consent/revoke" } {
                                (csrf_field(&csrf))
                                input type="hidden" name="consent" value=(c.0);
                                span.tag.exempt { "已授权" } " "
                                button.secondary type="submit" { "撤回授权" }
                            }
                        }
                    }
                }
                @if !open.is_empty() {
                    form.grant id={ "grant-" (purpose) } method="post" action={ "/apply/drafts/" (id) "/consent" } {
                        (csrf_field(&csrf))
                        input type="hidden" name="purpose" value=(purpose);
                        @for o in &open {
                            label.choice { input type="checkbox" name="source" value=(encode(&o.source)) checked; (o.name) }
                        }
                        button type="submit" { "同意授权" }
                    }
                }
            }
        }
    };
    let body = html! {
        (steps(&id, "consent"))
        h1 { "数据授权（用数/用证授权）" }
        @if !view.identity_verified {
            p.error role="alert" { "请先完成" a href={ "/apply/drafts/" (id) "/identity" } { "实名核验" } "。" }
        }
        p.muted { "授权仅用于本次申请；每次调用都会记入" a href="/apply/data-use" { "我的用数记录" } "，您可随时撤回。" }
        (group("预填申请表", "prefill", &view.prefill))
        (group("免提交材料", "material_exemption", &view.exemption))
        @if !view.review.is_empty() {
            (group("审查核验（秒批：符合条件即时办结）", "review", &view.review))
        }
        p { a.button #next href={ "/apply/drafts/" (id) "/form" } { "下一步：填写表单" } }
    };
    layout(&ctx, "数据授权", body).into_response()
}

/// `POST /apply/drafts/{id}/consent`: `purpose` and the ticked `source`s.
pub async fn grant(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(id): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let purpose = match fields
        .iter()
        .find(|(k, _)| k == "purpose")
        .map(|(_, v)| v.as_str())
    {
        Some("prefill") => Purpose::Prefill,
        Some("review") => Purpose::Review,
        _ => Purpose::MaterialExemption,
    };
    let sources: Vec<SourceRef> = fields
        .iter()
        .filter(|(k, _)| k == "source")
        .filter_map(|(_, v)| decode(v))
        .collect();
    match state
        .applications
        .grant(&user.actor, &id, purpose, sources)
        .await
    {
        Ok(_) => see_other_local(&format!("/apply/drafts/{id}/consent")),
        Err(e) => failure(&ctx, e),
    }
}

/// The withdraw form.
#[derive(Debug, Deserialize)]
pub struct RevokeForm {
    consent: String,
}

/// `POST /apply/drafts/{id}/consent/revoke`.
pub async fn revoke(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<RevokeForm>,
) -> Response {
    match state
        .applications
        .revoke(&user.actor, &id, &ConsentId(form.consent))
        .await
    {
        Ok(_) => see_other_local(&format!("/apply/drafts/{id}/consent")),
        Err(e) => failure(&ctx, e),
    }
}
