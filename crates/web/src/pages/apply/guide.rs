//! Before login: finding a bundle or item (`/apply`), its guidance
//! questions (`/apply/bundles/{code}`) and the printable one-time notice
//! (`/apply/notice`).

use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use tongban_domain::form::{Disposition, MaterialNeed};
use tongban_domain::guidance::{Answers, QuestionKind};
use tongban_service::applications::Notice;
use tongban_service::{Application, SearchRequest};

use super::answers::{self, has};
use super::failure;
use crate::AppState;
use crate::pages::{PageContext, layout, see_other_local};
use crate::script::to_simplified;

fn pairs(raw: Option<&str>) -> Vec<(String, String)> {
    serde_urlencoded::from_str(raw.unwrap_or_default()).unwrap_or_default()
}

fn param<'p>(pairs: &'p [(String, String)], name: &str) -> Option<&'p str> {
    pairs
        .iter()
        .find(|(k, v)| k == name && !v.trim().is_empty())
        .map(|(_, v)| v.trim())
}

/// `GET /apply`: find a bundle (一件事) or an item to apply for.
pub async fn search(
    State(state): State<AppState>,
    ctx: PageContext,
    RawQuery(raw): RawQuery,
) -> Response {
    let pairs = pairs(raw.as_deref());
    let text = to_simplified(param(&pairs, "q").unwrap_or_default());
    let request = SearchRequest {
        text: text.clone(),
        limit: 20,
        ..SearchRequest::default()
    };
    let bundles = match state.service.search_bundles(&request).await {
        Ok(p) => p,
        Err(e) => return failure(&ctx, e),
    };
    let items = match state.service.search_items(&request).await {
        Ok(p) => p,
        Err(e) => return failure(&ctx, e),
    };
    let body = html! {
        h1 { "我要办事" }
        form #apply-search .search role="search" method="get" action="/apply" {
            label for="apply-q" { "要办什么事？" }
            input #apply-q type="search" name="q" value=(text) placeholder="如：游厨、营业执照";
            button type="submit" { "搜索" }
        }
        @if !text.is_empty() {
            section.results {
                h2 { "一件事" }
                @if bundles.hits.is_empty() { p.muted { "没有找到相关的一件事。" } }
                ul.results {
                    @for hit in &bundles.hits {
                        li { span.tag.kind { "一件事" } a.result href={ "/apply/bundles/" (hit.code) } { (hit.name) } br; span.muted { (hit.department_name) } }
                    }
                }
                h2 { "单个事项" }
                @if items.hits.is_empty() { p.muted { "没有找到相关事项。" } }
                ul.results {
                    @for hit in &items.hits {
                        li { span.tag.kind { "事项" } a.result href={ "/apply/notice?item=" (hit.code) } { (hit.name) } br; span.muted { (hit.department_name) } }
                    }
                }
            }
        }
        p { a href="/apply/drafts" { "我的草稿" } " · " a href="/apply/data-use" { "我的用数记录" } }
    };
    layout(&ctx, "我要办事", body).into_response()
}

/// `GET /apply/bundles/{code}`: the bundle's questions, those whose
/// condition holds for the answers so far; when all are answered and the
/// applicant asks to go on, the notice.
pub async fn questions(
    State(state): State<AppState>,
    ctx: PageContext,
    axum::extract::Path(code): axum::extract::Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let pairs = pairs(raw.as_deref());
    let bundle = match state.service.bundle(&code).await {
        Ok(b) => b,
        Err(e) => return failure(&ctx, e),
    };
    let given = answers::parse(&bundle.guidance, &pairs);
    let view = match state.applications.guidance(&code, &given).await {
        Ok(v) => v,
        Err(e) => return failure(&ctx, e),
    };
    let kept: Answers = view
        .questions
        .iter()
        .filter_map(|q| q.answer.clone().map(|a| (q.question.code.to_string(), a)))
        .collect();
    if param(&pairs, "go").is_some() && view.complete && !view.selected.is_empty() {
        return see_other_local(&format!(
            "/apply/notice?bundle={code}&{}",
            answers::query(&kept)
        ));
    }
    let body = html! {
        h1 { (view.name) }
        @if let Some(d) = &bundle.description { p.muted { (d) } }
        h2 { "请回答以下问题" }
        p.muted { "根据您的回答，为您确定需要办理的事项和需要准备的材料。" }
        form #questions .apply-questions method="get" action={ "/apply/bundles/" (code) } {
            input type="hidden" name="go" value="1";
            @for q in &view.questions {
                fieldset.question {
                    legend { (q.question.text) }
                    @let name = format!("{}{}", answers::PREFIX, q.question.code);
                    @match q.question.kind {
                        QuestionKind::YesNo => {
                            label.choice { input type="radio" name=(name) value="true" required checked[has(q.answer.as_ref(), "true")]; "是" }
                            label.choice { input type="radio" name=(name) value="false" checked[has(q.answer.as_ref(), "false")]; "否" }
                        }
                        QuestionKind::SingleChoice => {
                            @for o in &q.question.options {
                                label.choice { input type="radio" name=(name) value=(o.value) required checked[has(q.answer.as_ref(), o.value.as_str())]; (o.label) }
                            }
                        }
                        QuestionKind::MultiChoice => {
                            @for o in &q.question.options {
                                label.choice { input type="checkbox" name=(name) value=(o.value) checked[has(q.answer.as_ref(), o.value.as_str())]; (o.label) }
                            }
                        }
                    }
                }
            }
            button #to-notice type="submit" { "下一步：查看一次性告知" }
        }
        @if !view.selected.is_empty() {
            p.muted { "按目前的回答需办理：" @for (i, m) in view.selected.iter().enumerate() { @if i > 0 { "、" } (m.name) } }
        }
    };
    layout(&ctx, &view.name, body).into_response()
}

