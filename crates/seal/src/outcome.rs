//! What the public verification page answers for a licence: the signature
//! check and the licence's status on the day, combined.

use chrono::NaiveDate;
use tongban_domain::licence::{Licence, LicenceStatus, canonical_bytes};

use crate::{SealPublicKey, Signature, VerifyError, verify};

/// The answer to "is this licence genuine and in force?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerificationOutcome {
    /// Signature good, not revoked, not expired.
    Valid,
    /// Signature good, but the licence was revoked.
    Revoked { on: NaiveDate, reason: String },
    /// Signature good, but past its last valid day.
    Expired,
    /// The signature does not match the content: tampered or forged.
    Invalid(VerifyError),
    /// No licence with that number.
    NotFound,
}

impl VerificationOutcome {
    /// Stable machine-readable code (`valid`, `revoked`, `expired`,
    /// `invalid`, `not_found`).
    pub fn code(&self) -> &'static str {
        match self {
            VerificationOutcome::Valid => "valid",
            VerificationOutcome::Revoked { .. } => "revoked",
            VerificationOutcome::Expired => "expired",
            VerificationOutcome::Invalid(_) => "invalid",
            VerificationOutcome::NotFound => "not_found",
        }
    }

    /// Chinese label for the verification page.
    pub fn label(&self) -> &'static str {
        match self {
            VerificationOutcome::Valid => "有效",
            VerificationOutcome::Revoked { .. } => "已注销",
            VerificationOutcome::Expired => "已过期",
            VerificationOutcome::Invalid(_) => "验证失败（内容或签名被篡改）",
            VerificationOutcome::NotFound => "未找到该证照",
        }
    }
}

/// Verifies a found licence (or `None` when the number is unknown): the
/// signature over [`canonical_bytes`] first, so tampered content is
/// `Invalid` whatever its status, then the status on `today`.
pub fn verify_licence(
    found: Option<(&Licence, &Signature)>,
    public_key: &SealPublicKey,
    today: NaiveDate,
) -> VerificationOutcome {
    let Some((licence, signature)) = found else {
        return VerificationOutcome::NotFound;
    };
    if let Err(e) = verify(public_key, &canonical_bytes(licence), signature) {
        return VerificationOutcome::Invalid(e);
    }
    match licence.status_on(today) {
        LicenceStatus::Valid => VerificationOutcome::Valid,
        LicenceStatus::Revoked { on, reason } => VerificationOutcome::Revoked { on, reason },
        LicenceStatus::Expired => VerificationOutcome::Expired,
    }
}
