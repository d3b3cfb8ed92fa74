//! Ranking: Chinese text, pinyin initials, mixed queries, codes and bundles.

mod fixture;

use tongban_domain::catalog::Situation;
use tongban_domain::ident::Code;
use tongban_search::{MAX_LIMIT, SearchIndex, SearchQuery};

fn index() -> SearchIndex {
    SearchIndex::build(&fixture::catalog()).unwrap()
}

fn names_of(index: &SearchIndex, query: &SearchQuery) -> Vec<String> {
    index
        .search(query)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.name)
        .collect()
}

fn codes(index: &SearchIndex, query: &SearchQuery) -> Vec<String> {
    index
        .search(query)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.code)
        .collect()
}

#[test]
fn a_chinese_query_ranks_the_shortest_name_starting_with_it_first() {
    let index = index();
    let names = names_of(&index, &SearchQuery::items("营业执照"));
    assert_eq!(names[0], "营业执照变更登记", "{names:?}");
    // Every name containing the words comes before any item that only
    // mentions them in its secondary text (result, materials).
    let with: Vec<bool> = names.iter().map(|n| n.contains("营业执照")).collect();
    let first_without = with.iter().position(|w| !w).unwrap_or(with.len());
    assert_eq!(
        with.iter().filter(|w| **w).count(),
        first_without,
        "{names:?}"
    );
    assert!(first_without >= 3, "{names:?}");
    assert!(
        names.contains(&"个体工商户设立登记".to_string()),
        "result 营业执照 is searched: {names:?}"
    );
}

#[test]
fn pinyin_initials_give_the_same_top_hits_as_the_chinese_words() {
    let index = index();
    for (chinese, pinyin) in [
        ("营业执照", "yyzz"),
        ("食品经营许可", "spjyxk"),
        ("健康证明", "jkzm"),
        ("公积金", "gjj"),
        ("企业设立", "qysl"),
        ("营业执照变更", "yyzzbg"),
    ] {
        let by_chinese = codes(&index, &SearchQuery::items(chinese));
        let by_pinyin = codes(&index, &SearchQuery::items(pinyin));
        assert!(!by_chinese.is_empty(), "{chinese}");
        assert_eq!(
            by_chinese.first(),
            by_pinyin.first(),
            "{chinese} / {pinyin}"
        );
        let names = names_of(&index, &SearchQuery::items(pinyin));
        assert!(names[0].contains(chinese), "{pinyin} → {names:?}");
    }
}

#[test]
fn pinyin_initials_are_case_insensitive() {
    let index = index();
    assert_eq!(
        codes(&index, &SearchQuery::items("YYZZ")),
        codes(&index, &SearchQuery::items("yyzz"))
    );
}

#[test]
fn an_exact_name_outranks_longer_names_containing_it() {
    let index = index();
    let names = names_of(&index, &SearchQuery::items("食品经营许可"));
    assert_eq!(names[0], "食品经营许可");
    assert_eq!(names[1], "食品经营许可");
    assert_eq!(names[2], "食品经营许可变更");
    let names = names_of(&index, &SearchQuery::items("游厨登记"));
    assert_eq!(names[0], "游厨登记");
}

#[test]
fn an_item_asking_for_a_material_is_found_below_the_item_named_so() {
    let index = index();
    let names = names_of(&index, &SearchQuery::items("健康证明"));
    assert_eq!(names[0], "健康证明（食品从业人员健康检查）");
    assert!(names.contains(&"游厨登记".to_string()), "{names:?}");
}

#[test]
fn space_separated_parts_must_all_match_chinese_or_pinyin() {
    let index = index();
    for text in ["营业执照 变更", "yyzz 变更", "变更 营业执照"] {
        let names = names_of(&index, &SearchQuery::items(text));
        assert_eq!(names[0], "营业执照变更登记", "{text}: {names:?}");
    }
    let names = names_of(&index, &SearchQuery::items("食品 变更"));
    assert_eq!(names[0], "食品经营许可变更", "{names:?}");
    assert!(
        names
            .iter()
            .all(|n| n.contains("变更") || n.contains("食品")),
        "{names:?}"
    );
}

#[test]
fn an_item_code_finds_that_item_first() {
    let index = index();
    assert_eq!(
        codes(&index, &SearchQuery::items("scjg-spjy"))[0],
        "scjg-spjy"
    );
    assert_eq!(codes(&index, &SearchQuery::items("gjj-tq"))[0], "gjj-tq");
}

