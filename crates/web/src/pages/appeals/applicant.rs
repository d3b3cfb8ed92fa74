//! The applicant's pages: filing a whistle or an online appeal
//! (`/appeals/new`), their appeals (`/appeals`), one appeal with its
//! history and the 评哨 form (`/appeals/{no}`).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;
use tongban_domain::appeal::{AppealSource, AppealState, Complexity};
use tongban_domain::catalog::Level;
use tongban_domain::ident::RegionCode;
use tongban_service::ServiceError;
use tongban_service::appeals::FileRequest;

use super::{day, facts, failure, history, progress, state_badge};
use crate::AppState;
use crate::account::csrf::{CSRF_FIELD, CsrfForm};
use crate::account::session::SignedInPage;
use crate::pages::{PageContext, layout};

/// Categories offered on the form (the applicant may type another).
const CATEGORIES: [&str; 7] = [
    "项目审批",
    "用工招聘",
    "融资信贷",
    "涉企收费",
    "价格监管",
    "证照办理",
    "政策兑现",
];

/// `GET /appeals/new`: the whistle / online appeal form.
pub(super) async fn new_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
) -> Response {
    let csrf = user.csrf_token.clone().unwrap_or_default();
    let catalog = state.service.cached_catalog();
    let counties: Vec<_> = catalog
        .regions
        .iter()
        .filter(|r| r.level() == Level::County)
        .collect();
    let body = html! {
        h1 { "我要吹哨 · 提交诉求" }
        p { "企业遇到项目审批、用工、融资、收费等难题，可以在这里“吹哨”，由牵头部门限时报到答复；个人也可以提交网上诉求。诉求人以您实名核验的身份（企业或个人）登记。" }
        form #appeal-form method="post" action="/appeals/new" {
            input type="hidden" name=(CSRF_FIELD) value=(csrf);
            fieldset {
                legend { "诉求方式" }
                label { input type="radio" name="source" value="whistle" checked; "企业吹哨" }
                label { input type="radio" name="source" value="online_form"; "网上诉求" }
            }
            label { "所在县（区）"
                select name="region" required {
                    @for r in &counties { option value=(r.code) { (r.name) } }
                }
            }
            label { "诉求类别" input name="category" list="appeal-categories" required maxlength="50"; }
            datalist #appeal-categories { @for c in CATEGORIES { option value=(c) {} } }
            label { "标题" input name="title" required maxlength="100"; }
            label { "诉求内容" textarea name="description" required maxlength="4000" {} }
            label { "关联办件流水号（选填）" input name="case_no" maxlength="18" inputmode="numeric"; }
            label { "联系电话（选填）" input name="phone" type="tel" maxlength="20"; }
            button type="submit" { "提交诉求" }
        }
        p { a href="/appeals" { "我的诉求" } }
    };
    layout(&ctx, "提交诉求", body).into_response()
}

/// The filing form's fields.
#[derive(Debug, Deserialize)]
pub(super) struct FileForm {
    source: String,
    region: String,
    category: String,
    title: String,
    description: String,
    #[serde(default)]
    case_no: String,
    #[serde(default)]
    phone: String,
}

/// `POST /appeals/new`: files, then shows the new appeal.
pub(super) async fn file(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    CsrfForm(form): CsrfForm<FileForm>,
) -> Response {
    let Some(source) = AppealSource::parse(&form.source) else {
        return invalid(&ctx, "source", "应为企业吹哨或网上诉求");
    };
    let Ok(region) = RegionCode::parse(form.region.trim()) else {
        return invalid(&ctx, "region", "请选择所在的县（区）");
    };
    let request = FileRequest {
        source,
        category: form.category,
        complexity: Complexity::Ordinary,
        title: form.title,
        description: form.description,
        subject: None,
        case_no: Some(form.case_no),
        attachments: vec![],
        phone: Some(form.phone),
        region: Some(region),
    };
    match state.appeals.file(&user.actor, request).await {
        Ok(view) => Redirect::to(&format!("/appeals/{}", view.appeal.no)).into_response(),
        Err(err) => failure(&ctx, "提交诉求", &err),
    }
}

