//! The pure half of importing 12345 work orders: a saved column mapping
//! (file column → appeal field) and the check of one row, which either
//! gives an [`ImportedRow`] or a [`RowProblem`] naming the row, a stable
//! code and a Chinese reason. Reading CSV/XLSX and writing is the
//! service's.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use super::{AppealSource, AppealSubject, Complexity, ExternalRef, SubjectKind};
use crate::case::CaseNo;
use crate::ident::{ResidentId, Uscc};
use crate::subject::SubjectKey;

/// The longest work-order number accepted.
pub const EXTERNAL_KEY_MAX: usize = 64;

/// An appeal field a file column can be mapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppealField {
    /// 工单编号 (required; the dedup key).
    WorkOrderNo,
    /// 受理时间 (required; starts the deadlines).
    ReceivedAt,
    /// 诉求类别 (required).
    Category,
    /// 标题.
    Title,
    /// 诉求内容 (required).
    Description,
    /// 诉求人 / 企业名称.
    ApplicantName,
    /// 联系电话.
    Phone,
    /// 统一社会信用代码.
    Uscc,
    /// 身份证号.
    IdNumber,
    /// 关联办件流水号.
    CaseNo,
    /// 复杂程度 (一般 / 复杂).
    Complexity,
}

impl AppealField {
    /// Every field.
    pub const ALL: [AppealField; 11] = [
        AppealField::WorkOrderNo,
        AppealField::ReceivedAt,
        AppealField::Category,
        AppealField::Title,
        AppealField::Description,
        AppealField::ApplicantName,
        AppealField::Phone,
        AppealField::Uscc,
        AppealField::IdNumber,
        AppealField::CaseNo,
        AppealField::Complexity,
    ];

    /// Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            AppealField::WorkOrderNo => "工单编号",
            AppealField::ReceivedAt => "受理时间",
            AppealField::Category => "诉求类别",
            AppealField::Title => "标题",
            AppealField::Description => "诉求内容",
            AppealField::ApplicantName => "诉求人",
            AppealField::Phone => "联系电话",
            AppealField::Uscc => "统一社会信用代码",
            AppealField::IdNumber => "身份证号",
            AppealField::CaseNo => "关联办件",
            AppealField::Complexity => "复杂程度",
        }
    }

    /// True for the fields every mapping must give.
    pub fn required(self) -> bool {
        matches!(
            self,
            AppealField::WorkOrderNo
                | AppealField::ReceivedAt
                | AppealField::Category
                | AppealField::Description
        )
    }
}

/// A saved import mapping: which column of the export holds which field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportMapping {
    /// The mapping's name (e.g. `12345-baoji-2025`); the API takes it
    /// from the path.
    #[serde(default)]
    pub name: String,
    /// The system the orders come from.
    #[serde(default = "hotline")]
    pub source: AppealSource,
    /// Field → the column's header text in the file.
    pub columns: BTreeMap<AppealField, String>,
}

fn hotline() -> AppealSource {
    AppealSource::Hotline12345
}

/// One problem of a row (or of the whole file, as row 1, the header).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    /// The row's number in the file (the header is row 1).
    pub row: usize,
    /// Stable code.
    pub code: String,
    /// Chinese reason naming the column and the fix.
    pub reason: String,
}

impl RowProblem {
    fn new(row: usize, code: &str, reason: impl Into<String>) -> RowProblem {
        RowProblem {
            row,
            code: code.to_string(),
            reason: reason.into(),
        }
    }
}

/// A good row, ready to become an appeal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedRow {
    /// Its row number.
    pub row: usize,
    /// The work order's number (dedup key).
    pub external: ExternalRef,
    /// When the hotline received it (Beijing time).
    pub received_at: NaiveDateTime,
    /// 诉求类别.
    pub category: String,
    /// 标题.
    pub title: String,
    /// 诉求内容.
    pub description: String,
    /// Whose appeal.
    pub subject: AppealSubject,
    /// The contact phone (digits), if any.
    pub phone: Option<String>,
    /// A related case, if any.
    pub case_no: Option<CaseNo>,
    /// 一般 / 复杂.
    pub complexity: Complexity,
}

impl ImportMapping {
    /// Checks the mapping: a name, every required field, no empty header.
    pub fn check(&self) -> Result<(), RowProblem> {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 64 {
            return Err(RowProblem::new(
                0,
                "mapping_bad_name",
                "映射名称应为1至64个字",
            ));
        }
        for field in AppealField::ALL.iter().filter(|f| f.required()) {
            if !self.columns.contains_key(field) {
                let reason = format!("映射“{name}”缺少必填字段“{}”的列", field.label());
                return Err(RowProblem::new(0, "mapping_missing_field", reason));
            }
        }
        if let Some((field, _)) = self.columns.iter().find(|(_, h)| h.trim().is_empty()) {
            let reason = format!("映射“{name}”中字段“{}”的列名为空", field.label());
            return Err(RowProblem::new(0, "mapping_empty_column", reason));
        }
        Ok(())
    }

