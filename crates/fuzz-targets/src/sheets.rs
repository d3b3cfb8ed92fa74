//! Turns fuzzer bytes into a real workbook, so `catalog_xlsx` exercises the
//! sheet and cell readers rather than the zip checksums.
//!
//! The bytes are read as text (lossily). A line starting with `#` starts a
//! sheet of that name (`#事项`); other lines are rows whose cells are
//! separated by tabs. Rows before the first `#` line go to the sheet 事项.
//! A cell that parses as a finite number is written as a number, `TRUE` and
//! `FALSE` as booleans, anything else as text, as Excel would store what a
//! clerk typed.

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

/// The sheet that rows before any `#name` line go to.
const DEFAULT_SHEET: &str = "事项";
/// At most this many rows and cells per row are written, to keep each run
/// fast; the readers' logic does not depend on the size.
const MAX_ROWS: u32 = 256;
/// See [`MAX_ROWS`].
const MAX_COLS: u16 = 64;

/// Builds the workbook described by `data`; `None` when rust_xlsxwriter
/// refuses it (a sheet name Excel does not allow, a duplicate sheet, a
/// text longer than a cell holds).
pub(crate) fn workbook(data: &[u8]) -> Option<Vec<u8>> {
    build(&String::from_utf8_lossy(data)).ok()
}

fn build(text: &str) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let mut sheet: Option<(Worksheet, u32)> = None;
    for line in text.lines() {
        if let Some(name) = line.strip_prefix('#') {
            if let Some((done, _)) = sheet.take() {
                workbook.push_worksheet(done);
            }
            let mut ws = Worksheet::new();
            ws.set_name(name)?;
            sheet = Some((ws, 0));
            continue;
        }
        let (ws, row) = match &mut sheet {
            Some(current) => current,
            None => {
                let mut ws = Worksheet::new();
                ws.set_name(DEFAULT_SHEET)?;
                sheet.insert((ws, 0))
            }
        };
        if *row >= MAX_ROWS {
            continue;
        }
        for (col, cell) in (0..MAX_COLS).zip(line.split('\t')) {
            write_cell(ws, *row, col, cell)?;
        }
        *row += 1;
    }
    if let Some((done, _)) = sheet {
        workbook.push_worksheet(done);
    }
    workbook.save_to_buffer()
}

/// Writes one cell as a number, a boolean or text.
fn write_cell(ws: &mut Worksheet, row: u32, col: u16, cell: &str) -> Result<(), XlsxError> {
    if cell.is_empty() {
        return Ok(());
    }
    match cell {
        "TRUE" => ws.write_boolean(row, col, true)?,
        "FALSE" => ws.write_boolean(row, col, false)?,
        _ => match cell.parse::<f64>() {
            Ok(n) if n.is_finite() => ws.write_number(row, col, n)?,
            _ => ws.write_string(row, col, cell)?,
        },
    };
    Ok(())
}
