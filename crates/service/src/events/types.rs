//! What the event use cases take and hand back.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tongban_domain::case::{CaseNo, Warning};
use tongban_domain::ident::{Code, RegionCode};
use tongban_store::{Delivery, Notification, Subscription, WarningRecord};

/// A raised deadline warning, as a supervisor sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WarningView {
    /// Its id.
    pub id: i64,
    /// The case.
    pub case_no: CaseNo,
    /// The member item; `None` for the whole case.
    pub item: Option<Code>,
    /// `yellow` or `red`.
    pub level: Warning,
    /// 黄牌预警 or 红牌超期.
    pub label: String,
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

impl From<WarningRecord> for WarningView {
    fn from(w: WarningRecord) -> WarningView {
        WarningView {
            id: w.id,
            case_no: w.case_no,
            item: w.member,
            label: w.level.label().to_string(),
            level: w.level,
            region: w.region,
            department: w.department,
            name: w.name,
            due: w.due,
            raised_at: w.raised_at,
        }
    }
}

/// An in-app message, as its recipient sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotificationView {
    /// Its id (to mark it read).
    pub id: i64,
    /// The case it concerns; empty for a message about another aggregate.
    pub case_no: String,
    /// The kind of aggregate it concerns (`case`, `appeal`, `proof`, …).
    pub topic: String,
    /// The number of what it concerns: the case number, appeal number,
    /// proof request id ….
    pub reference: String,
    /// The event code it comes from (e.g. `case.accepted`).
    pub event: String,
    /// Short title.
    pub title: String,
    /// The message.
    pub body: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// Whether it was read.
    pub read: bool,
}

impl From<Notification> for NotificationView {
    fn from(n: Notification) -> NotificationView {
        let reference = reference(n.case_no.as_ref(), n.aggregate_id.as_deref());
        NotificationView {
            id: n.id,
            case_no: n.case_no.map(|no| no.to_string()).unwrap_or_default(),
            topic: n.topic.code().to_string(),
            reference,
            event: n.event,
            title: n.title,
            body: n.body,
            created_at: n.created_at,
            read: n.read_at.is_some(),
        }
    }
}

/// A webhook subscription to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSubscription {
    /// A name people recognise (e.g. 市场监管审批系统).
    pub name: String,
    /// The department whose cases it receives events of.
    pub department: Code,
    /// Where events are POSTed (`http://host:port/path`).
    pub url: String,
    /// Event codes wanted (`case.accepted`, `case.warning_raised`, …), or
    /// `*` for all.
    pub events: Vec<String>,
}

/// A change to a subscription: every field given replaces the old one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionChange {
    /// A new name.
    #[serde(default)]
    pub name: Option<String>,
    /// A new URL.
    #[serde(default)]
    pub url: Option<String>,
    /// New event codes.
    #[serde(default)]
    pub events: Option<Vec<String>>,
}

/// A subscription as admins see it (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubscriptionView {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The department.
    pub department: Code,
    /// The department's region.
    pub region: RegionCode,
    /// The target URL.
    pub url: String,
    /// Event codes wanted.
    pub events: Vec<String>,
    /// Who created it.
    pub created_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

impl From<Subscription> for SubscriptionView {
    fn from(s: Subscription) -> SubscriptionView {
        SubscriptionView {
            id: s.id,
            name: s.name,
            department: s.department,
            region: s.region,
            url: s.url,
            events: s.events,
            created_by: s.created_by,
            created_at: s.created_at,
        }
    }
}

/// A new subscription with its signing secret, shown this once.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct SubscriptionCreated {
    /// The subscription.
    pub subscription: SubscriptionView,
    /// The HMAC-SHA256 key: the receiver checks `X-Tongban-Signature`
    /// with it. It is not shown again.
    pub secret: String,
}

impl fmt::Debug for SubscriptionCreated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SubscriptionCreated")
            .field("subscription", &self.subscription)
            .field("secret", &"***")
            .finish()
    }
}

/// A delivery on the dead-letter list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadLetter {
    /// The delivery id (its `X-Tongban-Delivery`).
    pub id: String,
    /// The subscription.
    pub subscription_id: String,
    /// The subscription's department.
    pub department: Code,
    /// The case; empty for an event about another aggregate.
    pub case_no: String,
    /// The kind of aggregate the event concerns (`case`, `appeal`, …).
    pub topic: String,
    /// The number of what it concerns (case number, appeal number, …).
    pub reference: String,
    /// The event code.
    pub event: String,
    /// Attempts made.
    pub attempts: i64,
    /// The last HTTP status received, if any.
    pub last_status: Option<i64>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
    /// When it was given up.
    pub given_up_at: Option<DateTime<Utc>>,
}

impl From<Delivery> for DeadLetter {
    fn from(d: Delivery) -> DeadLetter {
        let reference = reference(d.case_no.as_ref(), d.aggregate_id.as_deref());
        DeadLetter {
            id: d.id,
            subscription_id: d.subscription_id,
            department: d.department,
            case_no: d.case_no.map(|no| no.to_string()).unwrap_or_default(),
            topic: d.topic.code().to_string(),
            reference,
            event: d.event,
            attempts: d.attempts,
            last_status: d.last_status,
            last_error: d.last_error,
            created_at: d.created_at,
            given_up_at: d.finished_at,
        }
    }
}

/// The number of what an event concerns: its case number, else its
/// aggregate's id.
fn reference(case_no: Option<&CaseNo>, aggregate_id: Option<&str>) -> String {
    match (case_no, aggregate_id) {
        (Some(no), _) => no.to_string(),
        (None, Some(id)) => id.to_string(),
        (None, None) => String::new(),
    }
}
