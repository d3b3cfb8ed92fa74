//! The values the subject service hands out: source descriptions, data-use
//! log entries and the demo seeding summary.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tongban_domain::ident::Code;
use tongban_domain::subject::{ApplicationRef, ConsentId, Purpose, SourceRef, SubjectId};

/// A data source as shown to the applicant and matched against consents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceInfo {
    /// What a consent names to open this source.
    pub source: SourceRef,
    /// Chinese name, e.g. 公安户籍信息.
    pub name: String,
    /// The data elements the source holds.
    pub elements: Vec<Code>,
}

/// One entry of the data-use log (用数记录): one read of one source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataUse {
    /// The entry's id.
    pub id: String,
    /// When the read happened.
    pub at: DateTime<Utc>,
    /// Whose data was read.
    pub subject: SubjectId,
    /// The source read.
    pub source: SourceRef,
    /// The source's Chinese name at the time of the read.
    pub source_name: String,
    /// What the read was for.
    pub purpose: Purpose,
    /// The application it was for.
    pub application: ApplicationRef,
    /// The consent that allowed it.
    pub consent: ConsentId,
    /// The data elements read; for an e-licence lookup, the licence type
    /// when the subject holds it (empty when the lookup found none).
    pub elements: Vec<Code>,
    /// The actor id that read (never an ID or phone number).
    pub reader: String,
    /// For an e-licence: the number of the licence used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
    /// For a use under a licence grant (证照授权): who used it — the
    /// department's name or the agent, masked. `None` when the platform
    /// read it for the holder's own application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
}

/// What [`super::SubjectService::seed_demo`] put in place (the same
/// counts on every run: seeding is idempotent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DemoSubjects {
    /// Demo persons (including 张三 and the Taiwan compatriot).
    pub persons: usize,
    /// Demo enterprises.
    pub enterprises: usize,
}
