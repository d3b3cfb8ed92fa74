//! The event store: [`EventStore`] for [`Db`] — deadline warnings raised
//! once, the outbox's dispatch state, in-app notifications, webhook
//! subscriptions, deliveries and the dead-letter list.

use async_trait::async_trait;

use crate::Db;

/// Persistence of warnings, notifications and webhook deliveries.
#[async_trait]
pub trait EventStore: Send + Sync {}

#[async_trait]
impl EventStore for Db {}
