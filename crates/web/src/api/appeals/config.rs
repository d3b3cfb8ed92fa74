//! Request bodies of filing and configuration, and the history, rule,
//! mapping and import answers of the appeals API, typed for the OpenAPI
//! document and converted to and from the service's values.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tongban_domain::appeal::{
    AppealField, AppealLimit, AppealSource, CategoryRule, Complexity, ImportMapping, RowProblem,
};
use tongban_domain::ident::{Code, RegionCode};
use tongban_domain::subject::SubjectKey;
use tongban_service::appeals::{
    FileRequest, HistoryRecord, ImportFormat, ImportReport, SubjectInput,
};
use utoipa::ToSchema;

use super::enums;

/// A new appeal (FileRequest): 企业吹哨 or the online form by an
/// applicant; 办不成事 or a field visit by staff.
#[derive(Deserialize, ToSchema)]
pub struct FileBody {
    /// How it arrives.
    #[schema(schema_with = enums::sources)]
    pub source: AppealSource,
    /// 诉求类别 (decides dispatch and limits).
    pub category: String,
    /// 一般 / 复杂 (the 办不成事 limit: 2 or 5 working days; default ordinary).
    #[serde(default)]
    #[schema(schema_with = enums::complexities)]
    pub complexity: Complexity,
    /// A one-line title.
    pub title: String,
    /// What is asked.
    pub description: String,
    /// Whose appeal (staff filings).
    #[serde(default)]
    pub subject: Option<SubjectBody>,
    /// A related case number.
    #[serde(default)]
    pub case_no: Option<String>,
    /// Upload ids of attached files.
    #[serde(default)]
    pub attachments: Vec<String>,
    /// A contact phone.
    #[serde(default)]
    pub phone: Option<String>,
    /// The region whose departments should handle it (GB/T 2260).
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub region: Option<RegionCode>,
}

/// Whose appeal, as staff register it.
#[derive(Deserialize, ToSchema)]
pub struct SubjectBody {
    /// The person's or enterprise's name.
    pub name: String,
    /// Their identifier, e.g. `{"resident_id":"…"}` or `{"uscc":"…"}`.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub key: Option<SubjectKey>,
}

impl From<FileBody> for FileRequest {
    fn from(b: FileBody) -> FileRequest {
        FileRequest {
            source: b.source,
            category: b.category,
            complexity: b.complexity,
            title: b.title,
            description: b.description,
            subject: b.subject.map(|s| SubjectInput {
                name: s.name,
                key: s.key,
            }),
            case_no: b.case_no,
            attachments: b.attachments,
            phone: b.phone,
            region: b.region,
        }
    }
}

/// A time limit: exactly one key, e.g. `{"working_days":5}`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LimitDto {
    /// 工作日.
    WorkingDays(u32),
    /// 自然日.
    NaturalDays(u32),
    /// 自然月.
    Months(u32),
}

/// A category's dispatch rule (CategoryRule).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RuleDto {
    /// 诉求类别.
    pub category: String,
    /// 牵头部门编码.
    #[schema(value_type = String)]
    pub lead: Code,
    /// 协办部门编码.
    #[serde(default)]
    #[schema(value_type = Vec<String>)]
    pub co: Vec<Code>,
    /// 答复时限.
    pub answer: LimitDto,
    /// 办结时限.
    pub resolve: LimitDto,
}

fn limit_of(l: LimitDto) -> AppealLimit {
    match l {
        LimitDto::WorkingDays(n) => AppealLimit::WorkingDays(n),
        LimitDto::NaturalDays(n) => AppealLimit::NaturalDays(n),
        LimitDto::Months(n) => AppealLimit::Months(n),
    }
}

fn limit_dto(l: AppealLimit) -> LimitDto {
    match l {
        AppealLimit::WorkingDays(n) => LimitDto::WorkingDays(n),
        AppealLimit::NaturalDays(n) => LimitDto::NaturalDays(n),
        AppealLimit::Months(n) => LimitDto::Months(n),
    }
}

