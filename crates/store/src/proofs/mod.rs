//! The proof store: [`ProofStore`] for [`Db`] — e-proof requests (电子证明
//! 申请) with their state and optimistic row version, and the events each
//! change writes in the same transaction (the shared `outbox`, topic
//! `proof`).
//!
//! The e-proofs themselves are licences, kept by the licence store; a
//! request only names its licence's number once issued.

mod read;
mod records;
mod write;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use tongban_domain::proof::ProofRequest;

pub use records::{NewProofEvent, ProofEvent, ProofRequestRow};

use crate::{Db, StoreError};

/// Persistence of proof requests and their events.
#[async_trait]
pub trait ProofStore: Send + Sync {
    /// Stores a new request (row version 1) and its events in one
    /// transaction; a taken id is `StoreError::AlreadyExists`.
    async fn insert_proof_request(
        &self,
        request: &ProofRequest,
        events: &[NewProofEvent],
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// One request by id.
    async fn proof_request(&self, id: &str) -> Result<Option<ProofRequestRow>, StoreError>;
    /// The requests an applicant account made, newest first.
    async fn proof_requests_of(&self, requester: &str) -> Result<Vec<ProofRequestRow>, StoreError>;
    /// An issuing department's requests, earliest due first; with
    /// `open_only`, only those still waiting.
    async fn proof_worklist(
        &self,
        issuer: &str,
        open_only: bool,
    ) -> Result<Vec<ProofRequestRow>, StoreError>;
    /// Writes a changed request and its events if its row is still at
    /// `expected_version` (else `StoreError::Conflict`, nothing written).
    async fn update_proof_request(
        &self,
        request: &ProofRequest,
        expected_version: i64,
        events: &[NewProofEvent],
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Open requests due before `today` not reported late yet, earliest
    /// due first, at most `limit`.
    async fn unreported_overdue(
        &self,
        today: NaiveDate,
        limit: i64,
    ) -> Result<Vec<ProofRequestRow>, StoreError>;
    /// Marks an open request reported late and writes `event`, once: true
    /// when this call did it, false when it was already reported (by
    /// another node) or is no longer open.
    async fn report_overdue(
        &self,
        id: &str,
        event: &NewProofEvent,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    /// The events of one request, oldest first.
    async fn proof_events(&self, request_id: &str) -> Result<Vec<ProofEvent>, StoreError>;
}

#[async_trait]
impl ProofStore for Db {
    async fn insert_proof_request(
        &self,
        request: &ProofRequest,
        events: &[NewProofEvent],
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        write::insert(self, request, events, at).await
    }

    async fn proof_request(&self, id: &str) -> Result<Option<ProofRequestRow>, StoreError> {
        read::by_id(self.reader(), id).await
    }

    async fn proof_requests_of(&self, requester: &str) -> Result<Vec<ProofRequestRow>, StoreError> {
        read::of_requester(self.reader(), requester).await
    }

    async fn proof_worklist(
        &self,
        issuer: &str,
        open_only: bool,
    ) -> Result<Vec<ProofRequestRow>, StoreError> {
        read::worklist(self.reader(), issuer, open_only).await
    }

    async fn update_proof_request(
        &self,
        request: &ProofRequest,
        expected_version: i64,
        events: &[NewProofEvent],
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        write::update(self, request, expected_version, events, at).await
    }

    async fn unreported_overdue(
        &self,
        today: NaiveDate,
        limit: i64,
    ) -> Result<Vec<ProofRequestRow>, StoreError> {
        read::unreported_overdue(self.reader(), today, limit).await
    }

    async fn report_overdue(
        &self,
        id: &str,
        event: &NewProofEvent,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        write::report_overdue(self, id, event, at).await
    }

    async fn proof_events(&self, request_id: &str) -> Result<Vec<ProofEvent>, StoreError> {
        read::events(self.reader(), request_id).await
    }
}
