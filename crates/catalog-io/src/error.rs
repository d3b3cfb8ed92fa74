//! Located import errors: which file, which line or sheet row, which field.

use std::fmt;

/// Where something in an import file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// 1-based line of a YAML file.
    Line(usize),
    /// A sheet and 1-based row of a workbook, as Excel numbers it.
    Row { sheet: String, row: usize },
    /// Not a place inside a file: the entry was already stored (it came
    /// from no file read), or the error concerns a whole file (unreadable,
    /// not a workbook).
    Stored,
}

/// One located import error.
///
/// Displays as `catalog.yaml:12: items[2].department: 实施部门“x”不在目录中`
/// for YAML, `catalog.xlsx 事项 第5行 实施部门: …` for workbooks and
/// `已入库目录: items[code=x].department: …` for entries that were not read
/// from any file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub file: String,
    pub location: Location,
    /// Field path, e.g. `items[3].promised_limit`, or a column header.
    pub field: String,
    /// Stable machine-readable code.
    pub code: String,
    /// Chinese reason.
    pub reason: String,
}

impl std::error::Error for ImportError {}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Location::Line(line) => write!(f, "{}:{line}:", self.file)?,
            Location::Row { sheet, row } => write!(f, "{} {sheet} 第{row}行", self.file)?,
            Location::Stored => write!(f, "{}:", self.file)?,
        }
        if !self.field.is_empty() {
            write!(f, " {}:", self.field)?;
        }
        write!(f, " {}", self.reason)
    }
}

impl ImportError {
    /// An error at a line of a YAML file.
    pub(crate) fn at_line(
        file: &str,
        line: usize,
        field: impl Into<String>,
        code: &str,
        reason: impl Into<String>,
    ) -> ImportError {
        ImportError {
            file: file.to_string(),
            location: Location::Line(line),
            field: field.into(),
            code: code.to_string(),
            reason: reason.into(),
        }
    }

    /// An error at a row of a workbook sheet.
    pub(crate) fn at_row(
        file: &str,
        sheet: &str,
        row: usize,
        field: impl Into<String>,
        code: &str,
        reason: impl Into<String>,
    ) -> ImportError {
        ImportError {
            file: file.to_string(),
            location: Location::Row {
                sheet: sheet.to_string(),
                row,
            },
            field: field.into(),
            code: code.to_string(),
            reason: reason.into(),
        }
    }

    /// An error about a whole file (unreadable, wrong type, not a workbook).
    pub(crate) fn whole_file(file: &str, code: &str, reason: impl Into<String>) -> ImportError {
        ImportError {
            file: file.to_string(),
            location: Location::Stored,
            field: String::new(),
            code: code.to_string(),
            reason: reason.into(),
        }
    }
}