fn invalid(ctx: &PageContext, name: &str, reason: &str) -> Response {
    let err = ServiceError::InvalidParameter {
        name: name.into(),
        reason: reason.into(),
    };
    failure(ctx, "提交诉求", &err)
}

/// `GET /appeals`: the applicant's appeals with their state and due dates.
pub(super) async fn mine(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
) -> Response {
    let list = match state.appeals.mine(&user.actor).await {
        Ok(l) => l,
        Err(err) => return failure(&ctx, "我的诉求", &err),
    };
    let body = html! {
        h1 { "我的诉求" }
        p { a #new-appeal href="/appeals/new" { "我要吹哨 · 提交诉求" } " · " a href="/me/file" { "我的档案" } }
        @if list.is_empty() { p.empty { "您还没有提交过诉求。" } }
        @else {
            table #appeals {
                thead { tr { th { "诉求编号" } th { "标题" } th { "状态" } th { "答复时限" } th { "办结时限" } } }
                tbody {
                    @for v in &list {
                        tr data-appeal=(v.appeal.no) data-overdue=(v.overdue.is_some()) {
                            td { a href=(format!("/appeals/{}", v.appeal.no)) { (v.appeal.no) } }
                            td { (v.appeal.title) }
                            td { (state_badge(v.appeal.state))
                                @if v.appeal.state == AppealState::Resolved { " " span.badge { "待评哨" } } }
                            td { (v.appeal.deadlines.answer_by) }
                            td { (day(Some(v.appeal.deadlines.resolve_by))) }
                        }
                    }
                }
            }
        }
    };
    layout(&ctx, "我的诉求", body).into_response()
}

/// `GET /appeals/{no}`: one appeal, its history, and the 评哨 form once
/// it is resolved.
pub(super) async fn detail(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(no): Path<String>,
) -> Response {
    let view = match state.appeals.appeal(&user.actor, &no).await {
        Ok(v) => v,
        Err(err) => return failure(&ctx, "诉求详情", &err),
    };
    let records = match state.appeals.history(&user.actor, &no).await {
        Ok(r) => r,
        Err(err) => return failure(&ctx, "诉求详情", &err),
    };
    let csrf = user.csrf_token.clone().unwrap_or_default();
    let catalog = state.service.cached_catalog();
    let owner = view.appeal.owner.as_deref() == Some(user.actor.id.as_str());
    let body = html! {
        h1 { (view.appeal.source.label()) " · " (view.appeal.title) }
        (facts(&view, &catalog))
        (progress(&view, &catalog))
        @if owner && view.appeal.state == AppealState::Resolved {
            h2 { "评哨：您对办理结果满意吗？" }
            form #rate-form method="post" action=(format!("/appeals/{}/rating", view.appeal.no)) {
                input type="hidden" name=(CSRF_FIELD) value=(csrf);
                label { input type="radio" name="satisfied" value="true" required; "满意" }
                label { input type="radio" name="satisfied" value="false"; "不满意（将重新交办承办部门）" }
                label { "评价意见" textarea name="comment" maxlength="500" {} }
                button type="submit" { "提交评价" }
            }
        }
        (history(&records))
        p { a href="/appeals" { "← 我的诉求" } }
    };
    layout(&ctx, "诉求详情", body).into_response()
}

/// The 评哨 form's fields.
#[derive(Debug, Deserialize)]
pub(super) struct RateForm {
    satisfied: String,
    #[serde(default)]
    comment: String,
}

/// `POST /appeals/{no}/rating`: 满意 closes, 不满意 reopens.
pub(super) async fn rate(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(no): Path<String>,
    CsrfForm(form): CsrfForm<RateForm>,
) -> Response {
    let satisfied = match form.satisfied.as_str() {
        "true" => true,
        "false" => false,
        _ => {
            let err = ServiceError::InvalidParameter {
                name: "satisfied".into(),
                reason: "请选择满意或不满意".into(),
            };
            return failure(&ctx, "评哨", &err);
        }
    };
    match state
        .appeals
        .rate(&user.actor, &no, satisfied, &form.comment)
        .await
    {
        Ok(v) => Redirect::to(&format!("/appeals/{}", v.appeal.no)).into_response(),
        Err(err) => failure(&ctx, "评哨", &err),
    }
}
