//! Catalog import and export: the documented YAML format
//! (docs/catalog-format.md) and Excel workbooks (.xlsx).
//!
//! Reading returns the catalog plus a [`SourceMap`] that remembers where each
//! entry came from, so that a validation [`Problem`] found later (after
//! merging with the stored catalog) is reported with file, line or
//! sheet/row, and field. This crate reads and writes files only; whether a
//! catalog is valid is decided by [`tongban_domain::validate`].
//!
//! [`Problem`]: tongban_domain::validate::Problem

mod error;
mod source_map;
mod xlsx;
mod yaml;

use std::path::{Path, PathBuf};

use tongban_domain::catalog::Catalog;

pub use error::{ImportError, Location};
pub use source_map::{STORED, SourceMap};

/// A catalog read from files, with where each entry came from.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub catalog: Catalog,
    pub sources: SourceMap,
}

/// Reads files (`.yaml`/`.yml` or `.xlsx`, by extension) into one catalog.
/// Later files override earlier ones for the same code. All errors of all
/// files are returned together.
pub fn read_files(paths: &[PathBuf]) -> Result<Parsed, Vec<ImportError>> {
    let mut merged = Parsed::default();
    let mut errors = Vec::new();
    for path in paths {
        match read_file(path) {
            Ok(parsed) => {
                merged.catalog.merge(parsed.catalog);
                merged.sources.merge(parsed.sources);
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(merged)
    } else {
        Err(errors)
    }
}

fn read_file(path: &Path) -> Result<Parsed, Vec<ImportError>> {
    let file = path.display().to_string();
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let kind = match extension.as_deref() {
        Some("yaml" | "yml") => Format::Yaml,
        Some("xlsx") => Format::Xlsx,
        _ => {
            let reason = "无法识别的文件类型：目录文件的扩展名应为 .yaml、.yml 或 .xlsx";
            return Err(vec![ImportError::whole_file(
                &file,
                "unsupported_file_type",
                reason,
            )]);
        }
    };
    let bytes = std::fs::read(path).map_err(|e| {
        let reason = format!("无法读取文件：{e}");
        vec![ImportError::whole_file(&file, "unreadable_file", reason)]
    })?;
    match kind {
        Format::Xlsx => read_xlsx(&file, &bytes),
        Format::Yaml => match String::from_utf8(bytes) {
            Ok(text) => read_yaml(&file, &text),
            Err(_) => Err(vec![ImportError::whole_file(
                &file,
                "not_utf8",
                "YAML文件应使用UTF-8编码保存",
            )]),
        },
    }
}

enum Format {
    Yaml,
    Xlsx,
}

/// Reads one YAML document; `file` names it in errors.
pub fn read_yaml(file: &str, text: &str) -> Result<Parsed, Vec<ImportError>> {
    yaml::read(file, text)
}

/// Reads one workbook; `file` names it in errors.
pub fn read_xlsx(file: &str, bytes: &[u8]) -> Result<Parsed, Vec<ImportError>> {
    xlsx::read(file, bytes)
}

/// Writes a catalog as YAML in the documented format: a header comment,
/// then every section sorted by code, so equal catalogs give equal text.
pub fn write_yaml(catalog: &Catalog) -> String {
    yaml::write(catalog)
}

/// Writes a catalog as an .xlsx workbook (layout in docs/catalog-format.md),
/// every sheet sorted by code.
#[allow(
    clippy::result_large_err,
    reason = "the declared API returns ImportError; this runs once per export"
)]
pub fn write_xlsx(catalog: &Catalog) -> Result<Vec<u8>, ImportError> {
    xlsx::write(catalog)
}
