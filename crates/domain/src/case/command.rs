//! Commands (one per transition), the intake channels, and who may issue
//! which command.

use serde::{Deserialize, Serialize};

use super::Opinion;
use crate::auth::Role;
use crate::catalog::TimeLimit;
use crate::ident::{Code, RegionCode};

/// 办理渠道 of a case: how the application came in. It decides who may act
/// on the applicant's side and whether pre-review is needed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntakeChannel {
    /// 窗口: a window clerk enters it with the applicant present.
    Window,
    /// 网上: the applicant submitted it online; pre-review comes first.
    Online,
    /// 帮代办: an agent applies under the applicant's signed authorisation.
    Proxy,
    /// 跨域通办: received at a window of `received_in`, handled by the
    /// item's own region.
    Remote { received_in: RegionCode },
}

impl IntakeChannel {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            IntakeChannel::Window => "window",
            IntakeChannel::Online => "online",
            IntakeChannel::Proxy => "proxy",
            IntakeChannel::Remote { .. } => "remote",
        }
    }

    /// Chinese label.
    pub fn label(&self) -> &'static str {
        match self {
            IntakeChannel::Window => "窗口受理",
            IntakeChannel::Online => "网上申报",
            IntakeChannel::Proxy => "帮代办",
            IntakeChannel::Remote { .. } => "跨域通办",
        }
    }

    /// True when the application was not made in front of a clerk, so it
    /// must pass pre-review (预审) before formal acceptance.
    pub fn needs_pre_review(&self) -> bool {
        matches!(self, IntakeChannel::Online | IntakeChannel::Proxy)
    }

    /// The staff role that acts on the applicant's behalf on this channel.
    fn intermediary(&self) -> Option<Role> {
        match self {
            IntakeChannel::Online => None,
            IntakeChannel::Proxy => Some(Role::ProxyAgent),
            IntakeChannel::Window | IntakeChannel::Remote { .. } => Some(Role::WindowClerk),
        }
    }
}

/// 决定: grant (准予) or refuse (不予).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Granted,
    Refused,
}

impl Outcome {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Granted => "准予",
            Outcome::Refused => "不予",
        }
    }
}

/// 送达方式: how a result is handed over.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryMethod {
    /// 窗口领取 (the comprehensive window, 综合窗口出件).
    Window,
    /// 邮寄送达, with the postal tracking number.
    Post { tracking_no: String },
    /// 电子送达 (e-licence, e-document).
    Electronic,
}

impl DeliveryMethod {
    /// Chinese label.
    pub fn label(&self) -> &'static str {
        match self {
            DeliveryMethod::Window => "窗口领取",
            DeliveryMethod::Post { .. } => "邮寄送达",
            DeliveryMethod::Electronic => "电子送达",
        }
    }
}

/// What the later check of a commitment (告知承诺核查) found.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentFinding {
    /// 核查属实: the applicant kept the commitment.
    Honoured,
    /// 承诺不实: what was promised is not true; the finding says what.
    Breached { finding: String },
}

/// A request to move an item case on. One variant per transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "command")]
pub enum Command {
    /// 申报: hand the application in.
    Submit,
    /// 预审通过: the online application is complete enough to accept.
    PassPreReview,
    /// 补正告知: one notice listing every missing or wrong material.
    RequestSupplement { materials: Vec<Code>, note: String },
    /// 补齐材料: the applicant supplies requested or gap materials.
    SupplyMaterials { materials: Vec<Code> },
    /// 受理: formal acceptance; the clock starts.
    Accept,
    /// 容缺受理: accept with these gap-allowed materials still missing.
    AcceptWithGaps { missing: Vec<Code> },
    /// 不予受理, with reasons.
    RejectIntake { reasons: Vec<String> },
    /// 开始审查.
    StartReview,
    /// 决定: grant or refuse (refusal needs reasons).
    Decide {
        outcome: Outcome,
        reasons: Vec<String>,
    },
    /// 办结.
    Complete,
    /// 送达.
    Deliver { method: DeliveryMethod },
    /// 挂起: stop the clock, with a reason.
    Suspend { reason: String },
    /// 恢复: restart the clock where it stopped.
    Resume,
    /// 撤回: the applicant withdraws.
    Withdraw,
    /// 签署告知承诺: the applicant signs a commitment.
    SignCommitment { statement: String },
    /// 承诺核查: the later check of a signed commitment.
    VerifyCommitment { finding: CommitmentFinding },
    /// 撤销: revoke a grant, with reasons.
    Revoke { reasons: Vec<String> },
    /// 终止: end the procedure without a decision, with reasons.
    Terminate { reasons: Vec<String> },
    /// 发起协查: ask department `to` about `subject`. The item's declared
    /// terms for that department set the limit and what silence means;
    /// for an undeclared department the examiner gives the `limit`.
    RequestAssist {
        to: Code,
        subject: String,
        question: String,
        #[serde(default)]
        limit: Option<TimeLimit>,
    },
    /// 答复协查: the asked department answers request `id`.
    ReplyAssist {
        id: u32,
        opinion: Opinion,
        #[serde(default)]
        text: String,
    },
}

