//! The records the case store takes and hands out.
//!
//! `Debug` of a record never prints the applicant's phone number in
//! clear, so a record may end up in a log line without leaking.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use tongban_domain::case::{Case, CaseNo, CaseState};
use tongban_domain::ident::{Code, RegionCode};
use tongban_domain::mask;

use crate::licences::LicenceWrite;

/// An `Idempotency-Key` as the store keeps it: whose it is, the key, and
/// the SHA-256 of the request it came with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey {
    /// Whose key it is (the actor id): keys of different actors never meet.
    pub scope: String,
    /// The client's key.
    pub key: String,
    /// SHA-256 (hex) of the request; the same key with another request is
    /// refused with `StoreError::IdempotencyMismatch`.
    pub fingerprint: String,
}

/// What an earlier request under an idempotency key produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyRecord {
    /// SHA-256 (hex) of the first request.
    pub fingerprint: String,
    /// The case it created or changed.
    pub case_no: Option<CaseNo>,
    /// What the store answered the first time (JSON).
    pub result: Option<serde_json::Value>,
}

/// One audit entry to append (the store numbers and chains it).
#[derive(Debug, Clone, PartialEq)]
pub struct NewAudit {
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Who did it (an actor id; never a personal number).
    pub actor: String,
    /// Stable code of what happened (an event code such as `case.accepted`).
    pub action: String,
    /// The state before, if the entry concerns a state.
    pub from_state: Option<CaseState>,
    /// The state after.
    pub to_state: Option<CaseState>,
    /// What the audit needs to know (JSON).
    pub detail: serde_json::Value,
}

/// One event about the case being written, to put in the outbox for the
/// dispatcher (topic [`Topic::Case`]; the write names the case). Events
/// about other aggregates are written by their own stores with their
/// topic and id (an appeal's `NewAppealEvent`, a proof request's
/// `NewProofEvent`), into the same outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOutboxEvent {
    /// Stable event code (e.g. `case.accepted`); must not be empty.
    pub event: String,
    /// The event's body (JSON).
    pub payload: serde_json::Value,
}

/// A case to create. The store allocates the next daily sequence of
/// `case.region` on `day` and replaces `case.case_no` with the number
/// built from it, so whatever number the caller put there is provisional.
#[derive(Clone)]
pub struct NewCase {
    /// The case, with a provisional number.
    pub case: Case,
    /// The intake day (local date) the sequence counts on.
    pub day: NaiveDate,
    /// The applicant account that owns the case (an actor id), if any.
    pub owner: Option<String>,
    /// The applicant's contact phone, if known.
    pub phone: Option<String>,
    /// When it is stored.
    pub at: DateTime<Utc>,
    /// The first audit entries.
    pub audit: Vec<NewAudit>,
    /// The first events.
    pub outbox: Vec<NewOutboxEvent>,
    /// The request's idempotency key, if it came with one.
    pub idempotency: Option<IdempotencyKey>,
}

impl fmt::Debug for NewCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewCase")
            .field("case", &self.case)
            .field("day", &self.day)
            .field("owner", &self.owner)
            .field("phone", &self.phone.as_deref().map(mask::phone))
            .field("audit", &self.audit)
            .field("outbox", &self.outbox)
            .field("idempotency", &self.idempotency)
            .finish()
    }
}

/// What `create_case` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Created {
    /// A new case was stored under this number.
    New(CaseNo),
    /// The idempotency key was used before for the same request: this is
    /// the case it created; nothing new was written.
    Existing(CaseNo),
}

impl Created {
    /// The case number, new or existing.
    pub fn case_no(&self) -> &CaseNo {
        match self {
            Created::New(no) | Created::Existing(no) => no,
        }
    }
}

/// A change to a stored case, made in one transaction.
#[derive(Debug, Clone)]
pub struct CaseUpdate {
    /// The case after the change.
    pub case: Case,
    /// The version the change was computed from; if the stored version
    /// moved meanwhile, the update is refused with `StoreError::Conflict`.
    pub expected_version: i64,
    /// When it is stored.
    pub at: DateTime<Utc>,
    /// Audit entries, one per event.
    pub audit: Vec<NewAudit>,
    /// Events for the outbox.
    pub outbox: Vec<NewOutboxEvent>,
    /// Licences the change issues, changes or revokes (a grant of an item
    /// whose result is a licence, or of an update or cancellation item),
    /// written in the same transaction.
    pub licences: Vec<LicenceWrite>,
    /// The request's idempotency key, if it came with one.
    pub idempotency: Option<IdempotencyKey>,
}

