//! The appeal as the API returns it, typed for the OpenAPI document.
//!
//! Each is built from the service's value by `From`, so the document and
//! the wire format cannot drift: the JSON is what the service types
//! serialise to (dates as `YYYY-MM-DD`, times as ISO 8601).

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;
use tongban_domain::appeal::{
    self, AppealSource, AppealState, Complexity, Overdue, ReportKind, SubjectKind,
};
use tongban_service::appeals::AppealView;
use utoipa::ToSchema;

use super::enums;

/// One appeal as its reader sees it: identifiers and phone masked.
#[derive(Debug, Serialize, ToSchema)]
pub struct AppealViewDto {
    /// The appeal (its subject's identifier removed; see `subject_key_masked`).
    pub appeal: AppealDto,
    /// The subject's identifier, masked (a credit code is shown whole).
    pub subject_key_masked: Option<String>,
    /// The contact phone, masked.
    pub phone_masked: Option<String>,
    /// The optimistic version.
    pub version: i64,
    /// Today's missed deadline, if any.
    pub overdue: Option<OverdueDto>,
    /// The current 督办 level's Chinese name (未督办, 部门研判, 集体会诊, 领导督办).
    pub escalation_label: String,
    /// When it last changed (RFC 3339).
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: DateTime<Utc>,
}

impl From<AppealView> for AppealViewDto {
    fn from(v: AppealView) -> AppealViewDto {
        AppealViewDto {
            appeal: v.appeal.into(),
            subject_key_masked: v.subject_key_masked,
            phone_masked: v.phone_masked,
            version: v.version,
            overdue: v.overdue.map(OverdueDto::from),
            escalation_label: v.escalation_label.to_string(),
            updated_at: v.updated_at,
        }
    }
}

/// The appeal record (诉求单 / 工单).
#[derive(Debug, Serialize, ToSchema)]
pub struct AppealDto {
    /// 诉求编号, e.g. `SQ250926000042`.
    #[schema(value_type = String, pattern = "^SQ[0-9]{12}$")]
    pub no: appeal::AppealNo,
    /// How it arrived.
    #[schema(schema_with = enums::sources)]
    pub source: AppealSource,
    /// 诉求类别.
    pub category: String,
    /// 一般 / 复杂.
    #[schema(schema_with = enums::complexities)]
    pub complexity: Complexity,
    /// Whose appeal.
    pub subject: SubjectDto,
    /// A one-line title.
    pub title: String,
    /// What is asked.
    pub description: String,
    /// A related case number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case_no: Option<String>,
    /// Upload ids of attached files.
    pub attachments: Vec<String>,
    /// The region whose supervisors oversee it.
    pub region: String,
    /// When it was filed (Beijing time, ISO 8601 without offset).
    #[schema(value_type = String)]
    pub filed_at: NaiveDateTime,
    /// Who filed it (an actor id, or `system:import`).
    pub filed_by: String,
    /// The applicant account that owns it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The work order elsewhere (12345), if imported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external: Option<ExternalDto>,
    /// Where it stands.
    #[schema(schema_with = enums::states)]
    pub state: AppealState,
    /// The current dispatch (派单).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dispatch: Option<DispatchDto>,
    /// The current due dates.
    pub deadlines: DeadlinesDto,
    /// The day of the first answer of the current round.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date)]
    pub answered_on: Option<NaiveDate>,
    /// The day of the resolution of the current round.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date)]
    pub resolved_on: Option<NaiveDate>,
    /// Department reports (部门报到), oldest first.
    pub reports: Vec<ReportDto>,
    /// Leader instructions (领导批阅), oldest first.
    pub instructions: Vec<InstructionDto>,
    /// The highest 督办 level raised in the current round.
    pub escalation_level: u32,
    /// Ratings (评哨), oldest first.
    pub ratings: Vec<RatingDto>,
    /// How many times it was reopened.
    pub reopened: u32,
}