impl From<RuleDto> for CategoryRule {
    fn from(r: RuleDto) -> CategoryRule {
        CategoryRule {
            category: r.category,
            lead: r.lead,
            co: r.co,
            answer: limit_of(r.answer),
            resolve: limit_of(r.resolve),
        }
    }
}

impl From<CategoryRule> for RuleDto {
    fn from(r: CategoryRule) -> RuleDto {
        RuleDto {
            category: r.category,
            lead: r.lead,
            co: r.co,
            answer: limit_dto(r.answer),
            resolve: limit_dto(r.resolve),
        }
    }
}

/// A saved import mapping: appeal field → the export's column header.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MappingDto {
    /// Its name (taken from the path when saving).
    #[serde(default)]
    pub name: String,
    /// The system the files come from (default `hotline_12345`).
    #[serde(default = "hotline")]
    #[schema(schema_with = enums::sources)]
    pub source: AppealSource,
    /// Field → column header; `work_order_no`, `received_at`, `category`
    /// and `description` are required.
    #[schema(value_type = BTreeMap<String, String>)]
    pub columns: BTreeMap<AppealField, String>,
}

fn hotline() -> AppealSource {
    AppealSource::Hotline12345
}

impl From<MappingDto> for ImportMapping {
    fn from(m: MappingDto) -> ImportMapping {
        ImportMapping {
            name: m.name,
            source: m.source,
            columns: m.columns,
        }
    }
}

impl From<ImportMapping> for MappingDto {
    fn from(m: ImportMapping) -> MappingDto {
        MappingDto {
            name: m.name,
            source: m.source,
            columns: m.columns,
        }
    }
}

/// What an import did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportReportDto {
    /// The mapping used.
    pub mapping: String,
    /// `csv` or `xlsx`.
    #[schema(schema_with = enums::import_formats)]
    pub format: ImportFormat,
    /// Data rows read.
    pub rows: usize,
    /// Appeals created.
    pub imported: usize,
    /// Good rows imported before (nothing added).
    pub already_imported: usize,
    /// Bad rows, by row number.
    pub problems: Vec<RowProblemDto>,
}

/// One bad row (row 1 is the header).
#[derive(Debug, Serialize, ToSchema)]
pub struct RowProblemDto {
    /// Row number in the file.
    pub row: usize,
    /// Stable code, e.g. `bad_received_at`.
    pub code: String,
    /// Chinese reason.
    pub reason: String,
}

impl From<ImportReport> for ImportReportDto {
    fn from(r: ImportReport) -> ImportReportDto {
        ImportReportDto {
            mapping: r.mapping,
            format: r.format,
            rows: r.rows,
            imported: r.imported,
            already_imported: r.already_imported,
            problems: r
                .problems
                .into_iter()
                .map(|p: RowProblem| RowProblemDto {
                    row: p.row,
                    code: p.code,
                    reason: p.reason,
                })
                .collect(),
        }
    }
}

/// One history record: who did what.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryDto {
    /// Sequence number, from 1.
    pub seq: i64,
    /// When (RFC 3339).
    #[schema(value_type = String, format = DateTime)]
    pub at: DateTime<Utc>,
    /// The actor id.
    pub actor: String,
    /// What was done (file, dispatch, report, …).
    pub action: String,
    /// The state before.
    pub from: Option<String>,
    /// The state after.
    pub to: Option<String>,
    /// Details of the step (any JSON).
    #[schema(value_type = Value)]
    pub detail: serde_json::Value,
}

impl From<HistoryRecord> for HistoryDto {
    fn from(h: HistoryRecord) -> HistoryDto {
        HistoryDto {
            seq: h.seq,
            at: h.at,
            actor: h.actor,
            action: h.action,
            from: h.from_state,
            to: h.to_state,
            detail: h.detail,
        }
    }
}
