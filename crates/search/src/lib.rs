//! Chinese full-text search over catalog items and bundles: tantivy with a
//! jieba tokenizer, plus pinyin initials (`yyzz` finds 营业执照).
//!
//! The index lives in memory and is rebuilt from the catalog (each app node
//! builds its own; the store's catalog revision says when to rebuild). Query
//! text is never parsed as tantivy syntax: queries are built term by term
//! (see [`query`](crate::query) for the ranking rules).

pub mod bench;
mod document;
mod grams;
mod index;
mod query;
mod schema;
mod text;

pub use index::SearchIndex;
pub use query::MAX_QUERY_CHARS;
pub use text::initials;

use tongban_domain::catalog::{Level, TongbanScope};

/// Errors of the search index.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The index could not be built or read (an internal fault, not bad input).
    #[error("搜索索引错误：{0}")]
    Index(String),
}

impl SearchError {
    /// Stable machine-readable code of the error.
    pub fn code(&self) -> &'static str {
        match self {
            SearchError::Index(_) => "search_index",
        }
    }
}

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError::Index(e.to_string())
    }
}

/// What to search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// 政务服务事项
    Items,
    /// 一件事
    Bundles,
}

/// Results per page when a caller does not say.
pub const DEFAULT_LIMIT: usize = 20;
/// Largest page a query may ask for; larger limits are clamped to it.
pub const MAX_LIMIT: usize = 100;
/// Deepest offset served; a page beyond it is empty (the total is still
/// counted).
pub const MAX_OFFSET: usize = 10_000;

/// A search request. Empty `text` lists everything that passes the filters.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchQuery {
    /// Items or bundles.
    pub target: Target,
    /// Chinese text, pinyin initials, a code, or several of them separated
    /// by spaces (each must match). Only the first [`MAX_QUERY_CHARS`]
    /// characters are used.
    pub text: String,
    /// Department code (exact).
    pub department: Option<String>,
    /// Region code: matches the region and everything within it.
    pub region: Option<String>,
    /// Administrative level.
    pub level: Option<Level>,
    /// Minimum 通办 scope (e.g. `Province` also returns `CrossProvince`).
    pub scope: Option<TongbanScope>,
    /// Page size, clamped to `1..=MAX_LIMIT`.
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
}

impl SearchQuery {
    /// A first-page query for items, without filters.
    pub fn items(text: &str) -> SearchQuery {
        SearchQuery::new(Target::Items, text)
    }

    /// A first-page query for bundles, without filters.
    pub fn bundles(text: &str) -> SearchQuery {
        SearchQuery::new(Target::Bundles, text)
    }

    fn new(target: Target, text: &str) -> SearchQuery {
        SearchQuery {
            target,
            text: text.to_string(),
            department: None,
            region: None,
            level: None,
            scope: None,
            limit: DEFAULT_LIMIT,
            offset: 0,
        }
    }
}

/// One ranked result.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    /// Item or bundle code.
    pub code: String,
    /// Item or bundle name.
    pub name: String,
    /// Department code (a bundle's lead department).
    pub department: String,
    /// Region code.
    pub region: String,
    /// Relevance; 0 when listing without text.
    pub score: f32,
}

/// A ranked page of results.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hits {
    /// Number of matches in all pages.
    pub total: usize,
    /// The requested page.
    pub hits: Vec<Hit>,
}
