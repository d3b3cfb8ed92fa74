//! `/`: the search box and results over items and bundles.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;
use tongban_service::{SearchPage, SearchRequest};

use super::{PageContext, error_page, layout};
use crate::AppState;
use crate::script::to_simplified;

/// How many results of each kind the home page lists.
const PAGE_SIZE: usize = 50;

/// The home page's query string.
#[derive(Debug, Default, Deserialize)]
pub struct HomeQuery {
    q: Option<String>,
}

/// What a result is: the label shown beside it and where it leads.
#[derive(Clone, Copy)]
enum Kind {
    Bundle,
    Item,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Bundle => "一件事",
            Kind::Item => "事项",
        }
    }

    fn heading(self) -> &'static str {
        match self {
            Kind::Bundle => "一件事",
            Kind::Item => "政务服务事项",
        }
    }

    fn base(self) -> &'static str {
        match self {
            Kind::Bundle => "/bundles/",
            Kind::Item => "/items/",
        }
    }
}

/// The home page: search box; results for `q`, or the bundles and the
/// first items when nothing is asked. Words typed in Traditional script
/// are searched in Simplified, the catalog's script.
pub async fn home(
    State(state): State<AppState>,
    ctx: PageContext,
    query: Result<Query<HomeQuery>, QueryRejection>,
) -> Response {
    let typed = query.ok().and_then(|Query(q)| q.q).unwrap_or_default();
    let text = to_simplified(typed.trim());
    let request = SearchRequest {
        text: text.clone(),
        limit: PAGE_SIZE,
        ..SearchRequest::default()
    };
    let bundles = match state.service.search_bundles(&request).await {
        Ok(page) => page,
        Err(err) => return error_page(&ctx, err),
    };
    let items = match state.service.search_items(&request).await {
        Ok(page) => page,
        Err(err) => return error_page(&ctx, err),
    };
    let body = html! {
        h1 { "政务服务事项与一件事" }
        form #search .search role="search" method="get" action="/" {
            label.visually-hidden for="q" { "搜索事项或一件事" }
            input #q type="search" name="q" value=(text) placeholder="输入名称或拼音首字母，如：营业执照、yyzz";
            button type="submit" { "搜索" }
        }
        @if !text.is_empty() {
            p.summary role="status" {
                "“" (text) "”的搜索结果：一件事 " (bundles.total) " 项，事项 " (items.total) " 项。"
            }
        }
        (results(Kind::Bundle, &bundles))
        (results(Kind::Item, &items))
    };
    layout(&ctx, "首页", body).into_response()
}

fn results(kind: Kind, page: &SearchPage) -> Markup {
    html! {
        section.results {
            h2 { (kind.heading()) span.muted { "（共 " (page.total) " 项）" } }
            @if page.hits.is_empty() {
                p.muted { "没有找到相关内容，请换个关键词试试。" }
            } @else {
                ul.results {
                    @for hit in &page.hits {
                        li {
                            span.tag.kind { (kind.label()) }
                            a.result href={ (kind.base()) (hit.code) } { (hit.name) }
                            br;
                            span.muted { (hit.department_name) " · 编码 " (hit.code) }
                        }
                    }
                }
                @if page.total > page.hits.len() {
                    p.muted { "仅显示前 " (page.hits.len()) " 项，请输入更具体的关键词。" }
                }
            }
        }
    }
}
