//! Conformance checks: Deadline warnings, notifications, webhook subscriptions and deliveries.
