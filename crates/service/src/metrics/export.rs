//! Metric tables as CSV (UTF-8 with a byte-order mark, so spreadsheet
//! programs read the Chinese headers) and XLSX (rust_xlsxwriter), with
//! the same columns and the same numbers as the JSON API.

use rust_xlsxwriter::{Format as CellFormat, Workbook};
use tongban_domain::metrics::{Figures, Rate};

use super::tables::Table;
use crate::error::ServiceError;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// The format of a file extension (`csv`, `xlsx`).
    pub fn of_extension(ext: &str) -> Option<Format> {
        match ext {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    /// The response's content type.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

type Column = (&'static str, fn(&Figures) -> Option<f64>);

fn n(v: i64) -> Option<f64> {
    Some(v as f64)
}

fn pct(r: &Rate) -> Option<f64> {
    r.percent
}

/// Every column after the key: Chinese header and value (empty when the
/// figure has no value, e.g. a rate without denominator).
pub const COLUMNS: &[Column] = &[
    ("申报件数", |f| n(f.cases_submitted)),
    ("申报事项数", |f| n(f.items_submitted)),
    ("办结事项数", |f| n(f.items_decided)),
    ("准予事项数", |f| n(f.items_granted)),
    ("办结件数", |f| n(f.cases_done)),
    ("法定时限内办结率(%)", |f| pct(&f.on_time_statutory)),
    ("承诺时限内办结率(%)", |f| pct(&f.on_time_promised)),
    ("平均办理工作日", |f| f.average_days),
    ("P90办理工作日", |f| {
        f.p90_days.and_then(|p| p.days).map(f64::from)
    }),
    ("平均承诺时限(工作日)", |f| f.average_promised_days),
    ("平均法定时限(工作日)", |f| {
        f.average_statutory_days
    }),
    ("较承诺时限压减(%)", |f| f.time_cut_vs_promised),
    ("较法定时限压减(%)", |f| f.time_cut_vs_statutory),
    ("挂起事项数", |f| n(f.suspended_items)),
    ("挂起天数", |f| n(f.suspended_days)),
    ("预警数", |f| n(f.warnings_raised)),
    ("红牌数", |f| n(f.warnings_red)),
    ("已消除预警数", |f| n(f.warnings_resolved)),
    ("零跑动率(%)", |f| pct(&f.zero_trip)),
    ("最多跑一次率(%)", |f| pct(&f.at_most_one_trip)),
    ("即办件占比(%)", |f| pct(&f.immediate_share)),
    ("网上可办率(%)", |f| {
        f.online_available.as_ref().and_then(pct)
    }),
    ("全程网办率(%)", |f| {
        f.fully_online.as_ref().and_then(pct)
    }),
    ("预填字段数", |f| n(f.prefilled_fields)),
    ("免提交材料数", |f| n(f.exempted_materials)),
    ("用证次数", |f| n(f.licence_uses)),
    ("一件事办结件数", |f| n(f.bundle_cases_done)),
    ("减环节", |f| n(f.saved_steps)),
    ("减材料", |f| n(f.saved_materials)),
    ("减表单字段", |f| n(f.saved_fields)),
    ("减时限(工作日)", |f| Some(f.saved_days)),
    ("减跑动", |f| n(f.saved_trips)),
    ("满意率(%)", |f| pct(&f.satisfaction)),
    ("诉求按期办结率(%)", |f| pct(&f.appeals_on_time)),
    ("诉求重办率(%)", |f| pct(&f.appeals_reopened)),
];

/// The table as a file of `format`.
pub fn export(table: &Table, format: Format) -> Result<Vec<u8>, ServiceError> {
    match format {
        Format::Csv => Ok(csv(table).into_bytes()),
        Format::Xlsx => xlsx(table),
    }
}

fn headers(table: &Table) -> Vec<&'static str> {
    let mut h = vec!["编码", table.kind.key_header()];
    h.extend(COLUMNS.iter().map(|(name, _)| *name));
    h
}

fn csv(table: &Table) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&headers(table).join(","));
    out.push_str("\r\n");
    for row in &table.rows {
        let mut cells = vec![quote(&row.key), quote(&row.label)];
        cells.extend(COLUMNS.iter().map(|(_, value)| {
            value(&row.figures)
                .map(|v| v.to_string())
                .unwrap_or_default()
        }));
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A CSV field, quoted when it holds a separator, a quote or a line
/// break; a leading formula character is neutralised.
fn quote(text: &str) -> String {
    let safe = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if safe.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", safe.replace('"', "\"\""))
    } else {
        safe
    }
}

fn xlsx(table: &Table) -> Result<Vec<u8>, ServiceError> {
    let failed = |e: rust_xlsxwriter::XlsxError| {
        tracing::error!(error = %e, "统计表无法导出为 XLSX");
        ServiceError::Unavailable("统计表导出失败，请稍后再试".into())
    };
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(table.title).map_err(failed)?;
    let bold = CellFormat::new().set_bold();
    for (c, h) in headers(table).iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(failed)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = (r + 1) as u32;
        sheet.write_string(r, 0, &row.key).map_err(failed)?;
        sheet.write_string(r, 1, &row.label).map_err(failed)?;
        for (c, (_, value)) in COLUMNS.iter().enumerate() {
            if let Some(v) = value(&row.figures) {
                sheet.write_number(r, (c + 2) as u16, v).map_err(failed)?;
            }
        }
    }
    book.save_to_buffer().map_err(failed)
}
