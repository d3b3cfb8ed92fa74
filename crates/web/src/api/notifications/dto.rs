//! The JSON shapes of the notification endpoints.

use serde::{Deserialize, Serialize};
use tongban_service::events::{
    DeadLetter, NotificationView, SubscriptionCreated, SubscriptionView, WarningView,
};
use utoipa::{IntoParams, ToSchema};

/// `?limit=`: how many to list.
#[derive(Debug, Clone, Deserialize, IntoParams)]
pub struct ListParams {
    /// At most this many (default 50).
    pub limit: Option<i64>,
}

/// An in-app message to the applicant.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NotificationDto {
    /// Its id (to mark it read).
    pub id: i64,
    /// The case number.
    pub case_no: String,
    /// The event code, e.g. `case.accepted`.
    pub event: String,
    /// Short title.
    pub title: String,
    /// The message.
    pub body: String,
    /// When it was written (RFC 3339).
    pub created_at: String,
    /// Whether it was read.
    pub read: bool,
}

impl From<NotificationView> for NotificationDto {
    fn from(n: NotificationView) -> NotificationDto {
        NotificationDto {
            id: n.id,
            case_no: n.case_no.to_string(),
            event: n.event,
            title: n.title,
            body: n.body,
            created_at: n.created_at.to_rfc3339(),
            read: n.read,
        }
    }
}

/// Which messages to mark read.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct MarkReadDto {
    /// One message; omitted: every unread one.
    #[serde(default)]
    pub id: Option<i64>,
}

/// How many messages changed.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MarkedDto {
    /// Messages that were unread and are now read.
    pub marked: u64,
}

/// A deadline warning (红黄牌).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WarningDto {
    /// Its id.
    pub id: i64,
    /// The case number.
    pub case_no: String,
    /// The member item; `null` for the whole case.
    pub item: Option<String>,
    /// `yellow` or `red`.
    pub level: String,
    /// 黄牌预警 or 红牌超期.
    pub label: String,
    /// The handling region.
    pub region: String,
    /// The handling department.
    pub department: String,
    /// The member's or the case's name.
    pub name: String,
    /// The promised due date (YYYY-MM-DD).
    pub due: String,
    /// When it was raised (RFC 3339).
    pub raised_at: String,
}

impl From<WarningView> for WarningDto {
    fn from(w: WarningView) -> WarningDto {
        WarningDto {
            id: w.id,
            case_no: w.case_no.to_string(),
            item: w.item.map(|i| i.to_string()),
            level: w.level.code().to_string(),
            label: w.label,
            region: w.region.to_string(),
            department: w.department.to_string(),
            name: w.name,
            due: w.due.to_string(),
            raised_at: w.raised_at.to_rfc3339(),
        }
    }
}

/// A webhook subscription to create.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewSubscriptionDto {
    /// A name people recognise.
    pub name: String,
    /// The department code whose cases' events it receives.
    pub department: String,
    /// `http://host:port/path` (https is refused: use an egress proxy).
    pub url: String,
    /// Event codes (`case.accepted`, `case.warning_raised`, …) or `*`.
    pub events: Vec<String>,
}

/// A change to a subscription; fields given replace the old ones.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct SubscriptionChangeDto {
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

/// A subscription (never its secret).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SubscriptionDto {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The department code.
    pub department: String,
    /// The department's region.
    pub region: String,
    /// The target URL.
    pub url: String,
    /// Event codes.
    pub events: Vec<String>,
    /// Who created it.
    pub created_by: String,
    /// When (RFC 3339).
    pub created_at: String,
}

impl From<SubscriptionView> for SubscriptionDto {
    fn from(s: SubscriptionView) -> SubscriptionDto {
        SubscriptionDto {
            id: s.id,
            name: s.name,
            department: s.department.to_string(),
            region: s.region.to_string(),
            url: s.url,
            events: s.events,
            created_by: s.created_by,
            created_at: s.created_at.to_rfc3339(),
        }
    }
}

/// A new subscription and its signing secret, shown this once.
#[derive(Clone, Serialize, Deserialize, ToSchema)]
pub struct SubscriptionCreatedDto {
    /// The subscription.
    pub subscription: SubscriptionDto,
    /// The HMAC-SHA256 key for `X-Tongban-Signature`; not shown again.
    pub secret: String,
}

impl From<SubscriptionCreated> for SubscriptionCreatedDto {
    fn from(c: SubscriptionCreated) -> SubscriptionCreatedDto {
        SubscriptionCreatedDto {
            subscription: c.subscription.into(),
            secret: c.secret,
        }
    }
}

/// A delivery given up after every attempt.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DeadLetterDto {
    /// The delivery id (its `X-Tongban-Delivery`).
    pub id: String,
    /// The subscription.
    pub subscription_id: String,
    /// The subscription's department.
    pub department: String,
    /// The case number.
    pub case_no: String,
    /// The event code.
    pub event: String,
    /// Attempts made.
    pub attempts: i64,
    /// The last HTTP status received.
    pub last_status: Option<i64>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When it was queued (RFC 3339).
    pub created_at: String,
    /// When it was given up (RFC 3339).
    pub given_up_at: Option<String>,
}

impl From<DeadLetter> for DeadLetterDto {
    fn from(d: DeadLetter) -> DeadLetterDto {
        DeadLetterDto {
            id: d.id,
            subscription_id: d.subscription_id,
            department: d.department.to_string(),
            case_no: d.case_no.to_string(),
            event: d.event,
            attempts: d.attempts,
            last_status: d.last_status,
            last_error: d.last_error,
            created_at: d.created_at.to_rfc3339(),
            given_up_at: d.given_up_at.map(|t| t.to_rfc3339()),
        }
    }
}

/// The answer to a retry.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RetriedDto {
    /// True: the delivery is queued again, due now.
    pub queued: bool,
}
