//! The rows of the licence store.

use chrono::{DateTime, Utc};
use tongban_domain::licence::Licence;

/// A department's seal as stored: the public key and the private key
/// encrypted under the configuration key (never in clear).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealRow {
    /// The department's code.
    pub department: String,
    /// PEM SubjectPublicKeyInfo.
    pub public_key_pem: String,
    /// `sm4-gcm:v1:<nonce>:<ciphertext>` (tongban-seal's `EncryptedKey`).
    pub encrypted_key: String,
    /// When the seal was made.
    pub created_at: DateTime<Utc>,
}

/// Which case member issued a licence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedFor {
    /// The case number.
    pub case_no: String,
    /// The member item's code.
    pub item: String,
}

/// A stored licence with its signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenceRow {
    /// The licence, history included.
    pub licence: Licence,
    /// Base64 of the DER SM2 signature over its canonical bytes.
    pub signature: String,
    /// The case member whose grant issued it, if any.
    pub issued_for: Option<IssuedFor>,
    /// The row's version: every write bumps it by one.
    pub row_version: i64,
    /// When it was stored.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// What inserting a licence did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LicenceInsert {
    /// Stored.
    Inserted,
    /// The case member already has a licence: this one, nothing written.
    Existing(Box<LicenceRow>),
}

/// A licence change written in a case decision's transaction
/// (`CaseUpdate::licences`): both commit or neither does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LicenceWrite {
    /// A new signed licence (核发), with its issuing case member.
    Insert(Box<LicenceRow>),
    /// A changed licence (变更, 注销, replaced under 一业一证), written only
    /// if its row is still at `expected_row_version` (else the whole
    /// decision is a `StoreError::Conflict` and is recomputed).
    Update {
        /// The licence as it is to be stored, row version already bumped.
        row: Box<LicenceRow>,
        /// The row version it was computed from.
        expected_row_version: i64,
    },
}