impl From<appeal::Appeal> for AppealDto {
    fn from(a: appeal::Appeal) -> AppealDto {
        AppealDto {
            no: a.no,
            source: a.source,
            category: a.category,
            complexity: a.complexity,
            subject: SubjectDto {
                kind: a.subject.kind,
                name: a.subject.name,
                id: a.subject.id.map(|id| id.as_str().to_string()),
            },
            title: a.title,
            description: a.description,
            case_no: a.case_no.map(|n| n.to_string()),
            attachments: a.attachments,
            region: a.region.to_string(),
            filed_at: a.filed_at,
            filed_by: a.filed_by,
            owner: a.owner,
            external: a.external.map(|e| ExternalDto {
                source: e.source,
                number: e.number,
            }),
            state: a.state,
            dispatch: a.dispatch.map(|d| DispatchDto {
                lead: d.lead.to_string(),
                co: d.co.iter().map(ToString::to_string).collect(),
                by: d.by,
                at: d.at,
            }),
            deadlines: DeadlinesDto {
                answer_by: a.deadlines.answer_by,
                resolve_by: a.deadlines.resolve_by,
            },
            answered_on: a.answered_on,
            resolved_on: a.resolved_on,
            reports: a.reports.into_iter().map(ReportDto::from).collect(),
            instructions: a
                .instructions
                .into_iter()
                .map(|i| InstructionDto {
                    by: i.by,
                    text: i.text,
                    at: i.at,
                })
                .collect(),
            escalation_level: a.escalation_level,
            ratings: a
                .ratings
                .into_iter()
                .map(|r| RatingDto {
                    satisfied: r.satisfied,
                    comment: r.comment,
                    by: r.by,
                    at: r.at,
                })
                .collect(),
            reopened: a.reopened,
        }
    }
}

/// Whose appeal (its identifier is never in this object).
#[derive(Debug, Serialize, ToSchema)]
pub struct SubjectDto {
    /// `person` or `enterprise`.
    #[schema(schema_with = enums::subject_kinds)]
    pub kind: SubjectKind,
    /// Name.
    pub name: String,
    /// The subject profile (一人一档 / 一企一档), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// A 12345 work order's number.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExternalDto {
    /// The system it came from.
    #[schema(schema_with = enums::sources)]
    pub source: AppealSource,
    /// Its number there.
    pub number: String,
}

/// 派单: the departments an appeal went to.
#[derive(Debug, Serialize, ToSchema)]
pub struct DispatchDto {
    /// 牵头部门.
    pub lead: String,
    /// 协办部门.
    pub co: Vec<String>,
    /// Who dispatched (an actor id, or `system:dispatch-rules`).
    pub by: String,
    /// When.
    #[schema(value_type = String)]
    pub at: NaiveDateTime,
}

/// The current due dates.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadlinesDto {
    /// The first answer is due by this day.
    #[schema(value_type = String, format = Date)]
    pub answer_by: NaiveDate,
    /// The resolution is due by this day.
    #[schema(value_type = String, format = Date)]
    pub resolve_by: NaiveDate,
}

/// One department report (部门报到).
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportDto {
    /// The reporting department.
    pub department: String,
    /// `progress`, `answer` or `resolution`.
    #[schema(schema_with = enums::report_kinds)]
    pub kind: ReportKind,
    /// What it says.
    pub text: String,
    /// Who reported.
    pub by: String,
    /// When.
    #[schema(value_type = String)]
    pub at: NaiveDateTime,
}

impl From<appeal::Report> for ReportDto {
    fn from(r: appeal::Report) -> ReportDto {
        ReportDto {
            department: r.department.to_string(),
            kind: r.kind,
            text: r.text,
            by: r.by,
            at: r.at,
        }
    }
}

/// 领导批阅.
#[derive(Debug, Serialize, ToSchema)]
pub struct InstructionDto {
    /// The leader (an actor id).
    pub by: String,
    /// The instruction.
    pub text: String,
    /// When.
    #[schema(value_type = String)]
    pub at: NaiveDateTime,
}

/// 评哨 / 回访.
#[derive(Debug, Serialize, ToSchema)]
pub struct RatingDto {
    /// 满意 or 不满意.
    pub satisfied: bool,
    /// The applicant's words.
    pub comment: String,
    /// Who recorded it.
    pub by: String,
    /// When.
    #[schema(value_type = String)]
    pub at: NaiveDateTime,
}

/// A missed deadline.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverdueDto {
    /// The missed due date.
    #[schema(value_type = String, format = Date)]
    pub due: NaiveDate,
    /// True when the first answer is missing.
    pub answer_missing: bool,
    /// Working days past it.
    pub working_days_late: u32,
    /// The 督办 level it calls for.
    pub level: u32,
}

impl From<Overdue> for OverdueDto {
    fn from(o: Overdue) -> OverdueDto {
        OverdueDto {
            due: o.due,
            answer_missing: o.answer_missing,
            working_days_late: o.working_days_late,
            level: o.level,
        }
    }
}
