//! Department seals (电子印章): SM2 key pairs with SM3 digests, private keys
//! kept SM4-encrypted at rest, and the signing and verification of licences.
//!
//! What it is for: the one place that touches the national algorithms
//! (GB/T 32918 SM2, GB/T 32905 SM3, GB/T 32907 SM4). A [`SealKey`] signs the
//! canonical bytes of a licence ([`tongban_domain::licence::canonical_bytes`]);
//! anyone holding the exported public key verifies with [`verify`], or with
//! the `openssl` CLI as docs/licence-signature.md shows.
//!
//! What it is not: key storage, the seal image or rendering. The store keeps
//! an [`EncryptedKey`] (never a clear key); the service decrypts it with the
//! [`ConfigKey`] from configuration just before signing.
//!
//! Fixed choices (documented in docs/licence-signature.md):
//! - SM2 signature with SM3, distinguishing ID [`DEFAULT_DIST_ID`]
//!   (`1234567812345678`, the GB/T 35276 default);
//! - signatures are DER `SEQUENCE { r INTEGER, s INTEGER }`, as openssl writes;
//! - public keys are SubjectPublicKeyInfo (`id-ecPublicKey` with the SM2
//!   curve OID 1.2.156.10197.1.301), DER or PEM;
//! - private keys at rest are SM4-GCM under a 128-bit configuration key.

mod at_rest;
mod error;
mod key;
mod outcome;

pub use at_rest::{ConfigKey, EncryptedKey};
pub use error::{SealError, VerifyError};
pub use key::{SealKey, SealPublicKey, Signature, verify};
pub use outcome::{VerificationOutcome, verify_licence};

/// The SM2 distinguishing ID (用户身份标识 ID) every tongban seal signs and
/// verifies with: the default of GB/T 35276-2017 and of OpenSSL 3.
pub const DEFAULT_DIST_ID: &str = "1234567812345678";
