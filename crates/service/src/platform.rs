//! The whole set of use cases over one database, wired once for every
//! edge (the web server, the CLI, the tests).

use std::path::PathBuf;
use std::sync::Arc;

use object_store::local::LocalFileSystem;
use tongban_store::Db;

use crate::accounts::{AccountService, Clock, SmsGateway};
use crate::applications::ApplicationService;
use crate::cases::CaseService;
use crate::drafts::{DraftService, UploadLimits};
use crate::error::ServiceError;
use crate::events::{EventService, LogNotifier};
use crate::service::CatalogService;
use crate::subjects::SubjectService;

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
        let cases = Arc::new(CaseService::new(
            db.clone(),
            accounts.clone(),
            catalog.clone(),
            clock.clone(),
        ));
        let events = Arc::new(EventService::new(
            db.clone(),
            db.clone(),
            db.clone(),
            accounts.clone(),
            Arc::new(LogNotifier),
            clock.clone(),
        ));
        let subjects = Arc::new(SubjectService::new(db.clone(), clock.clone()));
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
        })
    }
}
