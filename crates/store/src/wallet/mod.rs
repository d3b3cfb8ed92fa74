//! 我的证照: the holder's licences, the holder's grants of their use (证照授权) and the use log — persistence.

use async_trait::async_trait;

use crate::Db;

/// Persistence of wallet.
#[async_trait]
pub trait WalletStore: Send + Sync {}

#[async_trait]
impl WalletStore for Db {}
