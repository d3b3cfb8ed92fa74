//! The subject store: [`SubjectStore`] for [`Db`] — subjects (一人一档 /
//! 一企一档) and the identifiers that find them, the applicant's link to
//! its subject (实名核验), consents (用数/用证授权), the data-use log, and
//! the demo data sources' tables, and the holder's licence grants (证照授权,
//! consents with a licence, a grantee and maybe a period).
//!
//! A subject is stored as a JSON body (the domain `Profile`) plus one
//! `subject_keys` row per identifier; the key table's primary key is what
//! keeps one identifier on one subject. Log entries are kept as opaque JSON
//! with the columns the store lists and orders by.

mod codec;
pub(crate) mod consents;
mod grants;
mod log;
mod profiles;
mod records;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tongban_domain::ident::Code;
use tongban_domain::subject::{
    ApplicationRef, Consent, ConsentId, LicenceGrant, Subject, SubjectId, SubjectKey,
};

use crate::{Db, StoreError};

/// Persistence of subjects, consents (licence grants among them), the
/// data-use log and the demo data sources.
#[async_trait]
pub trait SubjectStore: Send + Sync {
    /// Stores a new subject with one key row per identifier, in one
    /// transaction. A taken id or identifier is refused with
    /// `StoreError::AlreadyExists` (the identifier masked) and nothing is
    /// written.
    async fn insert_subject(&self, subject: &Subject, at: DateTime<Utc>) -> Result<(), StoreError>;
    /// One subject by id.
    async fn subject(&self, id: &SubjectId) -> Result<Option<Subject>, StoreError>;
    /// The subject one of whose identifiers names the same holder as `key`
    /// (a 台胞证 is matched on its lifelong number).
    async fn subject_by_key(&self, key: &SubjectKey) -> Result<Option<Subject>, StoreError>;
    /// Links an applicant account (actor id) to a subject, replacing an
    /// earlier link.
    async fn link_applicant(
        &self,
        applicant: &str,
        subject: &SubjectId,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// The subject an applicant account is linked to.
    async fn linked_subject(&self, applicant: &str) -> Result<Option<Subject>, StoreError>;

    /// Stores a new consent; a taken id is refused and nothing is written.
    async fn insert_consent(&self, consent: &Consent) -> Result<(), StoreError>;
    /// One consent by id, whoever gave it (the caller checks the subject).
    async fn consent(&self, id: &ConsentId) -> Result<Option<Consent>, StoreError>;
    /// Withdraws `subject`'s consent `id` at `at` (an earlier withdrawal
    /// stands) and returns it; `None` when `subject` has no such consent.
    async fn revoke_consent(
        &self,
        subject: &SubjectId,
        id: &ConsentId,
        at: DateTime<Utc>,
    ) -> Result<Option<Consent>, StoreError>;
    /// A subject's consents, newest first, optionally of one application.
    async fn consents_of(
        &self,
        subject: &SubjectId,
        application: Option<&ApplicationRef>,
    ) -> Result<Vec<Consent>, StoreError>;

    /// Appends one data-use log entry: `body` is the entry as JSON; the
    /// store lists it under `subject`, newest `at` first, and keeps the
    /// consent it was read under (which must exist). A taken id is refused
    /// and nothing is written.
    async fn append_data_use(
        &self,
        id: &str,
        subject: &SubjectId,
        at: DateTime<Utc>,
        consent: &ConsentId,
        body: &serde_json::Value,
    ) -> Result<(), StoreError>;
    /// The JSON bodies of a subject's data-use log entries, newest first.
    async fn data_uses_of(&self, subject: &SubjectId)
    -> Result<Vec<serde_json::Value>, StoreError>;

    /// Replaces what demo source `source` holds about `subject`.
    async fn put_source_records(
        &self,
        source: &Code,
        subject: &SubjectId,
        values: &[(Code, String)],
    ) -> Result<(), StoreError>;
    /// What demo source `source` holds about `subject`, by element code.
    async fn source_records(
        &self,
        source: &Code,
        subject: &SubjectId,
    ) -> Result<Vec<(Code, String)>, StoreError>;

    /// Stores a licence grant: its consent row with the grant's licence,
    /// grantee and period. A taken id is refused and nothing is written.
    /// It is withdrawn with [`SubjectStore::revoke_consent`] like any
    /// consent, and listed by [`SubjectStore::consents_of`] too.
    async fn insert_grant(&self, grant: &LicenceGrant) -> Result<(), StoreError>;
    /// One licence grant by its consent id; `None` for an unknown id or an
    /// ordinary consent.
    async fn grant(&self, id: &ConsentId) -> Result<Option<LicenceGrant>, StoreError>;
    /// A subject's licence grants, newest first (withdrawn ones included).
    async fn grants_of(&self, subject: &SubjectId) -> Result<Vec<LicenceGrant>, StoreError>;
    /// The grants that open licence `number`, newest first.
    async fn grants_of_licence(&self, number: &str) -> Result<Vec<LicenceGrant>, StoreError>;
}

#[async_trait]
impl SubjectStore for Db {
    async fn insert_subject(&self, subject: &Subject, at: DateTime<Utc>) -> Result<(), StoreError> {
        profiles::insert(self, subject, at).await
    }

