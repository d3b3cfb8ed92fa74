//! Catalog import and export: the documented YAML format
//! (docs/catalog-format.md) and Excel workbooks (.xlsx).
//!
//! Reading returns the catalog plus a [`SourceMap`] that remembers where each
//! entry came from, so that a validation [`Problem`] found later (after
//! merging with the stored catalog) is reported with file, line or
//! sheet/row, and field.

use tongban_domain::catalog::Catalog;
use tongban_domain::validate::Problem;

/// Where something in an import file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// 1-based line of a YAML file.
    Line(usize),
    /// A sheet and 1-based row of a workbook.
    Row { sheet: String, row: usize },
    /// Not from a file (already stored).
    Stored,
}

/// One located import error. Displays as `file:line: field: reason`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{location:?}: {field}: {reason}")]
pub struct ImportError {
    pub file: String,
    pub location: Location,
    /// Field path, e.g. `items[3].promised_limit` or a column header.
    pub field: String,
    /// Stable machine-readable code.
    pub code: String,
    /// Chinese reason.
    pub reason: String,
}

/// Where each catalog entry of a parsed file set was defined.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    _private: (),
}

impl SourceMap {
    /// Locates a validation problem in the files read.
    pub fn locate(&self, _problem: &Problem) -> ImportError {
        todo!("catalog-io helper")
    }
}

/// A catalog read from files, with where each entry came from.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub catalog: Catalog,
    pub sources: SourceMap,
}

/// Reads files (`.yaml`/`.yml` or `.xlsx`, by extension) into one catalog.
/// Later files override earlier ones for the same code. All errors of all
/// files are returned together.
pub fn read_files(_paths: &[std::path::PathBuf]) -> Result<Parsed, Vec<ImportError>> {
    todo!("catalog-io helper")
}

/// Reads one YAML document; `file` names it in errors.
pub fn read_yaml(_file: &str, _text: &str) -> Result<Parsed, Vec<ImportError>> {
    todo!("catalog-io helper")
}

/// Reads one workbook; `file` names it in errors.
pub fn read_xlsx(_file: &str, _bytes: &[u8]) -> Result<Parsed, Vec<ImportError>> {
    todo!("catalog-io helper")
}

/// Writes a catalog as YAML in the documented format.
pub fn write_yaml(_catalog: &Catalog) -> String {
    todo!("catalog-io helper")
}

/// Writes a catalog as an .xlsx workbook.
pub fn write_xlsx(_catalog: &Catalog) -> Result<Vec<u8>, ImportError> {
    todo!("catalog-io helper")
}
