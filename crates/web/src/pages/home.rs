//! `/`: the search box and results over items and bundles.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;
use tongban_service::{SearchPage, SearchRequest};

use super::{error_page, layout};
use crate::AppState;

/// The home page's query string.
#[derive(Debug, Default, Deserialize)]
pub struct HomeQuery {
    q: Option<String>,
}

/// The home page: search box; results for `q`, or the bundles and the
/// first items when nothing is asked.
pub async fn home(
    State(state): State<AppState>,
    query: Result<Query<HomeQuery>, QueryRejection>,
) -> Response {
    let text = query
        .ok()
        .and_then(|Query(q)| q.q)
        .unwrap_or_default()
        .trim()
        .to_string();
    let request = |limit| SearchRequest {
        text: text.clone(),
        limit,
        ..SearchRequest::default()
    };
    let bundles = match state.service.search_bundles(&request(50)).await {
        Ok(page) => page,
        Err(err) => return error_page(err),
    };
    let items = match state.service.search_items(&request(50)).await {
        Ok(page) => page,
        Err(err) => return error_page(err),
    };
    let body = html! {
        h1 { "政务服务事项与一件事" }
        form.search method="get" action="/" {
            input type="search" name="q" value=(text) placeholder="输入事项名称或拼音首字母，如：营业执照、yyzz" aria-label="搜索";
            button type="submit" { "搜索" }
        }
        @if text.is_empty() {
            (results("一件事", "/bundles/", &bundles))
            (results("政务服务事项", "/items/", &items))
        } @else {
            p.muted { "“" (text) "”的搜索结果：一件事 " (bundles.total) " 项，事项 " (items.total) " 项。" }
            (results("一件事", "/bundles/", &bundles))
            (results("政务服务事项", "/items/", &items))
        }
    };
    layout("首页", body).into_response()
}

fn results(title: &str, base: &str, page: &SearchPage) -> Markup {
    html! {
        h2 { (title) span.muted { "（共 " (page.total) " 项）" } }
        @if page.hits.is_empty() {
            p.muted { "没有找到相关内容，请换个关键词试试。" }
        } @else {
            ul.results {
                @for hit in &page.hits {
                    li {
                        a href={ (base) (hit.code) } { (hit.name) }
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
