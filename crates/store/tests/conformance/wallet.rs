//! Conformance checks of the WalletStore.
