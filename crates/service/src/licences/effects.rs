//! What a case decision does to licences (§2, §7): the licence writes and
//! events a change of a case carries, computed before the case's store
//! transaction and written inside it (`CaseUpdate::licences`).
//!
//! For every member newly decided `Granted`, each licence type its item
//! plays a role for (`issued_by`, `updated_by`, `cancelled_by`):
//! - cancel (注销): the holder's valid licence of the type is revoked,
//!   history `经“…”注销（办件 …）`;
//! - update (变更): the holder's valid licence gets the form's new values,
//!   version + 1, re-signed;
//! - issue (核发): a new licence, numbered, signed, linked to the case
//!   member (an item that both issues and updates updates when the holder
//!   already holds one).
//!
//! 一业一证: when the change grants the last member of a bundle with a
//! `composite_licence`, one composite licence is issued too, listing the
//! member licences it replaces; each member licence stays valid and is
//! marked replaced by it.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};
use tongban_domain::case::{Case, ItemCase, Outcome};
use tongban_domain::catalog::Catalog;
use tongban_domain::ident::Code;
use tongban_domain::licence::{LicenceHolder, LicenceRole, LicenceType, RevisionRequest};
use tongban_store::{IssuedFor, LicenceRow, LicenceWrite, StoredCase};

use super::holder::CaseData;
use super::prepare::NewLicence;
use super::{LicenceService, licence_refusal};
use crate::error::ServiceError;

mod composite;

/// The licence side of one case change.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct LicenceEffects {
    /// Rows to write in the case's transaction.
    pub writes: Vec<LicenceWrite>,
    /// `(event, detail)` for the case's audit trail and outbox:
    /// `licence.issued`, `licence.updated`, `licence.revoked` or
    /// `licence.deferred` (nothing written: holder or licence unknown).
    pub events: Vec<(String, Value)>,
}

impl LicenceEffects {
    fn event(&mut self, event: &str, detail: Value) {
        self.events.push((event.to_string(), detail));
    }

    /// The row being inserted for a case member in this change.
    fn inserted_for(&mut self, item: &str) -> Option<&mut LicenceRow> {
        self.writes.iter_mut().find_map(|w| match w {
            LicenceWrite::Insert(row)
                if row.issued_for.as_ref().is_some_and(|f| f.item == item) =>
            {
                Some(&mut **row)
            }
            _ => None,
        })
    }
}

/// A member the change newly granted.
fn newly_granted<'a>(stored: &'a Case, next: &'a Case) -> impl Iterator<Item = &'a ItemCase> {
    next.members.iter().filter(move |m| {
        granted(m)
            && !stored
                .members
                .iter()
                .any(|s| s.item() == m.item() && granted(s))
    })
}

fn granted(member: &ItemCase) -> bool {
    member
        .decision
        .as_ref()
        .is_some_and(|d| d.outcome == Outcome::Granted)
}

impl LicenceService {
    /// The licence writes and events of changing `stored` into `next` on
    /// `now`. Empty unless the change grants a member whose item issues,
    /// updates or cancels a licence type. Each number comes from the
    /// sequence before the case's transaction: a retried decision leaves a
    /// gap, never a duplicate.
    pub(crate) async fn effects_of(
        &self,
        stored: &StoredCase,
        next: &Case,
        now: DateTime<Utc>,
    ) -> Result<LicenceEffects, ServiceError> {
        let mut effects = LicenceEffects::default();
        let fresh: Vec<&ItemCase> = newly_granted(&stored.case, next).collect();
        if fresh.is_empty() {
            return Ok(effects);
        }
        let catalog = self.current_catalog().await?;
        let data = self.case_data(stored).await?;
        for member in &fresh {
            let on = member
                .decision
                .as_ref()
                .map_or_else(|| self.today(), |d| d.decided_at.date());
            for licence_type in &catalog.licence_types {
                let roles = licence_type.roles_of(member.item());
                if roles.is_empty() {
                    continue;
                }
                let act = Act {
                    case: next,
                    item: member.item(),
                    licence_type,
                    roles: &roles,
                    on,
                    now,
                };
                self.apply(&act, &data, &catalog, &mut effects).await?;
            }
        }
        self.composite(stored, next, &data, &catalog, now, &mut effects)
            .await?;
        Ok(effects)
    }

    /// The catalog of the indexed revision, read fresh when there is none.
    async fn current_catalog(&self) -> Result<Arc<Catalog>, ServiceError> {
        let cached = self.catalog.cached_catalog();
        if cached.is_empty() {
            return Ok(Arc::new(self.catalog.load_catalog().await?));
        }
        Ok(cached)
    }

