//! Cases (办件): submitting applications, moving cases through their
//! lifecycle, reading them, and the public status lookup.
//!
//! Every change goes: gate ([`AccountService::authorize`] with the case's
//! data scope and the action the command needs) → the pure domain
//! transition (`Case::apply_to_all`, `apply_to_member`, `deliver`) → one
//! store transaction holding the new case, one audit record and one
//! outbox event per domain event, and the request's idempotency key. A
//! concurrent change makes the store refuse (the version moved) and the
//! command is recomputed on the fresh case, a few times at most. A grant
//! carries its licence effects (`LicenceService::effects_of`) into the
//! same transaction, each with an audit entry and an outbox event.

mod assist_job;
mod auto;
mod drafting;
mod flow;
mod gate;
mod offer;
mod record;
mod schedule;
mod types;
mod worklist;

use std::sync::Arc;

use tongban_domain::auth::Actor;
use tongban_domain::case::CaseNo;
use tongban_store::{
    AuditRecord, CaseStore, ChainCheck, LicenceWrite, NewAudit, NewOutboxEvent, StoreError,
    StoredCase,
};

use crate::accounts::{AccountService, Clock};
use crate::error::ServiceError;
use crate::licences::LicenceService;
use crate::service::CatalogService;

pub use offer::Offer;
pub use schedule::{MemberTiming, Schedule, Timing};
pub use types::{
    Application, CaseCommand, CaseView, ProxyAuthorisation, PublicStatus, SubmitRequest,
};
pub use worklist::{WorkItem, Worklist};

/// The case use cases. Cheap to share behind an `Arc`; every method takes
/// `&self`.
pub struct CaseService {
    store: Arc<dyn CaseStore>,
    accounts: Arc<AccountService>,
    catalog: Arc<CatalogService>,
    clock: Arc<dyn Clock>,
    /// Issues, changes and revokes licences in the decision's transaction;
    /// `None` (a case engine without licences, as some tests build it)
    /// decides without licence effects.
    licences: Option<Arc<LicenceService>>,
    /// Bundles and items of new cases, cached per catalog revision.
    drafting: drafting::Drafting,
}

impl CaseService {
    /// A service over `store`, authorising through `accounts`, reading
    /// items and bundles from `catalog` and the time from `clock`.
    pub fn new(
        store: Arc<dyn CaseStore>,
        accounts: Arc<AccountService>,
        catalog: Arc<CatalogService>,
        clock: Arc<dyn Clock>,
    ) -> CaseService {
        CaseService {
            store,
            accounts,
            catalog,
            clock,
            licences: None,
            drafting: drafting::Drafting::default(),
        }
    }

    /// The same service, writing the licence effects of every grant
    /// (issue, change, cancel, 一业一证) in the decision's transaction.
    pub fn with_licences(mut self, licences: Arc<LicenceService>) -> CaseService {
        self.licences = Some(licences);
        self
    }

