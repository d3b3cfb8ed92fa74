//! The demo catalog (demo/catalog/*.yaml): what the README's first command
//! serves must answer `营业执照` and `yyzz` with the same top hit.

use std::path::PathBuf;

use tongban_domain::catalog::Catalog;
use tongban_search::{SearchIndex, SearchQuery, initials};

fn demo_catalog() -> Catalog {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo/catalog");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    let mut catalog = Catalog::default();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        // Through JSON values: the catalog format writes enums as maps
        // (`{ working_days: 3 }`), which serde_yaml_ng reads only as tags.
        let value: serde_json::Value =
            serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let part: Catalog =
            serde_json::from_value(value).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        catalog.merge(part);
    }
    catalog
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
