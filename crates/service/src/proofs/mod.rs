//! 电子证明: requests for e-proofs and their issuance within the proof type's deadline.

use std::sync::Arc;

use tongban_store::ProofStore;

use crate::accounts::Clock;

/// The proofs use cases.
#[allow(dead_code)] // scaffold: filled in by the proofs work
pub struct ProofService {
    store: Arc<dyn ProofStore>,
    clock: Arc<dyn Clock>,
}

impl ProofService {
    /// A service over `store`.
    pub fn new(store: Arc<dyn ProofStore>, clock: Arc<dyn Clock>) -> ProofService {
        ProofService { store, clock }
    }
}
