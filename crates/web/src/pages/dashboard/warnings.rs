//! The warnings board (预警看板, `/workbench/dashboard/warnings`): the open
//! yellow and red warnings within the supervisor's region, counted by
//! department, and the list of their cases.
//!
//! A warning is open while its case still runs with a warning: raised
//! warnings (`EventService::warnings`) are kept when their case is on the
//! supervisor's 红黄牌 worklist (`CaseService::worklist`), the highest
//! level per case and member.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use maud::{Markup, PreEscaped, html};
use tongban_domain::auth::Actor;
use tongban_domain::case::Warning;
use tongban_domain::catalog::Catalog;
use tongban_service::ServiceError;
use tongban_service::cases::Worklist;

use super::format::{Shown, figure};
use super::{STYLE, failure};
use crate::AppState;
use crate::account::session::SignedInPage;
use crate::pages::{PageContext, layout};

/// The most raised warnings read for one board.
const READ: i64 = 500;

/// One open warning.
#[derive(Debug, Clone)]
pub struct OpenWarning {
    /// The case number.
    pub case_no: String,
    /// The member's or the case's name.
    pub name: String,
    /// The handling department's code and name.
    pub department: (String, String),
    /// The promised due date.
    pub due: NaiveDate,
    /// Yellow or red.
    pub level: Warning,
}

/// The open warnings `actor` may see, red first, then by due date.
pub async fn open_warnings(
    state: &AppState,
    actor: &Actor,
) -> Result<Vec<OpenWarning>, ServiceError> {
    let raised = state.events.warnings(actor, READ).await?;
    let running = state.cases.worklist(actor, Worklist::Warnings).await?;
    let running: Vec<&str> = running.iter().map(|l| l.case_no.as_str()).collect();
    let catalog = state.service.cached_catalog();
    let mut open: BTreeMap<(String, Option<String>), OpenWarning> = BTreeMap::new();
    for w in raised {
        if !running.contains(&w.case_no.as_str()) {
            continue;
        }
        let key = (
            w.case_no.to_string(),
            w.item.as_ref().map(ToString::to_string),
        );
        let line = OpenWarning {
            case_no: w.case_no.to_string(),
            name: w.name.clone(),
            department: (
                w.department.to_string(),
                department_name(&catalog, w.department.as_str()),
            ),
            due: w.due,
            level: w.level,
        };
        match open.get(&key) {
            Some(seen) if seen.level >= w.level => {}
            _ => {
                open.insert(key, line);
            }
        }
    }
    let mut list: Vec<OpenWarning> = open.into_values().collect();
    list.sort_by(|a, b| {
        b.level
            .cmp(&a.level)
            .then(a.due.cmp(&b.due))
            .then(a.case_no.cmp(&b.case_no))
    });
    Ok(list)
}

fn department_name(catalog: &Catalog, code: &str) -> String {
    catalog
        .departments
        .iter()
        .find(|d| d.code.as_str() == code)
        .map_or_else(|| code.to_string(), |d| d.name.clone())
}

/// Counts per department: (code, name) → (yellow, red).
fn by_department(list: &[OpenWarning]) -> BTreeMap<(String, String), (i64, i64)> {
    let mut counts: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
    for w in list {
        let c = counts.entry(w.department.clone()).or_default();
        match w.level {
            Warning::Red => c.1 += 1,
            Warning::Yellow => c.0 += 1,
            Warning::None => {}
        }
    }
    counts
}

/// A level as a coloured word.
pub fn level(l: Warning) -> Markup {
    html! { span class=(format!("level-{}", l.code())) data-level=(l.code()) { (l.label()) } }
}

/// `GET /workbench/dashboard/warnings`.
pub(super) async fn board_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
) -> Response {
    let title = "预警看板";
    let list = match open_warnings(&state, &user.actor).await {
        Ok(l) => l,
        Err(err) => return failure(&ctx, title, &err),
    };
    let counts = by_department(&list);
    let red = list.iter().filter(|w| w.level == Warning::Red).count() as i64;
    let body = html! {
        style { (PreEscaped(STYLE)) }
        nav.dashboard-nav { a href="/workbench/dashboard" { "返回效能监察看板" } a href="/workbench/dashboard/screen" { "大屏模式（一张图）" } }
        h1 { "预警看板" }
        p { "办理中的办件按承诺时限亮牌：已用时限达到预警线为黄牌，超过承诺办结日期为红牌。办结后预警即消除。" }
        div.cards.headline {
            div.card { div.label { "在办预警" } div.value { (figure("open_warnings", Shown::Count(list.len() as i64))) } }
            div.card { div.label { "其中红牌" } div.value { (figure("open_red", Shown::Count(red))) } }
        }
        h2 { "按部门" }
        @if counts.is_empty() {
            p.empty { "辖区内暂无在办预警。" }
        } @else {
            table #warnings-by-department {
                thead { tr { th { "部门" } th.num { "黄牌" } th.num { "红牌" } th.num { "合计" } } }
                tbody {
                    @for ((code, name), (y, r)) in &counts {
                        tr data-department=(code) {
                            td { (name) }
                            td.num { (figure("yellow", Shown::Count(*y))) }
                            td.num { (figure("red", Shown::Count(*r))) }
                            td.num { (figure("total", Shown::Count(y + r))) }
                        }
                    }
                }
            }
        }
        h2 { "预警办件" }
        @if !list.is_empty() {
            div.table-wrap { table #warnings {
                thead { tr { th { "办件编号" } th { "事项" } th { "部门" } th { "承诺办结日期" } th { "预警级别" } } }
                tbody {
                    @for w in &list {
                        tr data-case=(w.case_no) data-level=(w.level.code()) {
                            td { a href=(format!("/workbench/cases/{}", w.case_no)) { (w.case_no) } }
                            td { (w.name) }
                            td { (w.department.1) }
                            td { (w.due.format("%Y-%m-%d")) }
                            td { (level(w.level)) }
                        }
                    }
                }
            } }
        }
    };
    layout(&ctx, title, body).into_response()
}
