//! The service layer's one error type, with stable machine-readable codes.

use tongban_catalog_io::{ImportError, Location, STORED};
use tongban_domain::auth::Denial;
use tongban_domain::case::TransitionError;
use tongban_domain::guidance::GuidanceError;
use tongban_domain::stats::MetricsError;
use tongban_search::SearchError;
use tongban_store::StoreError;

/// Why a use case failed. `Display` is the Chinese message for the user;
/// [`ServiceError::code`] is the stable code clients branch on.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// No item has this code.
    #[error("未找到事项“{0}”")]
    ItemNotFound(String),
    /// No bundle has this code.
    #[error("未找到一件事“{0}”")]
    BundleNotFound(String),
    /// The imported files, merged with the stored catalog, are invalid.
    /// Nothing was written. Each error names the file, line and field.
    #[error("目录校验未通过（共 {} 个问题），未写入任何内容", .0.len())]
    InvalidCatalog(Vec<ImportError>),
    /// The guidance answers do not fit the bundle's questions.
    #[error("情形引导的回答无效：{0}")]
    InvalidAnswers(GuidanceError),
    /// A request parameter is out of range or malformed.
    #[error("参数“{name}”无效：{reason}")]
    InvalidParameter {
        /// The parameter's name as the caller spelled it.
        name: String,
        /// Chinese reason, naming what would be accepted.
        reason: String,
    },
    /// The database did not answer or refused the query (details logged).
    #[error("数据库暂时不可用，请稍后再试")]
    StoreUnavailable,
    /// Stored rows could not be decoded (details logged).
    #[error("存储的目录数据无法读取，请联系管理员")]
    StoreCorrupt,
    /// The stored catalog breaks an invariant import should have kept.
    #[error("目录数据不一致：{0}")]
    CatalogInconsistent(String),
    /// The search index could not be built or queried (details logged).
    #[error("搜索服务暂时不可用，请稍后再试")]
    SearchUnavailable,
    /// Writing an export failed.
    #[error("目录导出失败：{0}")]
    ExportFailed(String),
    /// Unknown username or wrong password (deliberately the same answer).
    #[error("用户名或密码错误")]
    InvalidCredentials,
    /// Too many wrong passwords: the account refuses every password until
    /// the lock ends.
    #[error("密码错误次数过多，账号已锁定，请 15 分钟后再试或联系管理员")]
    AccountLocked,
    /// The one-time code is wrong, expired, already used or burnt.
    #[error("验证码错误或已失效，请重新获取")]
    InvalidCode,
    /// The new password is too weak; the text says what is missing.
    #[error("密码强度不足：{0}")]
    WeakPassword(String),
    /// The authorisation rule refused the action (not logged with
    /// personal data; see `AccountService::authorize`).
    #[error("{}", .0.message())]
    Forbidden(Denial),
    /// No such staff account, or one outside the reader's scope.
    #[error("未找到该工作人员账号")]
    StaffNotFound,
    /// The username (or phone) is taken.
    #[error("账号已存在：{0}")]
    AccountExists(String),
    /// A field of a new account or token is invalid.
    #[error("账号信息“{field}”无效：{reason}")]
    InvalidAccount {
        /// The field's name (username, region, roles, ...).
        field: String,
        /// Chinese reason, naming what would be accepted.
        reason: String,
    },
    /// Password hashing or another account task failed (details logged).
    #[error("账号服务暂时不可用，请稍后再试")]
    AccountsUnavailable,
    /// No such case, or one outside the reader's scope (deliberately the
    /// same answer).
    #[error("未找到该办件")]
    CaseNotFound,
    /// The lifecycle refused the command; nothing changed. The code is
    /// the domain's (`illegal_transition`, `gaps_outstanding`, …).
    #[error("{0}")]
    CaseRefused(TransitionError),
    /// The application cannot become a case (nothing selected, a member
    /// missing from the catalog, …).
    #[error("{message}")]
    CaseInvalid {
        /// The domain's stable code.
        code: &'static str,
        /// Chinese message.
        message: String,
    },
    /// The Idempotency-Key was already used with a different request.
    #[error("该幂等键（Idempotency-Key）已用于另一个请求，请换一个")]
    IdempotencyKeyReused,
    /// The case kept changing under the command; nothing was written.
    #[error("办件正被他人同时办理，请刷新后重试")]
    CaseBusy,
    /// No case number can be given today (details logged).
    #[error("暂时无法分配办件流水号：{0}")]
    CaseNumbersExhausted(String),
    /// A request refused by a use case for a reason of its own (subjects,
    /// consents, drafts, uploads, the applicant's flow, …): a stable code,
    /// a Chinese message and the kind of refusal the edges map to a status.
    #[error("{message}")]
    Refused {
        /// What kind of refusal (decides the HTTP status).
        kind: Refusal,
        /// Stable machine-readable code.
        code: &'static str,
        /// Chinese message, safe to show (no unmasked personal data).
        message: String,
    },
    /// A dependency other than the database failed (file storage, a data
    /// source, …); the detail is logged, the message is safe to show.
    #[error("{0}")]
    Unavailable(String),
}

