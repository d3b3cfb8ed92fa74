//! Issuing a licence for a granted case member by hand (核发): the repair
//! path next to the decision's own issuance ([`LicenceService::effects_of`]),
//! for a grant whose holder could not be determined at decision time
//! (`licence.deferred`). Built on [`LicenceService::prepare_licence`], the
//! one place a licence is made.

use std::collections::BTreeMap;

use tongban_domain::case::{Case, Outcome};
use tongban_domain::catalog::ItemResult;
use tongban_domain::ident::Code;
use tongban_domain::licence::{Licence, LicenceHolder};
use tongban_store::{IssuedFor, LicenceInsert};

use super::LicenceService;
use super::prepare::NewLicence;
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
    /// Issues the licence of a granted case member, signed with the
    /// granting item's department's seal. `None` when the member was not
    /// granted or its item's result is not a licence. Idempotent per case
    /// and item: when the decision (or an earlier call) already issued it,
    /// that licence is returned and nothing is written.
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
        let catalog_item = self.catalog.item(item.as_str()).await?;
        let ItemResult::Licence { licence_type, .. } = &catalog_item.result else {
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
        let fields = grant
            .fields
            .into_iter()
            .filter(|(k, _)| licence_type.field(k).is_some())
            .collect();
        let row = self
            .prepare_licence(
                &licence_type,
                &catalog_item.department,
                NewLicence {
                    holder: grant.holder,
                    fields,
                    issued_on: decision.decided_at.date(),
                    by: item.clone(),
                    replaces: Vec::new(),
                    issued_for: Some(IssuedFor {
                        case_no: case_no.clone(),
                        item: item.to_string(),
                    }),
                },
            )
            .await?;
        match self.store.insert_licence(&row).await {
            Ok(LicenceInsert::Inserted) => Ok(Some(row.licence)),
            Ok(LicenceInsert::Existing(existing)) => Ok(Some(existing.licence)),
            // A concurrent first issue for the same member won the unique
            // (case, item) key: answer with its licence.
            Err(e) => match self.store.licence_issued_for(&case_no, item.as_str()).await {
                Ok(Some(found)) => Ok(Some(found.licence)),
                _ => Err(ServiceError::store(e)),
            },
        }
    }
}
