//! 好差评: ratings of cases, visits and online services, the bad-rating rectification workflow and scores — persistence.

use async_trait::async_trait;

use crate::Db;

/// Persistence of reviews.
#[async_trait]
pub trait ReviewStore: Send + Sync {}

#[async_trait]
impl ReviewStore for Db {}
