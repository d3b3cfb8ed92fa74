//! The subject use cases on a temporary SQLite database with the demo
//! catalog and demo subjects: 实名核验, consents, reads under consent, the
//! data-use log and who may see it, the demo data, and masked logs.

#[path = "subjects/harness.rs"]
mod harness;
#[path = "subjects/identity.rs"]
mod identity;
#[path = "subjects/prefill.rs"]
mod prefill;
#[path = "subjects/reads.rs"]
mod reads;
