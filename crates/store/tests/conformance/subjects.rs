//! Conformance checks: Subjects, consents, the data-use log and the demo data sources.
