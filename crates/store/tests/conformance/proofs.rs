//! Conformance checks of the ProofStore.
