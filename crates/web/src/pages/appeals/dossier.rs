//! 一企一档 / 一人一档: a subject's file — its appeals with their answers
//! and 评哨, the cases of its accounts and the cases its appeals name, and
//! the 好差评 ratings its accounts gave. `/workbench/subjects/{id}` for
//! staff in scope (the appeals they may read), `/me/file` for the
//! applicant's own verified profile. Identifiers appear masked.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use tongban_domain::appeal::ReportKind;
use tongban_domain::case::CaseNo;
use tongban_domain::catalog::Catalog;
use tongban_domain::review::Rating;
use tongban_domain::subject::SubjectId;
use tongban_service::appeals::{AppealService, SubjectFile};
use tongban_service::drafts::DraftStatus;
use tongban_service::{CaseView, ServiceError};

use super::{failure, state_badge};
use crate::AppState;
use crate::account::session::{CurrentUser, SignedInPage};
use crate::pages::{PageContext, layout};

/// `GET /workbench/subjects/{id}`: a subject's file for staff.
pub(super) async fn staff_file(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(id): Path<String>,
) -> Response {
    let file = state
        .appeals
        .subject_file(&user.actor, &SubjectId::new(id.trim()))
        .await;
    render(&state, &ctx, &user, file, false).await
}

/// `GET /me/file`: the applicant's own file.
pub(super) async fn my_file(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
) -> Response {
    let file = state.appeals.my_file(&user.actor).await;
    render(&state, &ctx, &user, file, true).await
}

async fn render(
    state: &AppState,
    ctx: &PageContext,
    user: &CurrentUser,
    file: Result<SubjectFile, ServiceError>,
    own: bool,
) -> Response {
    let title = if own { "我的档案" } else { "主体档案" };
    let file = match file {
        Ok(f) => f,
        Err(err) => return failure(ctx, title, &err),
    };
    let accounts = match state.appeals.file_accounts(&user.actor, &file).await {
        Ok(a) => a,
        Err(err) => return failure(ctx, title, &err),
    };
    let mut case_nos = AppealService::linked_cases(&file);
    if own {
        match state.applications.drafts(&user.actor).await {
            Ok(drafts) => case_nos.extend(drafts.into_iter().filter_map(|d| match d.status {
                DraftStatus::Submitted { case_no, .. } => Some(case_no),
                DraftStatus::Editing => None,
            })),
            Err(err) => return failure(ctx, title, &err),
        }
        case_nos.sort();
        case_nos.dedup();
    }
    let cases = match readable_cases(state, user, &case_nos).await {
        Ok(c) => c,
        Err(err) => return failure(ctx, title, &err),
    };
    let mut ratings = Vec::new();
    for account in &accounts {
        match state.reviews.ratings_of_subject(account).await {
            Ok(r) => ratings.extend(r),
            Err(err) => return failure(ctx, title, &err),
        }
    }
    ratings.sort_by_key(|r| std::cmp::Reverse(r.rated_at));
    let catalog = state.service.cached_catalog();
    let body = markup(&file, &cases, &ratings, own, &catalog);
    layout(ctx, title, body).into_response()
}

/// The cases of `nos` the reader may read (others are left out, as the
/// case pages would hide them).
async fn readable_cases(
    state: &AppState,
    user: &CurrentUser,
    nos: &[CaseNo],
) -> Result<Vec<CaseView>, ServiceError> {
    let mut cases = Vec::new();
    for no in nos {
        match state.cases.case(&user.actor, no.as_str()).await {
            Ok(c) => cases.push(c),
            Err(ServiceError::CaseNotFound | ServiceError::Forbidden(_)) => {}
            Err(err) => return Err(err),
        }
    }
    Ok(cases)
}

fn markup(
    file: &SubjectFile,
    cases: &[CaseView],
    ratings: &[Rating],
    own: bool,
    catalog: &Catalog,
) -> Markup {
    let detail = |no: &str| {
        if own {
            format!("/appeals/{no}")
        } else {
            format!("/workbench/appeals/{no}")
        }
    };
    html! {
        h1 { @if own { "我的档案" } @else { "主体档案" } "（一企一档 / 一人一档）" }
        dl.facts #subject {
            dt { "名称" } dd #subject-name { (file.name) }
            dt { "证件" } dd { (file.keys_masked.join("、")) }
        }
        h2 { "诉求（" (file.appeals.len()) "件）" }
        @if file.appeals.is_empty() { p.empty { "暂无诉求。" } }
        @for v in &file.appeals {
            @let a = &v.appeal;
            section.appeal data-appeal=(a.no) data-state=(a.state.code()) {
                h3 { a href=(detail(a.no.as_str())) { (a.no) } " · " (a.source.label()) " · " (a.title) " " (state_badge(a.state)) }
                p { "类别：" (a.category) " · 登记 " (a.filed_at.format("%Y-%m-%d")) " · 办结时限 " (a.deadlines.resolve_by)
                    @if a.reopened > 0 { " · 重新交办 " (a.reopened) " 次" } }
                @for r in a.reports.iter().filter(|r| r.kind != ReportKind::Progress) {
                    p.answer data-kind=(super::report_code(r.kind)) { (r.kind.label()) "（" (super::department(catalog, &r.department)) "）：" (r.text) }
                }
                @if let Some(r) = a.last_rating() {
                    p.rating data-satisfied=(r.satisfied) { "评哨：" @if r.satisfied { "满意" } @else { "不满意" } @if !r.comment.is_empty() { " · " (r.comment) } }
                }
            }
        }
        h2 { "办件（" (cases.len()) "件）" }
        @if cases.is_empty() { p.empty { "暂无可查看的办件。" } }
        @else {
            ul #cases {
                @for c in cases {
                    li data-case=(c.case.case_no) { (c.case.case_no) " · " (c.case.name) " · " (c.state.label()) }
                }
            }
        }
        h2 { "好差评（" (ratings.len()) "条）" }
        @if ratings.is_empty() { p.empty { "暂无评价。" } }
        @else {
            ul #reviews {
                @for r in ratings {
                    li data-level=(r.level.code()) data-valid=(r.is_valid()) {
                        strong { (r.level.label()) } " · " (super::department(catalog, &r.department))
                        @if !r.comment.is_empty() { " · " (r.comment) }
                    }
                }
            }
        }
    }
}
