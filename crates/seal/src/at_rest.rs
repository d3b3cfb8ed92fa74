//! Private seal keys at rest: SM4-GCM under a key from configuration.
//!
//! Text form: `sm4-gcm:v1:<base64 nonce>:<base64 ciphertext‖tag>`, where the
//! plaintext is the 32-byte SM2 private scalar, the nonce is 12 random bytes
//! per encryption, the tag is 16 bytes and the associated data is
//! [`ASSOCIATED_DATA`]. GCM authenticates, so a wrong configuration key or a
//! changed byte is an error, never a different key.

use std::fmt;

use aes_gcm::aead::consts::U12;
use aes_gcm::aead::{Aead as _, Generate as _, KeyInit as _, Payload};
use aes_gcm::{AesGcm, Nonce};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sm4::Sm4;
use zeroize::Zeroizing;

use crate::{SealError, SealKey};

/// SM4 in GCM mode with a 96-bit nonce and 128-bit tag (RFC 8998's SM4-GCM).
type Sm4Gcm = AesGcm<Sm4, U12>;

/// Binds a ciphertext to its purpose, so it cannot be swapped for another
/// SM4-GCM ciphertext made under the same configuration key.
const ASSOCIATED_DATA: &[u8] = b"tongban-seal/sm2-private-key/v1";

const PREFIX: &str = "sm4-gcm:v1:";

/// The 128-bit SM4 key that protects seal keys, from configuration
/// (32 hexadecimal characters). `Debug` never shows it.
#[derive(Clone)]
pub struct ConfigKey(Zeroizing<[u8; 16]>);

impl ConfigKey {
    /// Parses 32 hexadecimal characters (either case).
    pub fn parse(hex: &str) -> Result<ConfigKey, SealError> {
        let hex = hex.trim();
        if hex.len() != 32 || !hex.is_ascii() {
            return Err(SealError::InvalidConfigKey);
        }
        let mut key = Zeroizing::new([0u8; 16]);
        for (i, byte) in key.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16)
                .map_err(|_| SealError::InvalidConfigKey)?;
        }
        Ok(ConfigKey(key))
    }

    fn cipher(&self) -> Sm4Gcm {
        let key: &[u8; 16] = &self.0;
        Sm4Gcm::new(key.into())
    }
}

impl fmt::Debug for ConfigKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ConfigKey(**)")
    }
}

/// A seal's private key encrypted with SM4-GCM: what the database holds.
#[derive(Clone, PartialEq, Eq)]
pub struct EncryptedKey {
    nonce: [u8; 12],
    ciphertext: Vec<u8>,
}

impl EncryptedKey {
    /// Encrypts `key`'s private scalar under `config_key` with a fresh
    /// random nonce.
    pub fn seal(key: &SealKey, config_key: &ConfigKey) -> Result<EncryptedKey, SealError> {
        let nonce = Nonce::<U12>::try_generate().map_err(|_| SealError::RandomUnavailable)?;
        let secret = key.private_bytes();
        let payload = Payload {
            msg: secret.as_slice(),
            aad: ASSOCIATED_DATA,
        };
        let ciphertext = config_key
            .cipher()
            .encrypt(&nonce, payload)
            // GCM refuses only plaintexts over 64 GiB; 32 bytes never are.
            .map_err(|_| SealError::InvalidPrivateKey)?;
        Ok(EncryptedKey {
            nonce: nonce.into(),
            ciphertext,
        })
    }

    /// Reads the text form `sm4-gcm:v1:<nonce>:<ciphertext>`.
    pub fn parse(text: &str) -> Result<EncryptedKey, SealError> {
        let rest = text
            .trim()
            .strip_prefix(PREFIX)
            .ok_or(SealError::MalformedEncryptedKey)?;
        let (nonce, ciphertext) = rest
            .split_once(':')
            .ok_or(SealError::MalformedEncryptedKey)?;
        let nonce: [u8; 12] = STANDARD
            .decode(nonce)
            .ok()
            .and_then(|n| n.try_into().ok())
            .ok_or(SealError::MalformedEncryptedKey)?;
        let ciphertext = STANDARD
            .decode(ciphertext)
            .map_err(|_| SealError::MalformedEncryptedKey)?;
        Ok(EncryptedKey { nonce, ciphertext })
    }

    /// The text form, for a database column or a file.
    pub fn to_text(&self) -> String {
        format!(
            "{PREFIX}{}:{}",
            STANDARD.encode(self.nonce),
            STANDARD.encode(&self.ciphertext)
        )
    }
}

impl fmt::Display for EncryptedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

impl fmt::Debug for EncryptedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncryptedKey").finish_non_exhaustive()
    }
}

impl SealKey {
    /// Decrypts a stored key. A wrong `config_key` or any changed byte is
    /// [`SealError::DecryptFailed`].
    pub fn decrypt(encrypted: &EncryptedKey, config_key: &ConfigKey) -> Result<SealKey, SealError> {
        let payload = Payload {
            msg: encrypted.ciphertext.as_slice(),
            aad: ASSOCIATED_DATA,
        };
        let secret = Zeroizing::new(
            config_key
                .cipher()
                .decrypt(&Nonce::<U12>::from(encrypted.nonce), payload)
                .map_err(|_| SealError::DecryptFailed)?,
        );
        SealKey::from_private_bytes(&secret)
    }

    /// Encrypts this key for storage (see [`EncryptedKey::seal`]).
    pub fn encrypt(&self, config_key: &ConfigKey) -> Result<EncryptedKey, SealError> {
        EncryptedKey::seal(self, config_key)
    }
}
