//! Events after the fact: the deadline-warning scan (raised exactly once,
//! safe on several nodes), the outbox dispatcher (in-app notifications to
//! applicants, SMS through a [`Notifier`], webhook deliveries queued for
//! subscribed department systems) and the webhook worker (HMAC-signed
//! POSTs, retries with exponential backoff, a dead-letter list).
//!
//! Each job is one round per call (`scan_warnings`, `dispatch_once`,
//! `deliver_webhooks_once`); the CLI's job runner calls them in loops.
//! Exactly-once is kept by the store (unique keys and claim leases), so
//! any number of nodes may run the jobs at once. `docs/events.md` has the
//! event codes, the webhook format and the retry schedule.

mod delivery;
mod dispatch;
mod http;
mod inbox;
mod messages;
mod notifier;
mod types;
mod warnings;
mod webhooks;

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use tongban_domain::case::WarningPolicy;
use tongban_domain::clock::WorkCalendar;
use tongban_store::{AccountStore, CaseStore, EventStore};

use crate::accounts::{AccountService, Clock};
use crate::error::ServiceError;

pub use http::{DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signature};
pub use notifier::{LogNotifier, Notifier};
pub use types::{
    DeadLetter, NewSubscription, NotificationView, SubscriptionChange, SubscriptionCreated,
    SubscriptionView, WarningView,
};

/// How the event jobs behave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventSettings {
    /// When a warning turns yellow (80% of the promised time by default).
    pub policy: WarningPolicy,
    /// Attempts of a webhook delivery before it goes to the dead letters.
    pub max_attempts: u32,
    /// The wait after the first failed attempt; it doubles after each.
    pub backoff_base: Duration,
    /// The longest wait between attempts.
    pub backoff_max: Duration,
    /// How long a claimed outbox event or delivery stays with its worker
    /// before another may take it over (a worker that died).
    pub lease: Duration,
    /// How long a webhook receiver may take to answer.
    pub http_timeout: Duration,
    /// Cases read per page by the warning scan; events and deliveries
    /// claimed per round.
    pub batch: i64,
}

impl Default for EventSettings {
    /// Yellow at 80%; 6 attempts 30 s, 1, 2, 4, 8 min apart (capped at
    /// an hour); one-minute leases; 10 s HTTP timeout; batches of 100.
    fn default() -> EventSettings {
        EventSettings {
            policy: WarningPolicy::default(),
            max_attempts: 6,
            backoff_base: Duration::from_secs(30),
            backoff_max: Duration::from_secs(3600),
            lease: Duration::from_secs(60),
            http_timeout: Duration::from_secs(10),
            batch: 100,
        }
    }
}

/// The event use cases and background jobs. Cheap to share behind an `Arc`.
pub struct EventService {
    store: Arc<dyn EventStore>,
    cases: Arc<dyn CaseStore>,
    directory: Arc<dyn AccountStore>,
    accounts: Arc<AccountService>,
    notifier: Arc<dyn Notifier>,
    clock: Arc<dyn Clock>,
    settings: EventSettings,
    http: http::WebhookClient,
    calendar: OnceLock<Result<WorkCalendar, String>>,
}

impl EventService {
    /// A service over the event and case stores; `directory` answers
    /// which region a department belongs to; notices go through `notifier`.
    pub fn new(
        store: Arc<dyn EventStore>,
        cases: Arc<dyn CaseStore>,
        directory: Arc<dyn AccountStore>,
        accounts: Arc<AccountService>,
        notifier: Arc<dyn Notifier>,
        clock: Arc<dyn Clock>,
    ) -> EventService {
        let settings = EventSettings::default();
        EventService {
            store,
            cases,
            directory,
            accounts,
            notifier,
            clock,
            http: http::WebhookClient::new(settings.http_timeout),
            settings,
            calendar: OnceLock::new(),
        }
    }

    /// The same service with other settings.
    pub fn with_settings(mut self, settings: EventSettings) -> EventService {
        self.http = http::WebhookClient::new(settings.http_timeout);
        self.settings = settings;
        self
    }

    /// The settings in use.
    pub fn settings(&self) -> EventSettings {
        self.settings
    }

    /// The national working-day calendar, read once.
    fn calendar(&self) -> Result<&WorkCalendar, ServiceError> {
        let loaded = self
            .calendar
            .get_or_init(|| WorkCalendar::national().map_err(|e| e.to_string()));
        loaded.as_ref().map_err(|e| {
            tracing::error!(error = %e, "工作日历无法读取");
            ServiceError::Unavailable("工作日历数据无法读取，无法计算时限".into())
        })
    }
}

/// China Standard Time (UTC+8): the clock of working days.
const CST_SECONDS: i32 = 8 * 3600;

/// The Beijing date of `at`, as deadlines count days.
fn local_date(at: DateTime<Utc>) -> NaiveDate {
    match FixedOffset::east_opt(CST_SECONDS) {
        Some(cst) => at.with_timezone(&cst).date_naive(),
        None => at.date_naive(),
    }
}

/// A random token or id: 16 random bytes in hex.
fn random_id() -> String {
    let bytes: [u8; 16] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `now` plus `span`, saturating at the far future.
fn later(now: DateTime<Utc>, span: Duration) -> DateTime<Utc> {
    chrono::Duration::from_std(span)
        .ok()
        .and_then(|d| now.checked_add_signed(d))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}
