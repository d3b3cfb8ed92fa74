//! Drill-downs: `/workbench/dashboard/items/{code}` and
//! `/workbench/dashboard/bundles/{code}` — the figures of one item or one
//! bundle (一件事) in the supervisor's slice, its daily trend and its
//! breakdowns by region and channel; a bundle also shows its members.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, PreEscaped, html};
use tongban_domain::ident::Code;
use tongban_service::ServiceError;

use super::breakdown::{self, Kind};
use super::charts::LIGHT;
use super::data::{Overview, Wanted};
use super::{Filters, STYLE, failure, figures};
use crate::AppState;
use crate::account::session::SignedInPage;
use crate::pages::{PageContext, layout, not_found_for};

/// What is drilled into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    Item,
    Bundle,
}

/// `GET /workbench/dashboard/items/{code}`.
pub(super) async fn item_page(
    state: State<AppState>,
    ctx: PageContext,
    user: SignedInPage,
    Path(code): Path<String>,
    filters: Query<Filters>,
) -> Response {
    drill(state, ctx, user, Subject::Item, code, filters).await
}

/// `GET /workbench/dashboard/bundles/{code}`.
pub(super) async fn bundle_page(
    state: State<AppState>,
    ctx: PageContext,
    user: SignedInPage,
    Path(code): Path<String>,
    filters: Query<Filters>,
) -> Response {
    drill(state, ctx, user, Subject::Bundle, code, filters).await
}

fn missing(ctx: &PageContext, subject: Subject, code: &str) -> Response {
    match subject {
        Subject::Item => not_found_for(ctx, "未找到事项", &format!("事项编码“{code}”不存在。")),
        Subject::Bundle => {
            not_found_for(ctx, "未找到一件事", &format!("一件事编码“{code}”不存在。"))
        }
    }
}

async fn drill(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    subject: Subject,
    code: String,
    Query(filters): Query<Filters>,
) -> Response {
    let title = match subject {
        Subject::Item => "事项分析",
        Subject::Bundle => "一件事分析",
    };
    let Ok(parsed) = Code::parse(&code) else {
        return missing(&ctx, subject, &code);
    };
    let mut slice = match filters.period_and_place().slice() {
        Ok(s) => s,
        Err(err) => return failure(&ctx, title, &err),
    };
    match subject {
        Subject::Item => slice.item = Some(parsed),
        Subject::Bundle => slice.bundle = Some(parsed),
    }
    let wanted = Wanted {
        items: subject == Subject::Bundle,
        ..Wanted::default()
    };
    // The gate first: someone without `supervise` learns nothing, not
    // even whether the code exists.
    let o = match Overview::load(&state, &user.actor, &slice, wanted).await {
        Ok(o) => o,
        Err(err) => return failure(&ctx, title, &err),
    };
    let (name, facts) = match subject {
        Subject::Item => match state.service.item(&code).await {
            Ok(i) => (
                i.name.clone(),
                html! { p { "事项编码 " code { (i.code) } " · 实施主体所在区划 " (i.region) } },
            ),
            Err(ServiceError::ItemNotFound(_)) => return missing(&ctx, subject, &code),
            Err(err) => return failure(&ctx, title, &err),
        },
        Subject::Bundle => match state.service.bundle(&code).await {
            Ok(b) => (
                b.name.clone(),
                html! { p { "一件事编码 " code { (b.code) } " · 成员事项 " (b.members.len()) " 项" } },
            ),
            Err(ServiceError::BundleNotFound(_)) => return missing(&ctx, subject, &code),
            Err(err) => return failure(&ctx, title, &err),
        },
    };
    let mut scoped = filters.period_and_place();
    match subject {
        Subject::Item => scoped.item = Some(code.clone()),
        Subject::Bundle => scoped.bundle = Some(code.clone()),
    }
    let d = &o.dashboard;
    let body = html! {
        style { (PreEscaped(STYLE)) }
        nav.dashboard-nav { a href=(format!("/workbench/dashboard{}", filters.period_and_place().query())) { "返回效能监察看板" } }
        h1 data-drill=(code) { (title) "：" (name) }
        (facts)
        p #scope data-region=(d.region) { "统计范围：" (d.region) "（含下级）· " (d.from) " 至 " (d.to) }
        (breakdown::exports("summary", &scoped))
        (figures::headline(&d.figures, None))
        div.charts { (breakdown::charts(&d.channels, &o.regions, &o.days, LIGHT)) }
        h2 { "全部指标" }
        (figures::groups(&d.figures))
        (breakdown::table(Kind::Regions, &o.regions, &scoped))
        (breakdown::table(Kind::Channels, &d.channels, &scoped))
        @if subject == Subject::Bundle { (members(&o.items, &scoped)) }
    };
    layout(&ctx, title, body).into_response()
}

/// The bundle's member items (the whole-bundle row left out).
fn members(rows: &[tongban_service::metrics::TableRow], filters: &Filters) -> Markup {
    breakdown::table(Kind::Items, &breakdown::top_items(rows), filters)
}
