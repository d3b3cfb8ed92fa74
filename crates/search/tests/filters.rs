//! Filters, paging and bad input. Expected sets are computed from the
//! fixture catalog with the domain's own rules, not written by hand.

mod fixture;

use std::collections::BTreeSet;

use tongban_domain::catalog::{Catalog, Level, ServiceItem, TongbanScope};
use tongban_domain::ident::RegionCode;
use tongban_search::{MAX_LIMIT, SearchIndex, SearchQuery};

fn setup() -> (Catalog, SearchIndex) {
    let catalog = fixture::catalog();
    let index = SearchIndex::build(&catalog).unwrap();
    (catalog, index)
}

fn found(index: &SearchIndex, query: &SearchQuery) -> BTreeSet<String> {
    let hits = index.search(query).unwrap();
    assert_eq!(hits.total, hits.hits.len(), "the page holds every match");
    hits.hits.into_iter().map(|h| h.code).collect()
}

fn expected(catalog: &Catalog, keep: impl Fn(&ServiceItem) -> bool) -> BTreeSet<String> {
    catalog
        .items
        .iter()
        .filter(|i| keep(i))
        .map(|i| i.code.to_string())
        .collect()
}

fn listing() -> SearchQuery {
    SearchQuery {
        limit: MAX_LIMIT,
        ..SearchQuery::items("")
    }
}

#[test]
fn the_department_filter_keeps_exactly_that_departments_items() {
    let (catalog, index) = setup();
    for dept in ["350825-scjg", "350800-gjj", "330106-scjg", "no-such-dept"] {
        let query = SearchQuery {
            department: Some(dept.into()),
            ..listing()
        };
        let want = expected(&catalog, |i| i.department.as_str() == dept);
        assert_eq!(found(&index, &query), want, "{dept}");
    }
}

#[test]
fn the_region_filter_matches_the_region_and_everything_within_it() {
    let (catalog, index) = setup();
    for region in ["350000", "350800", "350825", "330000", "330106", "110000"] {
        let code = RegionCode::parse(region).unwrap();
        let query = SearchQuery {
            region: Some(region.into()),
            ..listing()
        };
        let want = expected(&catalog, |i| i.region.is_within(&code));
        assert_eq!(found(&index, &query), want, "{region}");
    }
    // 350000 holds the province, the city and the county items.
    let fujian = SearchQuery {
        region: Some("350000".into()),
        ..listing()
    };
    assert!(
        found(&index, &fujian).len()
            > found(
                &index,
                &SearchQuery {
                    region: Some("350800".into()),
                    ..listing()
                }
            )
            .len()
    );
}

#[test]
fn a_malformed_region_filter_matches_nothing_without_error() {
    let (_, index) = setup();
    for region in ["35", "abc", "", "3508251"] {
        let query = SearchQuery {
            region: Some(region.into()),
            ..listing()
        };
        assert_eq!(index.search(&query).unwrap().total, 0, "{region}");
    }
}

#[test]
fn the_level_filter_keeps_items_of_that_level() {
    let (catalog, index) = setup();
    for level in [Level::Province, Level::City, Level::County, Level::Town] {
        let query = SearchQuery {
            level: Some(level),
            ..listing()
        };
        assert_eq!(
            found(&index, &query),
            expected(&catalog, |i| i.level == level),
            "{level:?}"
        );
    }
}

#[test]
fn the_scope_filter_is_a_minimum() {
    let (catalog, index) = setup();
    for scope in [
        TongbanScope::None,
        TongbanScope::City,
        TongbanScope::Province,
        TongbanScope::CrossProvince,
    ] {
        let query = SearchQuery {
            scope: Some(scope),
            ..listing()
        };
        let want = expected(&catalog, |i| i.tongban_scope >= scope);
        assert_eq!(found(&index, &query), want, "{scope:?}");
    }
}

