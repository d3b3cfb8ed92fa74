//! `GET/POST /workbench/cases/new`: the window intake (窗口收件). A clerk
//! picks the item or bundle, answers the bundle's guidance questions with
//! the applicant, enters the applicant's phone and submits on their behalf.
//! A clerk outside the handling region submits remotely (跨域通办).

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;
use tongban_domain::auth::{Actor, Role};
use tongban_domain::case::IntakeChannel;
use tongban_domain::guidance::{Answer, Answers, QuestionKind};
use tongban_domain::ident::RegionCode;
use tongban_service::{Application, ProxyAuthorisation, ServiceError, SubmitRequest};

use super::failure;
use crate::AppState;
use crate::account::csrf::{CsrfForm, new_token};
use crate::account::session::SignedInPage;
use crate::pages::context::PageContext;
use crate::pages::{layout, see_other_local};

/// `?target=bundle:<code>` or `?target=item:<code>`.
#[derive(Debug, Default, Deserialize)]
pub struct Target {
    #[serde(default)]
    target: Option<String>,
}

/// `GET /workbench/cases/new`.
pub async fn intake_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Query(target): Query<Target>,
) -> Response {
    let catalog = state.service.cached_catalog();
    let csrf = user.csrf_token.clone().unwrap_or_default();
    let chosen = target.target.unwrap_or_default();
    let body = match chosen.split_once(':') {
        Some(("bundle", code)) => match state.service.bundle(code).await {
            Ok(bundle) => html! {
                h1 { "窗口收件：" (bundle.name) }
                form #intake-form method="post" action="/workbench/cases/new" {
                    (hidden(&csrf, &chosen))
                    @for q in &bundle.guidance.questions {
                        fieldset.question data-question=(q.code.as_str()) {
                            legend { (q.text) }
                            @match q.kind {
                                QuestionKind::YesNo => {
                                    label.choice { input type="radio" name=(format!("q.{}", q.code)) value="true"; "是" }
                                    label.choice { input type="radio" name=(format!("q.{}", q.code)) value="false"; "否" }
                                }
                                QuestionKind::SingleChoice => {
                                    @for o in &q.options { label.choice { input type="radio" name=(format!("q.{}", q.code)) value=(o.value.as_str()); (o.label) } }
                                }
                                QuestionKind::MultiChoice => {
                                    @for o in &q.options { label.choice { input type="checkbox" name=(format!("q.{}", q.code)) value=(o.value.as_str()); (o.label) } }
                                }
                            }
                        }
                    }
                    (phone_and_submit(by_proxy(&user.actor)))
                }
            },
            Err(err) => return failure(&ctx, err),
        },
        Some(("item", code)) => match state.service.item(code).await {
            Ok(item) => html! {
                h1 { "窗口收件：" (item.name) }
                form #intake-form method="post" action="/workbench/cases/new" {
                    (hidden(&csrf, &chosen))
                    (phone_and_submit(by_proxy(&user.actor)))
                }
            },
            Err(err) => return failure(&ctx, err),
        },
        _ => html! {
            h1 { "窗口收件" }
            p { "无差别受理：任一窗口可收任一事项。请选择申请人要办的一件事或事项。" }
            form #target-form method="get" action="/workbench/cases/new" {
                div.field {
                    label for="target" { "一件事或事项" }
                    select #target name="target" {
                        optgroup label="一件事" {
                            @for b in &catalog.bundles { option value=(format!("bundle:{}", b.code)) { (b.name) } }
                        }
                        optgroup label="事项" {
                            @for i in &catalog.items { option value=(format!("item:{}", i.code)) { (i.name) } }
                        }
                    }
                }
                button type="submit" { "下一步" }
            }
        },
    };
    layout(&ctx, "窗口收件", body).into_response()
}

fn hidden(csrf: &str, target: &str) -> Markup {
    html! {
        input type="hidden" name="_csrf" value=(csrf);
        input type="hidden" name="target" value=(target);
        input type="hidden" name="key" value=(new_token());
    }
}

