//! The Excel workbook format: one sheet per list with a Chinese header row
//! (layout in [`layout`] and docs/catalog-format.md), written with
//! rust_xlsxwriter and read with calamine.

mod bundles;
mod cells;
mod entries;
mod items;
mod labels;
mod layout;
mod licences;
mod sheet;
mod write;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;

use calamine::{Reader, Xlsx, open_workbook_from_rs};
use tongban_domain::catalog::Catalog;
use tongban_domain::validate::EntityKind;

use crate::Parsed;
use crate::error::ImportError;
use crate::source_map::{EntrySource, FieldSource, SourceMap, parent_path};
use layout::Sheet;
use sheet::Row;

pub(crate) use write::write;

/// Reads one workbook; `file` names it in errors.
pub(crate) fn read(file: &str, bytes: &[u8]) -> Result<Parsed, Vec<ImportError>> {
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        let reason = format!("无法作为Excel工作簿（.xlsx）打开：{e}");
        vec![ImportError::whole_file(file, "not_a_workbook", reason)]
    })?;
    let mut errors = Vec::new();
    let mut sheets: BTreeMap<&'static str, Vec<Row>> = BTreeMap::new();
    for name in workbook.sheet_names() {
        if name.trim() == layout::README {
            continue;
        }
        let Some(spec) = layout::find(&name) else {
            let known: Vec<&str> = layout::ALL.iter().map(|s| s.name).collect();
            let reason = format!("未知的工作表“{name}”，可用的工作表：{}", known.join("、"));
            errors.push(ImportError::at_row(
                file,
                &name,
                1,
                "",
                "unknown_sheet",
                reason,
            ));
            continue;
        };
        if sheets.contains_key(spec.name) {
            let reason = format!("工作表“{name}”出现了两次");
            errors.push(ImportError::at_row(
                file,
                &name,
                1,
                "",
                "duplicate_sheet",
                reason,
            ));
            continue;
        }
        match workbook.worksheet_range(&name) {
            Ok(range) => {
                let rows = sheet::rows(file, spec, &range, &mut errors);
                sheets.insert(spec.name, rows);
            }
            Err(e) => {
                let reason = format!("无法读取工作表：{e}");
                errors.push(ImportError::at_row(
                    file,
                    &name,
                    1,
                    "",
                    "unreadable_sheet",
                    reason,
                ));
            }
        }
    }
    if sheets.is_empty() && errors.is_empty() {
        let known: Vec<&str> = layout::ALL.iter().map(|s| s.name).collect();
        let reason = format!("工作簿中没有可识别的工作表，应包含：{}", known.join("、"));
        errors.push(ImportError::whole_file(file, "no_known_sheets", reason));
    }
    let mut build = Build {
        catalog: Catalog::default(),
        sources: SourceMap::default(),
        errors,
        sheets,
    };
    entries::read(&mut build);
    items::read(&mut build);
    bundles::read(&mut build);
    licences::read(&mut build);
    if build.errors.is_empty() {
        Ok(Parsed {
            catalog: build.catalog,
            sources: build.sources,
        })
    } else {
        Err(build.errors)
    }
}

/// What reading a workbook builds up.
pub(crate) struct Build {
    pub catalog: Catalog,
    pub sources: SourceMap,
    pub errors: Vec<ImportError>,
    sheets: BTreeMap<&'static str, Vec<Row>>,
}

impl Build {
    /// The rows of a sheet (empty when the workbook lacks it).
    pub(crate) fn take(&mut self, sheet: &Sheet) -> Vec<Row> {
        self.sheets.remove(sheet.name).unwrap_or_default()
    }

    /// Moves a row's errors into the build; true when it had none.
    pub(crate) fn settle(&mut self, row: &mut Row) -> bool {
        let ok = row.errors.is_empty();
        self.errors.append(&mut row.errors);
        ok
    }
}

/// Entries of one kind read from a main sheet, which child sheets attach
/// to by code.
pub(crate) struct Parents<P> {
    pub list: Vec<P>,
    sources: Vec<EntrySource>,
    /// Code → position of its last row.
    index: BTreeMap<String, usize>,
    /// Codes whose main row was refused; their child rows are skipped
    /// silently, the main row's error already says what is wrong.
    failed: BTreeSet<String>,
}

