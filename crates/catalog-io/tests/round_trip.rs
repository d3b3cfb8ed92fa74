//! Writing a catalog and reading it back gives the same catalog, in YAML
//! and in Excel; several files merge with later files winning.

mod common;

use std::path::PathBuf;

use tongban_catalog_io::{Location, read_files, read_xlsx, read_yaml, write_xlsx, write_yaml};
use tongban_domain::validate::{EntityKind, validate};

#[test]
fn the_rich_catalog_is_valid_so_round_trips_test_real_content() {
    let problems = validate(&common::rich_catalog());
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn yaml_export_reads_back_to_an_equal_catalog() {
    let catalog = common::rich_catalog();
    let text = write_yaml(&catalog);
    let parsed = read_yaml("export.yaml", &text).unwrap_or_else(|e| panic!("{e:#?}\n{text}"));
    assert_eq!(parsed.catalog, catalog.normalized());
}

#[test]
fn yaml_export_is_deterministic_whatever_the_input_order() {
    let catalog = common::rich_catalog();
    let mut shuffled = catalog.clone();
    shuffled.items.reverse();
    shuffled.regions.reverse();
    shuffled.bundles.swap(0, 2);
    assert_eq!(write_yaml(&catalog), write_yaml(&shuffled));
    let text = write_yaml(&catalog);
    assert!(text.starts_with("# "), "starts with a header comment");
    assert!(text.contains("working_days: 5"), "time limits in map form");
    assert!(text.contains("natural_days: 30"));
    assert!(text.contains("hours: 4"));
}

#[test]
fn xlsx_export_reads_back_to_an_equal_catalog() {
    let catalog = common::rich_catalog();
    let bytes = write_xlsx(&catalog).unwrap();
    let parsed = read_xlsx("export.xlsx", &bytes).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(parsed.catalog, catalog.normalized());
}

#[test]
fn xlsx_to_yaml_to_xlsx_keeps_the_catalog() {
    let catalog = common::rich_catalog().normalized();
    let from_xlsx = read_xlsx("a.xlsx", &write_xlsx(&catalog).unwrap()).unwrap();
    let yaml = write_yaml(&from_xlsx.catalog);
    let from_yaml = read_yaml("b.yaml", &yaml).unwrap();
    assert_eq!(from_yaml.catalog, catalog);
}

#[test]
fn xlsx_source_map_points_at_the_items_row() {
    let catalog = common::rich_catalog();
    let parsed = read_xlsx("export.xlsx", &write_xlsx(&catalog).unwrap()).unwrap();
    // Items are written sorted by code under the header row: item-3 is row 5.
    let (file, location) = parsed.sources.entry(EntityKind::Item, "item-3").unwrap();
    assert_eq!(file, "export.xlsx");
    assert_eq!(
        location,
        &Location::Row {
            sheet: "事项".into(),
            row: 5
        }
    );
}

#[test]
fn the_minimal_fixture_reads_and_validates() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/minimal.yaml");
    let parsed = read_files(&[path]).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(parsed.catalog.items.len(), 2);
    assert_eq!(parsed.catalog.bundles.len(), 1);
    let problems = validate(&parsed.catalog);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn read_files_merges_yaml_and_xlsx_with_later_files_winning() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = common::rich_catalog();
    let xlsx = dir.path().join("base.xlsx");
    std::fs::write(&xlsx, write_xlsx(&catalog).unwrap()).unwrap();
    let mut renamed = catalog.items[0].clone();
    renamed.name = "改名后的事项".into();
    let patch = tongban_domain::catalog::Catalog {
        items: vec![renamed],
        ..Default::default()
    };
    let yaml = dir.path().join("patch.YML");
    std::fs::write(&yaml, write_yaml(&patch)).unwrap();
    let parsed = read_files(&[xlsx.clone(), yaml.clone()]).unwrap();
    assert_eq!(parsed.catalog.items.len(), catalog.items.len());
    assert_eq!(parsed.catalog.item("item-0").unwrap().name, "改名后的事项");
    let (file, location) = parsed.sources.entry(EntityKind::Item, "item-0").unwrap();
    assert_eq!(file, yaml.display().to_string());
    assert!(matches!(location, Location::Line(_)));
    let (file, _) = parsed.sources.entry(EntityKind::Item, "item-1").unwrap();
    assert_eq!(file, xlsx.display().to_string());
}

#[test]
fn read_files_refuses_unknown_extensions_and_reports_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("catalog.csv");
    std::fs::write(&csv, "a,b").unwrap();
    let missing = dir.path().join("missing.yaml");
    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "items: [").unwrap();
    let errors = read_files(&[csv.clone(), missing.clone(), broken.clone()]).unwrap_err();
    let codes: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.file.as_str(), e.code.as_str()))
        .collect();
    let name = |p: &PathBuf| p.display().to_string();
    assert_eq!(
        codes,
        [
            (name(&csv).as_str(), "unsupported_file_type"),
            (name(&missing).as_str(), "unreadable_file"),
            (name(&broken).as_str(), "yaml_syntax"),
        ]
    );
    assert!(
        errors[0].to_string().contains("catalog.csv"),
        "{}",
        errors[0]
    );
}
