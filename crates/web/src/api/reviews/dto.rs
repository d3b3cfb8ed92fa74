//! The request and response bodies of the 好差评 API.

use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tongban_domain::review::{Level, Rating, RatingInput};
use tongban_service::reviews::{Escalation, ScoreBoard, ScoreLine, TaskView};
use utoipa::{IntoParams, ToSchema};

use crate::error::ApiError;

/// A rating to give.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct RateBody {
    /// very_satisfied | satisfied | basically_satisfied | dissatisfied | very_dissatisfied
    #[schema(example = "satisfied")]
    pub level: String,
    /// Tags of the level's polarity (好评: 服务热情, 办事高效 …; 差评: 态度不好, 办理超时 …).
    #[serde(default)]
    pub tags: Vec<String>,
    /// Free text (a 差评 needs a tag or a comment).
    #[serde(default)]
    pub comment: String,
}

impl RateBody {
    /// The service's input; an unknown level is 422 `review_level_unknown`.
    pub fn input(self) -> Result<RatingInput, ApiError> {
        let level = Level::parse(&self.level).map_err(|e| {
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.code(), e.to_string())
        })?;
        Ok(RatingInput {
            level,
            tags: self.tags,
            comment: self.comment,
        })
    }
}

/// A stored rating.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RatingDto {
    /// Its id.
    pub id: String,
    /// case | window_visit | online_service
    pub target_kind: String,
    /// The case number, window or service code.
    pub target: String,
    /// Level code and its Chinese name.
    pub level: String,
    /// 非常满意 … 非常不满意.
    pub level_label: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Comment.
    pub comment: String,
    /// page | api | device
    pub channel: String,
    /// The responsible department.
    pub department: String,
    /// The region.
    pub region: String,
    /// The window (evaluator-device ratings).
    pub window: Option<String>,
    /// When (RFC 3339).
    pub rated_at: String,
    /// The earlier rating this one replaces.
    pub supersedes: Option<String>,
    /// The later rating that replaced this one.
    pub superseded_by: Option<String>,
    /// Whether it counts in scores.
    pub valid: bool,
}

impl From<Rating> for RatingDto {
    fn from(r: Rating) -> RatingDto {
        RatingDto {
            valid: r.is_valid(),
            target_kind: r.target.kind_code().into(),
            target: r.target.key().into(),
            level: r.level.code().into(),
            level_label: r.level.label().into(),
            channel: r.channel.code().into(),
            department: r.department.to_string(),
            region: r.region.to_string(),
            window: r.window.map(|w| w.to_string()),
            id: r.id,
            tags: r.tags,
            comment: r.comment,
            rated_at: r.rated_at.to_rfc3339(),
            supersedes: r.supersedes,
            superseded_by: r.superseded_by,
        }
    }
}

/// One step of a rectification task.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StepDto {
    /// verify | rectify | revisit
    pub step: String,
    /// 核实 | 整改 | 回访
    pub label: String,
    /// The day it started.
    pub started_on: String,
    /// The last working day for it.
    pub due: String,
    /// When it was done.
    pub done_at: Option<String>,
    /// Who did it.
    pub done_by: Option<String>,
    /// What was found, done or heard.
    pub note: String,
}

/// A rectification task with the rating it answers.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TaskDto {
    /// Its id.
    pub id: String,
    /// The rated case.
    pub case_no: Option<String>,
    /// The responsible department.
    pub department: String,
    /// The region.
    pub region: String,
    /// The current step (none when closed).
    pub current_step: Option<String>,
    /// Its due date.
    pub current_due: Option<String>,
    /// Past its due date today.
    pub overdue: bool,
    /// Closed by the revisit.
    pub closed: bool,
    /// The steps so far.
    pub steps: Vec<StepDto>,
    /// The bad rating.
    pub rating: RatingDto,
    /// The task's version.
    pub version: i64,
}

impl From<TaskView> for TaskDto {
    fn from(v: TaskView) -> TaskDto {
        let current = v.task.current();
        TaskDto {
            id: v.task.id.clone(),
            case_no: v.task.case_no.as_ref().map(ToString::to_string),
            department: v.task.department.to_string(),
            region: v.task.region.to_string(),
            current_step: current.map(|s| s.step.code().to_string()),
            current_due: current.map(|s| s.due.to_string()),
            overdue: v.overdue,
            closed: v.task.is_closed(),
            steps: v
                .task
                .steps
                .iter()
                .map(|s| StepDto {
                    step: s.step.code().into(),
                    label: s.step.label().into(),
                    started_on: s.started_on.to_string(),
                    due: s.due.to_string(),
                    done_at: s.done_at.map(|t| t.to_rfc3339()),
                    done_by: s.done_by.clone(),
                    note: s.note.clone(),
                })
                .collect(),
            rating: v.rating.into(),
            version: v.version,
        }
    }
}

