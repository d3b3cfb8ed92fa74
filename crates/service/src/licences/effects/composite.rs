//! 一业一证 (§7): the composite industry licence a bundle issues when its
//! last member is granted, in that decision's transaction.
//!
//! It lists the member licences it replaces (`replaces`, signed), carries
//! the fields its type declares (from the form, else from the member
//! licences), and is held by the members' holder. The member licences stay
//! valid (each was lawfully issued by its own authority) and are marked
//! replaced by it (`replaced_by`, with a history entry), so the holder
//! carries and shows one licence.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::json;
use tongban_domain::case::Case;
use tongban_domain::catalog::Catalog;
use tongban_domain::licence::{LicenceNumber, LicenceStatus};
use tongban_store::{IssuedFor, LicenceRow, LicenceWrite, StoredCase};

use super::super::holder::CaseData;
use super::super::prepare::NewLicence;
use super::super::{LicenceService, licence_refusal};
use super::{LicenceEffects, granted, push_update};
use crate::error::ServiceError;

impl LicenceService {
    /// Adds the composite licence to `effects` when `next` completes a
    /// 一业一证 bundle case (every member granted, none issued before).
    pub(super) async fn composite(
        &self,
        stored: &StoredCase,
        next: &Case,
        data: &CaseData,
        catalog: &Catalog,
        now: DateTime<Utc>,
        effects: &mut LicenceEffects,
    ) -> Result<(), ServiceError> {
        let Some(bundle) = next
            .bundle
            .as_ref()
            .and_then(|b| catalog.bundle(b.as_str()))
        else {
            return Ok(());
        };
        let Some(composite) = &bundle.composite_licence else {
            return Ok(());
        };
        let complete = |c: &Case| !c.members.is_empty() && c.members.iter().all(granted);
        if !complete(next) || complete(&stored.case) {
            return Ok(());
        }
        let case_no = next.case_no.to_string();
        let detail = |number: Option<&str>, outcome: &str, replaces: &[LicenceNumber]| {
            json!({
                "case_no": next.case_no,
                "bundle": bundle.code,
                "licence_type": composite.licence_type,
                "number": number,
                "outcome": outcome,
                "replaces": replaces,
            })
        };
        if self
            .store
            .licence_issued_for(&case_no, bundle.code.as_str())
            .await
            .map_err(ServiceError::store)?
            .is_some()
        {
            return Ok(());
        }
        let Some(licence_type) = catalog.licence_type(composite.licence_type.as_str()) else {
            effects.event(
                "licence.deferred",
                detail(None, "licence_type_unknown", &[]),
            );
            return Ok(());
        };
        // The member licences: issued in this change, or by earlier grants.
        let mut members: Vec<LicenceRow> = Vec::new();
        let mut stored_rows: Vec<LicenceRow> = Vec::new();
        for member in &next.members {
            if let Some(row) = effects.inserted_for(member.item().as_str()) {
                members.push(row.clone());
            } else if let Some(row) = self
                .store
                .licence_issued_for(&case_no, member.item().as_str())
                .await
                .map_err(ServiceError::store)?
                .filter(|r| !matches!(r.licence.status, LicenceStatus::Revoked { .. }))
            {
                members.push(row.clone());
                stored_rows.push(row);
            }
        }
        let replaces: Vec<LicenceNumber> =
            members.iter().map(|r| r.licence.number.clone()).collect();
        let holder = match self.holder_for(data, licence_type, catalog).await? {
            Some(holder) => Some(holder),
            None => members.first().map(|r| r.licence.holder.clone()),
        };
        let Some(holder) = holder.filter(|_| !members.is_empty()) else {
            effects.event(
                "licence.deferred",
                detail(None, "composite_without_member_licences", &replaces),
            );
            return Ok(());
        };
        let mut fields = data.fields_for(licence_type);
        for field in &licence_type.fields {
            let from_member = members
                .iter()
                .find_map(|r| r.licence.fields.get(&field.element));
            if let (false, Some(value)) = (fields.contains_key(&field.element), from_member) {
                fields.insert(field.element.clone(), value.clone());
            }
        }
        let on = next
            .members
            .iter()
            .filter_map(|m| m.decision.as_ref().map(|d| d.decided_at.date()))
            .max()
            .unwrap_or_else(|| self.today());
        let row = self
            .prepare_licence(
                licence_type,
                &licence_type.issuer,
                NewLicence {
                    holder,
                    fields,
                    issued_on: on,
                    by: bundle.code.clone(),
                    replaces: replaces.clone(),
                    issued_for: Some(IssuedFor {
                        case_no,
                        item: bundle.code.to_string(),
                    }),
                },
            )
            .await?;
        let number = row.licence.number.clone();
        let types: BTreeMap<String, _> = catalog
            .licence_types
            .iter()
            .map(|t| (t.code.to_string(), t))
            .collect();
        for member in &next.members {
            if let Some(inserted) = effects.inserted_for(member.item().as_str()) {
                let Some(member_type) = types.get(inserted.licence.type_code.as_str()) else {
                    continue;
                };
                inserted
                    .licence
                    .mark_replaced(member_type, number.clone(), on)
                    .map_err(licence_refusal)?;
            }
        }
        for mut row in stored_rows {
            let Some(member_type) = types.get(row.licence.type_code.as_str()) else {
                continue;
            };
            row.licence
                .mark_replaced(member_type, number.clone(), on)
                .map_err(licence_refusal)?;
            push_update(effects, row, now);
        }
        effects.event(
            "licence.issued",
            detail(Some(number.as_str()), "composite_issued", &replaces),
        );
        effects.writes.push(LicenceWrite::Insert(Box::new(row)));
        Ok(())
    }
}
