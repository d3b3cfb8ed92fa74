//! The subject store: [`SubjectStore`] for [`Db`] — subjects (一人一档 /
//! 一企一档) and the identifiers that find them, consents (用数/用证授权),
//! the data-use log, and the demo data sources' tables.

use async_trait::async_trait;

use crate::Db;

/// Persistence of subjects, consents, the data-use log and the demo
/// data sources.
#[async_trait]
pub trait SubjectStore: Send + Sync {}

#[async_trait]
impl SubjectStore for Db {}
