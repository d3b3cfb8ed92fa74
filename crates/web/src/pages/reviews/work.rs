//! `/workbench/reviews`: the department's rectification worklist with a
//! form per current step; `/workbench/reviews/board`: the supervisor's
//! escalations and satisfaction scores.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{Datelike, NaiveDate};
use maud::{Markup, html};
use serde::Deserialize;
use tongban_domain::review::{Dimension, Step};
use tongban_service::ServiceError;
use tongban_service::reviews::{Escalation, ScoreBoard, TaskView};

use super::refused;
use crate::AppState;
use crate::account::csrf::{CSRF_FIELD, CsrfForm};
use crate::account::session::SignedInPage;
use crate::api::reviews::{ScoreParams, score_filter};
use crate::pages::{PageContext, layout};

/// The routes of the staff pages.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/workbench/reviews", get(worklist_page))
        .route("/workbench/reviews/{id}/steps", post(complete_step))
        .route("/workbench/reviews/board", get(board_page))
}

/// `GET /workbench/reviews`.
async fn worklist_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
) -> Response {
    let csrf = user.csrf_token.clone().unwrap_or_default();
    match state
        .reviews
        .rectification_worklist(&user.actor, false)
        .await
    {
        Ok(list) => layout(&ctx, "差评整改", worklist(&list, &csrf)).into_response(),
        Err(err) => refused(&ctx, "差评整改", &err),
    }
}

fn worklist(list: &[TaskView], csrf: &str) -> Markup {
    html! {
        h1 { "差评整改" }
        p { "差评须依次核实、整改、回访，每一环节按工作日计时，超期将报效能监察督办。" }
        @if list.is_empty() { p.empty { "暂无待办整改任务。" } }
        @for v in list {
            section.rectification data-task=(v.task.id) data-overdue=(v.overdue) {
                h2 {
                    (v.rating.level.label()) " · 办件 "
                    (v.task.case_no.as_ref().map(ToString::to_string).unwrap_or_default())
                    @if v.overdue { " " span.badge.red { "已超期" } }
                }
                p { "评价：" (v.rating.tags.join("、")) " " (v.rating.comment) }
                ol.steps {
                    @for s in &v.task.steps {
                        li data-step=(s.step.code()) {
                            (s.step.label()) "（限 " (s.due) " 前）"
                            @if s.done_at.is_some() { "：" (s.note) }
                        }
                    }
                }
                @if let Some(current) = v.task.current() {
                    form method="post" action=(format!("/workbench/reviews/{}/steps", v.task.id)) {
                        input type="hidden" name=(CSRF_FIELD) value=(csrf);
                        input type="hidden" name="step" value=(current.step.code());
                        label { (current.step.label()) "情况" textarea name="note" required {} }
                        button type="submit" { "完成" (current.step.label()) }
                    }
                }
            }
        }
    }
}

/// The step form.
#[derive(Debug, Deserialize)]
struct StepForm {
    step: String,
    note: String,
}

/// `POST /workbench/reviews/{id}/steps`.
async fn complete_step(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<StepForm>,
) -> Response {
    let Some(step) = Step::parse(&form.step) else {
        let err = ServiceError::InvalidParameter {
            name: "step".into(),
            reason: "应为 verify、rectify 或 revisit".into(),
        };
        return refused(&ctx, "差评整改", &err);
    };
    match state
        .reviews
        .complete_step(&user.actor, &id, step, &form.note)
        .await
    {
        Ok(_) => Redirect::to("/workbench/reviews").into_response(),
        Err(err) => refused(&ctx, "差评整改", &err),
    }
}

/// The board's filter (defaults: by department, this month so far).
#[derive(Debug, Deserialize)]
struct BoardQuery {
    dimension: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// `GET /workbench/reviews/board`: escalations and scores.
async fn board_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Query(q): Query<BoardQuery>,
) -> Response {
    let cst = chrono::FixedOffset::east_opt(8 * 3600);
    let now = chrono::Utc::now();
    let today = cst.map_or(now.date_naive(), |tz| now.with_timezone(&tz).date_naive());
    let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today);
    let params = ScoreParams {
        dimension: q.dimension.unwrap_or_else(|| "department".into()),
        from: q.from.unwrap_or_else(|| first.to_string()),
        to: q.to.unwrap_or_else(|| today.to_string()),
        region: None,
        department: None,
    };
    let filter = match score_filter(params) {
        Ok(f) => f,
        Err(e) => {
            let err = ServiceError::InvalidParameter {
                name: "filter".into(),
                reason: e.message,
            };
            return refused(&ctx, "好差评监察", &err);
        }
    };
    let escalations = match state.reviews.escalations(&user.actor, 100).await {
        Ok(list) => list,
        Err(err) => return refused(&ctx, "好差评监察", &err),
    };
    match state.reviews.scores(&user.actor, &filter).await {
        Ok(board) => layout(&ctx, "好差评监察", board_markup(&escalations, &board)).into_response(),
        Err(err) => refused(&ctx, "好差评监察", &err),
    }
}

fn percent(rate: Option<f64>) -> String {
    rate.map(|r| format!("{:.2}%", r * 100.0))
        .unwrap_or_else(|| "—".into())
}

fn board_markup(escalations: &[Escalation], board: &ScoreBoard) -> Markup {
    html! {
        h1 { "好差评监察" }
        h2 { "整改超期督办" }
        @if escalations.is_empty() { p.empty { "暂无超期整改。" } }
        @else {
            table.escalations {
                thead { tr { th { "办件" } th { "部门" } th { "超期环节" } th { "时限" } } }
                tbody {
                    @for e in escalations {
                        tr data-task=(e.task_id) {
                            td { (e.case_no.as_ref().map(ToString::to_string).unwrap_or_default()) }
                            td { (e.department) } td { (e.step.label()) } td { (e.due) }
                        }
                    }
                }
            }
        }
        h2 { "满意率（" (board.dimension.label()) "，" (board.from) " 至 " (board.to) "）" }
        form method="get" action="/workbench/reviews/board" {
            select name="dimension" {
                @for d in Dimension::ALL {
                    option value=(d.code()) selected[d == board.dimension] { (d.label()) }
                }
            }
            input type="date" name="from" value=(board.from);
            input type="date" name="to" value=(board.to);
            button type="submit" { "统计" }
        }
        p { "满意率 = 好评（非常满意、满意、基本满意）÷ 有效评价数；被重新评价取代的评价不计。" }
        table.scores {
            thead { tr { th { (board.dimension.label()) } th { "好评" } th { "差评" } th { "有效评价" } th { "满意率" } } }
            tbody {
                @for l in &board.lines {
                    tr data-key=(l.key) {
                        td { (l.key) } td { (l.good) } td { (l.bad) } td { (l.total) } td { (percent(l.rate)) }
                    }
                }
                tr.total { td { "合计" } td { (board.total.good) } td { (board.total.bad) } td { (board.total.total) } td { (percent(board.total.rate)) } }
            }
        }
    }
}