/// The kind of a [`Command`], without its payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommandKind {
    Submit,
    PassPreReview,
    RequestSupplement,
    SupplyMaterials,
    Accept,
    AcceptWithGaps,
    RejectIntake,
    StartReview,
    Decide,
    Complete,
    Deliver,
    Suspend,
    Resume,
    Withdraw,
    SignCommitment,
    VerifyCommitment,
    Revoke,
    Terminate,
    RequestAssist,
    ReplyAssist,
}

impl Command {
    /// The command's kind.
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Submit => CommandKind::Submit,
            Command::PassPreReview => CommandKind::PassPreReview,
            Command::RequestSupplement { .. } => CommandKind::RequestSupplement,
            Command::SupplyMaterials { .. } => CommandKind::SupplyMaterials,
            Command::Accept => CommandKind::Accept,
            Command::AcceptWithGaps { .. } => CommandKind::AcceptWithGaps,
            Command::RejectIntake { .. } => CommandKind::RejectIntake,
            Command::StartReview => CommandKind::StartReview,
            Command::Decide { .. } => CommandKind::Decide,
            Command::Complete => CommandKind::Complete,
            Command::Deliver { .. } => CommandKind::Deliver,
            Command::Suspend { .. } => CommandKind::Suspend,
            Command::Resume => CommandKind::Resume,
            Command::Withdraw => CommandKind::Withdraw,
            Command::SignCommitment { .. } => CommandKind::SignCommitment,
            Command::VerifyCommitment { .. } => CommandKind::VerifyCommitment,
            Command::Revoke { .. } => CommandKind::Revoke,
            Command::Terminate { .. } => CommandKind::Terminate,
            Command::RequestAssist { .. } => CommandKind::RequestAssist,
            Command::ReplyAssist { .. } => CommandKind::ReplyAssist,
        }
    }
}

/// Who may issue a kind of command, before looking at the case.
enum Issuer {
    /// The applicant, or the staff who acts for them on the case's channel.
    ApplicantSide,
    /// Exactly these staff roles.
    Staff(&'static [Role]),
}

impl CommandKind {
    /// Every kind, in lifecycle order.
    pub const ALL: [CommandKind; 20] = [
        CommandKind::Submit,
        CommandKind::PassPreReview,
        CommandKind::RequestSupplement,
        CommandKind::SupplyMaterials,
        CommandKind::Accept,
        CommandKind::AcceptWithGaps,
        CommandKind::RejectIntake,
        CommandKind::StartReview,
        CommandKind::Decide,
        CommandKind::Complete,
        CommandKind::Deliver,
        CommandKind::Suspend,
        CommandKind::Resume,
        CommandKind::Withdraw,
        CommandKind::SignCommitment,
        CommandKind::VerifyCommitment,
        CommandKind::Revoke,
        CommandKind::Terminate,
        CommandKind::RequestAssist,
        CommandKind::ReplyAssist,
    ];

