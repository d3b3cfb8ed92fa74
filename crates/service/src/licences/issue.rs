//! Issuing a licence when a case member is granted (核发).

use std::collections::BTreeMap;

use tongban_domain::case::{Case, Outcome};
use tongban_domain::catalog::ItemResult;
use tongban_domain::ident::Code;
use tongban_domain::licence::{Issuance, Licence, LicenceHolder, LicenceNumber, canonical_bytes};
use tongban_store::{IssuedFor, LicenceInsert, LicenceRow};

use super::{LicenceService, licence_refusal};
use crate::error::{Refusal, ServiceError};

/// What the grant adds to the case to make a licence: the holder and the
/// licence's field values (from the applicant's subject and form).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// 持证主体.
    pub holder: LicenceHolder,
    /// Field values by data-element code.
    pub fields: BTreeMap<Code, String>,
}

impl LicenceService {
    /// Issues the licence of a granted case member, signed with the issuing
    /// department's seal. `None` when the member was not granted or its
    /// item's result is not a licence. Idempotent per case and item: a
    /// second call returns the licence the first one issued.
    pub async fn issue_for_grant(
        &self,
        case: &Case,
        item: &Code,
        grant: Grant,
    ) -> Result<Option<Licence>, ServiceError> {
        let Some(member) = case.members.iter().find(|m| &m.terms.item == item) else {
            return Err(ServiceError::refused(
                Refusal::NotFound,
                "case_member_not_found",
                format!("办件“{}”中没有事项“{item}”", case.case_no),
            ));
        };
        let Some(decision) = member
            .decision
            .as_ref()
            .filter(|d| d.outcome == Outcome::Granted)
        else {
            return Ok(None);
        };
        let ItemResult::Licence { licence_type, .. } =
            self.catalog.item(item.as_str()).await?.result
        else {
            return Ok(None);
        };
        let case_no = case.case_no.to_string();
        if let Some(found) = self
            .store
            .licence_issued_for(&case_no, item.as_str())
            .await
            .map_err(ServiceError::store)?
        {
            return Ok(Some(found.licence));
        }
        let licence_type = self.licence_type(licence_type.as_str()).await?;
        let department = self.department(licence_type.issuer.as_str()).await?;
        let issued_on = decision.decided_at.date();
        let year = chrono::Datelike::year(&issued_on);
        let region = department.region.as_str();
        let seq = self
            .store
            .next_licence_sequence(
                region.get(..6).unwrap_or(region),
                &licence_type.number_tag,
                year,
            )
            .await
            .map_err(ServiceError::store)?;
        let number = LicenceNumber::new(&department.region, &licence_type.number_tag, year, seq)
            .map_err(|e| ServiceError::refused(Refusal::Conflict, e.code, e.message))?;
        let licence = licence_type
            .issue(Issuance {
                number,
                holder: grant.holder,
                issuer_name: department.name,
                fields: grant.fields,
                issued_on,
                by: item.clone(),
                replaces: vec![],
            })
            .map_err(licence_refusal)?;
        let key = self.signing_key(licence_type.issuer.as_str()).await?;
        let signature = key.sign(&canonical_bytes(&licence));
        let now = self.clock.now();
        let row = LicenceRow {
            licence,
            signature: signature.to_base64(),
            issued_for: Some(IssuedFor {
                case_no,
                item: item.to_string(),
            }),
            row_version: 1,
            created_at: now,
            updated_at: now,
        };
        match self.store.insert_licence(&row).await {
            Ok(LicenceInsert::Inserted) => Ok(Some(row.licence)),
            Ok(LicenceInsert::Existing(existing)) => Ok(Some(existing.licence)),
            // A concurrent first issue for the same member won the unique
            // (case, item) key: answer with its licence.
            Err(e) => match self
                .store
                .licence_issued_for(&case_no_of(&row), item.as_str())
                .await
            {
                Ok(Some(found)) => Ok(Some(found.licence)),
                _ => Err(ServiceError::store(e)),
            },
        }
    }
}

/// The case number a row was issued for.
fn case_no_of(row: &LicenceRow) -> String {
    row.issued_for
        .as_ref()
        .map(|f| f.case_no.clone())
        .unwrap_or_default()
}
