//! Conformance checks of the AppealStore.
