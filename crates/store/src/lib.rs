//! Catalog, account and case stores over SQLite and PostgreSQL, through
//! sqlx.
//!
//! One trait per aggregate ([`CatalogStore`], [`AccountStore`],
//! [`CaseStore`], [`SubjectStore`], [`DraftStore`], [`EventStore`]). [`Db`] opens either backend from a URL
//! (`sqlite:` or `postgres:`), runs the backend's versioned migrations, and
//! implements every store trait. The conformance suite in `tests/` runs the
//! same checks against both backends.

mod accounts;
mod appeals;
mod batch;
mod bulk;
mod cases;
mod catalog;
mod db;
mod drafts;
mod events;
mod hall;
mod licences;
mod metrics;
mod objections;
mod proofs;
mod reviews;
mod subjects;
mod wallet;

pub use accounts::rows::{
    ApiTokenRow, ApplicantKind, ApplicantRow, FailedLogin, LockoutRule, LoginCodeRow,
    SessionAccount, SessionRow, StaffRow,
};
pub use appeals::{
    AppealFilter, AppealInsert, AppealStore, AppealUpdate, EscalationRecord, HistoryRecord,
    NewAppeal, NewAppealEvent, NewHistory, StoredAppeal,
};
pub use bulk::{BatchWritten, BulkCase, BulkStore, CaseBatch, RowCounts};
pub use cases::records::{
    AuditRecord, CaseFilter, CaseUpdate, ChainCheck, Created, IdempotencyKey, IdempotencyRecord,
    NewAudit, NewCase, NewOutboxEvent, OutboxEvent, StoredCase, Topic, Updated,
};
pub use db::{Backend, Db};
pub use drafts::{
    DraftChange, DraftRemoval, DraftRow, DraftStore, DraftSubmitted, DraftWrite, UploadRow,
    UploadWrite,
};
pub use events::records::{
    Attempt, ClaimedDelivery, ClaimedEvent, Delivery, DeliveryStatus, NewDelivery, NewNotification,
    NewWarning, Notification, Raised, Subscription, WarningRecord,
};
pub use events::{EventStore, WARNING_RAISED};
pub use hall::{
    CallOutcome, CatalogEntry, Finish, HallAuditRow, HallFigures, HallRow, HallStore, HallWrite,
    NewTicket, Stamp, TicketRow, WindowChange, WindowRow, WindowWrite,
};
pub use licences::{IssuedFor, LicenceInsert, LicenceRow, LicenceStore, LicenceWrite, SealRow};
pub use metrics::MetricsStore;
pub use metrics::records::{
    Contributor, Group, QueueStats, RollupCase, RollupRound, RollupRow, RollupWarning, SliceFilter,
};
pub use objections::{ObjectionInsert, ObjectionRow, ObjectionStore};
pub use proofs::{NewProofEvent, ProofEvent, ProofRequestRow, ProofStore};
pub use reviews::{
    DeviceToken, Escalation, NewRating, RatingWrite, ReviewAudit, ReviewStore, ScoreQuery,
    ScoreRow, StoredTask, UnratedCase,
};
pub use subjects::SubjectStore;
pub use wallet::WalletStore;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tongban_domain::Bundle;
use tongban_domain::auth::ActorKind;
use tongban_domain::case::CaseNo;
use tongban_domain::catalog::{Catalog, ServiceItem};
use tongban_domain::ident::RegionCode;
use tongban_domain::validate::Problem;

/// Errors of the store layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The incoming catalog, merged with what is stored, is invalid.
    /// Nothing was written.
    #[error("目录校验未通过（{} 个问题）", .0.len())]
    Invalid(Vec<Problem>),
    /// The URL names no supported backend.
    #[error("不支持的数据库地址“{0}”：应以 sqlite: 或 postgres: 开头")]
    UnsupportedUrl(String),
    /// A stored row could not be decoded (corrupt or from a newer version).
    #[error("存储数据无法解析：{0}")]
    Corrupt(String),
    /// The database refused or failed a statement, or could not be reached.
    #[error("数据库错误：{0}")]
    Database(#[from] sqlx::Error),
    /// A versioned migration could not be applied.
    #[error("数据库迁移失败：{0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A row with this unique key (username, phone, id) already exists.
    /// Nothing was written. `key` is masked when it is a phone number.
    #[error("{what}“{key}”已存在")]
    AlreadyExists {
        /// What kind of row, in Chinese (e.g. 工作人员账号).
        what: &'static str,
        /// The taken key, safe to show and log.
        key: String,
    },
    /// The case changed since it was read (its version moved). Nothing was
    /// written; read it again and retry.
    #[error("办件“{0}”已被他人更新，请刷新后重试")]
    Conflict(String),
    /// No case has this number.
    #[error("未找到办件“{0}”")]
    CaseNotFound(String),
    /// The idempotency key was used before with a different request.
    /// Nothing was written.
    #[error("该幂等键已用于另一个不同的请求，请换一个幂等键")]
    IdempotencyMismatch,
    /// No case number can be given (the day's sequence is used up, or the
    /// date is out of range). Nothing was written.
    #[error("{message}")]
    CaseNumbers {
        /// The case number's stable refusal code.
        code: &'static str,
        /// Chinese message.
        message: String,
    },
}

