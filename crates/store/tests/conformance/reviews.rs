//! Conformance checks of the ReviewStore.
