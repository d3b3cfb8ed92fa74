//! Public verification (证照核验): is this licence genuine and in force?

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::Serialize;
use tongban_domain::licence::{LicenceNumber, PublicLicenceView, canonical_bytes};
use tongban_seal::{Signature, VerificationOutcome, VerifyError, verify, verify_licence};
use tongban_store::LicenceRow;

use super::LicenceService;
use crate::error::ServiceError;

/// The answer of the public verification page and API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// `valid`, `revoked`, `expired`, `invalid` or `not_found`.
    pub outcome: &'static str,
    /// 有效, 已撤销, 已过期, 无效 or 未找到, for the page.
    pub label: &'static str,
    /// The licence's non-sensitive fields, holder masked; only when its
    /// signature verified.
    pub licence: Option<PublicLicenceView>,
}

impl Verification {
    fn of(outcome: &VerificationOutcome, licence: Option<PublicLicenceView>) -> Verification {
        let label = match outcome {
            VerificationOutcome::Valid => "有效",
            VerificationOutcome::Revoked { .. } => "已撤销",
            VerificationOutcome::Expired => "已过期",
            VerificationOutcome::Invalid(_) => "无效",
            VerificationOutcome::NotFound => "未找到",
        };
        let shown = matches!(
            outcome,
            VerificationOutcome::Valid
                | VerificationOutcome::Revoked { .. }
                | VerificationOutcome::Expired
        );
        Verification {
            outcome: outcome.code(),
            label,
            licence: licence.filter(|_| shown),
        }
    }

    fn not_found() -> Verification {
        Verification::of(&VerificationOutcome::NotFound, None)
    }

    fn invalid(e: VerifyError) -> Verification {
        Verification::of(&VerificationOutcome::Invalid(e), None)
    }
}

/// A licence as its holder and relying parties receive it: the canonical
/// bytes and the seal's signature over them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedLicence {
    /// The licence as stored.
    pub licence: tongban_domain::licence::Licence,
    /// Its canonical bytes (docs/licence-signature.md).
    pub payload: Vec<u8>,
    /// Standard base64 of the DER SM2 signature over `payload`.
    pub signature: String,
}

impl LicenceService {
    /// The stored licence with its canonical bytes and signature.
    pub async fn signed(&self, number: &str) -> Result<SignedLicence, ServiceError> {
        let row = self.row(number).await?;
        Ok(SignedLicence {
            payload: canonical_bytes(&row.licence),
            licence: row.licence,
            signature: row.signature,
        })
    }

    /// Verifies the stored licence with this number (as printed or
    /// compact): its stored signature against the issuer's seal, then its
    /// status today. A malformed or unknown number is `not_found`.
    pub async fn verify(&self, number: &str) -> Result<Verification, ServiceError> {
        let Some(row) = self.find(number).await? else {
            return Ok(Verification::not_found());
        };
        let signature = match Signature::from_base64(&row.signature) {
            Ok(s) => s,
            Err(e) => return Ok(Verification::invalid(e)),
        };
        let (_, public) = self.seal(row.licence.issuer.department.as_str()).await?;
        let today = self.today();
        let outcome = verify_licence(Some((&row.licence, &signature)), &public, today);
        self.answer(&row, &outcome).await
    }

    /// Verifies a payload a relying party holds: `payload` is standard
    /// base64 of the canonical bytes, `signature` standard base64 of the DER
    /// signature. Invalid unless the signature verifies with the issuer's
    /// seal and the bytes are exactly the registry's current licence; then
    /// the registry's status today.
    pub async fn verify_payload(
        &self,
        payload: &str,
        signature: &str,
    ) -> Result<Verification, ServiceError> {
        let Ok(bytes) = STANDARD.decode(payload.trim()) else {
            return Ok(Verification::invalid(VerifyError::Mismatch));
        };
        let signature = match Signature::from_base64(signature) {
            Ok(s) => s,
            Err(e) => return Ok(Verification::invalid(e)),
        };
        let number = serde_json::from_slice::<serde_json::Value>(&bytes)
            .ok()
            .and_then(|v| v.get("number").and_then(|n| n.as_str()).map(str::to_string));
        let Some(number) = number else {
            return Ok(Verification::invalid(VerifyError::Mismatch));
        };
        let Some(row) = self.find(&number).await? else {
            return Ok(Verification::not_found());
        };
        let (_, public) = self.seal(row.licence.issuer.department.as_str()).await?;
        if let Err(e) = verify(&public, &bytes, &signature) {
            return Ok(Verification::invalid(e));
        }
        if bytes != canonical_bytes(&row.licence) {
            return Ok(Verification::invalid(VerifyError::Mismatch));
        }
        let outcome = verify_licence(Some((&row.licence, &signature)), &public, self.today());
        self.answer(&row, &outcome).await
    }

    async fn find(&self, number: &str) -> Result<Option<LicenceRow>, ServiceError> {
        let Ok(parsed) = LicenceNumber::parse(number) else {
            return Ok(None);
        };
        self.store
            .licence(parsed.as_str())
            .await
            .map_err(ServiceError::store)
    }

    async fn answer(
        &self,
        row: &LicenceRow,
        outcome: &VerificationOutcome,
    ) -> Result<Verification, ServiceError> {
        let licence_type = self.licence_type(row.licence.type_code.as_str()).await?;
        let view = row.licence.public_view(&licence_type, self.today());
        Ok(Verification::of(outcome, Some(view)))
    }
}
