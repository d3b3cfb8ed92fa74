//! Why a licence could not be issued, changed or revoked.

use crate::ident::Code;

/// A refused licence operation. Messages are Chinese, for the user; `code`
/// is stable for machines.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LicenceError {
    /// The item (or bundle) is not linked to the licence type for this act.
    #[error("事项“{item}”不能{act}证照类型“{licence_type}”，请在证照目录中配置该事项")]
    ItemNotLinked {
        item: Code,
        licence_type: Code,
        act: &'static str,
    },
    /// A person's licence type given an enterprise holder, or the reverse.
    #[error("证照类型“{licence_type}”的持证主体应为{expected}")]
    WrongHolderKind {
        licence_type: Code,
        expected: &'static str,
    },
    /// A required field is missing or blank.
    #[error("证照字段“{label}”（{field}）不能为空")]
    MissingField { field: Code, label: String },
    /// A field the licence type does not carry.
    #[error("证照类型“{licence_type}”没有字段“{field}”")]
    UnknownField { licence_type: Code, field: Code },
    /// The number's type tag is not the licence type's, or its year is not
    /// the issue year.
    #[error(
        "证照编号“{number}”与证照类型“{licence_type}”不符：类型标识应为{tag}，年份应为发证年份"
    )]
    NumberMismatch {
        number: String,
        licence_type: Code,
        tag: String,
    },
    /// A licence is revised against a type that is not its own.
    #[error("证照“{number}”不属于证照类型“{licence_type}”")]
    TypeMismatch { number: String, licence_type: Code },
    /// A revoked licence cannot be changed or revoked again.
    #[error("证照“{number}”已注销，不能再变更或注销")]
    AlreadyRevoked { number: String },
    /// A validity date before the issue date, or past the calendar.
    #[error("证照有效期计算失败：{reason}")]
    InvalidValidity { reason: String },
}

impl LicenceError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            LicenceError::ItemNotLinked { .. } => "licence_item_not_linked",
            LicenceError::WrongHolderKind { .. } => "licence_wrong_holder_kind",
            LicenceError::MissingField { .. } => "licence_field_missing",
            LicenceError::UnknownField { .. } => "licence_field_unknown",
            LicenceError::NumberMismatch { .. } => "licence_number_mismatch",
            LicenceError::TypeMismatch { .. } => "licence_type_mismatch",
            LicenceError::AlreadyRevoked { .. } => "licence_already_revoked",
            LicenceError::InvalidValidity { .. } => "licence_invalid_validity",
        }
    }
}
