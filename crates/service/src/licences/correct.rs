//! 纠错: correcting a licence after a verified objection (异议核实). The
//! correction is a new content version (`RevisionRequest::Correction`),
//! re-signed with the issuing department's seal through the one signing
//! path ([`LicenceService::signing_key`]); the previous values stay in the
//! licence's history (`licence_history`).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use tongban_domain::ident::Code;
use tongban_domain::licence::{Licence, RevisionRequest, canonical_bytes};
use tongban_store::StoreError;

use super::{CST_SECS, LicenceService, licence_refusal};
use crate::error::{Refusal, ServiceError};
use crate::objections::Correctable;

impl LicenceService {
    /// The licence with this number (as printed or compact) with what an
    /// objection to it needs. Unknown or malformed: `licence_not_found`.
    pub(crate) async fn correctable(&self, number: &str) -> Result<Correctable, ServiceError> {
        let row = self.row(number).await?;
        let licence_type = self.licence_type(row.licence.type_code.as_str()).await?;
        let department = self
            .department(row.licence.issuer.department.as_str())
            .await?;
        Ok(Correctable {
            case_no: row.issued_for.map(|f| f.case_no),
            licence: row.licence,
            licence_type,
            region: department.region,
        })
    }

    /// Corrects `fields` of the licence on the Beijing date of `at`, with
    /// `reason` as the history note: a new version, re-signed with the
    /// issuing department's seal, the previous values kept in the history.
    /// A revoked licence, an undeclared field or a blank required one is
    /// refused; a concurrent change of the licence is `licence_changed`.
    pub(crate) async fn correct(
        &self,
        number: &str,
        fields: BTreeMap<Code, String>,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<Licence, ServiceError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ServiceError::refused(
                Refusal::Invalid,
                "licence_reason_required",
                "纠错证照须填写纠错原因",
            ));
        }
        let mut row = self.row(number).await?;
        let licence_type = self.licence_type(row.licence.type_code.as_str()).await?;
        let on = match chrono::FixedOffset::east_opt(CST_SECS) {
            Some(cst) => at.with_timezone(&cst).date_naive(),
            None => at.date_naive(),
        };
        row.licence
            .revise(
                &licence_type,
                RevisionRequest::Correction { fields },
                on,
                reason,
            )
            .map_err(licence_refusal)?;
        let key = self
            .signing_key(row.licence.issuer.department.as_str())
            .await?;
        row.signature = key.sign(&canonical_bytes(&row.licence)).to_base64();
        let expected = row.row_version;
        row.row_version += 1;
        row.updated_at = at;
        match self.store.update_licence(&row, expected).await {
            Ok(()) => {
                tracing::info!(
                    licence = %row.licence.number,
                    version = row.licence.version,
                    "证照已纠错并重新签章"
                );
                Ok(row.licence)
            }
            Err(StoreError::Conflict(_)) => Err(ServiceError::refused(
                Refusal::Conflict,
                "licence_changed",
                "证照刚被他人更新，请刷新后重试",
            )),
            Err(e) => Err(ServiceError::store(e)),
        }
    }
}
