//! 我的证照: the holder's licences, the holder's grants of their use (证照授权) and the use log.

use std::sync::Arc;

use tongban_store::WalletStore;

use crate::accounts::Clock;

/// The wallet use cases.
#[allow(dead_code)] // scaffold: filled in by the wallet work
pub struct WalletService {
    store: Arc<dyn WalletStore>,
    clock: Arc<dyn Clock>,
}

impl WalletService {
    /// A service over `store`.
    pub fn new(store: Arc<dyn WalletStore>, clock: Arc<dyn Clock>) -> WalletService {
        WalletService { store, clock }
    }
}
