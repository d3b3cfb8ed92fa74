//! The search benchmark and its synthetic catalog.

use tongban_domain::validate::validate;
use tongban_search::bench::{run, synthetic_catalog};
use tongban_search::{SearchIndex, SearchQuery, initials};

#[test]
fn the_synthetic_catalog_is_the_same_for_a_seed_and_differs_across_seeds() {
    let a = synthetic_catalog(300, 42);
    assert_eq!(a, synthetic_catalog(300, 42));
    assert_ne!(a.items, synthetic_catalog(300, 43).items);
    assert_eq!(a.items.len(), 300);
    assert!(!a.bundles.is_empty());
}

#[test]
fn the_synthetic_catalog_passes_validation() {
    let problems = validate(&synthetic_catalog(600, 1));
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn synthetic_names_are_found_by_their_words_and_their_initials() {
    let catalog = synthetic_catalog(500, 9);
    let index = SearchIndex::build(&catalog).unwrap();
    let name = &catalog.items[17].name;
    for text in [name.clone(), initials(name)] {
        let hits = index.search(&SearchQuery::items(&text)).unwrap();
        assert_eq!(&hits.hits[0].name, name, "{text}");
    }
}

#[test]
fn a_small_benchmark_run_reports_ordered_latencies() {
    let report = run(1_000, 120, 3).unwrap();
    assert_eq!(report.items, 1_000);
    assert_eq!(report.queries, 120);
    assert!(
        report.p50 <= report.p99 && report.p99 <= report.max,
        "{report:?}"
    );
    assert!(report.queries_per_second > 0.0);
    assert!(
        report.mean_total > 0.0,
        "the query mix finds things: {report:?}"
    );
    let table = report.to_string();
    for label in ["p50", "p99", "build", "queries/s"] {
        assert!(table.contains(label), "{table}");
    }
}

/// The figure for the report: `cargo test -p tongban-search --release
/// --test bench -- --ignored --nocapture`.
#[test]
#[ignore = "slow: 100,000 items; run in release"]
fn bench_one_hundred_thousand_items() {
    let report = run(100_000, 2_000, 1).unwrap();
    println!("{report}");
    assert_eq!(report.items, 100_000);
}