    /// Finds each mapped column in the header row (row 1), by its trimmed
    /// text; a mapped column the file lacks is a problem of row 1.
    pub fn locate(&self, headers: &[String]) -> Result<BTreeMap<AppealField, usize>, RowProblem> {
        let mut at = BTreeMap::new();
        for (field, header) in &self.columns {
            let wanted = header.trim();
            match headers.iter().position(|h| h.trim() == wanted) {
                Some(i) => {
                    at.insert(*field, i);
                }
                None => {
                    let reason = format!(
                        "文件缺少映射中“{}”对应的列“{wanted}”，请检查表头或映射",
                        field.label()
                    );
                    return Err(RowProblem::new(1, "missing_column", reason));
                }
            }
        }
        Ok(at)
    }
}

/// Checks row `row` (its cells as text) against the located columns.
pub fn parse_row(
    mapping: &ImportMapping,
    columns: &BTreeMap<AppealField, usize>,
    row: usize,
    cells: &[String],
) -> Result<ImportedRow, RowProblem> {
    let cell = |f: AppealField| {
        columns
            .get(&f)
            .and_then(|i| cells.get(*i))
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    };
    let bad = |code: &str, reason: String| RowProblem::new(row, code, reason);
    let number = cell(AppealField::WorkOrderNo)
        .ok_or_else(|| bad("missing_work_order_no", "缺少工单编号".into()))?;
    if number.len() > EXTERNAL_KEY_MAX
        || !number
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b))
    {
        let reason = format!("工单编号“{number}”无效：应为1至64位字母、数字、“-”或“_”");
        return Err(bad("bad_work_order_no", reason));
    }
    let received = cell(AppealField::ReceivedAt)
        .ok_or_else(|| bad("missing_received_at", "缺少受理时间".into()))?;
    let received_at = parse_time(received).ok_or_else(|| {
        let reason = format!("受理时间“{received}”无法识别：应如 2025-09-26 09:30 或 2025/9/26");
        bad("bad_received_at", reason)
    })?;
    let category = cell(AppealField::Category)
        .ok_or_else(|| bad("missing_category", "缺少诉求类别".into()))?;
    if category.chars().count() > 50 {
        return Err(bad("bad_category", "诉求类别不能超过50个字".into()));
    }
    let description = cell(AppealField::Description)
        .ok_or_else(|| bad("missing_description", "缺少诉求内容".into()))?;
    if description.chars().count() > 4000 {
        return Err(bad(
            "description_too_long",
            "诉求内容不能超过4000个字".into(),
        ));
    }
    let title = match cell(AppealField::Title) {
        Some(t) => t.chars().take(100).collect(),
        None => description.chars().take(30).collect(),
    };
    let phone = match cell(AppealField::Phone) {
        Some(p) => Some(parse_phone(p).ok_or_else(|| {
            bad(
                "bad_phone",
                "联系电话无效：应为11位手机号或带区号的固话".into(),
            )
        })?),
        None => None,
    };
    let key = match (cell(AppealField::Uscc), cell(AppealField::IdNumber)) {
        (Some(u), _) => Some(SubjectKey::Uscc(Uscc::parse(u).map_err(|_| {
            bad(
                "bad_uscc",
                "统一社会信用代码无效：应为18位且校验位正确".into(),
            )
        })?)),
        (None, Some(id)) => Some(SubjectKey::ResidentId(ResidentId::parse(id).map_err(
            |_| bad("bad_id_number", "身份证号无效：应为18位且校验位正确".into()),
        )?)),
        (None, None) => None,
    };
    let case_no = match cell(AppealField::CaseNo) {
        Some(c) => Some(CaseNo::parse(c).map_err(|_| {
            bad(
                "bad_case_no",
                format!("关联办件流水号“{c}”无效：应为18位数字"),
            )
        })?),
        None => None,
    };
    let complexity = match cell(AppealField::Complexity) {
        None | Some("一般" | "普通") => Complexity::Ordinary,
        Some("复杂") => Complexity::Complex,
        Some(other) => {
            let reason = format!("复杂程度“{other}”无效：应为“一般”或“复杂”");
            return Err(bad("bad_complexity", reason));
        }
    };
    let kind = key
        .as_ref()
        .map(AppealSubject::kind_of)
        .unwrap_or(SubjectKind::Person);
    Ok(ImportedRow {
        row,
        external: ExternalRef {
            source: mapping.source,
            number: number.to_string(),
        },
        received_at,
        category: category.to_string(),
        title,
        description: description.to_string(),
        subject: AppealSubject {
            kind,
            name: cell(AppealField::ApplicantName)
                .unwrap_or("匿名")
                .chars()
                .take(100)
                .collect(),
            key,
            id: None,
        },
        phone,
        case_no,
        complexity,
    })
}

/// A date or a date and time as exports write them.
fn parse_time(text: &str) -> Option<NaiveDateTime> {
    const WITH_TIME: [&str; 4] = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
    ];
    const DATE_ONLY: [&str; 3] = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"];
    let text = text.replace('T', " ");
    WITH_TIME
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(&text, f).ok())
        .or_else(|| {
            DATE_ONLY
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(&text, f).ok())
                .map(|d| d.and_time(NaiveTime::MIN))
        })
}

/// The digits of a mobile (11, starting with 1) or landline (7–12) number.
fn parse_phone(text: &str) -> Option<String> {
    if text
        .chars()
        .any(|c| !(c.is_ascii_digit() || matches!(c, '-' | ' ' | '+')))
    {
        return None;
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let mobile = digits.len() == 11 && digits.starts_with('1');
    let landline = (7..=12).contains(&digits.len()) && digits.starts_with('0');
    (mobile || landline).then_some(digits)
}
