//! The rows of the account tables, as the store hands them out, and the
//! conversions between their fields and the stored columns.
//!
//! `Debug` of a row never prints a secret hash, a phone number or an ID
//! number in clear, so a row may end up in a log line without leaking.

use std::fmt;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tongban_domain::auth::{Action, ActorKind, Role};
use tongban_domain::ident::{Code, RegionCode};
use tongban_domain::mask;

use crate::StoreError;

/// A staff account (工作人员账号).
#[derive(Clone, PartialEq, Eq)]
pub struct StaffRow {
    /// Login name; the primary key.
    pub username: String,
    /// Name shown on pages.
    pub display_name: String,
    /// The argon2 PHC string of the password.
    pub password_hash: String,
    /// The department the person works for.
    pub department: Code,
    /// The region whose subtree is the person's data scope.
    pub region: RegionCode,
    /// Roles held (staff roles only).
    pub roles: Vec<Role>,
    /// Wrong passwords counted in the current lockout window.
    pub failed_attempts: i64,
    /// Set while the account is locked after too many wrong passwords.
    pub locked_until: Option<DateTime<Utc>>,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
    /// When the password was last set.
    pub password_changed_at: DateTime<Utc>,
}

impl fmt::Debug for StaffRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StaffRow")
            .field("username", &self.username)
            .field("display_name", &self.display_name)
            .field("password_hash", &"<hidden>")
            .field("department", &self.department)
            .field("region", &self.region)
            .field("roles", &self.roles)
            .field("failed_attempts", &self.failed_attempts)
            .field("locked_until", &self.locked_until)
            .finish_non_exhaustive()
    }
}

/// Whether an applicant is a natural person or an enterprise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApplicantKind {
    /// 自然人.
    Person,
    /// 法人（企业）.
    Enterprise,
}

impl ApplicantKind {
    /// Stable code, as stored.
    pub fn code(self) -> &'static str {
        match self {
            ApplicantKind::Person => "person",
            ApplicantKind::Enterprise => "enterprise",
        }
    }

    /// The kind named by `code`, if any.
    pub fn parse(code: &str) -> Option<ApplicantKind> {
        match code {
            "person" => Some(ApplicantKind::Person),
            "enterprise" => Some(ApplicantKind::Enterprise),
            _ => None,
        }
    }
}

/// An applicant account (申请人账号): a person or an enterprise.
#[derive(Clone, PartialEq, Eq)]
pub struct ApplicantRow {
    /// Random account id (never derived from the phone or ID number).
    pub id: String,
    /// Person or enterprise.
    pub kind: ApplicantKind,
    /// The person's or enterprise's name; empty until the applicant gives it.
    pub name: String,
    /// The mobile number used to log in; unique.
    pub phone: String,
    /// Resident ID number, when known.
    pub id_number: Option<String>,
    /// 统一社会信用代码 of an enterprise, when known.
    pub uscc: Option<String>,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
}

impl fmt::Debug for ApplicantRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApplicantRow")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("phone", &mask::phone(&self.phone))
            .field("id_number", &self.id_number.as_deref().map(mask::id_number))
            .field("uscc", &self.uscc)
            .finish_non_exhaustive()
    }
}

/// A one-time login code sent to a phone (the code itself is not stored).
#[derive(Clone, PartialEq, Eq)]
pub struct LoginCodeRow {
    /// The phone the code was sent to.
    pub phone: String,
    /// SHA-256 (hex) of the phone and the code.
    pub code_hash: String,
    /// The code is refused from this moment on.
    pub expires_at: DateTime<Utc>,
}

impl fmt::Debug for LoginCodeRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginCodeRow")
            .field("phone", &mask::phone(&self.phone))
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// The account a session belongs to, read with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionAccount {
    /// A staff account.
    Staff(StaffRow),
    /// An applicant account.
    Applicant(ApplicantRow),
}

/// A signed-in browser session, shared by every app node.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionRow {
    /// SHA-256 (hex) of the session token; the token itself is not stored.
    pub token_hash: String,
    /// The staff username or the applicant id.
    pub account_id: String,
    /// Staff or applicant (never a token).
    pub actor_kind: ActorKind,
    /// The token forms must carry back (double-submit CSRF protection).
    pub csrf_token: String,
    /// When the session began.
    pub created_at: DateTime<Utc>,
    /// The session ends at this moment.
    pub expires_at: DateTime<Utc>,
}