impl StoreError {
    /// Stable machine-readable code of the error, for logs and API bodies.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Invalid(_) => "catalog_invalid",
            StoreError::UnsupportedUrl(_) => "unsupported_database_url",
            StoreError::Corrupt(_) => "stored_data_corrupt",
            StoreError::Database(_) => "database_error",
            StoreError::Migrate(_) => "migration_failed",
            StoreError::AlreadyExists { .. } => "already_exists",
            StoreError::Conflict(_) => "case_conflict",
            StoreError::CaseNotFound(_) => "case_not_found",
            StoreError::IdempotencyMismatch => "idempotency_key_reused",
            StoreError::CaseNumbers { code, .. } => code,
        }
    }
}

/// What an import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Regions written (inserted or replaced).
    pub regions: usize,
    /// Departments written.
    pub departments: usize,
    /// Data elements written.
    pub data_elements: usize,
    /// Material definitions written.
    pub materials: usize,
    /// Service items written.
    pub items: usize,
    /// Bundles written.
    pub bundles: usize,
    /// Licence types (证照类型) written.
    pub licence_types: usize,
    /// Proof types (证明事项) written.
    pub proofs: usize,
    /// The catalog revision after the import.
    pub revision: i64,
}

/// The catalog aggregate: regions, departments, data elements, materials,
/// items and bundles.
#[async_trait]
pub trait CatalogStore: Send + Sync {
    /// Merges `incoming` into the stored catalog (same code replaces),
    /// validates the merged whole with `tongban_domain::validate`, and
    /// writes it in one transaction, bumping the revision. On any problem
    /// nothing is written and `StoreError::Invalid` lists the problems.
    /// Concurrent imports are serialised; none is lost.
    async fn import_catalog(&self, incoming: Catalog) -> Result<ImportSummary, StoreError>;
    /// The whole stored catalog.
    async fn load_catalog(&self) -> Result<Catalog, StoreError>;
    /// One item by code.
    async fn item(&self, code: &str) -> Result<Option<ServiceItem>, StoreError>;
    /// One bundle by code.
    async fn bundle(&self, code: &str) -> Result<Option<Bundle>, StoreError>;
    /// Bumped by every import; app nodes compare it to refresh caches.
    async fn catalog_revision(&self) -> Result<i64, StoreError>;
}

