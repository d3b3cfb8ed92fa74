//! Reading one sheet: the header row is checked against the layout, then
//! each non-empty row becomes a [`Row`] whose cells are read by field name.

use std::collections::BTreeMap;

use calamine::{Data, Range};

use super::cells::Bad;
use super::layout::Sheet;
use crate::error::{ImportError, Location};

/// One data row, with the errors found while reading its cells.
pub(crate) struct Row {
    pub file: String,
    pub sheet: &'static Sheet,
    /// 1-based, as Excel shows it.
    pub number: usize,
    cells: BTreeMap<&'static str, String>,
    pub errors: Vec<ImportError>,
}

/// Reads the rows of a sheet; header problems go to `errors`. A sheet
/// missing a required column yields no rows.
pub(crate) fn rows(
    file: &str,
    sheet: &'static Sheet,
    range: &Range<Data>,
    errors: &mut Vec<ImportError>,
) -> Vec<Row> {
    let Some((last_row, last_col)) = range.end() else {
        return Vec::new();
    };
    let header_error = |field: &str, code: &str, reason: String| {
        ImportError::at_row(file, sheet.name, 1, field, code, reason)
    };
    let mut columns: Vec<(u32, &'static str)> = Vec::new();
    let mut seen = BTreeMap::new();
    for col in 0..=last_col {
        let Some(text) = range.get_value((0, col)).and_then(text_of) else {
            continue;
        };
        let header = text.trim();
        match sheet.columns.iter().find(|c| c.header == header) {
            Some(c) if seen.insert(c.header, col).is_none() => columns.push((col, c.field)),
            Some(c) => errors.push(header_error(
                c.header,
                "duplicate_column",
                format!("列“{header}”出现了两次"),
            )),
            None => errors.push(header_error(
                header,
                "unknown_column",
                format!(
                    "工作表“{}”没有列“{header}”，可用的列：{}",
                    sheet.name,
                    headers(sheet)
                ),
            )),
        }
    }
    let mut complete = true;
    for c in sheet.columns.iter().filter(|c| c.required) {
        if !seen.contains_key(c.header) {
            complete = false;
            errors.push(header_error(
                c.header,
                "missing_column",
                format!(
                    "工作表“{}”缺少必填列“{}”（表头应在第1行）",
                    sheet.name, c.header
                ),
            ));
        }
    }
    if !complete {
        return Vec::new();
    }
    let mut out = Vec::new();
    for r in 1..=last_row {
        let mut row = Row {
            file: file.to_string(),
            sheet,
            number: r as usize + 1,
            cells: BTreeMap::new(),
            errors: Vec::new(),
        };
        for (col, field) in &columns {
            match range.get_value((r, *col)) {
                Some(Data::Error(e)) => {
                    let reason = format!("单元格是错误值 {e}");
                    row.fail(field, "cell_error", reason);
                }
                Some(value) => {
                    if let Some(text) = text_of(value) {
                        row.cells.insert(field, text);
                    }
                }
                None => {}
            }
        }
        if !row.cells.is_empty() || !row.errors.is_empty() {
            out.push(row);
        }
    }
    out
}

fn headers(sheet: &Sheet) -> String {
    let names: Vec<&str> = sheet.columns.iter().map(|c| c.header).collect();
    names.join("、")
}

/// A cell as text; numbers typed where a code belongs (350825) read back
/// as the digits. `None` for empty or blank cells.
fn text_of(value: &Data) -> Option<String> {
    let text = match value {
        Data::Empty | Data::Error(_) => return None,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => super::cells::yes_no_text(*b).to_string(),
        Data::DateTime(d) => d.as_f64().to_string(),
    };
    (!text.trim().is_empty()).then_some(text)
}

impl Row {
    /// Where this row is.
    pub(crate) fn location(&self) -> Location {
        Location::Row {
            sheet: self.sheet.name.to_string(),
            row: self.number,
        }
    }

    /// Records a problem with the cell of `field`.
    pub(crate) fn fail(&mut self, field: &str, code: &str, reason: impl Into<String>) {
        let header = self.sheet.header(field);
        let err = ImportError::at_row(
            &self.file,
            self.sheet.name,
            self.number,
            header,
            code,
            reason,
        );
        self.errors.push(err);
    }

    /// The raw text of a cell, `None` when blank.
    pub(crate) fn text(&self, field: &str) -> Option<String> {
        self.cells.get(field).cloned()
    }

    /// The text of a required cell; a blank one is recorded as an error.
    pub(crate) fn required_text(&mut self, field: &str) -> Option<String> {
        let text = self.text(field);
        if text.is_none() {
            self.fail(field, "missing_value", "必填项为空");
        }
        text
    }

    /// A parsed optional cell: `None` when blank or refused (recorded).
    pub(crate) fn parse<T>(&mut self, field: &str, parse: fn(&str) -> Result<T, Bad>) -> Option<T> {
        let text = self.text(field)?;
        match parse(&text) {
            Ok(value) => Some(value),
            Err((code, reason)) => {
                self.fail(field, code, reason);
                None
            }
        }
    }

    /// A parsed required cell: `None` when blank or refused (recorded).
    pub(crate) fn required<T>(
        &mut self,
        field: &str,
        parse: fn(&str) -> Result<T, Bad>,
    ) -> Option<T> {
        self.required_text(field)?;
        self.parse(field, parse)
    }

    /// A parsed list cell: empty when blank or refused (recorded).
    pub(crate) fn list<T>(
        &mut self,
        field: &str,
        parse: fn(&str) -> Result<Vec<T>, Bad>,
    ) -> Vec<T> {
        self.parse(field, parse).unwrap_or_default()
    }

    /// A yes/no cell, `default` when blank.
    pub(crate) fn flag(&mut self, field: &str, default: bool) -> bool {
        self.parse(field, super::cells::yes_no).unwrap_or(default)
    }
}