#[test]
fn a_query_nothing_contains_returns_no_hits() {
    let index = index();
    let hits = index.search(&SearchQuery::items("航天发射")).unwrap();
    assert_eq!(hits.total, 0);
    assert!(hits.hits.is_empty());
    assert_eq!(index.search(&SearchQuery::items("xqzw")).unwrap().total, 0);
}

#[test]
fn scores_descend_down_the_page() {
    let index = index();
    let hits = index.search(&SearchQuery::items("登记")).unwrap().hits;
    assert!(hits.len() > 3);
    assert!(
        hits.windows(2).all(|w| w[0].score >= w[1].score),
        "{hits:?}"
    );
}

#[test]
fn the_bundle_target_searches_bundles_only() {
    let index = index();
    let catalog = fixture::catalog();
    let hits = index.search(&SearchQuery::bundles("企业开办")).unwrap();
    assert_eq!(hits.hits[0].code, "yb-qykb");
    assert!(hits.hits.iter().all(|h| catalog.bundle(&h.code).is_some()));
    // A bundle is found by a member item's name, and by its initials.
    assert_eq!(
        codes(&index, &SearchQuery::bundles("食品经营许可"))[0],
        "yb-kfd"
    );
    assert_eq!(codes(&index, &SearchQuery::bundles("kfd"))[0], "yb-kfd");
    // Items never come back as bundles, nor bundles as items.
    let items = index.search(&SearchQuery::items("一件事")).unwrap();
    assert_eq!(items.total, 0);
    let all = index.search(&SearchQuery::bundles("")).unwrap();
    assert_eq!(all.total, catalog.bundles.len());
}

#[test]
fn a_common_abbreviation_finds_the_spelled_out_name() {
    let index = index();
    let names = names_of(&index, &SearchQuery::items("社保"));
    assert_eq!(names[0], "企业职工社会保险登记", "{names:?}");
    let names = names_of(&index, &SearchQuery::items("sb"));
    assert_eq!(
        names.first().map(String::as_str),
        Some("企业职工社会保险登记"),
        "{names:?}"
    );
}

#[test]
fn initials_match_from_a_word_start_not_across_a_words_middle() {
    let index = index();
    // 营业执照遗失补领: 遗失 + 补领 spell ys·bl; "sb" would straddle 遗失|补领.
    let names = names_of(&index, &SearchQuery::items("sb"));
    assert!(
        !names.contains(&"营业执照遗失补领".to_string()),
        "{names:?}"
    );
    let names = names_of(&index, &SearchQuery::items("bl"));
    assert_eq!(
        names.first().map(String::as_str),
        Some("营业执照遗失补领"),
        "{names:?}"
    );
}

#[test]
fn an_item_issuing_a_licence_outranks_items_that_only_ask_for_it_even_with_long_text() {
    // 个体工商户设立登记 issues a 营业执照 and, like a real item, has several
    // situations and conditions; the askers below only list a 营业执照副本
    // among short texts (and neither issue nor name one).
    let mut catalog = fixture::catalog();
    let issuer = catalog
        .items
        .iter_mut()
        .find(|i| i.code.as_str() == "scjg-gtsl")
        .unwrap();
    issuer.conditions.extend(
        [
            "经营者为具有完全民事行为能力的自然人或家庭",
            "名称、经营场所、经营范围等登记事项符合法律、行政法规规定",
            "经营范围涉及前置许可的，已取得相关部门批准文件",
        ]
        .map(String::from),
    );
    issuer.situations = [
        ("gr", "个人经营"),
        ("jt", "家庭经营"),
        ("wt", "委托代理人办理"),
        ("wl", "网络经营者"),
    ]
    .iter()
    .map(|(c, name)| Situation {
        code: Code::parse(c).unwrap(),
        name: name.to_string(),
        default: false,
    })
    .collect();
    let index = SearchIndex::build(&catalog).unwrap();
    let askers = [
        "scjg-qyzx",
        "scjg-spjy",
        "scjg-spjybg",
        "xh-spjy",
        "wj-ggcs",
        "rs-sbdj",
        "gjj-jcdj",
    ];
    for text in ["营业执照", "yyzz"] {
        let mut query = SearchQuery::items(text);
        query.limit = MAX_LIMIT;
        let found = codes(&index, &query);
        let issuer = found.iter().position(|c| c == "scjg-gtsl");
        let first_asker = askers
            .iter()
            .filter_map(|a| found.iter().position(|c| c == a))
            .min();
        assert!(
            issuer.is_some() && first_asker.is_some(),
            "{text}: {found:?}"
        );
        assert!(issuer < first_asker, "{text}: {found:?}");
    }
}
