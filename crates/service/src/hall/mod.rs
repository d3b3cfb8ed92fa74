//! The service hall (政务服务大厅): queue numbers (取号/叫号) and the
//! "hall now" snapshot for supervisors.

use std::sync::Arc;

use tongban_domain::auth::Actor;
use tongban_domain::hall::HallSnapshot;
use tongban_store::HallStore;

use crate::accounts::{AccountService, Clock};
use crate::error::ServiceError;

/// Hall queues and their snapshots.
pub struct HallService {
    #[allow(dead_code)]
    store: Arc<dyn HallStore>,
    #[allow(dead_code)]
    accounts: Arc<AccountService>,
    #[allow(dead_code)]
    clock: Arc<dyn Clock>,
}

impl HallService {
    /// A hall service over `store`.
    pub fn new(
        store: Arc<dyn HallStore>,
        accounts: Arc<AccountService>,
        clock: Arc<dyn Clock>,
    ) -> HallService {
        HallService {
            store,
            accounts,
            clock,
        }
    }

    /// The halls within the supervisor's region, as they are now.
    pub async fn now(&self, _actor: &Actor) -> Result<Vec<HallSnapshot>, ServiceError> {
        Ok(Vec::new())
    }
}
