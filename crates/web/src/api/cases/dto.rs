//! What the case endpoints take and answer, as documented in OpenAPI.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tongban_domain::case::{Command, ItemCase};
use tongban_domain::ident::Code;
use tongban_service::cases::{Schedule, Timing, WorkItem};
use tongban_service::{CaseCommand, CaseView, PublicStatus};
use utoipa::{IntoParams, ToSchema};

/// A command on a case: `{"command":"accept"}`, or for one member
/// `{"item":"…","command":"decide","outcome":"granted","reasons":[]}`.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct CommandBody {
    /// The member item it concerns; omitted for the whole case (intake
    /// steps, the one hand-over) and for a single-item case.
    #[schema(value_type = Option<String>)]
    #[serde(default)]
    pub item: Option<Code>,
    /// The command (`command` names it; the other fields are its payload,
    /// see docs/api.md).
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub command: Command,
}

impl From<CommandBody> for CaseCommand {
    fn from(body: CommandBody) -> CaseCommand {
        CaseCommand {
            item: body.item,
            command: body.command,
        }
    }
}

/// Due dates of a case or a member.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TimingDto {
    /// 法定办结时限 due date; absent before acceptance.
    #[schema(value_type = Option<String>, format = Date)]
    pub statutory_due: Option<NaiveDate>,
    /// 承诺办结时限 due date; absent before acceptance.
    #[schema(value_type = Option<String>, format = Date)]
    pub promised_due: Option<NaiveDate>,
    /// `none`, `yellow` (80% of the promised time used) or `red` (overdue).
    pub warning: String,
}

impl From<Timing> for TimingDto {
    fn from(t: Timing) -> TimingDto {
        TimingDto {
            statutory_due: t.deadlines.map(|d| d.statutory),
            promised_due: t.deadlines.map(|d| d.promised),
            warning: t.warning.code().to_string(),
        }
    }
}

/// One member item case.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MemberDto {
    /// Item code.
    pub item: String,
    /// Item name.
    pub name: String,
    /// Handling department.
    pub department: String,
    /// State code (docs/case-lifecycle.md).
    pub state: String,
    /// State in Chinese.
    pub state_label: String,
    /// Due dates and warning.
    pub timing: TimingDto,
    /// Set while a prerequisite holds it back (`prerequisite_pending` …).
    pub blocked: Option<String>,
    /// Gap materials still missing after 容缺受理.
    pub gaps: Vec<String>,
    /// Materials a supplement notice still waits for.
    pub supplement_outstanding: Vec<String>,
    /// `granted` or `refused`, once decided.
    pub outcome: Option<String>,
}

fn member_dto(m: &ItemCase, schedule: &Schedule) -> MemberDto {
    let timing = schedule.member(m.item());
    MemberDto {
        item: m.item().to_string(),
        name: m.terms.name.clone(),
        department: m.terms.department.to_string(),
        state: m.state.code().to_string(),
        state_label: m.state.label().to_string(),
        timing: timing.map_or(
            TimingDto {
                statutory_due: None,
                promised_due: None,
                warning: "none".into(),
            },
            |t| t.timing.into(),
        ),
        blocked: timing.and_then(|t| t.blocked).map(str::to_string),
        gaps: m.gaps.iter().map(ToString::to_string).collect(),
        supplement_outstanding: m
            .supplement
            .as_ref()
            .map(|s| s.outstanding.iter().map(ToString::to_string).collect())
            .unwrap_or_default(),
        outcome: m.outcome().map(|o| {
            serde_json::to_value(o)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        }),
    }
}

/// A case as its readers see it (phone masked).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CaseDto {
    /// 申办流水号 (18 digits).
    pub case_no: String,
    /// The bundle's or the item's name.
    pub name: String,
    /// The bundle code, for a bundle case.
    pub bundle: Option<String>,
    /// Intake channel code (`window`, `online`, `proxy`, `remote`).
    pub channel: String,
    /// State of the whole case.
    pub state: String,
    /// State in Chinese.
    pub state_label: String,
    /// The version; every change adds one.
    pub version: i64,
    /// The owning applicant account, if any.
    pub owner: Option<String>,
    /// Contact phone, masked.
    pub phone_masked: Option<String>,
    /// When it last changed.
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: DateTime<Utc>,
    /// Due dates and warning of the whole case.
    pub timing: TimingDto,
    /// Why some due dates are missing.
    pub timing_problem: Option<String>,
    /// The members.
    pub members: Vec<MemberDto>,
    /// The whole case record (facts gathered on the way).
    #[schema(value_type = Object)]
    pub record: serde_json::Value,
}

impl CaseDto {
    /// The DTO of a view with its schedule.
    pub fn new(view: &CaseView, schedule: &Schedule) -> CaseDto {
        let case = &view.case;
        CaseDto {
            case_no: case.case_no.to_string(),
            name: case.name.clone(),
            bundle: case.bundle.as_ref().map(ToString::to_string),
            channel: case.channel.code().to_string(),
            state: view.state.code().to_string(),
            state_label: view.state.label().to_string(),
            version: view.version,
            owner: view.owner.clone(),
            phone_masked: view.phone_masked.clone(),
            updated_at: view.updated_at,
            timing: schedule.case.into(),
            timing_problem: schedule.problem.clone(),
            members: case
                .members
                .iter()
                .map(|m| member_dto(m, schedule))
                .collect(),
            record: serde_json::to_value(case).unwrap_or(serde_json::Value::Null),
        }
    }
}

