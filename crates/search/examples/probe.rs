//! Prints ranked item hits over the demo catalog for the queries given on
//! the command line: `cargo run -p tongban-search --example probe -- 营业执照 yyzz`.
//! The demo is read with `tongban_catalog_io::read_files`, as the product
//! reads it.

/// Hits printed per query.
const SHOWN: usize = 12;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let paths = tongban_testkit::demo_catalog_files();
    let catalog = match tongban_catalog_io::read_files(&paths) {
        Ok(parsed) => parsed.catalog,
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            return Err(format!("演示目录无法读取：{} 处错误", errors.len()).into());
        }
    };
    let index = tongban_search::SearchIndex::build(&catalog)?;
    for text in std::env::args().skip(1) {
        println!("== {text}");
        for hit in index
            .search(&tongban_search::SearchQuery::items(&text))?
            .hits
            .iter()
            .take(SHOWN)
        {
            println!("  {:>12.3}  {}  {}", hit.score, hit.code, hit.name);
        }
    }
    Ok(())
}
