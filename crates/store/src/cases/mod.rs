//! The case store: [`CaseStore`] for [`Db`], on either backend.
//!
//! A case is one row (indexed columns plus the whole domain `Case` as a
//! JSON body, read whole) with a version for optimistic concurrency. Every
//! write is one transaction that also appends the case's hash-chained
//! audit records, its outbox events and the request's idempotency key, so
//! none of them exists without the others.

mod audit;
mod grouped;
mod numbers;
mod read;
pub(crate) mod records;
mod worklist;
mod write;

pub(crate) use grouped::Creations;
pub(crate) use numbers::SequenceBlocks;
pub(crate) use read::{EVENT_COLUMNS, decode_event};
pub(crate) use write::case_no_of;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tongban_domain::case::{CaseNo, CaseState};
use tongban_domain::ident::RegionCode;

use crate::{CaseStore, Db, StoreError};
use records::{
    AuditRecord, CaseFilter, CaseUpdate, ChainCheck, Created, IdempotencyRecord, NewCase,
    OutboxEvent, StoredCase, Updated,
};

#[async_trait]
impl CaseStore for Db {
    async fn create_case(&self, new: NewCase) -> Result<Created, StoreError> {
        grouped::create(self, new).await
    }

    async fn load_case(&self, case_no: &CaseNo) -> Result<Option<StoredCase>, StoreError> {
        read::case(self, case_no).await
    }

    async fn update_case(&self, update: CaseUpdate) -> Result<Updated, StoreError> {
        write::update(self, update).await
    }

    async fn idempotency_record(
        &self,
        scope: &str,
        key: &str,
    ) -> Result<Option<IdempotencyRecord>, StoreError> {
        read::key(self, scope, key).await
    }

    async fn audit_trail(&self, case_no: &CaseNo) -> Result<Vec<AuditRecord>, StoreError> {
        audit::trail(self, case_no).await
    }

    async fn verify_audit_chain(&self, case_no: &CaseNo) -> Result<ChainCheck, StoreError> {
        audit::verify(self, case_no).await
    }

    async fn pending_outbox(&self, limit: i64) -> Result<Vec<OutboxEvent>, StoreError> {
        read::pending(self, limit).await
    }

    async fn mark_dispatched(&self, ids: &[i64], at: DateTime<Utc>) -> Result<u64, StoreError> {
        read::mark_dispatched(self, ids, at).await
    }

    async fn list_cases(&self, filter: &CaseFilter) -> Result<Vec<StoredCase>, StoreError> {
        read::list(self, filter).await
    }

    async fn worklist_cases(
        &self,
        region_within: Option<&RegionCode>,
        with_remote: bool,
        states: &[CaseState],
        changed_since: Option<DateTime<Utc>>,
        limit: i64,
    ) -> Result<Vec<StoredCase>, StoreError> {
        worklist::cases(
            self,
            region_within,
            with_remote,
            states,
            changed_since,
            limit,
        )
        .await
    }
}
