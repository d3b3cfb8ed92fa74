//! The hall queue store: [`HallStore`] for [`Db`] — numbers taken, called
//! and served, and the windows of each hall.

use async_trait::async_trait;

use crate::Db;

/// Persistence of hall queues.
#[async_trait]
pub trait HallStore: Send + Sync {}

#[async_trait]
impl HallStore for Db {}
