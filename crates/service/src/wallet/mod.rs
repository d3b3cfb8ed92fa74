//! 我的证照 (the holder's wallet): the licences a verified applicant's
//! subject holds, their PDFs, the grants of their use (证照授权 to a
//! department, 证照委托 to an agent) and every use made under a grant.
//!
//! A wallet owns no data. Licences are the licence store's
//! ([`LicenceStore::licences_held_by`]); a grant is a consent of the
//! subject service's model with a licence, a grantee and maybe a period
//! ([`tongban_domain::subject::LicenceGrant`]); each use is an entry of the
//! one data-use log, which the holder reads at `/me/data-use` and on the
//! licence's page. Another holder's licence answers `licence_not_found`,
//! exactly like a missing one.

mod grants;
mod holdings;
mod pdf;
mod uses;
mod views;

use std::sync::Arc;

use chrono::NaiveDate;
use tongban_domain::auth::Actor;
use tongban_domain::licence::{LicenceNumber, LicenceType};
use tongban_domain::subject::Subject;
use tongban_store::{LicenceRow, WalletStore};

pub use grants::{GrantRequest, GrantScope, GranteeRequest};
pub use uses::UsedLicence;
pub use views::{GrantView, WalletField, WalletLicence, WalletLicenceDetail};

use crate::accounts::{AccountService, Clock};
use crate::error::{Refusal, ServiceError};
use crate::service::CatalogService;
use crate::subjects::{SubjectService, cst_date};

/// The wallet use cases. Cheap to share behind an `Arc`.
pub struct WalletService {
    store: Arc<dyn WalletStore>,
    catalog: Arc<CatalogService>,
    subjects: Arc<SubjectService>,
    accounts: Arc<AccountService>,
    clock: Arc<dyn Clock>,
}

impl WalletService {
    /// A service over `store` (licences and consents), reading licence
    /// types and departments from `catalog`, subjects through `subjects`;
    /// every use by a grantee passes the `accounts` gate.
    pub fn new(
        store: Arc<dyn WalletStore>,
        catalog: Arc<CatalogService>,
        subjects: Arc<SubjectService>,
        accounts: Arc<AccountService>,
        clock: Arc<dyn Clock>,
    ) -> WalletService {
        WalletService {
            store,
            catalog,
            subjects,
            accounts,
            clock,
        }
    }

    /// Today in China Standard Time (licence dates are CST).
    fn today(&self) -> NaiveDate {
        cst_date(self.clock.now())
    }

    /// The caller's verified subject (applicants only; `subject_not_linked`
    /// before 实名核验).
    async fn holder(&self, actor: &Actor) -> Result<Subject, ServiceError> {
        self.subjects.own_subject(actor).await
    }

    /// The holder's own licence `number` (printed or compact); anyone
    /// else's, a malformed or an unknown number answer `licence_not_found`.
    async fn own_row(&self, holder: &Subject, number: &str) -> Result<LicenceRow, ServiceError> {
        let parsed = LicenceNumber::parse(number).map_err(|_| not_found())?;
        self.store
            .licence(parsed.as_str())
            .await
            .map_err(ServiceError::store)?
            .filter(|row| row.licence.holder.subject == holder.id)
            .ok_or_else(not_found)
    }

    /// The licence's document type from the catalog (证照目录), `None`
    /// when the catalog does not know it.
    async fn licence_type(&self, code: &str) -> Result<Option<LicenceType>, ServiceError> {
        self.catalog.document_type(code).await
    }
}

/// The one answer for a licence that is not the caller's to see.
fn not_found() -> ServiceError {
    ServiceError::refused(Refusal::NotFound, "licence_not_found", "未找到该证照")
}
