//! 诉求: 办不成事, 企业吹哨, 12345 work orders and 助企纾困 appeals, dispatched, escalated, answered and rated.

use std::sync::Arc;

use tongban_store::AppealStore;

use crate::accounts::Clock;

/// The appeals use cases.
#[allow(dead_code)] // scaffold: filled in by the appeals work
pub struct AppealService {
    store: Arc<dyn AppealStore>,
    clock: Arc<dyn Clock>,
}

impl AppealService {
    /// A service over `store`.
    pub fn new(store: Arc<dyn AppealStore>, clock: Arc<dyn Clock>) -> AppealService {
        AppealService { store, clock }
    }
}
