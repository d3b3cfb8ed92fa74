//! The licence store: [`LicenceStore`] for [`Db`] — department seals
//! (private keys encrypted only), issued licences with their signatures,
//! number sequences and each licence's history. Licence types are catalog
//! entries (`CatalogStore`, table `catalog_licence_types`).
//!
//! The store knows nothing of cryptography: keys and signatures arrive as
//! text. It enforces what it must itself: one licence per number, one per
//! issuing case member, one seal per department, optimistic row versions,
//! and a history that is only ever appended to.

mod read;
mod records;
pub(crate) mod write;

use async_trait::async_trait;
use tongban_domain::licence::Revision;

pub use records::{IssuedFor, LicenceInsert, LicenceRow, LicenceWrite, SealRow};

use crate::{Db, StoreError};

/// Persistence of licences and department seals.
#[async_trait]
pub trait LicenceStore: Send + Sync {
    /// Stores `seal` unless the department already has one; returns the
    /// department's seal as stored (so concurrent first uses agree on one).
    async fn insert_seal(&self, seal: &SealRow) -> Result<SealRow, StoreError>;
    /// A department's seal.
    async fn seal(&self, department: &str) -> Result<Option<SealRow>, StoreError>;
    /// The next yearly sequence for licence numbers of `tag` in `region`
    /// (1, 2, …); concurrent callers never get the same one.
    async fn next_licence_sequence(
        &self,
        region: &str,
        tag: &str,
        year: i32,
    ) -> Result<u32, StoreError>;
    /// Stores a new licence and its history. When `row.issued_for` already
    /// has a licence, returns it and writes nothing; a taken number is
    /// `StoreError::AlreadyExists`.
    async fn insert_licence(&self, row: &LicenceRow) -> Result<LicenceInsert, StoreError>;
    /// One licence by compact number.
    async fn licence(&self, number: &str) -> Result<Option<LicenceRow>, StoreError>;
    /// The licence a case member's grant issued.
    async fn licence_issued_for(
        &self,
        case_no: &str,
        item: &str,
    ) -> Result<Option<LicenceRow>, StoreError>;
    /// Writes a changed licence (status, body, signature) if its row is
    /// still at `expected_row_version` (else `StoreError::Conflict`), and
    /// appends the history entries not stored yet.
    async fn update_licence(
        &self,
        row: &LicenceRow,
        expected_row_version: i64,
    ) -> Result<(), StoreError>;
    /// The stored history rows of a licence, oldest first (append-only).
    async fn licence_history(&self, number: &str) -> Result<Vec<Revision>, StoreError>;
    /// Every licence the subject (`holder.subject`) holds, in any status,
    /// newest first: the holder's wallet (我的证照).
    async fn licences_held_by(&self, subject: &str) -> Result<Vec<LicenceRow>, StoreError>;
    /// The subject's newest licence of the type that is not revoked (an
    /// expired one can still be renewed or cancelled), if any.
    async fn current_licence(
        &self,
        subject: &str,
        type_code: &str,
    ) -> Result<Option<LicenceRow>, StoreError>;
}

#[async_trait]
impl LicenceStore for Db {
    async fn insert_seal(&self, seal: &SealRow) -> Result<SealRow, StoreError> {
        write::insert_seal(self, seal).await
    }

    async fn seal(&self, department: &str) -> Result<Option<SealRow>, StoreError> {
        read::seal(self.reader(), department).await
    }

    async fn next_licence_sequence(
        &self,
        region: &str,
        tag: &str,
        year: i32,
    ) -> Result<u32, StoreError> {
        write::next_sequence(self, region, tag, year).await
    }

    async fn insert_licence(&self, row: &LicenceRow) -> Result<LicenceInsert, StoreError> {
        write::insert_licence(self, row).await
    }

    async fn licence(&self, number: &str) -> Result<Option<LicenceRow>, StoreError> {
        read::licence(self.reader(), number).await
    }

    async fn licence_issued_for(
        &self,
        case_no: &str,
        item: &str,
    ) -> Result<Option<LicenceRow>, StoreError> {
        read::issued_for(self.reader(), case_no, item).await
    }

    async fn update_licence(
        &self,
        row: &LicenceRow,
        expected_row_version: i64,
    ) -> Result<(), StoreError> {
        write::update_licence(self, row, expected_row_version).await
    }

    async fn licence_history(&self, number: &str) -> Result<Vec<Revision>, StoreError> {
        read::history(self.reader(), number).await
    }

    async fn licences_held_by(&self, subject: &str) -> Result<Vec<LicenceRow>, StoreError> {
        read::held_by(self.reader(), subject).await
    }

    async fn current_licence(
        &self,
        subject: &str,
        type_code: &str,
    ) -> Result<Option<LicenceRow>, StoreError> {
        read::current(self.reader(), subject, type_code).await
    }
}