/// `?closed=true` lists closed tasks too.
#[derive(Debug, Clone, Deserialize, IntoParams)]
pub struct TaskParams {
    /// Include closed tasks.
    pub closed: Option<bool>,
}

/// A step to complete.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct StepBody {
    /// verify | rectify | revisit (the task's current step).
    #[schema(example = "verify")]
    pub step: String,
    /// 核实情况 / 整改措施 / 回访结果.
    pub note: String,
}

/// The window's evaluator device.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct DeviceBody {
    /// The window's code.
    pub window: Option<String>,
}

/// A one-time evaluator-device link (shown as a QR).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DeviceLinkDto {
    /// The case.
    pub case_no: String,
    /// `/reviews/device/{case_no}?t=…`, to render as a QR.
    pub path: String,
    /// When it stops working.
    pub expires_at: String,
}

/// An overdue step escalated to the supervisors.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EscalationDto {
    /// Its id.
    pub id: String,
    /// The task.
    pub task_id: String,
    /// The overdue step.
    pub step: String,
    /// Its due date.
    pub due: String,
    /// The case.
    pub case_no: Option<String>,
    /// The department.
    pub department: String,
    /// The region.
    pub region: String,
    /// When.
    pub escalated_at: String,
}

impl From<Escalation> for EscalationDto {
    fn from(e: Escalation) -> EscalationDto {
        EscalationDto {
            id: e.id,
            task_id: e.task_id,
            step: e.step.code().into(),
            due: e.due.to_string(),
            case_no: e.case_no.map(|c| c.to_string()),
            department: e.department.to_string(),
            region: e.region.to_string(),
            escalated_at: e.escalated_at.to_rfc3339(),
        }
    }
}

/// `?limit=`.
#[derive(Debug, Clone, Deserialize, IntoParams)]
pub struct LimitParams {
    /// At most this many (default 100).
    pub limit: Option<i64>,
}

/// Which scores.
#[derive(Debug, Clone, Deserialize, IntoParams)]
pub struct ScoreParams {
    /// staff | window | department | item | region
    pub dimension: String,
    /// First day (YYYY-MM-DD, Beijing).
    pub from: String,
    /// Last day, included.
    pub to: String,
    /// Region subtree (default: the viewer's region).
    pub region: Option<String>,
    /// Only this department.
    pub department: Option<String>,
}

/// One group's score: 满意率 = 好评 (非常满意+满意+基本满意) / valid ratings.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ScoreLineDto {
    /// Staff id, window, department, item or region; `*` for the total.
    pub key: String,
    pub very_satisfied: u64,
    pub satisfied: u64,
    pub basically_satisfied: u64,
    pub dissatisfied: u64,
    pub very_dissatisfied: u64,
    /// 好评.
    pub good: u64,
    /// 差评.
    pub bad: u64,
    /// Valid ratings.
    pub total: u64,
    /// good / total; null without ratings.
    pub rate: Option<f64>,
}

impl From<ScoreLine> for ScoreLineDto {
    fn from(l: ScoreLine) -> ScoreLineDto {
        let c = l.counts;
        ScoreLineDto {
            key: l.key,
            very_satisfied: c.very_satisfied,
            satisfied: c.satisfied,
            basically_satisfied: c.basically_satisfied,
            dissatisfied: c.dissatisfied,
            very_dissatisfied: c.very_dissatisfied,
            good: l.good,
            bad: l.bad,
            total: l.total,
            rate: l.rate,
        }
    }
}

/// Scores of one dimension over a period.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ScoreBoardDto {
    pub dimension: String,
    pub from: String,
    pub to: String,
    pub region: String,
    pub lines: Vec<ScoreLineDto>,
    pub total: ScoreLineDto,
}

impl From<ScoreBoard> for ScoreBoardDto {
    fn from(b: ScoreBoard) -> ScoreBoardDto {
        ScoreBoardDto {
            dimension: b.dimension.code().into(),
            from: b.from.to_string(),
            to: b.to.to_string(),
            region: b.region.to_string(),
            lines: b.lines.into_iter().map(Into::into).collect(),
            total: b.total.into(),
        }
    }
}
