//! 电子证照 use cases: the licence effects of a case decision (issue,
//! change, cancel, 一业一证) written in the decision's transaction,
//! revoking a licence directly, and the public verification of its
//! signature and status. Lifecycle: docs/licences.md.
//!
//! Each issuing department has one seal, made on first use: an SM2 key pair
//! whose private half is stored only SM4-encrypted under the configuration
//! key ([`ConfigKey`]) and decrypted just before signing. Licence types are
//! catalog entries (the `licence_types` section), read through
//! [`CatalogService`].

mod correct;
mod effects;
mod holder;
mod issue;
pub(crate) mod prepare;
mod verify;

use std::sync::Arc;

use chrono::NaiveDate;
use tongban_domain::catalog::Department;
use tongban_domain::licence::{Licence, LicenceNumber, LicenceType};
use tongban_seal::{ConfigKey, EncryptedKey, SealKey, SealPublicKey};
use tongban_store::{DraftStore, LicenceRow, LicenceStore, SealRow, SubjectStore};

pub use issue::Grant;
pub use verify::{SignedLicence, Verification};

use crate::accounts::Clock;
use crate::error::{Refusal, ServiceError};
use crate::service::CatalogService;

/// The working-day time zone: dates on licences are China Standard Time.
const CST_SECS: i32 = 8 * 3600;

/// Issues, revokes and verifies electronic licences.
pub struct LicenceService {
    store: Arc<dyn LicenceStore>,
    /// Applicants' subjects: who holds what a case issues.
    subjects: Arc<dyn SubjectStore>,
    /// Submitted drafts: a case's form data.
    drafts: Arc<dyn DraftStore>,
    catalog: Arc<CatalogService>,
    config_key: ConfigKey,
    clock: Arc<dyn Clock>,
}

impl LicenceService {
    /// A service over `store`, reading licence types and departments from
    /// `catalog`, holders from `subjects` and a case's form data from
    /// `drafts`, with seal keys encrypted under `config_key`.
    pub fn new(
        store: Arc<dyn LicenceStore>,
        subjects: Arc<dyn SubjectStore>,
        drafts: Arc<dyn DraftStore>,
        catalog: Arc<CatalogService>,
        config_key: ConfigKey,
        clock: Arc<dyn Clock>,
    ) -> LicenceService {
        LicenceService {
            store,
            subjects,
            drafts,
            catalog,
            config_key,
            clock,
        }
    }

    /// The stored licence with this number (as printed or compact).
    pub async fn licence(&self, number: &str) -> Result<Licence, ServiceError> {
        Ok(self.row(number).await?.licence)
    }

    /// The department's seal public key as PEM, made on first use.
    pub async fn seal_public_key_pem(&self, department: &str) -> Result<String, ServiceError> {
        self.department(department).await?;
        Ok(self.seal(department).await?.0.public_key_pem)
    }

    /// Revokes a licence directly (注销) for `reason`, keeping its history.
    /// The signed content does not change.
    pub async fn revoke(&self, number: &str, reason: &str) -> Result<Licence, ServiceError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ServiceError::refused(
                Refusal::Invalid,
                "licence_reason_required",
                "注销证照须填写注销原因",
            ));
        }
        let mut row = self.row(number).await?;
        let licence_type = self.licence_type(row.licence.type_code.as_str()).await?;
        row.licence
            .revoke(&licence_type, None, self.today(), reason)
            .map_err(licence_refusal)?;
        let expected = row.row_version;
        row.row_version += 1;
        row.updated_at = self.clock.now();
        self.store
            .update_licence(&row, expected)
            .await
            .map_err(ServiceError::store)?;
        Ok(row.licence)
    }

    /// Today in China Standard Time.
    fn today(&self) -> NaiveDate {
        let now = self.clock.now();
        match chrono::FixedOffset::east_opt(CST_SECS) {
            Some(cst) => now.with_timezone(&cst).date_naive(),
            None => now.date_naive(),
        }
    }

    async fn row(&self, number: &str) -> Result<LicenceRow, ServiceError> {
        let parsed = LicenceNumber::parse(number).map_err(|_| not_found(number))?;
        self.store
            .licence(parsed.as_str())
            .await
            .map_err(ServiceError::store)?
            .ok_or_else(|| not_found(number))
    }

    /// A licence type of the catalog: from the indexed revision, or read
    /// fresh when that does not know it yet (just imported elsewhere).
    pub(crate) async fn licence_type(&self, code: &str) -> Result<LicenceType, ServiceError> {
        self.catalog.document_type(code).await?.ok_or_else(|| {
            ServiceError::refused(
                Refusal::NotFound,
                "licence_type_not_found",
                format!("未找到证照类型“{code}”，请先在证照目录中维护"),
            )
        })
    }

    async fn department(&self, code: &str) -> Result<Department, ServiceError> {
        self.catalog
            .departments()
            .await?
            .into_iter()
            .find(|d| d.code.as_str() == code)
            .ok_or_else(|| {
                ServiceError::refused(
                    Refusal::NotFound,
                    "department_not_found",
                    format!("未找到部门“{code}”"),
                )
            })
    }

    /// The department's seal (public key and decrypted signing key), made
    /// and stored encrypted on first use.
    async fn seal(&self, department: &str) -> Result<(SealRow, SealPublicKey), ServiceError> {
        let stored = match self
            .store
            .seal(department)
            .await
            .map_err(ServiceError::store)?
        {
            Some(seal) => seal,
            None => {
                let key = SealKey::generate().map_err(seal_unavailable)?;
                let encrypted = key.encrypt(&self.config_key).map_err(seal_unavailable)?;
                let fresh = SealRow {
                    department: department.to_string(),
                    public_key_pem: key.public_key_pem(),
                    encrypted_key: encrypted.to_text(),
                    created_at: self.clock.now(),
                };
                self.store
                    .insert_seal(&fresh)
                    .await
                    .map_err(ServiceError::store)?
            }
        };
        let public = SealPublicKey::from_pem(&stored.public_key_pem).map_err(seal_unavailable)?;
        Ok((stored, public))
    }

    /// The department's signing key, decrypted with the configuration key.
    pub(crate) async fn signing_key(&self, department: &str) -> Result<SealKey, ServiceError> {
        let (stored, public) = self.seal(department).await?;
        let encrypted = EncryptedKey::parse(&stored.encrypted_key).map_err(seal_unavailable)?;
        let key = SealKey::decrypt(&encrypted, &self.config_key).map_err(seal_unavailable)?;
        if key.public_key() != public {
            return Err(ServiceError::Unavailable(format!(
                "部门“{department}”的印章私钥与公钥不匹配"
            )));
        }
        Ok(key)
    }
}

fn not_found(number: &str) -> ServiceError {
    ServiceError::refused(
        Refusal::NotFound,
        "licence_not_found",
        format!(
            "未找到证照“{}”",
            number.chars().take(40).collect::<String>()
        ),
    )
}

fn seal_unavailable(e: tongban_seal::SealError) -> ServiceError {
    ServiceError::Unavailable(format!("电子印章不可用（{}）：{e}", e.code()))
}

fn licence_refusal(e: tongban_domain::licence::LicenceError) -> ServiceError {
    let kind = match e {
        tongban_domain::licence::LicenceError::AlreadyRevoked { .. } => Refusal::Conflict,
        _ => Refusal::Invalid,
    };
    ServiceError::refused(kind, e.code(), e.to_string())
}
