//! 异议核实与纠错: a holder's objection to a licence field, verified and corrected by the issuing department.

use std::sync::Arc;

use tongban_store::ObjectionStore;

use crate::accounts::Clock;

/// The objections use cases.
#[allow(dead_code)] // scaffold: filled in by the objections work
pub struct ObjectionService {
    store: Arc<dyn ObjectionStore>,
    clock: Arc<dyn Clock>,
}

impl ObjectionService {
    /// A service over `store`.
    pub fn new(store: Arc<dyn ObjectionStore>, clock: Arc<dyn Clock>) -> ObjectionService {
        ObjectionService { store, clock }
    }
}