impl<P> Parents<P> {
    /// Reads every row of a main sheet with `parse`.
    pub(crate) fn read(
        build: &mut Build,
        sheet: &Sheet,
        mut parse: impl FnMut(&mut Row) -> Option<P>,
    ) -> Parents<P> {
        let mut parents = Parents {
            list: Vec::new(),
            sources: Vec::new(),
            index: BTreeMap::new(),
            failed: BTreeSet::new(),
        };
        for mut row in build.take(sheet) {
            let code = row.text("code").map(|c| c.trim().to_string());
            let parsed = parse(&mut row);
            let ok = build.settle(&mut row);
            match (parsed, code) {
                (Some(p), Some(code)) if ok => {
                    parents.index.insert(code, parents.list.len());
                    parents.list.push(p);
                    parents.sources.push(entry_source(&row));
                }
                (_, Some(code)) => {
                    parents.failed.insert(code);
                }
                _ => {}
            }
        }
        parents
    }

    /// Attaches every row of a child sheet to its parent with `attach`,
    /// which returns the path of the new list element (`steps[0]`).
    pub(crate) fn children(
        &mut self,
        build: &mut Build,
        sheet: &Sheet,
        parent_sheet: &Sheet,
        mut attach: impl FnMut(&mut P, &mut Row) -> Option<String>,
    ) {
        for mut row in build.take(sheet) {
            if let Some(code) = row.required_text(layout::PARENT) {
                let code = code.trim().to_string();
                match self.index.get(&code) {
                    Some(&i) => {
                        if let Some(path) = attach(&mut self.list[i], &mut row) {
                            add_fields(&mut self.sources[i], &path, &row);
                        }
                    }
                    None if self.failed.contains(&code) => {}
                    None => {
                        let reason =
                            format!("编码“{code}”在“{}”工作表中没有对应的行", parent_sheet.name);
                        row.fail(layout::PARENT, "unknown_parent_row", reason);
                    }
                }
            }
            build.settle(&mut row);
        }
    }

    /// Moves the entries into the catalog list and their places into the
    /// source map.
    pub(crate) fn finish(
        self,
        sources: &mut SourceMap,
        kind: EntityKind,
        code_of: fn(&P) -> String,
        into: &mut Vec<P>,
    ) {
        for (entry, source) in self.list.into_iter().zip(self.sources) {
            sources.insert(kind, &code_of(&entry), source);
            into.push(entry);
        }
    }
}

/// The place of an entry read from its main row, with every column.
pub(crate) fn entry_source(row: &Row) -> EntrySource {
    let mut source = EntrySource {
        file: row.file.clone(),
        location: row.location(),
        path: None,
        fields: BTreeMap::new(),
    };
    add_fields(&mut source, "", row);
    source
}

/// Records the columns of `row` under `prefix` (`materials[2]` …); the
/// list the element belongs to points at its first row.
fn add_fields(source: &mut EntrySource, prefix: &str, row: &Row) {
    let columns = row
        .sheet
        .columns
        .iter()
        .filter(|c| !c.field.starts_with('@'));
    let field = |header: &str| FieldSource {
        location: row.location(),
        label: header.to_string(),
    };
    let first = row.sheet.columns.iter().find(|c| !c.field.starts_with('@'));
    if let Some(first) = first.filter(|_| !prefix.is_empty()) {
        source
            .fields
            .insert(prefix.to_string(), field(first.header));
        if let Some(list) = parent_path(prefix) {
            source
                .fields
                .entry(list.to_string())
                .or_insert_with(|| field(first.header));
        }
    }
    for c in columns {
        let path = if prefix.is_empty() {
            c.field.to_string()
        } else {
            format!("{prefix}.{}", c.field)
        };
        if c.list {
            let count = row
                .text(c.field)
                .map_or(0, |t| cells::code_texts(&t).count());
            for k in 0..count {
                source
                    .fields
                    .insert(format!("{path}[{k}]"), field(c.header));
            }
        }
        source.fields.insert(path, field(c.header));
    }
}
