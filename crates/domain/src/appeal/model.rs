//! The appeal record (诉求单 / 工单) and its parts.

use std::fmt;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{AppealSource, AppealState, AppealSubject, Complexity, Deadlines};
use crate::case::CaseNo;
use crate::ident::{Code, RegionCode};

/// 诉求编号: `SQ` + filing date `yymmdd` + a six-digit daily sequence,
/// e.g. `SQ250926000042`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AppealNo(String);

/// The largest daily sequence an appeal number holds.
pub const MAX_APPEAL_SEQUENCE: u32 = 999_999;

impl AppealNo {
    /// The number of the `seq`-th appeal filed on `date`; `None` when the
    /// date or the sequence does not fit.
    pub fn new(date: NaiveDate, seq: u32) -> Option<AppealNo> {
        if !(2000..=2099).contains(&date.year()) || !(1..=MAX_APPEAL_SEQUENCE).contains(&seq) {
            return None;
        }
        Some(AppealNo(format!(
            "SQ{:02}{:02}{:02}{seq:06}",
            date.year() % 100,
            date.month(),
            date.day()
        )))
    }

    /// Parses an appeal number (`SQ` may be typed in lower case).
    pub fn parse(s: &str) -> Option<AppealNo> {
        let s = s.trim().to_ascii_uppercase();
        let digits = s.strip_prefix("SQ")?;
        if digits.len() != 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let date = NaiveDate::parse_from_str(&format!("20{}", &digits[..6]), "%Y%m%d").ok()?;
        let seq: u32 = digits[6..].parse().ok()?;
        AppealNo::new(date, seq)
    }

    /// The number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AppealNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for AppealNo {
    type Error = String;
    fn try_from(s: String) -> Result<AppealNo, String> {
        AppealNo::parse(&s).ok_or_else(|| format!("诉求编号“{s}”无效"))
    }
}

impl From<AppealNo> for String {
    fn from(n: AppealNo) -> String {
        n.0
    }
}

/// The work order's number in the system it came from (a 12345 工单编号):
/// importing the same order twice adds nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalRef {
    /// The system (12345).
    pub source: AppealSource,
    /// Its number there.
    pub number: String,
}

impl ExternalRef {
    /// The store's unique dedup key: `source:number`.
    pub fn key(&self) -> String {
        format!("{}:{}", self.source.code(), self.number)
    }
}

/// 派单: the departments an appeal went to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dispatch {
    /// 牵头部门.
    pub lead: Code,
    /// 协办部门.
    #[serde(default)]
    pub co: Vec<Code>,
    /// Who dispatched (an actor id, or `system:dispatch-rules`).
    pub by: String,
    /// When.
    pub at: NaiveDateTime,
}

/// What a department reports (部门报到).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// 进展: coordination on the way; changes no state.
    Progress,
    /// 答复: the first answer to the applicant.
    Answer,
    /// 办结: the lead department reports the problem solved.
    Resolution,
}

impl ReportKind {
    /// Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            ReportKind::Progress => "进展报送",
            ReportKind::Answer => "答复",
            ReportKind::Resolution => "办结报送",
        }
    }
}

/// One department report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The reporting department.
    pub department: Code,
    /// Progress, answer or resolution.
    pub kind: ReportKind,
    /// What it says.
    pub text: String,
    /// Who reported (an actor id).
    pub by: String,
    /// When.
    pub at: NaiveDateTime,
}

/// 领导批阅: a leader's instruction written on the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instruction {
    /// The leader (an actor id).
    pub by: String,
    /// The instruction.
    pub text: String,
    /// When.
    pub at: NaiveDateTime,
}

/// 评哨 / 回访: the applicant's rating of the handling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    /// 满意 or 不满意.
    pub satisfied: bool,
    /// The applicant's words, if any.
    #[serde(default)]
    pub comment: String,
    /// Who recorded it (the applicant, or the clerk who revisited).
    pub by: String,
    /// When.
    pub at: NaiveDateTime,
}

/// One appeal (诉求): what was asked, by whom, where it went, what the
/// departments reported, and how it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appeal {
    /// 诉求编号.
    pub no: AppealNo,
    /// How it arrived.
    pub source: AppealSource,
    /// 诉求类别 (decides dispatch and limits).
    pub category: String,
    /// 一般 / 复杂 (办不成事 limits).
    #[serde(default)]
    pub complexity: Complexity,
    /// Whose appeal.
    pub subject: AppealSubject,
    /// A one-line title.
    pub title: String,
    /// What the applicant asks.
    pub description: String,
    /// A related case (办件), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_no: Option<CaseNo>,
    /// References to attached files (upload ids).
    #[serde(default)]
    pub attachments: Vec<String>,
    /// The region whose supervisors oversee it.
    pub region: RegionCode,
    /// When it was filed (Beijing time).
    pub filed_at: NaiveDateTime,
    /// Who filed it (an actor id, or `system:import`).
    pub filed_by: String,
    /// The applicant account that owns it (rates it, reads it), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The work order's number elsewhere (12345), if imported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external: Option<ExternalRef>,
    /// Where it stands.
    pub state: AppealState,
    /// The current dispatch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dispatch: Option<Dispatch>,
    /// The current due dates.
    pub deadlines: Deadlines,
    /// The day of the first answer of the current round.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_on: Option<NaiveDate>,
    /// The day of the resolution of the current round.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_on: Option<NaiveDate>,
    /// Department reports, oldest first.
    #[serde(default)]
    pub reports: Vec<Report>,
    /// Leader instructions, oldest first.
    #[serde(default)]
    pub instructions: Vec<Instruction>,
    /// The highest escalation (督办) level raised in the current round.
    #[serde(default)]
    pub escalation_level: u32,
    /// Ratings, oldest first.
    #[serde(default)]
    pub ratings: Vec<Rating>,
    /// How many times it was reopened (an unsatisfied rating or a
    /// supervisor's reopening); also the current round's number.
    #[serde(default)]
    pub reopened: u32,
}

impl Appeal {
    /// The departments it is dispatched to, the lead first.
    pub fn departments(&self) -> Vec<&Code> {
        match &self.dispatch {
            Some(d) => std::iter::once(&d.lead).chain(d.co.iter()).collect(),
            None => Vec::new(),
        }
    }

    /// The lead department, once dispatched.
    pub fn lead(&self) -> Option<&Code> {
        self.dispatch.as_ref().map(|d| &d.lead)
    }

    /// True when dispatched to `department` (as lead or co-department).
    pub fn is_dispatched_to(&self, department: &Code) -> bool {
        self.departments().contains(&department)
    }

    /// True once resolved on or before its resolution deadline.
    pub fn resolved_on_time(&self) -> Option<bool> {
        self.resolved_on.map(|d| d <= self.deadlines.resolve_by)
    }

    /// The latest rating, if any.
    pub fn last_rating(&self) -> Option<&Rating> {
        self.ratings.last()
    }
}