/// One audit record.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditDto {
    /// 1, 2, 3 … per case.
    pub seq: i64,
    /// When.
    #[schema(value_type = String, format = DateTime)]
    pub at: DateTime<Utc>,
    /// Who (actor id).
    pub actor: String,
    /// What (event code, e.g. `case.accepted`).
    pub action: String,
    /// State before.
    pub from_state: Option<String>,
    /// State after.
    pub to_state: Option<String>,
    /// Detail (command, role, item, event).
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
    /// The previous record's hash.
    pub prev_hash: String,
    /// This record's hash.
    pub hash: String,
}

/// The result of recomputing the hash chain.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChainDto {
    /// True when every record fits the chain.
    pub ok: bool,
    /// Records checked.
    pub records: usize,
    /// The first record that does not fit.
    pub broken_at: Option<i64>,
}

/// A case's audit trail and its chain check.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditResponse {
    /// The case.
    pub case_no: String,
    /// Records, oldest first.
    pub records: Vec<AuditDto>,
    /// The chain check.
    pub chain: ChainDto,
}

/// The public status lookup's parameters.
#[derive(Debug, Clone, Deserialize, IntoParams)]
pub struct StatusParams {
    /// 申办流水号 (spaces and dashes allowed).
    pub case_no: String,
    /// The last four digits of the phone given at application.
    pub phone_last4: String,
}

/// What anyone with the case number and the phone's last digits sees.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StatusDto {
    /// The case number.
    pub case_no: String,
    /// Name of the bundle or item.
    pub name: String,
    /// State code of the whole case.
    pub state: String,
    /// State in Chinese.
    pub state_label: String,
    /// Each member: name, state code, state in Chinese.
    pub members: Vec<StatusMemberDto>,
}

/// One member in the public status.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StatusMemberDto {
    /// Item name.
    pub name: String,
    /// State code.
    pub state: String,
    /// State in Chinese.
    pub state_label: String,
}

impl From<PublicStatus> for StatusDto {
    fn from(s: PublicStatus) -> StatusDto {
        StatusDto {
            case_no: s.case_no.to_string(),
            name: s.name,
            state: s.state.code().to_string(),
            state_label: s.state.label().to_string(),
            members: s
                .members
                .into_iter()
                .map(|(name, state)| StatusMemberDto {
                    name,
                    state: state.code().to_string(),
                    state_label: state.label().to_string(),
                })
                .collect(),
        }
    }
}

/// One worklist line.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WorkItemDto {
    /// The case number.
    pub case_no: String,
    /// Bundle or item name.
    pub name: String,
    /// Channel code.
    pub channel: String,
    /// Whole-case state code.
    pub state: String,
    /// Member item (inbox lines).
    pub item: Option<String>,
    /// Member item name.
    pub item_name: Option<String>,
    /// Member state code.
    pub item_state: Option<String>,
    /// Promised due date.
    #[schema(value_type = Option<String>, format = Date)]
    pub promised_due: Option<NaiveDate>,
    /// Statutory due date.
    #[schema(value_type = Option<String>, format = Date)]
    pub statutory_due: Option<NaiveDate>,
    /// `none`, `yellow` or `red`.
    pub warning: String,
    /// Members held back by the DAG, with the refusal code.
    pub blocked: Vec<BlockedDto>,
    /// Contact phone, masked.
    pub phone_masked: Option<String>,
    /// Last change.
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: DateTime<Utc>,
}

/// A member held back by a prerequisite.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BlockedDto {
    /// The member item.
    pub item: String,
    /// `prerequisite_pending` or `prerequisite_failed`.
    pub code: String,
}

impl From<WorkItem> for WorkItemDto {
    fn from(w: WorkItem) -> WorkItemDto {
        WorkItemDto {
            case_no: w.case_no.to_string(),
            name: w.name,
            channel: w.channel.code().to_string(),
            state: w.state.code().to_string(),
            item: w.item.map(|c| c.to_string()),
            item_name: w.item_name,
            item_state: w.item_state.map(|s| s.code().to_string()),
            promised_due: w.promised,
            statutory_due: w.statutory,
            warning: w.warning.code().to_string(),
            blocked: w
                .blocked
                .into_iter()
                .map(|(item, code)| BlockedDto {
                    item: item.to_string(),
                    code: code.to_string(),
                })
                .collect(),
            phone_masked: w.phone_masked,
            updated_at: w.updated_at,
        }
    }
}

/// A worklist.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WorklistDto {
    /// `intake`, `today`, `inbox`, `bundles`, `warnings` or `assists`.
    pub list: String,
    /// Its title in Chinese.
    pub title: String,
    /// The lines, in the list's order.
    pub entries: Vec<WorkItemDto>,
}
