//! Regenerates the seeds of `fuzz/corpus/` that come from the demo catalog:
//! its YAML files, the merged catalog exported as YAML and XLSX, and one
//! guidance case per demo bundle with a questionnaire.
//!
//! `cargo run -p tongban-fuzz-targets --example seed_corpus` — hand-written
//! seeds (identifiers, broken files, tricky conditions) are kept as they are.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::json;
use tongban_catalog_io::{read_files, read_yaml, write_xlsx, write_yaml};
use tongban_domain::bundle::Bundle;
use tongban_domain::catalog::Catalog;
use tongban_domain::guidance::{Answer, Answers, QuestionKind};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let corpus = root.join("fuzz/corpus");
    let mut demo: Vec<PathBuf> = std::fs::read_dir(root.join("demo/catalog"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    demo.sort();
    let yaml_dir = corpus.join("catalog_yaml");
    std::fs::create_dir_all(&yaml_dir)?;
    for path in &demo {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("demo.yaml");
        std::fs::copy(path, yaml_dir.join(format!("ok-demo-{name}")))?;
    }
    let catalog = read_files(&demo)
        .map_err(|e| format!("demo catalog: {e:?}"))?
        .catalog;
    std::fs::write(yaml_dir.join("ok-demo-merged.yaml"), write_yaml(&catalog))?;

    let xlsx_dir = corpus.join("catalog_xlsx");
    std::fs::create_dir_all(&xlsx_dir)?;
    std::fs::write(xlsx_dir.join("ok-demo-merged.xlsx"), write_xlsx(&catalog)?)?;
    let minimal = root.join("crates/catalog-io/tests/fixtures/valid/minimal.yaml");
    let text = std::fs::read_to_string(&minimal)?;
    let small = read_yaml("minimal.yaml", &text).map_err(|e| format!("minimal: {e:?}"))?;
    let minimal_xlsx = write_xlsx(&small.catalog)?;
    std::fs::write(xlsx_dir.join("ok-minimal.xlsx"), &minimal_xlsx)?;
    std::fs::write(xlsx_dir.join("ok-minimal.tsv"), tsv(&minimal_xlsx)?)?;

    let guidance_dir = corpus.join("guidance");
    std::fs::create_dir_all(&guidance_dir)?;
    for bundle in catalog.bundles.iter().filter(|b| !b.guidance.is_empty()) {
        write_case(&guidance_dir, &catalog, bundle)?;
    }
    println!("seeds written under {}", corpus.display());
    Ok(())
}

/// The sheets of a workbook in the text form `catalog_xlsx` builds
/// workbooks from: `#sheet` lines, then tab-separated rows. Tabs and line
/// breaks inside cells become spaces.
fn tsv(xlsx: &[u8]) -> Result<String, Box<dyn std::error::Error>> {
    use calamine::{Reader, Xlsx};
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx))?;
    let mut out = String::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name)?;
        out.push_str(&format!("#{name}\n"));
        for row in range.rows() {
            let cells: Vec<String> = row
                .iter()
                .map(|c| c.to_string().replace(['\t', '\n', '\r'], " "))
                .collect();
            out.push_str(&cells.join("\t"));
            out.push('\n');
        }
    }
    Ok(out)
}

/// Writes `ok-<bundle>.json`: the bundle, answers taking each question's
/// first option (or yes), and the members' situations.
fn write_case(dir: &Path, catalog: &Catalog, bundle: &Bundle) -> std::io::Result<()> {
    let mut answers = Answers::new();
    for q in &bundle.guidance.questions {
        let first = q.options.first().map(|o| o.value.to_string());
        let answer = match q.kind {
            QuestionKind::YesNo => Some(Answer::YesNo(true)),
            QuestionKind::SingleChoice => first.map(Answer::Choice),
            QuestionKind::MultiChoice => Some(Answer::Choices(first.into_iter().collect())),
        };
        if let Some(a) = answer {
            answers.insert(q.code.to_string(), a);
        }
    }
    let mut situations = BTreeMap::new();
    for m in &bundle.members {
        if let Some(item) = catalog.item(m.item.as_str()) {
            let list: Vec<(String, bool)> = item
                .situations
                .iter()
                .map(|s| (s.code.to_string(), s.default))
                .collect();
            situations.insert(m.item.to_string(), list);
        }
    }
    let case = json!({ "bundle": bundle, "answers": answers, "situations": situations });
    let text = serde_json::to_string_pretty(&case).map_err(std::io::Error::other)?;
    std::fs::write(dir.join(format!("ok-{}.json", bundle.code)), text)
}
