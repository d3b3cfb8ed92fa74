//! Events after the fact: the deadline-warning scan (raised exactly once,
//! safe on several nodes), the outbox dispatcher (in-app notifications to
//! applicants, SMS through [`SmsGateway`], HMAC-signed webhooks to
//! department systems with retries and a dead-letter list).

use std::sync::Arc;

use tongban_store::{CaseStore, EventStore};

use crate::accounts::{AccountService, Clock, SmsGateway};

/// The event use cases and background jobs. Cheap to share behind an `Arc`.
#[allow(dead_code)]
pub struct EventService {
    store: Arc<dyn EventStore>,
    cases: Arc<dyn CaseStore>,
    accounts: Arc<AccountService>,
    sms: Arc<dyn SmsGateway>,
    clock: Arc<dyn Clock>,
}

impl EventService {
    /// A service over the event and case stores.
    pub fn new(
        store: Arc<dyn EventStore>,
        cases: Arc<dyn CaseStore>,
        accounts: Arc<AccountService>,
        sms: Arc<dyn SmsGateway>,
        clock: Arc<dyn Clock>,
    ) -> EventService {
        EventService {
            store,
            cases,
            accounts,
            sms,
            clock,
        }
    }
}
