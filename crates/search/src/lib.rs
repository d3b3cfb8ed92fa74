//! Chinese full-text search over catalog items and bundles: tantivy with a
//! jieba tokenizer, plus pinyin initials (`yyzz` finds 营业执照).
//!
//! The index lives in memory and is rebuilt from the catalog (each app node
//! builds its own; the store's catalog revision says when to rebuild).

use tongban_domain::catalog::{Catalog, Level, TongbanScope};

/// Errors of the search index.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("搜索索引错误：{0}")]
    Index(String),
}

/// What to search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Items,
    Bundles,
}

/// A search request. Empty `text` lists everything that passes the filters.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchQuery {
    pub target: Target,
    pub text: String,
    /// Department code (exact).
    pub department: Option<String>,
    /// Region code: matches the region and everything within it.
    pub region: Option<String>,
    pub level: Option<Level>,
    /// Minimum 通办 scope (e.g. `Province` also returns `CrossProvince`).
    pub scope: Option<TongbanScope>,
    pub limit: usize,
    pub offset: usize,
}

/// One ranked result.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    pub code: String,
    pub name: String,
    pub department: String,
    pub region: String,
    pub score: f32,
}

/// A ranked page of results.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hits {
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// The in-memory index over one catalog revision.
pub struct SearchIndex {
    _private: (),
}

impl SearchIndex {
    /// Builds the index for every item and bundle of `catalog`.
    pub fn build(_catalog: &Catalog) -> Result<SearchIndex, SearchError> {
        todo!("search helper")
    }

    /// Runs a query.
    pub fn search(&self, _query: &SearchQuery) -> Result<Hits, SearchError> {
        todo!("search helper")
    }
}
