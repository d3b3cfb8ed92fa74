//! Preparing a licence for storage: a number from the yearly sequence, the
//! domain's issue rules, the issuing department's seal over the canonical
//! bytes. Nothing is written here except the sequence: the caller stores
//! the row (alone, or in a case decision's transaction).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use tongban_domain::ident::Code;
use tongban_domain::licence::{
    Issuance, Licence, LicenceHolder, LicenceNumber, LicenceType, canonical_bytes,
};
use tongban_store::{IssuedFor, LicenceRow};

use super::{LicenceService, licence_refusal};
use crate::error::{Refusal, ServiceError};

/// What a new licence needs besides its type and issuing department.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NewLicence {
    /// 持证主体.
    pub holder: LicenceHolder,
    /// Field values by data-element code (only fields the type declares).
    pub fields: BTreeMap<Code, String>,
    /// The issue date (the decision's day).
    pub issued_on: NaiveDate,
    /// The granted item, the 一业一证 bundle, or the proof type.
    pub by: Code,
    /// 一业一证: the member licences a composite licence replaces.
    pub replaces: Vec<LicenceNumber>,
    /// The case member (or bundle) whose grant issues it, if any.
    pub issued_for: Option<IssuedFor>,
}

impl LicenceService {
    /// Numbers, issues and signs a licence of `licence_type` under
    /// `department` (the granting item's department; the type's own
    /// issuer for composite licences and e-proofs), without storing it.
    /// The one place a new licence is made: case decisions
    /// ([`LicenceService::effects_of`]), the repair path
    /// ([`LicenceService::issue_for_grant`]) and e-proofs (`ProofService`,
    /// which issues a proof as a licence of `ProofType::licence_type()`)
    /// all come here. A number taken from the sequence and then not stored
    /// (a conflict retry) leaves a gap in the yearly sequence; numbers stay
    /// unique.
    pub(crate) async fn prepare_licence(
        &self,
        licence_type: &LicenceType,
        department: &Code,
        new: NewLicence,
    ) -> Result<LicenceRow, ServiceError> {
        let issuing = self.department(department.as_str()).await?;
        let year = new.issued_on.year();
        let region = issuing.region.as_str();
        let seq = self
            .store
            .next_licence_sequence(
                region.get(..6).unwrap_or(region),
                &licence_type.number_tag,
                year,
            )
            .await
            .map_err(ServiceError::store)?;
        let number = LicenceNumber::new(&issuing.region, &licence_type.number_tag, year, seq)
            .map_err(|e| ServiceError::refused(Refusal::Conflict, e.code, e.message))?;
        let licence = licence_type
            .issue_as(
                department.clone(),
                Issuance {
                    number,
                    holder: new.holder,
                    issuer_name: issuing.name,
                    fields: new.fields,
                    issued_on: new.issued_on,
                    by: new.by,
                    replaces: new.replaces,
                },
            )
            .map_err(licence_refusal)?;
        let signature = self.sign(&licence).await?;
        let now = self.clock.now();
        Ok(LicenceRow {
            licence,
            signature,
            issued_for: new.issued_for,
            row_version: 1,
            created_at: now,
            updated_at: now,
        })
    }

    /// Base64 of the issuing department's seal signature over the
    /// licence's canonical bytes (after issue, change or correction).
    pub(crate) async fn sign(&self, licence: &Licence) -> Result<String, ServiceError> {
        let key = self.signing_key(licence.issuer.department.as_str()).await?;
        Ok(key.sign(&canonical_bytes(licence)).to_base64())
    }
}