    /// The licence writes of changing `stored` into `next`, with one audit
    /// entry and one outbox event per licence event, named for `actor`.
    async fn licence_effects(
        &self,
        actor: &str,
        stored: &StoredCase,
        next: &tongban_domain::case::Case,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(Vec<NewAudit>, Vec<NewOutboxEvent>, Vec<LicenceWrite>), ServiceError> {
        let Some(licences) = &self.licences else {
            return Ok((Vec::new(), Vec::new(), Vec::new()));
        };
        let effects = licences.effects_of(stored, next, now).await?;
        let audit = effects
            .events
            .iter()
            .map(|(event, detail)| NewAudit {
                at: now,
                actor: actor.to_string(),
                action: event.clone(),
                from_state: None,
                to_state: None,
                detail: detail.clone(),
            })
            .collect();
        let outbox = effects
            .events
            .into_iter()
            .map(|(event, payload)| NewOutboxEvent { event, payload })
            .collect();
        Ok((audit, outbox, effects.writes))
    }

    /// One case, for whoever may read it (its window, its handling
    /// region, a member's department, its owner). Anyone else gets
    /// `case_not_found`, as for a case that does not exist.
    pub async fn case(&self, actor: &Actor, case_no: &str) -> Result<CaseView, ServiceError> {
        let stored = self.readable(actor, case_no).await?;
        Ok(view(stored))
    }

    /// A case's audit trail and whether its hash chain holds, for whoever
    /// may read the case.
    pub async fn audit(
        &self,
        actor: &Actor,
        case_no: &str,
    ) -> Result<(Vec<AuditRecord>, ChainCheck), ServiceError> {
        let stored = self.readable(actor, case_no).await?;
        let no = &stored.case.case_no;
        let trail = self.store.audit_trail(no).await.map_err(store_error)?;
        let check = self
            .store
            .verify_audit_chain(no)
            .await
            .map_err(store_error)?;
        if !check.ok {
            tracing::error!(case_no = %no, broken_at = ?check.broken_at, "办件审计链校验失败");
        }
        Ok((trail, check))
    }

    /// The anonymous status lookup: the case number and the last four
    /// digits of the applicant's phone. Any mismatch (unknown number, no
    /// phone on file, other digits) answers `case_not_found` alike.
    pub async fn public_status(
        &self,
        case_no: &str,
        phone_last4: &str,
    ) -> Result<PublicStatus, ServiceError> {
        let no = CaseNo::parse(case_no).map_err(|_| ServiceError::CaseNotFound)?;
        let wanted: String = phone_last4.chars().filter(char::is_ascii_digit).collect();
        let stored = self
            .store
            .load_case(&no)
            .await
            .map_err(store_error)?
            .ok_or(ServiceError::CaseNotFound)?;
        let on_file = stored.phone.as_deref().map(last4).unwrap_or_default();
        if wanted.len() != 4 || on_file.len() != 4 || !same(&wanted, &on_file) {
            return Err(ServiceError::CaseNotFound);
        }
        let case = stored.case;
        Ok(PublicStatus {
            state: case.state(),
            members: case
                .members
                .iter()
                .map(|m| (m.terms.name.clone(), m.state))
                .collect(),
            name: case.name,
            case_no: case.case_no,
        })
    }

    /// Loads a case and passes the ReadCase gate.
    async fn readable(&self, actor: &Actor, case_no: &str) -> Result<StoredCase, ServiceError> {
        let Ok(no) = CaseNo::parse(case_no) else {
            return Err(gate::missing(actor));
        };
        let stored = self.load(actor, &no).await?;
        gate::read(&self.accounts, actor, &stored)?;
        Ok(stored)
    }

    /// Loads a case; a missing one answers as [`gate::missing`] says.
    async fn load(&self, actor: &Actor, no: &CaseNo) -> Result<StoredCase, ServiceError> {
        self.store
            .load_case(no)
            .await
            .map_err(store_error)?
            .ok_or_else(|| gate::missing(actor))
    }
}

/// The reader's view of a stored case.
fn view(stored: StoredCase) -> CaseView {
    CaseView {
        state: stored.case.state(),
        version: stored.version,
        owner: stored.owner,
        phone_masked: stored.phone.as_deref().map(tongban_domain::mask::phone),
        updated_at: stored.updated_at,
        case: stored.case,
    }
}

/// The last four digits of a phone number.
fn last4(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    digits[digits.len().saturating_sub(4)..].iter().collect()
}

/// Compares two short digit strings without stopping at the first
/// difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Maps a store error; the case-specific ones get their own codes.
fn store_error(err: StoreError) -> ServiceError {
    match err {
        StoreError::Conflict(_) => ServiceError::CaseBusy,
        StoreError::CaseNotFound(_) => ServiceError::CaseNotFound,
        StoreError::IdempotencyMismatch => ServiceError::IdempotencyKeyReused,
        StoreError::CaseNumbers { code, message } => {
            tracing::error!(code, %message, "no case number can be given");
            ServiceError::CaseNumbersExhausted(message)
        }
        other => ServiceError::store(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_four_digits_ignore_spaces_and_dashes() {
        assert_eq!(last4("138-0013 8000"), "8000");
        assert_eq!(last4("12"), "12");
        assert!(same("8000", "8000"));
        assert!(!same("8000", "8001"));
        assert!(!same("800", "8000"));
    }
}
