//! The event store: [`EventStore`] for [`Db`] — deadline warnings raised
//! once, the outbox's claims and dispatch, in-app notifications, webhook
//! subscriptions, deliveries and the dead-letter list.
//!
//! Everything that must happen once is made so by the database, not by
//! the caller: a warning by its unique key (case, member, level), an
//! outbox event and a delivery attempt by a lease token that only one
//! worker holds (picked with `FOR UPDATE SKIP LOCKED` on PostgreSQL).

mod deliveries;
mod notifications;
mod outbox;
pub mod records;
mod subscriptions;
mod warnings;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tongban_domain::case::CaseNo;
use tongban_domain::ident::RegionCode;

use crate::{Db, StoreError, StoredCase};
use records::{
    Attempt, ClaimedDelivery, ClaimedEvent, Delivery, DeliveryStatus, NewDelivery, NewNotification,
    NewWarning, Notification, Raised, Subscription, WarningRecord,
};

pub use warnings::WARNING_RAISED;

/// Persistence of warnings, notifications and webhook deliveries.
#[async_trait]
pub trait EventStore: Send + Sync {
    /// Up to `limit` cases not done yet, by case number after `after`.
    async fn open_cases(
        &self,
        after: Option<&CaseNo>,
        limit: i64,
    ) -> Result<Vec<StoredCase>, StoreError>;
    /// Raises the case's `warnings` (computed from its `version`) that
    /// were not raised before, each with a `case.warning_raised` outbox
    /// event, in one transaction. Exactly once per (case, member, level),
    /// however many callers race.
    async fn raise_warnings(
        &self,
        case_no: &CaseNo,
        version: i64,
        warnings: &[NewWarning],
        at: DateTime<Utc>,
    ) -> Result<Raised, StoreError>;
    /// The newest `limit` warnings of cases handled in `region` or inside it.
    async fn warnings(
        &self,
        region: &RegionCode,
        limit: i64,
    ) -> Result<Vec<WarningRecord>, StoreError>;
    /// Claims up to `limit` undispatched events nobody holds at `now`,
    /// oldest first, under `token` until `until`. Concurrent claimers
    /// never get the same event.
    async fn claim_outbox(
        &self,
        token: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<ClaimedEvent>, StoreError>;
    /// Writes a claimed event's notifications and deliveries and marks it
    /// dispatched, in one transaction; false (nothing written) when the
    /// claim is no longer the caller's.
    async fn settle_event(
        &self,
        claim: &ClaimedEvent,
        notifications: &[NewNotification],
        deliveries: &[NewDelivery],
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    /// The recipient's newest `limit` in-app messages.
    async fn notifications(
        &self,
        recipient: &str,
        limit: i64,
    ) -> Result<Vec<Notification>, StoreError>;
    /// Marks the recipient's message `id` (all unread ones with `None`)
    /// read; returns how many were unread.
    async fn mark_read(
        &self,
        recipient: &str,
        id: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<u64, StoreError>;
    /// Stores a new webhook subscription.
    async fn insert_subscription(&self, subscription: &Subscription) -> Result<(), StoreError>;
    /// Every live subscription.
    async fn subscriptions(&self) -> Result<Vec<Subscription>, StoreError>;
    /// One live subscription.
    async fn subscription(&self, id: &str) -> Result<Option<Subscription>, StoreError>;
    /// Changes a live subscription's name, URL and events.
    async fn update_subscription(&self, subscription: &Subscription) -> Result<bool, StoreError>;
    /// Retires a live subscription (its history stays).
    async fn disable_subscription(&self, id: &str, at: DateTime<Utc>) -> Result<bool, StoreError>;
    /// Claims up to `limit` deliveries due at `now` under `token` until
    /// `until`; concurrent claimers never get the same one.
    async fn claim_deliveries(
        &self,
        token: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<ClaimedDelivery>, StoreError>;
    /// Records an attempt of a claimed delivery; false when the claim is
    /// no longer the caller's.
    async fn record_attempt(
        &self,
        id: &str,
        token: &str,
        attempt: &Attempt,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    /// The newest `limit` deliveries in `status`.
    async fn deliveries(
        &self,
        status: DeliveryStatus,
        limit: i64,
    ) -> Result<Vec<Delivery>, StoreError>;
    /// One dead delivery.
    async fn dead_delivery(&self, id: &str) -> Result<Option<Delivery>, StoreError>;
    /// Puts a dead delivery back in the queue, due at `now`; false when
    /// it is not on the dead-letter list.
    async fn retry_delivery(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError>;
}

#[async_trait]
impl EventStore for Db {
    async fn open_cases(
        &self,
        after: Option<&CaseNo>,
        limit: i64,
    ) -> Result<Vec<StoredCase>, StoreError> {
        warnings::open_cases(self, after, limit).await
    }

    async fn raise_warnings(
        &self,
        case_no: &CaseNo,
        version: i64,
        list: &[NewWarning],
        at: DateTime<Utc>,
    ) -> Result<Raised, StoreError> {
        warnings::raise(self, case_no, version, list, at).await
    }

    async fn warnings(
        &self,
        region: &RegionCode,
        limit: i64,
    ) -> Result<Vec<WarningRecord>, StoreError> {
        let found = warnings::list(self, subtree_prefix(region), limit).await?;
        Ok(found
            .into_iter()
            .filter(|w| w.region.is_within(region))
            .collect())
    }

    async fn claim_outbox(
        &self,
        token: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<ClaimedEvent>, StoreError> {
        outbox::claim(self, token, now, until, limit).await
    }

    async fn settle_event(
        &self,
        claim: &ClaimedEvent,
        notifications: &[NewNotification],
        deliveries: &[NewDelivery],
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        outbox::settle(self, claim, notifications, deliveries, at).await
    }

    async fn notifications(
        &self,
        recipient: &str,
        limit: i64,
    ) -> Result<Vec<Notification>, StoreError> {
        notifications::list(self, recipient, limit).await
    }

    async fn mark_read(
        &self,
        recipient: &str,
        id: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        notifications::mark_read(self, recipient, id, at).await
    }

    async fn insert_subscription(&self, subscription: &Subscription) -> Result<(), StoreError> {
        subscriptions::insert(self, subscription).await
    }

    async fn subscriptions(&self) -> Result<Vec<Subscription>, StoreError> {
        subscriptions::list(self).await
    }

    async fn subscription(&self, id: &str) -> Result<Option<Subscription>, StoreError> {
        subscriptions::get(self, id).await
    }

    async fn update_subscription(&self, subscription: &Subscription) -> Result<bool, StoreError> {
        subscriptions::update(self, subscription).await
    }

    async fn disable_subscription(&self, id: &str, at: DateTime<Utc>) -> Result<bool, StoreError> {
        subscriptions::disable(self, id, at).await
    }

    async fn claim_deliveries(
        &self,
        token: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<ClaimedDelivery>, StoreError> {
        deliveries::claim(self, token, now, until, limit).await
    }

    async fn record_attempt(
        &self,
        id: &str,
        token: &str,
        attempt: &Attempt,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        deliveries::record(self, id, token, attempt, at).await
    }

    async fn deliveries(
        &self,
        status: DeliveryStatus,
        limit: i64,
    ) -> Result<Vec<Delivery>, StoreError> {
        deliveries::list(self, status, None, limit).await
    }

    async fn dead_delivery(&self, id: &str) -> Result<Option<Delivery>, StoreError> {
        let found = deliveries::list(self, DeliveryStatus::Dead, Some(id), 1).await?;
        Ok(found.into_iter().next())
    }

    async fn retry_delivery(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        deliveries::revive(self, id, now).await
    }
}

/// The nullable `case_no` column of a notification or delivery row.
fn opt_case_no(row: &sqlx::any::AnyRow) -> Result<Option<CaseNo>, StoreError> {
    use sqlx::Row;
    let text: Option<String> = row.try_get("case_no")?;
    text.as_deref().map(crate::cases::case_no_of).transpose()
}

/// The `topic` column of a notification or delivery row.
fn topic_of(row: &sqlx::any::AnyRow) -> Result<crate::Topic, StoreError> {
    use sqlx::Row;
    let text: String = row.try_get("topic")?;
    crate::Topic::parse(&text)
        .ok_or_else(|| StoreError::Corrupt(format!("事件主题列的取值“{text}”无效")))
}

/// The code prefix every region inside `region` starts with (a
/// province's first two digits, a city's first four, otherwise the whole
/// code); the exact check is `RegionCode::is_within`.
fn subtree_prefix(region: &RegionCode) -> &str {
    let code = region.as_str();
    if code.len() == 6 {
        if code.ends_with("0000") {
            return &code[..2];
        }
        if code.ends_with("00") {
            return &code[..4];
        }
    }
    code
}
