//! The supervisor's board (督办看板) and a subject's file (一企一档 /
//! 一人一档) as the API returns them.

use chrono::NaiveDate;
use serde::Serialize;
use tongban_domain::appeal::{AppealSource, AppealState};
use tongban_service::appeals::{Board, BoardLine, DepartmentRate, SubjectFile};
use utoipa::ToSchema;

use super::enums;
use super::view::AppealViewDto;

/// The supervisor's board (督办看板) on one day.
#[derive(Debug, Serialize, ToSchema)]
pub struct BoardDto {
    /// The day it was computed for.
    #[schema(value_type = String, format = Date)]
    pub today: NaiveDate,
    /// Running appeals past a deadline, most overdue first.
    pub overdue: Vec<BoardLineDto>,
    /// Appeals reopened at least once, most reopened first.
    pub reopened: Vec<BoardLineDto>,
    /// On-time rates per lead department.
    pub departments: Vec<DepartmentRateDto>,
}

impl From<Board> for BoardDto {
    fn from(b: Board) -> BoardDto {
        BoardDto {
            today: b.today,
            overdue: b.overdue.into_iter().map(BoardLineDto::from).collect(),
            reopened: b.reopened.into_iter().map(BoardLineDto::from).collect(),
            departments: b
                .departments
                .into_iter()
                .map(DepartmentRateDto::from)
                .collect(),
        }
    }
}

/// One line of the board.
#[derive(Debug, Serialize, ToSchema)]
pub struct BoardLineDto {
    /// 诉求编号.
    pub no: String,
    /// Title.
    pub title: String,
    /// Category.
    pub category: String,
    /// Source.
    #[schema(schema_with = enums::sources)]
    pub source: AppealSource,
    /// State.
    #[schema(schema_with = enums::states)]
    pub state: AppealState,
    /// The lead department, once dispatched.
    pub lead: Option<String>,
    /// The missed due date, when overdue.
    #[schema(value_type = Option<String>, format = Date)]
    pub due: Option<NaiveDate>,
    /// Working days past it.
    pub working_days_late: u32,
    /// True when the first answer is missing.
    pub answer_missing: bool,
    /// The 督办 level raised (this round).
    pub escalation_level: u32,
    /// How many times it was reopened.
    pub reopened: u32,
}

impl From<BoardLine> for BoardLineDto {
    fn from(l: BoardLine) -> BoardLineDto {
        BoardLineDto {
            no: l.no.to_string(),
            title: l.title,
            category: l.category,
            source: l.source,
            state: l.state,
            lead: l.lead.map(|c| c.to_string()),
            due: l.due,
            working_days_late: l.working_days_late,
            answer_missing: l.answer_missing,
            escalation_level: l.escalation_level,
            reopened: l.reopened,
        }
    }
}

/// A department's on-time rate.
#[derive(Debug, Serialize, ToSchema)]
pub struct DepartmentRateDto {
    /// The department.
    pub department: String,
    /// Appeals counted.
    pub counted: u32,
    /// Resolved on time.
    pub on_time: u32,
    /// `on_time / counted` in percent; null when none counted.
    pub rate_percent: Option<f64>,
}

impl From<DepartmentRate> for DepartmentRateDto {
    fn from(d: DepartmentRate) -> DepartmentRateDto {
        DepartmentRateDto {
            department: d.department.to_string(),
            counted: d.counted,
            on_time: d.on_time,
            rate_percent: d.rate_percent,
        }
    }
}

/// A subject's file (一企一档 / 一人一档).
#[derive(Debug, Serialize, ToSchema)]
pub struct SubjectFileDto {
    /// The subject profile.
    pub subject: String,
    /// Its name.
    pub name: String,
    /// Its identifiers, masked.
    pub keys_masked: Vec<String>,
    /// Its appeals the reader may see, newest first.
    pub appeals: Vec<AppealViewDto>,
}

impl From<SubjectFile> for SubjectFileDto {
    fn from(f: SubjectFile) -> SubjectFileDto {
        SubjectFileDto {
            subject: f.subject.as_str().to_string(),
            name: f.name,
            keys_masked: f.keys_masked,
            appeals: f.appeals.into_iter().map(AppealViewDto::from).collect(),
        }
    }
}
