//! 好差评: ratings of cases, visits and online services, the bad-rating rectification workflow and scores.

use std::sync::Arc;

use tongban_store::ReviewStore;

use crate::accounts::Clock;

/// The reviews use cases.
#[allow(dead_code)] // scaffold: filled in by the reviews work
pub struct ReviewService {
    store: Arc<dyn ReviewStore>,
    clock: Arc<dyn Clock>,
}

impl ReviewService {
    /// A service over `store`.
    pub fn new(store: Arc<dyn ReviewStore>, clock: Arc<dyn Clock>) -> ReviewService {
        ReviewService { store, clock }
    }
}
