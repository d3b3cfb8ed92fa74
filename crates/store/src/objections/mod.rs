//! 异议核实与纠错: a holder's objection to a licence field, verified and corrected by the issuing department — persistence.

use async_trait::async_trait;

use crate::Db;

/// Persistence of objections.
#[async_trait]
pub trait ObjectionStore: Send + Sync {}

#[async_trait]
impl ObjectionStore for Db {}
