//! SM2 seal key pairs, their exported public keys and DER signatures.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sm2::dsa::signature::{Signer as _, Verifier as _};
use sm2::dsa::{DerSignature, SigningKey, VerifyingKey};
use sm2::elliptic_curve::Generate as _;
use sm2::pkcs8::{DecodePublicKey as _, EncodePublicKey as _, LineEnding};
use sm2::{PublicKey, SecretKey};
use zeroize::Zeroizing;

use crate::{DEFAULT_DIST_ID, SealError, VerifyError};

/// A department's seal key: an SM2 private key bound to the default
/// distinguishing ID. `Debug` never shows the private part.
#[derive(Clone)]
pub struct SealKey {
    signing: SigningKey,
}

impl SealKey {
    /// Generates a fresh key pair from the operating system's random source.
    pub fn generate() -> Result<SealKey, SealError> {
        let secret = SecretKey::try_generate().map_err(|_| SealError::RandomUnavailable)?;
        SealKey::from_secret(&secret)
    }

    /// Loads a key from its 32-byte big-endian private scalar. Crate-only:
    /// outside, keys arrive encrypted ([`SealKey::decrypt`]).
    pub(crate) fn from_private_bytes(bytes: &[u8]) -> Result<SealKey, SealError> {
        let secret = SecretKey::from_slice(bytes).map_err(|_| SealError::InvalidPrivateKey)?;
        SealKey::from_secret(&secret)
    }

    fn from_secret(secret: &SecretKey) -> Result<SealKey, SealError> {
        let signing =
            SigningKey::new(DEFAULT_DIST_ID, secret).map_err(|_| SealError::InvalidPrivateKey)?;
        Ok(SealKey { signing })
    }

    /// The 32-byte private scalar, wiped from memory when dropped. Only
    /// [`crate::EncryptedKey::seal`] needs it.
    pub(crate) fn private_bytes(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(self.signing.to_bytes().to_vec())
    }

    /// The public half, to publish and to verify with.
    pub fn public_key(&self) -> SealPublicKey {
        SealPublicKey {
            verifying: self.signing.verifying_key().clone(),
        }
    }

    /// The public key as PEM (`-----BEGIN PUBLIC KEY-----`), which
    /// `openssl pkeyutl -pubin -inkey` reads.
    pub fn public_key_pem(&self) -> String {
        self.public_key().to_pem()
    }

    /// The public key as DER SubjectPublicKeyInfo.
    pub fn public_key_der(&self) -> Vec<u8> {
        self.public_key().to_der()
    }

    /// Signs `payload` (a licence's canonical bytes) with SM2/SM3 and the
    /// default distinguishing ID. The nonce is derived deterministically
    /// (RFC 6979 style), so signing needs no random source and cannot fail.
    pub fn sign(&self, payload: &[u8]) -> Signature {
        let sig: sm2::dsa::Signature = self.signing.sign(payload);
        Signature(DerSignature::from(sig).to_vec())
    }
}

impl fmt::Debug for SealKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SealKey")
            .field("public_key", &self.public_key())
            .finish_non_exhaustive()
    }
}

/// A seal's public key, bound to the default distinguishing ID. Two keys
/// are equal when their points are.
#[derive(Clone)]
pub struct SealPublicKey {
    verifying: VerifyingKey,
}

impl SealPublicKey {
    /// Reads a PEM `PUBLIC KEY` (SubjectPublicKeyInfo with the SM2 curve).
    pub fn from_pem(pem: &str) -> Result<SealPublicKey, SealError> {
        let key =
            PublicKey::from_public_key_pem(pem.trim()).map_err(|_| SealError::InvalidPublicKey)?;
        SealPublicKey::from_public(key)
    }

    /// Reads a DER SubjectPublicKeyInfo.
    pub fn from_der(der: &[u8]) -> Result<SealPublicKey, SealError> {
        let key = PublicKey::from_public_key_der(der).map_err(|_| SealError::InvalidPublicKey)?;
        SealPublicKey::from_public(key)
    }

    fn from_public(key: PublicKey) -> Result<SealPublicKey, SealError> {
        let verifying =
            VerifyingKey::new(DEFAULT_DIST_ID, key).map_err(|_| SealError::InvalidPublicKey)?;
        Ok(SealPublicKey { verifying })
    }

    /// PEM SubjectPublicKeyInfo with LF line endings.
    pub fn to_pem(&self) -> String {
        // Encoding a valid point cannot fail; an empty string would only be
        // refused by every reader, never mistaken for a key.
        self.verifying
            .to_public_key_pem(LineEnding::LF)
            .unwrap_or_default()
    }

    /// DER SubjectPublicKeyInfo.
    pub fn to_der(&self) -> Vec<u8> {
        self.verifying
            .to_public_key_der()
            .map(|d| d.as_bytes().to_vec())
            .unwrap_or_default()
    }

    /// The uncompressed point `04‖x‖y` in hex, a short printable identity.
    pub fn point_hex(&self) -> String {
        self.verifying
            .to_sec1_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

impl PartialEq for SealPublicKey {
    fn eq(&self, other: &SealPublicKey) -> bool {
        self.verifying.as_affine() == other.verifying.as_affine()
    }
}

impl Eq for SealPublicKey {}

impl fmt::Debug for SealPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SealPublicKey")
            .field(&self.point_hex())
            .finish()
    }
}

/// An SM2 signature as DER bytes (`SEQUENCE { r, s }`), exactly what
/// `openssl pkeyutl -sign` writes and `-sigfile` reads. Held unparsed, so a
/// damaged stored signature still loads and then fails [`verify`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Signature(Vec<u8>);

impl Signature {
    /// Wraps DER bytes (checked when verified).
    pub fn from_der(der: Vec<u8>) -> Signature {
        Signature(der)
    }

    /// The DER bytes.
    pub fn as_der(&self) -> &[u8] {
        &self.0
    }

    /// Standard base64 of the DER bytes, for JSON and QR payloads.
    pub fn to_base64(&self) -> String {
        STANDARD.encode(&self.0)
    }

    /// Reads standard base64 of the DER bytes.
    pub fn from_base64(text: &str) -> Result<Signature, VerifyError> {
        STANDARD
            .decode(text.trim())
            .map(Signature)
            .map_err(|_| VerifyError::MalformedSignature)
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Signature").field(&self.to_base64()).finish()
    }
}

/// Verifies an SM2/SM3 signature over `payload` with the default
/// distinguishing ID. The DER must be strict: trailing or missing bytes fail.
pub fn verify(
    public_key: &SealPublicKey,
    payload: &[u8],
    signature: &Signature,
) -> Result<(), VerifyError> {
    let der = DerSignature::from_bytes(signature.as_der())
        .map_err(|_| VerifyError::MalformedSignature)?;
    let sig = sm2::dsa::Signature::try_from(der).map_err(|_| VerifyError::MalformedSignature)?;
    public_key
        .verifying
        .verify(payload, &sig)
        .map_err(|_| VerifyError::Mismatch)
}