#[test]
fn filters_combine_with_text() {
    let (catalog, index) = setup();
    let query = SearchQuery {
        region: Some("350800".into()),
        scope: Some(TongbanScope::Province),
        ..SearchQuery::items("食品经营许可")
    };
    let hits = index.search(&query).unwrap();
    let want = expected(&catalog, |i| {
        i.name.contains("食品经营许可")
            && i.region.is_within(&RegionCode::parse("350800").unwrap())
            && i.tongban_scope >= TongbanScope::Province
    });
    assert_eq!(hits.hits[0].code, *want.iter().next().unwrap());
    assert_eq!(want.len(), 1);
    // The other 食品经营许可 (杭州西湖区) is outside the region.
    assert!(hits.hits.iter().all(|h| h.code != "xh-spjy"));
}

#[test]
fn empty_text_lists_by_code_order() {
    let (catalog, index) = setup();
    let codes: Vec<String> = index
        .search(&listing())
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.code)
        .collect();
    let mut want: Vec<String> = catalog.items.iter().map(|i| i.code.to_string()).collect();
    want.sort();
    assert_eq!(codes, want);
}

#[test]
fn pages_split_the_same_ranking_and_share_the_total() {
    let (_, index) = setup();
    for text in ["", "登记", "yyzz"] {
        let whole = index
            .search(&SearchQuery {
                limit: MAX_LIMIT,
                ..SearchQuery::items(text)
            })
            .unwrap();
        let mut paged = Vec::new();
        for offset in (0..whole.total + 3).step_by(3) {
            let page = index
                .search(&SearchQuery {
                    limit: 3,
                    offset,
                    ..SearchQuery::items(text)
                })
                .unwrap();
            assert_eq!(page.total, whole.total, "{text}@{offset}");
            assert!(page.hits.len() <= 3);
            paged.extend(page.hits.into_iter().map(|h| h.code));
        }
        let codes: Vec<String> = whole.hits.into_iter().map(|h| h.code).collect();
        assert_eq!(paged, codes, "{text}");
    }
}

#[test]
fn the_limit_is_clamped_to_one_through_a_hundred() {
    let (catalog, index) = setup();
    let zero = index
        .search(&SearchQuery {
            limit: 0,
            ..SearchQuery::items("")
        })
        .unwrap();
    assert_eq!(zero.hits.len(), 1);
    assert_eq!(zero.total, catalog.items.len());
    let huge = index
        .search(&SearchQuery {
            limit: usize::MAX,
            offset: usize::MAX,
            ..SearchQuery::items("")
        })
        .unwrap();
    assert!(huge.hits.is_empty());
    assert_eq!(huge.total, catalog.items.len());
}

#[test]
fn query_syntax_characters_are_searched_as_text() {
    let (_, index) = setup();
    for text in [
        "\"营业执照",
        "营业执照\"",
        "name:营业执照",
        "(营业执照",
        "营业执照)",
        "*",
        "营业*",
        "-营业执照",
        "+营业执照",
        "营业执照^10",
        "营业执照~2",
        "[a TO z]",
        "{}",
        "\\",
        "AND",
        "OR NOT",
        ":",
        "'",
        "/",
        "%",
        "\0",
        "营业执照\u{200b}",
        "🙂",
        "ｙｙｚｚ",
    ] {
        let result = index.search(&SearchQuery::items(text));
        assert!(result.is_ok(), "{text:?}: {result:?}");
    }
    // Quotes, brackets and operators around the words change nothing.
    let plain = index.search(&SearchQuery::items("营业执照")).unwrap().hits[0]
        .code
        .clone();
    for text in [
        "\"营业执照\"",
        "(营业执照)",
        "-营业执照",
        "营业执照*",
        "营业执照^2",
        "ｙｙｚｚ",
    ] {
        assert_eq!(
            index.search(&SearchQuery::items(text)).unwrap().hits[0].code,
            plain,
            "{text}"
        );
    }
}

#[test]
fn a_ten_thousand_character_query_is_truncated_not_refused() {
    let (_, index) = setup();
    for text in [
        "营业执照".repeat(2_500),
        "y".repeat(10_000),
        "(\"*:".repeat(2_500),
        "营 ".repeat(5_000),
    ] {
        let result = index.search(&SearchQuery::items(&text));
        assert!(result.is_ok(), "{result:?}");
    }
    let long = index
        .search(&SearchQuery::items(&"营业执照".repeat(2_500)))
        .unwrap();
    assert!(long.total > 0);
}
