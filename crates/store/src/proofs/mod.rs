//! 电子证明: requests for e-proofs and their issuance within the proof type's deadline — persistence.

use async_trait::async_trait;

use crate::Db;

/// Persistence of proofs.
#[async_trait]
pub trait ProofStore: Send + Sync {}

#[async_trait]
impl ProofStore for Db {}