/// What `update_case` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Updated {
    /// The change was written; the case is now at this version.
    Applied {
        /// The new version.
        version: i64,
    },
    /// The idempotency key was used before for the same request; nothing
    /// was written. `version` is what the first request produced.
    Replayed {
        /// The version after the first request.
        version: i64,
    },
}

/// A case as stored.
#[derive(Clone, PartialEq)]
pub struct StoredCase {
    /// The case itself.
    pub case: Case,
    /// Its version; every update bumps it by one.
    pub version: i64,
    /// The applicant account that owns it (an actor id), if any.
    pub owner: Option<String>,
    /// The applicant's contact phone, if known.
    pub phone: Option<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl fmt::Debug for StoredCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredCase")
            .field("case", &self.case)
            .field("version", &self.version)
            .field("owner", &self.owner)
            .field("phone", &self.phone.as_deref().map(mask::phone))
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .finish()
    }
}

/// One stored audit record.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRecord {
    /// The case.
    pub case_no: CaseNo,
    /// 1, 2, 3 ... per case.
    pub seq: i64,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Who did it (an actor id).
    pub actor: String,
    /// What happened (a stable code).
    pub action: String,
    /// The state before.
    pub from_state: Option<String>,
    /// The state after.
    pub to_state: Option<String>,
    /// The detail as stored (JSON text, exactly as hashed).
    pub detail: String,
    /// The previous record's hash (64 zeros for the first).
    pub prev_hash: String,
    /// SHA-256 (hex) over `prev_hash` and the canonical record.
    pub hash: String,
}

/// The result of checking a case's audit chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainCheck {
    /// True when every record's hash matches and links to the one before.
    pub ok: bool,
    /// How many records were checked.
    pub records: usize,
    /// The first record whose hash, link or number does not fit.
    pub broken_at: Option<i64>,
}

/// What kind of aggregate an outbox event concerns (the `topic` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    /// A case (办件); the event's `case_no` is set.
    Case,
    /// An appeal (诉求); `aggregate_id` is the appeal number.
    Appeal,
    /// A proof request (证明申请); `aggregate_id` is the request id.
    Proof,
    /// An issued licence (电子证照); `aggregate_id` is the licence number.
    Licence,
}

impl Topic {
    /// The stored code: `case`, `appeal`, `proof`, `licence`.
    pub fn code(self) -> &'static str {
        match self {
            Topic::Case => "case",
            Topic::Appeal => "appeal",
            Topic::Proof => "proof",
            Topic::Licence => "licence",
        }
    }

    /// The topic of a stored code; `None` for an unknown one.
    pub fn parse(code: &str) -> Option<Topic> {
        match code {
            "case" => Some(Topic::Case),
            "appeal" => Some(Topic::Appeal),
            "proof" => Some(Topic::Proof),
            "licence" => Some(Topic::Licence),
            _ => None,
        }
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One outbox row: an event about a case or about another aggregate.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEvent {
    /// Its id, increasing in write order.
    pub id: i64,
    /// The kind of aggregate it concerns.
    pub topic: Topic,
    /// The case it concerns; set exactly when `topic` is [`Topic::Case`].
    pub case_no: Option<CaseNo>,
    /// The other aggregate's id (appeal number, proof request id,
    /// licence number); `None` for case events.
    pub aggregate_id: Option<String>,
    /// Stable event code.
    pub event: String,
    /// The event's body.
    pub payload: serde_json::Value,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// When the dispatcher delivered it; `None` while pending.
    pub dispatched_at: Option<DateTime<Utc>>,
}

impl OutboxEvent {
    /// The id of the aggregate it concerns: the case number for a case
    /// event, otherwise `aggregate_id` (empty if a row lacks both).
    pub fn aggregate(&self) -> String {
        match (&self.case_no, &self.aggregate_id) {
            (Some(no), _) => no.to_string(),
            (None, Some(id)) => id.clone(),
            (None, None) => String::new(),
        }
    }
}

/// Which cases a worklist shows. Every set field must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFilter {
    /// Cases handled in this region or inside it.
    pub region_within: Option<RegionCode>,
    /// Cases whose lead department is this one.
    pub department: Option<Code>,
    /// Cases owned by this applicant (an actor id).
    pub owner: Option<String>,
    /// Cases in this state (of the whole case).
    pub state: Option<CaseState>,
    /// At most this many, oldest first.
    pub limit: i64,
}

impl Default for CaseFilter {
    fn default() -> CaseFilter {
        CaseFilter {
            region_within: None,
            department: None,
            owner: None,
            state: None,
            limit: 100,
        }
    }
}
