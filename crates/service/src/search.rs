//! Search requests as callers give them, checked before they reach the index.

use tongban_domain::catalog::{Catalog, Level, TongbanScope};
use tongban_domain::ident::{Code, RegionCode};
use tongban_search::{Hits, SearchQuery, Target};

use crate::error::ServiceError;

/// The largest page a search returns.
pub const MAX_LIMIT: usize = 100;
/// The deepest offset a search accepts (deeper pages cost too much to rank).
pub const MAX_OFFSET: usize = 10_000;

/// A search over items or bundles, as a caller asks for it. Empty `text`
/// lists everything that passes the filters.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    /// Words, pinyin initials (`yyzz`) or nothing.
    pub text: String,
    /// Department code (exact).
    pub department: Option<String>,
    /// Region code: the region and everything within it.
    pub region: Option<String>,
    /// Administrative level of the item.
    pub level: Option<Level>,
    /// Minimum 通办 scope.
    pub scope: Option<TongbanScope>,
    /// Page size, 1 to [`MAX_LIMIT`].
    pub limit: usize,
    /// Results to skip, at most [`MAX_OFFSET`].
    pub offset: usize,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            text: String::new(),
            department: None,
            region: None,
            level: None,
            scope: None,
            limit: 20,
            offset: 0,
        }
    }
}

impl SearchRequest {
    /// Checks the request and turns it into an index query.
    pub(crate) fn to_query(&self, target: Target) -> Result<SearchQuery, ServiceError> {
        if self.limit == 0 || self.limit > MAX_LIMIT {
            return Err(invalid(
                "limit",
                format!("应为 1 至 {MAX_LIMIT} 之间的整数"),
            ));
        }
        if self.offset > MAX_OFFSET {
            return Err(invalid("offset", format!("不能超过 {MAX_OFFSET}")));
        }
        let department = non_empty(&self.department);
        if let Some(d) = department {
            Code::parse(d).map_err(|e| invalid("department", e.message))?;
        }
        let region = non_empty(&self.region);
        if let Some(r) = region {
            RegionCode::parse(r).map_err(|e| invalid("region", e.message))?;
        }
        Ok(SearchQuery {
            target,
            text: self.text.trim().to_string(),
            department: department.map(str::to_string),
            region: region.map(str::to_string),
            level: self.level,
            scope: self.scope,
            limit: self.limit,
            offset: self.offset,
        })
    }
}

/// An empty filter means no filter; anything else must be a valid code
/// as given (no trimming, so the API's documented patterns are exact).
fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

fn invalid(name: &str, reason: String) -> ServiceError {
    ServiceError::InvalidParameter {
        name: name.to_string(),
        reason,
    }
}

/// One ranked result, with the department's name for display.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Found {
    /// Item or bundle code.
    pub code: String,
    /// Item or bundle name.
    pub name: String,
    /// Department code (the lead department for a bundle).
    pub department: String,
    /// Department name, or its code when the catalog does not know it.
    pub department_name: String,
    /// Region code.
    pub region: String,
    /// Relevance score; higher ranks first.
    pub score: f32,
}

/// A ranked page of results.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SearchPage {
    /// How many results match in all.
    pub total: usize,
    /// This page's results, best first.
    pub hits: Vec<Found>,
}

impl SearchPage {
    /// Adds department names to the index's hits.
    pub(crate) fn from_hits(hits: Hits, catalog: &Catalog) -> SearchPage {
        SearchPage {
            total: hits.total,
            hits: hits
                .hits
                .into_iter()
                .map(|h| {
                    let department_name = catalog
                        .departments
                        .iter()
                        .find(|d| d.code.as_str() == h.department)
                        .map(|d| d.name.clone())
                        .unwrap_or_else(|| h.department.clone());
                    Found {
                        code: h.code,
                        name: h.name,
                        department: h.department,
                        department_name,
                        region: h.region,
                        score: h.score,
                    }
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(f: impl FnOnce(&mut SearchRequest)) -> SearchRequest {
        let mut r = SearchRequest::default();
        f(&mut r);
        r
    }

    #[test]
    fn out_of_range_pages_and_malformed_filters_are_refused_by_name() {
        let cases: Vec<(SearchRequest, &str)> = vec![
            (request(|r| r.limit = 0), "limit"),
            (request(|r| r.limit = MAX_LIMIT + 1), "limit"),
            (request(|r| r.offset = MAX_OFFSET + 1), "offset"),
            (request(|r| r.region = Some("35082".into())), "region"),
            (
                request(|r| r.department = Some("市场 监管".into())),
                "department",
            ),
            (request(|r| r.region = Some(" ".into())), "region"),
        ];
        for (req, field) in cases {
            match req.to_query(Target::Items) {
                Err(ServiceError::InvalidParameter { name, .. }) => assert_eq!(name, field),
                other => panic!("{req:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn empty_filters_mean_no_filter_and_text_is_trimmed() {
        let req = request(|r| {
            r.text = "  营业执照 ".into();
            r.department = Some(String::new());
            r.region = Some(String::new());
        });
        let q = req.to_query(Target::Bundles).unwrap();
        assert_eq!(q.text, "营业执照");
        assert_eq!(q.department, None);
        assert_eq!(q.region, None);
        assert_eq!(q.target, Target::Bundles);
    }
}