/// The account aggregate: staff and applicant accounts, one-time login
/// codes, sessions and API tokens. Secrets arrive hashed; lookups of
/// sessions, codes and tokens never return expired, used or revoked ones.
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Inserts a staff account; a taken username is refused with
    /// `StoreError::AlreadyExists` and nothing is written.
    async fn insert_staff(&self, staff: &StaffRow) -> Result<(), StoreError>;
    /// One staff account by username.
    async fn staff(&self, username: &str) -> Result<Option<StaffRow>, StoreError>;
    /// Every staff account of a department, by username.
    async fn staff_of_department(&self, department: &str) -> Result<Vec<StaffRow>, StoreError>;
    /// Counts one wrong password under `rule`, atomically (concurrent
    /// failures are all counted), locking the account when the count
    /// reaches the maximum. `None` when there is no such account.
    async fn record_failed_login(
        &self,
        username: &str,
        now: DateTime<Utc>,
        rule: &LockoutRule,
    ) -> Result<Option<FailedLogin>, StoreError>;
    /// Clears the wrong-password count after a right password. False (and
    /// nothing changed) when the account is locked at `now` or missing.
    async fn clear_failed_logins(
        &self,
        username: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    /// Sets a staff account's password hash and, in the same transaction,
    /// ends its sessions except `keep_session` (a token hash). False when
    /// there is no such account.
    async fn set_password(
        &self,
        username: &str,
        password_hash: &str,
        now: DateTime<Utc>,
        keep_session: Option<&str>,
    ) -> Result<bool, StoreError>;
    /// Inserts an applicant account; a taken id or phone is refused with
    /// `StoreError::AlreadyExists`.
    async fn insert_applicant(&self, applicant: &ApplicantRow) -> Result<(), StoreError>;
    /// One applicant by account id.
    async fn applicant(&self, id: &str) -> Result<Option<ApplicantRow>, StoreError>;
    /// One applicant by phone number.
    async fn applicant_by_phone(&self, phone: &str) -> Result<Option<ApplicantRow>, StoreError>;
    /// Stores a phone's new one-time code, replacing any earlier one.
    async fn put_login_code(&self, code: &LoginCodeRow) -> Result<(), StoreError>;
    /// Consumes the phone's code when `code_hash` matches a live, unused
    /// code with fewer than `max_attempts` wrong guesses; otherwise counts
    /// a wrong guess. True when accepted; a code is accepted at most once.
    async fn consume_login_code(
        &self,
        phone: &str,
        code_hash: &str,
        now: DateTime<Utc>,
        max_attempts: i64,
    ) -> Result<bool, StoreError>;
    /// Stores a new session.
    async fn insert_session(&self, session: &SessionRow) -> Result<(), StoreError>;
    /// The session with this token hash, unless it has expired at `now`.
    async fn session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<SessionRow>, StoreError>;
    /// The live session with this token hash, with its account read in the
    /// same query (`None` inside when the account is gone or the session is
    /// an API token's): what every signed-in request needs.
    async fn session_with_account(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(SessionRow, Option<SessionAccount>)>, StoreError>;
    /// Ends one session; false when there was none.
    async fn delete_session(&self, token_hash: &str) -> Result<bool, StoreError>;
    /// Ends every session of an account except `keep` (a token hash);
    /// returns how many ended.
    async fn delete_sessions_of(
        &self,
        kind: ActorKind,
        account_id: &str,
        keep: Option<&str>,
    ) -> Result<u64, StoreError>;
    /// Deletes sessions and codes expired at `now`; returns how many.
    async fn purge_expired(&self, now: DateTime<Utc>) -> Result<u64, StoreError>;
    /// Stores a new API token; a taken id is refused.
    async fn insert_api_token(&self, token: &ApiTokenRow) -> Result<(), StoreError>;
    /// The unrevoked token whose secret hashes to `token_hash`.
    async fn api_token_by_hash(&self, token_hash: &str) -> Result<Option<ApiTokenRow>, StoreError>;
    /// One token by id, revoked or not (for listings and idempotent seeding).
    async fn api_token(&self, id: &str) -> Result<Option<ApiTokenRow>, StoreError>;
    /// Revokes a token; false when there is no live token with this id.
    async fn revoke_api_token(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError>;
    /// The region of a catalog department, or `None` when the catalog has
    /// no such department (accounts and tokens must name a real one).
    async fn department_region(&self, department: &str) -> Result<Option<RegionCode>, StoreError>;
    /// Whether the catalog has this region.
    async fn region_exists(&self, region: &str) -> Result<bool, StoreError>;
}

/// The case aggregate: cases with optimistic versions, their hash-chained
/// audit trail, the outbox of events and idempotency keys. Each write is
/// one transaction: the case, its audit records, its events and its key
/// are written together or not at all.
#[async_trait]
pub trait CaseStore: Send + Sync {
    /// Stores a new case under the next case number of its region and day
    /// (replacing the provisional `case.case_no`), with its first audit
    /// records and events. When its idempotency key was used before, for
    /// the same request, returns `Created::Existing` and writes nothing;
    /// for another request, `StoreError::IdempotencyMismatch`. Concurrent
    /// calls under one key create exactly one case.
    async fn create_case(&self, new: NewCase) -> Result<Created, StoreError>;
    /// One case by number.
    async fn load_case(&self, case_no: &CaseNo) -> Result<Option<StoredCase>, StoreError>;
    /// Writes a changed case with its audit records and events, if its
    /// version is still `expected_version` (else `StoreError::Conflict`).
    /// A repeated idempotency key returns `Updated::Replayed` and writes
    /// nothing.
    async fn update_case(&self, update: CaseUpdate) -> Result<Updated, StoreError>;
    /// What an earlier request under `(scope, key)` left, if any.
    async fn idempotency_record(
        &self,
        scope: &str,
        key: &str,
    ) -> Result<Option<IdempotencyRecord>, StoreError>;
    /// The case's audit records, oldest first.
    async fn audit_trail(&self, case_no: &CaseNo) -> Result<Vec<AuditRecord>, StoreError>;
    /// Recomputes the case's hash chain; names the first record that does
    /// not fit.
    async fn verify_audit_chain(&self, case_no: &CaseNo) -> Result<ChainCheck, StoreError>;
    /// Up to `limit` undelivered outbox events, oldest first.
    async fn pending_outbox(&self, limit: i64) -> Result<Vec<OutboxEvent>, StoreError>;
    /// Marks events delivered; returns how many were still pending.
    async fn mark_dispatched(&self, ids: &[i64], at: DateTime<Utc>) -> Result<u64, StoreError>;
    /// The cases a worklist shows, oldest first.
    async fn list_cases(&self, filter: &CaseFilter) -> Result<Vec<StoredCase>, StoreError>;
    /// Up to `limit` cases, oldest first, whose whole-case state is one of
    /// `states` (any when empty), handled within `region_within` (any when
    /// `None`) — or, with `with_remote`, received remotely (跨域) whatever
    /// their handling region, since their intake window may lie elsewhere —
    /// and changed at or after `changed_since` (any when `None`). Worklists
    /// read this and check each case's data scope themselves.
    async fn worklist_cases(
        &self,
        region_within: Option<&RegionCode>,
        with_remote: bool,
        states: &[tongban_domain::case::CaseState],
        changed_since: Option<DateTime<Utc>>,
        limit: i64,
    ) -> Result<Vec<StoredCase>, StoreError>;
}