fn phone_and_submit(proxy: bool) -> Markup {
    html! {
        div.field {
            label for="phone" { "申请人联系电话（用于进度查询与通知）" }
            input #phone type="tel" name="phone" inputmode="numeric" autocomplete="off" required;
        }
        @if proxy {
            fieldset.authorisation {
                legend { "授权委托书（帮代办必填）" }
                div.field { label { "委托人（申请人）姓名" } input type="text" name="auth.principal" required; }
                div.field { label { "委托事项" } input type="text" name="auth.scope" required; }
                div.field { label { "委托书编号" } input type="text" name="auth.reference" required; }
                div.field { label { "签署日期" } input type="date" name="auth.signed_on" required; }
                div.field { label { "有效期至" } input type="date" name="auth.valid_until" required; }
            }
        }
        button type="submit" { "代申请人提交" }
    }
}

/// `POST /workbench/cases/new`: submits and opens the new case.
pub async fn intake_submit(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let one = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let target = one("target");
    let application = match target.split_once(':') {
        Some(("bundle", code)) => Application::Bundle {
            bundle: code.to_string(),
            answers: answers(&fields),
        },
        Some(("item", code)) => Application::Item {
            item: code.to_string(),
            situations: Vec::new(),
        },
        _ => {
            let err = ServiceError::InvalidParameter {
                name: "target".into(),
                reason: "请选择一件事或事项".into(),
            };
            return failure(&ctx, err);
        }
    };
    let handling = match &application {
        Application::Bundle { bundle, .. } => state.service.bundle(bundle).await.map(|b| b.region),
        Application::Item { item, .. } => state.service.item(item).await.map(|i| i.region),
    };
    let handling = match handling {
        Ok(r) => r,
        Err(err) => return failure(&ctx, err),
    };
    let phone = one("phone");
    let channel = channel(&user.actor, &handling);
    let authorisation = match channel {
        IntakeChannel::Proxy => match authorisation(&one) {
            Ok(a) => Some(a),
            Err(err) => return failure(&ctx, err),
        },
        _ => None,
    };
    let request = SubmitRequest {
        application,
        channel,
        owner: None,
        phone: (!phone.is_empty()).then_some(phone),
        authorisation,
    };
    let key = Some(one("key")).filter(|k| !k.is_empty());
    match state
        .cases
        .submit(&user.actor, request, key.as_deref())
        .await
    {
        Ok(view) => see_other_local(&format!("/workbench/cases/{}", view.case.case_no)),
        Err(err) => failure(&ctx, err),
    }
}

/// The 授权委托书 a proxy agent typed in (`auth.*` fields).
fn authorisation(one: &impl Fn(&str) -> String) -> Result<ProxyAuthorisation, ServiceError> {
    let date = |name: &str| {
        let text = one(name);
        chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| {
            ServiceError::InvalidParameter {
                name: name.into(),
                reason: "日期应为 YYYY-MM-DD".into(),
            }
        })
    };
    Ok(ProxyAuthorisation {
        principal: one("auth.principal"),
        scope: one("auth.scope"),
        reference: one("auth.reference"),
        signed_on: date("auth.signed_on")?,
        valid_until: date("auth.valid_until")?,
    })
}

/// The guidance answers in the form (`q.<code>` fields).
fn answers(fields: &[(String, String)]) -> Answers {
    let mut out = Answers::new();
    for (name, value) in fields {
        let Some(code) = name.strip_prefix("q.") else {
            continue;
        };
        let answer = match (out.remove(code), value.as_str()) {
            (None, "true") => Answer::YesNo(true),
            (None, "false") => Answer::YesNo(false),
            (None, v) => Answer::Choice(v.to_string()),
            (Some(Answer::Choice(first)), v) => Answer::Choices(vec![first, v.to_string()]),
            (Some(Answer::Choices(mut all)), v) => {
                all.push(v.to_string());
                Answer::Choices(all)
            }
            (Some(other), _) => other,
        };
        out.insert(code.to_string(), answer);
    }
    out
}

/// True for a proxy agent who is not also a window clerk: they apply by
/// proxy (帮代办), under the applicant's 授权委托书.
fn by_proxy(actor: &Actor) -> bool {
    actor.roles.contains(&Role::ProxyAgent) && !actor.roles.contains(&Role::WindowClerk)
}

/// The channel of a staff submission: a proxy agent applies by proxy; a
/// clerk at a window of the handling region at the window, elsewhere
/// remotely (跨域通办).
fn channel(actor: &Actor, handling: &RegionCode) -> IntakeChannel {
    if by_proxy(actor) {
        return IntakeChannel::Proxy;
    }
    match &actor.region {
        Some(mine) if !handling.is_within(mine) => IntakeChannel::Remote {
            received_in: mine.clone(),
        },
        _ => IntakeChannel::Window,
    }
}
