//! The records the event store takes and hands out: warnings, claimed
//! outbox events, notifications, webhook subscriptions and deliveries.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use tongban_domain::case::{CaseNo, Warning};
use tongban_domain::ident::{Code, RegionCode};

use crate::{OutboxEvent, Topic};

/// A deadline warning to raise for one case or one member of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWarning {
    /// The member item it concerns; `None` for the whole case.
    pub member: Option<Code>,
    /// Yellow or red (never `Warning::None`).
    pub level: Warning,
    /// The region that handles it (the member's, or the case's).
    pub region: RegionCode,
    /// The department that handles it (the member's, or the lead one).
    pub department: Code,
    /// The member's or the case's name.
    pub name: String,
    /// The promised due date the warning is about.
    pub due: NaiveDate,
}

/// What raising a case's warnings did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Raised {
    /// These warnings were new and are now raised, each with its
    /// `case.warning_raised` outbox event; the others were raised before.
    Done(Vec<NewWarning>),
    /// Another node holds the case right now (PostgreSQL `SKIP LOCKED`):
    /// nothing was written; the next scan looks again.
    Busy,
    /// The case changed since it was read: nothing was written; the next
    /// scan recomputes.
    Stale,
}

/// A raised warning as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarningRecord {
    /// Its id, increasing in raise order.
    pub id: i64,
    /// The case.
    pub case_no: CaseNo,
    /// The member item; `None` for the whole case.
    pub member: Option<Code>,
    /// Yellow or red.
    pub level: Warning,
    /// The handling region.
    pub region: RegionCode,
    /// The handling department.
    pub department: Code,
    /// The member's or the case's name.
    pub name: String,
    /// The promised due date.
    pub due: NaiveDate,
    /// When it was raised.
    pub raised_at: DateTime<Utc>,
}

/// An outbox event claimed by one dispatcher until `claimed_until`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimedEvent {
    /// The event.
    pub event: OutboxEvent,
    /// The claim's token: only its holder may settle the event.
    pub token: String,
}

/// An in-app message to write when an event is settled; it concerns the
/// event's case or other aggregate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotification {
    /// The account it is for (an actor id).
    pub recipient: String,
    /// The event code it comes from.
    pub event: String,
    /// Short Chinese title.
    pub title: String,
    /// Chinese text (no unmasked personal numbers).
    pub body: String,
}

/// One stored in-app message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// Its id, increasing in write order.
    pub id: i64,
    /// The account it is for.
    pub recipient: String,
    /// The case it concerns; `None` for an event about another aggregate.
    pub case_no: Option<CaseNo>,
    /// The kind of aggregate its event concerns.
    pub topic: Topic,
    /// The other aggregate's id (appeal number, proof request id, …).
    pub aggregate_id: Option<String>,
    /// The event code it comes from.
    pub event: String,
    /// Short Chinese title.
    pub title: String,
    /// Chinese text.
    pub body: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// When the recipient read it.
    pub read_at: Option<DateTime<Utc>>,
}

/// A department system's webhook subscription.
#[derive(Clone, PartialEq, Eq)]
pub struct Subscription {
    /// Its id.
    pub id: String,
    /// A name people recognise (e.g. 市场监管审批系统).
    pub name: String,
    /// The department whose cases it receives events of.
    pub department: Code,
    /// The department's region.
    pub region: RegionCode,
    /// Where events are POSTed (http://…).
    pub url: String,
    /// The HMAC-SHA256 key of the `X-Tongban-Signature` header.
    pub secret: String,
    /// Event codes it wants; `*` for all.
    pub events: Vec<String>,
    /// Who created it (an actor id).
    pub created_by: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

impl fmt::Debug for Subscription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Subscription")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("department", &self.department)
            .field("url", &self.url)
            .field("secret", &"***")
            .field("events", &self.events)
            .finish_non_exhaustive()
    }
}

impl Subscription {
    /// True when the subscription wants events of this code.
    pub fn wants(&self, event: &str) -> bool {
        self.events.iter().any(|e| e == "*" || e == event)
    }
}

/// A webhook delivery to queue when an event is settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDelivery {
    /// Its id (sent as `X-Tongban-Delivery`).
    pub id: String,
    /// The subscription it goes to.
    pub subscription_id: String,
    /// The event code.
    pub event: String,
    /// The exact JSON body to POST (and sign).
    pub body: String,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryStatus {
    /// Waiting for its next attempt.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Every attempt failed: on the dead-letter list.
    Dead,
}

impl DeliveryStatus {
    /// Stable code, as stored.
    pub fn code(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Dead => "dead",
        }
    }

    /// The status named by `code`.
    pub fn parse(code: &str) -> Option<DeliveryStatus> {
        match code {
            "pending" => Some(DeliveryStatus::Pending),
            "delivered" => Some(DeliveryStatus::Delivered),
            "dead" => Some(DeliveryStatus::Dead),
            _ => None,
        }
    }
}

/// One stored delivery, with where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// Its id.
    pub id: String,
    /// The subscription it goes to.
    pub subscription_id: String,
    /// The subscription's department (for the admin's scope).
    pub department: Code,
    /// The subscription's region.
    pub region: RegionCode,
    /// The outbox event it carries.
    pub outbox_id: i64,
    /// The case the event concerns; `None` for another aggregate's event.
    pub case_no: Option<CaseNo>,
    /// The kind of aggregate the event concerns.
    pub topic: Topic,
    /// The other aggregate's id (appeal number, proof request id, …).
    pub aggregate_id: Option<String>,
    /// The event code.
    pub event: String,
    /// The JSON body.
    pub body: String,
    /// Where it stands.
    pub status: DeliveryStatus,
    /// Attempts made so far.
    pub attempts: i64,
    /// When the next attempt is due.
    pub next_attempt_at: DateTime<Utc>,
    /// The HTTP status of the last attempt, if one was received.
    pub last_status: Option<i64>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
    /// When it was delivered or given up.
    pub finished_at: Option<DateTime<Utc>>,
}

/// A due delivery claimed by one worker, with its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedDelivery {
    /// The delivery.
    pub delivery: Delivery,
    /// The URL to POST to.
    pub url: String,
    /// The key to sign with.
    pub secret: String,
    /// The claim's token: only its holder may record the attempt.
    pub token: String,
}

/// What one delivery attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// The receiver answered 2xx.
    Delivered {
        /// The HTTP status.
        status: i64,
    },
    /// It failed; try again at `next_attempt_at`.
    Retry {
        /// The HTTP status, if any was received.
        status: Option<i64>,
        /// Why (no secrets, no personal data).
        error: String,
        /// When to try again.
        next_attempt_at: DateTime<Utc>,
    },
    /// It failed for the last time: onto the dead-letter list.
    GiveUp {
        /// The HTTP status, if any was received.
        status: Option<i64>,
        /// Why.
        error: String,
    },
}
