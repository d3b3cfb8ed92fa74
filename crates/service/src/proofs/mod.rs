//! 电子证明: the proof catalog as citizens see it, requests for e-proofs,
//! the issuing department's worklist, issuance within the proof type's
//! deadline (as a signed licence of the proof type's document type, so the
//! one licence mechanism numbers, signs, stores, renders and verifies it),
//! refusals, and the overdue report.
//!
//! Every change of a request is written with its event (`proof.requested`,
//! `proof.issued`, `proof.refused`, `proof.overdue`) in one transaction;
//! see docs/e-proofs.md.

mod issue;
mod request;
mod views;
mod worklist;

use std::sync::{Arc, OnceLock};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use tongban_domain::auth::{Action, Actor, ObjectScope};
use tongban_domain::catalog::{Catalog, Department};
use tongban_domain::clock::WorkCalendar;
use tongban_domain::proof::{ProofError, ProofType};
use tongban_store::{LicenceStore, ProofRequestRow, ProofStore, SubjectStore};

pub use views::{ProofFieldView, ProofRequestView, ProofTypeView, WorklistEntry};

use crate::accounts::{AccountService, Clock};
use crate::error::{Refusal, ServiceError};
use crate::licences::LicenceService;
use crate::service::CatalogService;

/// Event codes written with request changes.
pub const PROOF_REQUESTED: &str = "proof.requested";
/// The e-proof was issued.
pub const PROOF_ISSUED: &str = "proof.issued";
/// The request was refused.
pub const PROOF_REFUSED: &str = "proof.refused";
/// The request is past its due date (reported once).
pub const PROOF_OVERDUE: &str = "proof.overdue";

/// The e-proof use cases. Cheap to share behind an `Arc`.
pub struct ProofService {
    store: Arc<dyn ProofStore>,
    licence_store: Arc<dyn LicenceStore>,
    subjects: Arc<dyn SubjectStore>,
    catalog: Arc<CatalogService>,
    licences: Arc<LicenceService>,
    accounts: Arc<AccountService>,
    clock: Arc<dyn Clock>,
    calendar: OnceLock<Result<WorkCalendar, String>>,
}

impl ProofService {
    /// A service over the proof store; e-proofs are issued through
    /// `licences` into `licence_store`; holders are read from `subjects`.
    pub fn new(
        store: Arc<dyn ProofStore>,
        licence_store: Arc<dyn LicenceStore>,
        subjects: Arc<dyn SubjectStore>,
        catalog: Arc<CatalogService>,
        licences: Arc<LicenceService>,
        accounts: Arc<AccountService>,
        clock: Arc<dyn Clock>,
    ) -> ProofService {
        ProofService {
            store,
            licence_store,
            subjects,
            catalog,
            licences,
            accounts,
            clock,
            calendar: OnceLock::new(),
        }
    }

    /// The catalog of the indexed revision (built on first use).
    async fn catalog(&self) -> Result<Arc<Catalog>, ServiceError> {
        // `departments` waits for the first index build.
        self.catalog.departments().await?;
        Ok(self.catalog.cached_catalog())
    }

    /// The proof type with this code.
    fn proof_type<'a>(catalog: &'a Catalog, code: &str) -> Result<&'a ProofType, ServiceError> {
        catalog.proof(code).ok_or_else(|| {
            ServiceError::refused(
                Refusal::NotFound,
                "proof_type_not_found",
                format!(
                    "未找到证明事项“{}”",
                    code.chars().take(64).collect::<String>()
                ),
            )
        })
    }

    /// A request the actor may act on with `action`: its requester, or
    /// staff of the issuing department in scope. Anyone else gets the same
    /// answer as for a missing request.
    async fn visible(
        &self,
        actor: &Actor,
        id: &str,
        action: Action,
    ) -> Result<(ProofRequestRow, Department), ServiceError> {
        let row = self
            .store
            .proof_request(id)
            .await
            .map_err(ServiceError::store)?
            .ok_or_else(|| not_found(id))?;
        let catalog = self.catalog().await?;
        let department = department(&catalog, row.request.issuer.as_str())?;
        let own = row.request.requester == actor.id && action == Action::ReadOwnData;
        let scope = if own {
            ObjectScope::default().owned_by(row.request.requester.clone())
        } else {
            ObjectScope::department(department.code.clone(), department.region.clone())
        };
        self.accounts
            .authorize(actor, action, &scope)
            .map_err(|_| not_found(id))?;
        Ok((row, department))
    }

    /// The working-day calendar, read once.
    fn calendar(&self) -> Result<&WorkCalendar, ServiceError> {
        let loaded = self
            .calendar
            .get_or_init(|| WorkCalendar::national().map_err(|e| e.to_string()));
        loaded.as_ref().map_err(|e| {
            tracing::error!(error = %e, "工作日历无法读取");
            ServiceError::Unavailable("工作日历数据无法读取，无法计算开具时限".into())
        })
    }

    fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}

/// China Standard Time (UTC+8): the clock of working days.
const CST_SECONDS: i32 = 8 * 3600;

/// The Beijing date of `at`.
fn local_date(at: DateTime<Utc>) -> NaiveDate {
    match FixedOffset::east_opt(CST_SECONDS) {
        Some(cst) => at.with_timezone(&cst).date_naive(),
        None => at.date_naive(),
    }
}

/// The catalog department with this code.
fn department(catalog: &Catalog, code: &str) -> Result<Department, ServiceError> {
    catalog
        .departments
        .iter()
        .find(|d| d.code.as_str() == code)
        .cloned()
        .ok_or_else(|| {
            ServiceError::refused(
                Refusal::NotFound,
                "department_not_found",
                format!("未找到部门“{code}”"),
            )
        })
}

fn not_found(id: &str) -> ServiceError {
    ServiceError::refused(
        Refusal::NotFound,
        "proof_request_not_found",
        format!(
            "未找到证明申请“{}”",
            id.chars().take(40).collect::<String>()
        ),
    )
}

/// A domain refusal as a service error.
fn proof_refusal(e: ProofError) -> ServiceError {
    let kind = match e {
        ProofError::Closed { .. } => Refusal::Conflict,
        ProofError::Calendar(_) => {
            return ServiceError::Unavailable(format!("无法计算开具时限：{e}"));
        }
        _ => Refusal::Invalid,
    };
    ServiceError::refused(kind, e.code(), e.to_string())
}

/// A random id with a prefix: 16 random bytes in hex.
fn new_id(prefix: &str) -> String {
    let bytes: [u8; 16] = rand::random();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}-{hex}")
}
