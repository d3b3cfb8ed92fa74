//! The event use cases on a temporary SQLite database with the demo
//! catalog: the applicant's notifications at each milestone, deadline
//! warnings raised once, and webhook deliveries (signed, retried, dead
//! letters and their retry) against a receiver on 127.0.0.1.

#[path = "events/harness.rs"]
mod harness;
#[path = "events/notifications.rs"]
mod notifications;
#[path = "events/receiver.rs"]
mod receiver;
#[path = "events/warnings.rs"]
mod warnings;
#[path = "events/webhooks.rs"]
mod webhooks;
