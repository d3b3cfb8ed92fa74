//! What the case use cases take and hand back.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tongban_domain::case::{Case, CaseNo, CaseState, Command, IntakeChannel};
use tongban_domain::guidance::Answers;
use tongban_domain::ident::Code;
use tongban_domain::mask;

/// What an application is for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Application {
    /// A single item under the chosen situations.
    Item {
        /// The item's code.
        item: String,
        /// Chosen situations (情形); empty for the item's defaults.
        #[serde(default)]
        situations: Vec<Code>,
    },
    /// A bundle (一件事): the guidance answers select its members.
    Bundle {
        /// The bundle's code.
        bundle: String,
        /// Answers to the bundle's guidance questions.
        #[serde(default)]
        answers: Answers,
    },
}

/// An application to submit.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmitRequest {
    /// The item or bundle applied for.
    pub application: Application,
    /// How it came in: `online` from an applicant; `window`, `remote` from
    /// a window clerk; `proxy` from a proxy agent.
    pub channel: IntakeChannel,
    /// The applicant account the case belongs to (an actor id such as
    /// `applicant:…`). Ignored for an applicant's own online submission,
    /// which always belongs to them.
    #[serde(default)]
    pub owner: Option<String>,
    /// The applicant's contact phone (notifications, public status lookup).
    #[serde(default)]
    pub phone: Option<String>,
    /// 授权委托书: required on the proxy channel (帮代办), recorded in the
    /// submission's audit record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorisation: Option<ProxyAuthorisation>,
}

/// 授权委托书: the applicant's signed authorisation a proxy agent submits
/// under. The paper (or its scan) is kept by the agent's office under
/// `reference`; the platform records what it says and refuses a proxy
/// submission without one, or outside its dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProxyAuthorisation {
    /// 委托人: the applicant's name.
    pub principal: String,
    /// 委托事项: what the agent may do.
    pub scope: String,
    /// 委托书编号 / 存档号.
    pub reference: String,
    /// The day it was signed.
    pub signed_on: NaiveDate,
    /// The last day it holds.
    pub valid_until: NaiveDate,
}

impl fmt::Debug for SubmitRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SubmitRequest")
            .field("application", &self.application)
            .field("channel", &self.channel)
            .field("owner", &self.owner)
            .field("phone", &self.phone.as_deref().map(mask::phone))
            .field("authorisation", &self.authorisation)
            .finish()
    }
}

/// A command on a stored case: for the whole case (intake steps and the
/// one hand-over) or for one member item (review, decision …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseCommand {
    /// The member item it concerns; `None` for the whole case (for a
    /// single-item case, review and decision commands go to its only item).
    #[serde(default)]
    pub item: Option<Code>,
    /// The command.
    pub command: Command,
}

/// A case as its readers see it.
#[derive(Clone, PartialEq, Serialize)]
pub struct CaseView {
    /// The case with every member.
    pub case: Case,
    /// Where the whole case stands.
    pub state: CaseState,
    /// The version to name in a later command.
    pub version: i64,
    /// The applicant account that owns it.
    pub owner: Option<String>,
    /// The contact phone, masked (138****8000).
    pub phone_masked: Option<String>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl fmt::Debug for CaseView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CaseView")
            .field("case_no", &self.case.case_no)
            .field("state", &self.state)
            .field("version", &self.version)
            .field("owner", &self.owner)
            .field("phone_masked", &self.phone_masked)
            .finish_non_exhaustive()
    }
}

/// What the anonymous status lookup shows: where the case and each
/// member stand, nothing about the applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicStatus {
    /// The case number.
    pub case_no: CaseNo,
    /// The bundle's or the item's name.
    pub name: String,
    /// Where the whole case stands.
    pub state: CaseState,
    /// Each member's name and state.
    pub members: Vec<(String, CaseState)>,
}
