//! The whole set of use cases over one database, wired once for every
//! edge (the web server, the CLI, the tests).

use std::path::PathBuf;
use std::sync::Arc;

use object_store::local::LocalFileSystem;
use sha2::{Digest as _, Sha256};
use tongban_seal::ConfigKey;
use tongban_store::Db;

use crate::accounts::{AccountService, Clock, SmsGateway};
use crate::appeals::AppealService;
use crate::applications::ApplicationService;
use crate::cases::CaseService;
use crate::drafts::{DraftService, UploadLimits};
use crate::error::ServiceError;
use crate::events::{EventService, LogNotifier};
use crate::hall::HallService;
use crate::licences::LicenceService;
use crate::metrics::MetricsService;
use crate::objections::ObjectionService;
use crate::proofs::ProofService;
use crate::reviews::ReviewService;
use crate::service::CatalogService;
use crate::subjects::SubjectService;
use crate::wallet::WalletService;

/// What the platform needs besides the database.
pub struct PlatformConfig {
    /// Where uploaded files are kept (local disk; created if missing).
    pub uploads_dir: PathBuf,
    /// Upload limits.
    pub upload_limits: UploadLimits,
    /// Where one-time codes and notifications are sent.
    pub sms: Arc<dyn SmsGateway>,
    /// The time.
    pub clock: Arc<dyn Clock>,
    /// The SM4 key that encrypts department seal keys at rest. Production
    /// must configure its own secret key; [`PlatformConfig::demo_licence_key`]
    /// is for the demo and tests only.
    pub licence_key: ConfigKey,
}

impl PlatformConfig {
    /// A fixed, public key derived from a constant: for the demo and tests
    /// ONLY. Anyone can derive it, so seal keys encrypted under it are not
    /// protected; production must configure a secret 128-bit key.
    pub fn demo_licence_key() -> ConfigKey {
        let digest = Sha256::digest(b"tongban demo licence key: never use in production");
        let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        // 32 hex characters always parse.
        ConfigKey::parse(&hex).unwrap_or_else(|_| unreachable!("32 hex characters"))
    }
}

/// Every use case, sharing one database. Cheap to clone.
#[derive(Clone)]
pub struct Platform {
    /// Catalog import, search, guides and metrics.
    pub catalog: Arc<CatalogService>,
    /// Accounts, sessions, tokens and the authorisation gate.
    pub accounts: Arc<AccountService>,
    /// Cases (办件).
    pub cases: Arc<CaseService>,
    /// Subjects, consents, data sources and the data-use log.
    pub subjects: Arc<SubjectService>,
    /// Drafts and uploads.
    pub drafts: Arc<DraftService>,
    /// The applicant's flow.
    pub applications: Arc<ApplicationService>,
    /// Warnings, notifications and webhooks.
    pub events: Arc<EventService>,
    /// E-licences: issuance, revocation and public verification.
    pub licences: Arc<LicenceService>,
    /// 好差评 reviews and rectification.
    pub reviews: Arc<ReviewService>,
    /// Appeals (诉求).
    pub appeals: Arc<AppealService>,
    /// E-proofs (电子证明).
    pub proofs: Arc<ProofService>,
    /// Objections to licences and corrections.
    pub objections: Arc<ObjectionService>,
    /// The holder's wallet (我的证照).
    pub wallet: Arc<WalletService>,
    /// Supervision metrics: rollups, dashboards and exports.
    pub metrics: Arc<MetricsService>,
    /// Service-hall queues (取号叫号) and the hall-now snapshot.
    pub hall: Arc<HallService>,
}

impl Platform {
    /// Opens every service over `db` (already migrated).
    pub async fn open(db: Arc<Db>, config: PlatformConfig) -> Result<Platform, ServiceError> {
        let clock = config.clock;
        let catalog = Arc::new(CatalogService::open(db.clone()).await?);
        let accounts = Arc::new(AccountService::new(
            db.clone(),
            config.sms.clone(),
            clock.clone(),
        ));
        let licences = Arc::new(LicenceService::new(
            db.clone(),
            db.clone(),
            db.clone(),
            catalog.clone(),
            config.licence_key,
            clock.clone(),
        ));
        let cases = Arc::new(
            CaseService::new(db.clone(), accounts.clone(), catalog.clone(), clock.clone())
                .with_licences(licences.clone()),
        );
        let events = Arc::new(EventService::new(
            db.clone(),
            db.clone(),
            db.clone(),
            accounts.clone(),
            Arc::new(LogNotifier),
            clock.clone(),
        ));
        let subjects = Arc::new(SubjectService::new(db.clone(), clock.clone()));
        let reviews = Arc::new(ReviewService::new(
            db.clone(),
            db.clone(),
            accounts.clone(),
            clock.clone(),
        ));
        let appeals = Arc::new(AppealService::new(
            db.clone(),
            db.clone(),
            accounts.clone(),
            clock.clone(),
        ));
        let metrics = Arc::new(MetricsService::new(
            db.clone(),
            catalog.clone(),
            accounts.clone(),
            clock.clone(),
        ));
        let wallet = Arc::new(WalletService::new(
            db.clone(),
            catalog.clone(),
            subjects.clone(),
            accounts.clone(),
            clock.clone(),
        ));
        let proofs = Arc::new(ProofService::new(
            db.clone(),
            db.clone(),
            db.clone(),
            catalog.clone(),
            licences.clone(),
            accounts.clone(),
            clock.clone(),
        ));
        let objections = Arc::new(ObjectionService::new(
            db.clone(),
            licences.clone(),
            subjects.clone(),
            accounts.clone(),
            clock.clone(),
        ));
        let hall = Arc::new(HallService::new(
            db.clone(),
            accounts.clone(),
            clock.clone(),
        ));
        std::fs::create_dir_all(&config.uploads_dir).map_err(|e| {
            ServiceError::Unavailable(format!(
                "无法创建上传目录“{}”：{e}",
                config.uploads_dir.display()
            ))
        })?;
        let objects = LocalFileSystem::new_with_prefix(&config.uploads_dir).map_err(|e| {
            ServiceError::Unavailable(format!(
                "无法打开上传目录“{}”：{e}",
                config.uploads_dir.display()
            ))
        })?;
        let drafts = Arc::new(DraftService::new(
            db.clone(),
            Arc::new(objects),
            config.upload_limits,
            clock.clone(),
        ));
        let applications = Arc::new(ApplicationService::new(
            catalog.clone(),
            subjects.clone(),
            drafts.clone(),
            cases.clone(),
            clock,
        ));
        Ok(Platform {
            catalog,
            accounts,
            cases,
            subjects,
            drafts,
            applications,
            events,
            licences,
            reviews,
            appeals,
            proofs,
            objections,
            wallet,
            metrics,
            hall,
        })
    }
}