/// `GET /apply/notice?bundle=…&a.…` or `?item=…`: the printable notice.
pub async fn notice(
    State(state): State<AppState>,
    ctx: PageContext,
    RawQuery(raw): RawQuery,
) -> Response {
    let pairs = pairs(raw.as_deref());
    let application = match (param(&pairs, "bundle"), param(&pairs, "item")) {
        (Some(code), _) => match state.service.bundle(code).await {
            Ok(b) => Application::Bundle {
                bundle: code.to_string(),
                answers: answers::parse(&b.guidance, &pairs),
            },
            Err(e) => return failure(&ctx, e),
        },
        (None, Some(code)) => Application::Item {
            item: code.to_string(),
            situations: Vec::new(),
        },
        (None, None) => return see_other_local("/apply"),
    };
    let notice = match state.applications.notice(&application).await {
        Ok(n) => n,
        Err(e) => return failure(&ctx, e),
    };
    let start = format!("/apply/start?{}", raw.as_deref().unwrap_or_default());
    layout(
        &ctx,
        &format!("{}一次性告知单", notice.title),
        notice_body(&notice, &start),
    )
    .into_response()
}

/// The notice's content (shared with print).
pub fn notice_body(n: &Notice, start: &str) -> Markup {
    html! {
        article #notice .notice {
            h1 { (n.title) "一次性告知单" }
            @if let Some(d) = &n.description { p { (d) } }
            p #form-report .report {
                "本次申请需填写 " strong { (n.report.asked_merged) } " 项，分别办理需填写 " strong { (n.report.asked_separately) } " 项"
            }
            dl.facts {
                @if let Some(limit) = &n.promised_limit { dt { "承诺时限" } dd { (limit) } }
                dt { "到现场次数" } dd { (n.visits) " 次" }
                dt { "收费" } dd { @if n.total_fee_fen == 0 { "不收费" } @else { (yuan(n.total_fee_fen)) } }
            }
            h2 { "需要办理的事项（" (n.members.len()) "项）" }
            ol.members {
                @for m in &n.members {
                    li {
                        strong { (m.item.name) } br;
                        span.muted { (m.department) " · 承诺 " (m.promised_limit) "（法定 " (m.statutory_limit) "）" }
                        @if !m.situations.is_empty() { br; "情形：" @for s in &m.situations { span.tag { (s.name) } } }
                        @for f in &m.fees { br; "收费：" (f.name) " " (yuan(f.amount_fen)) }
                        @if let Some(l) = &m.location { br; span.muted { "办理地点：" (l) } }
                        br; span.muted { "办理结果：" (m.result) }
                        @if m.commitment_allowed { " " span.tag { "可告知承诺" } }
                        @if m.gaps_allowed { " " span.tag { "可容缺受理" } }
                    }
                }
            }
            @if !n.not_selected.is_empty() {
                p.muted { "按您的回答无需办理：" @for (i, m) in n.not_selected.iter().enumerate() { @if i > 0 { "、" } (m.name) } }
            }
            h2 { "材料清单（一套材料）" }
            (materials(&n.materials))
            h2 { "申请表（一表申请）" }
            p.muted { @for (i, f) in n.fields.iter().enumerate() { @if i > 0 { "、" } (f.name) } }
            p.no-print { a.button #start href=(start) { "开始申请" } }
            p.muted.no-print { "可使用浏览器的“打印”功能打印本告知单。" }
        }
    }
}

fn materials(list: &[MaterialNeed]) -> Markup {
    html! {
        ul.materials {
            @for m in list {
                li {
                    strong { (m.name) } " " span.tag { (m.form.label()) } span.tag { (m.requirement.label()) }
                    @match &m.disposition {
                        Disposition::Exempt { .. } => { span.tag.exempt { "免提交" } }
                        Disposition::ToUpload { could_be_exempt } => {
                            span.tag { "需提交" }
                            @if !could_be_exempt.is_empty() { br; span.muted { "授权调用电子证照或共享数据后可免提交" } }
                        }
                    }
                }
            }
        }
    }
}

fn yuan(fen: u64) -> String {
    format!("{}.{:02} 元", fen / 100, fen % 100)
}