impl fmt::Debug for SessionRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionRow")
            .field("account_id", &self.account_id)
            .field("actor_kind", &self.actor_kind)
            .field("created_at", &self.created_at)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// An API token of a department system.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiTokenRow {
    /// Public id of the token.
    pub id: String,
    /// What the token is for, e.g. the calling system's name.
    pub name: String,
    /// SHA-256 (hex) of the secret; the secret itself is not stored.
    pub token_hash: String,
    /// The department the token acts for.
    pub department: Code,
    /// The department's region.
    pub region: RegionCode,
    /// The only actions the token may take.
    pub scopes: Vec<Action>,
    /// The actor id of whoever issued it.
    pub created_by: String,
    /// When it was issued.
    pub created_at: DateTime<Utc>,
    /// Set once the token is revoked; a revoked token is never returned
    /// by a secret lookup.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl fmt::Debug for ApiTokenRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiTokenRow")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("department", &self.department)
            .field("region", &self.region)
            .field("scopes", &self.scopes)
            .field("created_by", &self.created_by)
            .field("revoked_at", &self.revoked_at)
            .finish_non_exhaustive()
    }
}

/// The lockout rule the store applies when counting wrong passwords.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutRule {
    /// Wrong passwords within `window` that lock the account.
    pub max_attempts: i64,
    /// How far back wrong passwords count.
    pub window: Duration,
    /// How long a lock lasts.
    pub lock_for: Duration,
}

/// The state of an account right after a wrong password was counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailedLogin {
    /// Wrong passwords in the current window, this one included.
    pub attempts: i64,
    /// Set when the account is (now) locked.
    pub locked_until: Option<DateTime<Utc>>,
}

/// Unix seconds of a timestamp, as stored.
pub(crate) fn secs(at: DateTime<Utc>) -> i64 {
    at.timestamp()
}

/// A stored unix-seconds column back as a timestamp.
pub(crate) fn time(column: &str, secs: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp(secs, 0)
        .ok_or_else(|| StoreError::Corrupt(format!("时间列 {column} 的取值 {secs} 超出范围")))
}

/// An optional stored unix-seconds column back as a timestamp.
pub(crate) fn opt_time(
    column: &str,
    secs: Option<i64>,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    secs.map(|s| time(column, s)).transpose()
}

/// A calendar day as stored: `YYYY-MM-DD` text.
pub(crate) fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// A stored `YYYY-MM-DD` column back as a calendar day.
pub(crate) fn parse_day(column: &str, text: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| StoreError::Corrupt(format!("{column} 列的日期“{text}”无效")))
}

/// A list of codes (roles, scopes) as its stored JSON array.
pub(crate) fn to_json<T: Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(format!("无法编码列表：{e}")))
}

/// A stored JSON column back as a value.
pub(crate) fn from_json<T: DeserializeOwned>(column: &str, text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text)
        .map_err(|e| StoreError::Corrupt(format!("{column} 列的内容无法解析：{e}")))
}

/// A stored catalog code.
pub(crate) fn code(column: &str, text: &str) -> Result<Code, StoreError> {
    Code::parse(text).map_err(|e| StoreError::Corrupt(format!("{column} 列：{e}")))
}

/// A stored region code.
pub(crate) fn region(column: &str, text: &str) -> Result<RegionCode, StoreError> {
    RegionCode::parse(text).map_err(|e| StoreError::Corrupt(format!("{column} 列：{e}")))
}

/// The stored text of a session's actor kind.
pub(crate) fn kind_code(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Staff => "staff",
        ActorKind::Applicant => "applicant",
        ActorKind::Token => "token",
    }
}

/// A stored actor kind back as the enum.
pub(crate) fn parse_kind(text: &str) -> Result<ActorKind, StoreError> {
    match text {
        "staff" => Ok(ActorKind::Staff),
        "applicant" => Ok(ActorKind::Applicant),
        other => Err(StoreError::Corrupt(format!(
            "sessions 表的 actor_kind 取值“{other}”无效"
        ))),
    }
}