    /// Stable code, as used in the API and in events.
    pub fn code(self) -> &'static str {
        match self {
            CommandKind::Submit => "submit",
            CommandKind::PassPreReview => "pass_pre_review",
            CommandKind::RequestSupplement => "request_supplement",
            CommandKind::SupplyMaterials => "supply_materials",
            CommandKind::Accept => "accept",
            CommandKind::AcceptWithGaps => "accept_with_gaps",
            CommandKind::RejectIntake => "reject_intake",
            CommandKind::StartReview => "start_review",
            CommandKind::Decide => "decide",
            CommandKind::Complete => "complete",
            CommandKind::Deliver => "deliver",
            CommandKind::Suspend => "suspend",
            CommandKind::Resume => "resume",
            CommandKind::Withdraw => "withdraw",
            CommandKind::SignCommitment => "sign_commitment",
            CommandKind::VerifyCommitment => "verify_commitment",
            CommandKind::Revoke => "revoke",
            CommandKind::Terminate => "terminate",
            CommandKind::RequestAssist => "request_assist",
            CommandKind::ReplyAssist => "reply_assist",
        }
    }

    /// Chinese name, for refusal messages and the audit trail.
    pub fn label(self) -> &'static str {
        match self {
            CommandKind::Submit => "申报",
            CommandKind::PassPreReview => "预审通过",
            CommandKind::RequestSupplement => "补正告知",
            CommandKind::SupplyMaterials => "补齐材料",
            CommandKind::Accept => "受理",
            CommandKind::AcceptWithGaps => "容缺受理",
            CommandKind::RejectIntake => "不予受理",
            CommandKind::StartReview => "开始审查",
            CommandKind::Decide => "作出决定",
            CommandKind::Complete => "办结",
            CommandKind::Deliver => "送达",
            CommandKind::Suspend => "挂起",
            CommandKind::Resume => "恢复",
            CommandKind::Withdraw => "撤回",
            CommandKind::SignCommitment => "签署告知承诺",
            CommandKind::VerifyCommitment => "承诺核查",
            CommandKind::Revoke => "撤销",
            CommandKind::Terminate => "终止办理",
            CommandKind::RequestAssist => "发起协查",
            CommandKind::ReplyAssist => "答复协查",
        }
    }

    fn issuer(self) -> Issuer {
        use Role::*;
        match self {
            CommandKind::Submit
            | CommandKind::SupplyMaterials
            | CommandKind::Withdraw
            | CommandKind::SignCommitment => Issuer::ApplicantSide,
            CommandKind::RequestSupplement => Issuer::Staff(&[WindowClerk, Examiner]),
            // The system passes pre-review and accepts only for 秒批
            // (`auto_decision`), when every review point held on data.
            CommandKind::PassPreReview => Issuer::Staff(&[WindowClerk, Examiner, System]),
            CommandKind::Accept => Issuer::Staff(&[WindowClerk, System]),
            CommandKind::AcceptWithGaps | CommandKind::RejectIntake | CommandKind::Deliver => {
                Issuer::Staff(&[WindowClerk])
            }
            CommandKind::StartReview | CommandKind::Complete => {
                Issuer::Staff(&[Examiner, DepartmentLeader, System])
            }
            CommandKind::Decide => Issuer::Staff(&[DepartmentLeader, System]),
            CommandKind::Suspend | CommandKind::Resume | CommandKind::VerifyCommitment => {
                Issuer::Staff(&[Examiner, DepartmentLeader])
            }
            CommandKind::Revoke | CommandKind::Terminate => Issuer::Staff(&[DepartmentLeader]),
            CommandKind::RequestAssist => Issuer::Staff(&[Examiner, DepartmentLeader]),
            CommandKind::ReplyAssist => Issuer::Staff(&[Examiner, DepartmentLeader, System]),
        }
    }

    /// True when `role` may issue this command on a case that came in
    /// through `channel`. Applicant-side commands (submit, supply,
    /// withdraw, sign) belong to the applicant and to whoever acts for
    /// them on that channel: the proxy agent, or the clerk at the window.
    pub fn permits(self, role: Role, channel: &IntakeChannel) -> bool {
        match self.issuer() {
            Issuer::ApplicantSide => {
                role == Role::Applicant || channel.intermediary() == Some(role)
            }
            Issuer::Staff(roles) => roles.contains(&role),
        }
    }
}

impl std::fmt::Display for CommandKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}
