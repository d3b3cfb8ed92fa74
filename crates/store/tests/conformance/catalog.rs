//! Checks of importing, merging, validating and reading the catalog.

use tongban_domain::Catalog;
use tongban_store::{CatalogStore, ImportSummary, StoreError};

use crate::common::{Fixture, bundle, item, items_only, sample_catalog, uscc};

/// The catalog with every list in reverse order, as a file might list it.
fn reversed(mut c: Catalog) -> Catalog {
    c.regions.reverse();
    c.departments.reverse();
    c.data_elements.reverse();
    c.materials.reverse();
    c.items.reverse();
    c.bundles.reverse();
    c.licence_types.reverse();
    c.proofs.reverse();
    c
}

/// The problem codes of an `Invalid` error, with the entry they are in.
fn problem_codes(result: Result<ImportSummary, StoreError>) -> Vec<(String, &'static str)> {
    match result {
        Err(StoreError::Invalid(problems)) => {
            problems.into_iter().map(|p| (p.entity, p.code)).collect()
        }
        other => panic!("expected StoreError::Invalid, got {other:?}"),
    }
}

pub async fn an_empty_store_has_no_entries_and_revision_zero(f: Fixture) {
    assert_eq!(f.db.load_catalog().await.unwrap(), Catalog::default());
    assert_eq!(f.db.catalog_revision().await.unwrap(), 0);
    assert_eq!(f.db.item("food-licence").await.unwrap(), None);
}

pub async fn a_catalog_round_trips_through_import_and_load(f: Fixture) {
    let summary =
        f.db.import_catalog(reversed(sample_catalog()))
            .await
            .unwrap();
    let expected = ImportSummary {
        regions: 3,
        departments: 2,
        data_elements: 2,
        materials: 2,
        items: 3,
        bundles: 1,
        licence_types: 1,
        proofs: 1,
        revision: 1,
    };
    assert_eq!(summary, expected);
    assert_eq!(
        f.db.load_catalog().await.unwrap(),
        sample_catalog().normalized()
    );
}

pub async fn items_and_bundles_are_found_by_code_and_unknown_codes_are_none(f: Fixture) {
    let sample = sample_catalog();
    f.db.import_catalog(sample.clone()).await.unwrap();
    for expected in &sample.items {
        let found = f.db.item(expected.code.as_str()).await.unwrap();
        assert_eq!(found.as_ref(), Some(expected));
    }
    let found = f.db.bundle("open-restaurant").await.unwrap();
    assert_eq!(found.as_ref(), sample.bundle("open-restaurant"));
    assert_eq!(f.db.item("no-such-item").await.unwrap(), None);
    assert_eq!(f.db.bundle("no-such-bundle").await.unwrap(), None);
    // A bundle code is not an item code and the other way round.
    assert_eq!(f.db.item("open-restaurant").await.unwrap(), None);
    assert_eq!(f.db.bundle("food-licence").await.unwrap(), None);
}

pub async fn reimporting_a_changed_item_replaces_it_and_keeps_the_others(f: Fixture) {
    f.db.import_catalog(sample_catalog()).await.unwrap();
    let changed = item(
        "health-permit",
        "公共场所卫生许可（告知承诺）",
        "350825-scjg",
    );
    let summary =
        f.db.import_catalog(items_only(vec![changed.clone()]))
            .await
            .unwrap();
    assert_eq!(
        (summary.items, summary.departments, summary.bundles),
        (1, 0, 0)
    );

    let mut expected = sample_catalog();
    expected.merge(items_only(vec![changed.clone()]));
    let stored = f.db.load_catalog().await.unwrap();
    assert_eq!(stored, expected.normalized());
    assert_eq!(f.db.item("health-permit").await.unwrap(), Some(changed));
    assert_eq!(stored.items.len(), 3);
}

pub async fn a_partial_import_may_bring_an_item_together_with_its_department(f: Fixture) {
    f.db.import_catalog(sample_catalog()).await.unwrap();
    let mut partial: Catalog = serde_json::from_value(serde_json::json!({
        "departments": [{ "code": "350825-zjj", "name": "连城县住房和城乡建设局",
                          "uscc": uscc(3), "region": "350825" }]
    }))
    .unwrap();
    partial
        .items
        .push(item("building-permit", "建筑工程施工许可", "350825-zjj"));
    let summary = f.db.import_catalog(partial.clone()).await.unwrap();
    assert_eq!((summary.departments, summary.items), (1, 1));
    let stored = f.db.load_catalog().await.unwrap();
    assert_eq!(stored.departments.len(), 3);
    assert_eq!(
        stored.item("building-permit"),
        partial.item("building-permit")
    );
}

