//! Conformance checks of the ObjectionStore.