    async fn subject(&self, id: &SubjectId) -> Result<Option<Subject>, StoreError> {
        profiles::by_id(self, id).await
    }

    async fn subject_by_key(&self, key: &SubjectKey) -> Result<Option<Subject>, StoreError> {
        profiles::by_key(self, key).await
    }

    async fn link_applicant(
        &self,
        applicant: &str,
        subject: &SubjectId,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        profiles::link(self, applicant, subject, at).await
    }

    async fn linked_subject(&self, applicant: &str) -> Result<Option<Subject>, StoreError> {
        profiles::linked(self, applicant).await
    }

    async fn insert_consent(&self, consent: &Consent) -> Result<(), StoreError> {
        consents::insert(self, consent).await
    }

    async fn consent(&self, id: &ConsentId) -> Result<Option<Consent>, StoreError> {
        consents::by_id(self, id).await
    }

    async fn revoke_consent(
        &self,
        subject: &SubjectId,
        id: &ConsentId,
        at: DateTime<Utc>,
    ) -> Result<Option<Consent>, StoreError> {
        consents::revoke(self, subject, id, at).await
    }

    async fn consents_of(
        &self,
        subject: &SubjectId,
        application: Option<&ApplicationRef>,
    ) -> Result<Vec<Consent>, StoreError> {
        consents::of_subject(self, subject, application).await
    }

    async fn append_data_use(
        &self,
        id: &str,
        subject: &SubjectId,
        at: DateTime<Utc>,
        consent: &ConsentId,
        body: &serde_json::Value,
    ) -> Result<(), StoreError> {
        let entry = log::Entry {
            id,
            subject,
            at,
            consent,
            body,
        };
        log::append(self, &entry).await
    }

    async fn data_uses_of(
        &self,
        subject: &SubjectId,
    ) -> Result<Vec<serde_json::Value>, StoreError> {
        log::of_subject(self, subject).await
    }

    async fn put_source_records(
        &self,
        source: &Code,
        subject: &SubjectId,
        values: &[(Code, String)],
    ) -> Result<(), StoreError> {
        records::put(self, source, subject, values).await
    }

    async fn source_records(
        &self,
        source: &Code,
        subject: &SubjectId,
    ) -> Result<Vec<(Code, String)>, StoreError> {
        records::of(self, source, subject).await
    }

    async fn insert_grant(&self, grant: &LicenceGrant) -> Result<(), StoreError> {
        grants::insert(self, grant).await
    }

    async fn grant(&self, id: &ConsentId) -> Result<Option<LicenceGrant>, StoreError> {
        grants::by_id(self, id).await
    }

    async fn grants_of(&self, subject: &SubjectId) -> Result<Vec<LicenceGrant>, StoreError> {
        grants::of_subject(self, subject).await
    }

    async fn grants_of_licence(&self, number: &str) -> Result<Vec<LicenceGrant>, StoreError> {
        grants::of_licence(self, number).await
    }
}
