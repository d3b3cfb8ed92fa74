//! The demo catalog's files, for tests and examples that read it the way
//! `tongban import` does.

use std::path::PathBuf;

/// The `.yaml` files of `demo/catalog/`, sorted by name (their merge order).
/// Panics when the folder cannot be read: this is test support only.
pub fn demo_catalog_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/catalog"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no demo catalog files in {}",
        dir.display()
    );
    files
}
