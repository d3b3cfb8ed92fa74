//! The demo catalog (demo/catalog/*.yaml): what the README's first command
//! serves must answer `营业执照` and `yyzz` with the same top hit, and rank
//! the items that issue a 营业执照 above those that merely ask for one.

use tongban_domain::catalog::{Catalog, ServiceItem};
use tongban_search::{MAX_LIMIT, SearchIndex, SearchQuery, initials};

/// The demo catalog, read by catalog-io exactly as `tongban demo` reads it.
fn demo_catalog() -> Catalog {
    let paths = tongban_testkit::demo_catalog_files();
    match tongban_catalog_io::read_files(&paths) {
        Ok(parsed) => parsed.catalog,
        Err(errors) => panic!("the demo catalog does not read: {errors:?}"),
    }
}

fn top(index: &SearchIndex, text: &str) -> Option<(String, String)> {
    let hits = index.search(&SearchQuery::items(text)).unwrap().hits;
    hits.into_iter().next().map(|h| (h.code, h.name))
}

#[test]
fn business_licence_and_yyzz_share_the_top_hit_on_the_demo_catalog() {
    let catalog = demo_catalog();
    let index = SearchIndex::build(&catalog).unwrap();
    let chinese = top(&index, "营业执照").expect("the demo has 营业执照 items");
    assert_eq!(top(&index, "yyzz"), Some(chinese.clone()));
    assert!(chinese.1.contains("营业执照") || catalog.item(&chinese.0).is_some());
}

#[test]
fn every_demo_item_name_and_its_initials_find_an_exact_name_first() {
    let catalog = demo_catalog();
    let index = SearchIndex::build(&catalog).unwrap();
    for item in &catalog.items {
        let by_name = top(&index, &item.name).unwrap();
        assert_eq!(by_name.1, item.name, "{}", item.name);
        // Initials can be ambiguous (养老保险 and 医疗保险 are both ylbx):
        // the top hit must be a name spelled exactly so.
        let spelled = initials(&item.name);
        let by_initials = top(&index, &spelled).unwrap();
        assert_eq!(initials(&by_initials.1), spelled, "{}", item.name);
    }
}

/// Codes of the items the query text is only in the result name of, and of
/// those it is only in a material name of (neither in the name nor in the
/// result).
fn producers_and_consumers(catalog: &Catalog, text: &str) -> (Vec<String>, Vec<String>) {
    let material = |item: &ServiceItem| {
        item.materials.iter().any(|m| {
            catalog
                .materials
                .iter()
                .any(|d| d.code == m.material && d.name.contains(text))
        })
    };
    let mut producers = Vec::new();
    let mut consumers = Vec::new();
    for item in catalog.items.iter().filter(|i| !i.name.contains(text)) {
        if item.result.name().contains(text) {
            producers.push(item.code.as_str().to_string());
        } else if material(item) {
            consumers.push(item.code.as_str().to_string());
        }
    }
    (producers, consumers)
}

#[test]
fn items_issuing_a_business_licence_outrank_items_asking_for_one_in_chinese_and_pinyin() {
    let catalog = demo_catalog();
    let index = SearchIndex::build(&catalog).unwrap();
    let (producers, consumers) = producers_and_consumers(&catalog, "营业执照");
    assert!(producers.len() >= 2, "{producers:?}");
    assert!(consumers.len() >= 2, "{consumers:?}");
    for text in ["营业执照", "yyzz"] {
        let mut query = SearchQuery::items(text);
        query.limit = MAX_LIMIT;
        let codes: Vec<String> = index
            .search(&query)
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.code)
            .collect();
        let rank = |code: &String| codes.iter().position(|c| c == code);
        let last_producer = producers
            .iter()
            .map(|c| rank(c).unwrap_or_else(|| panic!("{text}: {c} not found in {codes:?}")))
            .max();
        let first_consumer = consumers.iter().filter_map(rank).min();
        assert!(
            first_consumer.is_some() && last_producer < first_consumer,
            "{text}: producers {producers:?} must all precede consumers {consumers:?} in {codes:?}"
        );
    }
}
