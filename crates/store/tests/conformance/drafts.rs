//! Conformance checks: Drafts and upload metadata.
