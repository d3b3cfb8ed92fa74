//! What the appeal use cases take and give back.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tongban_domain::appeal::{
    Appeal, AppealNo, AppealSource, AppealState, Complexity, EscalationPolicy, Overdue,
};
use tongban_domain::ident::{Code, RegionCode};
use tongban_domain::mask;
use tongban_domain::subject::{SubjectId, SubjectKey};
use tongban_store::StoredAppeal;

/// Whose appeal, as staff register it (an applicant's own comes from
/// their verified profile).
#[derive(Clone, Deserialize, Serialize)]
pub struct SubjectInput {
    /// The person's or enterprise's name.
    pub name: String,
    /// Their identifier (ID number, permit, passport or USCC), if known.
    #[serde(default)]
    pub key: Option<SubjectKey>,
}

impl std::fmt::Debug for SubjectInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SubjectInput")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

/// A new appeal: 企业吹哨 or the online form by an applicant; 办不成事 or a
/// field visit (or either of the others on someone's behalf) by staff.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct FileRequest {
    /// How it arrives (`whistle`, `online_form`, `cant_get_it_done`, `field_visit`).
    pub source: AppealSource,
    /// 诉求类别 (decides dispatch and limits).
    pub category: String,
    /// 一般 / 复杂 (the 办不成事 limit: 2 or 5 working days).
    #[serde(default)]
    pub complexity: Complexity,
    /// A one-line title.
    pub title: String,
    /// What is asked.
    pub description: String,
    /// Whose appeal (staff filings; ignored when the applicant has a
    /// verified profile).
    #[serde(default)]
    pub subject: Option<SubjectInput>,
    /// A related case number, if any.
    #[serde(default)]
    pub case_no: Option<String>,
    /// Upload ids of attached files.
    #[serde(default)]
    pub attachments: Vec<String>,
    /// A contact phone.
    #[serde(default)]
    pub phone: Option<String>,
    /// The region whose departments should handle it (an applicant's
    /// county; staff default to their own region).
    #[serde(default)]
    pub region: Option<RegionCode>,
}

/// One appeal as its reader sees it: identifiers and phone masked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppealView {
    /// The appeal, its subject's identifier removed (see `subject_key_masked`).
    pub appeal: Appeal,
    /// The subject's identifier, masked (a credit code is public, shown whole).
    pub subject_key_masked: Option<String>,
    /// The contact phone, masked.
    pub phone_masked: Option<String>,
    /// The optimistic version (send it back with nothing; for display and caching).
    pub version: i64,
    /// Today's missed deadline, if any.
    pub overdue: Option<Overdue>,
    /// The current escalation level's Chinese name.
    pub escalation_label: &'static str,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl AppealView {
    /// The view of a stored appeal on `today`.
    pub(super) fn of(stored: StoredAppeal, overdue: Option<Overdue>) -> AppealView {
        let mut appeal = stored.appeal;
        let subject_key_masked = appeal.subject.key.take().map(|k| k.masked());
        AppealView {
            escalation_label: EscalationPolicy::level_label(appeal.escalation_level),
            appeal,
            subject_key_masked,
            phone_masked: stored.phone.as_deref().map(mask::phone),
            version: stored.version,
            overdue,
            updated_at: stored.updated_at,
        }
    }
}

/// One line of the supervisor's board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BoardLine {
    /// 诉求编号.
    pub no: AppealNo,
    /// Title.
    pub title: String,
    /// Category.
    pub category: String,
    /// Source.
    pub source: AppealSource,
    /// State.
    pub state: AppealState,
    /// The lead department, once dispatched.
    pub lead: Option<Code>,
    /// The missed due date, when overdue.
    pub due: Option<NaiveDate>,
    /// Working days past it.
    pub working_days_late: u32,
    /// True when the first answer is missing.
    pub answer_missing: bool,
    /// The escalation level raised (this round).
    pub escalation_level: u32,
    /// How many times it was reopened.
    pub reopened: u32,
}

/// A department's on-time rate: of its lead appeals whose resolution
/// deadline has passed or that were resolved, how many were resolved by
/// the deadline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepartmentRate {
    /// The department.
    pub department: Code,
    /// Appeals counted.
    pub counted: u32,
    /// Resolved on time.
    pub on_time: u32,
    /// `on_time / counted` in percent, one decimal; `None` when none counted.
    pub rate_percent: Option<f64>,
}

/// The supervisor's board (督办看板) on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Board {
    /// The day it was computed for.
    pub today: NaiveDate,
    /// Running appeals past a deadline, most overdue first.
    pub overdue: Vec<BoardLine>,
    /// Appeals reopened at least once, most reopened first.
    pub reopened: Vec<BoardLine>,
    /// On-time rates per lead department.
    pub departments: Vec<DepartmentRate>,
}

/// A subject's file (一企一档 / 一人一档): its appeals, newest first. The
/// cases and ratings of the subject are joined in by the caller.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubjectFile {
    /// The subject profile.
    pub subject: SubjectId,
    /// Its name.
    pub name: String,
    /// Its identifiers, masked.
    pub keys_masked: Vec<String>,
    /// Its appeals the reader may see.
    pub appeals: Vec<AppealView>,
}
