//! A generated 12345 export: 10,000 work orders in the hotline's own
//! column names, 37 of them bad in varied ways, as XLSX and as CSV; and
//! the mapping that reads it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use tongban_domain::appeal::{AppealField, AppealSource, ImportMapping};
use tongban_domain::case::CaseNo;
use tongban_domain::ident::{RegionCode, Uscc};

/// The export's header row, in the hotline's order.
pub const HEADERS: [&str; 9] = [
    "序号",
    "工单编号",
    "来电时间",
    "问题分类",
    "来电人",
    "来电号码",
    "企业信用代码",
    "诉求内容",
    "关联办件",
];

/// The mapping of the export's columns to appeal fields.
pub fn mapping() -> ImportMapping {
    let columns = BTreeMap::from([
        (AppealField::WorkOrderNo, "工单编号".to_string()),
        (AppealField::ReceivedAt, "来电时间".to_string()),
        (AppealField::Category, "问题分类".to_string()),
        (AppealField::ApplicantName, "来电人".to_string()),
        (AppealField::Phone, "来电号码".to_string()),
        (AppealField::Uscc, "企业信用代码".to_string()),
        (AppealField::Description, "诉求内容".to_string()),
        (AppealField::CaseNo, "关联办件".to_string()),
    ]);
    ImportMapping {
        name: "12345-连城".into(),
        source: AppealSource::Hotline12345,
        columns,
    }
}

/// One generated row; `phone` is kept apart so XLSX can write it as a number.
pub struct Row {
    pub cells: [String; 9],
    pub phone_number: Option<f64>,
}

/// The export: its rows and, by row number (the header is row 1), the code
/// each bad row must be reported with.
pub struct Export {
    pub rows: Vec<Row>,
    pub bad: BTreeMap<usize, &'static str>,
}

/// The kinds of bad rows, in the order they are spread over the file.
const BAD_KINDS: [&str; 10] = [
    "missing_work_order_no",
    "bad_work_order_no",
    "missing_received_at",
    "bad_received_at",
    "missing_category",
    "missing_description",
    "bad_phone",
    "bad_uscc",
    "bad_case_no",
    "duplicate_in_file",
];

pub fn generate(total: usize, bad_count: usize) -> Export {
    let good_uscc = Uscc::complete("91350825MA31X0002").unwrap().to_string();
    let mut broken_uscc = good_uscc.clone();
    let last = broken_uscc.pop().unwrap();
    broken_uscc.push(if last == '0' { '1' } else { '0' });
    let region = RegionCode::parse("350825").unwrap();
    let case_no = CaseNo::new(&region, NaiveDate::from_ymd_opt(2025, 9, 1).unwrap(), 7)
        .unwrap()
        .to_string();
    // Bad rows at evenly spread data indexes (never the first, which the
    // duplicates copy).
    let step = total / bad_count;
    let bad_indexes: BTreeSet<usize> = (0..bad_count).map(|k| 1 + k * step + k % 7).collect();
    let mut rows = Vec::with_capacity(total);
    let mut bad = BTreeMap::new();
    let mut k = 0;
    for i in 0..total {
        let day = 1 + (i % 28) as u32;
        let mut cells = [
            (i + 1).to_string(),
            format!("LC12345-2025-{:06}", i + 1),
            format!("2025-09-{day:02} {:02}:{:02}", 8 + i % 10, i % 60),
            ["市政设施", "用工招聘", "环境保护"][i % 3].to_string(),
            format!("来电人{i}"),
            String::new(),
            String::new(),
            format!("第{i}号诉求：路灯不亮，请尽快维修"),
            String::new(),
        ];
        let mut phone_number = None;
        if i % 2 == 0 {
            let phone = 13_800_000_000u64 + i as u64;
            cells[5] = phone.to_string();
            phone_number = Some(phone as f64);
        }
        if i % 5 == 0 {
            cells[6] = good_uscc.clone();
        }
        if i % 11 == 0 {
            cells[8] = case_no.clone();
        }
        if bad_indexes.contains(&i) {
            let kind = BAD_KINDS[k % BAD_KINDS.len()];
            k += 1;
            match kind {
                "missing_work_order_no" => cells[1].clear(),
                "bad_work_order_no" => cells[1] = format!("LC 12345 {i}"),
                "missing_received_at" => cells[2].clear(),
                "bad_received_at" => cells[2] = "九月二十六日".into(),
                "missing_category" => cells[3].clear(),
                "missing_description" => cells[7].clear(),
                "bad_phone" => {
                    cells[5] = "110".into();
                    phone_number = None;
                }
                "bad_uscc" => cells[6] = broken_uscc.clone(),
                "bad_case_no" => cells[8] = "350825-2509".into(),
                "duplicate_in_file" => cells[1] = "LC12345-2025-000001".into(),
                _ => unreachable!(),
            }
            bad.insert(i + 2, kind);
        }
        rows.push(Row {
            cells,
            phone_number,
        });
    }
    assert_eq!(bad.len(), bad_count);
    Export { rows, bad }
}

impl Export {
    pub fn xlsx(&self) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (c, h) in HEADERS.iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        for (r, row) in self.rows.iter().enumerate() {
            let r = (r + 1) as u32;
            for (c, cell) in row.cells.iter().enumerate() {
                if c == 5
                    && let Some(n) = row.phone_number
                {
                    sheet.write_number(r, c as u16, n).unwrap();
                } else if !cell.is_empty() {
                    sheet.write_string(r, c as u16, cell).unwrap();
                }
            }
        }
        book.save_to_buffer().unwrap()
    }

    pub fn csv(&self) -> Vec<u8> {
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        let mut out = String::from("\u{feff}");
        out.push_str(&HEADERS.map(quote).join(","));
        out.push_str("\r\n");
        for row in &self.rows {
            out.push_str(
                &row.cells
                    .iter()
                    .map(|c| quote(c))
                    .collect::<Vec<_>>()
                    .join(","),
            );
            out.push_str("\r\n");
        }
        out.into_bytes()
    }
}