    /// One licence type's effect of one granted member.
    async fn apply(
        &self,
        act: &Act<'_>,
        data: &CaseData,
        catalog: &Catalog,
        effects: &mut LicenceEffects,
    ) -> Result<(), ServiceError> {
        let Some(holder) = self.holder_for(data, act.licence_type, catalog).await? else {
            effects.event(
                "licence.deferred",
                act.detail(None, "licence_holder_unknown"),
            );
            return Ok(());
        };
        let held = self.valid_licence_of(&holder, act.licence_type).await?;
        let role = |r| act.roles.contains(&r);
        match held {
            Some(row) if role(LicenceRole::Cancel) => self.cancel(act, row, effects),
            Some(row) if role(LicenceRole::Update) => self.update(act, row, data, effects).await,
            _ if role(LicenceRole::Issue) => self.issue(act, holder, data, catalog, effects).await,
            _ => {
                effects.event("licence.deferred", act.detail(None, "licence_not_held"));
                Ok(())
            }
        }
    }

    async fn issue(
        &self,
        act: &Act<'_>,
        holder: LicenceHolder,
        data: &CaseData,
        catalog: &Catalog,
        effects: &mut LicenceEffects,
    ) -> Result<(), ServiceError> {
        let case_no = act.case.case_no.to_string();
        let already = self
            .store
            .licence_issued_for(&case_no, act.item.as_str())
            .await
            .map_err(ServiceError::store)?;
        if already.is_some() {
            return Ok(());
        }
        let department = catalog
            .item(act.item.as_str())
            .map_or_else(|| act.licence_type.issuer.clone(), |i| i.department.clone());
        let row = self
            .prepare_licence(
                act.licence_type,
                &department,
                NewLicence {
                    holder,
                    fields: data.fields_for(act.licence_type),
                    issued_on: act.on,
                    by: act.item.clone(),
                    replaces: Vec::new(),
                    issued_for: Some(IssuedFor {
                        case_no,
                        item: act.item.to_string(),
                    }),
                },
            )
            .await?;
        effects.event(
            "licence.issued",
            act.detail(Some(row.licence.number.as_str()), "issued"),
        );
        effects.writes.push(LicenceWrite::Insert(Box::new(row)));
        Ok(())
    }

    async fn update(
        &self,
        act: &Act<'_>,
        mut row: LicenceRow,
        data: &CaseData,
        effects: &mut LicenceEffects,
    ) -> Result<(), ServiceError> {
        let fields = data
            .fields_for(act.licence_type)
            .into_iter()
            .filter(|(k, v)| row.licence.fields.get(k) != Some(v))
            .collect();
        let request = RevisionRequest::Change {
            by: act.item.clone(),
            fields,
        };
        row.licence
            .revise(act.licence_type, request, act.on, &act.note("变更"))
            .map_err(licence_refusal)?;
        row.signature = self.sign(&row.licence).await?;
        effects.event(
            "licence.updated",
            act.detail(Some(row.licence.number.as_str()), "updated"),
        );
        push_update(effects, row, act.now);
        Ok(())
    }

    fn cancel(
        &self,
        act: &Act<'_>,
        mut row: LicenceRow,
        effects: &mut LicenceEffects,
    ) -> Result<(), ServiceError> {
        let reason = act.note("注销");
        row.licence
            .revoke(act.licence_type, Some(act.item.clone()), act.on, &reason)
            .map_err(licence_refusal)?;
        effects.event(
            "licence.revoked",
            act.detail(Some(row.licence.number.as_str()), "revoked"),
        );
        push_update(effects, row, act.now);
        Ok(())
    }

    /// The holder's newest licence of the type that is not revoked (an
    /// expired one can still be renewed or cancelled).
    async fn valid_licence_of(
        &self,
        holder: &LicenceHolder,
        licence_type: &LicenceType,
    ) -> Result<Option<LicenceRow>, ServiceError> {
        self.store
            .current_licence(holder.subject.as_str(), licence_type.code.as_str())
            .await
            .map_err(ServiceError::store)
    }
}

/// A changed stored licence, as an update at the row version it was read.
fn push_update(effects: &mut LicenceEffects, mut row: LicenceRow, now: DateTime<Utc>) {
    let expected_row_version = row.row_version;
    row.row_version += 1;
    row.updated_at = now;
    effects.writes.push(LicenceWrite::Update {
        row: Box::new(row),
        expected_row_version,
    });
}

/// One granted member acting on one licence type.
struct Act<'a> {
    case: &'a Case,
    item: &'a Code,
    licence_type: &'a LicenceType,
    roles: &'a [LicenceRole],
    /// The decision's day: issue date, change and revocation date.
    on: NaiveDate,
    /// When the case change is stored.
    now: DateTime<Utc>,
}

impl Act<'_> {
    /// The history note and revocation reason: which item and case.
    fn note(&self, verb: &str) -> String {
        let name = self
            .case
            .member(self.item)
            .map_or_else(|| self.item.to_string(), |m| m.terms.name.clone());
        format!(
            "经“{name}”（{}）{verb}，办件编号 {}",
            self.item, self.case.case_no
        )
    }

    /// The audit and outbox detail of an effect.
    fn detail(&self, number: Option<&str>, outcome: &str) -> Value {
        json!({
            "case_no": self.case.case_no,
            "item": self.item,
            "licence_type": self.licence_type.code,
            "number": number,
            "outcome": outcome,
        })
    }
}