pub async fn every_import_bumps_the_revision_by_one(f: Fixture) {
    let before = f.db.catalog_revision().await.unwrap();
    let first = f.db.import_catalog(sample_catalog()).await.unwrap();
    assert_eq!(first.revision, before + 1);
    let extra = item("extra-item", "额外事项", "350825-wsjk");
    let second = f.db.import_catalog(items_only(vec![extra])).await.unwrap();
    assert_eq!(second.revision, before + 2);
    // Re-importing identical content is still an import.
    let third = f.db.import_catalog(sample_catalog()).await.unwrap();
    assert_eq!(third.revision, before + 3);
    assert_eq!(f.db.catalog_revision().await.unwrap(), before + 3);
}

pub async fn import_is_all_or_nothing(f: Fixture) {
    f.db.import_catalog(sample_catalog()).await.unwrap();
    let stored = f.db.load_catalog().await.unwrap();
    let revision = f.db.catalog_revision().await.unwrap();

    let good = item("good-item", "合格事项", "350825-scjg");
    let bad = item("orphan-item", "无主事项", "350825-nobody");
    let mut incoming = items_only(vec![good, bad]);
    incoming
        .bundles
        .push(bundle("new-bundle", &[("good-item", &[])]));
    let problems = problem_codes(f.db.import_catalog(incoming).await);

    assert_eq!(
        problems,
        vec![("orphan-item".to_string(), "unknown_department")]
    );
    assert_eq!(f.db.load_catalog().await.unwrap(), stored);
    assert_eq!(f.db.catalog_revision().await.unwrap(), revision);
    assert_eq!(f.db.item("good-item").await.unwrap(), None);
    assert_eq!(f.db.bundle("new-bundle").await.unwrap(), None);
}

pub async fn a_bundle_with_a_dependency_cycle_is_refused_and_changes_nothing(f: Fixture) {
    f.db.import_catalog(sample_catalog()).await.unwrap();
    let stored = f.db.load_catalog().await.unwrap();
    let revision = f.db.catalog_revision().await.unwrap();

    let cyclic = bundle(
        "cyclic",
        &[
            ("food-licence", &["health-permit"]),
            ("health-permit", &["food-licence"]),
        ],
    );
    let incoming = Catalog {
        bundles: vec![cyclic],
        ..Catalog::default()
    };
    let problems = problem_codes(f.db.import_catalog(incoming).await);

    assert!(
        problems.contains(&("cyclic".to_string(), "dependency_cycle")),
        "{problems:?}"
    );
    assert_eq!(f.db.load_catalog().await.unwrap(), stored);
    assert_eq!(f.db.catalog_revision().await.unwrap(), revision);
}

pub async fn a_file_naming_one_code_twice_is_refused(f: Fixture) {
    f.db.import_catalog(sample_catalog()).await.unwrap();
    let revision = f.db.catalog_revision().await.unwrap();
    let first = item("twice", "第一次", "350825-scjg");
    let second = item("twice", "第二次", "350825-scjg");
    let problems = problem_codes(f.db.import_catalog(items_only(vec![first, second])).await);
    assert_eq!(problems, vec![("twice".to_string(), "duplicate_code")]);
    assert_eq!(f.db.item("twice").await.unwrap(), None);
    assert_eq!(f.db.catalog_revision().await.unwrap(), revision);
}

pub async fn licence_types_are_catalog_entries_and_a_dangling_link_is_refused(f: Fixture) {
    f.db.import_catalog(sample_catalog()).await.unwrap();
    let stored = f.db.load_catalog().await.unwrap();
    let mut licence_type = stored.licence_type("food-business").unwrap().clone();

    licence_type.cancelled_by = vec![tongban_domain::ident::Code::parse("no-such-item").unwrap()];
    let dangling = Catalog {
        licence_types: vec![licence_type.clone()],
        ..Catalog::default()
    };
    let problems = problem_codes(f.db.import_catalog(dangling).await);
    assert_eq!(
        problems,
        vec![("food-business".to_string(), "unknown_item")]
    );
    assert_eq!(f.db.load_catalog().await.unwrap(), stored);

    licence_type.cancelled_by = vec![tongban_domain::ident::Code::parse("health-permit").unwrap()];
    let linked = Catalog {
        licence_types: vec![licence_type.clone()],
        ..Catalog::default()
    };
    let summary = f.db.import_catalog(linked).await.unwrap();
    assert_eq!((summary.licence_types, summary.items), (1, 0));
    let reloaded = f.db.load_catalog().await.unwrap();
    assert_eq!(reloaded.licence_type("food-business"), Some(&licence_type));
    assert_eq!(reloaded.proofs, stored.proofs);
}
