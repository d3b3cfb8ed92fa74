//! Reading a 12345 export as a header and rows of text: CSV (UTF-8, with
//! or without a BOM, or GB18030/GBK as many exports are) or XLSX (the
//! first sheet). Row numbers are what the person sees: the header is row
//! 1; in a workbook, the sheet's own row numbers.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

use crate::error::{Refusal, ServiceError};

/// The file's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    /// Comma-separated values.
    Csv,
    /// An Excel workbook (.xlsx).
    Xlsx,
}

impl ImportFormat {
    /// The format of `bytes`: a ZIP container is a workbook, anything else
    /// is read as CSV.
    pub fn sniff(bytes: &[u8]) -> ImportFormat {
        if bytes.starts_with(b"PK\x03\x04") {
            ImportFormat::Xlsx
        } else {
            ImportFormat::Csv
        }
    }
}

/// The header and the numbered rows of a file.
pub(super) struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

fn unreadable(format: &str, e: impl std::fmt::Display) -> ServiceError {
    ServiceError::refused(
        Refusal::Invalid,
        "appeal_import_unreadable",
        format!("无法读取{format}文件：{e}"),
    )
}

/// Reads `bytes` as `format`.
pub(super) fn table(format: ImportFormat, bytes: &[u8]) -> Result<Table, ServiceError> {
    let mut all = match format {
        ImportFormat::Csv => csv_rows(bytes)?,
        ImportFormat::Xlsx => xlsx_rows(bytes)?,
    }
    .into_iter();
    let Some((_, headers)) = all.next() else {
        return Err(ServiceError::refused(
            Refusal::Invalid,
            "appeal_import_empty",
            "文件为空：第1行应为表头",
        ));
    };
    let rows = all
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .collect();
    Ok(Table { headers, rows })
}

fn csv_rows(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, ServiceError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => {
            let (decoded, _, bad) = encoding_rs::GB18030.decode(bytes);
            if bad {
                return Err(unreadable("CSV", "文件编码既不是UTF-8也不是GB18030（GBK）"));
            }
            decoded.into_owned()
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .enumerate()
        .map(|(i, record)| {
            let record = record.map_err(|e| unreadable("CSV", format!("第{}行：{e}", i + 1)))?;
            Ok((i + 1, record.iter().map(str::to_string).collect()))
        })
        .collect()
}

fn xlsx_rows(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, ServiceError> {
    let mut workbook: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| unreadable("Excel", e))?;
    let Some(first) = workbook.sheet_names().into_iter().next() else {
        return Err(unreadable("Excel", "工作簿中没有工作表"));
    };
    let range = workbook
        .worksheet_range(&first)
        .map_err(|e| unreadable("Excel", e))?;
    let offset = range.start().map_or(0, |(row, _)| row as usize);
    let leading = range.start().map_or(0, |(_, col)| col as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let mut cells = vec![String::new(); leading];
            cells.extend(row.iter().map(text_of));
            (offset + i + 1, cells)
        })
        .collect())
}

/// A cell as text: whole numbers without `.0` (phone numbers typed as
/// numbers), dates as `YYYY-MM-DD HH:MM:SS`.
fn text_of(value: &Data) -> String {
    match value {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => excel_time(d.as_f64()).unwrap_or_default(),
    }
}

/// An Excel serial date-time (days since 1899-12-30, the 1900 system) as
/// `YYYY-MM-DD HH:MM:SS`.
fn excel_time(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    let seconds = (serial * 86_400.0).round() as i64;
    let at = epoch.checked_add_signed(chrono::Duration::seconds(seconds))?;
    Some(at.format("%Y-%m-%d %H:%M:%S").to_string())
}
