//! Prints ranked item hits over the demo catalog for the queries given on
//! the command line: `cargo run -p tongban-search --example probe -- 营业执照 yyzz`.

use std::path::PathBuf;

use tongban_domain::catalog::Catalog;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo/catalog");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    let mut catalog = Catalog::default();
    for path in paths {
        let value: serde_json::Value = serde_yaml_ng::from_str(&std::fs::read_to_string(&path)?)?;
        catalog.merge(serde_json::from_value(value)?);
    }
    let index = tongban_search::SearchIndex::build(&catalog)?;
    for text in std::env::args().skip(1) {
        println!("== {text}");
        for hit in index
            .search(&tongban_search::SearchQuery::items(&text))?
            .hits
            .iter()
            .take(8)
        {
            println!("  {:>12.3}  {}  {}", hit.score, hit.code, hit.name);
        }
    }
    Ok(())
}