/// The kinds of [`ServiceError::Refused`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The object does not exist or is not the caller's (HTTP 404).
    NotFound,
    /// The input is malformed or breaks a rule (HTTP 422).
    Invalid,
    /// The object's state does not allow it, or it changed meanwhile (HTTP 409).
    Conflict,
    /// The body is too large (HTTP 413).
    TooLarge,
    /// The content's type is not accepted (HTTP 415).
    UnsupportedType,
}

impl ServiceError {
    /// A [`ServiceError::Refused`].
    pub fn refused(kind: Refusal, code: &'static str, message: impl Into<String>) -> ServiceError {
        ServiceError::Refused {
            kind,
            code,
            message: message.into(),
        }
    }
}

impl ServiceError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ServiceError::Refused { code, .. } => code,
            ServiceError::Unavailable(_) => "unavailable",
            ServiceError::ItemNotFound(_) => "item_not_found",
            ServiceError::BundleNotFound(_) => "bundle_not_found",
            ServiceError::InvalidCatalog(_) => "invalid_catalog",
            ServiceError::InvalidAnswers(_) => "invalid_answers",
            ServiceError::InvalidParameter { .. } => "invalid_parameter",
            ServiceError::StoreUnavailable => "store_unavailable",
            ServiceError::StoreCorrupt => "store_corrupt",
            ServiceError::CatalogInconsistent(_) => "catalog_inconsistent",
            ServiceError::SearchUnavailable => "search_unavailable",
            ServiceError::ExportFailed(_) => "export_failed",
            ServiceError::InvalidCredentials => "invalid_credentials",
            ServiceError::AccountLocked => "account_locked",
            ServiceError::InvalidCode => "invalid_code",
            ServiceError::WeakPassword(_) => "weak_password",
            ServiceError::Forbidden(denial) => denial.code(),
            ServiceError::StaffNotFound => "staff_not_found",
            ServiceError::AccountExists(_) => "account_exists",
            ServiceError::InvalidAccount { .. } => "invalid_account",
            ServiceError::AccountsUnavailable => "accounts_unavailable",
            ServiceError::CaseNotFound => "case_not_found",
            ServiceError::CaseRefused(refusal) => refusal.code(),
            ServiceError::CaseInvalid { code, .. } => code,
            ServiceError::IdempotencyKeyReused => "idempotency_key_reused",
            ServiceError::CaseBusy => "case_busy",
            ServiceError::CaseNumbersExhausted(_) => "case_numbers_exhausted",
        }
    }

    /// Maps a store error, logging what users must not see (SQL, paths).
    pub(crate) fn store(err: StoreError) -> ServiceError {
        match err {
            StoreError::Invalid(problems) => ServiceError::InvalidCatalog(
                problems
                    .into_iter()
                    .map(|p| ImportError {
                        file: STORED.to_string(),
                        location: Location::Stored,
                        field: format!("{}[{}].{}", p.kind.section(), p.entity, p.field),
                        code: p.code.to_string(),
                        reason: p.reason,
                    })
                    .collect(),
            ),
            StoreError::AlreadyExists { what, key } => {
                ServiceError::AccountExists(format!("{what}“{key}”"))
            }
            StoreError::Corrupt(detail) => {
                tracing::error!(%detail, "stored rows cannot be decoded");
                ServiceError::StoreCorrupt
            }
            other => {
                tracing::error!(error = %other, "store failed");
                ServiceError::StoreUnavailable
            }
        }
    }

    /// Maps a search error, logging its detail.
    pub(crate) fn search(err: SearchError) -> ServiceError {
        tracing::error!(error = %err, "search index failed");
        ServiceError::SearchUnavailable
    }

    /// Maps a guidance error: bad answers are the caller's fault; a rule
    /// that cannot be evaluated is a catalog fault.
    pub(crate) fn guidance(err: GuidanceError) -> ServiceError {
        match err {
            GuidanceError::UnknownOption { .. }
            | GuidanceError::WrongAnswerKind { .. }
            | GuidanceError::NoSuchQuestion(_) => ServiceError::InvalidAnswers(err),
            other => {
                tracing::error!(code = other.code(), error = %other, "guidance rule failed");
                ServiceError::CatalogInconsistent(other.to_string())
            }
        }
    }

    /// Maps a metrics error (only reachable when the stored catalog broke
    /// the invariants import checks).
    pub(crate) fn metrics(err: MetricsError) -> ServiceError {
        tracing::error!(error = %err, "reform metrics failed");
        ServiceError::CatalogInconsistent(err.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tongban_domain::validate::{EntityKind, Problem};

    #[test]
    fn corrupt_rows_are_reported_without_their_stored_details() {
        let err = ServiceError::store(StoreError::Corrupt(
            "row items/42: expected value at line 1 column 1".into(),
        ));
        assert_eq!(err.code(), "store_corrupt");
        assert!(!err.to_string().contains("items/42"));
    }

    #[test]
    fn stored_validation_problems_keep_their_field_and_reason() {
        let err = ServiceError::store(StoreError::Invalid(vec![Problem {
            kind: EntityKind::Item,
            entity: "gt-djj".into(),
            field: "department".into(),
            code: "unknown_department",
            reason: "部门“x”不存在".into(),
        }]));
        let ServiceError::InvalidCatalog(errors) = err else {
            panic!("expected invalid_catalog");
        };
        assert_eq!(errors[0].field, "items[gt-djj].department");
        assert_eq!(errors[0].code, "unknown_department");
        assert_eq!(errors[0].location, Location::Stored);
    }

    #[test]
    fn a_refusal_carries_the_denial_code_and_a_chinese_message() {
        use tongban_domain::auth::{Action, DenialReason};
        let err = ServiceError::Forbidden(Denial {
            action: Action::ReadCase,
            reason: DenialReason::OutsideRegion,
        });
        assert_eq!(err.code(), "forbidden_region");
        assert_eq!(err.to_string(), "无权查看办件：该对象不在您的辖区范围内");
    }

    #[test]
    fn a_taken_username_is_reported_as_account_exists() {
        let err = ServiceError::store(StoreError::AlreadyExists {
            what: "工作人员账号",
            key: "alice".into(),
        });
        assert_eq!(err.code(), "account_exists");
        assert!(err.to_string().contains("alice"), "{err}");
    }

    #[test]
    fn wrong_answers_are_the_callers_fault_but_broken_rules_are_not() {
        let bad_answer = ServiceError::guidance(GuidanceError::NoSuchQuestion("q9".into()));
        assert_eq!(bad_answer.code(), "invalid_answers");
        let broken_rule = ServiceError::guidance(GuidanceError::NotBoolean { expr: "1".into() });
        assert_eq!(broken_rule.code(), "catalog_inconsistent");
    }
}
