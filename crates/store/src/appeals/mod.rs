//! 诉求: 办不成事, 企业吹哨, 12345 work orders and 助企纾困 appeals, dispatched, escalated, answered and rated — persistence.

use async_trait::async_trait;

use crate::Db;

/// Persistence of appeals.
#[async_trait]
pub trait AppealStore: Send + Sync {}

#[async_trait]
impl AppealStore for Db {}
